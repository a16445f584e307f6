/* test_catalog_versions.c - the versioned catalogue (docs/admin-catalog.md): a dossier keeps
 * the procedure version it was created under; drafts never change the live version;
 * unpublishing stops new dossiers only; every change is on the administrative record. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/catalog.h"
#include "motcua/catalog_admin.h"
#include "motcua/dossier_store.h"

static struct fixture F;

/* The live data of code with duration value days and fee amount (P5 only) changed. */
static json_t *edited(const char *code, int days, int64_t fee)
{
	json_t *p;
	if (catalog_admin_get(F.db, code, &p) != E_OK)
		return NULL;
	json_t *d = json_deep_copy(json_object_get(p, "live"));
	json_decref(p);
	json_object_set_new(json_object_get(d, "duration"), "value", json_integer(days));
	if (fee >= 0)
		json_object_set_new(json_array_get(json_object_get(d, "fees"), 0), "amount",
				    json_integer(fee));
	return d;
}

/* Save data as a draft and publish it; the engine reloads as web_engine_invalidate makes the
 * server's engines do. Returns the published version (0 on failure). */
static int publish(json_t *data)
{
	struct import_result r;
	int v = 0;
	const char *code = json_string_value(json_object_get(data, "code"));
	if (catalog_admin_save(F.db, data, 0, T("2026-01-05T08:30"), &r, &v) != E_OK ||
	    catalog_admin_publish(F.db, code, 0, T("2026-01-05T08:31"), &r, &v) != E_OK)
		return 0;
	engine_reload(F.e, F.db);
	return v;
}

/* The dossier row of id. */
static struct dossier row(int64_t id)
{
	struct dossier d;
	memset(&d, 0, sizeof(d));
	dossier_store_load(F.db, id, NULL, &d);
	return d;
}

static void submitted_before_a_duration_change_keeps_the_old_duration(void)
{
	fix_open(&F);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	in.channel = "online";
	struct event_result r;
	CHECK(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r) == E_OK);
	int64_t before = r.dossier_id;
	CHECK_INT(row(before).procedure_version, 1);
	json_t *d = edited("R3", 5, -1);
	CHECK_INT(publish(d), 2);
	json_decref(d);
	/* Received after the change: 3 working days of version 1 from Monday 09:00. */
	CHECK(fix_ev(&F, before, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:00", NULL, &r) == E_OK);
	CHECK_INT(row(before).due_at, T("2026-01-08T09:00"));
	/* A new dossier gets version 2: 5 working days. */
	int64_t after = fix_receive(&F, "R3", "counter", "2026-01-05T09:00");
	CHECK(after > 0);
	CHECK_INT(row(after).procedure_version, 2);
	CHECK_INT(row(after).due_at, T("2026-01-12T09:00"));
	/* Later events of the old dossier still compute from version 1 (restart after a
	 * supplement: 3 days again). */
	struct event_input sup;
	memset(&sup, 0, sizeof(sup));
	sup.items = "Bản sao CCCD";
	sup.reason = "thiếu";
	CHECK(fix_ev(&F, before, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T10:00", &sup,
		     NULL) == E_OK);
	CHECK(fix_ev(&F, before, EV_SUPPLEMENT, ROLE_CLERK, "2026-01-06T08:00", NULL, NULL) ==
	      E_OK);
	CHECK_INT(row(before).due_at, T("2026-01-09T08:00"));
	fix_close(&F);
}

static void a_fee_change_never_changes_what_a_dossier_was_charged(void)
{
	fix_open(&F);
	int64_t old = fix_receive(&F, "P5", "counter", "2026-01-05T08:00");
	CHECK_INT(row(old).fee_amount, 50000);
	json_t *d = edited("P5", 5, 80000);
	CHECK_INT(publish(d), 2);
	json_decref(d);
	CHECK(fix_ev(&F, old, EV_ASSIGN, ROLE_LEADER, "2026-01-05T09:00", NULL, NULL) == E_OK);
	CHECK_INT(row(old).fee_amount, 50000);
	CHECK_INT(row(old).due_at, T("2026-01-12T08:00"));
	int64_t fresh = fix_receive(&F, "P5", "counter", "2026-01-05T09:00");
	CHECK_INT(row(fresh).fee_amount, 80000);
	fix_close(&F);
}

static void a_draft_never_changes_the_live_version(void)
{
	fix_open(&F);
	json_t *d = edited("R3", 9, -1);
	struct import_result r;
	int v = 0;
	CHECK(catalog_admin_save(F.db, d, 0, T("2026-01-05T08:00"), &r, &v) == E_OK);
	CHECK_INT(v, 2);
	/* Saving again replaces the same draft. */
	CHECK(catalog_admin_save(F.db, d, 0, T("2026-01-05T08:05"), &r, &v) == E_OK);
	CHECK_INT(v, 2);
	json_decref(d);
	engine_reload(F.e, F.db);
	int64_t id = fix_receive(&F, "R3", "counter", "2026-01-05T09:00");
	CHECK_INT(row(id).procedure_version, 1);
	CHECK_INT(row(id).due_at, T("2026-01-08T09:00"));
	CHECK_INT(fix_int(&F, "SELECT duration_value FROM procedures WHERE code = 'R3'"), 3);
	json_t *p;
	CHECK(catalog_admin_get(F.db, "R3", &p) == E_OK);
	CHECK_INT(json_integer_value(json_object_get(p, "draft_version")), 2);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(json_object_get(p, "draft"),
			"duration"), "value")), 9);
	json_decref(p);
	CHECK(catalog_admin_discard(F.db, "R3", 0, T("2026-01-05T10:00")) == E_OK);
	CHECK(catalog_admin_discard(F.db, "R3", 0, T("2026-01-05T10:00")) == E_NOTFOUND);
	fix_close(&F);
}

