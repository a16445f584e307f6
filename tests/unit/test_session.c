/* test_session.c - sessions with a pinned clock (idle and absolute expiry, last_seen written at
 * most once a minute, rotation at sign-in, revocation, password change), throttling, the
 * Argon2id gate, the local-path validator of ?next= and the sweep of old session rows. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/account.h"
#include "motcua/auth.h"
#include "motcua/migrate.h"
#include "motcua/web.h"
#include "../../src/store/db_sql.h"

#define T0 1790000000	/* a Tuesday morning in 2026 */
#define T1 (T0 + 86400)	/* a day later: the earlier tests' successes are out of the window */
#define PW "mot-cua-2026-dung"
#define NEW_PW "moi-moi-moi-1"	/* after password_change_revokes_every_session */

/* The integer of a one-value query, or -1 when it fails or gives no row. */
static int64_t count_of(struct db *db, const char *sql)
{
	int64_t v = -1;
	return db_int(db, sql, &v) == E_OK ? v : -1;
}

static struct db *db;
static char db_file[64];
static struct accounts acc;
static int64_t clerk_id;

/* A fresh migrated database with one unit and one clerk. */
static void open_db(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-session-%d.db", (int)getpid());
	unlink(db_file);
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	db_exec(db, "INSERT INTO units (id, code, name, level, path) "
		    "VALUES (1, 'H29.23', 'UBND huyện Bình Chánh', 'district', '/1/')");
	char why[200];
	if (user_add(db, "clerk.bc", "Lê Thị Hoa", ROLE_CLERK, "H29.23", PW, T0 - 86400, &clerk_id,
		     why, sizeof(why)) != E_OK)
		abort();
	struct account_policy p;
	account_policy_default(&p);
	if (accounts_init(&acc, &p, pwgate_new(1, 1, 1000)) != E_OK)
		abort();
}

/* Sign in as clerk.bc at t with password pw; token receives the cookie value. */
static enum signin_result sign_in_at(int64_t t, const char *user, const char *pw,
				     const char *client, const char *old, char *token)
{
	struct clock c = { t };
	struct signin_attempt at = { user, pw, client, "test/1.0", old };
	int64_t retry;
	return account_sign_in(&acc, db, &c, &at, token, &retry);
}

/* True when token resolves to a live session at t. */
static bool alive_at(int64_t t, const char *token)
{
	struct clock c = { t };
	struct session_row s;
	struct account_row a;
	return session_resolve(db, &acc.policy, &c, token, &s, &a) == E_OK;
}

static void session_dies_after_idle_time(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	CHECK(alive_at(T0 + 29 * 60, tok));	/* touches last_seen */
	CHECK(alive_at(T0 + 29 * 60 + 29 * 60, tok));
	CHECK(!alive_at(T0 + 29 * 60 + 29 * 60 + 30 * 60, tok));
	/* and stays dead even if asked again earlier than the absolute expiry */
	CHECK(!alive_at(T0 + 2 * 3600, tok));
}

static void session_dies_at_absolute_expiry_however_busy(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	int64_t t = T0;
	for (; t < T0 + 12 * 3600; t += 20 * 60)
		CHECK(alive_at(t, tok));
	CHECK(!alive_at(T0 + 12 * 3600, tok));
}

static void last_seen_is_written_at_most_once_a_minute(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	struct clock c = { T0 + 30 };
	struct session_row s;
	struct account_row a;
	CHECK_INT(session_resolve(db, &acc.policy, &c, tok, &s, &a), E_OK);
	CHECK_INT(s.last_seen, T0);
	c.fixed = T0 + 61;
	CHECK_INT(session_resolve(db, &acc.policy, &c, tok, &s, &a), E_OK);
	CHECK_INT(s.last_seen, T0 + 61);
	c.fixed = T0 + 100;
	CHECK_INT(session_resolve(db, &acc.policy, &c, tok, &s, &a), E_OK);
	CHECK_INT(s.last_seen, T0 + 61);
	CHECK_STR(a.username, "clerk.bc");
	CHECK_STR(a.unit_code, "H29.23");
}

static void sign_in_rotates_the_token_and_revokes_the_old_one(void)
{
	char a[SESSION_TOKEN_HEX + 1], b[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, a), SIGNIN_OK);
	CHECK_INT(sign_in_at(T0 + 10, "clerk.bc", PW, "10.0.0.1", a, b), SIGNIN_OK);
	CHECK(strcmp(a, b) != 0);
	CHECK(!alive_at(T0 + 20, a));
	CHECK(alive_at(T0 + 20, b));
}

