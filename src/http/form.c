/* form.c - accumulation of declared form fields from pieces, with caps, and validation.
 * MHD's post processor hands values in pieces that are not NUL-terminated; this keeps one
 * buffer per declared field and drops everything undeclared. */
#include "internal.h"

#include "motcua/contact.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/text.h"
#include "motcua/xalloc.h"

#define CSRF_MAX 256

/* State of one declared field. */
struct slot {
	const struct field_spec *spec;	/* NULL for the implicit csrf slot */
	const char *name;
	struct buf value;
	bool present;		/* one occurrence started */
	bool taking;		/* the current occurrence is the kept one */
	bool is_file;
	char *filename;		/* heap; file parts only */
	char *mime;
	const char *final;	/* after form_finish: valid value or NULL */
	const char *raw;	/* after form_finish: the value as typed, or NULL when absent */
	const char *reason;	/* after form_finish: why it failed validation, or NULL */
	struct upload upload;
	struct upload_sink *sink;	/* file parts: the temporary file being written */
	const char *file_error;	/* file parts: "too_large", "wrong_kind" or "not_saved" */
};

struct form {
	struct slot *slots;
	size_t nslots;
	struct form_limits lim;
	unsigned files;
	bool too_many_files;
	bool finished;
	const char *error;
	struct arena *arena;
};

/* See http.h. */
struct form *form_new(struct arena *a, const struct field_spec *fields,
		      const struct form_limits *l, bool keep_csrf)
{
	struct form *f = arena_alloc(a, sizeof(*f));
	size_t n = 0;
	while (fields && fields[n].name)
		n++;
	f->slots = arena_alloc(a, (n + 1) * sizeof(struct slot));
	for (size_t i = 0; i < n; i++) {
		f->slots[i].spec = &fields[i];
		f->slots[i].name = fields[i].name;
	}
	f->nslots = n;
	if (keep_csrf) {
		f->slots[n].name = "csrf";
		f->nslots++;
	}
	f->lim = *l;
	f->arena = a;
	return f;
}

/* Slot of name, or NULL. */
static struct slot *find_slot(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->nslots; i++)
		if (strcmp(f->slots[i].name, name) == 0)
			return &f->slots[i];
	return NULL;
}

/* Byte cap of slot s. */
static size_t slot_cap(const struct form *f, const struct slot *s)
{
	if (!s->spec)
		return CSRF_MAX;
	if (s->spec->kind == FK_FILE)
		return s->spec->max && s->spec->max < f->lim.file_max ? s->spec->max
								      : f->lim.file_max;
	return f->lim.field_max;
}

/* Stop taking file slot s: remove its temporary file and remember why (reported by
 * form_finish as the field's error). Returns E_OK: the rest of the part is dropped. */
static enum err file_refuse(struct slot *s, const char *why)
{
	upload_sink_drop(s->sink);
	s->sink = NULL;
	s->taking = false;
	if (!s->file_error)
		s->file_error = why;
	return E_OK;
}

/* Allowed kinds of file slot s. */
static unsigned slot_kinds(const struct slot *s)
{
	return s->spec->kinds ? s->spec->kinds : UPLOAD_KINDS_ALL;
}

/* One piece of a file part: cap, write + hash, refuse a wrong kind as soon as it shows. */
static enum err file_feed(struct form *f, struct slot *s, const char *data, size_t size)
{
	uint64_t have = upload_sink_size(s->sink);
	if (size > slot_cap(f, s) || have > slot_cap(f, s) - size)
		return file_refuse(s, "too_large");
	if (size && upload_sink_write(s->sink, data, size) != E_OK)
		return file_refuse(s, "not_saved");
	if (upload_sink_head_full(s->sink) && !(upload_sink_kind(s->sink) & slot_kinds(s)))
		return file_refuse(s, "wrong_kind");
	return E_OK;
}

