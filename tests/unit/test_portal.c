/* test_portal.c - the citizen portal (portal.h): drafts, submission, "my dossiers", the
 * dossier view, who reads files, supplement, withdrawal, rating, feedback, and that nothing of
 * it leaks to another owner. Engine fixture (weekday calendar; 2026-01-05 is a Monday). */
#include "harness.h"
#include "engine_fixture.h"

#include "motcua/feedback.h"
#include "motcua/portal.h"
#include "../../src/domain/portal_internal.h"

/* F4: level 4, fee 100 000, two components (the first required), every delivery, district. */
static const char PORTAL_CATALOG[] =
	"[{\"code\": \"F4\", \"name\": \"Cấp phép xây dựng\", \"field\": \"Xây dựng\","
	"  \"levels\": [\"district\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 5, \"unit\": \"working_days\"},"
	"  \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 100000, \"kind\": \"fee\"}],"
	"  \"components\": [{\"name\": \"Tờ khai\", \"required\": true},"
	"                  {\"name\": \"Bản vẽ\", \"required\": false}],"
	"  \"delivery\": [\"counter\", \"post\", \"online\"],"
	"  \"result\": {\"name\": \"Giấy phép\", \"is_document\": true}}]";

#define OWNER 1
#define OTHER 2
#define HASH "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOKEN "0123456789abcdef0123456789abcdef"

static struct fixture f;
static int64_t u_province, u_district, u_commune;

