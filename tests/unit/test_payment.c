/* test_payment.c - payments: the canonical callback text, its MAC, every field tampered ->
 * refused, the time window, replay (same nonce) refused, a repeated answer (new nonce) pays
 * once, cancel, amount mismatch, start rules (owner only, payment state, reuse), a paid answer
 * for a dossier withdrawn meanwhile, and the sandbox's signed order. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/buf.h"
#include "motcua/payment.h"

static struct fixture F;
static const unsigned char SERVER_KEY[SERVER_KEY_BYTES] = { 7 };

#define NOW_S "2026-01-05T10:00"

/* A callback's fields as name=value pairs, read by get_field. */
struct fields {
	char names[8][16];
	char values[8][200];
	int n;
};

/* Parse "a=1&b=2" (no percent-encoding: the sandbox's answers have none). */
static void parse_query(const char *q, struct fields *f)
{
	memset(f, 0, sizeof(*f));
	while (*q && f->n < 8) {
		const char *eq = strchr(q, '='), *amp = strchr(q, '&');
		if (!amp)
			amp = q + strlen(q);
		snprintf(f->names[f->n], sizeof(f->names[0]), "%.*s", (int)(eq - q), q);
		snprintf(f->values[f->n], sizeof(f->values[0]), "%.*s", (int)(amp - eq - 1), eq + 1);
		f->n++;
		q = *amp ? amp + 1 : amp;
	}
}

/* payment_field_fn over struct fields. */
static const char *get_field(void *ctx, const char *name)
{
	struct fields *f = ctx;
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], name))
			return f->values[i];
	return NULL;
}

/* Set field name of f to value. */
static void set_field(struct fields *f, const char *name, const char *value)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], name))
			snprintf(f->values[i], sizeof(f->values[0]), "%s", value);
}

/* The sandbox's answer for reference/amount/status at t, parsed. */
static void answer(const struct payment_provider *pp, const char *ref, int64_t amount,
		   const char *status, int64_t t, struct fields *f)
{
	struct buf q = BUF_INIT;
	sandbox_callback_query(pp->key, ref, amount, status, t, &q);
	parse_query(buf_str(&q), f);
	buf_free(&q);
}

/* A citizen account (white-box insert) named username; its id. */
static int64_t citizen(const char *username)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO users (username, name, role, password_hash, created_at) "
		 "VALUES ('%s', 'Nguyễn Văn An', 'citizen', 'x', 0)", username);
	sqlite3_exec(db_handle(F.db), sql, NULL, NULL, NULL);
	return sqlite3_last_insert_rowid(db_handle(F.db));
}