/* See http.h. */
enum err form_feed(struct form *f, const char *key, const char *filename, const char *mime,
		   uint64_t off, const char *data, size_t size)
{
	if (!key)
		return E_OK;
	struct slot *s = find_slot(f, key);
	if (!s)
		return E_OK;
	if (off == 0 && !s->taking) {
		if (s->present)
			return E_OK;	/* a repeated field: keep the first */
		s->present = true;
		s->taking = true;
		if (filename && s->spec && s->spec->kind == FK_FILE) {
			s->is_file = true;
			if (filename[0] != '\0' && ++f->files > f->lim.files_max) {
				f->too_many_files = true;
				return E_LIMIT;
			}
			s->filename = xstrdup(filename);
			s->mime = xstrdup(mime ? mime : "application/octet-stream");
			if (filename[0] != '\0' && !(s->sink = upload_sink_open(f->lim.files_dir)))
				return file_refuse(s, "not_saved");
		}
	} else if (off == 0 && s->taking &&
		   (s->value.len > 0 || (s->sink && upload_sink_size(s->sink) > 0))) {
		/* A new occurrence while the first is still open: stop taking. */
		s->taking = false;
		return E_OK;
	}
	if (!s->taking)
		return E_OK;
	if (s->sink)
		return file_feed(f, s, data, size);
	if (s->is_file)
		return E_OK;	/* a file input left empty: nothing to keep */
	if (size > slot_cap(f, s) || s->value.len > slot_cap(f, s) - size) {
		buf_free(&s->value);
		s->taking = false;
		return E_LIMIT;
	}
	if (size)
		buf_append(&s->value, data, size);
	return E_OK;
}

