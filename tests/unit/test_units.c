/* test_units.c - issue 10 §2 and §4 in the engine: a calendar change reschedules open
 * dossiers (remaining working time kept, counters equal to the replay), a closed unit hands
 * its open dossiers over (counter history moved, finished dossiers and their figures stay)
 * and refuses new ones. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/admin_audit.h"
#include "motcua/audit.h"
#include "motcua/calendar_admin.h"
#include "motcua/dossier_store.h"
#include "motcua/report.h"
#include "motcua/stats.h"
#include "motcua/unit_admin.h"

static struct fixture F;

#define ADMIN_ID 700

/* Open the fixture with an admin account of the root unit. */
static void open_fixture(void)
{
	fix_open(&F);
	if (sqlite3_exec(db_handle(F.db),
			 "INSERT INTO users (id, username, name, role, password_hash, created_at, "
			 "unit_id) VALUES (700, 'admin', 'Quản trị', 'admin', 'x', 0, "
			 "(SELECT id FROM units WHERE code = 'H29'))",
			 NULL, NULL, NULL) != SQLITE_OK)
		abort();
}

/* The counters equal a replay of the whole log. */
static int64_t stats_diffs(void)
{
	int64_t diffs = -1;
	if (stats_verify(F.db, false, stderr, &diffs) != E_OK)
		return -1;
	return diffs;
}

static int64_t due_of(int64_t id)
{
	struct dossier d;
	return dossier_store_load(F.db, id, NULL, &d) == E_OK ? d.due_at : -1;
}

static int64_t events(void)
{
	return fix_int(&F, "SELECT count(*) FROM dossier_events");
}

/* A dossier of proc received at the counter of unit at `at`. */
static int64_t received(const char *proc, const char *unit, const char *at)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = proc;
	in.unit_code = unit;
	in.channel = "counter";
	struct event_result r;
	return fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, at, &in, &r) == E_OK ? r.dossier_id : 0;
}

static void reschedule_keeps_remaining_working_time_across_a_new_holiday(void)
{
	open_fixture();
	int64_t a = received("R3", "H29.23", "2026-01-05T08:00");	/* due Thu 08 08:00 */
	int64_t b = received("P5", "H29.23", "2026-01-05T08:00");	/* due Mon 12 08:00 */
	int64_t c = received("P5", "H29.23", "2026-01-05T08:00");
	CHECK_INT(fix_ev(&F, c, EV_ASSIGN, ROLE_LEADER, "2026-01-05T08:30", NULL, NULL), E_OK);
	CHECK_INT(fix_ev(&F, c, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-01-05T09:00", NULL,
			 NULL),
		  E_OK);
	CHECK_INT(due_of(a), T("2026-01-08T08:00"));
	CHECK_INT(due_of(b), T("2026-01-12T08:00"));
	struct clock now = { T("2026-01-05T10:00") };
	struct calendar_edit h = { days_from_civil(2026, 1, 9), false, false, "Nghỉ đột xuất",
				   "Quyết định 1/QĐ-UBND" };
	int64_t count = -1, moved = -1;
	char fp[CALENDAR_FP_LEN + 1];
	CHECK_INT(calendar_admin_preview(F.db, &now, &h, &count, fp), E_OK);
	CHECK_INT(count, 2);	/* b running, c waiting; a is due before the day */
	/* A stale form or a changed count changes nothing. */
	int64_t ev0 = events();
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &h, "0000000000000000", 2, &moved),
		  E_CONFLICT);
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &h, fp, 1, &moved), E_REFUSED);
	CHECK_INT(moved, 2);
	CHECK_INT(events(), ev0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM calendar"), 0);
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &h, fp, 2, &moved), E_OK);
	CHECK_INT(moved, 2);
	CHECK_INT(events(), ev0 + 2);
	CHECK_INT(due_of(a), T("2026-01-08T08:00"));
	CHECK_INT(due_of(b), T("2026-01-13T08:00"));	/* Friday skipped */
	CHECK_INT(due_of(c), T("2026-01-13T08:00"));
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossier_events WHERE kind = 'reschedule' AND "
			      "actor_role = 'admin' AND actor_id = 700 AND from_status = to_status "
			      "AND data LIKE '%\"day\":\"2026-01-09\"%' AND data LIKE "
			      "'%\"reason\":\"calendar\"%'"),
		  2);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action = 'calendar.add' AND "
			      "target = 'day:2026-01-09'"),
		  1);
	CHECK_INT(stats_diffs(), 0);
	/* The engine uses the new calendar: c's payment wait (Mon 09:00 .. Wed 09:00, two
	 * working days) moves its new due by two working days. */
	CHECK_INT(fix_ev(&F, c, EV_PAY, ROLE_CITIZEN, "2026-01-07T09:00",
			 &(struct event_input){ .method = "counter", .amount = 50000 }, NULL),
		  E_OK);
	CHECK_INT(due_of(c), T("2026-01-15T08:00"));
	CHECK_INT(stats_diffs(), 0);
	/* Removing the day moves b back; a day before today moves nothing. */
	h.remove = true;
	CHECK_INT(calendar_admin_preview(F.db, &now, &h, &count, fp), E_OK);
	CHECK_INT(count, 2);
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &h, fp, 2, &moved), E_OK);
	CHECK_INT(due_of(b), T("2026-01-12T08:00"));
	CHECK_INT(due_of(c), T("2026-01-14T08:00"));
	struct calendar_edit past = { days_from_civil(2026, 1, 2), false, false, "Nghỉ bù", "" };
	CHECK_INT(calendar_admin_preview(F.db, &now, &past, &count, fp), E_OK);
	CHECK_INT(count, 0);
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &past, fp, 0, &moved), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM calendar"), 1);
	CHECK_INT(due_of(b), T("2026-01-12T08:00"));
	/* A malformed change is refused. */
	struct calendar_edit bad = { days_from_civil(2026, 1, 9), false, false, "", "" };
	CHECK_INT(calendar_admin_preview(F.db, &now, &bad, &count, fp), E_INVALID);
	CHECK_INT(stats_diffs(), 0);
	int64_t rows;
	struct audit_break br;
	CHECK_INT(audit_verify(F.db, &rows, &br), E_OK);
	CHECK_INT(br.id, 0);
	fix_close(&F);
}

