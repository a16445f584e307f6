/* test_import.c - importing units, the calendar and the catalogue (formats.md): good files,
 * every kind of error (named line and field, nothing imported), re-import as upsert, office
 * hours by inheritance, and the catalogue read API with diacritic-free search. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "motcua/calendar.h"
#include "motcua/calendar_store.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/import.h"
#include "motcua/migrate.h"
#include "motcua/procedure_store.h"
#include "motcua/unit.h"

static char db_file[64];

/* A fresh migrated database in a temporary file (closed by close_db). */
static struct db *open_db(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-import-XXXXXX");
	int fd = mkstemp(db_file);
	if (fd >= 0)
		close(fd);
	struct db *db = NULL;
	if (!CHECK_INT(db_open(db_file, &db), E_OK))
		abort();
	char dir[4096];
	const char *share = getenv("MOTCUA_SHARE");
	snprintf(dir, sizeof(dir), "%s/migrations", share && *share ? share : ".");
	if (!CHECK_INT(migrate_apply(db, dir, NULL), E_OK))
		abort();
	return db;
}

/* Close db and remove its files. */
static void close_db(struct db *db)
{
	db_close(db);
	char p[80];
	unlink(db_file);
	snprintf(p, sizeof(p), "%s-wal", db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_file);
	unlink(p);
}

static const char UNITS[] =
	"[{\"code\": \"H29\", \"name\": \"UBND Thành phố Hồ Chí Minh\", \"level\": \"province\",\n"
	"  \"parent\": null},\n"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện Bình Chánh\", \"level\": \"district\",\n"
	"  \"parent\": \"H29\", \"hours\": [[\"07:30\", \"11:30\"], [\"13:00\", \"16:30\"]]},\n"
	" {\"code\": \"H29.23.01\", \"name\": \"UBND xã Vĩnh Lộc A\", \"level\": \"commune\",\n"
	"  \"parent\": \"H29.23\"},\n"
	" {\"code\": \"H29.23.TP\", \"name\": \"Phòng Tư pháp\", \"level\": \"department\",\n"
	"  \"parent\": \"H29.23\"}]\n";

static const char CALENDAR[] =
	"date,working,name,source\n"
	"2026-01-01,0,Tết Dương lịch,Bộ luật Lao động 2019 Điều 112\n"
	"2026-02-16,0,Tết Nguyên đán,\"Thông báo .../TB-BNV, 2025\"\n"
	"2026-04-25,1,Làm bù,Thông báo .../TB-BNV\n";

static const char PROCEDURE[] =
	"{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
	" \"department\": \"H29.23.TP\", \"levels\": [\"commune\"], \"online_level\": \"full\","
	" \"duration\": {\"value\": 1, \"unit\": \"working_days\"}, \"duration_online\": null,"
	" \"cutoff\": \"15:00\", \"supplement_policy\": \"restart\","
	" \"supplement_window_days\": 15,"
	" \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 8000, \"kind\": \"fee\"},"
	"          {\"name\": \"Phí bản sao\", \"amount\": 3000, \"kind\": \"charge\"}],"
	" \"components\": [{\"name\": \"Tờ khai đăng ký khai sinh\", \"required\": true}],"
	" \"form\": [{\"name\": \"child_name\", \"label\": \"Họ, chữ đệm, tên của trẻ\","
	"            \"type\": \"text\", \"required\": true, \"max\": 100},"
	"           {\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"select\","
	"            \"options\": [\"Nam\", \"Nữ\"]}],"
	" \"result\": {\"name\": \"Giấy khai sinh\", \"is_document\": true},"
	" \"delivery\": [\"counter\", \"post\", \"online\"],"
	" \"steps\": [{\"name\": \"Thẩm định\", \"role\": \"specialist\", \"hours\": 4},"
	"           {\"name\": \"Ký duyệt\", \"role\": \"leader\", \"hours\": 4}]}";

/* Import a NUL-terminated text. */
static enum err imp(struct db *db, enum import_kind k, const char *text, struct import_result *r)
{
	return import_run(db, k, text, strlen(text), r);
}

/* A catalogue file: "[" PROCEDURE "]" with key set to the JSON value `value` (NULL removes
 * the key). Caller frees. */
