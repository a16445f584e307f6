/* test_worklist.c - work lists in working time with a pinned clock around a weekend, a holiday
 * and a make-up Saturday; badges; search folding and scope. */
#include "harness.h"
#include "engine_fixture.h"

#include "motcua/calendar.h"
#include "motcua/search.h"
#include "motcua/digest_timer.h"
#include "motcua/worklist.h"

static struct fixture fx;
static struct calendar *cal;
static int64_t unit_district, unit_commune, unit_tp, proc_r3;

/* Insert a dossier straight into the table (the lists only read these columns). */
static void put(const char *code, int64_t unit, const char *status, const char *name,
		const char *due, const char *supplement_deadline)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(fx.db),
			   "INSERT INTO dossiers (code, procedure_id, unit_id, channel, applicant, "
			   "applicant_name, status, submitted_at, due_at, supplement_deadline) "
			   "VALUES (?1, ?2, ?3, 'counter', json_object('name', ?5, 'id_number', "
			   "'079060050' || substr(?1, -3), 'phone', '091200' || substr(?1, -4)), ?5, ?4, "
			   "?6, ?7, ?8)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, proc_r3);
	sqlite3_bind_int64(st, 3, unit);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, T("2026-01-05T08:00"));
	if (due)
		sqlite3_bind_int64(st, 7, T(due));
	if (supplement_deadline)
		sqlite3_bind_int64(st, 8, T(supplement_deadline));
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
	/* 2026-01-08 is a Thursday. Saturday 10 is a make-up working day, Monday 12 a holiday. */
	cal = calendar_new();
	calendar_set(cal, days_from_civil(2026, 1, 10), true);
	calendar_set(cal, days_from_civil(2026, 1, 12), false);
	put("H29.23-260105-0001", unit_tp, "processing", "Nguyễn Văn An", "2026-01-08T09:00", NULL);
	put("H29.23-260105-0002", unit_tp, "processing", "NGUYEN van Binh", "2026-01-08T16:00",
	    NULL);
	put("H29.23-260105-0003", unit_tp, "received", "Trần Thị Cúc", "2026-01-09T16:00", NULL);
	put("H29.23-260105-0004", unit_tp, "processing", "Lê Đức", "2026-01-10T11:00", NULL);
	put("H29.23-260105-0005", unit_tp, "processing", "Phạm Em", "2026-01-12T16:00", NULL);
	put("H29.23-260105-0006", unit_tp, "processing", "Hồ Phúc", "2026-01-13T16:00", NULL);
	put("H29.23-260105-0007", unit_tp, "processing", "Võ Giang", "2026-01-14T10:00", NULL);
	put("H29.23-260105-0008", unit_tp, "supplement", "Đỗ Hà", "2026-01-09T10:00",
	    "2026-01-20T17:00");
	put("H29.23-260105-0009", unit_tp, "resolved", "Ngô Ích", "2026-01-07T10:00", NULL);
	put("H29.23-260105-0010", unit_tp, "submitted", "Nguyễn Thị Kim", NULL, NULL);
	/* The commune: inside the district's subtree, outside the department's. */
	put("H29.23.01-260105-0001", unit_commune, "processing", "Nguyễn Văn Long",
	    "2026-01-08T15:00", NULL);
}

static const struct clock NOW = { 0 };

/* Codes of list l for a unit's staff member, joined by spaces. */
static const char *codes(int64_t unit, enum worklist l)
{
	static char out[1024];
	struct actor who = { .user_id = 1, .role = ROLE_CLERK, .unit_id = unit };
	struct clock clk = { T("2026-01-08T10:00") };
	json_t *page = NULL;
	out[0] = 0;
	if (!CHECK(worklist_page(fx.db, cal, &clk, &who, l, 0, &page) == E_OK))
		return out;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(page, "rows"), i, r) {
		const char *c = json_string_value(json_object_get(r, "code"));
		strncat(out, strrchr(c, '-') + 1, sizeof(out) - strlen(out) - 2);
		strcat(out, " ");
	}
	json_decref(page);
	return out;
}

static void lists_count_working_days(void)
{
	CHECK_STR(codes(unit_tp, WL_OVERDUE), "0001 ");
	CHECK_STR(codes(unit_tp, WL_TODAY), "0002 ");
	/* Friday is the next working day. */
	CHECK_STR(codes(unit_tp, WL_DAYS1), "0002 0003 ");
	/* The make-up Saturday is the 2nd working day. */
	CHECK_STR(codes(unit_tp, WL_DAYS2), "0002 0003 0004 ");
	/* Sunday and the holiday Monday do not count: the 3rd working day is Tuesday, so the
	 * Monday and Tuesday dossiers are within 3 working days (6 calendar days away). */
	CHECK_STR(codes(unit_tp, WL_DAYS3), "0002 0003 0004 0005 0006 ");
	CHECK_STR(codes(unit_tp, WL_SUPPLEMENT), "0008 ");
	CHECK_STR(codes(unit_tp, WL_INTAKE), "0010 ");
	CHECK_STR(codes(unit_tp, WL_RETURN), "0009 ");
	(void)NOW;
}