/* Run one statement or abort. */
static void sql(const char *s)
{
	if (sqlite3_exec(db_handle(f.db), s, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", s, sqlite3_errmsg(db_handle(f.db)));
		abort();
	}
}

/* Fixture plus the F4 procedure and accounts: 1, 2 citizens; 3 clerk of the district; 4
 * leader of the province; 5 clerk of the commune; 6 admin. */
static void open_portal(void)
{
	fix_open(&f);
	struct import_result r;
	if (import_catalog(f.db, PORTAL_CATALOG, strlen(PORTAL_CATALOG), &r) != E_OK ||
	    engine_reload(f.e, f.db) != E_OK)
		abort();
	u_province = fix_int(&f, "SELECT id FROM units WHERE code = 'H29'");
	u_district = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23'");
	u_commune = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23.01'");
	char q[1024];
	snprintf(q, sizeof(q),
		 "INSERT INTO users (id, username, name, role, unit_id, password_hash, created_at, "
		 "email, phone) VALUES "
		 "(1, 'an', 'Nguyễn Văn An', 'citizen', NULL, 'x', 0, 'nguyen@example.vn', "
		 "'0912345656'), (2, 'binh', 'Trần Bình', 'citizen', NULL, 'x', 0, '', ''), "
		 "(3, 'clerk', 'Cán bộ', 'clerk', %lld, 'x', 0, '', ''), "
		 "(4, 'leader', 'Lãnh đạo', 'leader', %lld, 'x', 0, '', ''), "
		 "(5, 'commune', 'Xã', 'clerk', %lld, 'x', 0, '', ''), "
		 "(6, 'admin', 'Quản trị', 'admin', NULL, 'x', 0, '', '')",
		 (long long)u_district, (long long)u_province, (long long)u_commune);
	sql(q);
}

/* Complete fields for F4 at the district, delivery by post. */
static struct draft_fields full_fields(void)
{
	struct draft_fields d = {
		u_district,
		"{\"name\": \"Nguyễn Văn An\", \"phone\": \"0912345656\"}",
		"{\"x\": \"1\"}",
		false,
		"post",
		"12 Lê Lợi, Quận 1",
	};
	return d;
}

/* A new draft of F4 by owner at `at`. */
static int64_t new_draft(int64_t owner, const struct draft_fields *d, const char *at)
{
	int64_t id = 0;
	bool created;
	CHECK_INT(draft_create(f.db, owner, "F4", d, NULL, T(at), &id, &created), E_OK);
	return id;
}

/* Attach a file (fake hash, no bytes) to slot. */
static enum err attach(int64_t owner, int64_t id, int slot, const char *at)
{
	struct attachment_new a = { ATTACH_OWNER_DOSSIER, 0, HASH, "pdf", 1000, NULL, "tờ khai.pdf",
				    0, T(at) };
	int64_t aid;
	return portal_attach(f.db, owner, id, slot, "Tờ khai", &a, NULL, NULL, &aid);
}

/* Draft, component file and submission at `at`; the code into code. */
static int64_t submitted(const char *at, char code[DOSSIER_CODE_MAX])
{
	struct draft_fields d = full_fields();
	int64_t id = new_draft(OWNER, &d, at);
	CHECK_INT(attach(OWNER, id, 0, at), E_OK);
	struct clock clk = { T(at) };
	struct event_result r;
	char why[256];
	CHECK_INT(draft_submit(f.e, f.db, &clk, OWNER, id, &r, why, sizeof(why)), E_OK);
	snprintf(code, DOSSIER_CODE_MAX, "%s", r.code);
	return id;
}

/* A string member of o ("" when absent or null). */
static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* A boolean member of can. */
static bool can(json_t *view, const char *k)
{
	return json_is_true(json_object_get(json_object_get(view, "can"), k));
}

static void draft_create_update_delete_and_token(void)
{
	open_portal();
	struct draft_fields d = { 0, NULL, NULL, false, NULL, NULL };
	int64_t id = 0, again = 0;
	bool created = false;
	CHECK_INT(draft_create(f.db, OWNER, "F4", &d, TOKEN, T("2026-01-05T09:00"), &id, &created),
		  E_OK);
	CHECK(created);
	CHECK_INT(draft_create(f.db, OWNER, "F4", &d, TOKEN, T("2026-01-05T09:01"), &again,
			       &created), E_OK);
	CHECK(!created);
	CHECK_INT(again, id);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossiers"), 1);
	/* another owner's same token is another draft */
	CHECK_INT(draft_create(f.db, OTHER, "F4", &d, TOKEN, T("2026-01-05T09:01"), &again,
			       &created), E_OK);
	CHECK(created && again != id);
	CHECK_INT(draft_create(f.db, OWNER, "NOPE", &d, NULL, 1, &again, &created), E_NOTFOUND);
	CHECK_INT(draft_create(f.db, OWNER, "P5", &d, NULL, 1, &again, &created), E_REFUSED);
	struct draft_fields bad = d;
	bad.unit_id = u_commune;	/* F4 is a district procedure */
	CHECK_INT(draft_create(f.db, OWNER, "F4", &bad, NULL, 1, &again, &created), E_REFUSED);
	bad.unit_id = 9999;
	CHECK_INT(draft_create(f.db, OWNER, "F4", &bad, NULL, 1, &again, &created), E_NOTFOUND);
	bad = d;
	bad.applicant = "[1]";
	CHECK_INT(draft_create(f.db, OWNER, "F4", &bad, NULL, 1, &again, &created), E_INVALID);
	bad = d;
	bad.delivery = "pigeon";
	CHECK_INT(draft_update(f.db, OWNER, id, &bad, 2), E_INVALID);
	struct draft_fields full = full_fields();
	CHECK_INT(draft_update(f.db, OWNER, id, &full, T("2026-01-05T10:00")), E_OK);
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, NULL, id, &v), E_OK);
	CHECK_STR(str(v, "status"), "draft");
	CHECK(json_is_null(json_object_get(v, "code")));
	CHECK_STR(str(v, "delivery"), "post");
	CHECK_STR(str(v, "delivery_address"), "12 Lê Lợi, Quận 1");
	CHECK_STR(str(json_object_get(v, "applicant"), "name"), "Nguyễn Văn An");
	CHECK_STR(str(json_object_get(v, "unit"), "code"), "H29.23");
	CHECK_INT(json_integer_value(json_object_get(v, "updated_at")), T("2026-01-05T10:00"));
	CHECK(can(v, "edit") && can(v, "submit") && !can(v, "withdraw") && !can(v, "feedback"));
	json_decref(v);
	CHECK_INT(attach(OWNER, id, 0, "2026-01-05T10:00"), E_OK);
	CHECK_INT(draft_delete(f.db, OWNER, id), E_OK);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM attachments"), 0);
	CHECK_INT(draft_update(f.db, OWNER, id, &full, 3), E_NOTFOUND);
	CHECK_INT(draft_delete(f.db, OWNER, id), E_NOTFOUND);
	fix_close(&f);
}