static char *catalog_with(const char *key, const char *value)
{
	json_t *p = json_loads(PROCEDURE, 0, NULL);
	if (key && value)
		json_object_set_new(p, key, json_loads(value, JSON_DECODE_ANY, NULL));
	else if (key)
		json_object_del(p, key);
	json_t *arr = json_pack("[o]", p);
	char *s = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(arr);
	return s;
}

/* A database with the sample units (and optionally the sample procedure). */
static struct db *db_with_units(bool with_procedure)
{
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, UNITS, &r), E_OK);
	if (with_procedure) {
		char *cat = catalog_with(NULL, NULL);
		CHECK_INT(imp(db, IMPORT_CATALOG, cat, &r), E_OK);
		free(cat);
	}
	return db;
}

static void units_good_file_imports(void)
{
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, UNITS, &r), E_OK);
	CHECK_INT(r.rows, 4);
	CHECK_INT(r.inserted, 4);
	CHECK_INT(unit_store_count(db), 4);
	struct unit_rec root, com;
	CHECK_INT(unit_get_by_code(db, "H29", &root), E_OK);
	CHECK_INT(unit_get_by_code(db, "H29.23.01", &com), E_OK);
	CHECK_STR(com.level, "commune");
	CHECK(unit_path_within(com.path, root.path));
	CHECK(!unit_path_within(root.path, com.path));
	unit_rec_free(&root);
	unit_rec_free(&com);
	close_db(db);
}

static void units_error_names_element_line_and_field(void)
{
	struct db *db = db_with_units(false);
	static const char bad[] =
		"[{\"code\": \"H30\", \"name\": \"Tỉnh mới\", \"level\": \"province\"},\n"
		" {\"code\": \"H29\", \"name\": \"Đổi tên\", \"level\": \"province\"},\n"
		" {\"code\": \"H30.01\", \"name\": \"Xã\",\n"
		"  \"level\": \"comune\", \"parent\": \"H30\"}]";
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, bad, &r), E_INVALID);
	CHECK_INT(r.element, 3);
	CHECK_INT(r.line, 3);
	CHECK_STR(r.field, "level");
	CHECK(strstr(r.message, "element 3 (line 3), field \"level\"") != NULL);
	/* Nothing imported: no new unit, the rename of element 2 rolled back. */
	CHECK_INT(unit_store_count(db), 4);
	struct unit_rec u;
	CHECK_INT(unit_get_by_code(db, "H29", &u), E_OK);
	CHECK_STR(u.name, "UBND Thành phố Hồ Chí Minh");
	unit_rec_free(&u);
	close_db(db);
}

static void units_parent_must_exist_or_come_earlier(void)
{
	struct db *db = open_db();
	static const char later[] =
		"[{\"code\": \"A.1\", \"name\": \"Con\", \"level\": \"commune\", \"parent\": \"A\"},\n"
		" {\"code\": \"A\", \"name\": \"Cha\", \"level\": \"province\"}]";
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, later, &r), E_INVALID);
	CHECK_STR(r.field, "parent");
	CHECK_INT(r.element, 1);
	CHECK_INT(unit_store_count(db), 0);
	static const char earlier[] =
		"[{\"code\": \"A\", \"name\": \"Cha\", \"level\": \"province\"},\n"
		" {\"code\": \"A.1\", \"name\": \"Con\", \"level\": \"commune\", \"parent\": \"A\"}]";
	CHECK_INT(imp(db, IMPORT_UNITS, earlier, &r), E_OK);
	CHECK_INT(unit_store_count(db), 2);
	close_db(db);
}

static void units_each_kind_of_error_is_refused(void)
{
	static const struct {
		const char *text, *field;
	} cases[] = {
		{ "[{\"name\": \"X\", \"level\": \"province\"}]", "code" },
		{ "[{\"code\": \"X-1\", \"name\": \"X\", \"level\": \"province\"}]", "code" },
		{ "[{\"code\": \"X\", \"name\": \"\", \"level\": \"province\"}]", "name" },
		{ "[{\"code\": \"X\", \"name\": \"X\", \"level\": \"province\", \"parent\": \"X\"}]",
		  "parent" },
		{ "[{\"code\": \"X\", \"name\": \"X\", \"level\": \"province\","
		  " \"hours\": [[\"11:30\", \"07:00\"]]}]", "hours" },
		{ "[{\"code\": \"X\", \"name\": \"X\", \"level\": \"province\", \"colour\": 1}]",
		  "colour" },
		{ "[{\"code\": \"X\", \"name\": \"X\", \"level\": \"province\"},"
		  " {\"code\": \"X\", \"name\": \"Y\", \"level\": \"province\"}]", "code" },
		{ "[{\"code\": \"H29.9\", \"name\": \"X\", \"level\": \"commune\", \"parent\": \"H9\"}]",
		  "parent" },
	};
	struct db *db = db_with_units(false);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct import_result r;
		if (!CHECK_INT(imp(db, IMPORT_UNITS, cases[i].text, &r), E_INVALID))
			fprintf(stderr, "  case %zu\n", i);
		CHECK_STR(r.field, cases[i].field);
		CHECK_INT(unit_store_count(db), 4);
	}
	close_db(db);
}

