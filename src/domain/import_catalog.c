/* import_catalog.c - `motcua import catalog`: the JSON array of procedures (formats.md).
 * Every field is validated before anything is written; a field (lĩnh vực) is created the first
 * time a procedure names it; re-importing a code replaces that procedure. Array positions in
 * messages are 1-based ("fees[2].amount"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/dossier_store.h"
#include "motcua/names.h"
#include "motcua/procedure_store.h"
#include "motcua/procedure_version_store.h"
#include "motcua/text.h"
#include "motcua/unit_store.h"
#include "motcua/worktime.h"
#include "motcua/xalloc.h"

#define PROC_CODE_MAX 64
#define PROC_NAME_MAX 500
#define PROC_TEXT_MAX 20000
#define ITEM_NAME_MAX 300
#define DURATION_MAX 3650
#define FEE_MAX 1000000000000LL	/* 10^12 VND */
#define STEP_HOURS_MAX 10000

static const char *const proc_keys[] = {
	"code", "name", "field", "department", "levels", "online_level", "duration",
	"duration_online", "cutoff", "supplement_policy", "supplement_window_days", "fees",
	"components", "form", "result", "delivery", "steps", "applicants", "steps_text",
	"legal_basis", "sample", NULL
};
static const char *const fee_kinds[] = { "fee", "charge", NULL };
static const char *const form_types[] = { "text", "textarea", "number", "date", "select",
					  "checkbox", "id_number", "phone", "email", NULL };
static const char *const deliveries[] = { "counter", "post", "online", NULL };
static const char *const step_roles[] = { "clerk", "specialist", "leader", NULL };
static const char *const duration_keys[] = { "value", "unit", NULL };
static const char *const fee_keys[] = { "name", "amount", "kind", NULL };
static const char *const component_keys[] = { "name", "required", "template", NULL };
static const char *const form_keys[] = { "name", "label", "type", "required", "max", "options",
					 "help", NULL };
static const char *const result_keys[] = { "name", "is_document", NULL };
static const char *const step_keys[] = { "name", "role", "hours", NULL };

/* Procedure codes: letters, digits, '.', '_' and '-' ("1.000948.H29"). */
static bool proc_code_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* Form field names are identifiers: [a-z][a-z0-9_]*. */
static bool ident_ok(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* An array of distinct strings each in choices; field names the array. */
static bool enum_set(struct jctx *c, json_t *arr, const char *field, const char *const *choices,
		     bool nonempty)
{
	if (nonempty && json_array_size(arr) == 0)
		return jfail(c, field, "must list at least one value");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		char f[96];
		snprintf(f, sizeof(f), "%s[%zu]", field, i + 1);
		json_t *holder = json_pack("{sO}", "v", v);
		const char *s;
		bool ok = j_enum(c, holder, "v", f, true, choices, &s);
		json_decref(holder);
		if (!ok)
			return false;
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_array_get(arr, j), v))
				return jfail(c, f, "'%s' is listed twice", s);
	}
	return true;
}

/* duration / duration_online: {"value": N, "unit": "..."}; *unit NULL when absent. */
static bool read_duration(struct jctx *c, json_t *obj, const char *key, bool required,
			  int64_t *value, const char **unit)
{
	json_t *d = json_object_get(obj, key);
	*unit = NULL;
	if (!d || json_is_null(d))
		return required ? jfail(c, key, "required") : true;
	char fv[48], fu[48];
	snprintf(fv, sizeof(fv), "%s.value", key);
	snprintf(fu, sizeof(fu), "%s.unit", key);
	static const char *const units[] = { "working_days", "working_hours", "calendar_days",
					     NULL };
	return j_object(c, d, key, duration_keys) &&
	       j_int(c, d, "value", fv, true, 1, DURATION_MAX, value) &&
	       j_enum(c, d, "unit", fu, true, units, unit);
}

/* fees: [{"name", "amount" >= 0, "kind"}]; *total receives the sum of amounts. */
static bool read_fees(struct jctx *c, json_t *arr, int64_t *total)
{
	*total = 0;
	size_t i;
	json_t *fee;
	json_array_foreach(arr, i, fee) {
		char f[40], fn[64], fa[64], fk[64];
		snprintf(f, sizeof(f), "fees[%zu]", i + 1);
		snprintf(fn, sizeof(fn), "%s.name", f);
		snprintf(fa, sizeof(fa), "%s.amount", f);
		snprintf(fk, sizeof(fk), "%s.kind", f);
		const char *s;
		int64_t amount = 0;
		if (!j_object(c, fee, f, fee_keys) ||
		    !j_string(c, fee, "name", fn, true, ITEM_NAME_MAX, &s) ||
		    !j_int(c, fee, "amount", fa, true, 0, FEE_MAX, &amount) ||
		    !j_enum(c, fee, "kind", fk, true, fee_kinds, &s))
			return false;
		*total += amount;
	}
	return true;
}