static void token_is_stored_hashed_only(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	unsigned char raw[32], hash[SESSION_HASH_BYTES];
	size_t n = 0;
	CHECK_INT(sodium_hex2bin(raw, sizeof(raw), tok, SESSION_TOKEN_HEX, NULL, &n, NULL), 0);
	struct session_row s;
	struct account_row a;
	CHECK_INT(session_store_by_hash(db, raw, &s, &a), E_NOTFOUND);	/* not the token */
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	CHECK_INT(session_store_by_hash(db, hash, &s, &a), E_OK);	/* its BLAKE2b */
	CHECK_INT(count_of(db, "SELECT length(token_hash) FROM sessions ORDER BY id DESC LIMIT 1"), 32);
}

static void sign_out_revokes_on_the_server(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	struct clock c = { T0 + 5 };
	CHECK_INT(account_sign_out(db, &c, tok, clerk_id, "clerk.bc", "10.0.0.1", "ua"), E_OK);
	CHECK(!alive_at(T0 + 6, tok));
	CHECK(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'sign_out'") >= 1);
	/* malformed or unknown tokens are ignored */
	CHECK_INT(account_sign_out(db, &c, "zz", 0, NULL, "10.0.0.1", "ua"), E_OK);
}

/* A sign-out whose audit row cannot be written revokes nothing: both or neither (a crash
 * between the two used to leave a revoked session with no sign_out row). */
static void sign_out_is_all_or_nothing(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, tok), SIGNIN_OK);
	int64_t outs = count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'sign_out'");
	CHECK_INT(db_exec(db, "CREATE TEMP TRIGGER no_sign_out BEFORE INSERT ON signin_audit "
			      "WHEN NEW.kind = 'sign_out' BEGIN SELECT RAISE(ABORT, 'test'); END"),
		  E_OK);
	struct clock c = { T0 + 5 };
	CHECK(account_sign_out(db, &c, tok, clerk_id, "clerk.bc", "10.0.0.1", "ua") != E_OK);
	CHECK(alive_at(T0 + 6, tok));	/* not revoked without its audit row */
	CHECK_INT(db_exec(db, "DROP TRIGGER temp.no_sign_out"), E_OK);
	CHECK_INT(account_sign_out(db, &c, tok, clerk_id, "clerk.bc", "10.0.0.1", "ua"), E_OK);
	CHECK(!alive_at(T0 + 6, tok));
	CHECK_INT(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'sign_out'"), outs + 1);
}

static void password_change_revokes_every_session(void)
{
	char a[SESSION_TOKEN_HEX + 1], b[SESSION_TOKEN_HEX + 1], fresh[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.0.1", NULL, a), SIGNIN_OK);
	CHECK_INT(sign_in_at(T0 + 1, "clerk.bc", PW, "10.0.0.2", NULL, b), SIGNIN_OK);
	struct clock c = { T0 + 60 };
	int64_t retry;
	CHECK_INT(account_change_password(&acc, db, &c, clerk_id, "wrong-current-1", "moi-moi-moi-1",
					  "moi-moi-moi-1", "10.0.0.1", "ua", fresh, &retry),
		  PWCHANGE_WRONG_CURRENT);
	CHECK_INT(account_change_password(&acc, db, &c, clerk_id, PW, "moi-moi-moi-1",
					  "moi-moi-moi-2", "10.0.0.1", "ua", fresh, &retry),
		  PWCHANGE_MISMATCH);
	CHECK_INT(account_change_password(&acc, db, &c, clerk_id, PW, "ngan", "ngan", "10.0.0.1",
					  "ua", fresh, &retry), PWCHANGE_WEAK);
	CHECK(alive_at(T0 + 61, a));
	CHECK_INT(account_change_password(&acc, db, &c, clerk_id, PW, "moi-moi-moi-1",
					  "moi-moi-moi-1", "10.0.0.1", "ua", fresh, &retry),
		  PWCHANGE_OK);
	CHECK(!alive_at(T0 + 61, a));
	CHECK(!alive_at(T0 + 61, b));
	CHECK(alive_at(T0 + 61, fresh));
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0 + 70, "clerk.bc", PW, "10.0.0.9", NULL, tok), SIGNIN_BAD);
	CHECK_INT(sign_in_at(T0 + 71, "clerk.bc", "moi-moi-moi-1", "10.0.0.9", NULL, tok), SIGNIN_OK);
	CHECK_INT(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'password_change'"), 1);
}

static void unknown_account_and_wrong_password_give_the_same_result(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(sign_in_at(T0, "khong.co.ai", "moi-moi-moi-1", "10.0.1.1", NULL, tok), SIGNIN_BAD);
	CHECK_INT(sign_in_at(T0, "clerk.bc", "sai-mat-khau-1", "10.0.1.1", NULL, tok), SIGNIN_BAD);
	CHECK_INT(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'unknown_user' "
			     "AND username = 'khong.co.ai' AND user_id IS NULL"), 1);
	CHECK(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'wrong_password'") >= 1);
}

