/* test_admin_users.c - administration of accounts and two-factor with a pinned clock: a
 * created account has no usable password until its link is used; a password link works once
 * and not after it expires, and a newer link retires the older; disabling revokes sessions;
 * scope (other subtrees are not found, their units cannot be granted); TOTP enrolment, codes
 * once per time step, recovery codes once; pending sign-ins expire and die after five wrong
 * codes; the policy sends a required role to enrolment. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/account.h"
#include "motcua/admin_user_store.h"
#include "motcua/admin_users.h"
#include "motcua/auth.h"
#include "motcua/migrate.h"
#include "motcua/twofactor.h"
#include "../../src/store/db_sql.h"

#define T0 1790000000
#define PW "Hoa sen nở 2026 Vĩnh Lộc"

static struct db *db;
static char db_file[64];
static struct accounts acc;
static unsigned char key[SERVER_KEY_BYTES];
static int64_t admin_id, other_id;
static const struct admin_actor district = { 0, "/1/2/" };	/* id set in open_db */
static struct admin_actor actor;
static const struct link_mail mail = { "Đặt mật khẩu", "{name} {username} {link}", "vi",
				       "https://dvc.example.vn" };

/* The integer of a one-value query, or -1. */
static int64_t count_of(const char *sql)
{
	int64_t v = -1;
	return db_int(db, sql, &v) == E_OK ? v : -1;
}

/* A migrated database: province 1, districts 2 and 3, commune 4 under 2; an admin of
 * district 2 and a clerk of district 3. */
static void open_db(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-admin-users-%d.db", (int)getpid());
	unlink(db_file);
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	db_exec(db, "INSERT INTO units (id, code, name, level, parent_id, path) VALUES "
		    "(1, 'H29', 'TP', 'province', NULL, '/1/'),"
		    "(2, 'H29.23', 'Bình Chánh', 'district', 1, '/1/2/'),"
		    "(3, 'H29.24', 'Hóc Môn', 'district', 1, '/1/3/'),"
		    "(4, 'H29.23.01', 'Vĩnh Lộc A', 'commune', 2, '/1/2/4/')");
	char why[200];
	if (user_add(db, "qt.bc", "Quản trị BC", ROLE_ADMIN, "H29.23", PW, T0, &admin_id, why,
		     sizeof(why)) != E_OK ||
	    user_add(db, "cb.hm", "Cán bộ HM", ROLE_CLERK, "H29.24", PW, T0, &other_id, why,
		     sizeof(why)) != E_OK)
		abort();
	actor = district;
	actor.id = admin_id;
	struct account_policy p;
	account_policy_default(&p);
	if (accounts_init(&acc, &p, pwgate_new(1, 1, 1000)) != E_OK)
		abort();
	randombytes_buf(key, sizeof(key));
}

/* Create commune clerk username; its link token into link. */
static int64_t create(const char *username, char link[PASSWORD_LINK_HEX + 1])
{
	struct admin_errors e = { { NULL } };
	struct new_staff s = { username, "Nguyễn Văn A", "A@Example.vn", "", "clerk", 4 };
	int64_t id = 0;
	CHECK_INT(admin_user_create(db, &actor, &s, &mail, T0, &id, link, &e), E_OK);
	return id;
}

static void created_account_has_no_password_until_its_link_is_used(void)
{
	char link[PASSWORD_LINK_HEX + 1];
	int64_t id = create("cb.vla", link);
	CHECK(id > 0);
	CHECK_INT(count_of("SELECT count(*) FROM outbox WHERE kind = 'password_link' AND "
			   "recipient = 'a@example.vn' AND body LIKE "
			   "'%https://dvc.example.vn/dat-lai-mat-khau/%'"),
		  1);
	struct clock c = { T0 + 60 };
	char token[SESSION_TOKEN_HEX + 1];
	int64_t retry;
	struct signin_attempt at = { "cb.vla", PASSWORD_UNSET, "10.0.0.9", "t", NULL };
	CHECK_INT(account_sign_in(&acc, db, &c, &at, token, &retry), SIGNIN_BAD);
	enum link_state st;
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "10.0.0.9", "t", &st),
		  LINKSET_OK);
	at.password = PW;
	CHECK_INT(account_sign_in(&acc, db, &c, &at, token, &retry), SIGNIN_OK);
}

