/* eform_check.c - what a citizen typed into an e-form checked and normalised field by field
 * (eform_validate; the rules are listed in docs/eform.md). */
#include "motcua/eform.h"

#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/contact.h"
#include "motcua/text.h"
#include "eform_internal.h"

#define NUMBER_INT_DIGITS 15		/* digits before the decimal separator */
#define NUMBER_FRAC_DIGITS 6		/* digits after it (trailing zeros dropped first) */
#define NUMBER_CAP 999999999999999LL	/* the largest number without "max" */

/* Length in bytes of the leading white space of s[0..n): ASCII spaces, tabs, line breaks
 * and U+00A0 (no-break space, which phone keyboards insert). */
static size_t space_len(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
		       s[0] == '\v' || s[0] == '\f'))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* Remove surrounding white space (space_len) from b. */
static void trim(struct buf *b)
{
	const char *s = buf_str(b);
	size_t start = 0, end = b->len, k;
	while ((k = space_len(s + start, end - start)) > 0)
		start += k;
	for (;;) {
		if (end > start && space_len(s + end - 1, 1))
			end--;
		else if (end >= start + 2 && space_len(s + end - 2, 2) == 2)
			end -= 2;
		else
			break;
	}
	memmove(b->data, s + start, end - start);
	b->len = end - start;
	b->data[b->len] = '\0';
}

/* Turn CR LF and lone CR into LF in b (browsers send a textarea's line breaks as CR LF; a
 * person sees one character). */
static void unify_newlines(struct buf *b)
{
	size_t o = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\r') {
			b->data[o++] = '\n';
			if (i + 1 < b->len && b->data[i + 1] == '\n')
				i++;
		} else {
			b->data[o++] = b->data[i];
		}
	}
	b->len = o;
	if (b->data)
		b->data[o] = '\0';
}

/* Cut b (valid UTF-8) to at most max characters. */
static void cut_chars(struct buf *b, int64_t max)
{
	int64_t count = 0;
	for (size_t i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] & 0xC0) != 0x80 && count++ == max) {
			b->len = i;
			b->data[i] = '\0';
			return;
		}
}

/* Append s[0..n) to out with each malformed UTF-8 sequence replaced by U+FFFD. */
static void put_repaired(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len;
		unsigned cp = utf8_decode(s + i, n - i, &len);
		if (cp == 0xFFFD && !(len == 3 && (unsigned char)s[i] == 0xEF))
			buf_puts(out, "\xEF\xBF\xBD");
		else
			buf_append(out, s + i, len);
		i += len;
	}
	buf_str(out);
}

/* The character limit of a text or textarea field: its max (at most EFORM_TEXTAREA_MAX), or
 * the type's default when it has none. */
static int64_t text_cap(const struct eform_field *fd)
{
	int64_t def = fd->type == EF_TEXTAREA ? EFORM_TEXTAREA_MAX : EFORM_TEXT_MAX;
	if (fd->max <= 0)
		return def;
	return fd->max < EFORM_TEXTAREA_MAX ? fd->max : EFORM_TEXTAREA_MAX;
}

/* How many characters of an invalid value a draft keeps. */
static int64_t keep_cap(const struct eform_field *fd)
{
	if (fd->type == EF_TEXTAREA)
		return EFORM_TEXTAREA_MAX;
	if (fd->type == EF_TEXT && text_cap(fd) > EFORM_TEXT_MAX)
		return text_cap(fd);
	return EFORM_TEXT_MAX;
}

/* Text and textarea: no control characters (a textarea may hold line breaks and tabs), at
 * most text_cap characters. */
static const char *check_text(const struct eform_field *fd, struct buf *v, int64_t *limit)
{
	bool multi = fd->type == EF_TEXTAREA;
	size_t i = 0;
	while (i < v->len) {
		size_t len;
		unsigned cp = utf8_decode(v->data + i, v->len - i, &len);
		bool allowed = multi && (cp == '\n' || cp == '\t');
		if (!allowed && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
				 cp == 0x2029))
			return "eform.bad_text";
		i += len;
	}
	int64_t cap = text_cap(fd);
	if ((int64_t)utf8_length(v->data, v->len) > cap) {
		*limit = cap;
		return "eform.too_long";
	}
	return NULL;
}

/* Number: digits, optionally one "." or "," and more digits; no sign, no thousands
 * separators. Rewritten without leading zeros nor trailing decimal zeros, "." as the
 * separator. */
static const char *check_number(const struct eform_field *fd, struct buf *v, int64_t *limit)
{
	const char *s = v->data;
	size_t n = v->len, i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t ilen = i, fstart = i, flen = 0;
	if (ilen == 0)
		return "eform.not_number";
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		fstart = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		flen = i - fstart;
		if (flen == 0)
			return "eform.not_number";
	}
	if (i != n)
		return "eform.not_number";
	size_t istart = 0;
	while (ilen > 1 && s[istart] == '0')
		istart++, ilen--;
	while (flen > 0 && s[fstart + flen - 1] == '0')
		flen--;
	if (flen > NUMBER_FRAC_DIGITS)
		return "eform.not_number";
	int64_t cap = fd->has_max && fd->max < NUMBER_CAP ? fd->max : NUMBER_CAP;
	if (ilen > NUMBER_INT_DIGITS) {
		*limit = cap;
		return "eform.too_large";
	}
	int64_t iv = 0;
	for (size_t k = 0; k < ilen; k++)
		iv = iv * 10 + (s[istart + k] - '0');
	if (iv > cap || (iv == cap && flen > 0)) {
		*limit = cap;
		return "eform.too_large";
	}
	char out[NUMBER_INT_DIGITS + NUMBER_FRAC_DIGITS + 2];
	memcpy(out, s + istart, ilen);
	size_t o = ilen;
	if (flen) {
		out[o++] = '.';
		memcpy(out + o, s + fstart, flen);
		o += flen;
	}
	buf_reset(v);
	buf_append(v, out, o);
	return NULL;
}