/* A dossier of P5 waiting for a payment of amount, owned by owner; its code into code. */
static int64_t waiting_dossier(int64_t owner, int64_t amount, char code[DOSSIER_CODE_MAX])
{
	int64_t id = fix_receive(&F, "P5", "counter", "2026-01-05T08:00");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.department = "H29.23.TP";
	fix_ev(&F, id, EV_ASSIGN, ROLE_LEADER, "2026-01-05T08:20", &in, NULL);
	memset(&in, 0, sizeof(in));
	in.amount = amount;
	fix_ev(&F, id, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-01-05T09:00", &in, NULL);
	char sql[128];
	snprintf(sql, sizeof(sql), "UPDATE dossiers SET owner_id = %lld WHERE id = %lld",
		 (long long)owner, (long long)id);
	sqlite3_exec(db_handle(F.db), sql, NULL, NULL, NULL);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(F.db), "SELECT code FROM dossiers WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(code, DOSSIER_CODE_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return id;
}

/* Count of rows of a query with one integer placeholder bound to id. */
static int64_t count_for(const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	sqlite3_prepare_v2(db_handle(F.db), sql, -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t pay_events(int64_t dossier)
{
	return count_for("SELECT count(*) FROM dossier_events WHERE dossier_id = ?1 AND kind = 'pay'",
			 dossier);
}

static const char *status_of(int64_t dossier)
{
	static char s[32];
	sqlite3_stmt *st;
	s[0] = '\0';
	sqlite3_prepare_v2(db_handle(F.db), "SELECT status FROM dossiers WHERE id = ?1", -1, &st,
			   NULL);
	sqlite3_bind_int64(st, 1, dossier);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(s, sizeof(s), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void canonical_text_is_exact(void)
{
	struct payment_callback c = { .reference = "MCABCDEFGH12345678", .amount = 50000,
				      .status = "paid", .time = 1767582000,
				      .nonce = "00112233445566778899aabbccddeeff" };
	struct buf b = BUF_INIT;
	payment_canonical(&c, &b);
	CHECK_STR(buf_str(&b), "motcua-payment-v1\nreference=MCABCDEFGH12345678\namount=50000\n"
			       "status=paid\ntime=1767582000\nnonce=00112233445566778899aabbccddeeff\n");
	buf_free(&b);
	/* The MAC is HMAC-SHA512-256 (crypto_auth) of exactly that text. */
	unsigned char key[PAYMENT_KEY_BYTES] = { 1, 2, 3 };
	char mac[PAYMENT_MAC_HEX + 1];
	payment_sign(key, &c, mac);
	CHECK_INT(strlen(mac), PAYMENT_MAC_HEX);
	CHECK(payment_mac_ok(key, &c, mac));
	key[31] ^= 1;
	CHECK(!payment_mac_ok(key, &c, mac));
	key[31] ^= 1;
	mac[5] = mac[5] == 'a' ? 'b' : 'a';
	CHECK(!payment_mac_ok(key, &c, mac));
	CHECK(!payment_mac_ok(key, &c, "zz"));
}

static void sandbox_key_is_derived_and_stable(void)
{
	struct payment_provider a, b;
	payment_sandbox_provider(SERVER_KEY, &a);
	payment_sandbox_provider(SERVER_KEY, &b);
	CHECK(!memcmp(a.key, b.key, sizeof(a.key)));
	CHECK(memcmp(a.key, SERVER_KEY, sizeof(a.key)) != 0);
	unsigned char other[SERVER_KEY_BYTES] = { 8 };
	payment_sandbox_provider(other, &b);
	CHECK(memcmp(a.key, b.key, sizeof(a.key)) != 0);
	CHECK_STR(a.name, "sandbox");
}

static void genuine_answer_verifies(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	struct fields f;
	int64_t now = T(NOW_S);
	answer(&pp, "MCABCDEFGH12345678", 50000, "paid", now, &f);
	struct payment_verdict v;
	char why[128];
	CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_OK);
	CHECK_STR(v.reference, "MCABCDEFGH12345678");
	CHECK_INT(v.amount, 50000);
	CHECK_INT(v.state, PAY_PAID);
	CHECK_INT(v.time, now);
	CHECK_INT(strlen(v.nonce), PAYMENT_NONCE_HEX);
	answer(&pp, "MCABCDEFGH12345678", 50000, "cancelled", now, &f);
	CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_OK);
	CHECK_INT(v.state, PAY_CANCELLED);
}

static void tampering_any_field_is_refused(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t now = T(NOW_S);
	struct fields genuine, f;
	answer(&pp, "MCABCDEFGH12345678", 50000, "cancelled", now, &genuine);
	static const char *const tamper[][2] = {
		{ "reference", "MCABCDEFGH12345679" }, { "amount", "5000" },
		{ "amount", "50001" }, { "status", "paid" }, { "time", "1767582001" },
		{ "nonce", "ffffffffffffffffffffffffffffffff" },
		{ "sig", "0000000000000000000000000000000000000000000000000000000000000000" },
	};
	struct payment_verdict v;
	char why[128];
	for (size_t i = 0; i < sizeof(tamper) / sizeof(tamper[0]); i++) {
		f = genuine;
		set_field(&f, tamper[i][0], tamper[i][1]);
		if (!CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_FORBIDDEN))
			printf("    tampered %s\n", tamper[i][0]);
	}
	/* Malformed values are refused before any MAC is computed. */
	static const char *const malformed[][2] = {
		{ "reference", "short" }, { "reference", "mcabcdefgh12345678" }, { "amount", "0" },
		{ "amount", "050000" }, { "amount", "-5" }, { "status", "refunded" },
		{ "time", "12a" }, { "nonce", "00" }, { "sig", "XYZ" },
	};
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		f = genuine;
		set_field(&f, malformed[i][0], malformed[i][1]);
		CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_INVALID);
	}
	/* A key that is not the gateway's. */
	struct payment_provider wrong;
	unsigned char other[SERVER_KEY_BYTES] = { 9 };
	payment_sandbox_provider(other, &wrong);
	CHECK_INT(wrong.verify(&wrong, get_field, &genuine, now, &v, why, sizeof(why)), E_FORBIDDEN);
	CHECK(strstr(why, "signature") != NULL);
}