static void a_password_link_works_once_and_not_after_it_expires(void)
{
	char link[PASSWORD_LINK_HEX + 1], newer[PASSWORD_LINK_HEX + 1];
	int64_t id = create("cb.once", link);
	struct clock c = { T0 + 100 };
	enum link_state st;
	char who[65];
	CHECK_INT(password_link_state(db, link, T0 + 100, &st, who), E_OK);
	CHECK_INT(st, LINK_OK);
	CHECK_STR(who, "cb.once");
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, "ngắn", "ngắn", "", "", &st),
		  LINKSET_WEAK);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, "khác", "", "", &st),
		  LINKSET_MISMATCH);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_OK);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_GONE);
	CHECK_INT(st, LINK_USED);
	/* a reset link expires after PASSWORD_LINK_VALID_S */
	CHECK_INT(admin_user_reset_password(db, &actor, id, &mail, T0, link), E_OK);
	struct clock late = { T0 + PASSWORD_LINK_VALID_S };
	CHECK_INT(password_link_set(&acc, db, &late, NULL, link, PW, PW, "", "", &st), LINKSET_GONE);
	CHECK_INT(st, LINK_EXPIRED);
	/* a newer link retires the older one */
	CHECK_INT(admin_user_reset_password(db, &actor, id, &mail, T0 + 10, link), E_OK);
	CHECK_INT(admin_user_reset_password(db, &actor, id, &mail, T0 + 20, newer), E_OK);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_GONE);
	CHECK_INT(st, LINK_USED);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, newer, PW, PW, "", "", &st), LINKSET_OK);
	CHECK_INT(password_link_set(&acc, db, &c, NULL, "zz", PW, PW, "", "", &st), LINKSET_GONE);
	CHECK_INT(st, LINK_UNKNOWN);
}

static void disabling_revokes_sessions_and_stays_in_scope(void)
{
	char link[PASSWORD_LINK_HEX + 1];
	int64_t id = create("cb.off", link);
	struct clock c = { T0 + 200 };
	enum link_state st;
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_OK);
	char token[SESSION_TOKEN_HEX + 1];
	int64_t retry;
	struct signin_attempt at = { "cb.off", PW, "10.0.0.8", "t", NULL };
	CHECK_INT(account_sign_in(&acc, db, &c, &at, token, &retry), SIGNIN_OK);
	CHECK_INT(admin_user_set_active(db, &actor, id, false, T0 + 201), E_OK);
	struct session_row s;
	struct account_row a;
	CHECK_INT(session_resolve(db, &acc.policy, &c, token, &s, &a), E_NOTFOUND);
	CHECK_INT(account_sign_in(&acc, db, &c, &at, token, &retry), SIGNIN_INACTIVE);
	CHECK_INT(admin_user_set_active(db, &actor, admin_id, false, T0), E_FORBIDDEN);
	CHECK_INT(admin_user_set_active(db, &actor, other_id, false, T0), E_NOTFOUND);
	json_t *u = NULL;
	CHECK_INT(admin_user_get(db, &actor, other_id, &u), E_NOTFOUND);
	struct admin_errors e = { { NULL } };
	CHECK_INT(admin_user_change(db, &actor, id, "leader", 3, T0, &e), E_INVALID);
	CHECK(e.key[AF_UNIT] != NULL);
	CHECK_INT(count_of("SELECT active FROM users WHERE username = 'cb.hm'"), 1);
}

