/* admin_catalog_form.c - the catalogue editor's form (admin_catalog.h): its per-request
 * spec, the model built from stored data or from a request, the row buttons, the checks
 * with a message beside each input, and the template data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_catalog.h"
#include "motcua/names.h"
#include "motcua/text.h"

#define INPUT_BUDGET (HTTP_MAX_FIELDS - 1)
#define DURATION_MAX 3650
#define FEE_MAX 1000000000000LL
#define STEP_HOURS_MAX 10000
#define FF_NAME_MAX 48

static const char *const duration_units[] = { "working_days", "working_hours", "calendar_days",
					      NULL };
static const char *const fee_kinds[] = { "fee", "charge", NULL };
static const char *const form_types[] = { "text", "textarea", "number", "date", "select",
					  "checkbox", "id_number", "phone", "email", NULL };
static const char *const step_roles[] = { "clerk", "specialist", "leader", NULL };
static const char *const levels[] = { "province", "district", "commune", NULL };
static const char *const deliveries[] = { "counter", "post", "online", NULL };

/* One column of a repeated group. */
struct ac_col {
	const char *key;
	enum field_kind kind;
	size_t max;
	const char *const *choices;
};

static const struct ac_col fee_cols[] = {
	{ "name", FK_TEXT, 300, NULL }, { "amount", FK_TEXT, 20, NULL },
	{ "kind", FK_ENUM, 0, fee_kinds }, { NULL, FK_TEXT, 0, NULL },
};
static const struct ac_col comp_cols[] = {
	{ "name", FK_TEXT, 300, NULL }, { "required", FK_CHECKBOX, 0, NULL },
	{ "template", FK_TEXT, 500, NULL }, { NULL, FK_TEXT, 0, NULL },
};
static const struct ac_col ff_cols[] = {
	{ "name", FK_TEXT, 64, NULL }, { "label", FK_TEXT, 300, NULL },
	{ "type", FK_ENUM, 0, form_types }, { "required", FK_CHECKBOX, 0, NULL },
	{ "max", FK_TEXT, 20, NULL }, { "options", FK_TEXTAREA, 4000, NULL },
	{ NULL, FK_TEXT, 0, NULL },
};
static const struct ac_col step_cols[] = {
	{ "name", FK_TEXT, 300, NULL }, { "role", FK_ENUM, 0, step_roles },
	{ "hours", FK_TEXT, 8, NULL }, { NULL, FK_TEXT, 0, NULL },
};

/* A repeated group: model key, query parameter of its count, input prefix, columns. */
struct ac_grp {
	const char *key, *query, *prefix;
	const struct ac_col *cols;
	int ncols;
};
static const struct ac_grp groups[AC__GROUPS] = {
	[AC_FEES] = { "fees", "phi", "fee", fee_cols, 3 },
	[AC_COMPS] = { "comps", "tp", "comp", comp_cols, 3 },
	[AC_FFS] = { "ffs", "bm", "ff", ff_cols, 6 },
	[AC_STEPS] = { "steps", "qt", "step", step_cols, 3 },
};

/* The single inputs of the form. */
static const struct field_spec base_fields[] = {
	{ .name = "action", .kind = FK_TEXT, .max = 24 },
	{ .name = "stamp", .kind = FK_TEXT, .max = 64 },
	{ .name = "code", .kind = FK_TEXT, .max = 64 },
	{ .name = "name", .kind = FK_TEXT, .max = 500 },
	{ .name = "field", .kind = FK_TEXT, .max = 300 },
	{ .name = "department", .kind = FK_TEXT, .max = 32 },
	{ .name = "lv_province", .kind = FK_CHECKBOX },
	{ .name = "lv_district", .kind = FK_CHECKBOX },
	{ .name = "lv_commune", .kind = FK_CHECKBOX },
	{ .name = "applicants", .kind = FK_TEXT, .max = 500 },
	{ .name = "steps_text", .kind = FK_TEXTAREA, .max = 20000 },
	{ .name = "legal_basis", .kind = FK_TEXTAREA, .max = 20000 },
	{ .name = "duration_value", .kind = FK_TEXT, .max = 8 },
	{ .name = "duration_unit", .kind = FK_ENUM, .choices = duration_units },
	{ .name = "duration_online", .kind = FK_TEXT, .max = 8 },
	{ .name = "cutoff", .kind = FK_TEXT, .max = 5 },
	{ .name = "supplement_policy", .kind = FK_ENUM, .choices = supplement_policy_names },
	{ .name = "supplement_window", .kind = FK_TEXT, .max = 4 },
	{ .name = "online_level", .kind = FK_ENUM, .choices = online_level_names },
	{ .name = "result_name", .kind = FK_TEXT, .max = 300 },
	{ .name = "result_doc", .kind = FK_CHECKBOX },
	{ .name = "dl_counter", .kind = FK_CHECKBOX },
	{ .name = "dl_post", .kind = FK_CHECKBOX },
	{ .name = "dl_online", .kind = FK_CHECKBOX },
	{ .name = NULL },
};
#define NBASE (sizeof(base_fields) / sizeof(base_fields[0]) - 1)