/* components: [{"name", "required"?, "template"?}]. */
static bool read_components(struct jctx *c, json_t *arr)
{
	size_t i;
	json_t *comp;
	json_array_foreach(arr, i, comp) {
		char f[40], fn[64], fr[64], ft[64];
		snprintf(f, sizeof(f), "components[%zu]", i + 1);
		snprintf(fn, sizeof(fn), "%s.name", f);
		snprintf(fr, sizeof(fr), "%s.required", f);
		snprintf(ft, sizeof(ft), "%s.template", f);
		const char *s;
		bool b;
		if (!j_object(c, comp, f, component_keys) ||
		    !j_string(c, comp, "name", fn, true, ITEM_NAME_MAX, &s) ||
		    !j_bool(c, comp, "required", fr, &b) ||
		    !j_string(c, comp, "template", ft, false, 500, &s))
			return false;
	}
	return true;
}

/* One form field i (1-based in messages). */
static bool read_form_field(struct jctx *c, json_t *ff, size_t i, json_t *names)
{
	char f[48], fn[64], fl[64], ft[64], fr[64], fm[64], fo[64], fh[64];
	snprintf(f, sizeof(f), "form[%zu]", i + 1);
	snprintf(fn, sizeof(fn), "%s.name", f);
	snprintf(fl, sizeof(fl), "%s.label", f);
	snprintf(ft, sizeof(ft), "%s.type", f);
	snprintf(fr, sizeof(fr), "%s.required", f);
	snprintf(fm, sizeof(fm), "%s.max", f);
	snprintf(fo, sizeof(fo), "%s.options", f);
	snprintf(fh, sizeof(fh), "%s.help", f);
	const char *name, *s, *type;
	bool b;
	int64_t max = 0;
	json_t *opts;
	if (!j_object(c, ff, f, form_keys) || !j_string(c, ff, "name", fn, true, 64, &name) ||
	    !j_string(c, ff, "label", fl, true, ITEM_NAME_MAX, &s) ||
	    !j_enum(c, ff, "type", ft, true, form_types, &type) ||
	    !j_bool(c, ff, "required", fr, &b) ||
	    !j_int(c, ff, "max", fm, false, 1, 1000000000000000LL, &max) ||
	    !j_string(c, ff, "help", fh, false, 1000, &s) ||
	    !j_array(c, ff, "options", fo, false, &opts))
		return false;
	if (!ident_ok(name))
		return jfail(c, fn, "'%s' must be lower-case letters, digits and '_'", name);
	if (json_object_get(names, name))
		return jfail(c, fn, "'%s' is used by another form field", name);
	json_object_set_new(names, name, json_true());
	bool select = !strcmp(type, "select");
	if (select && (!opts || json_array_size(opts) == 0))
		return jfail(c, fo, "a select needs at least one option");
	if (!select && opts)
		return jfail(c, fo, "only a select has options");
	size_t j;
	json_t *o;
	if (opts)
		json_array_foreach(opts, j, o)
			if (!json_is_string(o) || json_string_length(o) == 0)
				return jfail(c, fo, "option %zu must be a non-empty string", j + 1);
	return true;
}

/* form: the citizen's form fields. */
static bool read_form(struct jctx *c, json_t *arr)
{
	json_t *names = json_object();
	bool ok = true;
	size_t i;
	json_t *ff;
	json_array_foreach(arr, i, ff) {
		ok = read_form_field(c, ff, i, names);
		if (!ok)
			break;
	}
	json_decref(names);
	return ok;
}

/* steps: [{"name", "role", "hours" >= 0}]. */
static bool read_steps(struct jctx *c, json_t *arr)
{
	size_t i;
	json_t *st;
	json_array_foreach(arr, i, st) {
		char f[48], fn[64], fr[64], fh[64];
		snprintf(f, sizeof(f), "steps[%zu]", i + 1);
		snprintf(fn, sizeof(fn), "%s.name", f);
		snprintf(fr, sizeof(fr), "%s.role", f);
		snprintf(fh, sizeof(fh), "%s.hours", f);
		const char *s;
		if (!j_object(c, st, f, step_keys) ||
		    !j_string(c, st, "name", fn, true, ITEM_NAME_MAX, &s) ||
		    !j_enum(c, st, "role", fr, true, step_roles, &s))
			return false;
		json_t *h = json_object_get(st, "hours");
		if (!h || !json_is_number(h))
			return jfail(c, fh, "a number of working hours is expected");
		double v = json_number_value(h);
		if (!(v >= 0 && v <= STEP_HOURS_MAX))
			return jfail(c, fh, "must be between 0 and %d", STEP_HOURS_MAX);
	}
	return true;
}