static void json_syntax_error_names_the_line(void)
{
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, "[\n{\"code\": \"A\",\n \"name\" \"B\"}]", &r), E_INVALID);
	CHECK_INT(r.line, 3);
	CHECK_INT(imp(db, IMPORT_UNITS, "{\"code\": \"A\"}", &r), E_INVALID);
	CHECK_INT(imp(db, IMPORT_CATALOG, "[\"\xff\"]", &r), E_INVALID);	/* not UTF-8 */
	close_db(db);
}

static void units_reimport_upserts(void)
{
	struct db *db = db_with_units(false);
	static const char again[] =
		"[{\"code\": \"H29.23.01\", \"name\": \"UBND xã Vĩnh Lộc A (mới)\","
		" \"level\": \"commune\", \"parent\": \"H29\"}]";
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, again, &r), E_OK);
	CHECK_INT(r.updated, 1);
	CHECK_INT(r.inserted, 0);
	CHECK_INT(unit_store_count(db), 4);
	struct unit_rec u, p;
	CHECK_INT(unit_get_by_code(db, "H29.23.01", &u), E_OK);
	CHECK_INT(unit_get_by_code(db, "H29", &p), E_OK);
	CHECK_STR(u.name, "UBND xã Vĩnh Lộc A (mới)");
	CHECK_INT(u.parent_id, p.id);	/* moved: path follows */
	char want[64];
	snprintf(want, sizeof(want), "%s%lld/", p.path, (long long)u.id);
	CHECK_STR(u.path, want);
	unit_rec_free(&u);
	unit_rec_free(&p);
	close_db(db);
}

static void units_move_into_own_subtree_is_refused(void)
{
	struct db *db = db_with_units(false);
	static const char cycle[] =
		"[{\"code\": \"H29.23\", \"name\": \"Huyện\", \"level\": \"district\","
		" \"parent\": \"H29.23.01\"}]";
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_UNITS, cycle, &r), E_INVALID);
	CHECK_STR(r.field, "parent");
	close_db(db);
}

static void office_hours_are_inherited(void)
{
	struct db *db = db_with_units(false);
	struct unit_rec root, dist, com;
	CHECK_INT(unit_get_by_code(db, "H29", &root), E_OK);
	CHECK_INT(unit_get_by_code(db, "H29.23", &dist), E_OK);
	CHECK_INT(unit_get_by_code(db, "H29.23.01", &com), E_OK);
	struct office_hours h;
	CHECK_INT(unit_office_hours(db, root.id, &h), E_OK);	/* none anywhere: default */
	CHECK_INT(office_minutes_per_day(&h), 480);
	CHECK_INT(h.start[0], 7 * 60);
	CHECK_INT(unit_office_hours(db, dist.id, &h), E_OK);	/* its own */
	CHECK_INT(h.start[0], 7 * 60 + 30);
	CHECK_INT(unit_office_hours(db, com.id, &h), E_OK);	/* the district's */
	CHECK_INT(h.start[0], 7 * 60 + 30);
	CHECK_INT(h.end[1], 16 * 60 + 30);
	CHECK_INT(unit_office_hours(db, 9999, &h), E_NOTFOUND);
	unit_rec_free(&root);
	unit_rec_free(&dist);
	unit_rec_free(&com);
	close_db(db);
}

