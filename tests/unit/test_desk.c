/* test_desk.c - the engine's own checks for the one-stop-shop workspace (issue 8,
 * docs/desk.md): the staff unit's subtree, the citizen's ownership, the version a form was
 * shown with, fees paid at the counter, and the due time of a step of the internal process. */
#include "harness.h"
#include "engine_fixture.h"

#include <jansson.h>

#include "motcua/desk.h"

static struct fixture F;

/* Units: H29 > H29.23 > (H29.23.01 commune, H29.23.TP department); H29 > H29.24 (sibling). */
static const char DESK_UNITS[] =
	"[{\"code\": \"H29\", \"name\": \"UBND TP\", \"level\": \"province\", \"parent\": null},"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện Bình Chánh\", \"level\": \"district\","
	"  \"parent\": \"H29\"},"
	" {\"code\": \"H29.24\", \"name\": \"UBND huyện Cần Giờ\", \"level\": \"district\","
	"  \"parent\": \"H29\"},"
	" {\"code\": \"H29.23.01\", \"name\": \"UBND xã Vĩnh Lộc A\", \"level\": \"commune\","
	"  \"parent\": \"H29.23\"},"
	" {\"code\": \"H29.23.TP\", \"name\": \"Phòng Tư pháp\", \"level\": \"department\","
	"  \"parent\": \"H29.23\"}]";

/* S5: 5 working days, fee 30 000, full online, steps of 4 and 8 working hours. F0: no fee. */
static const char DESK_CATALOG[] =
	"[{\"code\": \"S5\", \"name\": \"Cấp phép\", \"field\": \"Xây dựng\","
	"  \"levels\": [\"district\", \"commune\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 5, \"unit\": \"working_days\"},"
	"  \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 30000, \"kind\": \"fee\"}],"
	"  \"result\": {\"name\": \"Giấy phép\", \"is_document\": true},"
	"  \"steps\": [{\"name\": \"Tiếp nhận\", \"role\": \"clerk\", \"hours\": 4},"
	"             {\"name\": \"Thẩm định\", \"role\": \"specialist\", \"hours\": 8}]},"
	" {\"code\": \"F0\", \"name\": \"Chứng thực\", \"field\": \"Chứng thực\","
	"  \"levels\": [\"district\", \"commune\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 1, \"unit\": \"working_days\"}, \"fees\": [],"
	"  \"result\": {\"name\": \"Bản sao\", \"is_document\": true}}]";

/* Open the fixture with this file's units and catalogue and two citizen accounts. */
static void open_desk(struct fixture *f)
{
	if (sodium_init() < 0)
		abort();
	snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-test-XXXXXX");
	if (!mkdtemp(f->dir))
		abort();
	snprintf(f->path, sizeof(f->path), "%s/db", f->dir);
	char mig[4096];
	struct import_result r;
	if (db_open(f->path, &f->db) != E_OK ||
	    migrate_apply(f->db, share_path(mig, sizeof(mig), "migrations"), NULL) != E_OK ||
	    import_units(f->db, DESK_UNITS, strlen(DESK_UNITS), &r) != E_OK ||
	    import_catalog(f->db, DESK_CATALOG, strlen(DESK_CATALOG), &r) != E_OK ||
	    sqlite3_exec(db_handle(f->db),
			 "INSERT INTO users (id, username, name, role, password_hash, created_at) "
			 "VALUES (501, 'a', 'Công dân A', 'citizen', 'x', 0), "
			 "(502, 'b', 'Công dân B', 'citizen', 'x', 0), "
			 "(601, 'clerk', 'Lê Thị Mai', 'clerk', 'x', 0)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "fixture: %s\n", r.message);
		abort();
	}
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	if (engine_open(f->db, key, &f->e) != E_OK)
		abort();
}

/* Id of unit code. */
static int64_t unit(const char *code)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT id FROM units WHERE code = '%s'", code);
	return fix_int(&F, sql);
}