static void totp_codes_once_per_step_and_recovery_codes_once(void)
{
	char link[PASSWORD_LINK_HEX + 1], secret[TOTP_SECRET_B32 + 1], again[TOTP_SECRET_B32 + 1];
	char ticket[ENROL_TICKET_HEX + 1], t2[ENROL_TICKET_HEX + 1];
	int64_t id = create("cb.totp", link);
	twofactor_enrol_offer(key, id, T0, secret, ticket);
	CHECK_INT(count_of("SELECT count(*) FROM user_totp"), 0);	/* nothing stored yet */
	CHECK(twofactor_ticket_secret(key, id, ticket, T0 + 5, again));
	CHECK_STR(again, secret);
	CHECK(!twofactor_ticket_secret(key, id + 1, ticket, T0 + 5, again));	/* another account */
	CHECK(!twofactor_ticket_secret(key, id, ticket, T0 + ENROL_TICKET_VALID_S, again));
	twofactor_enrol_offer(key, id, T0, again, t2);
	CHECK(strcmp(again, secret) != 0);
	unsigned char raw[TOTP_SECRET_BYTES];
	CHECK_INT(base32_decode(secret, raw, sizeof(raw)), TOTP_SECRET_BYTES);
	char code[8], codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1];
	bool ok = false, rec = false;
	CHECK_INT(twofactor_enrol_confirm(db, key, id, "f00d", "000000", T0, &ok, codes), E_NOTFOUND);
	CHECK_INT(twofactor_enrol_confirm(db, key, id, ticket, "000000", T0, &ok, codes), E_OK);
	snprintf(code, sizeof(code), "%06u", totp_at_step(raw, sizeof(raw), totp_step(T0), 6));
	if (!strcmp(code, "000000"))
		CHECK(ok);
	else
		CHECK(!ok);
	CHECK_INT(twofactor_enrol_confirm(db, key, id, ticket, code, T0, &ok, codes), E_OK);
	CHECK(ok);
	CHECK_INT(twofactor_enrol_confirm(db, key, id, ticket, code, T0, &ok, codes), E_CONFLICT);
	/* the step used to enrol is not accepted again; the next one is, once */
	CHECK_INT(twofactor_check(db, key, id, code, T0, &ok, &rec), E_OK);
	CHECK(!ok);
	snprintf(code, sizeof(code), "%06u", totp_at_step(raw, sizeof(raw), totp_step(T0) + 1, 6));
	CHECK_INT(twofactor_check(db, key, id, code, T0 + 30, &ok, &rec), E_OK);
	CHECK(ok && !rec);
	CHECK_INT(twofactor_check(db, key, id, code, T0 + 30, &ok, &rec), E_OK);
	CHECK(!ok);
	/* recovery codes: any case and spacing, each once */
	char typed[16];
	snprintf(typed, sizeof(typed), "%.5s %.5s", codes[3], codes[3] + 6);
	for (char *p = typed; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	CHECK_INT(twofactor_check(db, key, id, typed, T0 + 99, &ok, &rec), E_OK);
	CHECK(ok && rec);
	CHECK_INT(twofactor_check(db, key, id, codes[3], T0 + 99, &ok, &rec), E_OK);
	CHECK(!ok);
	int64_t left = 0;
	CHECK_INT(recovery_store_left(db, id, &left), E_OK);
	CHECK_INT(left, RECOVERY_CODES - 1);
	/* another server key cannot open the secret */
	unsigned char other[SERVER_KEY_BYTES];
	randombytes_buf(other, sizeof(other));
	snprintf(code, sizeof(code), "%06u", totp_at_step(raw, sizeof(raw), totp_step(T0) + 3, 6));
	CHECK_INT(twofactor_check(db, other, id, code, T0 + 90, &ok, &rec), E_OK);
	CHECK(!ok);
	bool had = false;
	CHECK_INT(twofactor_reset(db, id, "cb.totp", admin_id, T0, &had), E_OK);
	CHECK(had);
	CHECK_INT(recovery_store_left(db, id, &left), E_OK);
	CHECK_INT(left, 0);
}