/* Inputs the rows of c need. */
static int inputs_of(const struct ac_counts *c)
{
	int n = 0;
	for (int g = 0; g < AC__GROUPS; g++)
		n += c->n[g] * groups[g].ncols;
	return n;
}

/* See admin_catalog.h. */
bool ac_counts_fit(const struct ac_counts *c)
{
	for (int g = 0; g < AC__GROUPS; g++)
		if (c->n[g] < 0 || c->n[g] > AC_ROWS_MAX)
			return false;
	return (int)NBASE + inputs_of(c) <= INPUT_BUDGET;
}

/* See admin_catalog.h. */
struct ac_counts ac_counts_of_query(struct request *req)
{
	struct ac_counts c;
	for (int g = 0; g < AC__GROUPS; g++) {
		const char *v = req_query(req, groups[g].query);
		long n = v ? strtol(v, NULL, 10) : 0;
		c.n[g] = n < 0 ? 0 : n > AC_ROWS_MAX ? AC_ROWS_MAX : (int)n;
	}
	/* Over the budget (a hand-made URL): drop rows from the largest groups. */
	while (!ac_counts_fit(&c)) {
		int big = 0;
		for (int g = 1; g < AC__GROUPS; g++)
			if (c.n[g] * groups[g].ncols > c.n[big] * groups[big].ncols)
				big = g;
		c.n[big]--;
	}
	return c;
}

/* See admin_catalog.h. */
const struct field_spec *admin_catalog_form(struct request *req)
{
	struct ac_counts c = ac_counts_of_query(req);
	size_t n = NBASE + (size_t)inputs_of(&c);
	struct field_spec *spec = arena_alloc(req_arena(req), (n + 1) * sizeof(*spec));
	memcpy(spec, base_fields, NBASE * sizeof(*spec));
	size_t k = NBASE;
	for (int g = 0; g < AC__GROUPS; g++)
		for (int i = 0; i < c.n[g]; i++)
			for (const struct ac_col *col = groups[g].cols; col->key; col++)
				spec[k++] = (struct field_spec){
					.name = arena_printf(req_arena(req), "%s_%s_%d",
							     groups[g].prefix, col->key, i),
					.kind = col->kind,
					.max = col->max,
					.choices = col->choices,
				};
	memset(&spec[k], 0, sizeof(*spec));
	return spec;
}

/* ---- the model ---- */

/* String member k of o ("" when absent or not a string). */
static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* An integer member as text ("" when absent). */
static json_t *int_text(const json_t *v)
{
	char b[32];
	if (json_is_integer(v)) {
		snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(v));
		return json_string(b);
	}
	if (json_is_real(v)) {
		snprintf(b, sizeof(b), "%g", json_real_value(v));
		return json_string(b);
	}
	return json_string("");
}

/* Whether array a holds the string s. */
static bool has(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	return false;
}