/* Number of events in the log. */
static int64_t events(void)
{
	return fix_int(&F, "SELECT count(*) FROM dossier_events");
}

/* One integer column of dossier id. */
static int64_t col(int64_t id, const char *column)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT coalesce(%s, 0) FROM dossiers WHERE id = %lld", column,
		 (long long)id);
	return fix_int(&F, sql);
}

/* A dossier of proc received at the counter of unit_code by a clerk of actor_unit. */
static enum err counter(const char *proc, const char *unit_code, int64_t actor_unit,
			const char *at, int64_t *id)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = proc;
	in.unit_code = unit_code;
	in.channel = "counter";
	in.applicant = "{\"name\":\"Trần Văn B\"}";
	in.actor_unit_id = actor_unit;
	in.actor_id = 601;
	struct event_result r;
	enum err e = fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, at, &in, &r);
	*id = e == E_OK ? r.dossier_id : 0;
	return e;
}

/* An event by a staff member of actor_unit. */
static enum err staff(int64_t id, enum event_kind k, enum role role, int64_t actor_unit,
		      const char *at, struct event_input *in, struct event_result *r)
{
	struct event_input x;
	if (!in) {
		memset(&x, 0, sizeof(x));
		in = &x;
	}
	in->actor_unit_id = actor_unit;
	return fix_ev(&F, id, k, role, at, in, r);
}

static void scope_is_the_actor_units_subtree(void)
{
	int64_t h29 = unit("H29"), h23 = unit("H29.23"), h24 = unit("H29.24"),
		commune = unit("H29.23.01");
	int64_t id, cid;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-05T08:00", &id), E_OK);
	CHECK_INT(counter("S5", "H29.23.01", h23, "2026-01-05T08:00", &cid), E_OK);	/* child */
	/* A new dossier at the counter of another unit: as if it did not exist. */
	int64_t before = events(), dossiers = fix_int(&F, "SELECT count(*) FROM dossiers"), none;
	struct event_result r;
	CHECK_INT(counter("S5", "H29.24", h23, "2026-01-05T08:00", &none), E_NOTFOUND);
	CHECK_INT(counter("S5", "H29.23", commune, "2026-01-05T08:00", &none), E_NOTFOUND);
	CHECK_INT(events(), before);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossiers"), dossiers);
	/* Sibling unit and a child unit acting on its parent's dossier: refused, nothing changes. */
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.reason = "Sai thẩm quyền";
	CHECK_INT(staff(id, EV_STOP, ROLE_LEADER, h24, "2026-01-05T09:00", &in, &r), E_NOTFOUND);
	CHECK_STR(r.msg_key, "dossier.notfound.dossier");
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, commune, "2026-01-05T09:00", NULL, &r),
		  E_NOTFOUND);
	CHECK_INT(events(), before);
	CHECK_INT(col(id, "version"), 1);
	/* Own unit, the unit's ancestor, and a child unit's dossier seen from above. */
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, h23, "2026-01-05T09:00", NULL, &r), E_OK);
	CHECK_INT(staff(id, EV_TRANSFER, ROLE_LEADER, h29, "2026-01-05T09:10", NULL, &r), E_OK);
	CHECK_INT(staff(cid, EV_ASSIGN, ROLE_CLERK, h23, "2026-01-05T09:00", NULL, &r), E_OK);
	CHECK_INT(staff(cid, EV_TRANSFER, ROLE_CLERK, commune, "2026-01-05T09:20", NULL, &r), E_OK);
	/* A department's staff: only once the dossier is handed to that department. */
	int64_t dep = unit("H29.23.TP"), did;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-05T08:00", &did), E_OK);
	memset(&in, 0, sizeof(in));
	in.reason = "Thiếu";
	in.items = "CCCD";
	CHECK_INT(staff(did, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, dep, "2026-01-05T09:00", &in,
			&r), E_NOTFOUND);
	memset(&in, 0, sizeof(in));
	in.department = "H29.23.TP";
	CHECK_INT(staff(did, EV_ASSIGN, ROLE_CLERK, h23, "2026-01-05T09:00", &in, &r), E_OK);
	CHECK_INT(staff(did, EV_RESOLVE, ROLE_SPECIALIST, dep, "2026-01-05T10:00", NULL, &r), E_OK);
	/* Trusted callers (imports, the seed) pass 0: not checked. */
	CHECK_INT(staff(id, EV_TRANSFER, ROLE_CLERK, 0, "2026-01-05T09:30", NULL, &r), E_OK);
}

