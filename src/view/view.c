/* view.c - load every template of templates/ once, link partials, render pages in the layout. */
#include "internal.h"

#include <dirent.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "motcua/xalloc.h"

#define VIEW_MAX_DIR_DEPTH 8	/* folders inside templates/ */

struct entry {
	char *key;		/* "catalog", "partials/row" */
	struct tmpl *t;
};

struct view {
	struct entry *tmpls;	/* sorted by key */
	size_t count;
	size_t cap;
	json_t *cats[LANG__MAX];
	bool strict;
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

/* Read the file at path into a new NUL-terminated buffer (*len bytes). E_IO when unreadable,
 * E_INVALID when bigger than VIEW_MAX_FILE; rel names it in why. Caller frees *text. */
static enum err read_file(const char *path, const char *rel, char **text, size_t *len,
			  char *why, size_t n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		say(why, n, "%s: cannot open", rel);
		return E_IO;
	}
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + k > VIEW_MAX_FILE) {
			fclose(f);
			buf_free(&b);
			say(why, n, "%s: larger than %d bytes", rel, VIEW_MAX_FILE);
			return E_INVALID;
		}
		buf_append(&b, chunk, k);
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		say(why, n, "%s: read error", rel);
		return E_IO;
	}
	*len = b.len;
	*text = buf_steal(&b);
	return E_OK;
}

/* Compile the file root/rel ("partials/row.html") and add it to v under its key. */
static enum err add_file(struct view *v, const char *root, const char *rel, char *why, size_t n)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >= (int)sizeof(path)) {
		say(why, n, "%s: path too long", rel);
		return E_IO;
	}
	char *text;
	size_t len;
	enum err e = read_file(path, rel, &text, &len, why, n);
	if (e != E_OK)
		return e;
	struct tmpl *t;
	e = tmpl_compile(text, len, rel, &t, why, n);
	free(text);
	if (e != E_OK)
		return e;
	if (v->count == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 32;
		v->tmpls = xrealloc(v->tmpls, v->cap * sizeof(*v->tmpls));
	}
	v->tmpls[v->count].key = xstrndup(rel, strlen(rel) - strlen(".html"));
	v->tmpls[v->count].t = t;
	v->count++;
	return E_OK;
}

/* True when name ends in ".html" and has something before it. */
static bool is_html(const char *name)
{
	size_t len = strlen(name);
	return len > 5 && strcmp(name + len - 5, ".html") == 0;
}

/* Add every *.html under root/rel (rel "" for root itself), depth folders deep at most. */
static enum err load_dir(struct view *v, const char *root, const char *rel, int depth,
			 char *why, size_t n)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel) >= (int)sizeof(path)) {
		say(why, n, "%s: path too long", rel);
		return E_IO;
	}
	DIR *d = opendir(path);
	if (!d) {
		say(why, n, "%s: cannot open the folder", path);
		return E_IO;
	}
	enum err e = E_OK;
	struct dirent *de;
	while (e == E_OK && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char sub[PATH_MAX], full[PATH_MAX];
		struct stat st;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name) >=
			    (int)sizeof(sub) ||
		    snprintf(full, sizeof(full), "%s/%s", root, sub) >= (int)sizeof(full)) {
			say(why, n, "%s: path too long", de->d_name);
			e = E_IO;
			break;
		}
		if (stat(full, &st) != 0)
			continue;	/* dangling link */
		if (S_ISDIR(st.st_mode)) {
			if (depth >= VIEW_MAX_DIR_DEPTH) {
				say(why, n, "%s: folders nested too deep", sub);
				e = E_INVALID;
			} else {
				e = load_dir(v, root, sub, depth + 1, why, n);
			}
		} else if (S_ISREG(st.st_mode) && is_html(de->d_name)) {
			e = add_file(v, root, sub, why, n);
		}
	}
	closedir(d);
	return e;
}

/* qsort/bsearch order of entries by key. */
static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* The entry of key, or NULL. */
static const struct entry *find_entry(const struct view *v, const char *key)
{
	struct entry probe = { .key = (char *)key };
	if (!v->count)
		return NULL;
	return bsearch(&probe, v->tmpls, v->count, sizeof(*v->tmpls), entry_cmp);
}

/* tmpl_find_fn: the template of partials/name. */
static const struct tmpl *find_partial(void *ctx, const char *name, size_t len)
{
	char key[PATH_MAX];
	if (snprintf(key, sizeof(key), "partials/%.*s", (int)len, name) >= (int)sizeof(key))
		return NULL;
	const struct entry *en = find_entry(ctx, key);
	return en ? en->t : NULL;
}

/* See view.h. */
enum err view_load(const char *templates_dir, struct view **out, char *why, size_t n)
{
	struct view *v = xcalloc(1, sizeof(*v));
	*out = NULL;
	enum err e = load_dir(v, templates_dir, "", 0, why, n);
	if (e == E_OK && v->count)
		qsort(v->tmpls, v->count, sizeof(*v->tmpls), entry_cmp);
	for (size_t i = 0; e == E_OK && i < v->count; i++)
		e = tmpl_link(v->tmpls[i].t, find_partial, v, why, n);
	if (e == E_OK)
		e = i18n_load(templates_dir, v->cats, why, n);
	if (e != E_OK) {
		view_free(v);
		return e;
	}
	*out = v;
	return E_OK;
}

/* See view.h. */
void view_free(struct view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		free(v->tmpls[i].key);
		tmpl_free(v->tmpls[i].t);
	}
	free(v->tmpls);
	for (int l = 0; l < LANG__MAX; l++)
		json_decref(v->cats[l]);
	free(v);
}

/* See view.h. */
void view_set_strict(struct view *v, bool strict)
{
	v->strict = strict;
}

/* See view.h. */
bool view_has(const struct view *v, const char *name)
{
	return find_entry(v, name) != NULL;
}

/* See internal.h. */
json_t *view_catalogue(const struct view *v, enum lang l)
{
	return v->cats[l];
}

/* Fill env for a render of v in lang. */
static void env_init(const struct view *v, const char *lang, struct render_env *env)
{
	enum lang l = lang_from_name(lang);
	env->strict = v->strict;
	env->t = v->cats[l];
	env->lang = lang_names[l];
	env->content = NULL;
	env->content_len = 0;
}

/* See view.h. */
enum err view_render(const struct view *v, const char *name, json_t *data, const char *lang,
		     struct buf *out, char *why, size_t n)
{
	const struct entry *en = find_entry(v, name);
	if (!en) {
		say(why, n, "%s.html: no such template", name);
		return E_NOTFOUND;
	}
	struct render_env env;
	env_init(v, lang, &env);
	return tmpl_render_env(en->t, data, &env, out, why, n);
}

/* See view.h. */
enum err view_render_page(const struct view *v, const char *name, json_t *data,
			  const char *lang, struct buf *out, char *why, size_t n)
{
	const struct entry *layout = find_entry(v, "layout");
	if (!layout) {
		say(why, n, "layout.html: no such template");
		return E_NOTFOUND;
	}
	struct buf page = BUF_INIT;
	enum err e = view_render(v, name, data, lang, &page, why, n);
	if (e == E_OK) {
		struct render_env env;
		env_init(v, lang, &env);
		env.content = buf_str(&page);
		env.content_len = page.len;
		e = tmpl_render_env(layout->t, data, &env, out, why, n);
	}
	buf_free(&page);
	return e;
}