/* applicants: array of short strings. */
static bool read_applicants(struct jctx *c, json_t *arr)
{
	size_t i;
	json_t *a;
	json_array_foreach(arr, i, a)
		if (!json_is_string(a) || json_string_length(a) == 0 || json_string_length(a) > 100)
			return jfail(c, "applicants", "item %zu must be a non-empty string", i + 1);
	return true;
}

/* JSON text of arr, or dflt when arr is NULL (caller frees). */
static char *dump_or(json_t *arr, const char *dflt)
{
	return arr ? j_dump(arr) : xstrdup(dflt);
}

/* Validate procedure obj (seen: codes met before in the same file, or NULL); unless dry, upsert
 * it (*id and *inserted receive which row). Returns E_OK, E_INVALID (recorded) or E_DB. */
static enum err check_and_write(struct db *db, struct jctx *c, json_t *obj, json_t *seen,
				bool dry, int64_t *id, bool *inserted)
{
	struct procedure_row p = { .cutoff_minute = -1, .supplement_window_days = 15,
				   .result_is_document = true };
	const char *field, *dept, *cutoff, *online_unit;
	json_t *levels, *fees, *components, *form, *delivery, *steps, *applicants;
	if (!j_object(c, obj, "", proc_keys) ||
	    !j_string(c, obj, "code", "code", true, PROC_CODE_MAX, &p.code) ||
	    !j_string(c, obj, "name", "name", true, PROC_NAME_MAX, &p.name) ||
	    !j_string(c, obj, "field", "field", true, ITEM_NAME_MAX, &field) ||
	    !j_string(c, obj, "department", "department", false, 32, &dept) ||
	    !j_array(c, obj, "levels", "levels", false, &levels) ||
	    !j_enum(c, obj, "online_level", "online_level", true, online_level_names,
		    &p.online_level) ||
	    !read_duration(c, obj, "duration", true, &p.duration_value, &p.duration_unit) ||
	    !read_duration(c, obj, "duration_online", false, &p.duration_online_value,
			   &online_unit) ||
	    !j_string(c, obj, "cutoff", "cutoff", false, 5, &cutoff) ||
	    !j_enum(c, obj, "supplement_policy", "supplement_policy", false,
		    supplement_policy_names, &p.supplement_policy) ||
	    !j_int(c, obj, "supplement_window_days", "supplement_window_days", false, 1, 365,
		   &p.supplement_window_days) ||
	    !j_array(c, obj, "fees", "fees", false, &fees) ||
	    !j_array(c, obj, "components", "components", false, &components) ||
	    !j_array(c, obj, "form", "form", false, &form) ||
	    !j_array(c, obj, "delivery", "delivery", false, &delivery) ||
	    !j_array(c, obj, "steps", "steps", false, &steps) ||
	    !j_array(c, obj, "applicants", "applicants", false, &applicants) ||
	    !j_string(c, obj, "steps_text", "steps_text", false, PROC_TEXT_MAX, &p.steps_text) ||
	    !j_string(c, obj, "legal_basis", "legal_basis", false, PROC_TEXT_MAX, &p.legal_basis) ||
	    !j_bool(c, obj, "sample", "sample", &p.sample))
		return E_INVALID;
	if (!proc_code_ok(p.code))
		return jfail(c, "code", "only letters, digits, '.', '_' and '-' are allowed"),
		       E_INVALID;
	json_t *first = seen ? json_object_get(seen, p.code) : NULL;
	if (first)
		return jfail(c, "code", "'%s' repeats element %lld", p.code,
			     (long long)json_integer_value(first)), E_INVALID;
	if (seen)
		json_object_set_new(seen, p.code, json_integer(c->element));
	if (online_unit && strcmp(online_unit, p.duration_unit) != 0)
		return jfail(c, "duration_online.unit", "must be the same unit as duration (%s)",
			     p.duration_unit), E_INVALID;
	if (cutoff && !parse_hhmm(cutoff, &p.cutoff_minute))
		return jfail(c, "cutoff", "'%s' is not a time HH:MM", cutoff), E_INVALID;
	if (!p.supplement_policy)
		p.supplement_policy = "restart";
	if ((levels && !enum_set(c, levels, "levels", unit_level_names, false)) ||
	    (fees && !read_fees(c, fees, &p.fee_total)) ||
	    (components && !read_components(c, components)) || (form && !read_form(c, form)) ||
	    (delivery && !enum_set(c, delivery, "delivery", deliveries, true)) ||
	    (steps && !read_steps(c, steps)) || (applicants && !read_applicants(c, applicants)))
		return E_INVALID;
	json_t *result = json_object_get(obj, "result");
	if (result && !json_is_null(result) &&
	    (!j_object(c, result, "result", result_keys) ||
	     !j_string(c, result, "name", "result.name", true, ITEM_NAME_MAX, &p.result_name) ||
	     !j_bool(c, result, "is_document", "result.is_document", &p.result_is_document)))
		return E_INVALID;
	if (!p.result_name)
		p.result_name = "";
	if (!p.steps_text)
		p.steps_text = "";
	if (!p.legal_basis)
		p.legal_basis = "";

	enum err e = E_OK;
	if (dept) {
		struct unit_rec u;
		e = unit_store_by_code(db, dept, &u);
		if (e == E_NOTFOUND)
			return import_fail(c->r, c->line, c->element, "department",
					   "no unit has the code '%s'", dept);
		if (e != E_OK)
			return e;
		p.department_id = u.id;
		unit_rec_free(&u);
	}
	if (dry)
		return E_OK;
	struct buf fold = BUF_INIT;
	text_fold(field, strlen(field), &fold);
	e = field_store_ensure(db, field, buf_str(&fold), &p.field_id);
	buf_reset(&fold);
	text_fold(p.name, strlen(p.name), &fold);
	p.name_fold = buf_str(&fold);
	char *j_levels = dump_or(levels, "[]"), *j_fees = dump_or(fees, "[]");
	char *j_comp = dump_or(components, "[]"), *j_form = dump_or(form, "[]");
	char *j_deliv = dump_or(delivery, "[\"counter\"]"), *j_steps = dump_or(steps, "[]");
	char *j_appl = dump_or(applicants, "[]");
	p.levels = j_levels;
	p.fees = j_fees;
	p.components = j_comp;
	p.form = j_form;
	p.delivery = j_deliv;
	p.steps = j_steps;
	p.applicants = j_appl;
	if (e == E_OK)
		e = procedure_store_upsert(db, &p, inserted);
	if (e == E_OK)
		e = procedure_store_id(db, p.code, id);
	free(j_levels);
	free(j_fees);
	free(j_comp);
	free(j_form);
	free(j_deliv);
	free(j_steps);
	free(j_appl);
	buf_free(&fold);
	return e;
}