static void citizen_acts_only_on_its_own_dossiers(void)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "F0";
	in.unit_code = "H29.23";
	in.owner_id = 501;
	in.actor_id = 501;
	struct event_result r;
	CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r), E_OK);
	int64_t id = r.dossier_id, before = events();
	memset(&in, 0, sizeof(in));
	in.actor_id = 502;
	CHECK_INT(fix_ev(&F, id, EV_WITHDRAW, ROLE_CITIZEN, "2026-01-05T08:10", &in, &r),
		  E_NOTFOUND);
	CHECK_STR(r.msg_key, "dossier.notfound.dossier");
	CHECK_INT(events(), before);
	CHECK_INT(col(id, "status = 'submitted'"), 1);
	in.actor_id = 501;
	CHECK_INT(fix_ev(&F, id, EV_WITHDRAW, ROLE_CITIZEN, "2026-01-05T08:10", &in, &r), E_OK);
	CHECK_INT(events(), before + 1);
}

static void stale_version_is_refused_and_applied_once(void)
{
	int64_t h23 = unit("H29.23"), id;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-05T08:00", &id), E_OK);
	CHECK_INT(col(id, "version"), 1);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.reason = "Thiếu giấy tờ";
	in.items = "Bản sao CCCD";
	in.expect_version = 1;
	in.actor_id = 601;
	struct event_result r;
	char why[256];
	CHECK_INT(staff(id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, h23, "2026-01-05T09:05", &in, &r),
		  E_OK);
	int64_t before = events();
	/* The same form sent again: refused, naming what happened. */
	in.actor_unit_id = h23;
	in.dossier_id = id;
	in.kind = EV_REQUEST_SUPPLEMENT;
	in.role = ROLE_CLERK;
	struct clock clk = { T("2026-01-05T09:06") };
	CHECK_INT(dossier_apply(F.e, F.db, &clk, &in, &r, why, sizeof(why)), E_CONFLICT);
	CHECK_STR(r.msg_key, "dossier.conflict.stale");
	CHECK(strstr(why, "request_supplement by Lê Thị Mai at 09:05 05/01/2026") != NULL);
	CHECK_INT(events(), before);
	CHECK_INT(col(id, "version"), 2);
	CHECK_INT(col(id, "supplement_count"), 1);
	/* A different stale action (supplement shown at version 1) is refused as well. */
	struct event_input s;
	memset(&s, 0, sizeof(s));
	s.expect_version = 1;
	CHECK_INT(staff(id, EV_SUPPLEMENT, ROLE_CLERK, h23, "2026-01-05T09:10", &s, &r),
		  E_CONFLICT);
	s.expect_version = 2;
	CHECK_INT(staff(id, EV_SUPPLEMENT, ROLE_CLERK, h23, "2026-01-05T09:10", &s, &r), E_OK);
	CHECK_INT(events(), before + 1);
}

