/* catalog.c - the public catalogue as JSON for the views: fields, procedures, search. */
#include "motcua/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/dossier_store.h"
#include "motcua/procedure_store.h"
#include "motcua/text.h"

/* field_store_each callback: append {"id","name","procedures"}. */
static bool add_field(int64_t id, const char *name, int64_t count, void *ctx)
{
	json_array_append_new(ctx, json_pack("{sI ss sI}", "id", (json_int_t)id, "name", name,
					     "procedures", (json_int_t)count));
	return true;
}

/* See catalog.h. */
enum err catalog_fields(struct db *db, json_t **out)
{
	json_t *arr = json_array();
	enum err e = field_store_each(db, add_field, arr);
	if (e != E_OK) {
		json_decref(arr);
		arr = NULL;
	}
	*out = arr;
	return e;
}

/* procedure_row_fn: append a summary of the row. */
static bool add_summary(const struct procedure_row *r, void *ctx)
{
	json_array_append_new(ctx, json_pack("{ss ss ss ss s{sI ss} sI}", "code", r->code,
					     "name", r->name, "field", r->field_name,
					     "online_level", r->online_level, "duration", "value",
					     (json_int_t)r->duration_value, "unit",
					     r->duration_unit, "fee_total",
					     (json_int_t)r->fee_total));
	return true;
}

/* Finish a list query: *out is arr on success, NULL (arr freed) on failure. */
static enum err finish_list(enum err e, json_t *arr, json_t **out)
{
	if (e != E_OK) {
		json_decref(arr);
		arr = NULL;
	}
	*out = arr;
	return e;
}

/* See catalog.h. */
enum err catalog_field_procedures(struct db *db, int64_t field_id, json_t **out)
{
	json_t *arr = json_array();
	return finish_list(procedure_store_by_field(db, field_id, add_summary, arr), arr, out);
}

/* See catalog.h. */
enum err catalog_search(struct db *db, const char *query, int limit, json_t **out)
{
	json_t *arr = json_array();
	struct buf fold = BUF_INIT;
	text_fold(query ? query : "", query ? strlen(query) : 0, &fold);
	char *words[PROCEDURE_SEARCH_WORDS];
	int n = 0;
	char *save = NULL;
	if (fold.data)
		for (char *w = strtok_r(fold.data, " ", &save); w && n < PROCEDURE_SEARCH_WORDS;
		     w = strtok_r(NULL, " ", &save))
			words[n++] = w;
	enum err e = E_OK;
	if (limit <= 0 || limit > CATALOG_SEARCH_LIMIT)
		limit = CATALOG_SEARCH_LIMIT;
	if (n > 0)
		e = procedure_store_search(db, (const char *const *)words, n, limit, add_summary, arr);
	buf_free(&fold);
	return finish_list(e, arr, out);
}

/* Parsed JSON column text, or an empty array when it does not parse (never NULL). */
static json_t *json_column(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	return v ? v : json_array();
}