/* Date: a real dd/mm/yyyy date (one- or two-digit day and month), rewritten dd/mm/yyyy. */
static const char *check_date(struct buf *v)
{
	int64_t day;
	if (!parse_dmy(v->data, &day))
		return "eform.bad_date";
	char out[11];
	format_dmy(day, out);
	buf_reset(v);
	buf_puts(v, out);
	return NULL;
}

/* Select: exactly one of the options. */
static const char *check_select(const struct eform_field *fd, const struct buf *v)
{
	for (int k = 0; k < fd->noptions; k++)
		if (strcmp(fd->options[k], v->data) == 0)
			return NULL;
	return "eform.not_a_choice";
}

/* ID number: 12 digits, spaces between them ignored; rewritten as the digits. */
static const char *check_id_number(struct buf *v)
{
	char out[13];
	size_t o = 0;
	for (size_t i = 0; i < v->len; i++) {
		char c = v->data[i];
		if (c == ' ')
			continue;
		if (c < '0' || c > '9' || o == 12)
			return "eform.bad_id_number";
		out[o++] = c;
	}
	if (o != 12)
		return "eform.bad_id_number";
	buf_reset(v);
	buf_append(v, out, 12);
	return NULL;
}

/* Phone: contact_phone_normalize, rewritten "0" + nine digits. */
static const char *check_phone(struct buf *v)
{
	char out[11];
	if (!contact_phone_normalize(v->data, v->len, out))
		return "eform.bad_phone";
	buf_reset(v);
	buf_puts(v, out);
	return NULL;
}

/* The check of field fd's non-empty, composed, trimmed value v (rewritten normalised);
 * NULL when it passes, else the message key (and *limit for limits). */
static const char *check_value(const struct eform_field *fd, struct buf *v, int64_t *limit)
{
	switch (fd->type) {
	case EF_TEXT:
	case EF_TEXTAREA:
		return check_text(fd, v, limit);
	case EF_NUMBER:
		return check_number(fd, v, limit);
	case EF_DATE:
		return check_date(v);
	case EF_SELECT:
		return check_select(fd, v);
	case EF_ID_NUMBER:
		return check_id_number(v);
	case EF_PHONE:
		return check_phone(v);
	case EF_EMAIL:
		return contact_email_valid(v->data, v->len) ? NULL : "eform.bad_email";
	case EF_CHECKBOX:
	case EF__MAX:
		break;
	}
	return NULL;
}

/* Store s (valid UTF-8) under name in obj. */
static void put_value(json_t *obj, const char *name, const struct buf *s)
{
	json_object_set_new(obj, name, json_stringn(s->data ? s->data : "", s->len));
}

/* Field fd with raw value raw (NULL: absent): its message key or NULL, *limit, and its value
 * in out (valid, or in a draft as typed). */
static const char *check_field(const struct eform_field *fd, const char *raw, bool draft,
			       json_t *out, int64_t *limit)
{
	if (fd->type == EF_CHECKBOX) {
		if (raw)
			json_object_set_new(out, fd->name, json_true());
		else if (fd->required && !draft)
			return "eform.required";
		return NULL;
	}
	size_t n = raw ? strlen(raw) : 0;
	struct buf v = BUF_INIT, typed = BUF_INIT;
	const char *key = NULL;
	if (!utf8_valid(raw ? raw : "", n)) {
		key = "eform.not_utf8";
		put_repaired(&typed, raw, n);
	} else {
		text_compose_vi(raw ? raw : "", n, &v);
		if (fd->type == EF_TEXTAREA)
			unify_newlines(&v);
		trim(&v);
		if (v.len == 0) {
			if (fd->required && !draft)
				key = "eform.required";
		} else {
			buf_append(&typed, v.data, v.len);
			key = check_value(fd, &v, limit);
			if (!key)
				put_value(out, fd->name, &v);
		}
	}
	if (key && draft && typed.len) {
		trim(&typed);
		cut_chars(&typed, keep_cap(fd));
		if (typed.len)
			put_value(out, fd->name, &typed);
	}
	buf_free(&v);
	buf_free(&typed);
	return key;
}

/* See eform.h. */
int eform_validate(const struct eform *f, eform_get_fn get, void *ctx, bool draft,
		   json_t **values, struct eform_error *errs, int cap)
{
	json_t *out = json_object();
	int nerr = 0;
	for (int i = 0; i < eform_count(f); i++) {
		const struct eform_field *fd = &f->fields[i];
		int64_t limit = 0;
		const char *key = check_field(fd, get(ctx, fd->name), draft, out, &limit);
		if (!key)
			continue;
		if (errs && nerr < cap)
			errs[nerr] = (struct eform_error){ .field = i, .key = key, .limit = limit };
		nerr++;
	}
	if (values)
		*values = out;
	else
		json_decref(out);
	return nerr;
}