static void window_of_a_weekend(void)
{
	int64_t from, to;
	/* Friday afternoon: the next working day is the holiday-free Monday of another week. */
	worklist_window(cal, T("2026-01-16T15:00"), WL_DAYS1, &from, &to);
	CHECK_INT(to, T("2026-01-20T00:00"));	/* Sat 17, Sun 18 off: Monday 19 ends it */
	worklist_window(cal, T("2026-01-16T15:00"), WL_TODAY, &from, &to);
	CHECK_INT(from, T("2026-01-16T15:00"));
	CHECK_INT(to, T("2026-01-17T00:00"));
}

static void subtree_scope(void)
{
	/* The district sees its commune's dossier; the department does not. */
	CHECK_STR(codes(unit_district, WL_OVERDUE), "0001 ");
	CHECK_STR(codes(unit_district, WL_TODAY), "0001 0002 ");
	CHECK_STR(codes(unit_commune, WL_TODAY), "0001 ");
	CHECK_STR(codes(unit_commune, WL_DAYS3), "0001 ");
	CHECK_STR(codes(unit_commune, WL_SUPPLEMENT), "");
}

static void badges_are_counts(void)
{
	struct actor who = { .user_id = 1, .role = ROLE_CLERK, .unit_id = unit_tp };
	struct clock clk = { T("2026-01-08T10:00") };
	json_t *c = NULL;
	CHECK(worklist_counts(fx.db, cal, &clk, &who, &c) == E_OK);
	CHECK_INT(json_integer_value(json_object_get(c, "overdue")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "today")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "days3")), 5);
	CHECK_INT(json_integer_value(json_object_get(c, "supplement")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "intake")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "return")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "feedback")), 0);
	json_decref(c);
	who.unit_id = unit_commune;
	CHECK(worklist_counts(fx.db, cal, &clk, &who, &c) == E_OK);
	CHECK_INT(json_integer_value(json_object_get(c, "today")), 1);
	CHECK_INT(json_integer_value(json_object_get(c, "intake")), 0);
	json_decref(c);
}

/* Codes found by a name search for a unit's staff. */
static int found(int64_t unit, const char *name, const char *id_number, const char *code)
{
	struct actor who = { .user_id = 1, .role = ROLE_CLERK, .unit_id = unit };
	struct search_query q = { .name = name, .id_number = id_number, .code = code };
	json_t *page = NULL;
	if (!CHECK(search_page(fx.db, &who, &q, 0, &page) == E_OK))
		return -1;
	int n = (int)json_array_size(json_object_get(page, "rows"));
	json_decref(page);
	return n;
}

static void search_folds_and_scopes(void)
{
	CHECK_INT(found(unit_district, "nguyen van", NULL, NULL), 3);
	CHECK_INT(found(unit_district, "NGUYỄN  VĂN", NULL, NULL), 3);
	CHECK_INT(found(unit_tp, "nguyen van", NULL, NULL), 2);
	CHECK_INT(found(unit_commune, "Nguyen Van", NULL, NULL), 1);
	CHECK_INT(found(unit_tp, "do ha", NULL, NULL), 1);
	CHECK_INT(found(unit_tp, "nguyen van long", NULL, NULL), 0);
	CHECK_INT(found(unit_tp, NULL, "079060050003", NULL), 1);
	CHECK_INT(found(unit_commune, NULL, "079060050003", NULL), 0);
	CHECK_INT(found(unit_district, NULL, NULL, "h29.23-260105-000"), 9);
	CHECK_INT(found(unit_district, NULL, NULL, "H29.23."), 1);
	/* A renamed applicant is folded again. */
	CHECK(fix_int(&fx, "SELECT count(*) FROM dossiers WHERE name_key IS NULL "
			   "AND code IS NOT NULL") == 0);
	sqlite3_exec(db_handle(fx.db), "UPDATE dossiers SET applicant_name = 'Bùi Mai' "
		     "WHERE code = 'H29.23-260105-0007'", NULL, NULL, NULL);
	CHECK_INT(found(unit_tp, "bui mai", NULL, NULL), 1);
	CHECK_INT(found(unit_tp, "vo giang", NULL, NULL), 0);
	/* Nothing asked is refused. */
	struct actor who = { .user_id = 1, .role = ROLE_CLERK, .unit_id = unit_tp };
	struct search_query none = { .name = "  " };
	json_t *page = NULL;
	CHECK(search_page(fx.db, &who, &none, 0, &page) == E_INVALID);
}

