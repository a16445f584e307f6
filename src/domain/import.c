/* import.c - dispatch and helpers shared by the three importers: error messages that name
 * the line and the field, JSON array parsing with the source line of each element, and small
 * validators for JSON fields. */
#include "motcua/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "motcua/buf.h"
#include "motcua/text.h"
#include "motcua/xalloc.h"

static const char *const kind_names[IMPORT__MAX] = {
	[IMPORT_UNITS] = "units",
	[IMPORT_CALENDAR] = "calendar",
	[IMPORT_CATALOG] = "catalog",
};

/* See import.h. */
const char *import_kind_name(enum import_kind k)
{
	return (unsigned)k < IMPORT__MAX ? kind_names[k] : "?";
}

/* See import.h. */
int import_kind_parse(const char *s)
{
	for (int i = 0; s && i < IMPORT__MAX; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

/* See import.h. */
enum err import_run(struct db *db, enum import_kind kind, const char *text, size_t len,
		    struct import_result *r)
{
	switch (kind) {
	case IMPORT_UNITS:
		return import_units(db, text, len, r);
	case IMPORT_CALENDAR:
		return import_calendar(db, text, len, r);
	case IMPORT_CATALOG:
		return import_catalog(db, text, len, r);
	case IMPORT__MAX:
		break;
	}
	memset(r, 0, sizeof(*r));
	snprintf(r->message, sizeof(r->message), "unknown import kind");
	return E_INVALID;
}

/* The hook of the import running on this thread (import_run_hooked), NULL when none. */
static _Thread_local import_commit_hook commit_hook;
static _Thread_local void *commit_ctx;

/* See import.h. */
enum err import_run_hooked(struct db *db, enum import_kind kind, const char *text, size_t len,
			   struct import_result *r, import_commit_hook hook, void *ctx)
{
	commit_hook = hook;
	commit_ctx = ctx;
	enum err e = import_run(db, kind, text, len, r);
	commit_hook = NULL;
	commit_ctx = NULL;
	return e;
}

/* See import_internal.h. */
enum err import_before_commit(struct db *db, const struct import_result *r)
{
	return commit_hook ? commit_hook(commit_ctx, db, r) : E_OK;
}

/* See import_internal.h. */
enum err import_fail(struct import_result *r, long line, long element, const char *field,
		     const char *fmt, ...)
{
	char why[384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	r->line = line;
	r->element = element;
	snprintf(r->field, sizeof(r->field), "%s", field ? field : "");
	struct buf b = BUF_INIT;
	if (element > 0 && line > 0)
		buf_printf(&b, "element %ld (line %ld)", element, line);
	else if (element > 0)
		buf_printf(&b, "element %ld", element);
	else if (line > 0)
		buf_printf(&b, "line %ld", line);
	if (field && *field)
		buf_printf(&b, "%sfield \"%s\"", b.len ? ", " : "", field);
	buf_printf(&b, "%s%s", b.len ? ": " : "", why);
	size_t n = b.len < sizeof(r->message) - 1 ? b.len : sizeof(r->message) - 1;
	memcpy(r->message, b.data, n);
	r->message[n] = '\0';
	buf_free(&b);
	return E_INVALID;
}

/* First source line of every element of the top-level array in text (already known to be
 * valid JSON). Returns a malloc'ed array with room for at least one entry. */
static long *element_lines(const char *text, size_t len, size_t count)
{
	long *lines = xcalloc(count + 1, sizeof(*lines));
	size_t n = 0;
	long line = 1;
	int depth = 0;
	bool in_str = false, esc = false, expect = false;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (ch == '\n')
			line++;
		if (in_str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (expect && depth == 1 && ch != ']') {
			if (n < count)
				lines[n++] = line;
			expect = false;
		}
		if (ch == '"') {
			in_str = true;
		} else if (ch == '[' || ch == '{') {
			if (++depth == 1)
				expect = true;
		} else if (ch == ']' || ch == '}') {
			depth--;
		} else if (ch == ',' && depth == 1) {
			expect = true;
		}
	}
	return lines;
}

/* See import_internal.h. */
enum err import_json_array(const char *text, size_t len, struct import_result *r, json_t **root,
			   long **lines)
{
	memset(r, 0, sizeof(*r));
	*root = NULL;
	*lines = NULL;
	if (len > (size_t)IMPORT_MAX_BYTES) {
		import_fail(r, 0, 0, NULL, "file larger than %ld bytes", IMPORT_MAX_BYTES);
		return E_LIMIT;
	}
	if (!utf8_valid(text, len))
		return import_fail(r, 0, 0, NULL, "file is not valid UTF-8");
	json_error_t jerr;
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return import_fail(r, jerr.line, 0, NULL, "not valid JSON: %s (column %d)",
				   jerr.text, jerr.column);
	if (!json_is_array(v)) {
		json_decref(v);
		return import_fail(r, 1, 0, NULL, "a JSON array of objects is expected");
	}
	*root = v;
	*lines = element_lines(text, len, json_array_size(v));
	r->rows = (int64_t)json_array_size(v);
	return E_OK;
}

/* See import_internal.h. */
bool jfail(struct jctx *c, const char *field, const char *fmt, ...)
{
	char why[384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	import_fail(c->r, c->line, c->element, field, "%s", why);
	return false;
}

/* See import_internal.h. */
bool j_object(struct jctx *c, json_t *obj, const char *field, const char *const *allowed)
{
	if (!json_is_object(obj))
		return jfail(c, field, "an object is expected");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool known = false;
		for (size_t i = 0; allowed[i] && !known; i++)
			known = !strcmp(key, allowed[i]);
		if (!known) {
			char f[96];
			snprintf(f, sizeof(f), "%s%s%s", field, *field ? "." : "", key);
			return jfail(c, f, "unknown field");
		}
	}
	return true;
}

/* See import_internal.h. */
bool j_string(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	      size_t maxchars, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return jfail(c, field, "required");
		return true;
	}
	if (!json_is_string(v))
		return jfail(c, field, "a string is expected");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n)
		return jfail(c, field, "contains a NUL character");
	if (required && n == 0)
		return jfail(c, field, "must not be empty");
	if (utf8_length(s, n) > maxchars)
		return jfail(c, field, "longer than %zu characters", maxchars);
	*out = s;
	return true;
}

/* See import_internal.h. */
bool j_enum(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	    const char *const *choices, const char **out)
{
	if (!j_string(c, obj, key, field, required, 64, out))
		return false;
	if (!*out)
		return true;
	for (size_t i = 0; choices[i]; i++)
		if (!strcmp(*out, choices[i]))
			return true;
	char list[256] = "";
	for (size_t i = 0; choices[i]; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "", choices[i]);
	}
	return jfail(c, field, "'%s' is not one of %s", *out, list);
}

