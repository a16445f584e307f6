/* test_register.c - registration with a pinned clock: field checks, the account usable at
 * once, duplicate refusal (ID number, tax code, email), the confirmation link queued in the
 * outbox with the account, used once, and expired after 48 h; throttling per client. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/migrate.h"
#include "motcua/outbox_store.h"
#include "motcua/register.h"
#include "../../src/store/db_sql.h"

#define T0 1790000000	/* a Tuesday morning in 2026 */
#define PW "ngựa ô chạy qua cầu tre"

static struct db *db;
static char db_file[64];
static struct accounts acc;
static struct pwlist common;

/* The integer of a one-value query, or -1 when it fails or gives no row. */
static int64_t count_of(const char *sql)
{
	int64_t v = -1;
	return db_int(db, sql, &v) == E_OK ? v : -1;
}

static void open_db(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-register-%d.db", (int)getpid());
	unlink(db_file);
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	struct account_policy p;
	account_policy_default(&p);
	p.registrations.failures = 6;
	if (accounts_init(&acc, &p, pwgate_new(1, 1, 1000)) != E_OK)
		abort();
	static const char list[] = "matkhau123\nmotcua123\n123456789\n";
	pwlist_parse(list, sizeof(list) - 1, &common);
}

/* A valid person's registration. */
static struct registration person(const char *id, const char *email)
{
	return (struct registration){ .kind = ACCOUNT_PERSON, .name = "Nguyễn Văn An",
				      .id_number = id, .tax_code = NULL, .phone = "0912345678",
				      .email = email, .password = PW, .confirm = PW,
				      .lang = "vi" };
}

/* Register reg at t from client. */
static enum register_result reg_at(int64_t t, const struct registration *reg,
				   const char *client, struct register_outcome *out)
{
	struct clock c = { t };
	struct register_request rq = { .reg = *reg, .client = client, .user_agent = "test/1.0",
				       .old_token = NULL, .base_url = "https://dvc.example.vn",
				       .mail_subject = "Xác nhận email",
				       .mail_body = "Chào {name}, mở {link}" };
	return account_register(&acc, db, &c, &rq, out);
}

static void fields_are_checked(void)
{
	struct reg_errors e = { { NULL } };
	struct registration r = person("001099012345", "an@example.vn");
	CHECK(register_validate(&r, &common, 2026, &e));
	r = (struct registration){ .kind = ACCOUNT_PERSON, .password = "", .confirm = "" };
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK_STR(e.key[RF_NAME], "register.err.name_missing");
	CHECK_STR(e.key[RF_ID_NUMBER], "register.err.id_missing");
	CHECK(e.key[RF_TAX_CODE] == NULL);
	CHECK_STR(e.key[RF_PHONE], "register.err.phone_missing");
	CHECK_STR(e.key[RF_EMAIL], "register.err.email_missing");
	CHECK_STR(e.key[RF_PASSWORD], "register.err.password_short");
	CHECK(e.key[RF_CONFIRM] == NULL);
	memset(&e, 0, sizeof(e));
	r = person("097099012345", "an@example.vn");
	r.password = r.confirm = "MotCua123";	/* 9 characters: short before common */
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK_STR(e.key[RF_ID_NUMBER], "register.err.id_province");
	CHECK_STR(e.key[RF_PASSWORD], "register.err.password_short");
	memset(&e, 0, sizeof(e));
	r = person("001227012345", "an@example.vn");
	r.password = r.confirm = "Mật Khẩu 123";
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK_STR(e.key[RF_ID_NUMBER], "register.err.id_birth");
	CHECK_STR(e.key[RF_PASSWORD], "register.err.password_common");
	memset(&e, 0, sizeof(e));
	r = person("001099012345", "an@example.vn");
	r.confirm = "something else";
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK_STR(e.key[RF_CONFIRM], "register.err.confirm_mismatch");
	memset(&e, 0, sizeof(e));
	r = person(NULL, "an@example.vn");
	r.kind = ACCOUNT_ORGANISATION;
	r.tax_code = "0100109105";
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK(e.key[RF_ID_NUMBER] == NULL);
	CHECK_STR(e.key[RF_TAX_CODE], "register.err.tax_check");
	memset(&e, 0, sizeof(e));
	r.tax_code = "0100109106-001";
	CHECK(register_validate(&r, &common, 2026, &e));
	/* A message set by the web layer (the form layer refused the value) is kept. */
	memset(&e, 0, sizeof(e));
	e.key[RF_EMAIL] = "register.err.email_invalid";
	r = person("001099012345", NULL);
	CHECK(!register_validate(&r, &common, 2026, &e));
	CHECK_STR(e.key[RF_EMAIL], "register.err.email_invalid");
}

