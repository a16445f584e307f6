/* test_atrisk.c - the leader's at-risk list with a pinned clock (Thursday 08/01/2026 10:00,
 * Saturday 10 a make-up working day, Monday 12 a holiday): urgency order, the window in
 * working days, the subtree, the apologies due, working time in the current step, the
 * promised date suggested and the projection formulas. */
#include "harness.h"
#include "engine_fixture.h"

#include <math.h>

#include "motcua/atrisk.h"
#include "motcua/calendar.h"
#include "motcua/worktime.h"

static struct fixture fx;
static struct calendar *cal;
static int64_t unit_district, unit_commune, unit_tp, proc_r3, user_cv;

/* Insert a dossier straight into the table (the lists read only these columns). */
static int64_t put(const char *code, int64_t unit, const char *status, const char *due,
		   const char *received, int step, const char *apology)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(fx.db),
			   "INSERT INTO dossiers (code, procedure_id, unit_id, channel, applicant_name, "
			   "status, submitted_at, received_at, due_at, department_id, step, "
			   "assignee_id, apology_at) VALUES (?1, ?2, ?3, 'counter', 'Nguyễn Văn An', "
			   "?4, ?5, ?5, ?6, CASE WHEN ?7 >= 0 THEN ?8 END, max(?7, 0), "
			   "CASE WHEN ?7 >= 0 THEN ?9 END, ?10)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, proc_r3);
	sqlite3_bind_int64(st, 3, unit);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, T(received));
	if (due)
		sqlite3_bind_int64(st, 6, T(due));
	sqlite3_bind_int(st, 7, step);
	sqlite3_bind_int64(st, 8, unit_tp);
	sqlite3_bind_int64(st, 9, user_cv);
	if (apology)
		sqlite3_bind_int64(st, 10, T(apology));
	CHECK(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_handle(fx.db));
}

/* An event row of kind at `at` for dossier id (seq given). */
static void event(int64_t id, int seq, const char *kind, const char *at)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(fx.db),
			   "INSERT INTO dossier_events (dossier_id, seq, at, actor_role, kind, "
			   "to_status, prev_hash, hash) VALUES (?1, ?2, ?3, 'clerk', ?4, "
			   "'processing', zeroblob(32), zeroblob(32))", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_int64(st, 3, T(at));
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
}

static void setup(void)
{
	fix_open(&fx);
	unit_district = fix_int(&fx, "SELECT id FROM units WHERE code = 'H29.23'");
	unit_commune = fix_int(&fx, "SELECT id FROM units WHERE code = 'H29.23.01'");
	unit_tp = fix_int(&fx, "SELECT id FROM units WHERE code = 'H29.23.TP'");
	proc_r3 = fix_int(&fx, "SELECT id FROM procedures WHERE code = 'R3'");
	sqlite3_exec(db_handle(fx.db),
		     "UPDATE procedures SET steps = '[{\"name\": \"Thẩm định\", \"role\": "
		     "\"specialist\", \"hours\": 8}, {\"name\": \"Phê duyệt\", \"role\": \"leader\"}]'"
		     " WHERE code = 'R3';"
		     "INSERT INTO users (username, name, role, unit_id, password_hash, created_at) "
		     "SELECT 'cv', 'Trần Minh Khang', 'specialist', id, 'x', 0 FROM units "
		     "WHERE code = 'H29.23.TP';", NULL, NULL, NULL);
	user_cv = fix_int(&fx, "SELECT id FROM users WHERE username = 'cv'");
	cal = calendar_new();
	calendar_set(cal, days_from_civil(2026, 1, 10), true);
	calendar_set(cal, days_from_civil(2026, 1, 12), false);
	/* 0001 due Tuesday 06 (2 days overdue), 0002 due this morning, 0003 tonight, 0004 on
	 * the make-up Saturday, 0005 Tuesday 13 (the 3rd working day), 0006 Wednesday 14 (the
	 * 4th), 0007 waiting for a supplement, 0008 resolved; a commune's dossier due today. */
	int64_t d1 = put("H29.23-260105-0001", unit_district, "processing", "2026-01-06T16:00",
			 "2026-01-02T08:00", 0, NULL);
	event(d1, 1, "receive", "2026-01-02T08:00");
	event(d1, 2, "assign", "2026-01-05T08:00");
	event(d1, 3, "transfer", "2026-01-07T14:00");
	sqlite3_exec(db_handle(fx.db), "UPDATE dossiers SET step = 1 WHERE code = "
		     "'H29.23-260105-0001'", NULL, NULL, NULL);
	put("H29.23-260105-0002", unit_district, "received", "2026-01-08T09:00",
	    "2026-01-05T08:00", -1, NULL);
	put("H29.23-260105-0003", unit_district, "processing", "2026-01-08T16:00",
	    "2026-01-05T08:00", 0, "2026-01-07T09:00");
	put("H29.23-260105-0004", unit_district, "processing", "2026-01-10T11:00",
	    "2026-01-05T08:00", 0, NULL);
	put("H29.23-260105-0005", unit_district, "processing", "2026-01-13T16:00",
	    "2026-01-05T08:00", 0, NULL);
	put("H29.23-260105-0006", unit_district, "processing", "2026-01-14T10:00",
	    "2026-01-05T08:00", 0, NULL);
	put("H29.23-260105-0007", unit_district, "supplement", "2026-01-07T10:00",
	    "2026-01-05T08:00", 0, NULL);
	put("H29.23-260105-0008", unit_district, "resolved", "2026-01-07T10:00",
	    "2026-01-05T08:00", 0, NULL);
	put("H29.23.01-260105-0001", unit_commune, "processing", "2026-01-08T15:00",
	    "2026-01-05T08:00", -1, NULL);
}

