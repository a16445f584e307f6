/* transparency.c - GET /minh-bach, the public transparency page (issue 9 §7; docs/api.md):
 * per unit the on-time rate of the current month and year, apologies issued and the online
 * share, from transparency_compute(). The figures are computed at most once a minute for the
 * whole process and the page's content rendered then in both languages: one thread computes
 * while the others keep serving the previous content (or, before the first exists, wait for
 * it), so a crowd of visitors costs one computation a minute and each visitor only the
 * layout around a copy of the content. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/transparency.h"
#include "motcua/view.h"
#include "motcua/web.h"
#include "motcua/xalloc.h"

#define TRANSPARENCY_TTL 60	/* seconds the figures are reused */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cache_ready = PTHREAD_COND_INITIALIZER;
static char *cache_html[2];	/* the page's content rendered in vi and en, NULL before the first */
static int64_t cache_at;	/* when the figures were computed */
static bool cache_busy;		/* a thread is computing */

/* "94,34%" of part / whole in lang, "–" when whole is 0, into the arena. */
static const char *rate(struct arena *a, const char *lang, int64_t part, int64_t whole)
{
	struct buf b = BUF_INIT;
	format_percent(whole ? 100.0 * (double)part / (double)whole : NAN, lang, &b);
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* A count with thousands separators in lang, into the arena. */
static const char *count(struct arena *a, const char *lang, int64_t n)
{
	struct buf b = BUF_INIT;
	format_count(n, lang, &b);
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The display cells of one period's figures f. */
static json_t *period_view(struct arena *a, const char *lang, json_t *f)
{
#define FIG(name) json_integer_value(json_object_get(f, name))
	return json_pack("{s:s, s:s, s:s, s:s, s:s}",
			 "on_time", rate(a, lang, FIG("finished_in_time"), FIG("finished")),
			 "finished", count(a, lang, FIG("finished")),
			 "received", count(a, lang, FIG("received")),
			 "apologies", count(a, lang, FIG("apologies")),
			 "online", rate(a, lang, FIG("received_online"), FIG("received")));
#undef FIG
}

/* The page's content (templates/transparency.html, without the layout) for figures f in
 * lang; NULL (logged) when it does not render. Caller frees. */
static char *render(struct request *req, json_t *f, const char *lang)
{
	struct app *app = req_app(req);
	struct arena *a = req_arena(req);
	json_t *units = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(f, "units"), i, u) {
		char key[48];
		snprintf(key, sizeof(key), "level.%s",
			 json_string_value(json_object_get(u, "level")));
		json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:o, s:o}",
			"code", json_string_value(json_object_get(u, "code")),
			"name", json_string_value(json_object_get(u, "name")),
			"level", i18n_text(app->view, lang, key),
			"month", period_view(a, lang, json_object_get(u, "month")),
			"year", period_view(a, lang, json_object_get(u, "year"))));
	}
	json_t *total = json_object_get(f, "total");
	char today[11];
	int64_t day = json_integer_value(json_object_get(f, "today"));
	format_dmy(day, today);
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	json_t *data = json_pack("{s:o, s:b, s:{s:o, s:o}, s:s, s:i, s:s}",
		"units", units, "empty", json_array_size(units) == 0,
		"total", "month", period_view(a, lang, json_object_get(total, "month")),
		"year", period_view(a, lang, json_object_get(total, "year")),
		"today", today, "year", y,
		"month_label", arena_printf(a, "%02d/%d", m, y));
	struct buf out = BUF_INIT;
	char why[200] = "";
	enum err e = view_render(app->view, "transparency", data, lang, &out, why, sizeof(why));
	json_decref(data);
	if (e != E_OK) {
		log_error("transparency: %s", why);
		buf_free(&out);
		return NULL;
	}
	return buf_steal(&out);
}

/* A copy of the page's content in the request's language, in the arena, recomputed when older
 * than the TTL; NULL when it cannot be made and none exists yet. */
static const char *content(struct request *req)
{
	struct app *app = req_app(req);
	int64_t now = clock_now(&app->clock);
	int l = strcmp(web_lang(req), "en") ? 0 : 1;
	pthread_mutex_lock(&cache_lock);
	while (!cache_html[0] && cache_busy)
		pthread_cond_wait(&cache_ready, &cache_lock);
	bool fresh = cache_html[0] && now - cache_at < TRANSPARENCY_TTL && now >= cache_at;
	if (fresh || (cache_html[0] && cache_busy)) {
		const char *copy = arena_strdup(req_arena(req), cache_html[l]);
		pthread_mutex_unlock(&cache_lock);
		return copy;
	}
	cache_busy = true;
	pthread_mutex_unlock(&cache_lock);

	json_t *f = NULL;
	struct db *db = web_db(req);
	char *html[2] = { NULL, NULL };
	if (db && transparency_compute(db, now, &f) == E_OK) {
		html[0] = render(req, f, "vi");
		html[1] = render(req, f, "en");
		json_decref(f);
	} else {
		log_error("transparency: the figures could not be computed");
	}

	pthread_mutex_lock(&cache_lock);
	if (html[0] && html[1]) {
		for (int i = 0; i < 2; i++) {
			free(cache_html[i]);
			cache_html[i] = html[i];
		}
		cache_at = now;
	} else {
		free(html[0]);
		free(html[1]);
	}
	cache_busy = false;
	const char *copy = cache_html[0] ? arena_strdup(req_arena(req), cache_html[l]) : NULL;
	pthread_cond_broadcast(&cache_ready);
	pthread_mutex_unlock(&cache_lock);
	return copy;
}

/* See web.h. GET /minh-bach */
void page_transparency(struct request *req, struct response *res)
{
	const char *html = content(req);
	if (!html) {
		res_error(req, res, 500, NULL);
		return;
	}
	/* the content was rendered (and escaped) by templates/transparency.html itself */
	web_page(req, res, 200, "transparency_page", web_text(req, "api.transparency.title"),
		 json_pack("{s:s}", "html", html));
}