static void another_owner_gets_notfound_for_everything(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	struct draft_fields d = full_fields();
	int64_t draft = new_draft(OWNER, &d, "2026-01-05T09:30");
	int64_t fid = fix_int(&f, "SELECT min(id) FROM attachments");
	struct clock clk = { T("2026-01-05T10:00") };
	struct event_result r;
	json_t *v = NULL;
	CHECK_INT(portal_list(f.db, OTHER, 0, 10, &v), E_OK);
	CHECK_INT(json_array_size(v), 0);
	json_decref(v);
	CHECK_INT(portal_dossier(f.db, OTHER, code, 0, &v), E_NOTFOUND);
	CHECK_INT(portal_dossier(f.db, OTHER, NULL, draft, &v), E_NOTFOUND);
	CHECK_INT(draft_update(f.db, OTHER, draft, &d, 1), E_NOTFOUND);
	CHECK_INT(draft_delete(f.db, OTHER, draft), E_NOTFOUND);
	CHECK_INT(draft_submit(f.e, f.db, &clk, OTHER, draft, &r, NULL, 0), E_NOTFOUND);
	CHECK_INT(attach(OTHER, draft, 0, "2026-01-05T10:00"), E_NOTFOUND);
	CHECK_INT(portal_detach(f.db, OTHER, id, fid), E_NOTFOUND);
	struct actor other = { OTHER, ROLE_CITIZEN, 0 };
	struct attachment_row row;
	CHECK_INT(portal_file(f.db, &other, code, 0, fid, &row), E_NOTFOUND);
	CHECK_INT(portal_may_read(f.db, &other, draft), E_NOTFOUND);
	CHECK_INT(portal_withdraw(f.e, f.db, &clk, OTHER, code, NULL, &r, NULL, 0), E_NOTFOUND);
	CHECK_INT(portal_supplement(f.e, f.db, &clk, OTHER, code, NULL, &r, NULL, 0), E_NOTFOUND);
	CHECK_INT(portal_rate(f.e, f.db, &clk, OTHER, code, "satisfied", NULL, NULL, &r, NULL, 0),
		  E_NOTFOUND);
	int64_t fb;
	CHECK_INT(feedback_send(f.e, f.db, OTHER, code, "Sao lâu vậy?", 1, &fb), E_NOTFOUND);
	/* nothing changed */
	CHECK_STR(fix_int(&f, "SELECT count(*) FROM dossiers WHERE status = 'withdrawn'") == 0 ?
			  "ok" : "changed", "ok");
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM feedback"), 0);
	struct actor owner = { OWNER, ROLE_CITIZEN, 0 };
	CHECK_INT(portal_file(f.db, &owner, code, 0, fid, &row), E_OK);
	CHECK_STR(row.kind, "pdf");
	fix_close(&f);
}

/* draft_submit's answer for the draft as it is now. */
static enum err try_submit(int64_t id, struct event_result *r)
{
	struct clock clk = { T("2026-01-05T11:00") };
	char why[256];
	return draft_submit(f.e, f.db, &clk, OWNER, id, r, why, sizeof(why));
}