/* The codes (last part) of a page's rows, joined by spaces. */
static const char *codes(json_t *page)
{
	static char out[512];
	out[0] = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(page, "rows"), i, r) {
		const char *c = json_string_value(json_object_get(r, "code"));
		strncat(out, strncmp(c, "H29.23.01", 9) ? strrchr(c, '-') + 1 : "C001",
			sizeof(out) - strlen(out) - 2);
		strcat(out, " ");
	}
	return out;
}

static const struct clock NOW = { 0 };

/* The at-risk page of unit's leader at Thursday 10:00 within days. */
static json_t *risk(int64_t unit, int days)
{
	struct actor who = { .user_id = 1, .role = ROLE_LEADER, .unit_id = unit };
	struct clock clk = { T("2026-01-08T10:00") };
	json_t *page = NULL;
	CHECK(atrisk_page(fx.db, cal, &clk, &who, days, 0, &page) == E_OK);
	return page;
}

static void urgency_order(void)
{
	json_t *p = risk(unit_district, 3);
	/* Most overdue first, then the nearest due; the Wednesday one is the 4th working day;
	 * waiting and resolved dossiers are not at risk. */
	CHECK_STR(codes(p), "0001 0002 C001 0003 0004 0005 ");
	CHECK_INT(json_integer_value(json_object_get(p, "total")), 6);
	CHECK_INT(json_integer_value(json_object_get(p, "overdue")), 2);
	CHECK_INT(json_integer_value(json_object_get(p, "window_end")), T("2026-01-14T00:00"));
	json_decref(p);
	p = risk(unit_district, 1);
	CHECK_STR(codes(p), "0001 0002 C001 0003 ");
	json_decref(p);
	p = risk(unit_district, 4);
	CHECK_STR(codes(p), "0001 0002 C001 0003 0004 0005 0006 ");
	json_decref(p);
	/* Out of range: clamped to 1 and to 10. */
	p = risk(unit_district, 0);
	CHECK_STR(codes(p), "0001 0002 C001 0003 ");
	json_decref(p);
	/* The commune sees only its own. */
	p = risk(unit_commune, 10);
	CHECK_STR(codes(p), "C001 ");
	json_decref(p);
	(void)NOW;
}

/* atrisk_each callback: append the row's code tail to the string ctx. */
static int collect_code(void *ctx, json_t *row)
{
	const char *c = json_string_value(json_object_get(row, "code"));
	strncat(ctx, strncmp(c, "H29.23.01", 9) ? strrchr(c, '-') + 1 : "C001", 8);
	strcat(ctx, " ");
	return 0;
}

/* atrisk_each callback that stops after the first row. */
static int first_only(void *ctx, json_t *row)
{
	(void)row;
	++*(int *)ctx;
	return 1;
}

static void each_streams_the_same_rows(void)
{
	struct actor who = { .user_id = 1, .role = ROLE_LEADER, .unit_id = unit_district };
	struct clock clk = { T("2026-01-08T10:00") };
	char out[256] = "";
	CHECK(atrisk_each(fx.db, cal, &clk, &who, 3, collect_code, out) == E_OK);
	CHECK_STR(out, "0001 0002 C001 0003 0004 0005 ");
	int n = 0;
	CHECK(atrisk_each(fx.db, cal, &clk, &who, 10, first_only, &n) == E_OK);
	CHECK_INT(n, 1);
	struct actor none = { .user_id = 1, .role = ROLE_LEADER, .unit_id = 0 };
	CHECK(atrisk_each(fx.db, cal, &clk, &none, 3, collect_code, out) == E_NOTFOUND);
}