static void answer_outside_the_time_window_is_refused(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t now = T(NOW_S);
	struct fields f;
	struct payment_verdict v;
	char why[128];
	answer(&pp, "MCABCDEFGH12345678", 50000, "paid", now - PAYMENT_WINDOW_S, &f);
	CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_OK);
	answer(&pp, "MCABCDEFGH12345678", 50000, "paid", now - PAYMENT_WINDOW_S - 1, &f);
	CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_REFUSED);
	answer(&pp, "MCABCDEFGH12345678", 50000, "paid", now + PAYMENT_WINDOW_S + 1, &f);
	CHECK_INT(pp.verify(&pp, get_field, &f, now, &v, why, sizeof(why)), E_REFUSED);
}

/* Verify the sandbox's answer for p (status) at now into v. */
static enum err verdict(const struct payment_provider *pp, const struct payment_row *p,
			const char *status, int64_t now, struct payment_verdict *v)
{
	struct fields f;
	char why[128];
	answer(pp, p->reference, p->amount, status, now, &f);
	return pp->verify(pp, get_field, &f, now, v, why, sizeof(why));
}

static void paid_answer_settles_once_and_replay_is_refused(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("paid1");
	char code[DOSSIER_CODE_MAX];
	int64_t id = waiting_dossier(owner, 120000, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, again, after;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	CHECK_INT(p.amount, 120000);
	CHECK_INT(p.state, PAY_PENDING);
	CHECK(payment_reference_ok(p.reference));
	/* Starting again reuses the pending attempt. */
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &again), E_OK);
	CHECK_STR(again.reference, p.reference);

	struct payment_verdict v, v2;
	bool changed = false;
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, &after), E_OK);
	CHECK(changed);
	CHECK_INT(after.state, PAY_PAID);
	CHECK(!strncmp(after.receipt_no, "BL2026-", 7));
	CHECK_INT(after.paid_at, clk.fixed);
	CHECK_STR(status_of(id), "processing");
	CHECK_INT(pay_events(id), 1);
	/* The pay event records the online payment and its amount. */
	CHECK_INT(count_for("SELECT count(*) FROM dossier_events WHERE dossier_id = ?1 AND kind = "
			    "'pay' AND data LIKE '%\"amount\":120000%' AND data LIKE "
			    "'%\"method\":\"online\"%'", id), 1);

	/* The same answer again (same nonce): a replay, refused, nothing changes. */
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_CONFLICT);
	CHECK(!changed);
	/* The gateway answers again with a new nonce: accepted, pays nothing more. */
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v2), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v2, &changed, &after), E_OK);
	CHECK(!changed);
	CHECK_INT(after.state, PAY_PAID);
	/* Even a later "cancelled" answer cannot undo it. */
	CHECK_INT(verdict(&pp, &p, "cancelled", clk.fixed, &v2), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v2, &changed, &after), E_OK);
	CHECK(!changed);
	CHECK_INT(after.state, PAY_PAID);
	CHECK_INT(pay_events(id), 1);
	/* Paid: no new payment can start. */
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &again), E_REFUSED);
	/* The receipt is its owner's only. */
	CHECK_INT(payment_for_owner(F.db, p.reference, owner, &after), E_OK);
	CHECK_INT(payment_for_owner(F.db, p.reference, owner + 1000, &after), E_NOTFOUND);
	CHECK_INT(payment_for_owner(F.db, "../etc", owner, &after), E_NOTFOUND);
}