static void submit_needs_a_complete_draft(void)
{
	open_portal();
	struct draft_fields d = { 0, NULL, NULL, true, NULL, NULL };
	int64_t id = new_draft(OWNER, &d, "2026-01-05T09:00");
	struct event_result r;
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.unit");
	d.unit_id = u_district;
	CHECK_INT(draft_update(f.db, OWNER, id, &d, 1), E_OK);
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.applicant");
	d.applicant = "{\"name\": \"Lê Thị Hoa\"}";
	CHECK_INT(draft_update(f.db, OWNER, id, &d, 1), E_OK);
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.delivery");
	d.delivery = "post";
	CHECK_INT(draft_update(f.db, OWNER, id, &d, 1), E_OK);
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.address");
	d.delivery_address = "1 Đồng Khởi";
	CHECK_INT(draft_update(f.db, OWNER, id, &d, 1), E_OK);
	CHECK_INT(attach(OWNER, id, 1, "2026-01-05T09:00"), E_OK);	/* the optional one */
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.component");
	CHECK_INT(attach(OWNER, id, 0, "2026-01-05T09:00"), E_OK);
	CHECK_INT(try_submit(id, &r), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.authorisation");
	CHECK_INT(attach(OWNER, id, 2, "2026-01-05T09:00"), E_REFUSED);	/* no such component */
	CHECK_INT(attach(OWNER, id, SLOT_SUPPLEMENT, "2026-01-05T09:00"), E_REFUSED);
	CHECK_INT(attach(OWNER, id, SLOT_AUTHORISATION, "2026-01-05T09:00"), E_OK);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossiers WHERE status = 'draft'"), 1);
	CHECK_INT(try_submit(id, &r), E_OK);
	CHECK(r.code[0] != '\0');
	CHECK_INT((int64_t)strlen(r.secret), LOOKUP_SECRET_LEN);
	CHECK(dossier_lookup_ok(f.e, f.db, r.code, r.secret));
	CHECK_INT(fix_int(&f, "SELECT digitised FROM dossiers"), 1);
	CHECK_INT(try_submit(id, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.transition");
	/* files are frozen once submitted */
	CHECK_INT(attach(OWNER, id, 0, "2026-01-05T12:00"), E_REFUSED);
	int64_t fid = fix_int(&f, "SELECT min(id) FROM attachments");
	CHECK_INT(portal_detach(f.db, OWNER, id, fid), E_REFUSED);
	/* online delivery is only for a level-4 procedure: R3 is full too, so online is fine
	 * there; a delivery not among the procedure's options is incomplete */
	struct draft_fields r3 = { u_district, "{\"name\": \"A\"}", NULL, false, "online", NULL };
	int64_t id3 = 0;
	bool created;
	CHECK_INT(draft_create(f.db, OWNER, "R3", &r3, NULL, 1, &id3, &created), E_OK);
	CHECK_INT(try_submit(id3, &r), E_INVALID);	/* R3 delivers at the counter only */
	CHECK_STR(r.msg_key, "portal.incomplete.delivery");
	fix_close(&f);
}

static void list_is_newest_change_first_with_next(void)
{
	open_portal();
	struct draft_fields d = full_fields();
	int64_t d1 = new_draft(OWNER, &d, "2026-01-05T08:00");
	char code[DOSSIER_CODE_MAX];
	int64_t d2 = submitted("2026-01-05T09:00", code);
	int64_t d3 = new_draft(OWNER, &d, "2026-01-05T10:00");
	json_t *l;
	CHECK_INT(portal_list(f.db, OWNER, 0, 0, &l), E_OK);
	CHECK_INT(json_array_size(l), 3);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 0), "id")), d3);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 1), "id")), d2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 2), "id")), d1);
	CHECK_STR(str(json_array_get(l, 0), "next"), "continue_draft");
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 0), "status_code")), 0);
	CHECK_STR(str(json_array_get(l, 1), "next"), "pay");	/* level 4 with fees */
	CHECK_STR(str(json_array_get(l, 1), "code"), code);
	json_decref(l);
	CHECK_INT(portal_list(f.db, OWNER, 0, 1, &l), E_OK);
	CHECK_INT(json_array_size(l), 1);
	json_decref(l);
	CHECK_INT(portal_list(f.db, OWNER, T("2026-01-05T10:00"), 10, &l), E_OK);
	CHECK_INT(json_array_size(l), 2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 0), "id")), d2);
	json_decref(l);
	/* an engine event moves a dossier to the top, with its time */
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.dossier_id = d2;
	in.kind = EV_RECEIVE;
	in.role = ROLE_CLERK;
	CHECK_INT(fix_ev(&f, d2, EV_RECEIVE, ROLE_CLERK, "2026-01-05T11:00", NULL, NULL), E_OK);
	CHECK_INT(portal_list(f.db, OWNER, 0, 10, &l), E_OK);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 0), "id")), d2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 0), "updated_at")),
		  T("2026-01-05T11:00"));
	CHECK(json_is_null(json_object_get(json_array_get(l, 0), "next")));
	json_decref(l);
	/* the list reads the owner index */
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(db_handle(f.db),
				 "EXPLAIN QUERY PLAN SELECT id FROM dossiers d WHERE d.owner_id = 1 "
				 "ORDER BY d.updated_at DESC, d.id DESC LIMIT 5",
				 -1, &st, NULL) == SQLITE_OK);
	bool indexed = false;
	while (sqlite3_step(st) == SQLITE_ROW)
		indexed = indexed ||
			  strstr((const char *)sqlite3_column_text(st, 3), "dossiers_owner_updated");
	sqlite3_finalize(st);
	CHECK(indexed);
	fix_close(&f);
}