static void where_it_is_stuck(void)
{
	json_t *p = risk(unit_district, 3);
	json_t *r0 = json_array_get(json_object_get(p, "rows"), 0);
	CHECK_STR(json_string_value(json_object_get(r0, "department")), "Phòng Tư pháp");
	CHECK_STR(json_string_value(json_object_get(r0, "assignee")), "Trần Minh Khang");
	CHECK_INT(json_integer_value(json_object_get(r0, "step")), 1);
	CHECK_STR(json_string_value(json_object_get(r0, "step_name")), "Phê duyệt");
	CHECK(json_is_true(json_object_get(r0, "overdue")));
	/* Since the transfer Wednesday 14:00: 14:00-17:00 and 07:00-10:00 = 6 working hours. */
	CHECK_INT(json_integer_value(json_object_get(r0, "step_started_at")), T("2026-01-07T14:00"));
	CHECK_INT(json_integer_value(json_object_get(r0, "step_seconds")), 6 * 3600);
	/* Never handed over: at reception since Monday 08:00: 7 + 8 + 8 + 3 hours. */
	json_t *r1 = json_array_get(json_object_get(p, "rows"), 1);
	CHECK_INT(json_integer_value(json_object_get(r1, "step")), -1);
	CHECK(json_is_null(json_object_get(r1, "step_name")));
	CHECK_STR(json_string_value(json_object_get(r1, "assignee")), "");
	CHECK_INT(json_integer_value(json_object_get(r1, "step_seconds")), 26 * 3600);
	/* Only a processing dossier may be apologised for, by a leader. */
	CHECK(json_is_false(json_object_get(r1, "may_apologise")));
	CHECK(json_is_true(json_object_get(r0, "may_apologise")));
	json_decref(p);
}

static void step_time_skips_days_off(void)
{
	/* Friday 16:00 to Tuesday 08:00: Friday 1 h, the make-up Saturday 8 h, Sunday and the
	 * holiday Monday nothing, Tuesday 1 h. */
	CHECK_INT(atrisk_step_seconds(cal, NULL, T("2026-01-09T16:00"), T("2026-01-13T08:00")),
		  10 * 3600);
	CHECK_INT(atrisk_step_seconds(cal, NULL, T("2026-01-09T16:00"), T("2026-01-09T12:00")), 0);
	CHECK_INT(atrisk_step_seconds(cal, NULL, 0, T("2026-01-09T12:00")), 0);
}

static void apologies_due(void)
{
	struct actor who = { .user_id = 1, .role = ROLE_LEADER, .unit_id = unit_district };
	struct clock clk = { T("2026-01-08T10:00") };
	json_t *p = NULL;
	CHECK(atrisk_apologies(fx.db, cal, &clk, &who, 0, &p) == E_OK);
	/* Due before the end of Friday and no apology yet: 0003 already has one. */
	CHECK_STR(codes(p), "0001 0002 C001 ");
	json_decref(p);
}

static void promised_date(void)
{
	/* R3 lasts 3 working days: half rounded up is 2, from Thursday 16:00: Saturday 10
	 * (a make-up working day). */
	CHECK_INT(atrisk_promise_day(cal, NULL, T("2026-01-08T16:00"), T("2026-01-08T10:00"), 3,
				     DU_WORKING_DAYS), days_from_civil(2026, 1, 10));
	/* Overdue: counted from now (Thursday 10:00), 1 working day: Friday. */
	CHECK_INT(atrisk_promise_day(cal, NULL, T("2026-01-06T16:00"), T("2026-01-08T10:00"), 1,
				     DU_WORKING_DAYS), days_from_civil(2026, 1, 9));
	/* 40 working hours: 20 hours are 2.5 days of 8 hours, so 3 working days from Friday
	 * 10:00 (the holiday Monday skipped): Saturday, Tuesday, Wednesday. */
	CHECK_INT(atrisk_promise_day(cal, NULL, T("2026-01-09T10:00"), T("2026-01-08T10:00"), 40,
				     DU_WORKING_HOURS), days_from_civil(2026, 1, 14));
}

static void projection_formulas(void)
{
	json_t *t = json_pack("{s:i, s:i, s:i, s:i, s:i}", "finished_early", 70,
			      "finished_on_time", 30, "finished_late", 6, "open_in_time", 15,
			      "open_overdue", 4);
	json_t *p = atrisk_projection(t);
	CHECK(fabs(json_real_value(json_object_get(p, "current")) - 0.9434) < 1e-9);
	/* (100 + 15) / (106 + 15) */
	CHECK(fabs(json_real_value(json_object_get(p, "if_due")) - 0.9504) < 1e-9);
	/* (100 + 15) / (106 + 15 + 4) */
	CHECK(fabs(json_real_value(json_object_get(p, "if_late")) - 0.92) < 1e-9);
	json_decref(p);
	json_decref(t);
	t = json_object();
	p = atrisk_projection(t);
	CHECK(json_is_null(json_object_get(p, "current")));
	CHECK(json_is_null(json_object_get(p, "if_late")));
	json_decref(p);
	json_decref(t);
}

int main(void)
{
	setup();
	RUN(urgency_order);
	RUN(each_streams_the_same_rows);
	RUN(where_it_is_stuck);
	RUN(step_time_skips_days_off);
	RUN(apologies_due);
	RUN(promised_date);
	RUN(projection_formulas);
	calendar_free(cal);
	fix_close(&fx);
	return harness_done("test_atrisk");
}