/* True when s[0..n) is all ASCII digits and n >= 1. */
static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* True when s[0..n) has a control character (tabs and newlines allowed when multiline). */
static bool has_control(const char *s, size_t n, bool multiline)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (multiline && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* See http.h. */
const char *field_validate(const struct field_spec *spec, const char *v, size_t n)
{
	if (spec->kind != FK_FILE && !utf8_valid(v, n))
		return "not_utf8";
	if (spec->kind != FK_FILE && spec->max && utf8_length(v, n) > spec->max)
		return "too_long";
	switch (spec->kind) {
	case FK_TEXT:
	case FK_TEXTAREA:
		return has_control(v, n, spec->kind == FK_TEXTAREA) ? "invalid" : NULL;
	case FK_INT:
		if (n > 0 && v[0] == '-')
			v++, n--;
		return all_digits(v, n) && n <= 18 ? NULL : "invalid";
	case FK_DATE: {
		int64_t day;
		return parse_dmy(v, &day) ? NULL : "invalid";
	}
	case FK_ENUM:
		for (const char *const *c = spec->choices; c && *c; c++)
			if (strlen(*c) == n && memcmp(*c, v, n) == 0)
				return NULL;
		return "not_a_choice";
	case FK_EMAIL:
		return contact_email_valid(v, n) ? NULL : "invalid";
	case FK_PHONE: {
		char d[11];
		return contact_phone_normalize(v, n, d) ? NULL : "invalid";
	}
	case FK_ID_NUMBER:
		return n == 12 && all_digits(v, n) ? NULL : "invalid";
	case FK_CHECKBOX:
		return NULL;
	case FK_FILE:
		return spec->max && n > spec->max ? "too_long" : NULL;
	case FK__MAX:
		break;
	}
	return "invalid";
}

static const char *const kind_names[FK__MAX] = {
	[FK_TEXT] = "text",	    [FK_TEXTAREA] = "textarea", [FK_INT] = "int",
	[FK_DATE] = "date",	    [FK_ENUM] = "enum",		[FK_EMAIL] = "email",
	[FK_PHONE] = "phone",	    [FK_ID_NUMBER] = "id_number", [FK_CHECKBOX] = "checkbox",
	[FK_FILE] = "file",
};

/* See http.h. */
const char *field_kind_name(enum field_kind k)
{
	return (unsigned)k < FK__MAX ? kind_names[k] : "?";
}

/* See http.h. */
bool field_spec_valid(const struct field_spec *spec)
{
	size_t n = 0;
	for (; spec && spec[n].name; n++) {
		const struct field_spec *f = &spec[n];
		if (n >= HTTP_MAX_FIELDS || !f->name[0] || (unsigned)f->kind >= FK__MAX ||
		    strcmp(f->name, "csrf") == 0)
			return false;
		if (f->kind == FK_ENUM && (!f->choices || !f->choices[0]))
			return false;
		for (size_t j = 0; j < n; j++)
			if (strcmp(spec[j].name, f->name) == 0)
				return false;
	}
	return true;
}

/* Record why slot s failed (its value is then withheld) and the form's first error
 * "name: reason". */
static void set_error(struct form *f, struct slot *s, const char *reason)
{
	s->reason = reason;
	s->final = NULL;
	if (!f->error)
		f->error = arena_printf(f->arena, "%s: %s", s->name, reason);
}

/* A copy of v[0..n) that can always be shown (arena): invalid UTF-8 sequences and NUL become
 * U+FFFD, everything else is kept as typed. */
static const char *display_copy(struct form *f, const char *v, size_t n)
{
	if (utf8_valid(v, n) && !memchr(v, '\0', n))
		return arena_strndup(f->arena, v, n);
	struct buf b = BUF_INIT;
	for (size_t i = 0, len; i < n; i += len) {
		unsigned cp = utf8_decode(v + i, n - i, &len);
		if (cp == 0xFFFD || cp == 0)
			buf_puts(&b, "\xef\xbf\xbd");
		else
			buf_append(&b, v + i, len);
	}
	const char *s = arena_strndup(f->arena, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* Finish one slot: final value, upload, validation. */
static void finish_slot(struct form *f, struct slot *s)
{
	const struct field_spec *spec = s->spec;
	const char *v = s->present ? buf_str(&s->value) : NULL;
	size_t n = s->value.len;
	if (!spec) {
		/* The CSRF token: a NUL inside would make "token\0junk" compare equal to "token"
		 * as a C string, so such a value is withheld (the check then refuses). */
		if (v && memchr(v, '\0', n))
			v = NULL;
		s->final = v ? arena_strndup(f->arena, v, n) : NULL;
		s->raw = s->final;
		return;
	}
	if (spec->kind == FK_FILE) {
		if (s->sink && !(upload_sink_kind(s->sink) & slot_kinds(s)))
			file_refuse(s, "wrong_kind");	/* a part shorter than the signatures */
		if (s->file_error) {
			set_error(f, s, s->file_error);
		} else if (s->sink) {
			s->upload.name = arena_strdup(f->arena, s->filename);
			s->upload.mime = arena_strdup(f->arena, s->mime);
			s->upload.kind = upload_sink_kind(s->sink);
			s->upload.size = upload_sink_size(s->sink);
			upload_sink_hash(s->sink, s->upload.hash);
			s->final = s->upload.name;
		} else if (spec->required) {
			set_error(f, s, "required");
		}
		return;
	}
	if (spec->kind == FK_CHECKBOX) {
		s->final = s->present ? "1" : NULL;
		s->raw = s->final;
		if (!s->present && spec->required)
			set_error(f, s, "required");
		return;
	}
	s->final = v ? arena_strndup(f->arena, v, n) : NULL;
	s->raw = v ? display_copy(f, v, n) : NULL;
	if (!v || n == 0) {
		if (spec->required)
			set_error(f, s, "required");
		return;
	}
	const char *why = field_validate(spec, v, n);
	if (why) {
		set_error(f, s, why);
		return;
	}
	if (spec->kind == FK_PHONE) {
		char d[11];
		contact_phone_normalize(v, n, d);
		s->final = arena_strdup(f->arena, d);
	}
}

/* See http.h. */
void form_finish(struct form *f)
{
	if (f->finished)
		return;
	f->finished = true;
	for (size_t i = 0; i < f->nslots; i++)
		finish_slot(f, &f->slots[i]);
}

/* See http.h. */
const char *form_value(const struct form *f, const char *name)
{
	const struct slot *s = find_slot(f, name);
	return s ? s->final : NULL;
}

/* See http.h. */
const char *form_raw(const struct form *f, const char *name)
{
	const struct slot *s = find_slot(f, name);
	return s ? s->raw : NULL;
}

/* See http.h. */
const char *form_reason(const struct form *f, const char *name)
{
	const struct slot *s = find_slot(f, name);
	return s ? s->reason : NULL;
}

/* See http.h. */
const struct upload *form_file(const struct form *f, const char *name)
{
	const struct slot *s = find_slot(f, name);
	if (!s || !s->spec || s->spec->kind != FK_FILE || !s->upload.name)
		return NULL;
	return &s->upload;
}

/* See http.h. */
enum err form_file_keep(struct form *f, const char *name)
{
	struct slot *s = find_slot(f, name);
	if (!s || !s->spec || s->spec->kind != FK_FILE || !s->upload.name)
		return E_NOTFOUND;
	if (s->upload.path)
		return E_OK;
	char path[PATH_MAX];
	enum err e = upload_sink_keep(s->sink, f->lim.files_dir, s->upload.hash, path,
				      sizeof(path));
	s->sink = NULL;
	if (e == E_OK)
		s->upload.path = arena_strdup(f->arena, path);
	return e;
}

/* See http.h. */
bool form_too_many_files(const struct form *f)
{
	return f->too_many_files;
}

/* See http.h. */
bool form_has_files(const struct field_spec *fields)
{
	for (size_t i = 0; fields && fields[i].name; i++)
		if (fields[i].kind == FK_FILE)
			return true;
	return false;
}

/* See http.h. */
const char *form_error(const struct form *f)
{
	return f->error;
}

/* See http.h. */
void form_free(struct form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nslots; i++) {
		buf_free(&f->slots[i].value);
		free(f->slots[i].filename);
		free(f->slots[i].mime);
		upload_sink_drop(f->slots[i].sink);
		f->slots[i].sink = NULL;
	}
}