static void inactive_account_cannot_sign_in(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	db_exec(db, "UPDATE users SET active = 0");
	CHECK_INT(sign_in_at(T0, "clerk.bc", PW, "10.0.2.1", NULL, tok), SIGNIN_INACTIVE);
	db_exec(db, "UPDATE users SET active = 1");
	CHECK_INT(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'inactive'"), 1);
}

static void throttle_delay_doubles_up_to_the_cap(void)
{
	struct throttle_policy t = { 5, 900, 30, 900 };
	CHECK_INT(throttle_until(&t, 4, 1000), 0);
	CHECK_INT(throttle_until(&t, 5, 1000), 1030);
	CHECK_INT(throttle_until(&t, 6, 1000), 1060);
	CHECK_INT(throttle_until(&t, 7, 1000), 1120);
	CHECK_INT(throttle_until(&t, 40, 1000), 1900);
}

static void account_is_throttled_after_five_failures(void)
{
	char tok[SESSION_TOKEN_HEX + 1];
	for (int i = 0; i < 5; i++)
		CHECK_INT(sign_in_at(T1 + i, "clerk.bc", "sai-mat-khau-1", "10.0.3.1", NULL, tok),
			  SIGNIN_BAD);
	struct clock c = { T1 + 10 };
	struct signin_attempt at = { "clerk.bc", PW, "10.0.3.2", "ua", NULL };
	int64_t retry = 0;
	/* even the right password, from another address, waits: nothing is hashed */
	CHECK_INT(account_sign_in(&acc, db, &c, &at, tok, &retry), SIGNIN_THROTTLED);
	CHECK_INT(retry, T1 + 4 + 30);
	CHECK_INT(count_of(db, "SELECT count(*) FROM signin_audit WHERE kind = 'throttled'"), 1);
	CHECK_INT(sign_in_at(T1 + 35, "clerk.bc", PW, "10.0.3.2", NULL, tok), SIGNIN_OK);
	/* a success clears the account's count */
	CHECK_INT(sign_in_at(T1 + 36, "clerk.bc", "sai-mat-khau-1", "10.0.3.3", NULL, tok), SIGNIN_BAD);
	CHECK_INT(sign_in_at(T1 + 37, "clerk.bc", PW, "10.0.3.3", NULL, tok), SIGNIN_OK);
}

static void client_address_is_throttled_across_accounts(void)
{
	char tok[SESSION_TOKEN_HEX + 1], name[32];
	acc.policy.by_client.failures = 3;
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "nobody%d", i);
		CHECK_INT(sign_in_at(T1 + i, name, "sai-mat-khau-1", "10.0.4.1", NULL, tok), SIGNIN_BAD);
	}
	CHECK_INT(sign_in_at(T1 + 5, "clerk.bc", PW, "10.0.4.1", NULL, tok), SIGNIN_THROTTLED);
	CHECK_INT(sign_in_at(T1 + 5, "clerk.bc", PW, "10.0.4.2", NULL, tok), SIGNIN_OK);
	acc.policy.by_client.failures = 20;
}

static void gate_refuses_when_full_and_the_wait_ends(void)
{
	struct pwgate *g = pwgate_new(1, 0, 50);
	CHECK(pwgate_enter(g));
	CHECK(!pwgate_enter(g));	/* no queue */
	pwgate_leave(g);
	CHECK(pwgate_enter(g));
	pwgate_leave(g);
	pwgate_free(g);
	g = pwgate_new(1, 1, 20);
	CHECK(pwgate_enter(g));
	CHECK(!pwgate_enter(g));	/* waits 20 ms, then gives up */
	pwgate_leave(g);
	pwgate_free(g);
	CHECK(pwgate_cores() >= 1);
}

static void local_paths_refuse_every_open_redirect(void)
{
	CHECK(web_local_path_ok("/"));
	CHECK(web_local_path_ok("/thu-tuc?q=khai+sinh"));
	CHECK(web_local_path_ok("/tai-khoan"));
	CHECK(!web_local_path_ok(NULL));
	CHECK(!web_local_path_ok(""));
	CHECK(!web_local_path_ok("//evil.example"));
	CHECK(!web_local_path_ok("/\\evil.example"));
	CHECK(!web_local_path_ok("\\evil.example"));
	CHECK(!web_local_path_ok("/\t/evil.example"));
	CHECK(!web_local_path_ok("/\n/evil.example"));
	CHECK(!web_local_path_ok("/%09/evil.example"));
	CHECK(!web_local_path_ok("/%0a/evil.example"));
	CHECK(!web_local_path_ok("/%2F/evil.example"));
	CHECK(!web_local_path_ok("/%5Cevil.example"));
	CHECK(!web_local_path_ok("/a/b\\c"));
	CHECK(!web_local_path_ok("https://evil.example/"));
	CHECK(!web_local_path_ok("/a%00b"));
}