/* See admin_catalog.h. */
json_t *ac_model_from_data(const json_t *d)
{
	json_t *m = json_object();
	json_object_set_new(m, "code", json_string(str(d, "code")));
	json_object_set_new(m, "name", json_string(str(d, "name")));
	json_object_set_new(m, "field", json_string(str(d, "field")));
	json_object_set_new(m, "department", json_string(str(d, "department")));
	for (int i = 0; levels[i]; i++)
		json_object_set_new(m, levels[i], json_boolean(has(json_object_get(d, "levels"),
								    levels[i])));
	json_t *appl = json_object_get(d, "applicants");
	char joined[600] = "";
	size_t i;
	json_t *v;
	json_array_foreach(appl, i, v) {
		size_t len = strlen(joined);
		snprintf(joined + len, sizeof(joined) - len, "%s%s", len ? ", " : "",
			 json_string_value(v) ? json_string_value(v) : "");
	}
	json_object_set_new(m, "applicants", json_string(joined));
	json_object_set_new(m, "steps_text", json_string(str(d, "steps_text")));
	json_object_set_new(m, "legal_basis", json_string(str(d, "legal_basis")));
	json_t *dur = json_object_get(d, "duration");
	json_object_set_new(m, "duration_value", int_text(json_object_get(dur, "value")));
	json_object_set_new(m, "duration_unit", json_string(*str(dur, "unit") ? str(dur, "unit")
								       : "working_days"));
	json_object_set_new(m, "duration_online",
			    int_text(json_object_get(json_object_get(d, "duration_online"), "value")));
	json_object_set_new(m, "cutoff", json_string(str(d, "cutoff")));
	json_object_set_new(m, "supplement_policy",
			    json_string(*str(d, "supplement_policy") ? str(d, "supplement_policy")
								      : "restart"));
	json_t *win = json_object_get(d, "supplement_window_days");
	json_object_set_new(m, "supplement_window", win ? int_text(win) : json_string("15"));
	json_object_set_new(m, "online_level", json_string(*str(d, "online_level") ?
							   str(d, "online_level") : "info"));
	json_t *res = json_object_get(d, "result");
	json_object_set_new(m, "result_name", json_string(str(res, "name")));
	json_object_set_new(m, "result_doc", json_boolean(!json_is_false(json_object_get(res,
										"is_document"))));
	json_t *dl = json_object_get(d, "delivery");
	for (int k = 0; deliveries[k]; k++)
		json_object_set_new(m, deliveries[k],
				    json_boolean(d ? has(dl, deliveries[k]) :
						 !strcmp(deliveries[k], "counter")));
	static const char *const data_keys[AC__GROUPS] = { "fees", "components", "form", "steps" };
	for (int g = 0; g < AC__GROUPS; g++) {
		json_t *rows = json_array();
		json_array_foreach(json_object_get(d, data_keys[g]), i, v) {
			json_t *r = json_object();
			for (const struct ac_col *col = groups[g].cols; col->key; col++) {
				json_t *x = json_object_get(v, col->key);
				if (col->kind == FK_CHECKBOX)
					json_object_set_new(r, col->key, json_boolean(json_is_true(x)));
				else if (!strcmp(col->key, "options")) {
					char *opts = NULL;
					size_t j, len = 0;
					json_t *o;
					json_array_foreach(x, j, o) {
						const char *s = json_string_value(o);
						size_t sl = s ? strlen(s) : 0;
						opts = realloc(opts, len + sl + 2);
						if (!opts)
							abort();
						memcpy(opts + len, s ? s : "", sl);
						len += sl;
						opts[len++] = '\n';
						opts[len] = '\0';
					}
					if (len)
						opts[len - 1] = '\0';
					json_object_set_new(r, col->key, json_string(opts ? opts : ""));
					free(opts);
				} else if (json_is_number(x))
					json_object_set_new(r, col->key, int_text(x));
				else
					json_object_set_new(r, col->key,
							    json_string(json_is_string(x) ?
									json_string_value(x) : ""));
			}
			json_array_append_new(rows, r);
		}
		json_object_set_new(m, groups[g].key, rows);
	}
	return m;
}

/* The posted value of input name: the valid value, else what was typed when it is text
 * (kept so nothing is lost), else "". */
static json_t *posted(struct request *req, const char *name)
{
	const char *v = req_form(req, name);
	if (v)
		return json_string(v);
	const char *raw = req_form_raw(req, name);
	json_t *s = raw ? json_string(raw) : NULL;
	return s ? s : json_string("");
}

