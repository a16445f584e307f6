/* internal.h - what template.c, view.c and i18n.c share inside src/view/ (not public). */
#ifndef MOTCUA_VIEW_INTERNAL_H
#define MOTCUA_VIEW_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "motcua/buf.h"
#include "motcua/err.h"
#include "motcua/view.h"

/* Names every render sees besides its data (view.c fills them; tmpl_render leaves them 0).
 * They are looked up after the sections' items and before the top-level data. */
struct render_env {
	bool strict;
	json_t *t;		/* catalogue object of the language, or NULL */
	const char *lang;	/* "vi"/"en", or NULL */
	const char *content;	/* layout only: the page HTML, or NULL */
	size_t content_len;
};

/* Finds the template a partial name refers to; NULL when there is none. */
typedef const struct tmpl *(*tmpl_find_fn)(void *ctx, const char *name, size_t len);

/* Point every {{>name}} of t at find(ctx, name). E_INVALID with "file:line: unknown partial
 * 'name' (partials/name.html)" for the first one find does not know. */
enum err tmpl_link(struct tmpl *t, tmpl_find_fn find, void *ctx, char *why, size_t n);

/* Render t into out with env (see tmpl_render for errors; out is rolled back on error). */
enum err tmpl_render_env(const struct tmpl *t, json_t *data, const struct render_env *env,
			 struct buf *out, char *why, size_t n);

/* The name t was compiled with ("catalog.html"). */
const char *tmpl_name(const struct tmpl *t);

/* Load dir/i18n/<lang>.json for every language into cats[] and check that each is an object
 * of strings and nested objects with the same keys in every language. E_IO / E_INVALID with a
 * message naming the file and key; on error every cats[] is NULL. Caller json_decrefs. */
enum err i18n_load(const char *dir, json_t *cats[LANG__MAX], char *why, size_t n);

/* The catalogue of lang stored in v (view.c). */
json_t *view_catalogue(const struct view *v, enum lang l);

#endif
