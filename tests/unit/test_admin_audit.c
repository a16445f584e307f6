/* test_admin_audit.c - the administrative record and the personal-data view record: rows are
 * chained and verify, the tables are append-only, one altered row is named by
 * admin_audit_verify, a reload within a minute adds no view, views list newest first. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/admin_audit.h"
#include "motcua/notify.h"
#include "motcua/notify_override_store.h"

static struct fixture F;
static int64_t clerk, dossier;

/* Add a clerk of H29.23 and one dossier to the fixture. */
static void setup(void)
{
	fix_open(&F);
	db_exec(F.db, "INSERT INTO users (id, username, name, role, unit_id, password_hash, "
		      "created_at) SELECT 50, 'motcua.test', 'Nguyễn Thị Hoa', 'clerk', id, 'x', 0 "
		      "FROM units WHERE code = 'H29.23'");
	clerk = 50;
	dossier = fix_receive(&F, "R3", "counter", "2026-01-05T09:00");
}

/* Record one change with before/after. */
static enum err record(const char *action, const char *target, int64_t at)
{
	json_t *before = json_pack("{s:s,s:i}", "name", "Cũ \"x\"", "b", 1);
	json_t *after = json_pack("{s:s,s:i}", "name", "Mới", "b", 2);
	struct admin_change c = { clerk, action, target, before, after, at };
	CHECK_INT(db_begin(F.db), E_OK);
	enum err e = admin_audit_record(F.db, &c);
	if (e == E_OK)
		CHECK_INT(db_commit(F.db), E_OK);
	else
		db_rollback(F.db);
	json_decref(before);
	json_decref(after);
	return e;
}

static void records_chain_and_verify(void)
{
	CHECK_INT(record("unit.rename", "unit:H29.23", 1767600000), E_OK);
	CHECK_INT(record("calendar.add", "day:2027-01-02", 1767600100), E_OK);
	struct admin_change sys = { 0, "import.units", "file:units.json", NULL, NULL, 0 };
	CHECK_INT(db_begin(F.db), E_OK);
	CHECK_INT(admin_audit_record(F.db, &sys), E_OK);
	CHECK_INT(db_commit(F.db), E_OK);
	CHECK_INT(record("", "x", 0), E_INVALID);
	CHECK_INT(record("x", "", 0), E_INVALID);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit"), 3);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE id = 1 AND "
			      "prev_hash = zeroblob(32)"), 1);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit a JOIN admin_audit b "
			      "ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"), 2);
	/* sorted keys, compact */
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE id = 1 AND before = "
			      "'{\"b\":1,\"name\":\"Cũ \\\"x\\\"\"}'"), 1);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE id = 3 AND actor_id IS NULL "
			      "AND before IS NULL AND after IS NULL AND at > 1767600100"), 1);
	int64_t rows;
	struct admin_audit_break b;
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(rows, 3);
	CHECK_INT(b.id, 0);
	CHECK(b.table == NULL);
}

static void records_are_append_only(void)
{
	CHECK(db_exec(F.db, "UPDATE admin_audit SET target = 'x' WHERE id = 1") != E_OK);
	CHECK(db_exec(F.db, "DELETE FROM admin_audit WHERE id = 1") != E_OK);
	CHECK_INT(view_log_record(F.db, clerk, dossier, "dossier", 1767700000), E_OK);
	CHECK(db_exec(F.db, "UPDATE view_log SET viewer_id = 1 WHERE id = 1") != E_OK);
	CHECK(db_exec(F.db, "DELETE FROM view_log") != E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM view_log"), 1);
}

static void a_reload_within_a_minute_adds_no_view(void)
{
	/* 1767700000 recorded above */
	CHECK_INT(view_log_record(F.db, clerk, dossier, "dossier", 1767700030), E_OK);
	CHECK_INT(view_log_record(F.db, clerk, dossier, "file", 1767700059), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM view_log"), 1);
	CHECK_INT(view_log_record(F.db, clerk, dossier, "slip", 1767700060), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM view_log"), 2);
	/* inside the caller's transaction: no nested BEGIN */
	CHECK_INT(db_begin(F.db), E_OK);
	CHECK_INT(view_log_record(F.db, clerk, dossier, "dossier", 1767800000), E_OK);
	CHECK_INT(db_commit(F.db), E_OK);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM view_log"), 3);
	CHECK_INT(view_log_record(F.db, 9999, dossier, "dossier", 1767900000), E_INVALID);
	CHECK_INT(view_log_record(F.db, clerk, 0, "dossier", 0), E_INVALID);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM view_log"), 3);
}

static void views_list_newest_first(void)
{
	json_t *v;
	CHECK_INT(view_log_for_dossier(F.db, dossier, 10, &v), E_OK);
	CHECK_INT(json_array_size(v), 3);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(v, 0), "at")), 1767800000);
	CHECK_STR(json_string_value(json_object_get(json_array_get(v, 0), "viewer")),
		  "Nguyễn Thị Hoa");
	CHECK_STR(json_string_value(json_object_get(json_array_get(v, 0), "unit")),
		  "UBND huyện Bình Chánh");
	CHECK_STR(json_string_value(json_object_get(json_array_get(v, 2), "what")), "dossier");
	json_decref(v);
	CHECK_INT(view_log_for_dossier(F.db, dossier, 1, &v), E_OK);
	CHECK_INT(json_array_size(v), 1);
	json_decref(v);
	int64_t rows;
	struct admin_audit_break b;
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(rows, 6);
	CHECK_INT(b.id, 0);
}