/* See admin_catalog.h. */
json_t *ac_model_from_request(struct request *req, const struct ac_counts *c)
{
	json_t *m = json_object();
	static const char *const texts[] = {
		"code", "name", "field", "department", "applicants", "steps_text", "legal_basis",
		"duration_value", "duration_unit", "duration_online", "cutoff",
		"supplement_policy", "supplement_window", "online_level", "result_name", NULL
	};
	for (int i = 0; texts[i]; i++)
		json_object_set_new(m, texts[i], posted(req, texts[i]));
	for (int i = 0; levels[i]; i++) {
		char k[32];
		snprintf(k, sizeof(k), "lv_%s", levels[i]);
		json_object_set_new(m, levels[i], json_boolean(req_form(req, k) != NULL));
	}
	for (int i = 0; deliveries[i]; i++) {
		char k[32];
		snprintf(k, sizeof(k), "dl_%s", deliveries[i]);
		json_object_set_new(m, deliveries[i], json_boolean(req_form(req, k) != NULL));
	}
	json_object_set_new(m, "result_doc", json_boolean(req_form(req, "result_doc") != NULL));
	for (int g = 0; g < AC__GROUPS; g++) {
		json_t *rows = json_array();
		for (int i = 0; i < c->n[g]; i++) {
			json_t *r = json_object();
			for (const struct ac_col *col = groups[g].cols; col->key; col++) {
				const char *in = arena_printf(req_arena(req), "%s_%s_%d",
							      groups[g].prefix, col->key, i);
				json_object_set_new(r, col->key, col->kind == FK_CHECKBOX ?
						    json_boolean(req_form(req, in) != NULL) :
						    posted(req, in));
			}
			json_array_append_new(rows, r);
		}
		json_object_set_new(m, groups[g].key, rows);
	}
	return m;
}

/* A blank row of group g. */
static json_t *blank_row(int g)
{
	json_t *r = json_object();
	for (const struct ac_col *col = groups[g].cols; col->key; col++)
		json_object_set_new(r, col->key, col->kind == FK_CHECKBOX ? json_false() :
				    json_string(col->choices ? col->choices[0] : ""));
	return r;
}

/* See admin_catalog.h. */
bool ac_model_apply(json_t *m, const char *action)
{
	for (int g = 0; g < AC__GROUPS; g++) {
		char add[32], del[32];
		snprintf(add, sizeof(add), "add_%s", groups[g].key);
		snprintf(del, sizeof(del), "del_%s_", groups[g].key);
		json_t *rows = json_object_get(m, groups[g].key);
		if (!strcmp(action, add)) {
			struct ac_counts c = ac_model_counts(m);
			c.n[g]++;
			if (ac_counts_fit(&c))
				json_array_append_new(rows, blank_row(g));
			return true;
		}
		size_t dl = strlen(del);
		if (!strncmp(action, del, dl)) {
			const char *p = action + dl;
			if (*p && strlen(p) <= 3 && strspn(p, "0123456789") == strlen(p))
				json_array_remove(rows, (size_t)strtol(p, NULL, 10));
			return true;
		}
	}
	return false;
}

/* See admin_catalog.h. */
struct ac_counts ac_model_counts(const json_t *m)
{
	struct ac_counts c;
	for (int g = 0; g < AC__GROUPS; g++)
		c.n[g] = (int)json_array_size(json_object_get(m, groups[g].key));
	return c;
}

/* ---- checks ---- */

/* Put the message at key (with {max}) beside input unless it already has one. */
static void err(struct request *req, json_t *errors, const char *input, const char *key,
		long long max)
{
	if (json_object_get(errors, input))
		return;
	char n[24];
	snprintf(n, sizeof(n), "%lld", max);
	json_object_set_new(errors, input, json_string(web_fill(req, web_text(req, key), "max", n)));
}

/* Parse a whole number in [lo, hi] from s (digits only; dots and spaces between thousands
 * allowed for amounts). false when it is not one. */
static bool whole(const char *s, bool grouped, long long lo, long long hi, long long *out)
{
	long long v = 0;
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 15)
				return false;
			v = v * 10 + (*s - '0');
		} else if (!(grouped && (*s == '.' || *s == ' ') && digits)) {
			return false;
		}
	}
	*out = v;
	return digits > 0 && v >= lo && v <= hi;
}

