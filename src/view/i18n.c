/* i18n.c - message catalogues (templates/i18n/<lang>.json) and the choice of language. */
#include "internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const lang_names[LANG__MAX] = {
	[LANG_VI] = "vi",
	[LANG_EN] = "en",
};

/* Write a message into why[0..n) when why is given. */
static void say(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t n, const char *fmt, ...)
{
	if (!why || !n)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
}

/* See view.h. */
enum lang lang_from_name(const char *lang)
{
	for (int l = 0; lang && l < LANG__MAX; l++)
		if (strcmp(lang, lang_names[l]) == 0)
			return (enum lang)l;
	return LANG_VI;
}

/* Check that every value under obj is a string or an object of the same kind. prefix is the
 * dotted path of obj ("" at the top). E_INVALID naming file and key otherwise. */
static enum err check_strings(json_t *obj, const char *file, const char *prefix, char *why,
			      size_t n)
{
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (json_is_object(val)) {
			enum err e = check_strings(val, file, path, why, n);
			if (e != E_OK)
				return e;
		} else if (!json_is_string(val)) {
			say(why, n, "i18n/%s.json: key '%s' is not a string", file, path);
			return E_INVALID;
		} else if (strchr(key, '.')) {
			say(why, n, "i18n/%s.json: key '%s' contains a dot", file, path);
			return E_INVALID;
		}
	}
	return E_OK;
}

/* Check that every key of a (in language la) exists in b (language lb) with the same shape. */
static enum err check_parity(json_t *a, json_t *b, const char *la, const char *lb,
			     const char *prefix, char *why, size_t n)
{
	const char *key;
	json_t *val;
	json_object_foreach(a, key, val) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		json_t *other = json_object_get(b, key);
		if (!other) {
			say(why, n, "i18n/%s.json: missing key '%s' (present in %s.json)", lb, path,
			    la);
			return E_INVALID;
		}
		if (json_is_object(val) != json_is_object(other)) {
			say(why, n, "i18n/%s.json: key '%s' is %s in %s.json", lb, path,
			    json_is_object(val) ? "a group" : "a message", la);
			return E_INVALID;
		}
		if (json_is_object(val)) {
			enum err e = check_parity(val, other, la, lb, path, why, n);
			if (e != E_OK)
				return e;
		}
	}
	return E_OK;
}

/* Load and check one catalogue file into *out. */
static enum err load_one(const char *dir, enum lang l, json_t **out, char *why, size_t n)
{
	char path[PATH_MAX];
	json_error_t jerr;
	snprintf(path, sizeof(path), "%s/i18n/%s.json", dir, lang_names[l]);
	json_t *cat = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!cat) {
		bool io = json_error_code(&jerr) == json_error_cannot_open_file;
		say(why, n, "i18n/%s.json:%d: %s", lang_names[l], jerr.line, jerr.text);
		return io ? E_IO : E_INVALID;
	}
	if (!json_is_object(cat)) {
		json_decref(cat);
		say(why, n, "i18n/%s.json: not a JSON object", lang_names[l]);
		return E_INVALID;
	}
	enum err e = check_strings(cat, lang_names[l], "", why, n);
	if (e != E_OK) {
		json_decref(cat);
		return e;
	}
	*out = cat;
	return E_OK;
}

/* See internal.h. */
enum err i18n_load(const char *dir, json_t *cats[LANG__MAX], char *why, size_t n)
{
	enum err e = E_OK;
	for (int l = 0; l < LANG__MAX; l++)
		cats[l] = NULL;
	for (int l = 0; e == E_OK && l < LANG__MAX; l++)
		e = load_one(dir, (enum lang)l, &cats[l], why, n);
	for (int l = 1; e == E_OK && l < LANG__MAX; l++) {
		e = check_parity(cats[0], cats[l], lang_names[0], lang_names[l], "", why, n);
		if (e == E_OK)
			e = check_parity(cats[l], cats[0], lang_names[l], lang_names[0], "", why, n);
	}
	if (e != E_OK) {
		for (int l = 0; l < LANG__MAX; l++) {
			json_decref(cats[l]);
			cats[l] = NULL;
		}
	}
	return e;
}

/* See view.h. */
const char *i18n_text(const struct view *v, const char *lang, const char *dotted_key)
{
	json_t *j = view_catalogue(v, lang_from_name(lang));
	const char *seg = dotted_key;
	for (;;) {
		const char *dot = strchr(seg, '.');
		size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
		j = json_is_object(j) ? json_object_getn(j, seg, len) : NULL;
		if (!j || !dot)
			break;
		seg = dot + 1;
	}
	return json_is_string(j) ? json_string_value(j) : dotted_key;
}

/* See view.h. */
json_t *i18n_catalogue(const struct view *v, const char *lang)
{
	return view_catalogue(v, lang_from_name(lang));
}

/* Parse an HTTP qvalue at s ("0", "0.8", "1.000") into thousandths; -1 when malformed or
 * above 1. *end is set after the digits. */
static int parse_q(const char *s, const char **end)
{
	int q;
	if (*s == '0' || *s == '1')
		q = (*s++ - '0') * 1000;
	else
		return -1;
	if (*s == '.') {
		s++;
		int scale = 100;
		for (int i = 0; i < 3 && *s >= '0' && *s <= '9'; i++, s++, scale /= 10)
			q += (*s - '0') * scale;
	}
	*end = s;
	return q > 1000 ? -1 : q;
}

/* True for the blanks HTTP allows around list items and parameters. */
static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* See view.h. */
const char *i18n_pick(const char *cookie_lang, const char *accept_language)
{
	for (int l = 0; cookie_lang && l < LANG__MAX; l++)
		if (strcmp(cookie_lang, lang_names[l]) == 0)
			return lang_names[l];
	int best = -1, best_q = 0;
	const char *p = accept_language;
	while (p && *p) {
		while (*p == ',' || is_ows(*p))
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';' && !is_ows(*p))
			p++;
		size_t tag_len = (size_t)(p - tag);
		const char *dash = memchr(tag, '-', tag_len);
		size_t primary = dash ? (size_t)(dash - tag) : tag_len;
		int q = 1000;
		while (*p && *p != ',') {	/* parameters: only q matters */
			while (is_ows(*p) || *p == ';')
				p++;
			if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				const char *e = p + 2;
				q = parse_q(p + 2, &e);
				p = e;
			}
			while (*p && *p != ',' && *p != ';')
				p++;
		}
		for (int l = 0; q > best_q && l < LANG__MAX; l++) {
			if (primary == 2 && strncasecmp(tag, lang_names[l], 2) == 0) {
				best = l;
				best_q = q;
			}
		}
	}
	return best >= 0 ? lang_names[best] : lang_names[LANG_VI];
}