static void person_is_registered_and_signed_in(void)
{
	struct registration r = person("001099012345", "An@Example.VN");
	struct register_outcome out;
	CHECK_INT(reg_at(T0, &r, "10.0.0.1", &out), REG_OK);
	CHECK(out.user_id > 0);
	CHECK_INT(strlen(out.session), SESSION_TOKEN_HEX);
	CHECK_INT(strlen(out.confirm_token), CONFIRM_TOKEN_HEX);
	struct clock c = { T0 + 10 };
	struct session_row s;
	struct account_row a;
	CHECK_INT(session_resolve(db, &acc.policy, &c, out.session, &s, &a), E_OK);
	CHECK_STR(a.username, "001099012345");
	CHECK_INT(count_of("SELECT count(*) FROM users WHERE username = '001099012345' AND "
			   "kind = 'person' AND id_number = '001099012345' AND tax_code IS NULL "
			   "AND email = 'an@example.vn' AND role = 'citizen' AND "
			   "email_confirmed_at IS NULL"), 1);
	/* The link went to the outbox with the account, tied to no dossier. */
	CHECK_INT(count_of("SELECT count(*) FROM outbox WHERE kind = 'confirm_email' AND "
			   "dossier_id IS NULL AND recipient = 'an@example.vn' AND "
			   "body LIKE 'Chào Nguyễn Văn An, mở https://dvc.example.vn/xac-nhan-email"
			   "?token=%'"), 1);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE body LIKE '%%%s'",
		 out.confirm_token);
	CHECK_INT(count_of(sql), 1);
	/* Only the hash is stored (another buffer: statements are cached by SQL pointer). */
	char sql2[200];
	snprintf(sql2, sizeof(sql2),
		 "SELECT count(*) FROM email_confirmations WHERE hex(token_hash) LIKE '%s'",
		 out.confirm_token);
	CHECK_INT(count_of(sql2), 0);
	CHECK_INT(count_of("SELECT count(*) FROM signin_audit WHERE kind = 'register'"), 1);
	/* The claim of the delivery thread sees it. */
	struct outbox_row row;
	CHECK_INT(outbox_store_claim(db, T0 + 5, T0 + 65, &row), E_OK);
	CHECK_STR(row.kind, "confirm_email");
	CHECK_STR(row.code, "");
	outbox_row_free(&row);
}

static void duplicates_are_refused(void)
{
	struct register_outcome out;
	struct registration r = person("001099012345", "other@example.vn");
	CHECK_INT(reg_at(T0 + 100, &r, "10.0.0.2", &out), REG_TAKEN);
	CHECK_INT(out.taken, RF_ID_NUMBER);
	r = person("079301012345", "AN@example.vn");
	CHECK_INT(reg_at(T0 + 100, &r, "10.0.0.2", &out), REG_TAKEN);
	CHECK_INT(out.taken, RF_EMAIL);
	CHECK_INT(count_of("SELECT count(*) FROM users"), 1);
	CHECK_INT(count_of("SELECT count(*) FROM signin_audit WHERE kind = 'register_refused'"),
		  2);
	r = person(NULL, "cty@example.vn");
	r.kind = ACCOUNT_ORGANISATION;
	r.tax_code = "0100109106";
	CHECK_INT(reg_at(T0 + 200, &r, "10.0.0.2", &out), REG_OK);
	CHECK_INT(count_of("SELECT count(*) FROM users WHERE username = '0100109106' AND "
			   "kind = 'organisation' AND tax_code = '0100109106' AND "
			   "id_number IS NULL"), 1);
	r.email = "cty2@example.vn";
	CHECK_INT(reg_at(T0 + 300, &r, "10.0.0.2", &out), REG_TAKEN);
	CHECK_INT(out.taken, RF_TAX_CODE);
	/* A branch is another tax code. */
	r.tax_code = "0100109106-001";
	CHECK_INT(reg_at(T0 + 300, &r, "10.0.0.2", &out), REG_OK);
}

