/* eform_view.c - the pieces of a generated e-form shared by the citizen's submission form and
 * the one-stop shop's counter intake: reading the typed values of a request, validating them
 * with messages beside the inputs, and the inputs handed to the templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/applicant.h"
#include "wizard.h"

#define FORM_FIELD_PREFIX "f_"
#define ERRORS_MAX 64

/* Text value v as a string ("" for absent or not a string). */
static const char *str_or_empty(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The error of input (or false) for the template. */
static json_t *error_of(const struct wiz_errors *errs, const char *input)
{
	json_t *t = json_object_get(errs->by_input, input);
	return t ? json_incref(t) : json_false();
}

/* See wizard.h. */
const char *eform_view_get_field(void *ctx, const char *name)
{
	struct request *req = ctx;
	char key[EFORM_NAME_MAX + 8];
	snprintf(key, sizeof(key), FORM_FIELD_PREFIX "%s", name);
	return req_form_raw(req, key);
}

/* See wizard.h. */
const char *eform_view_get_raw(void *ctx, const char *name)
{
	return req_form_raw(ctx, name);
}

/* Add the message of one e-form failure for input name with its label. */
static void add_eform_error(struct request *req, struct wiz_errors *errs, const char *input,
			    const char *label, const struct eform_error *fe)
{
	char max[24];
	snprintf(max, sizeof(max), "%lld", (long long)fe->limit);
	wiz_error(req, errs, input, label, web_fill(req, web_text(req, fe->key), "max", max));
}

/* See wizard.h. */
json_t *eform_view_validate(struct request *req, const struct eform *f, eform_get_fn get,
			    const char *prefix, bool strict, struct wiz_errors *errs, bool applicant)
{
	struct eform_error fe[ERRORS_MAX];
	json_t *values = NULL, *strict_values = NULL;
	int n = eform_validate(f, get, req, !strict, strict ? &strict_values : &values, fe,
			       ERRORS_MAX);
	if (strict) {
		struct eform_error ignored[1];
		eform_validate(f, get, req, true, &values, ignored, 0);
		json_decref(strict_values);
	}
	for (int i = 0; i < n && i < ERRORS_MAX; i++) {
		const struct eform_field *ff = eform_field(f, fe[i].field);
		char key[96];
		snprintf(key, sizeof(key), "wizard.%s", ff->name);
		const char *label = applicant ? web_text(req, key) : ff->label;
		add_eform_error(req, errs, arena_printf(req_arena(req), "%s%s", prefix, ff->name),
				label, &fe[i]);
	}
	return values;
}

/* See wizard.h. */
json_t *eform_view_applicant(json_t *values)
{
	json_t *a = json_object();
	const char *k;
	json_t *v;
	size_t plen = strlen(APPLICANT_PREFIX);
	json_object_foreach(values, k, v)
		if (!strncmp(k, APPLICANT_PREFIX, plen))
			json_object_set(a, k + plen, v);
	return a;
}

/* See wizard.h. */
json_t *eform_view_inputs(struct request *req, const struct eform *form, json_t *values,
			  const struct wiz_errors *errs)
{
	json_t *list = json_array();
	for (int i = 0; i < eform_count(form); i++) {
		const struct eform_field *f = eform_field(form, i);
		const char *input = arena_printf(req_arena(req), "f_%s", f->name);
		json_t *v = json_object_get(values, f->name);
		const char *value = str_or_empty(v);
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:o}", "input", input, "label",
				      f->label, "value", value, "required", f->required, "checked",
				      json_is_true(v), "error", error_of(errs, input));
		static const char *const html_types[EF__MAX] = {
			[EF_TEXT] = "text",    [EF_TEXTAREA] = "",	[EF_NUMBER] = "text",
			[EF_DATE] = "text",    [EF_SELECT] = "",	[EF_CHECKBOX] = "",
			[EF_ID_NUMBER] = "text", [EF_PHONE] = "tel",	[EF_EMAIL] = "email",
		};
		static const char *const input_modes[EF__MAX] = {
			[EF_NUMBER] = "decimal", [EF_DATE] = "numeric", [EF_ID_NUMBER] = "numeric",
			[EF_PHONE] = "tel",	 [EF_EMAIL] = "email",
		};
		json_object_set_new(o, "is_textarea", json_boolean(f->type == EF_TEXTAREA));
		json_object_set_new(o, "is_select", json_boolean(f->type == EF_SELECT));
		json_object_set_new(o, "is_checkbox", json_boolean(f->type == EF_CHECKBOX));
		json_object_set_new(o, "is_input", json_boolean(html_types[f->type][0] != '\0'));
		json_object_set_new(o, "html_type", json_string(html_types[f->type]));
		json_object_set_new(o, "inputmode",
				    input_modes[f->type] ? json_string(input_modes[f->type])
							 : json_false());
		const char *hint = f->type == EF_DATE	     ? web_text(req, "wizard.hint_date")
				   : f->type == EF_ID_NUMBER ? web_text(req, "wizard.hint_id_number")
				   : f->type == EF_PHONE     ? web_text(req, "wizard.hint_phone")
							     : NULL;
		if ((f->type == EF_TEXT || f->type == EF_TEXTAREA) && f->max > 0) {
			char n[24];
			snprintf(n, sizeof(n), "%lld", (long long)f->max);
			hint = web_fill(req, web_text(req, "wizard.hint_max"), "max", n);
			json_object_set_new(o, "maxlength", json_integer(f->max));
		}
		json_object_set_new(o, "hint", hint ? json_string(hint) : json_false());
		json_t *opts = json_array();
		for (int k = 0; k < f->noptions; k++)
			json_array_append_new(opts, json_pack("{s:s, s:b}", "value", f->options[k],
							      "selected",
							      !strcmp(value, f->options[k])));
		json_object_set_new(o, "options", opts);
		json_array_append_new(list, o);
	}
	return list;
}