/* Apply a staff event with reason/items/note. */
static enum err staff(int64_t id, enum event_kind k, enum role role, const char *at,
		      const char *reason, const char *items, const char *note)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.reason = reason;
	in.items = items;
	in.note = note;
	in.delivery = k == EV_RETURN ? "counter" : NULL;
	return fix_ev(&f, id, k, role, at, &in, NULL);
}

static void dossier_view_timeline_files_messages_and_can(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	CHECK_INT(staff(id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", NULL, NULL,
			"nội bộ: chuyển anh Tâm"), E_OK);
	CHECK_INT(staff(id, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, "2026-01-06T09:00",
			"Thiếu bản vẽ", "Bản vẽ mặt bằng", NULL), E_OK);
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	json_t *ev = json_object_get(v, "events");
	CHECK_INT(json_array_size(ev), 4);
	CHECK_STR(str(json_array_get(ev, 0), "kind"), "submit");
	CHECK(json_is_null(json_object_get(json_array_get(ev, 2), "note")));	/* internal */
	json_t *req = json_array_get(ev, 3);
	CHECK_STR(str(req, "note"), "Thiếu bản vẽ");
	CHECK_STR(str(req, "items"), "Bản vẽ mặt bằng");
	CHECK(json_integer_value(json_object_get(req, "deadline")) > T("2026-01-06T09:00"));
	CHECK_INT(json_integer_value(json_object_get(v, "supplement_deadline")),
		  json_integer_value(json_object_get(req, "deadline")));
	json_t *files = json_object_get(v, "files");
	CHECK_INT(json_array_size(files), 1);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(files, 0), "slot")), 0);
	CHECK_STR(str(json_array_get(files, 0), "file_name"), "tờ khai.pdf");
	json_t *msgs = json_object_get(v, "messages");
	CHECK(json_array_size(msgs) >= 2);
	bool email = false, sms = false;
	for (size_t i = 0; i < json_array_size(msgs); i++) {
		json_t *m = json_array_get(msgs, i);
		if (!strcmp(str(m, "channel"), "email"))
			email = email || !strcmp(str(m, "recipient"), "n***@example.vn");
		else
			sms = sms || !strcmp(str(m, "recipient"), "09******56");
		CHECK_STR(str(m, "state"), "queued");
	}
	CHECK(email && sms);
	CHECK_STR(str(json_object_get(v, "procedure"), "code"), "F4");
	CHECK_INT(json_integer_value(json_object_get(v, "fee_amount")), 100000);
	CHECK_STR(str(v, "next"), "supplement");
	CHECK(can(v, "supplement") && can(v, "withdraw") && can(v, "feedback"));
	CHECK(!can(v, "edit") && !can(v, "submit") && !can(v, "pay") && !can(v, "rate") &&
	      !can(v, "download_result"));
	CHECK(json_is_null(json_object_get(v, "rating")));
	json_decref(v);
	fix_close(&f);
}