/* Validate element obj, upsert it and keep it as a published version: version 1 of a new
 * procedure, the next version of one that existed and changed (dossiers in flight keep
 * theirs); an element equal to the live version adds none. */
static enum err import_one(struct db *db, struct jctx *c, json_t *obj, json_t *seen)
{
	int64_t id = 0;
	bool inserted = false;
	enum err e = check_and_write(db, c, obj, seen, false, &id, &inserted);
	if (e != E_OK)
		return e;
	int version = 0;
	bool published = true, same = false;
	if (!inserted && (e = pv_store_live(db, id, &version, &published)) == E_OK) {
		char *live = NULL;
		if (proc_version_data(db, id, version, &live) == E_OK) {
			json_t *was = json_loads(live, 0, NULL);
			same = was && json_equal(was, obj);	/* re-importing the same file */
			json_decref(was);
		}
		free(live);
	}
	if (e != E_OK)
		return e;
	if (!same) {
		char *data = j_dump(obj);
		e = pv_store_add_published(db, id, data, 0, clock_now(NULL), &version);
		free(data);
		if (e == E_OK)
			e = pv_store_set_live(db, id, version);
	}
	if (e == E_OK && inserted)
		c->r->inserted++;
	else if (e == E_OK)
		c->r->updated++;
	return e;
}

/* See import.h. */
enum err import_catalog_check(struct db *db, json_t *obj, struct import_result *r)
{
	memset(r, 0, sizeof(*r));
	struct jctx c = { .r = r, .element = 1, .line = 0 };
	return check_and_write(db, &c, obj, NULL, true, NULL, NULL);
}

/* See import.h. */
enum err import_catalog_write(struct db *db, json_t *obj, struct import_result *r, int64_t *id)
{
	memset(r, 0, sizeof(*r));
	struct jctx c = { .r = r, .element = 1, .line = 0 };
	bool inserted = false;
	return check_and_write(db, &c, obj, NULL, false, id, &inserted);
}

/* See import.h. */
enum err import_catalog(struct db *db, const char *text, size_t len, struct import_result *r)
{
	return import_json_elements(db, text, len, r, import_one);
}
