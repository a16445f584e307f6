/* eform.c - the e-form of a procedure: the catalogue's `form` field list parsed into fields
 * (the validation of what a citizen typed is in eform_check.c). */
#include "motcua/eform.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/text.h"
#include "motcua/xalloc.h"
#include "eform_internal.h"

static const char *const type_names[EF__MAX] = {
	[EF_TEXT] = "text",	    [EF_TEXTAREA] = "textarea", [EF_NUMBER] = "number",
	[EF_DATE] = "date",	    [EF_SELECT] = "select",	[EF_CHECKBOX] = "checkbox",
	[EF_ID_NUMBER] = "id_number", [EF_PHONE] = "phone",	[EF_EMAIL] = "email",
};

/* See eform.h. */
const char *eform_type_name(enum eform_type t)
{
	return (unsigned)t < EF__MAX ? type_names[t] : "?";
}

/* See eform.h. */
int eform_type_parse(const char *s)
{
	for (int t = 0; s && t < EF__MAX; t++)
		if (strcmp(s, type_names[t]) == 0)
			return t;
	return -1;
}

/* Format the reason into why (n bytes; either may be 0/NULL) and return E_INVALID. */
static enum err fail(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum err fail(char *why, size_t n, const char *fmt, ...)
{
	if (why && n) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return E_INVALID;
}

/* True for a field name: 1..EFORM_NAME_MAX bytes of [a-z0-9_], starting with a letter. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > EFORM_NAME_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* A copy of s with Vietnamese letters composed (caller frees). */
static char *composed_copy(const char *s)
{
	struct buf b = BUF_INIT;
	text_compose_vi(s, strlen(s), &b);
	return buf_steal(&b);
}

/* The options of select field i (index from 0, 1-based in messages) from opts into fd. */
static enum err read_options(json_t *opts, int i, struct eform_field *fd, char *why, size_t n)
{
	if (!json_is_array(opts) || json_array_size(opts) == 0)
		return fail(why, n, "form[%d].options: a select needs at least one option", i + 1);
	if (json_array_size(opts) > EFORM_OPTIONS_MAX)
		return fail(why, n, "form[%d].options: more than %d options", i + 1,
			    EFORM_OPTIONS_MAX);
	size_t k;
	json_t *o;
	json_array_foreach(opts, k, o)
		if (!json_is_string(o) || json_string_length(o) == 0)
			return fail(why, n, "form[%d].options: option %zu must be a non-empty string",
				    i + 1, k + 1);
	char **list = xcalloc(json_array_size(opts), sizeof(char *));
	json_array_foreach(opts, k, o)
		list[k] = composed_copy(json_string_value(o));
	fd->options = (const char *const *)list;
	fd->noptions = (int)json_array_size(opts);
	return E_OK;
}

/* Field i of the array (object ff) into fd, checked against the fields before it. */
static enum err read_field(const struct eform *f, json_t *ff, int i, struct eform_field *fd,
			   char *why, size_t n)
{
	if (!json_is_object(ff))
		return fail(why, n, "form[%d]: not an object", i + 1);
	const char *name = json_string_value(json_object_get(ff, "name"));
	if (!name || !name_ok(name))
		return fail(why, n, "form[%d].name: must be 1 to %d lower-case letters, digits or '_',"
			    " starting with a letter", i + 1, EFORM_NAME_MAX);
	if (eform_find(f, name))
		return fail(why, n, "form[%d].name: '%s' is used by another field", i + 1, name);
	int type = eform_type_parse(json_string_value(json_object_get(ff, "type")));
	if (type < 0)
		return fail(why, n, "form[%d].type: not a known field type", i + 1);
	const char *label = json_string_value(json_object_get(ff, "label"));
	if (!label || !label[0])
		return fail(why, n, "form[%d].label: missing", i + 1);
	if (utf8_length(label, strlen(label)) > EFORM_LABEL_MAX)
		return fail(why, n, "form[%d].label: longer than %d characters", i + 1,
			    EFORM_LABEL_MAX);
	json_t *req = json_object_get(ff, "required");
	if (req && !json_is_boolean(req))
		return fail(why, n, "form[%d].required: must be true or false", i + 1);
	json_t *max = json_object_get(ff, "max");
	if (max && (!json_is_integer(max) || json_integer_value(max) < 0))
		return fail(why, n, "form[%d].max: must be a non-negative integer", i + 1);
	json_t *opts = json_object_get(ff, "options");
	if (type != EF_SELECT && opts)
		return fail(why, n, "form[%d].options: only a select has options", i + 1);
	if (type == EF_SELECT) {
		enum err e = read_options(opts, i, fd, why, n);
		if (e != E_OK)
			return e;
	}
	fd->name = xstrdup(name);
	fd->label = xstrdup(label);
	fd->type = (enum eform_type)type;
	fd->required = json_is_true(req);
	fd->has_max = max != NULL;
	fd->max = max ? json_integer_value(max) : 0;
	return E_OK;
}

/* See eform.h. */
enum err eform_parse(const char *json, struct eform **out, char *why, size_t n)
{
	*out = NULL;
	if (why && n)
		why[0] = '\0';
	struct eform *f = xcalloc(1, sizeof(*f));
	if (!json || !json[0]) {
		*out = f;
		return E_OK;
	}
	json_error_t jerr;
	json_t *root = json_loads(json, JSON_DECODE_ANY, &jerr);
	enum err e = E_OK;
	if (!root)
		e = fail(why, n, "form: not JSON (line %d: %s)", jerr.line, jerr.text);
	else if (!json_is_array(root))
		e = fail(why, n, "form: not an array");
	else if (json_array_size(root) > EFORM_FIELDS_MAX)
		e = fail(why, n, "form: more than %d fields", EFORM_FIELDS_MAX);
	size_t i;
	json_t *ff;
	if (e == E_OK)
		json_array_foreach(root, i, ff) {
			e = read_field(f, ff, (int)i, &f->fields[i], why, n);
			if (e != E_OK)
				break;
			f->n++;
		}
	json_decref(root);
	if (e != E_OK) {
		/* a field that failed allocated nothing (read_field checks before it copies) */
		eform_free(f);
		return e;
	}
	*out = f;
	return E_OK;
}

/* See eform.h. */
void eform_free(struct eform *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		struct eform_field *fd = &f->fields[i];
		free((char *)fd->name);
		free((char *)fd->label);
		for (int k = 0; k < fd->noptions; k++)
			free((char *)fd->options[k]);
		free((void *)fd->options);
	}
	free(f);
}

/* See eform.h. */
int eform_count(const struct eform *f)
{
	return f ? f->n : 0;
}

/* See eform.h. */
const struct eform_field *eform_field(const struct eform *f, int i)
{
	return f && i >= 0 && i < f->n ? &f->fields[i] : NULL;
}

/* See eform.h. */
const struct eform_field *eform_find(const struct eform *f, const char *name)
{
	for (int i = 0; f && name && i < f->n; i++)
		if (f->fields[i].name && strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}