static void may_read_owner_staff_of_the_subtree_admin(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	struct draft_fields d = full_fields();
	int64_t draft = new_draft(OWNER, &d, "2026-01-05T09:30");
	struct actor owner = { OWNER, ROLE_CITIZEN, 0 }, other = { OTHER, ROLE_CITIZEN, 0 };
	struct actor clerk = { 3, ROLE_CLERK, u_district }, leader = { 4, ROLE_LEADER, u_province };
	struct actor commune = { 5, ROLE_CLERK, u_commune }, admin = { 6, ROLE_ADMIN, 0 };
	CHECK_INT(portal_may_read(f.db, &owner, id), E_OK);
	CHECK_INT(portal_may_read(f.db, &owner, draft), E_OK);
	CHECK_INT(portal_may_read(f.db, &clerk, id), E_OK);
	CHECK_INT(portal_may_read(f.db, &leader, id), E_OK);
	CHECK_INT(portal_may_read(f.db, &admin, id), E_OK);
	CHECK_INT(portal_may_read(f.db, &commune, id), E_NOTFOUND);
	CHECK_INT(portal_may_read(f.db, &other, id), E_NOTFOUND);
	CHECK_INT(portal_may_read(f.db, &clerk, draft), E_NOTFOUND);
	CHECK_INT(portal_may_read(f.db, &admin, draft), E_NOTFOUND);
	CHECK_INT(portal_may_read(f.db, &admin, 9999), E_NOTFOUND);
	int64_t fid = fix_int(&f, "SELECT min(id) FROM attachments");
	struct attachment_row row;
	CHECK_INT(portal_file(f.db, &clerk, NULL, id, fid, &row), E_OK);
	CHECK_INT(portal_file(f.db, &commune, NULL, id, fid, &row), E_NOTFOUND);
	CHECK_INT(portal_file(f.db, &clerk, NULL, draft, fid, &row), E_NOTFOUND);
	fix_close(&f);
}

static void supplement_answer_needs_a_file(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	CHECK_INT(staff(id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-06T09:00", "Thiếu",
			"Bản vẽ", NULL), E_OK);
	struct clock clk = { T("2026-01-07T09:00") };
	struct event_result r;
	CHECK_INT(portal_supplement(f.e, f.db, &clk, OWNER, code, NULL, &r, NULL, 0), E_INVALID);
	CHECK_STR(r.msg_key, "portal.incomplete.supplement");
	CHECK_INT(attach(OWNER, id, 1, "2026-01-07T08:00"), E_REFUSED);	/* not a draft */
	CHECK_INT(attach(OWNER, id, SLOT_SUPPLEMENT, "2026-01-07T08:00"), E_OK);
	CHECK_INT(portal_supplement(f.e, f.db, &clk, OWNER, code, "Đã bổ sung", &r, NULL, 0),
		  E_OK);
	CHECK_INT(r.to, DS_RECEIVED);
	CHECK_INT(attach(OWNER, id, SLOT_SUPPLEMENT, "2026-01-07T09:30"), E_REFUSED);
	fix_close(&f);
}

static void withdraw_refused_once_resolved(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	struct clock clk = { T("2026-01-05T09:30") };
	struct event_result r;
	char longer[WITHDRAW_REASON_MAX + 2];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	CHECK_INT(portal_withdraw(f.e, f.db, &clk, OWNER, code, longer, &r, NULL, 0), E_INVALID);
	CHECK_INT(staff(id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_RESOLVE, ROLE_LEADER, "2026-01-06T10:00", NULL, NULL, NULL), E_OK);
	clk.fixed = T("2026-01-06T11:00");
	CHECK_INT(portal_withdraw(f.e, f.db, &clk, OWNER, code, "Không cần nữa", &r, NULL, 0),
		  E_REFUSED);
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	CHECK_STR(str(v, "status"), "resolved");
	CHECK_STR(str(v, "next"), "collect");
	CHECK(!can(v, "withdraw"));
	json_decref(v);
	fix_close(&f);
}