/* The reasons the http layer gave for inputs of the model (too long, not UTF-8, control
 * characters), beside them. */
static void layer_errors(struct request *req, json_t *errors, const char *input)
{
	const char *why = req_field_reason(req, input);
	if (!why)
		return;
	err(req, errors, input, !strcmp(why, "too_long") ? "admin_cat.err.too_long"
			       : !strcmp(why, "not_a_choice") ? "admin_cat.err.choice"
							      : "admin_cat.err.invalid", 0);
}

/* Whether s is trimmed-empty. */
static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Required text k of model into data, or a message. */
static void need(struct request *req, const json_t *m, const char *k, json_t *data,
		 json_t *errors)
{
	const char *v = str(m, k);
	if (blank(v))
		err(req, errors, k, "admin_cat.err.required", 0);
	else
		json_object_set_new(data, k, json_string(v));
}

/* Rows of group g into a JSON array of data (rows left blank are dropped; *map receives the
 * input row of each data element). */
static json_t *rows_data(struct request *req, const json_t *m, int g, json_t *errors,
			 int *map)
{
	json_t *out = json_array();
	size_t i;
	json_t *r;
	const struct ac_grp *gr = &groups[g];
	json_array_foreach(json_object_get(m, gr->key), i, r) {
		char in[64];
		bool any = false;
		for (const struct ac_col *col = gr->cols; col->key; col++)
			if (col->kind != FK_CHECKBOX && !col->choices && !blank(str(r, col->key)))
				any = true;
		if (!any)
			continue;
#define IN(col) (snprintf(in, sizeof(in), "%s_%s_%zu", gr->prefix, col, i), in)
		for (const struct ac_col *col = gr->cols; col->key; col++)
			layer_errors(req, errors, IN(col->key));
		json_t *o = json_object();
		const char *name = str(r, "name");
		if (blank(name))
			err(req, errors, IN("name"), "admin_cat.err.required", 0);
		long long n;
		if (g == AC_FEES) {
			json_object_set_new(o, "name", json_string(name));
			if (!whole(str(r, "amount"), true, 0, FEE_MAX, &n))
				err(req, errors, IN("amount"), "admin_cat.err.amount", 0);
			json_object_set_new(o, "amount", json_integer(n));
			json_object_set_new(o, "kind", json_string(*str(r, "kind") ? str(r, "kind")
									  : "fee"));
		} else if (g == AC_COMPS) {
			json_object_set_new(o, "name", json_string(name));
			json_object_set_new(o, "required", json_boolean(json_is_true(
							   json_object_get(r, "required"))));
			if (!blank(str(r, "template")))
				json_object_set_new(o, "template", json_string(str(r, "template")));
		} else if (g == AC_FFS) {
			size_t nl = strlen(name);
			bool ok = nl > 0 && nl <= FF_NAME_MAX && name[0] >= 'a' && name[0] <= 'z';
			for (size_t k = 0; ok && k < nl; k++)
				ok = (name[k] >= 'a' && name[k] <= 'z') ||
				     (name[k] >= '0' && name[k] <= '9') || name[k] == '_';
			if (!blank(name) && !ok)
				err(req, errors, IN("name"), "admin_cat.err.ff_name", FF_NAME_MAX);
			for (size_t k = 0; k < json_array_size(out); k++)
				if (!strcmp(str(json_array_get(out, k), "name"), name))
					err(req, errors, IN("name"), "admin_cat.err.ff_twice", 0);
			json_object_set_new(o, "name", json_string(name));
			if (blank(str(r, "label")))
				err(req, errors, IN("label"), "admin_cat.err.required", 0);
			json_object_set_new(o, "label", json_string(str(r, "label")));
			const char *type = *str(r, "type") ? str(r, "type") : "text";
			json_object_set_new(o, "type", json_string(type));
			json_object_set_new(o, "required", json_boolean(json_is_true(
							   json_object_get(r, "required"))));
			if (!blank(str(r, "max"))) {
				if (!whole(str(r, "max"), false, 1, 999999999999999LL, &n))
					err(req, errors, IN("max"), "admin_cat.err.number", 0);
				json_object_set_new(o, "max", json_integer(n));
			}
			json_t *opts = json_array();
			char *copy = strdup(str(r, "options"));
			if (!copy)
				abort();
			for (char *save = NULL, *line = strtok_r(copy, "\r\n", &save); line;
			     line = strtok_r(NULL, "\r\n", &save))
				if (!blank(line))
					json_array_append_new(opts, json_string(line));
			free(copy);
			bool select = !strcmp(type, "select");
			if (json_array_size(opts) > 100)
				err(req, errors, IN("options"), "admin_cat.err.options_max", 100);
			else if (select && json_array_size(opts) == 0)
				err(req, errors, IN("options"), "admin_cat.err.options", 0);
			else if (!select && json_array_size(opts) > 0)
				err(req, errors, IN("options"), "admin_cat.err.no_options", 0);
			if (select)
				json_object_set_new(o, "options", opts);
			else
				json_decref(opts);
		} else {
			json_object_set_new(o, "name", json_string(name));
			json_object_set_new(o, "role", json_string(*str(r, "role") ? str(r, "role")
									  : "specialist"));
			if (!whole(str(r, "hours"), false, 0, STEP_HOURS_MAX, &n))
				err(req, errors, IN("hours"), "admin_cat.err.hours", STEP_HOURS_MAX);
			json_object_set_new(o, "hours", json_integer(n));
		}
#undef IN
		map[json_array_size(out)] = (int)i;
		json_array_append_new(out, o);
	}
	return out;
}