static void cancel_changes_no_dossier_and_a_new_attempt_follows(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("cancel1");
	char code[DOSSIER_CODE_MAX];
	int64_t id = waiting_dossier(owner, 50000, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, p2, after;
	struct payment_verdict v;
	bool changed;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	CHECK_INT(verdict(&pp, &p, "cancelled", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, &after), E_OK);
	CHECK(changed);
	CHECK_INT(after.state, PAY_CANCELLED);
	CHECK_STR(after.receipt_no, "");
	CHECK_STR(status_of(id), "payment");
	CHECK_INT(pay_events(id), 0);
	/* A later "paid" answer for the cancelled attempt pays nothing. */
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, &after), E_OK);
	CHECK(!changed);
	CHECK_INT(pay_events(id), 0);
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p2), E_OK);
	CHECK(strcmp(p2.reference, p.reference) != 0);
}

static void wrong_amount_or_unknown_reference_changes_nothing(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("amount1");
	char code[DOSSIER_CODE_MAX];
	int64_t id = waiting_dossier(owner, 50000, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, q;
	struct payment_verdict v;
	bool changed;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	q = p;
	q.amount = 1000;	/* the gateway signs a smaller amount */
	CHECK_INT(verdict(&pp, &q, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_INVALID);
	snprintf(q.reference, sizeof(q.reference), "MCUNKNOWN000000000");
	q.amount = 50000;
	CHECK_INT(verdict(&pp, &q, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_NOTFOUND);
	CHECK_STR(status_of(id), "payment");
	CHECK_INT(pay_events(id), 0);
	CHECK_INT(count_for("SELECT count(*) FROM payments WHERE id = ?1 AND state = 'pending'",
			    p.id), 1);
}

static void start_is_for_the_owner_of_a_dossier_waiting_for_payment(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("start1"), other = citizen("start2");
	char code[DOSSIER_CODE_MAX];
	waiting_dossier(owner, 50000, code);
	struct payment_row p;
	int64_t now = T(NOW_S);
	CHECK_INT(payment_start(F.db, &pp, code, other, now, &p), E_NOTFOUND);
	CHECK_INT(payment_start(F.db, &pp, code, 0, now, &p), E_NOTFOUND);
	CHECK_INT(payment_start(F.db, &pp, "H29.23-000000-9999", owner, now, &p), E_NOTFOUND);
	/* A dossier still being processed is not waiting for payment. */
	int64_t id = fix_receive(&F, "P5", "counter", "2026-01-05T08:00");
	char sql[128], code2[DOSSIER_CODE_MAX] = "";
	snprintf(sql, sizeof(sql), "UPDATE dossiers SET owner_id = %lld WHERE id = %lld",
		 (long long)owner, (long long)id);
	sqlite3_exec(db_handle(F.db), sql, NULL, NULL, NULL);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(F.db), "SELECT code FROM dossiers WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(code2, sizeof(code2), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	CHECK_INT(payment_start(F.db, &pp, code2, owner, now, &p), E_REFUSED);
	CHECK_INT(count_for("SELECT count(*) FROM payments WHERE dossier_id = ?1", id), 0);
}

static void paid_answer_for_a_withdrawn_dossier_marks_the_payment_failed(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("withdraw1");
	char code[DOSSIER_CODE_MAX];
	int64_t id = waiting_dossier(owner, 50000, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, after;
	struct payment_verdict v;
	bool changed;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	CHECK_INT(fix_ev(&F, id, EV_WITHDRAW, ROLE_CITIZEN, "2026-01-05T09:30", NULL, NULL), E_OK);
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_REFUSED);
	CHECK(!changed);
	CHECK_INT(pay_events(id), 0);
	CHECK_STR(status_of(id), "withdrawn");
	CHECK_INT(payment_for_owner(F.db, p.reference, owner, &after), E_OK);
	CHECK_INT(after.state, PAY_FAILED);
	/* Its nonce is spent too. */
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_CONFLICT);
}

/* A level-4 procedure with fees (the fixture's R3 is level 4 without fees, P5 has fees but
 * is information only). */
static const char L4_CATALOG[] =
	"[{\"code\": \"L4\", \"name\": \"Cấp bản sao trích lục\", \"field\": \"Hộ tịch\","
	"  \"levels\": [\"district\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 2, \"unit\": \"working_days\"},"
	"  \"supplement_policy\": \"restart\", \"supplement_window_days\": 15,"
	"  \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 8000, \"kind\": \"fee\"}],"
	"  \"result\": {\"name\": \"Bản sao\", \"is_document\": true}}]";

/* A dossier of proc submitted online by owner at 08:00; its code into code. */
static int64_t submitted_dossier(const char *proc, int64_t owner, char code[DOSSIER_CODE_MAX])
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = proc;
	in.unit_code = "H29.23";
	in.channel = "online";
	in.owner_id = owner;
	struct event_result r;
	if (!CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r), E_OK))
		return 0;
	snprintf(code, DOSSIER_CODE_MAX, "%s", r.code);
	return r.dossier_id;
}