/* A running dossier whose due day passes before the reschedule is undone: the counters of
 * past days (overdue at the end of a day) stay what they were. */
static void overdue_counters_after_reschedule_equal_the_replay(void)
{
	open_fixture();
	int64_t b = received("R3", "H29.23", "2026-01-05T08:00");	/* due Thu 08 08:00 */
	struct clock now = { T("2026-01-06T09:00") };
	struct calendar_edit h = { days_from_civil(2026, 1, 7), false, false, "Bão", "" };
	int64_t count, moved;
	char fp[CALENDAR_FP_LEN + 1];
	CHECK_INT(calendar_admin_preview(F.db, &now, &h, &count, fp), E_OK);
	CHECK_INT(count, 1);
	CHECK_INT(calendar_admin_save(F.e, F.db, &now, ADMIN_ID, &h, fp, 1, &moved), E_OK);
	CHECK_INT(due_of(b), T("2026-01-09T08:00"));
	/* Late: finished on Monday 12th. */
	CHECK_INT(fix_ev(&F, b, EV_ASSIGN, ROLE_LEADER, "2026-01-12T08:00", NULL, NULL), E_OK);
	struct event_result r;
	CHECK_INT(fix_ev(&F, b, EV_RESOLVE, ROLE_LEADER, "2026-01-12T09:00", NULL, &r), E_OK);
	CHECK_INT(r.outcome, OUT_LATE);
	CHECK_INT(stats_diffs(), 0);
	fix_close(&F);
}

/* Figure of the row with key in a report, or -1. */
static int64_t figure(json_t *rep, const char *key, const char *fig)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(rep, "rows"), i, row)
		if (!strcmp(json_string_value(json_object_get(row, "key")), key))
			return json_integer_value(json_object_get(row, fig));
	return 0;
}

static json_t *ontime(const struct clock *clk)
{
	struct report_params p = { days_from_civil(2026, 1, 1), days_from_civil(2026, 1, 31), 0,
				   NULL, GROUP_UNIT, clk };
	json_t *out = NULL;
	char why[128];
	if (report_ontime(F.db, &p, &out, why, sizeof(why)) != E_OK)
		return json_object();
	return out;
}