static void calendar_good_file_imports(void)
{
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CALENDAR, CALENDAR, &r), E_OK);
	CHECK_INT(r.rows, 3);
	CHECK_INT(r.inserted, 3);
	CHECK_INT(calendar_store_count(db), 3);
	struct calendar *c = calendar_new();
	CHECK_INT(calendar_load(c, db), E_OK);
	int64_t d;
	CHECK(parse_ymd("2026-02-16", &d) && !calendar_is_working(c, d));
	CHECK(parse_ymd("2026-04-25", &d) && calendar_is_working(c, d));
	calendar_free(c);
	/* A byte-order mark and CRLF line ends are accepted. */
	CHECK_INT(imp(db, IMPORT_CALENDAR, "\xef\xbb\xbf" "date,working,name,source\r\n"
		      "2026-09-02,0,Quốc khánh,\r\n", &r), E_OK);
	CHECK_INT(calendar_store_count(db), 4);
	close_db(db);
}

static void calendar_each_kind_of_error_is_refused(void)
{
	static const struct {
		const char *text;
		long line;
		const char *field;
	} cases[] = {
		{ "date,working,name\n2026-01-01,0,X\n", 1, "" },
		{ "date,working,name,source\n2026-01-01,0,X,\n2026-02-30,0,Y,\n", 3, "date" },
		{ "date,working,name,source\n01/01/2026,0,X,\n", 2, "date" },
		{ "date,working,name,source\n1900-01-01,0,X,\n", 2, "date" },
		{ "date,working,name,source\n2026-01-01,2,X,\n", 2, "working" },
		{ "date,working,name,source\n2026-01-01,0,,\n", 2, "name" },
		{ "date,working,name,source\n2026-01-01,0,X\n", 2, "" },
		{ "date,working,name,source\n2026-01-01,0,\"X,\n", 2, "" },
		{ "date,working,name,source\n2026-01-01,0,X,\n\n2026-01-01,1,Y,\n", 4, "date" },
		{ "", 1, "" },
	};
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CALENDAR, CALENDAR, &r), E_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!CHECK_INT(imp(db, IMPORT_CALENDAR, cases[i].text, &r), E_INVALID))
			fprintf(stderr, "  case %zu\n", i);
		if (!CHECK_INT(r.line, cases[i].line))
			fprintf(stderr, "  case %zu: %s\n", i, r.message);
		CHECK_STR(r.field, cases[i].field);
		CHECK_INT(calendar_store_count(db), 3);
	}
	close_db(db);
}

static void calendar_reimport_upserts(void)
{
	struct db *db = open_db();
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CALENDAR, CALENDAR, &r), E_OK);
	CHECK_INT(imp(db, IMPORT_CALENDAR, "date,working,name,source\n"
		      "2026-04-25,0,Không làm bù,TB sửa đổi\n2026-04-27,0,Nghỉ bù,\n", &r), E_OK);
	CHECK_INT(r.updated, 1);
	CHECK_INT(r.inserted, 1);
	CHECK_INT(calendar_store_count(db), 4);
	struct calendar *c = calendar_new();
	CHECK_INT(calendar_load(c, db), E_OK);
	int64_t d;
	CHECK(parse_ymd("2026-04-25", &d) && !calendar_is_working(c, d));
	calendar_free(c);
	close_db(db);
}

static void catalog_good_file_imports(void)
{
	struct db *db = db_with_units(true);
	CHECK_INT(procedure_store_count(db), 1);
	CHECK_INT(field_store_count(db), 1);
	json_t *p = NULL;
	CHECK_INT(catalog_get(db, "1.001193", &p), E_OK);
	if (p) {
		CHECK_STR(json_string_value(json_object_get(p, "name")), "Đăng ký khai sinh");
		CHECK_STR(json_string_value(json_object_get(p, "field")), "Hộ tịch");
		CHECK_STR(json_string_value(json_object_get(p, "department")), "H29.23.TP");
		CHECK_STR(json_string_value(json_object_get(p, "cutoff")), "15:00");
		CHECK_INT(json_integer_value(json_object_get(p, "fee_total")), 11000);
		CHECK_INT(json_array_size(json_object_get(p, "form")), 2);
		CHECK_INT(json_array_size(json_object_get(p, "steps")), 2);
		CHECK_INT(json_array_size(json_object_get(p, "delivery")), 3);
		CHECK(json_is_null(json_object_get(p, "duration_online")));
		CHECK_STR(json_string_value(json_object_get(json_object_get(p, "duration"), "unit")),
			  "working_days");
		CHECK(json_is_true(json_object_get(json_object_get(p, "result"), "is_document")));
		CHECK_STR(json_string_value(json_object_get(p, "supplement_policy")), "restart");
	}
	json_decref(p);
	CHECK_INT(catalog_get(db, "9.999", &p), E_NOTFOUND);
	CHECK(p == NULL);
	close_db(db);
}