static void counter_pay_keeps_state_and_marks_paid(void)
{
	int64_t h23 = unit("H29.23"), id, free_id;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-05T08:00", &id), E_OK);
	int64_t due = col(id, "due_at");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.method = "online";
	struct event_result r;
	CHECK_INT(staff(id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:10", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.counter_only");
	in.method = "counter";
	in.amount = 1000;
	CHECK_INT(staff(id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:10", &in, &r), E_INVALID);
	in.amount = 30000;
	CHECK_INT(staff(id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:10", &in, &r), E_OK);
	CHECK_INT(r.to, DS_RECEIVED);
	CHECK_INT(col(id, "fee_paid"), 1);
	CHECK_INT(col(id, "paid_online"), 0);
	CHECK_INT(col(id, "due_at"), due);
	CHECK_INT(staff(id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:20", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.already_paid");
	CHECK_INT(counter("F0", "H29.23", h23, "2026-01-05T08:00", &free_id), E_OK);
	in.amount = 0;
	CHECK_INT(staff(free_id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:20", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.nothing_due");
	/* Submitted online, paid at the counter before reception: stays submitted. */
	struct event_input sub;
	memset(&sub, 0, sizeof(sub));
	sub.procedure_code = "S5";
	sub.unit_code = "H29.23";
	CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &sub, &r), E_OK);
	int64_t sid = r.dossier_id;
	in.amount = 30000;
	CHECK_INT(staff(sid, EV_PAY, ROLE_CLERK, h23, "2026-01-05T08:30", &in, &r), E_OK);
	CHECK_INT(r.to, DS_SUBMITTED);
	CHECK_INT(col(sid, "fee_paid"), 1);
	/* A later payment request sets it back until paid. */
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, h23, "2026-01-05T09:00", NULL, &r), E_OK);
	memset(&in, 0, sizeof(in));
	in.amount = 120000;
	CHECK_INT(staff(id, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, h23, "2026-01-05T09:10", &in, &r),
		  E_OK);
	CHECK_INT(col(id, "fee_paid"), 0);
	in.method = "transfer";
	CHECK_INT(staff(id, EV_PAY, ROLE_CLERK, h23, "2026-01-05T10:00", &in, &r), E_OK);
	CHECK_INT(col(id, "fee_paid"), 1);
}

static void step_due_counts_working_hours_across_a_weekend(void)
{
	int64_t h23 = unit("H29.23"), id;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-09T08:00", &id), E_OK);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.department = "H29.23.TP";
	in.step = 1;	/* 8 working hours */
	in.assignee_id = 601;
	struct event_result r;
	/* Friday 15:00: 2 h on Friday, 6 h on Monday 07:00-11:30 and 13:30-15:00. */
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, h23, "2026-01-09T15:00", &in, &r), E_OK);
	CHECK_INT(col(id, "step_due_at"), T("2026-01-12T15:00"));
	CHECK_INT(col(id, "step"), 1);
	CHECK_INT(col(id, "assignee_id"), 601);
	CHECK_INT(col(id, "department_id"), unit("H29.23.TP"));
	/* Step 0 (4 h) from Saturday: Monday 07:00 + 4 h. */
	in.step = 0;
	CHECK_INT(staff(id, EV_TRANSFER, ROLE_CLERK, h23, "2026-01-10T10:00", &in, &r), E_OK);
	CHECK_INT(col(id, "step_due_at"), T("2026-01-12T11:00"));
	/* A step the process does not have: no due time. */
	in.step = 7;
	CHECK_INT(staff(id, EV_TRANSFER, ROLE_CLERK, h23, "2026-01-12T08:00", &in, &r), E_OK);
	CHECK_INT(col(id, "step_due_at"), 0);
}

static void desk_scope_view_and_act(void)
{
	int64_t h23 = unit("H29.23"), h24 = unit("H29.24"), id;
	CHECK_INT(counter("S5", "H29.23", h23, "2026-01-05T08:00", &id), E_OK);
	char code[DOSSIER_CODE_MAX];
	snprintf(code, sizeof(code), "%s", "");
	{
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db_handle(F.db), "SELECT code FROM dossiers WHERE id = ?", -1,
				   &st, NULL);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(code, sizeof(code), "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	struct actor clerk = { 601, ROLE_CLERK, h23 }, other = { 601, ROLE_CLERK, h24 },
		     spec = { 601, ROLE_SPECIALIST, h23 }, citizen = { 501, ROLE_CITIZEN, 0 };
	int64_t got;
	CHECK_INT(desk_scope(F.db, &clerk, code, 0, &got), E_OK);
	CHECK_INT(got, id);
	CHECK_INT(desk_scope(F.db, &other, code, 0, &got), E_NOTFOUND);
	CHECK_INT(desk_scope(F.db, &citizen, code, 0, &got), E_NOTFOUND);
	CHECK_INT(desk_scope(F.db, &clerk, "H29.23-000000-0000", 0, &got), E_NOTFOUND);
	CHECK(!desk_is_staff(&citizen));
	json_t *v;
	CHECK_INT(desk_dossier(F.db, &other, code, &v), E_NOTFOUND);
	CHECK_INT(desk_dossier(F.db, &clerk, code, &v), E_OK);
	CHECK_INT(json_integer_value(json_object_get(v, "version")), 1);
	json_t *acts = json_object_get(v, "actions");
	CHECK(json_is_true(json_object_get(acts, "assign")));
	CHECK(json_is_true(json_object_get(acts, "pay")));	/* fee due at the counter */
	CHECK(json_is_false(json_object_get(acts, "resolve")));
	CHECK(json_array_size(json_object_get(json_object_get(v, "choices"), "departments")) == 1);
	json_decref(v);
	/* Act: out of scope, wrong role, stale, then applied once. */
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.code = code;
	in.kind = EV_ASSIGN;
	in.department = "H29.23.TP";
	in.step = 1;
	struct event_result r;
	char why[256];
	struct clock clk = { T("2026-01-05T09:00") };
	int64_t before = events();
	CHECK_INT(desk_act(F.e, F.db, &clk, &other, &in, 1, &r, why, sizeof(why)), E_NOTFOUND);
	in.code = code;
	in.kind = EV_RECEIVE;
	CHECK_INT(desk_act(F.e, F.db, &clk, &spec, &in, 1, &r, why, sizeof(why)), E_FORBIDDEN);
	in.code = code;
	in.kind = EV_ASSIGN;
	CHECK_INT(desk_act(F.e, F.db, &clk, &clerk, &in, 1, &r, why, sizeof(why)), E_OK);
	in.code = code;
	CHECK_INT(desk_act(F.e, F.db, &clk, &clerk, &in, 1, &r, why, sizeof(why)), E_CONFLICT);
	CHECK_STR(r.msg_key, "dossier.conflict.stale");
	CHECK_INT(events(), before + 1);
	/* Resolved late against the step's 8 hours: Form 05 says so. */
	memset(&in, 0, sizeof(in));
	in.dossier_id = id;
	in.kind = EV_RESOLVE;
	clk = (struct clock){ T("2026-01-07T09:00") };
	CHECK_INT(desk_act(F.e, F.db, &clk, &spec, &in, 2, &r, why, sizeof(why)), E_OK);
	CHECK_INT(desk_dossier(F.db, &clerk, code, &v), E_OK);
	json_t *h = json_array_get(json_object_get(v, "handovers"), 0);
	CHECK_STR(json_string_value(json_object_get(h, "step_name")), "Thẩm định");
	CHECK_STR(json_string_value(json_object_get(json_object_get(h, "department"), "code")),
		  "H29.23.TP");
	CHECK_INT(json_integer_value(json_object_get(h, "due_at")), T("2026-01-06T09:00"));
	CHECK_STR(json_string_value(json_object_get(h, "result")), "late");
	CHECK(json_is_true(json_object_get(json_object_get(v, "actions"), "return")));
	json_t *tl = json_object_get(v, "timeline");
	CHECK_STR(json_string_value(json_object_get(json_array_get(tl, 1), "actor")), "Lê Thị Mai");
	json_decref(v);
}

int main(void)
{
	open_desk(&F);
	RUN(scope_is_the_actor_units_subtree);
	RUN(citizen_acts_only_on_its_own_dossiers);
	RUN(stale_version_is_refused_and_applied_once);
	RUN(counter_pay_keeps_state_and_marks_paid);
	RUN(step_due_counts_working_hours_across_a_weekend);
	RUN(desk_scope_view_and_act);
	fix_close(&F);
	return harness_done("test_desk");
}
