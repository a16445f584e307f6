/* procedure_store.h - SQL for the `fields` and `procedures` tables (the catalogue). */
#ifndef MOTCUA_PROCEDURE_STORE_H
#define MOTCUA_PROCEDURE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One procedure as stored. On writes the caller owns the strings; in read callbacks they
 * belong to SQLite and are valid only during the call. JSON columns are JSON text. */
struct procedure_row {
	int64_t id;
	const char *code;
	const char *name;
	const char *name_fold;
	int64_t field_id;
	const char *field_name;		/* reads only */
	int64_t department_id;		/* 0 = none */
	const char *department_code;	/* reads only; "" when none */
	const char *department_name;	/* reads only; "" when none */
	const char *levels;
	const char *online_level;
	int64_t duration_value;
	const char *duration_unit;
	int64_t duration_online_value;	/* 0 = same as duration_value */
	int cutoff_minute;		/* -1 = none */
	const char *supplement_policy;
	int64_t supplement_window_days;
	const char *fees;
	int64_t fee_total;
	const char *components;
	const char *form;
	const char *result_name;
	bool result_is_document;
	const char *delivery;
	const char *steps;
	const char *applicants;
	const char *steps_text;
	const char *legal_basis;
	bool sample;			/* demo data, shown as "Dữ liệu mẫu" */
	bool published;			/* reads only: offered to the public (0016) */
	int version;			/* reads only: the live version */
};

/* Called once per row of a read; return false to stop. */
typedef bool (*procedure_row_fn)(const struct procedure_row *row, void *ctx);
/* Called once per field of a read; return false to stop. */
typedef bool (*field_row_fn)(int64_t id, const char *name, int64_t procedures, void *ctx);

/* Id of the field called name, creating it (with name_fold) when missing. E_DB on failure. */
enum err field_store_ensure(struct db *db, const char *name, const char *name_fold, int64_t *id);
/* Every field with its number of published procedures, by folded name. */
enum err field_store_each(struct db *db, field_row_fn fn, void *ctx);
/* Number of fields; -1 on failure. */
int64_t field_store_count(struct db *db);

/* Insert row, or overwrite the procedure with the same code (every column but id).
 * *inserted (may be NULL) tells which happened. E_CONFLICT / E_DB on failure. */
enum err procedure_store_upsert(struct db *db, const struct procedure_row *row, bool *inserted);
/* Id of the procedure with this code. E_NOTFOUND, E_DB. */
enum err procedure_store_id(struct db *db, const char *code, int64_t *id);
/* The procedure with this code (published or not), passed to fn. E_NOTFOUND when absent. */
enum err procedure_store_by_code(struct db *db, const char *code, procedure_row_fn fn, void *ctx);
/* Published procedures of one field, by folded name. Summaries only: department, levels, fees,
 * components, form, delivery, steps, applicants, steps_text and legal_basis are empty. */
enum err procedure_store_by_field(struct db *db, int64_t field_id, procedure_row_fn fn, void *ctx);
/* Published procedures whose name_fold or lower-case code contains every word of words[0..n)
 * (n <= PROCEDURE_SEARCH_WORDS; words are already folded), by folded name, at most limit.
 * Summaries only, as procedure_store_by_field. */
#define PROCEDURE_SEARCH_WORDS 8
enum err procedure_store_search(struct db *db, const char *const *words, int n, int limit,
				procedure_row_fn fn, void *ctx);
/* Called once per unit of procedure_store_units (strings valid during the call); false stops. */
typedef bool (*unit_brief_fn)(void *ctx, int64_t id, const char *code, const char *name,
			      const char *level);
/* The units (not departments) whose level is one of the procedure's levels, in tree order, at
 * most limit: where a dossier of it may be submitted. An unknown code gives none. E_DB. */
enum err procedure_store_units(struct db *db, const char *code, int limit, unit_brief_fn fn,
			       void *ctx);
/* Number of procedures; -1 on failure. */
int64_t procedure_store_count(struct db *db);

#endif