static void catalog_each_kind_of_error_is_refused(void)
{
	static const struct {
		const char *key, *value, *field;
	} cases[] = {
		{ "code", NULL, "code" },
		{ "name", "\"\"", "name" },
		{ "field", "3", "field" },
		{ "department", "\"H99\"", "department" },
		{ "levels", "[\"village\"]", "levels[1]" },
		{ "online_level", "\"level4\"", "online_level" },
		{ "duration", "{\"value\": 1, \"unit\": \"days\"}", "duration.unit" },
		{ "duration", "{\"value\": 0, \"unit\": \"working_days\"}", "duration.value" },
		{ "duration", NULL, "duration" },
		{ "duration_online", "{\"value\": 1, \"unit\": \"calendar_days\"}",
		  "duration_online.unit" },
		{ "cutoff", "\"25:00\"", "cutoff" },
		{ "supplement_policy", "\"wait\"", "supplement_policy" },
		{ "supplement_window_days", "0", "supplement_window_days" },
		{ "fees", "[{\"name\": \"Lệ phí\", \"amount\": -1, \"kind\": \"fee\"}]",
		  "fees[1].amount" },
		{ "fees", "[{\"name\": \"Lệ phí\", \"amount\": 1.5, \"kind\": \"fee\"}]",
		  "fees[1].amount" },
		{ "fees", "[{\"name\": \"Lệ phí\", \"amount\": 0, \"kind\": \"tax\"}]",
		  "fees[1].kind" },
		{ "components", "[{\"required\": true}]", "components[1].name" },
		{ "form", "[{\"name\": \"a\", \"label\": \"A\", \"type\": \"colour\"}]",
		  "form[1].type" },
		{ "form", "[{\"name\": \"a\", \"label\": \"A\", \"type\": \"select\"}]",
		  "form[1].options" },
		{ "form", "[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\"},"
			  " {\"name\": \"a\", \"label\": \"B\", \"type\": \"text\"}]",
		  "form[2].name" },
		{ "form", "[{\"name\": \"Tên\", \"label\": \"A\", \"type\": \"text\"}]",
		  "form[1].name" },
		{ "delivery", "[\"fax\"]", "delivery[1]" },
		{ "delivery", "[]", "delivery" },
		{ "delivery", "[\"post\", \"post\"]", "delivery[2]" },
		{ "steps", "[{\"name\": \"Ký\", \"role\": \"citizen\", \"hours\": 4}]",
		  "steps[1].role" },
		{ "steps", "[{\"name\": \"Ký\", \"role\": \"leader\", \"hours\": -4}]",
		  "steps[1].hours" },
		{ "result", "{\"is_document\": true}", "result.name" },
		{ "color", "1", "color" },
	};
	struct db *db = db_with_units(true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = catalog_with(cases[i].key, cases[i].value);
		struct import_result r;
		if (!CHECK_INT(imp(db, IMPORT_CATALOG, text, &r), E_INVALID))
			fprintf(stderr, "  case %zu (%s)\n", i, cases[i].key);
		if (!CHECK_STR(r.field, cases[i].field))
			fprintf(stderr, "  case %zu: %s\n", i, r.message);
		CHECK_INT(r.element, 1);
		CHECK(r.line >= 1);
		free(text);
	}
	/* The good procedure is untouched by every refused file. */
	json_t *p = NULL;
	CHECK_INT(catalog_get(db, "1.001193", &p), E_OK);
	CHECK_INT(json_integer_value(json_object_get(p, "fee_total")), 11000);
	json_decref(p);
	CHECK_INT(procedure_store_count(db), 1);
	close_db(db);
}

static void catalog_error_in_a_later_element_imports_nothing(void)
{
	struct db *db = db_with_units(false);
	char *good = catalog_with(NULL, NULL);
	good[strlen(good) - 1] = '\0';	/* drop the closing ']' */
	char text[8192];
	snprintf(text, sizeof(text), "%s,\n{\"code\": \"2.0\", \"name\": \"X\", \"field\": \"Y\","
		 "\n \"online_level\": \"full\", \"duration\": {\"value\": 2, \"unit\": \"weeks\"}}]",
		 good);
	free(good);
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CATALOG, text, &r), E_INVALID);
	CHECK_INT(r.element, 2);
	CHECK_STR(r.field, "duration.unit");
	CHECK_INT(procedure_store_count(db), 0);
	CHECK_INT(field_store_count(db), 0);
	close_db(db);
}