/* procedure_row_fn: build the full object into *(json_t **)ctx. */
static bool build_full(const struct procedure_row *r, void *ctx)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(r->code));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "field", json_string(r->field_name));
	json_object_set_new(o, "field_id", json_integer(r->field_id));
	json_object_set_new(o, "department",
			    r->department_code[0] ? json_string(r->department_code) : json_null());
	json_object_set_new(o, "department_name", json_string(r->department_name));
	json_object_set_new(o, "levels", json_column(r->levels));
	json_object_set_new(o, "online_level", json_string(r->online_level));
	json_object_set_new(o, "duration", json_pack("{sI ss}", "value",
						     (json_int_t)r->duration_value, "unit",
						     r->duration_unit));
	json_object_set_new(o, "duration_online",
			    r->duration_online_value ?
				    json_pack("{sI ss}", "value",
					      (json_int_t)r->duration_online_value, "unit",
					      r->duration_unit) :
				    json_null());
	if (r->cutoff_minute >= 0) {
		char hm[8];
		snprintf(hm, sizeof(hm), "%02d:%02d", r->cutoff_minute / 60 % 100,
			 r->cutoff_minute % 60);
		json_object_set_new(o, "cutoff", json_string(hm));
	} else {
		json_object_set_new(o, "cutoff", json_null());
	}
	json_object_set_new(o, "supplement_policy", json_string(r->supplement_policy));
	json_object_set_new(o, "supplement_window_days",
			    json_integer((json_int_t)r->supplement_window_days));
	json_object_set_new(o, "fees", json_column(r->fees));
	json_object_set_new(o, "fee_total", json_integer((json_int_t)r->fee_total));
	json_object_set_new(o, "components", json_column(r->components));
	json_object_set_new(o, "form", json_column(r->form));
	json_object_set_new(o, "result", json_pack("{ss sb}", "name", r->result_name,
						   "is_document", r->result_is_document));
	json_object_set_new(o, "delivery", json_column(r->delivery));
	json_object_set_new(o, "steps", json_column(r->steps));
	json_object_set_new(o, "applicants", json_column(r->applicants));
	json_object_set_new(o, "steps_text", json_string(r->steps_text));
	json_object_set_new(o, "legal_basis", json_string(r->legal_basis));
	json_object_set_new(o, "sample", json_boolean(r->sample));
	json_object_set_new(o, "published", json_boolean(r->published));
	json_object_set_new(o, "version", json_integer(r->version));
	*(json_t **)ctx = o;
	return false;
}

/* See catalog.h. */
enum err catalog_get(struct db *db, const char *code, json_t **out)
{
	json_t *o = NULL;
	enum err e = procedure_store_by_code(db, code, build_full, &o);
	if (e != E_OK) {
		json_decref(o);
		o = NULL;
	}
	*out = o;
	return e;
}

/* See catalog.h. */
enum err catalog_get_published(struct db *db, const char *code, json_t **out)
{
	enum err e = catalog_get(db, code, out);
	if (e == E_OK && !json_is_true(json_object_get(*out, "published"))) {
		json_decref(*out);
		*out = NULL;
		e = E_NOTFOUND;
	}
	return e;
}

/* See catalog.h. */
enum err catalog_get_version(struct db *db, const char *code, int version, json_t **out)
{
	enum err e = catalog_get(db, code, out);
	if (e != E_OK || version <= 0 ||
	    json_integer_value(json_object_get(*out, "version")) == version)
		return e;
	int64_t id;
	char *text = NULL;
	if ((e = procedure_store_id(db, code, &id)) != E_OK ||
	    (e = proc_version_data(db, id, version, &text)) != E_OK) {
		json_decref(*out);
		*out = NULL;
		return e == E_NOTFOUND ? E_DB : e;	/* a dossier's version always exists */
	}
	json_t *data = json_loads(text, 0, NULL);
	free(text);
	const char *k;
	json_t *v;
	json_object_foreach(data, k, v)
		if (strcmp(k, "code") && strcmp(k, "sample"))
			json_object_set(*out, k, v);
	/* Members catalog_get adds beyond the catalogue JSON, recomputed for this version. */
	json_int_t total = 0;
	size_t i;
	json_t *fee;
	json_array_foreach(json_object_get(data, "fees"), i, fee)
		total += json_integer_value(json_object_get(fee, "amount"));
	json_object_set_new(*out, "fee_total", json_integer(total));
	if (!json_object_get(data, "duration_online"))
		json_object_set_new(*out, "duration_online", json_null());
	if (!json_object_get(data, "cutoff"))
		json_object_set_new(*out, "cutoff", json_null());
	json_object_set_new(*out, "version", json_integer(version));
	json_decref(data);
	return E_OK;
}

/* Append one unit to the array in ctx. */
static bool add_unit(void *ctx, int64_t id, const char *code, const char *name, const char *level)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "code",
					     code, "name", name, "level", level));
	return true;
}

/* See catalog.h. */
enum err catalog_units(struct db *db, const char *code, json_t **out)
{
	json_t *a = json_array();
	enum err e = procedure_store_units(db, code ? code : "", CATALOG_UNITS_MAX, add_unit, a);
	if (e != E_OK) {
		json_decref(a);
		a = NULL;
	}
	*out = a;
	return e;
}