/* Where each data element of every group came from (for the domain's messages). */
static __thread int row_map[AC__GROUPS][AC_ROWS_MAX + 1];

/* See admin_catalog.h. */
json_t *ac_model_to_data(struct request *req, const json_t *m, bool sample, json_t *errors)
{
	static const char *const texts[] = {
		"code", "name", "field", "department", "applicants", "steps_text", "legal_basis",
		"duration_value", "duration_online", "cutoff", "supplement_window", "result_name",
		NULL
	};
	for (int i = 0; texts[i]; i++)
		layer_errors(req, errors, texts[i]);
	json_t *d = json_object();
	need(req, m, "code", d, errors);
	need(req, m, "name", d, errors);
	need(req, m, "field", d, errors);
	if (!blank(str(m, "department")))
		json_object_set_new(d, "department", json_string(str(m, "department")));
	json_t *lv = json_array();
	for (int i = 0; levels[i]; i++)
		if (json_is_true(json_object_get(m, levels[i])))
			json_array_append_new(lv, json_string(levels[i]));
	json_object_set_new(d, "levels", lv);
	json_object_set_new(d, "online_level", json_string(*str(m, "online_level") ?
							   str(m, "online_level") : "info"));
	long long n;
	const char *unit = *str(m, "duration_unit") ? str(m, "duration_unit") : "working_days";
	if (!whole(str(m, "duration_value"), false, 1, DURATION_MAX, &n))
		err(req, errors, "duration_value", "admin_cat.err.duration", DURATION_MAX);
	json_object_set_new(d, "duration", json_pack("{s:I, s:s}", "value", (json_int_t)n,
						     "unit", unit));
	if (!blank(str(m, "duration_online"))) {
		if (!whole(str(m, "duration_online"), false, 1, DURATION_MAX, &n))
			err(req, errors, "duration_online", "admin_cat.err.duration", DURATION_MAX);
		json_object_set_new(d, "duration_online", json_pack("{s:I, s:s}", "value",
								    (json_int_t)n, "unit", unit));
	}
	if (!blank(str(m, "cutoff"))) {
		int minutes;
		if (!parse_hhmm(str(m, "cutoff"), &minutes))
			err(req, errors, "cutoff", "admin_cat.err.cutoff", 0);
		json_object_set_new(d, "cutoff", json_string(str(m, "cutoff")));
	}
	json_object_set_new(d, "supplement_policy",
			    json_string(*str(m, "supplement_policy") ? str(m, "supplement_policy")
								      : "restart"));
	if (!whole(str(m, "supplement_window"), false, 1, 365, &n))
		err(req, errors, "supplement_window", "admin_cat.err.window", 365);
	json_object_set_new(d, "supplement_window_days", json_integer(n));
	static const char *const data_keys[AC__GROUPS] = { "fees", "components", "form", "steps" };
	for (int g = 0; g < AC__GROUPS; g++)
		json_object_set_new(d, data_keys[g], rows_data(req, m, g, errors, row_map[g]));
	if (blank(str(m, "result_name")))
		err(req, errors, "result_name", "admin_cat.err.required", 0);
	json_object_set_new(d, "result", json_pack("{s:s, s:b}", "name", str(m, "result_name"),
						   "is_document", json_is_true(json_object_get(
							   m, "result_doc"))));
	json_t *dl = json_array();
	for (int i = 0; deliveries[i]; i++)
		if (json_is_true(json_object_get(m, deliveries[i])))
			json_array_append_new(dl, json_string(deliveries[i]));
	if (json_array_size(dl) == 0)
		err(req, errors, "dl_counter", "admin_cat.err.delivery", 0);
	json_object_set_new(d, "delivery", dl);
	json_t *appl = json_array();
	char *copy = strdup(str(m, "applicants"));
	if (!copy)
		abort();
	for (char *save = NULL, *a = strtok_r(copy, ",;", &save); a; a = strtok_r(NULL, ",;", &save)) {
		while (*a == ' ')
			a++;
		size_t l = strlen(a);
		while (l && a[l - 1] == ' ')
			a[--l] = '\0';
		if (l)
			json_array_append_new(appl, json_string(a));
	}
	free(copy);
	json_object_set_new(d, "applicants", appl);
	json_object_set_new(d, "steps_text", json_string(str(m, "steps_text")));
	json_object_set_new(d, "legal_basis", json_string(str(m, "legal_basis")));
	if (sample)
		json_object_set_new(d, "sample", json_true());
	if (json_object_size(errors)) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* See admin_catalog.h. */
void ac_error_from_import(struct request *req, const struct import_result *r, json_t *errors)
{
	static const char *const data_keys[AC__GROUPS] = { "fees", "components", "form", "steps" };
	const char *f = r->field;
	const char *input = "name";
	char buf[64];
	for (int g = 0; g < AC__GROUPS; g++) {
		size_t l = strlen(data_keys[g]);
		if (!strncmp(f, data_keys[g], l) && f[l] == '[') {
			long el = strtol(f + l + 1, NULL, 10);
			const char *dot = strchr(f, '.');
			int row = el >= 1 && el <= AC_ROWS_MAX ? row_map[g][el - 1] : 0;
			snprintf(buf, sizeof(buf), "%s_%s_%d", groups[g].prefix,
				 dot ? dot + 1 : "name", row);
			input = buf;
			break;
		}
	}
	if (input != buf) {
		static const struct { const char *field, *input; } map[] = {
			{ "code", "code" }, { "field", "field" }, { "department", "department" },
			{ "duration", "duration_value" }, { "duration_online", "duration_online" },
			{ "cutoff", "cutoff" }, { "supplement_window_days", "supplement_window" },
			{ "result", "result_name" }, { "applicants", "applicants" },
			{ "steps_text", "steps_text" }, { "legal_basis", "legal_basis" },
			{ "levels", "lv_province" }, { "delivery", "dl_counter" },
		};
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
			size_t l = strlen(map[i].field);
			if (!strncmp(f, map[i].field, l) && (f[l] == '\0' || f[l] == '.'))
				input = map[i].input;
		}
	}
	err(req, errors, input, !strcmp(r->field, "department") ? "admin_cat.err.department" :
				!strcmp(r->field, "code") ? "admin_cat.err.code" : "admin_cat.err.invalid", 0);
}