static void unpublished_procedures_take_no_new_dossier_but_old_ones_continue(void)
{
	fix_open(&F);
	int64_t id = fix_receive(&F, "R3", "counter", "2026-01-05T08:00");
	CHECK(catalog_admin_set_published(F.db, "R3", false, 0, T("2026-01-05T08:10")) == E_OK);
	engine_reload(F.e, F.db);
	CHECK(fix_receive(&F, "R3", "counter", "2026-01-05T09:00") == 0);
	CHECK(fix_ev(&F, id, EV_ASSIGN, ROLE_LEADER, "2026-01-05T09:00", NULL, NULL) == E_OK);
	json_t *list;
	CHECK(catalog_search(F.db, "khai sinh", 10, &list) == E_OK);
	CHECK_INT(json_array_size(list), 0);
	json_decref(list);
	json_t *p;
	CHECK(catalog_get_published(F.db, "R3", &p) == E_NOTFOUND);
	CHECK(catalog_admin_set_published(F.db, "R3", true, 0, T("2026-01-05T09:10")) == E_OK);
	engine_reload(F.e, F.db);
	CHECK(fix_receive(&F, "R3", "counter", "2026-01-05T09:20") > 0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action IN "
			      "('procedure.unpublish', 'procedure.republish')"), 2);
	fix_close(&F);
}

static void history_lists_versions_with_what_changed(void)
{
	fix_open(&F);
	json_t *d = edited("R3", 4, -1);
	CHECK_INT(publish(d), 2);
	json_decref(d);
	json_t *p;
	CHECK(catalog_admin_get(F.db, "R3", &p) == E_OK);
	json_t *h = json_object_get(p, "history");
	CHECK_INT(json_array_size(h), 2);
	json_t *newest = json_array_get(h, 0);
	CHECK_STR(json_string_value(json_object_get(newest, "state")), "published");
	CHECK_STR(json_string_value(json_array_get(json_object_get(newest, "changes"), 0)),
		  "duration");
	CHECK_INT(json_array_size(json_object_get(newest, "changes")), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(h, 1), "state")), "superseded");
	CHECK_INT(json_integer_value(json_object_get(p, "version")), 2);
	json_decref(p);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action = 'procedure.publish' "
			      "AND target = 'procedure:R3@2'"), 1);
	/* A dossier's page shows the version it was created under. */
	json_t *old, *live;
	CHECK(catalog_get_version(F.db, "R3", 1, &old) == E_OK);
	CHECK(catalog_get_version(F.db, "R3", 2, &live) == E_OK);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(old, "duration"), "value")), 3);
	CHECK_INT(json_integer_value(json_object_get(old, "version")), 1);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(live, "duration"), "value")), 4);
	CHECK_STR(json_string_value(json_object_get(old, "name")), "Đăng ký khai sinh");
	json_decref(old);
	json_decref(live);
	fix_close(&F);
}

