/* test_intake.c - the intake and results-ready queues (order, scope, working time since
 * submission, paging through an index) and the counter intake (a received dossier with the
 * channel, digitised flag and fee record; a token sent twice makes one dossier). */
#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "harness.h"
#include "motcua/intake.h"

static struct fixture F;

/* A clerk account of unit code (a users row; its id). */
static int64_t add_user(const char *username, const char *role, const char *unit)
{
	char sql[400];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO users (username, name, role, unit_id, password_hash, created_at) "
		 "VALUES ('%s', 'Cán bộ', '%s', (SELECT id FROM units WHERE code = '%s'), 'x', 0)",
		 username, role, unit);
	if (sqlite3_exec(db_handle(F.db), sql, NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	return sqlite3_last_insert_rowid(db_handle(F.db));
}

static int64_t unit_id(const char *code)
{
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT id FROM units WHERE code = '%s'", code);
	return fix_int(&F, sql);
}

/* A dossier submitted online to unit at local instant at; its id. */
static int64_t submit(const char *unit, const char *at, const char *applicant)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = unit;
	in.channel = "online";
	in.applicant = applicant;
	struct event_result r;
	if (fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, at, &in, &r) != E_OK)
		return 0;
	return r.dossier_id;
}

static void split_counts_days_hours_minutes(void)
{
	struct intake_age a = intake_age_split(2 * 3600 + 15 * 60 + 59, 8 * 3600);
	CHECK_INT(a.days, 0);
	CHECK_INT(a.hours, 2);
	CHECK_INT(a.minutes, 15);
	a = intake_age_split(8 * 3600 + 3 * 3600, 8 * 3600);
	CHECK_INT(a.days, 1);
	CHECK_INT(a.hours, 3);
	CHECK_INT(a.minutes, 0);
	a = intake_age_split(-5, 0);
	CHECK_INT(a.days + a.hours + a.minutes, 0);
}

static void queue_is_oldest_first_in_the_subtree_with_working_time(void)
{
	fix_open(&F);
	/* Friday 16:00 and Monday 08:00 in the district, one in the commune (subtree), one in
	 * the province itself (outside the district's subtree). */
	int64_t late = submit("H29.23", "2026-01-06T08:00", "{\"name\": \"Lê Văn C\"}");
	int64_t first = submit("H29.23", "2026-01-02T16:00", "{\"name\": \"Trần Thị B\"}");
	int64_t commune = submit("H29.23.01", "2026-01-05T09:00", "{\"name\": \"Phạm D\"}");
	int64_t province = submit("H29", "2026-01-05T09:00", "{\"name\": \"Ngô E\"}");
	CHECK(late && first && commune && province);
	struct actor clerk = { add_user("clerk", "clerk", "H29.23"), ROLE_CLERK, unit_id("H29.23") };
	json_t *q = NULL;
	/* Monday 09:15: the Friday one has 1 h (16-17) + 2 h 15 = 3 h 15 of office time. */
	CHECK_INT(intake_queue(F.db, engine_calendar(F.e), &clerk, IQ_INTAKE, 1,
			       T("2026-01-06T09:15"), &q),
		  E_OK);
	json_t *rows = json_object_get(q, "rows");
	CHECK_INT(json_array_size(rows), 3);
	CHECK_INT(json_integer_value(json_object_get(q, "total")), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "applicant")),
		  "Trần Thị B");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1), "applicant")),
		  "Phạm D");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 2), "applicant")),
		  "Lê Văn C");
	json_t *r0 = json_array_get(rows, 0);
	/* 2026-01-02 is a Friday: 16:00-17:00, Monday 05/01 all day (8 h), Tuesday 07:00-09:15. */
	CHECK_INT(json_integer_value(json_object_get(r0, "days")), 1);
	CHECK_INT(json_integer_value(json_object_get(r0, "hours")), 3);
	CHECK_INT(json_integer_value(json_object_get(r0, "minutes")), 15);
	CHECK_STR(json_string_value(json_object_get(r0, "channel")), "online");
	json_decref(q);

	/* A commune clerk sees only the commune's. */
	struct actor cc = { add_user("cc", "clerk", "H29.23.01"), ROLE_CLERK, unit_id("H29.23.01") };
	CHECK_INT(intake_queue(F.db, engine_calendar(F.e), &cc, IQ_INTAKE, 1, T("2026-01-06T09:15"),
			       &q),
		  E_OK);
	CHECK_INT(json_array_size(json_object_get(q, "rows")), 1);
	json_decref(q);
	/* A specialist may not see the queue. */
	struct actor sp = { add_user("sp", "specialist", "H29.23.TP"), ROLE_SPECIALIST,
			    unit_id("H29.23.TP") };
	CHECK_INT(intake_queue(F.db, engine_calendar(F.e), &sp, IQ_INTAKE, 1, T("2026-01-06T09:15"),
			       &q),
		  E_FORBIDDEN);
	CHECK(q == NULL);
	/* Received, it leaves the queue. */
	CHECK_INT(fix_ev(&F, first, EV_RECEIVE, ROLE_CLERK, "2026-01-06T09:20", NULL, NULL), E_OK);
	CHECK_INT(intake_queue(F.db, engine_calendar(F.e), &clerk, IQ_INTAKE, 1,
			       T("2026-01-06T09:30"), &q),
		  E_OK);
	CHECK_INT(json_array_size(json_object_get(q, "rows")), 2);
	json_decref(q);
	fix_close(&F);
}

