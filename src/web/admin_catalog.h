/* admin_catalog.h - the catalogue editor's pages (src/web/admin_catalog*.c), private to
 * src/web/. The edit form travels as a "model": a JSON object of the form's values as
 * strings and booleans, with repeated rows (fees, comps, ffs, steps), built from a stored
 * version or from a request; the model becomes catalogue JSON (formats.md) once it checks. */
#ifndef MOTCUA_WEB_ADMIN_CATALOG_H
#define MOTCUA_WEB_ADMIN_CATALOG_H

#include <jansson.h>
#include <stdbool.h>

#include "motcua/import.h"
#include "motcua/web.h"

/* Most rows of each repeated group one form carries (the whole form must stay under
 * HTTP_MAX_FIELDS inputs; see admin_catalog_budget). */
#define AC_ROWS_MAX 60

/* The repeated groups of the form, their input prefix and inputs per row. */
enum ac_group { AC_FEES, AC_COMPS, AC_FFS, AC_STEPS, AC__GROUPS };

/* Row counts of a form (from the action URL's query, clamped to the input budget). */
struct ac_counts {
	int n[AC__GROUPS];
};

/* The model of catalogue data (formats.md object; NULL: a blank new procedure). New. */
json_t *ac_model_from_data(const json_t *data);
/* The model of the posted form with counts rows per group (values as typed). New. */
json_t *ac_model_from_request(struct request *req, const struct ac_counts *c);
/* Apply a row button ("add_fees", "del_ffs_2", ...) to model; false when action is not one. */
bool ac_model_apply(json_t *model, const char *action);
/* The counts of model's rows. */
struct ac_counts ac_model_counts(const json_t *model);
/* Whether counts fit the input budget of one form. */
bool ac_counts_fit(const struct ac_counts *c);
/* The counts of the request's action URL (?phi=&tp=&bm=&qt=), clamped to the budget. */
struct ac_counts ac_counts_of_query(struct request *req);

/* Catalogue JSON of model (new), or NULL with messages beside the inputs in errors
 * ({"input": "text"}, in the request's language). sample is carried from the stored data. */
json_t *ac_model_to_data(struct request *req, const json_t *model, bool sample,
			 json_t *errors);
/* Put the domain's refusal r (field "fees[2].amount") beside its input in errors. */
void ac_error_from_import(struct request *req, const struct import_result *r, json_t *errors);

/* The template data of the form: model values, choices, rows with their errors, the action
 * URL with the counts, and a summary of the errors. New. */
json_t *ac_form_view(struct request *req, const json_t *model, const json_t *errors,
		     const char *action_path, bool is_new);

/* The per-request form spec of POST /quan-tri/thu-tuc/:code (route.form_for). */
const struct field_spec *admin_catalog_form(struct request *req);

#endif