static void sign_in_asks_the_code_and_pending_sign_ins_expire(void)
{
	char link[PASSWORD_LINK_HEX + 1], secret[TOTP_SECRET_B32 + 1];
	int64_t id = create("cb.two", link);
	struct clock c = { T0 + 1000 };
	enum link_state st;
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_OK);
	char ticket[ENROL_TICKET_HEX + 1];
	twofactor_enrol_offer(key, id, T0, secret, ticket);
	unsigned char raw[TOTP_SECRET_BYTES];
	base32_decode(secret, raw, sizeof(raw));
	char code[8], codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1];
	snprintf(code, sizeof(code), "%06u", totp_at_step(raw, sizeof(raw), totp_step(T0), 6));
	bool ok;
	CHECK_INT(twofactor_enrol_confirm(db, key, id, ticket, code, T0, &ok, codes), E_OK);
	char pending[SESSION_TOKEN_HEX + 1], token[SESSION_TOKEN_HEX + 1];
	int64_t retry;
	bool rec;
	struct signin_attempt at = { "cb.two", PW, "10.0.0.7", "t", NULL };
	CHECK_INT(account_sign_in(&acc, db, &c, &at, pending, &retry), SIGNIN_CODE);
	CHECK_INT(count_of("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id "
			   "WHERE u.username = 'cb.two'"),
		  0);
	snprintf(code, sizeof(code), "%06u",
		 totp_at_step(raw, sizeof(raw), totp_step(T0 + 1000), 6));
	struct clock late = { T0 + 1000 + PENDING_VALID_S };
	CHECK_INT(account_second_step(&acc, db, &late, key, pending, code, "10.0.0.7", "t", token,
				      &retry, &rec),
		  SIGNIN_EXPIRED);
	CHECK_INT(account_second_step(&acc, db, &c, key, pending, code, "10.0.0.7", "t", token,
				      &retry, &rec),
		  SIGNIN_OK);
	CHECK_INT(account_second_step(&acc, db, &c, key, pending, code, "10.0.0.7", "t", token,
				      &retry, &rec),
		  SIGNIN_EXPIRED);	/* a pending sign-in opens one session */
	/* five wrong codes end the pending sign-in */
	struct clock c2 = { T0 + 5000 };
	CHECK_INT(account_sign_in(&acc, db, &c2, &at, pending, &retry), SIGNIN_CODE);
	for (int i = 0; i < PENDING_FAILURES_MAX; i++)
		CHECK_INT(account_second_step(&acc, db, &c2, key, pending, "12345x", "10.0.0.6", "t",
					      token, &retry, &rec),
			  SIGNIN_BAD);
	CHECK_INT(account_second_step(&acc, db, &c2, key, pending, code, "10.0.0.6", "t", token,
				      &retry, &rec),
		  SIGNIN_EXPIRED);
	/* and the account is throttled like after five wrong passwords */
	CHECK_INT(account_sign_in(&acc, db, &c2, &at, pending, &retry), SIGNIN_THROTTLED);
}

static void the_policy_sends_a_required_role_to_enrolment(void)
{
	char link[PASSWORD_LINK_HEX + 1];
	int64_t id = create("cb.pol", link);
	(void)id;
	struct clock c = { T0 + 9000 };
	enum link_state st;
	CHECK_INT(password_link_set(&acc, db, &c, NULL, link, PW, PW, "", "", &st), LINKSET_OK);
	CHECK_INT(twofactor_set_required(db, ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_CITIZEN), admin_id,
					 T0),
		  E_OK);
	unsigned roles = 0;
	CHECK_INT(twofactor_required(db, &roles), E_OK);
	CHECK_INT(roles, ROLE_BIT(ROLE_CLERK));	/* citizens are never required */
	char pending[SESSION_TOKEN_HEX + 1];
	int64_t retry;
	struct signin_attempt at = { "cb.pol", PW, "10.0.0.5", "t", NULL };
	CHECK_INT(account_sign_in(&acc, db, &c, &at, pending, &retry), SIGNIN_ENROL);
	struct pending_row p;
	char who[65];
	CHECK_INT(account_pending(db, pending, T0 + 9000, &p, who), E_OK);
	CHECK_INT(p.purpose, PENDING_ENROL);
	CHECK_STR(who, "cb.pol");
	CHECK_INT(twofactor_set_required(db, 0, admin_id, T0), E_OK);
	CHECK_INT(account_sign_in(&acc, db, &c, &at, pending, &retry), SIGNIN_OK);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	open_db();
	RUN(created_account_has_no_password_until_its_link_is_used);
	RUN(a_password_link_works_once_and_not_after_it_expires);
	RUN(disabling_revokes_sessions_and_stays_in_scope);
	RUN(totp_codes_once_per_step_and_recovery_codes_once);
	RUN(sign_in_asks_the_code_and_pending_sign_ins_expire);
	RUN(the_policy_sends_a_required_role_to_enrolment);
	accounts_free(&acc);
	db_close(db);
	unlink(db_file);
	return harness_done("test_admin_users");
}