static void withdraw_while_submitted(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	submitted("2026-01-05T09:00", code);
	struct clock clk = { T("2026-01-05T09:30") };
	struct event_result r;
	CHECK_INT(portal_withdraw(f.e, f.db, &clk, OWNER, code, "Nộp nhầm", &r, NULL, 0), E_OK);
	CHECK_INT(r.to, DS_WITHDRAWN);
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	json_t *ev = json_object_get(v, "events");
	CHECK_STR(str(json_array_get(ev, 1), "note"), "Nộp nhầm");
	json_decref(v);
	fix_close(&f);
}

static void rating_once_with_valid_criteria(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	int64_t id = submitted("2026-01-05T09:00", code);
	CHECK_INT(staff(id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T10:00", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", NULL, NULL, NULL), E_OK);
	CHECK_INT(staff(id, EV_RESOLVE, ROLE_LEADER, "2026-01-06T10:00", NULL, NULL, NULL), E_OK);
	struct clock clk = { T("2026-01-06T10:30") };
	struct event_result r;
	CHECK_INT(portal_rate(f.e, f.db, &clk, OWNER, code, "satisfied", NULL, NULL, &r, NULL, 0),
		  E_REFUSED);	/* not returned yet */
	CHECK_INT(staff(id, EV_RETURN, ROLE_CLERK, "2026-01-07T10:00", NULL, NULL, NULL), E_OK);
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	CHECK_STR(str(v, "next"), "rate");
	CHECK(can(v, "rate"));
	json_decref(v);
	clk.fixed = T("2026-01-07T11:00");
	int bad[RATING_CRITERIA] = { 0, 1, 2, 3, 0, 0, 0, 0, 0 };
	int good[RATING_CRITERIA] = { 2, 2, 1, 0, 2, 2, 2, 1, 2 };
	CHECK_INT(portal_rate(f.e, f.db, &clk, OWNER, code, "satisfied", NULL, bad, &r, NULL, 0),
		  E_INVALID);
	CHECK_INT(portal_rate(f.e, f.db, &clk, OWNER, code, "great", NULL, NULL, &r, NULL, 0),
		  E_INVALID);
	CHECK_INT(portal_rate(f.e, f.db, &clk, OWNER, code, "very_satisfied", "Nhanh, chu đáo",
			      good, &r, NULL, 0), E_OK);
	CHECK_INT(portal_rate(f.e, f.db, &clk, OWNER, code, "satisfied", NULL, NULL, &r, NULL, 0),
		  E_REFUSED);
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	json_t *rating = json_object_get(v, "rating");
	CHECK_STR(str(rating, "rating"), "very_satisfied");
	CHECK_STR(str(rating, "comment"), "Nhanh, chu đáo");
	CHECK(json_is_null(json_object_get(v, "next")));
	CHECK(!can(v, "rate"));
	json_decref(v);
	fix_close(&f);
}