/* ---- the template's data ---- */

/* [{"value", "label", "selected"}] for choices, labels at prefix.<value>. */
static json_t *choices(struct request *req, const char *const *list, const char *prefix,
		       const char *current)
{
	json_t *a = json_array();
	for (int i = 0; list[i]; i++) {
		char k[96];
		snprintf(k, sizeof(k), "%s.%s", prefix, list[i]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", list[i], "label",
						   web_text(req, k), "selected",
						   !strcmp(list[i], current)));
	}
	return a;
}

/* The error of input (or false). */
static json_t *error_of(const json_t *errors, const char *input)
{
	json_t *t = json_object_get(errors, input);
	return t ? json_incref(t) : json_false();
}

/* See admin_catalog.h. */
json_t *ac_form_view(struct request *req, const json_t *m, const json_t *errors,
		     const char *action_path, bool is_new)
{
	json_t *v = json_deep_copy(m);
	json_t *e = json_object();
	static const char *const inputs[] = {
		"code", "name", "field", "department", "applicants", "steps_text", "legal_basis",
		"duration_value", "duration_online", "cutoff", "supplement_window", "result_name",
		"dl_counter", NULL
	};
	for (int i = 0; inputs[i]; i++)	/* every input named, so the template's keys exist */
		json_object_set_new(e, inputs[i], json_false());
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)errors, k, x)
		json_object_set(e, k, x);
	json_object_set_new(v, "e", e);
	json_object_set_new(v, "is_new", json_boolean(is_new));
	json_object_set_new(v, "units", choices(req, duration_units, "admin_cat.unit",
						str(m, "duration_unit")));
	json_object_set_new(v, "policies", choices(req, supplement_policy_names,
						   "admin_cat.policy", str(m, "supplement_policy")));
	json_object_set_new(v, "online_levels", choices(req, online_level_names, "online",
							str(m, "online_level")));
	json_t *lv = json_array();
	for (int i = 0; levels[i]; i++) {
		char lk[32];
		snprintf(lk, sizeof(lk), "level.%s", levels[i]);
		json_array_append_new(lv, json_pack("{s:s, s:s, s:b}", "value", levels[i], "label",
						    web_text(req, lk), "checked",
						    json_is_true(json_object_get(m, levels[i]))));
	}
	json_object_set_new(v, "levels", lv);
	json_t *dl = json_array();
	for (int i = 0; deliveries[i]; i++) {
		char lk[32];
		snprintf(lk, sizeof(lk), "delivery.%s", deliveries[i]);
		json_array_append_new(dl, json_pack("{s:s, s:s, s:b}", "value", deliveries[i],
						    "label", web_text(req, lk), "checked",
						    json_is_true(json_object_get(m, deliveries[i]))));
	}
	json_object_set_new(v, "deliveries", dl);
	for (int g = 0; g < AC__GROUPS; g++) {
		json_t *rows = json_object_get(v, groups[g].key);
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			json_object_set_new(r, "i", json_integer((json_int_t)i));
			json_object_set_new(r, "n", json_integer((json_int_t)i + 1));
			for (const struct ac_col *col = groups[g].cols; col->key; col++) {
				char in[64], ek[64];
				snprintf(in, sizeof(in), "%s_%s_%zu", groups[g].prefix, col->key, i);
				snprintf(ek, sizeof(ek), "e_%s", col->key);
				json_object_set_new(r, ek, error_of(errors, in));
				if (col->choices) {
					char ck[64];
					snprintf(ck, sizeof(ck), "%s_choices", col->key);
					const char *prefix = g == AC_FEES ? "procedure" :
							     g == AC_FFS ? "admin_cat.type" : "role";
					json_object_set_new(r, ck, choices(req, col->choices, prefix,
									   str(r, col->key)));
				}
			}
		}
	}
	struct ac_counts c = ac_model_counts(m);
	json_object_set_new(v, "action", json_string(arena_printf(req_arena(req),
		"%s?phi=%d&tp=%d&bm=%d&qt=%d", action_path, c.n[AC_FEES], c.n[AC_COMPS],
		c.n[AC_FFS], c.n[AC_STEPS])));
	for (int g = 0; g < AC__GROUPS; g++) {
		struct ac_counts more = c;
		more.n[g]++;
		char key[32];
		snprintf(key, sizeof(key), "can_add_%s", groups[g].key);
		json_object_set_new(v, key, json_boolean(ac_counts_fit(&more)));
	}
	json_t *summary = json_array();
	json_object_foreach((json_t *)errors, k, x)
		json_array_append_new(summary, json_pack("{s:s, s:O}", "href",
							 arena_printf(req_arena(req), "#%s", k),
							 "text", x));
	json_object_set_new(v, "summary", summary);
	return v;
}