static void submitted_level4_dossier_is_paid_before_reception(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("level4a");
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted_dossier("L4", owner, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, after;
	struct payment_verdict v;
	bool changed = false;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	CHECK_INT(p.amount, 8000);
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, &after), E_OK);
	CHECK(changed);
	CHECK_INT(after.state, PAY_PAID);
	CHECK_STR(status_of(id), "submitted");	/* still waiting for the clerk */
	CHECK_INT(pay_events(id), 1);
	CHECK_INT(count_for("SELECT count(*) FROM dossier_events WHERE dossier_id = ?1 AND kind = "
			    "'pay' AND from_status = 'submitted' AND to_status = 'submitted' AND "
			    "data = '{\"amount\":8000,\"before_receipt\":true,\"method\":\"online\"}'",
			    id), 1);
	CHECK_INT(count_for("SELECT paid_online FROM dossiers WHERE id = ?1", id), 1);
	/* Paid: nothing more to start. */
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &after), E_REFUSED);
	/* The clerk receives it as any other dossier. */
	CHECK_INT(fix_ev(&F, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T11:00", NULL, NULL), E_OK);
	CHECK_STR(status_of(id), "received");
}

static void submitted_dossier_pays_first_only_at_level4_with_fees(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("level4b");
	char code[DOSSIER_CODE_MAX];
	struct payment_row p;
	int64_t now = T(NOW_S);
	/* P5: fees, but not a level-4 procedure; R3: level 4 without fees. */
	int64_t a = submitted_dossier("P5", owner, code);
	CHECK_INT(payment_start(F.db, &pp, code, owner, now, &p), E_REFUSED);
	int64_t b = submitted_dossier("R3", owner, code);
	CHECK_INT(payment_start(F.db, &pp, code, owner, now, &p), E_REFUSED);
	CHECK_INT(count_for("SELECT count(*) FROM payments WHERE dossier_id = ?1", a) +
		  count_for("SELECT count(*) FROM payments WHERE dossier_id = ?1", b), 0);
	/* Someone else's level-4 dossier is not found. */
	submitted_dossier("L4", owner, code);
	CHECK_INT(payment_start(F.db, &pp, code, owner + 1000, now, &p), E_NOTFOUND);
}

static void level4_paid_after_the_clerk_received_it_is_marked_failed(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	int64_t owner = citizen("level4c");
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted_dossier("L4", owner, code);
	struct clock clk = { T(NOW_S) };
	struct payment_row p, after;
	struct payment_verdict v;
	bool changed;
	CHECK_INT(payment_start(F.db, &pp, code, owner, clk.fixed, &p), E_OK);
	/* Received while the citizen was at the gateway: the dossier no longer takes it. */
	CHECK_INT(fix_ev(&F, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:30", NULL, NULL), E_OK);
	CHECK_INT(verdict(&pp, &p, "paid", clk.fixed, &v), E_OK);
	CHECK_INT(payment_complete(F.e, F.db, &clk, &pp, &v, &changed, NULL), E_REFUSED);
	CHECK_INT(pay_events(id), 0);
	CHECK_INT(payment_for_owner(F.db, p.reference, owner, &after), E_OK);
	CHECK_INT(after.state, PAY_FAILED);
}

static void sandbox_order_is_signed(void)
{
	struct payment_provider pp;
	payment_sandbox_provider(SERVER_KEY, &pp);
	char mac[PAYMENT_MAC_HEX + 1];
	sandbox_order_sign(pp.key, "MCABCDEFGH12345678", 50000, PAYMENT_RETURN_PATH, mac);
	CHECK(sandbox_order_ok(pp.key, "MCABCDEFGH12345678", 50000, PAYMENT_RETURN_PATH, mac));
	CHECK(!sandbox_order_ok(pp.key, "MCABCDEFGH12345678", 5000, PAYMENT_RETURN_PATH, mac));
	CHECK(!sandbox_order_ok(pp.key, "MCABCDEFGH12345679", 50000, PAYMENT_RETURN_PATH, mac));
	CHECK(!sandbox_order_ok(pp.key, "MCABCDEFGH12345678", 50000, "/elsewhere", mac));
	CHECK(!sandbox_order_ok(pp.key, "MCABCDEFGH12345678", 50000, PAYMENT_RETURN_PATH, NULL));
	/* start builds the gateway URL with that order. */
	struct payment_row p = { .amount = 50000 };
	snprintf(p.reference, sizeof(p.reference), "MCABCDEFGH12345678");
	struct buf url = BUF_INIT;
	CHECK_INT(pp.start(&pp, &p, PAYMENT_RETURN_PATH, &url), E_OK);
	char want[256];
	snprintf(want, sizeof(want), "/sandbox-pay/checkout?reference=MCABCDEFGH12345678&amount="
				     "50000&return=" PAYMENT_RETURN_PATH "&sig=%s", mac);
	CHECK_STR(buf_str(&url), want);
	buf_reset(&url);
	CHECK_INT(pp.start(&pp, &p, "/x?y=\"z\"", &url), E_INVALID);
	buf_free(&url);
}

int main(void)
{
	fix_open(&F);
	RUN(canonical_text_is_exact);
	RUN(sandbox_key_is_derived_and_stable);
	RUN(genuine_answer_verifies);
	RUN(tampering_any_field_is_refused);
	RUN(answer_outside_the_time_window_is_refused);
	RUN(paid_answer_settles_once_and_replay_is_refused);
	RUN(cancel_changes_no_dossier_and_a_new_attempt_follows);
	RUN(wrong_amount_or_unknown_reference_changes_nothing);
	RUN(start_is_for_the_owner_of_a_dossier_waiting_for_payment);
	RUN(paid_answer_for_a_withdrawn_dossier_marks_the_payment_failed);
	RUN(sandbox_order_is_signed);
	struct import_result ir;
	if (!CHECK_INT(import_catalog(F.db, L4_CATALOG, strlen(L4_CATALOG), &ir), E_OK))
		fprintf(stderr, "  %s\n", ir.message);
	RUN(submitted_level4_dossier_is_paid_before_reception);
	RUN(submitted_dossier_pays_first_only_at_level4_with_fees);
	RUN(level4_paid_after_the_clerk_received_it_is_marked_failed);
	fix_close(&F);
	return harness_done("test_payment");
}
