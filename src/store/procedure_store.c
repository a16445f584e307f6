/* procedure_store.c - SQL for the `fields` and `procedures` tables. */
#include "motcua/procedure_store.h"
#include "db_sql.h"

#include <string.h>

static const char sql_field_find[] = "SELECT id FROM fields WHERE name = ?1";
static const char sql_field_insert[] = "INSERT INTO fields (name, name_fold) VALUES (?1, ?2)";
static const char sql_field_each[] =
	"SELECT f.id, f.name, (SELECT count(*) FROM procedures p WHERE p.field_id = f.id AND "
	"p.published = 1) "
	"FROM fields f ORDER BY f.name_fold, f.id";
static const char sql_field_count[] = "SELECT count(*) FROM fields";

static const char sql_exists[] = "SELECT id FROM procedures WHERE code = ?1";
static const char sql_upsert[] =
	"INSERT INTO procedures (code, name, name_fold, field_id, department_id, levels, "
	"online_level, duration_value, duration_unit, duration_online_value, cutoff_minute, "
	"supplement_policy, supplement_window_days, fees, fee_total, components, form, "
	"result_name, result_is_document, delivery, steps, applicants, steps_text, legal_basis, sample) "
	"VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, ?9, nullif(?10, 0), "
	"nullif(?11, -1), ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) "
	"ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_fold = excluded.name_fold, "
	"field_id = excluded.field_id, department_id = excluded.department_id, "
	"levels = excluded.levels, online_level = excluded.online_level, "
	"duration_value = excluded.duration_value, duration_unit = excluded.duration_unit, "
	"duration_online_value = excluded.duration_online_value, "
	"cutoff_minute = excluded.cutoff_minute, supplement_policy = excluded.supplement_policy, "
	"supplement_window_days = excluded.supplement_window_days, fees = excluded.fees, "
	"fee_total = excluded.fee_total, components = excluded.components, form = excluded.form, "
	"result_name = excluded.result_name, result_is_document = excluded.result_is_document, "
	"delivery = excluded.delivery, steps = excluded.steps, applicants = excluded.applicants, "
	"steps_text = excluded.steps_text, legal_basis = excluded.legal_basis, sample = excluded.sample";

#define PROC_COLS \
	"p.id, p.code, p.name, p.name_fold, p.field_id, f.name, coalesce(p.department_id, 0), " \
	"coalesce(u.code, ''), p.levels, p.online_level, p.duration_value, p.duration_unit, " \
	"coalesce(p.duration_online_value, 0), coalesce(p.cutoff_minute, -1), " \
	"p.supplement_policy, p.supplement_window_days, p.fees, p.fee_total, p.components, " \
	"p.form, p.result_name, p.result_is_document, p.delivery, p.steps, p.applicants, " \
	"p.steps_text, p.legal_basis, p.sample, coalesce(u.name, ''), p.published, p.version " \
	"FROM procedures p JOIN fields f ON f.id = p.field_id " \
	"LEFT JOIN units u ON u.id = p.department_id "

/* Lists need only a summary: the same column positions, with the large JSON and text columns
 * left empty, so that listing does not copy every catalogue detail row by row. */
#define SUMMARY_COLS \
	"p.id, p.code, p.name, p.name_fold, p.field_id, f.name, 0, '', '[]', p.online_level, " \
	"p.duration_value, p.duration_unit, coalesce(p.duration_online_value, 0), " \
	"coalesce(p.cutoff_minute, -1), p.supplement_policy, p.supplement_window_days, '[]', " \
	"p.fee_total, '[]', '[]', p.result_name, p.result_is_document, '[]', '[]', '[]', '', '', " \
	"p.sample, '', p.published, p.version FROM procedures p JOIN fields f ON f.id = p.field_id "

static const char sql_by_code[] = "SELECT " PROC_COLS "WHERE p.code = ?1";
static const char sql_by_field[] =
	"SELECT " SUMMARY_COLS "WHERE p.field_id = ?1 AND p.published = 1 ORDER BY p.name_fold, p.code";
/* Every word ?1..?8 must occur in the folded name or the lower-case code; an unused word is
 * bound as '' which instr() finds everywhere. */
#define WORD(n) "(instr(p.name_fold, ?" #n ") > 0 OR instr(lower(p.code), ?" #n ") > 0)"
static const char sql_search[] =
	"SELECT " SUMMARY_COLS "WHERE p.published = 1 AND " WORD(1) " AND " WORD(2) " AND " WORD(3) " AND " WORD(4)
	" AND " WORD(5) " AND " WORD(6) " AND " WORD(7) " AND " WORD(8)
	" ORDER BY p.name_fold, p.code LIMIT ?9";
static const char sql_count[] = "SELECT count(*) FROM procedures";


/* See procedure_store.h. */
enum err field_store_ensure(struct db *db, const char *name, const char *name_fold, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_field_find);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return E_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "field select");
	st = db_stmt(db, sql_field_insert);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, name_fold);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* See procedure_store.h. */
enum err field_store_each(struct db *db, field_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_field_each);
	if (!st)
		return E_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!fn(sqlite3_column_int64(st, 0), db_col_text(st, 1),
			sqlite3_column_int64(st, 2), ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "field select");
}

/* See procedure_store.h. */
int64_t field_store_count(struct db *db)
{
	int64_t n = -1;
	return db_int(db, sql_field_count, &n) == E_OK ? n : -1;
}

