/* page.c - language, CSRF cookie and rendering of a page inside the layout. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/buf.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/web.h"

#define LANG_COOKIE_AGE (365 * 24 * 3600)

/* Values the web layer computes once per request. */
struct web_local {
	const char *lang;
	const struct api_token_row *token;	/* the API token the request came with */
	const char *token_refused;		/* why a presented token was refused */
};

/* The request's web_local, made on first use. */
static struct web_local *local(struct request *req)
{
	struct web_local *l = req_local(req);
	if (!l) {
		l = arena_alloc(req_arena(req), sizeof(*l));
		memset(l, 0, sizeof(*l));
		l->lang = i18n_pick(req_cookie(req, "lang"), req_header(req, "Accept-Language"));
		req_set_local(req, l);
	}
	return l;
}

/* See web.h. */
const char *web_lang(struct request *req)
{
	return local(req)->lang;
}

/* See web.h. */
void web_set_token(struct request *req, const struct api_token_row *t, const char *refused)
{
	struct web_local *l = local(req);
	l->token = t;
	l->token_refused = refused;
}

/* See web.h. */
const struct api_token_row *web_token(struct request *req)
{
	return local(req)->token;
}

/* See web.h. */
const char *web_token_refused(struct request *req)
{
	return local(req)->token_refused;
}

/* See web.h. */
const char *web_text(struct request *req, const char *key)
{
	struct app *app = req_app(req);
	return i18n_text(app->view, web_lang(req), key);
}

/* See web.h. */
const char *web_fill(struct request *req, const char *text, const char *name, const char *value)
{
	char pattern[32];
	snprintf(pattern, sizeof(pattern), "{%s}", name);
	const char *at;
	while ((at = strstr(text, pattern)) != NULL)
		text = arena_printf(req_arena(req), "%.*s%s%s", (int)(at - text), text, value,
				    at + strlen(pattern));
	return text;
}

/* See web.h. */
const char *web_vnd(struct request *req, int64_t amount)
{
	struct buf b = BUF_INIT;
	format_vnd(amount, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* See web.h. */
bool web_listed(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		json_t *v = json_object_get(c, key);
		char num[24] = "";
		if (json_is_integer(v))
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		const char *s = json_is_string(v) ? json_string_value(v) : num;
		if (value && *s && !strcmp(s, value))
			return true;
	}
	return false;
}

/* Links of the language switch: [{code, label, href, current}] returning to this page. */
static json_t *lang_links(struct request *req, const char *lang)
{
	static const char *const codes[] = { "vi", "en" };
	static const char *const labels[] = { "Tiếng Việt", "English" };
	json_t *links = json_array();
	const char *path = web_next_param(req);
	for (size_t i = 0; i < 2; i++) {
		char *href = arena_printf(req_arena(req), "/lang/%s?next=%s", codes[i], path);
		json_array_append_new(links, json_pack("{s:s, s:s, s:s, s:b}", "code", codes[i],
						       "label", labels[i], "href", href, "current",
						       !strcmp(lang, codes[i])));
	}
	return links;
}

/* See web.h. */
void web_page(struct request *req, struct response *res, int status, const char *name,
	      const char *title, json_t *data)
{
	struct app *app = req_app(req);
	const char *lang = web_lang(req);
	const char *path = req_path(req);
	if (!data)
		data = json_object();
	json_object_set_new(data, "title", json_string(title));
	/* seconds of a <meta http-equiv="refresh"> (a progress page, docs/admin-imports.md) */
	if (!json_object_get(data, "refresh"))
		json_object_set_new(data, "refresh", json_false());
	json_object_set_new(data, "lang_links", lang_links(req, lang));
	json_object_set_new(data, "csrf", json_string(web_csrf(req, res)));
	const struct web_user *u = web_user(req);
	json_object_set_new(data, "user",
			    u ? json_pack("{s:s}", "name", u->name) : json_false());
	json_object_set_new(data, "is_citizen", json_boolean(u && u->role == ROLE_CITIZEN));
	bool staff = u && u->role != ROLE_CITIZEN && u->unit_id;
	json_object_set_new(data, "is_staff", json_boolean(staff));
	json_object_set_new(data, "is_admin", json_boolean(staff && u->role == ROLE_ADMIN));
	int64_t due = staff ? web_staff_due(req) : 0;
	json_object_set_new(data, "staff_due", due > 0 ? json_integer(due) : json_false());
	json_object_set_new(data, "signin_href",
			    json_string(!strncmp(path, "/dang-nhap", 10) || !strcmp(path, "/")
						? "/dang-nhap"
						: arena_printf(req_arena(req), "/dang-nhap?next=%s",
							       web_next_param(req))));
	json_object_set_new(data, "nav",
			    json_pack("{s:b, s:b, s:b, s:b, s:b}", "admin", !strncmp(path, "/quan-tri", 9),
				      "catalog", !strncmp(path, "/thu-tuc", 8),
				      "staff", !strncmp(path, "/can-bo", 7),
				      "lookup", !strncmp(path, "/tra-cuu", 8), "mine",
				      !strncmp(path, "/ho-so", 6)));
	char why[256] = "";
	struct buf *body = res_body(res);
	enum err e = view_render_page(app->view, name, data, lang, body, why, sizeof(why));
	json_decref(data);
	if (e != E_OK) {
		log_error("render %s: %s", name, why);
		buf_reset(body);
		buf_puts(body, "<!doctype html><meta charset=utf-8><title>500</title>"
			       "<h1>Có lỗi xảy ra / Something went wrong</h1>");
		res_status(res, 500);
		return;
	}
	res_status(res, status);
	res_type(res, "text/html; charset=utf-8");
	res_header(res, "Cache-Control", "no-store");
}

/* See web.h. GET /lang/:code?next=/path: remember the language for a year, go back. */
void page_lang(struct request *req, struct response *res)
{
	const char *code = req_param(req, "code");
	if (!code || (strcmp(code, "vi") && strcmp(code, "en"))) {
		res_error(req, res, 404, "unknown language");
		return;
	}
	/* An invalid next (control characters such as %09, over-long) is withheld (NULL); the
	 * validator keeps only same-site paths. */
	const char *next = web_local_path(req, req_query(req, "next"));
	res_cookie(res, "lang", code, LANG_COOKIE_AGE, true);	/* no script reads it */
	res_redirect(res, 303, next);
}