static void close_and_move_keeps_finished_figures_and_refuses_new_dossiers(void)
{
	open_fixture();
	const char *x = "H29.23.01";
	int64_t done = received("R3", x, "2026-01-05T08:00");
	CHECK_INT(fix_ev(&F, done, EV_ASSIGN, ROLE_LEADER, "2026-01-05T08:30", NULL, NULL), E_OK);
	CHECK_INT(fix_ev(&F, done, EV_RESOLVE, ROLE_LEADER, "2026-01-06T09:00", NULL, NULL), E_OK);
	int64_t late = received("R3", x, "2026-01-05T08:00");
	CHECK_INT(fix_ev(&F, late, EV_WITHDRAW, ROLE_CLERK, "2026-01-09T09:00", NULL, NULL), E_OK);
	int64_t open = received("R3", x, "2026-01-05T08:00");
	struct event_input sub = { .procedure_code = "R3", .unit_code = x, .channel = "online" };
	struct event_result r;
	CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-09T10:00", &sub, &r), E_OK);
	int64_t submitted = r.dossier_id;
	struct clock now = { T("2026-01-12T10:00") };
	json_t *before = ontime(&now);
	struct unit_actor admin = { ADMIN_ID,
				    fix_int(&F, "SELECT id FROM units WHERE code = 'H29'") };
	struct unit_problem p = { NULL, NULL };
	int64_t count = -1, moved = -1;
	CHECK_INT(unit_admin_close_preview(F.db, &admin, x, "H29.23", &count, &p), E_OK);
	CHECK_INT(count, 2);
	int64_t ev0 = events();
	CHECK_INT(unit_admin_close(F.e, F.db, &now, &admin, x, "H29.23", 1, &moved, &p), E_REFUSED);
	CHECK_INT(moved, 2);
	CHECK_INT(events(), ev0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM units WHERE closed_at IS NOT NULL"), 0);
	CHECK_INT(unit_admin_close(F.e, F.db, &now, &admin, x, "H29.23.TP", 2, &moved, &p),
		  E_INVALID);
	CHECK_STR(p.field, "replacement");
	CHECK_INT(unit_admin_close(F.e, F.db, &now, &admin, x, "H29.23", 2, &moved, &p), E_OK);
	CHECK_INT(moved, 2);
	CHECK_INT(events(), ev0 + 2);
	int64_t h23 = fix_int(&F, "SELECT id FROM units WHERE code = 'H29.23'");
	struct dossier d;
	CHECK_INT(dossier_store_load(F.db, open, NULL, &d), E_OK);
	CHECK_INT(d.unit_id, h23);
	CHECK_INT(d.status, DS_RECEIVED);
	CHECK_INT(dossier_store_load(F.db, submitted, NULL, &d), E_OK);
	CHECK_INT(d.unit_id, h23);
	CHECK_INT(dossier_store_load(F.db, done, NULL, &d), E_OK);
	CHECK(d.unit_id != h23);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossier_events WHERE kind = 'move_unit' AND "
			      "data = '{\"from\":\"H29.23.01\",\"to\":\"H29.23\"}'"),
		  2);
	CHECK_INT(stats_diffs(), 0);
	/* The on-time report agrees on every finished dossier; the open one moved. */
	json_t *after = ontime(&now);
	static const char *const fin[] = { "finished_early", "finished_on_time",
					   "finished_late" };
	for (int i = 0; i < 3; i++) {
		CHECK_INT(figure(after, x, fin[i]), figure(before, x, fin[i]));
		CHECK_INT(figure(after, "H29.23", fin[i]), figure(before, "H29.23", fin[i]));
	}
	CHECK_INT(figure(before, x, "finished_early") + figure(before, x, "finished_on_time") +
			  figure(before, x, "finished_late"),
		  2);
	CHECK_INT(figure(before, x, "received"), 3);
	CHECK_INT(figure(after, x, "received"), 2);
	CHECK_INT(figure(after, "H29.23", "received"), 1);
	json_decref(before);
	json_decref(after);
	/* The closed unit takes no new dossier. */
	CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-12T11:00", &sub, &r),
		  E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.unit_closed");
	CHECK_INT(received("R3", x, "2026-01-12T11:00"), 0);
	CHECK(received("R3", "H29.23", "2026-01-12T11:00") > 0);
	/* Closing twice is refused beside the field. */
	CHECK_INT(unit_admin_close_preview(F.db, &admin, x, "H29.23", &count, &p), E_INVALID);
	int64_t rows;
	struct audit_break br;
	CHECK_INT(audit_verify(F.db, &rows, &br), E_OK);
	CHECK_INT(br.id, 0);
	struct admin_audit_break ab;
	CHECK_INT(admin_audit_verify(F.db, &rows, &ab), E_OK);
	CHECK_INT(ab.id, 0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action = 'unit.close'"), 1);
	(void)late;
	fix_close(&F);
}