static void audit_kinds_match_the_schema(void)
{
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(db_handle(db), "SELECT instr(sql, ?1) > 0 FROM sqlite_master "
				     "WHERE name = 'signin_audit'", -1, &st, NULL), SQLITE_OK);
	for (int k = 0; k < SE__MAX; k++) {
		char quoted[40];
		snprintf(quoted, sizeof(quoted), "'%s'", signin_event_name((enum signin_event)k));
		sqlite3_bind_text(st, 1, quoted, -1, SQLITE_TRANSIENT);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_INT(sqlite3_column_int(st, 0), 1);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	CHECK_STR(signin_event_name(SE__MAX), "?");
}

/* Rows in sessions (any state). */
static int64_t session_rows(void)
{
	return count_of(db, "SELECT count(*) FROM sessions");
}

/* Start a session for the clerk with the clock at t (expires at t + 12 h). */
static void session_at(int64_t t)
{
	struct clock c = { t };
	char tok[SESSION_TOKEN_HEX + 1];
	CHECK_INT(session_start(db, &acc.policy, &c, clerk_id, "10.0.9.1", "ua", tok, NULL), E_OK);
}

/* Runs last (after password_change_revokes_every_session set NEW_PW): sign-ins far later than every earlier test sweep the rows of those tests. */
static void old_session_rows_are_swept(void)
{
	const int64_t ts = T0 + 20 * 86400, keep = acc.policy.keep_s, life = acc.policy.absolute_s;
	CHECK_INT(keep, 7 * 86400);
	CHECK(session_rows() > 5);	/* live, revoked and expired rows of the earlier tests */
	char tok[SESSION_TOKEN_HEX + 1];
	/* A sign-in sweeps: every earlier row expired more than 7 days ago, revoked or not. */
	CHECK_INT(sign_in_at(ts, "clerk.bc", NEW_PW, "10.0.9.1", NULL, tok), SIGNIN_OK);
	CHECK_INT(session_rows(), 1);
	CHECK(alive_at(ts + 1, tok));
	/* At most once an hour: a row due for the sweep outlives sign-ins within the hour. */
	session_at(ts - 10 * 86400);
	CHECK_INT(sign_in_at(ts + 60, "clerk.bc", NEW_PW, "10.0.9.1", tok, tok), SIGNIN_OK);
	CHECK_INT(sign_in_at(ts + 3599, "clerk.bc", NEW_PW, "10.0.9.1", tok, tok), SIGNIN_OK);
	CHECK_INT(session_rows(), 4);
	CHECK_INT(sign_in_at(ts + 3600, "clerk.bc", NEW_PW, "10.0.9.1", tok, tok), SIGNIN_OK);
	CHECK_INT(session_rows(), 4);	/* the old row went, the new one came */
	CHECK_INT(count_of(db, "SELECT count(*) FROM sessions WHERE created_at < 1790000000 + 20 * 86400"), 0);
	CHECK(alive_at(ts + 3601, tok));
	/* The margin: a row is kept until keep_s after its absolute expiry, not a second less. */
	session_at(ts - keep - life);	/* expires at ts - keep */
	struct clock c = { ts };
	int64_t n = -1;
	CHECK_INT(session_sweep(db, &acc.policy, &c, &n), E_OK);
	CHECK_INT(n, 0);
	c.fixed = ts + 1;
	CHECK_INT(session_sweep(db, &acc.policy, &c, &n), E_OK);
	CHECK_INT(n, 1);
	CHECK_INT(session_rows(), 4);
}

int main(void)
{
	open_db();
	RUN(throttle_delay_doubles_up_to_the_cap);
	RUN(session_dies_after_idle_time);
	RUN(session_dies_at_absolute_expiry_however_busy);
	RUN(last_seen_is_written_at_most_once_a_minute);
	RUN(sign_in_rotates_the_token_and_revokes_the_old_one);
	RUN(token_is_stored_hashed_only);
	RUN(sign_out_revokes_on_the_server);
	RUN(sign_out_is_all_or_nothing);
	RUN(unknown_account_and_wrong_password_give_the_same_result);
	RUN(inactive_account_cannot_sign_in);
	RUN(account_is_throttled_after_five_failures);
	RUN(client_address_is_throttled_across_accounts);
	RUN(password_change_revokes_every_session);
	RUN(gate_refuses_when_full_and_the_wait_ends);
	RUN(local_paths_refuse_every_open_redirect);
	RUN(audit_kinds_match_the_schema);
	RUN(old_session_rows_are_swept);
	accounts_free(&acc);
	db_close(db);
	unlink(db_file);
	return harness_done("test_session");
}