static void feedback_send_answer_once_due_in_15_working_days(void)
{
	open_portal();
	char code[DOSSIER_CODE_MAX];
	submitted("2026-01-05T09:00", code);
	struct draft_fields d = full_fields();
	int64_t draft = new_draft(OWNER, &d, "2026-01-05T09:30");
	int64_t fb;
	json_t *v;
	CHECK_INT(portal_dossier(f.db, OWNER, NULL, draft, &v), E_OK);
	CHECK_STR(str(v, "next"), "continue_draft");
	json_decref(v);
	CHECK_INT(feedback_send(f.e, f.db, OWNER, "", "x", 1, &fb), E_NOTFOUND);
	CHECK_INT(feedback_send(f.e, f.db, OWNER, code, "   ", 1, &fb), E_INVALID);
	CHECK_INT(feedback_send(f.e, f.db, OWNER, code, "Hồ sơ của tôi chậm quá",
				T("2026-01-05T09:00"), &fb), E_OK);
	/* 15 working days of a weekday calendar from Monday 09:00: three weeks later */
	CHECK_INT(fix_int(&f, "SELECT due_at FROM feedback"), T("2026-01-26T09:00"));
	json_t *open;
	CHECK_INT(feedback_open_list(f.db, "H29", &open), E_OK);
	CHECK_INT(json_array_size(open), 1);
	json_decref(open);
	CHECK_INT(feedback_open_list(f.db, "H29.23.01", &open), E_OK);
	CHECK_INT(json_array_size(open), 0);
	json_decref(open);
	struct actor commune = { 5, ROLE_CLERK, u_commune }, clerk = { 3, ROLE_CLERK, u_district };
	struct actor citizen = { OWNER, ROLE_CITIZEN, 0 };
	CHECK_INT(feedback_answer(f.db, &commune, fb, "Đã xem", 2), E_NOTFOUND);
	CHECK_INT(feedback_answer(f.db, &citizen, fb, "Tự trả lời", 2), E_NOTFOUND);
	CHECK_INT(feedback_answer(f.db, &clerk, fb, "", 2), E_INVALID);
	CHECK_INT(feedback_answer(f.db, &clerk, fb, "Hồ sơ đang được thẩm định",
				  T("2026-01-06T09:00")), E_OK);
	CHECK_INT(feedback_answer(f.db, &clerk, fb, "Lần hai", 3), E_REFUSED);
	CHECK_INT(feedback_answer(f.db, &clerk, 9999, "?", 3), E_NOTFOUND);
	CHECK_INT(feedback_open_list(f.db, NULL, &open), E_OK);
	CHECK_INT(json_array_size(open), 0);
	json_decref(open);
	CHECK_INT(portal_dossier(f.db, OWNER, code, 0, &v), E_OK);
	json_t *fbv = json_array_get(json_object_get(v, "feedback"), 0);
	CHECK_STR(str(fbv, "answer"), "Hồ sơ đang được thẩm định");
	CHECK_INT(json_integer_value(json_object_get(fbv, "answered_at")), T("2026-01-06T09:00"));
	json_decref(v);
	fix_close(&f);
}

static void drafts_never_reach_the_reports(void)
{
	open_portal();
	fix_receive(&f, "R3", "counter", "2026-01-05T09:00");
	static const char figures[] =
		"SELECT count(*) * 1000000 + total(received) * 1000 + total(open_delta) "
		"FROM stat_counters";
	int64_t before = fix_int(&f, figures);
	int64_t events = fix_int(&f, "SELECT count(*) FROM dossier_events");
	struct draft_fields d = full_fields();
	int64_t id = new_draft(OWNER, &d, "2026-01-05T10:00");
	CHECK_INT(attach(OWNER, id, 0, "2026-01-05T10:00"), E_OK);
	CHECK_INT(draft_update(f.db, OWNER, id, &d, T("2026-01-05T11:00")), E_OK);
	CHECK_INT(fix_int(&f, figures), before);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossier_events"), events);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM outbox"), 0);
	fix_close(&f);
}

static void recipients_are_masked(void)
{
	char *m = portal_mask_recipient("nguyen@example.vn");
	CHECK_STR(m, "n***@example.vn");
	free(m);
	m = portal_mask_recipient("0912345656");
	CHECK_STR(m, "09******56");
	free(m);
	m = portal_mask_recipient("123");
	CHECK_STR(m, "***");
	free(m);
}

int main(void)
{
	RUN(draft_create_update_delete_and_token);
	RUN(another_owner_gets_notfound_for_everything);
	RUN(submit_needs_a_complete_draft);
	RUN(list_is_newest_change_first_with_next);
	RUN(dossier_view_timeline_files_messages_and_can);
	RUN(may_read_owner_staff_of_the_subtree_admin);
	RUN(supplement_answer_needs_a_file);
	RUN(withdraw_refused_once_resolved);
	RUN(withdraw_while_submitted);
	RUN(rating_once_with_valid_criteria);
	RUN(feedback_send_answer_once_due_in_15_working_days);
	RUN(drafts_never_reach_the_reports);
	RUN(recipients_are_masked);
	return harness_done("test_portal");
}