/* See import_internal.h. */
bool j_int(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	   int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return required ? jfail(c, field, "required") : true;
	if (!json_is_integer(v))
		return jfail(c, field, "a whole number is expected");
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return jfail(c, field, "%lld is not between %lld and %lld", (long long)i,
			     (long long)min, (long long)max);
	*out = i;
	return true;
}

/* See import_internal.h. */
bool j_bool(struct jctx *c, json_t *obj, const char *key, const char *field, bool *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_boolean(v))
		return jfail(c, field, "true or false is expected");
	*out = json_is_true(v);
	return true;
}

/* See import_internal.h. */
bool j_array(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	     json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? jfail(c, field, "required") : true;
	if (!json_is_array(v))
		return jfail(c, field, "an array is expected");
	*out = v;
	return true;
}

/* See import_internal.h. */
char *j_dump(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	if (!s)
		abort();	/* jansson fails only on allocation */
	char *copy = xstrdup(s);
	free(s);
	return copy;
}

/* See import_internal.h. */
enum err import_json_elements(struct db *db, const char *text, size_t len,
			      struct import_result *r, import_element_fn one)
{
	json_t *root;
	long *lines;
	enum err e = import_json_array(text, len, r, &root, &lines);
	if (e != E_OK)
		return e;
	json_t *seen = json_object();
	if (db_begin(db) != E_OK) {
		import_fail(r, 0, 0, NULL, "the database is busy or cannot be written");
		e = E_DB;
		goto out;
	}
	size_t i;
	json_t *obj;
	json_array_foreach(root, i, obj) {
		struct jctx c = { r, (long)i + 1, lines[i] };
		e = one(db, &c, obj, seen);
		if (e != E_OK)
			break;
	}
	if (e == E_OK)
		e = import_before_commit(db, r);
	if (e == E_OK)
		e = db_commit(db);
	if (e != E_OK) {
		db_rollback(db);
		r->inserted = r->updated = 0;
		if (!r->message[0])
			import_fail(r, 0, 0, NULL, "database error (%s); nothing imported",
				    err_name(e));
	}
out:
	json_decref(seen);
	json_decref(root);
	free(lines);
	return e;
}