static void units_add_edit_move_in_scope_with_messages(void)
{
	open_fixture();
	int64_t h23 = fix_int(&F, "SELECT id FROM units WHERE code = 'H29.23'");
	struct unit_actor district = { ADMIN_ID, h23 };
	struct unit_problem p = { NULL, NULL };
	struct unit_form f = { "H29.23.02", "UBND xã Tân Nhựt", "commune", "H29.23",
			       "Ấp 1, xã Tân Nhựt", "07:30-11:30, 13:00-16:30" };
	CHECK_INT(unit_admin_add(F.db, &district, &f, 0, &p), E_OK);
	CHECK_INT(unit_admin_add(F.db, &district, &f, 0, &p), E_INVALID);
	CHECK_STR(p.field, "code");
	struct unit_form other = f;
	other.code = "H29.99";
	other.parent = "H29";	/* outside the district's subtree */
	CHECK_INT(unit_admin_add(F.db, &district, &other, 0, &p), E_INVALID);
	CHECK_STR(p.field, "parent");
	other.parent = "H29.23";
	other.hours = "17:00-07:00";
	CHECK_INT(unit_admin_add(F.db, &district, &other, 0, &p), E_INVALID);
	CHECK_STR(p.field, "hours");
	other.hours = "";
	other.level = "galaxy";
	CHECK_INT(unit_admin_add(F.db, &district, &other, 0, &p), E_INVALID);
	CHECK_STR(p.field, "level");
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM units WHERE code = 'H29.99'"), 0);
	/* Edit, then move under the commune (its subtree rewritten), not under itself. */
	struct unit_form e = { NULL, "UBND xã Tân Nhựt mới", NULL, NULL, "Ấp 2", "" };
	CHECK_INT(unit_admin_edit(F.db, &district, "H29.23.02", &e, 0, &p), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM units WHERE code = 'H29.23.02' AND "
			      "name = 'UBND xã Tân Nhựt mới' AND hours IS NULL AND address = 'Ấp 2'"),
		  1);
	CHECK_INT(unit_admin_edit(F.db, &district, "H29", &e, 0, &p), E_NOTFOUND);
	CHECK_INT(unit_admin_move(F.db, &district, "H29.23.02", "H29.23.01", 0, &p), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM units c JOIN units p ON c.parent_id = p.id AND "
			      "c.path = p.path || c.id || '/' WHERE c.code = 'H29.23.02' AND "
			      "p.code = 'H29.23.01'"),
		  1);
	CHECK_INT(unit_admin_move(F.db, &district, "H29.23.01", "H29.23.02", 0, &p), E_INVALID);
	CHECK_INT(unit_admin_move(F.db, &district, "H29.23", "H29.23.01", 0, &p), E_INVALID);
	CHECK_STR(p.key, "admin_units.err.move_own");
	json_t *tree = NULL;
	CHECK_INT(unit_admin_tree(F.db, &district, &tree), E_OK);
	CHECK_INT(json_array_size(tree), 4);
	CHECK_STR(json_string_value(json_object_get(json_array_get(tree, 0), "code")), "H29.23");
	json_decref(tree);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit"), 3);
	fix_close(&F);
}

int main(void)
{
	RUN(reschedule_keeps_remaining_working_time_across_a_new_holiday);
	RUN(overdue_counters_after_reschedule_equal_the_replay);
	RUN(close_and_move_keeps_finished_figures_and_refuses_new_dossiers);
	RUN(units_add_edit_move_in_scope_with_messages);
	return harness_done("test_units");
}