static void one_altered_row_is_named(void)
{
	CHECK_INT(db_exec(F.db, "DROP TRIGGER view_log_no_update; "
				"UPDATE view_log SET what = 'file' WHERE id = 2"), E_OK);
	int64_t rows;
	struct admin_audit_break b;
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(b.id, 2);
	CHECK_STR(b.table, "view_log");
	CHECK_STR(b.what, "hash");
	/* the administrative record is checked first */
	CHECK_INT(db_exec(F.db, "DROP TRIGGER admin_audit_no_update; "
				"UPDATE admin_audit SET after = '{\"b\":3,\"name\":\"Mới\"}' "
				"WHERE id = 2"), E_OK);
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(b.id, 2);
	CHECK_STR(b.table, "admin_audit");
	CHECK_STR(b.what, "hash");
	/* a row whose hash is recomputed breaks the next row's link */
	CHECK_INT(db_exec(F.db, "UPDATE admin_audit SET hash = zeroblob(32) WHERE id = 2"), E_OK);
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(b.id, 2);
	CHECK_INT(db_exec(F.db, "UPDATE admin_audit SET after = '{\"b\":2,\"name\":\"Mới\"}' "
				"WHERE id = 2"), E_OK);
	CHECK_INT(admin_audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(b.id, 2);
}

static void notify_overrides_replace_the_files(void)
{
	char dir[4096];
	share_path(dir, sizeof(dir), "templates/notify");
	CHECK_INT(db_begin(F.db), E_OK);
	CHECK_INT(notify_override_store_put(F.db, "vi/receive",
					    "Subject: Mới {{code}}\nSMS: Tin {{code}}\n\nThân {{name}}",
					    1, clerk), E_OK);
	CHECK_INT(db_commit(F.db), E_OK);
	struct notify_templates *t;
	char why[256];
	CHECK_INT(notify_templates_load_db(dir, F.db, &t, why, sizeof(why)), E_OK);
	const char *vars[NV__MAX] = { [NV_CODE] = "H29-1", [NV_NAME] = "An" };
	struct notify_text out;
	CHECK_INT(notify_render(t, EV_RECEIVE, NOTIFY_VI, vars, &out), E_OK);
	CHECK_STR(buf_str(&out.subject), "Mới H29-1");
	CHECK_STR(buf_str(&out.sms), "Tin H29-1");
	notify_text_free(&out);
	CHECK_INT(notify_render(t, EV_RECEIVE, NOTIFY_EN, vars, &out), E_OK);
	CHECK(strstr(buf_str(&out.subject), "H29-1") != NULL);	/* the file's text */
	notify_text_free(&out);
	notify_templates_free(t);
	/* an override quoting an unknown value is refused by the loader */
	CHECK_INT(db_begin(F.db), E_OK);
	CHECK_INT(notify_override_store_put(F.db, "en/resolve",
					    "Subject: {{ma}}\nSMS: x\n\ny", 1, clerk), E_OK);
	CHECK_INT(db_commit(F.db), E_OK);
	CHECK_INT(notify_templates_load_db(dir, F.db, &t, why, sizeof(why)), E_INVALID);
	CHECK(t == NULL);
	CHECK(strstr(why, "en/resolve") != NULL);
	char bad[32];
	CHECK(!notify_names_known("a {{#ma}}b{{/ma}}", bad, sizeof(bad)));
	CHECK_STR(bad, "{{#ma}}");
	CHECK(notify_names_known("{{#tracking}}x {{tracking}}{{/tracking}}", bad, sizeof(bad)));
}

int main(void)
{
	setup();
	RUN(records_chain_and_verify);
	RUN(records_are_append_only);
	RUN(a_reload_within_a_minute_adds_no_view);
	RUN(views_list_newest_first);
	RUN(one_altered_row_is_named);
	RUN(notify_overrides_replace_the_files);
	fix_close(&F);
	return harness_done("test_admin_audit");
}