static void confirmation_link_works_once_and_expires(void)
{
	struct registration r = person("031185012345", "binh@example.vn");
	struct register_outcome out;
	CHECK_INT(reg_at(T0 + 1000, &r, "10.0.0.3", &out), REG_OK);
	enum confirm_result cr;
	struct clock c = { T0 + 1000 + CONFIRM_VALID_S - 1 };
	char bad[CONFIRM_TOKEN_HEX + 1];
	memcpy(bad, out.confirm_token, sizeof(bad));
	bad[0] = bad[0] == '0' ? '1' : '0';
	CHECK_INT(account_confirm_email(db, &c, bad, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_UNKNOWN);
	CHECK_INT(account_confirm_email(db, &c, "xyz", &cr), E_OK);
	CHECK_INT(cr, CONFIRM_UNKNOWN);
	CHECK_INT(account_confirm_email(db, &c, NULL, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_UNKNOWN);
	CHECK_INT(account_confirm_email(db, &c, out.confirm_token, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_OK);
	char *email;
	int64_t at;
	CHECK_INT(register_store_email(db, out.user_id, &email, &at), E_OK);
	CHECK_STR(email, "binh@example.vn");
	CHECK_INT(at, T0 + 1000 + CONFIRM_VALID_S - 1);
	free(email);
	CHECK_INT(account_confirm_email(db, &c, out.confirm_token, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_USED);
	/* Another account's link, used at exactly 48 h: expired, nothing confirmed. */
	r = person("031185012346", "chau@example.vn");
	CHECK_INT(reg_at(T0 + 2000, &r, "10.0.0.3", &out), REG_OK);
	c.fixed = T0 + 2000 + CONFIRM_VALID_S;
	CHECK_INT(account_confirm_email(db, &c, out.confirm_token, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_EXPIRED);
	CHECK_INT(register_store_email(db, out.user_id, &email, &at), E_OK);
	CHECK_INT(at, 0);
	free(email);
	/* The address changed since the link was sent: stale. */
	r = person("031185012347", "dung@example.vn");
	CHECK_INT(reg_at(T0 + 3000, &r, "10.0.0.3", &out), REG_OK);
	db_exec(db, "UPDATE users SET email = 'khac@example.vn' WHERE username = '031185012347'");
	c.fixed = T0 + 3001;
	CHECK_INT(account_confirm_email(db, &c, out.confirm_token, &cr), E_OK);
	CHECK_INT(cr, CONFIRM_STALE);
}

static void registrations_are_throttled_per_client(void)
{
	struct register_outcome out;
	/* 6 attempts in the hour (the policy of this test) from one client, then refused. */
	for (int i = 0; i < 6; i++) {
		char id[13] = "001099020000";
		id[11] = (char)('0' + i);	/* i < 6: one digit */
		char email[40];
		snprintf(email, sizeof(email), "t%d@example.vn", i);
		struct registration r = person(id, email);
		CHECK_INT(reg_at(T0 + 5000 + i, &r, "10.0.0.9", &out), REG_OK);
	}
	struct registration r = person("001099020099", "t99@example.vn");
	CHECK_INT(reg_at(T0 + 5010, &r, "10.0.0.9", &out), REG_THROTTLED);
	CHECK(out.retry_at > T0 + 5010);
	CHECK_INT(count_of("SELECT count(*) FROM users WHERE username = '001099020099'"), 0);
	CHECK_INT(reg_at(T0 + 5010, &r, "10.0.0.10", &out), REG_OK);	/* another client */
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	open_db();
	RUN(fields_are_checked);
	RUN(person_is_registered_and_signed_in);
	RUN(duplicates_are_refused);
	RUN(confirmation_link_works_once_and_expires);
	RUN(registrations_are_throttled_per_client);
	pwlist_free(&common);
	accounts_free(&acc);
	db_close(db);
	unlink(db_file);
	char p[80];
	snprintf(p, sizeof(p), "%s-wal", db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_file);
	unlink(p);
	return harness_done("test_register");
}