/* See procedure_store.h. */
enum err procedure_store_upsert(struct db *db, const struct procedure_row *r, bool *inserted)
{
	sqlite3_stmt *st = db_stmt(db, sql_exists);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, r->code);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "procedure select");
	if (inserted)
		*inserted = rc == SQLITE_DONE;
	st = db_stmt(db, sql_upsert);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, r->code);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->name_fold);
	db_bind_int(st, 4, r->field_id);
	db_bind_int(st, 5, r->department_id);
	db_bind_text(st, 6, r->levels);
	db_bind_text(st, 7, r->online_level);
	db_bind_int(st, 8, r->duration_value);
	db_bind_text(st, 9, r->duration_unit);
	db_bind_int(st, 10, r->duration_online_value);
	db_bind_int(st, 11, r->cutoff_minute);
	db_bind_text(st, 12, r->supplement_policy);
	db_bind_int(st, 13, r->supplement_window_days);
	db_bind_text(st, 14, r->fees);
	db_bind_int(st, 15, r->fee_total);
	db_bind_text(st, 16, r->components);
	db_bind_text(st, 17, r->form);
	db_bind_text(st, 18, r->result_name);
	db_bind_int(st, 19, r->result_is_document);
	db_bind_text(st, 20, r->delivery);
	db_bind_text(st, 21, r->steps);
	db_bind_text(st, 22, r->applicants);
	db_bind_text(st, 23, r->steps_text);
	db_bind_text(st, 24, r->legal_basis);
	db_bind_int(st, 25, r->sample);
	return db_step_done(db, st);
}

/* Step st and hand each row to fn. */
static enum err each_row(struct db *db, sqlite3_stmt *st, procedure_row_fn fn, void *ctx,
			 int64_t *rows)
{
	int rc;
	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct procedure_row r = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_col_text(st, 1),
			.name = db_col_text(st, 2),
			.name_fold = db_col_text(st, 3),
			.field_id = sqlite3_column_int64(st, 4),
			.field_name = db_col_text(st, 5),
			.department_id = sqlite3_column_int64(st, 6),
			.department_code = db_col_text(st, 7),
			.levels = db_col_text(st, 8),
			.online_level = db_col_text(st, 9),
			.duration_value = sqlite3_column_int64(st, 10),
			.duration_unit = db_col_text(st, 11),
			.duration_online_value = sqlite3_column_int64(st, 12),
			.cutoff_minute = sqlite3_column_int(st, 13),
			.supplement_policy = db_col_text(st, 14),
			.supplement_window_days = sqlite3_column_int64(st, 15),
			.fees = db_col_text(st, 16),
			.fee_total = sqlite3_column_int64(st, 17),
			.components = db_col_text(st, 18),
			.form = db_col_text(st, 19),
			.result_name = db_col_text(st, 20),
			.result_is_document = sqlite3_column_int(st, 21) != 0,
			.delivery = db_col_text(st, 22),
			.steps = db_col_text(st, 23),
			.applicants = db_col_text(st, 24),
			.steps_text = db_col_text(st, 25),
			.legal_basis = db_col_text(st, 26),
			.sample = sqlite3_column_int(st, 27) != 0,
			.department_name = db_col_text(st, 28),
			.published = sqlite3_column_int(st, 29) != 0,
			.version = sqlite3_column_int(st, 30),
		};
		(*rows)++;
		if (!fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "procedure select");
}

/* See procedure_store.h. */
enum err procedure_store_id(struct db *db, const char *code, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_exists);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND :
	       db_fail(db, "procedure id");
}

/* See procedure_store.h. */
enum err procedure_store_by_code(struct db *db, const char *code, procedure_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_code);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int64_t rows;
	enum err e = each_row(db, st, fn, ctx, &rows);
	return e == E_OK && rows == 0 ? E_NOTFOUND : e;
}

/* See procedure_store.h. */
enum err procedure_store_by_field(struct db *db, int64_t field_id, procedure_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_field);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, field_id);
	int64_t rows;
	return each_row(db, st, fn, ctx, &rows);
}

/* See procedure_store.h. */
enum err procedure_store_search(struct db *db, const char *const *words, int n, int limit,
				procedure_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_search);
	if (!st)
		return E_DB;
	for (int i = 0; i < PROCEDURE_SEARCH_WORDS; i++)
		db_bind_text(st, i + 1, i < n ? words[i] : "");
	db_bind_int(st, 9, limit);
	int64_t rows;
	return each_row(db, st, fn, ctx, &rows);
}

/* See procedure_store.h. */
int64_t procedure_store_count(struct db *db)
{
	int64_t n = -1;
	return db_int(db, sql_count, &n) == E_OK ? n : -1;
}

static const char sql_units_for[] =
	"SELECT u.id, u.code, u.name, u.level FROM procedures p JOIN units u "
	"ON EXISTS (SELECT 1 FROM json_each(p.levels) WHERE value = u.level) "
	"WHERE p.code = ?1 AND u.level <> 'department' AND u.closed_at IS NULL "
	"ORDER BY u.path LIMIT ?2";	/* a closed unit (0015) takes no new dossier */

/* See procedure_store.h. */
enum err procedure_store_units(struct db *db, const char *code, int limit, unit_brief_fn fn,
			       void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_units_for);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
			db_col_text(st, 3)))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_fail(db, "units for procedure");
}