static void invalid_data_is_refused_with_the_field_and_saves_nothing(void)
{
	fix_open(&F);
	json_t *d = edited("R3", 0, -1);
	struct import_result r;
	int v = 0;
	CHECK(catalog_admin_save(F.db, d, 0, T("2026-01-05T08:00"), &r, &v) == E_INVALID);
	CHECK_STR(r.field, "duration.value");
	json_decref(d);
	/* The importer takes a 60-byte field name; the citizen's form (eform_parse) would not. */
	d = edited("R3", 3, -1);
	json_object_set_new(d, "form", json_pack("[{s:s, s:s, s:s}]", "name",
		"a_very_long_field_name_that_is_over_forty_eight_bytes_x", "label", "Nhãn", "type",
		"text"));
	CHECK(catalog_admin_save(F.db, d, 0, T("2026-01-05T08:00"), &r, &v) == E_INVALID);
	CHECK_STR(r.field, "form[1].name");
	json_decref(d);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM procedure_versions WHERE state = 'draft'"), 0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit"), 0);
	fix_close(&F);
}

static void a_new_procedure_is_hidden_until_published(void)
{
	fix_open(&F);
	json_t *d = edited("R3", 2, -1);
	json_object_set_new(d, "code", json_string("NEW.1"));
	json_object_set_new(d, "name", json_string("Thủ tục mới"));
	struct import_result r;
	int v = 0;
	CHECK(catalog_admin_save(F.db, d, 0, T("2026-01-05T08:00"), &r, &v) == E_OK);
	CHECK_INT(v, 1);
	json_decref(d);
	engine_reload(F.e, F.db);
	CHECK(fix_receive(&F, "NEW.1", "counter", "2026-01-05T09:00") == 0);
	CHECK(catalog_admin_set_published(F.db, "NEW.1", true, 0, 0) == E_REFUSED);
	CHECK(catalog_admin_publish(F.db, "NEW.1", 0, T("2026-01-05T08:10"), &r, &v) == E_OK);
	CHECK_INT(v, 1);
	engine_reload(F.e, F.db);
	int64_t id = fix_receive(&F, "NEW.1", "counter", "2026-01-05T09:00");
	CHECK(id > 0);
	CHECK_INT(row(id).due_at, T("2026-01-07T09:00"));
	fix_close(&F);
}

static void importing_a_changed_procedure_adds_a_version(void)
{
	fix_open(&F);
	int64_t id = fix_receive(&F, "P5", "counter", "2026-01-05T08:00");
	struct import_result r;
	/* The same file again adds no version. */
	CHECK(import_catalog(F.db, FIX_CATALOG, strlen(FIX_CATALOG), &r) == E_OK);
	CHECK_INT(fix_int(&F, "SELECT version FROM procedures WHERE code = 'P5'"), 1);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM procedure_versions"), 2);
	static const char changed[] =
		"[{\"code\": \"P5\", \"name\": \"Cấp giấy chứng nhận\", \"field\": \"Đất đai\","
		"  \"levels\": [\"district\"], \"online_level\": \"info\","
		"  \"duration\": {\"value\": 9, \"unit\": \"working_days\"}}]";
	CHECK(import_catalog(F.db, changed, strlen(changed), &r) == E_OK);
	CHECK_INT(fix_int(&F, "SELECT version FROM procedures WHERE code = 'P5'"), 2);
	engine_reload(F.e, F.db);
	CHECK(fix_ev(&F, id, EV_ASSIGN, ROLE_LEADER, "2026-01-05T09:00", NULL, NULL) == E_OK);
	CHECK_INT(row(id).procedure_version, 1);
	CHECK_INT(row(id).due_at, T("2026-01-12T08:00"));
	fix_close(&F);
}

int main(void)
{
	RUN(submitted_before_a_duration_change_keeps_the_old_duration);
	RUN(a_fee_change_never_changes_what_a_dossier_was_charged);
	RUN(a_draft_never_changes_the_live_version);
	RUN(unpublished_procedures_take_no_new_dossier_but_old_ones_continue);
	RUN(history_lists_versions_with_what_changed);
	RUN(invalid_data_is_refused_with_the_field_and_saves_nothing);
	RUN(a_new_procedure_is_hidden_until_published);
	RUN(importing_a_changed_procedure_adds_a_version);
	return harness_done("test_catalog_versions");
}