/* Whether the plan of sql (bound with nothing: EXPLAIN only) uses index and never scans d. */
static bool plan_uses(const char *sql, const char *index)
{
	char ex[2048];
	snprintf(ex, sizeof(ex), "EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(F.db), ex, -1, &st, NULL) != SQLITE_OK)
		return false;
	bool uses = false, scans = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);
		uses = uses || strstr(d, index) != NULL;
		scans = scans || !strncmp(d, "SCAN d", 6);
	}
	sqlite3_finalize(st);
	return uses && !scans;
}

static void queues_read_the_index_never_a_scan(void)
{
	fix_open(&F);
	sqlite3_exec(db_handle(F.db), "ANALYZE", NULL, NULL, NULL);
	CHECK(plan_uses(intake_store_queue_sql(IQ_INTAKE), "dossiers_queue"));
	CHECK(plan_uses(intake_store_queue_sql(IQ_READY), "dossiers_queue"));
	fix_close(&F);
}

static void ready_queue_lists_resolved_and_stopped(void)
{
	fix_open(&F);
	struct actor clerk = { add_user("clerk", "clerk", "H29.23"), ROLE_CLERK, unit_id("H29.23") };
	int64_t a = fix_receive(&F, "R3", "counter", "2026-01-05T08:00");
	int64_t b = fix_receive(&F, "R3", "counter", "2026-01-05T08:30");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.department = "H29.23.TP";
	CHECK_INT(fix_ev(&F, a, EV_ASSIGN, ROLE_CLERK, "2026-01-05T09:00", &in, NULL), E_OK);
	CHECK_INT(fix_ev(&F, a, EV_RESOLVE, ROLE_LEADER, "2026-01-06T09:00", NULL, NULL), E_OK);
	json_t *q = NULL;
	CHECK_INT(intake_queue(F.db, engine_calendar(F.e), &clerk, IQ_READY, 1,
			       T("2026-01-06T10:00"), &q),
		  E_OK);
	json_t *rows = json_object_get(q, "rows");
	CHECK_INT(json_array_size(rows), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "status")),
		  "resolved");
	CHECK_INT(json_integer_value(json_object_get(json_array_get(rows, 0), "hours")), 1);
	json_decref(q);
	CHECK(b > 0);
	fix_close(&F);
}

static void counter_intake_makes_one_received_dossier(void)
{
	fix_open(&F);
	struct actor clerk = { add_user("clerk", "clerk", "H29.23"), ROLE_CLERK, unit_id("H29.23") };
	struct clock clk = { T("2026-01-05T08:00") };
	struct intake_new in = {
		.token = "0123456789abcdef0123456789abcdef",
		.procedure_code = "P5",
		.unit_id = 0,
		.channel = "post",
		.applicant = "{\"name\": \"Nguyễn Văn A\", \"phone\": \"0912345678\"}",
		.form_data = "{}",
		.intake = "{\"postal_tracking\": \"EMS123\", \"fee_collected\": 50000}",
		.digitised = true,
		.result_channel = "post",
		.delivery_address = "12 Lê Lợi",
		.fee_collected = 50000,
	};
	struct event_result r;
	bool paid;
	char why[200];
	CHECK_INT(intake_receive(F.e, F.db, &clk, &clerk, &in, &r, &paid, why, sizeof(why)), E_OK);
	CHECK(strlen(r.secret) == LOOKUP_SECRET_LEN);
	CHECK(paid);
	CHECK(!strncmp(r.code, "H29.23-260105-", 14));
	char sql[600];
	snprintf(sql, sizeof(sql),
		 "SELECT status = 'received' AND channel = 'post' AND digitised = 1 AND "
		 "result_channel = 'post' AND json_extract(form_data, '$._intake.postal_tracking') "
		 "= 'EMS123' AND json_extract(form_data, '$._intake.fee_collected') = 50000 AND "
		 "fee_paid = 1 AND (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = "
		 "dossiers.id AND e.kind = 'pay') = 1 "
		 "FROM dossiers WHERE id = %lld",
		 (long long)r.dossier_id);
	CHECK_INT(fix_int(&F, sql), 1);
	/* The same form again: no new dossier, the first one named. */
	struct event_result again;
	CHECK_INT(intake_receive(F.e, F.db, &clk, &clerk, &in, &again, &paid, why, sizeof(why)),
		  E_CONFLICT);
	CHECK_STR(again.code, r.code);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossiers"), 1);
	/* A specialist may not receive; a refused receive frees the token. */
	struct actor sp = { add_user("sp", "specialist", "H29.23.TP"), ROLE_SPECIALIST,
			    unit_id("H29.23.TP") };
	in.token = "ffffffffffffffffffffffffffffffff";
	CHECK_INT(intake_receive(F.e, F.db, &clk, &sp, &in, &r, &paid, why, sizeof(why)),
		  E_FORBIDDEN);
	in.procedure_code = "NOPE";
	CHECK(intake_receive(F.e, F.db, &clk, &clerk, &in, &r, &paid, why, sizeof(why)) != E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM intake_tokens"), 1);
	/* Another unit's clerk cannot receive into the district. */
	struct actor cc = { add_user("cc", "clerk", "H29.23.01"), ROLE_CLERK, unit_id("H29.23.01") };
	in.procedure_code = "R3";
	in.unit_id = unit_id("H29.23");
	CHECK(intake_receive(F.e, F.db, &clk, &cc, &in, &r, &paid, why, sizeof(why)) != E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossiers"), 1);
	fix_close(&F);
}

int main(void)
{
	RUN(split_counts_days_hours_minutes);
	RUN(queue_is_oldest_first_in_the_subtree_with_working_time);
	RUN(queues_read_the_index_never_a_scan);
	RUN(ready_queue_lists_resolved_and_stopped);
	RUN(counter_intake_makes_one_received_dossier);
	return harness_done("test_intake");
}