static void catalog_reimport_upserts(void)
{
	struct db *db = db_with_units(true);
	char *text = catalog_with("name", "\"Đăng ký lại khai sinh\"");
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CATALOG, text, &r), E_OK);
	free(text);
	CHECK_INT(r.updated, 1);
	CHECK_INT(r.inserted, 0);
	CHECK_INT(procedure_store_count(db), 1);
	json_t *found = NULL;
	CHECK_INT(catalog_search(db, "dang ky lai", 10, &found), E_OK);
	CHECK_INT(json_array_size(found), 1);
	json_decref(found);
	close_db(db);
}

/* Number of search results for q. */
static size_t hits(struct db *db, const char *q)
{
	json_t *a = NULL;
	CHECK_INT(catalog_search(db, q, 0, &a), E_OK);
	size_t n = json_array_size(a);
	json_decref(a);
	return n;
}

static void catalog_search_ignores_diacritics_and_case(void)
{
	struct db *db = db_with_units(true);
	char *other = catalog_with("code", "\"1.000001\"");
	json_t *o = json_loads(other, 0, NULL);
	free(other);
	json_object_set_new(json_array_get(o, 0), "name", json_string("Đăng ký khai tử"));
	char *text = json_dumps(o, 0);
	json_decref(o);
	struct import_result r;
	CHECK_INT(imp(db, IMPORT_CATALOG, text, &r), E_OK);
	free(text);
	json_t *a = NULL;
	CHECK_INT(catalog_search(db, "dang ky khai sinh", 10, &a), E_OK);
	CHECK_INT(json_array_size(a), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(a, 0), "name")),
		  "Đăng ký khai sinh");
	json_decref(a);
	CHECK_INT(hits(db, "ĐĂNG KÝ KHAI SINH"), 1);
	CHECK_INT(hits(db, "Dang Ky"), 2);
	CHECK_INT(hits(db, "khai   sinh dang"), 1);	/* every word, any order */
	CHECK_INT(hits(db, "1.001193"), 1);		/* by code */
	CHECK_INT(hits(db, "ket hon"), 0);
	CHECK_INT(hits(db, "100%_"), 0);		/* wildcards are plain text */
	CHECK_INT(hits(db, ""), 0);
	close_db(db);
}

static void catalog_lists_fields_and_their_procedures(void)
{
	struct db *db = db_with_units(true);
	json_t *fields = NULL;
	CHECK_INT(catalog_fields(db, &fields), E_OK);
	CHECK_INT(json_array_size(fields), 1);
	json_t *f = json_array_get(fields, 0);
	CHECK_STR(json_string_value(json_object_get(f, "name")), "Hộ tịch");
	CHECK_INT(json_integer_value(json_object_get(f, "procedures")), 1);
	json_t *procs = NULL;
	CHECK_INT(catalog_field_procedures(db, json_integer_value(json_object_get(f, "id")),
					   &procs), E_OK);
	CHECK_INT(json_array_size(procs), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(procs, 0), "code")), "1.001193");
	json_decref(procs);
	CHECK_INT(catalog_field_procedures(db, 999, &procs), E_OK);
	CHECK_INT(json_array_size(procs), 0);
	json_decref(procs);
	json_decref(fields);
	close_db(db);
}

int main(void)
{
	RUN(units_good_file_imports);
	RUN(units_error_names_element_line_and_field);
	RUN(units_parent_must_exist_or_come_earlier);
	RUN(units_each_kind_of_error_is_refused);
	RUN(json_syntax_error_names_the_line);
	RUN(units_reimport_upserts);
	RUN(units_move_into_own_subtree_is_refused);
	RUN(office_hours_are_inherited);
	RUN(calendar_good_file_imports);
	RUN(calendar_each_kind_of_error_is_refused);
	RUN(calendar_reimport_upserts);
	RUN(catalog_good_file_imports);
	RUN(catalog_each_kind_of_error_is_refused);
	RUN(catalog_error_in_a_later_element_imports_nothing);
	RUN(catalog_reimport_upserts);
	RUN(catalog_search_ignores_diacritics_and_case);
	RUN(catalog_lists_fields_and_their_procedures);
	return harness_done("test_import");
}