static void digest_once_a_day(void)
{
	sqlite3_exec(db_handle(fx.db),
		     "INSERT INTO users (username, name, role, unit_id, password_hash, created_at, "
		     "email, lang) SELECT 'cv', 'Trần Minh Khang', 'specialist', id, 'x', 0, "
		     "'cv@example.vn', 'vi' FROM units WHERE code = 'H29.23.TP';"
		     "INSERT INTO users (username, name, role, unit_id, password_hash, created_at) "
		     "SELECT 'noemail', 'Không Thư', 'clerk', id, 'x', 0 FROM units "
		     "WHERE code = 'H29.23.TP';", NULL, NULL, NULL);
	char dir[4096];
	share_path(dir, sizeof(dir), "templates/digest");
	struct clock clk = { T("2026-01-08T07:00") };
	int queued = -1;
	CHECK(worklist_digest(fx.db, cal, &clk, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 1);
	CHECK_INT(fix_int(&fx, "SELECT count(*) FROM outbox WHERE kind = 'digest' AND recipient = "
			       "'cv@example.vn' AND body LIKE '%Quá hạn: 0%' AND body LIKE '%Đến hạn hôm nay: 2%' AND body LIKE "
			       "'%Đến hạn trong 3 ngày làm việc: 6%' AND body LIKE "
			       "'%https://dvc.example.vn/can-bo%' AND subject LIKE '%08/01/2026%'"), 1);
	/* The same day again: nothing more. */
	clk.fixed = T("2026-01-08T18:00");
	CHECK(worklist_digest(fx.db, cal, &clk, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 0);
	/* The next day: one more. */
	clk.fixed = T("2026-01-09T07:00");
	CHECK(worklist_digest(fx.db, cal, &clk, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 1);
	CHECK_INT(fix_int(&fx, "SELECT count(*) FROM outbox WHERE kind = 'digest'"), 2);
}

/* The server's daily pass (digest_timer.h), clock pinned: nothing before the configured
 * minute, then one per staff member with an email, then nothing more that day (a restart
 * after 07:00 sends today's once, never twice). Runs after digest_once_a_day (its accounts). */
static void digest_timer_at_seven(void)
{
	char dir[4096];
	share_path(dir, sizeof(dir), "templates/digest");
	int at = 7 * 60, queued = -1;
	struct clock clk = { T("2026-01-12T06:59") };
	CHECK(digest_tick(fx.db, cal, &clk, at, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 0);
	clk.fixed = T("2026-01-12T08:00");
	CHECK(digest_tick(fx.db, cal, &clk, at, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 1);
	CHECK_INT(fix_int(&fx, "SELECT count(*) FROM outbox WHERE kind = 'digest' AND "
			       "recipient = 'cv@example.vn'"), 3);
	clk.fixed = T("2026-01-12T08:01");
	CHECK(digest_tick(fx.db, cal, &clk, at, dir, "https://dvc.example.vn", &queued) == E_OK);
	CHECK_INT(queued, 0);
	CHECK_INT(fix_int(&fx, "SELECT count(*) FROM outbox WHERE kind = 'digest'"), 3);
}

static void handed_to_a_department_or_to_me(void)
{
	/* A district dossier handed to the department, and a commune dossier assigned to user 1
	 * (a member of the department): both are in the department's scope (docs/desk.md). */
	put("H29.23-260105-0011", unit_district, "processing", "Mai Lan", "2026-01-08T16:30", NULL);
	put("H29.23.01-260105-0002", unit_commune, "processing", "Kha Minh", "2026-01-09T09:00",
	    NULL);
	char sql[300];
	snprintf(sql, sizeof(sql), "UPDATE dossiers SET department_id = %lld WHERE code = "
		 "'H29.23-260105-0011'; UPDATE dossiers SET assignee_id = 1, step_due_at = due_at "
		 "WHERE code = 'H29.23.01-260105-0002'", (long long)unit_tp);
	sqlite3_exec(db_handle(fx.db), "INSERT INTO users (id, username, name, role, unit_id, "
		     "password_hash, created_at) SELECT 1, 'one', 'Một', 'specialist', id, 'x', 0 "
		     "FROM units WHERE code = 'H29.23.TP'", NULL, NULL, NULL);
	CHECK(sqlite3_exec(db_handle(fx.db), sql, NULL, NULL, NULL) == SQLITE_OK);
	CHECK_STR(codes(unit_tp, WL_TODAY), "0002 0011 ");
	CHECK_STR(codes(unit_tp, WL_MINE), "0002 ");
	CHECK_STR(codes(unit_district, WL_TODAY), "0001 0002 0011 ");
	CHECK_INT(found(unit_tp, "kha minh", NULL, NULL), 1);
	CHECK_INT(found(unit_tp, "mai lan", NULL, NULL), 1);
	CHECK_INT(found(unit_commune, "mai lan", NULL, NULL), 0);
}

int main(void)
{
	setup();
	RUN(lists_count_working_days);
	RUN(window_of_a_weekend);
	RUN(subtree_scope);
	RUN(badges_are_counts);
	RUN(search_folds_and_scopes);
	RUN(digest_once_a_day);
	RUN(digest_timer_at_seven);
	RUN(handed_to_a_department_or_to_me);
	calendar_free(cal);
	fix_close(&fx);
	return harness_done("test_worklist");
}
