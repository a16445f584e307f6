/* transparency.c - GET /minh-bach, the public transparency page (issue 9 §7; docs/api.md):
 * per unit the on-time rate of the current month and year, apologies issued and the online
 * share, from transparency_compute(). The figures are computed at most once a minute for the
 * whole process: one thread computes while the others keep serving the previous figures
 * (or, before the first ones exist, wait for them), so a crowd of visitors costs one
 * computation a minute. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/transparency.h"
#include "motcua/web.h"
#include "motcua/xalloc.h"

#define TRANSPARENCY_TTL 60	/* seconds the figures are reused */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cache_ready = PTHREAD_COND_INITIALIZER;
static char *cache_text;	/* the figures as compact JSON, NULL before the first */
static int64_t cache_at;	/* when they were computed */
static bool cache_busy;		/* a thread is computing */

/* A copy of the cached figures (caller frees), recomputed when older than the TTL; NULL when
 * they cannot be computed and none exist yet. */
static char *figures(struct request *req)
{
	struct app *app = req_app(req);
	int64_t now = clock_now(&app->clock);
	pthread_mutex_lock(&cache_lock);
	while (!cache_text && cache_busy)
		pthread_cond_wait(&cache_ready, &cache_lock);
	bool fresh = cache_text && now - cache_at < TRANSPARENCY_TTL && now >= cache_at;
	if (fresh || (cache_text && cache_busy)) {
		char *copy = xstrdup(cache_text);
		pthread_mutex_unlock(&cache_lock);
		return copy;
	}
	cache_busy = true;
	pthread_mutex_unlock(&cache_lock);

	json_t *j = NULL;
	struct db *db = web_db(req);
	char *text = NULL;
	if (db && transparency_compute(db, now, &j) == E_OK) {
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
	} else {
		log_error("transparency: the figures could not be computed");
	}

	pthread_mutex_lock(&cache_lock);
	if (text) {
		free(cache_text);
		cache_text = text;
		cache_at = now;
	}
	cache_busy = false;
	char *copy = cache_text ? xstrdup(cache_text) : NULL;
	pthread_cond_broadcast(&cache_ready);
	pthread_mutex_unlock(&cache_lock);
	return copy;
}

/* "94,34%" of part / whole in the request's language, "–" when whole is 0. */
static const char *rate(struct request *req, int64_t part, int64_t whole)
{
	struct buf b = BUF_INIT;
	format_percent(whole ? 100.0 * (double)part / (double)whole : NAN, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* A count with thousands separators in the request's language. */
static const char *count(struct request *req, int64_t n)
{
	struct buf b = BUF_INIT;
	format_count(n, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* The display cells of one period's figures f. */
static json_t *period_view(struct request *req, json_t *f)
{
#define FIG(name) json_integer_value(json_object_get(f, name))
	return json_pack("{s:s, s:s, s:s, s:s, s:s}",
			 "on_time", rate(req, FIG("finished_in_time"), FIG("finished")),
			 "finished", count(req, FIG("finished")),
			 "received", count(req, FIG("received")),
			 "apologies", count(req, FIG("apologies")),
			 "online", rate(req, FIG("received_online"), FIG("received")));
#undef FIG
}

/* See web.h. GET /minh-bach */
void page_transparency(struct request *req, struct response *res)
{
	char *text = figures(req);
	json_t *f = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (!f) {
		res_error(req, res, 500, NULL);
		return;
	}
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
			"level", web_text(req, key),
			"month", period_view(req, json_object_get(u, "month")),
			"year", period_view(req, json_object_get(u, "year"))));
	}
	json_t *total = json_object_get(f, "total");
	char today[11], month[11];
	format_dmy(json_integer_value(json_object_get(f, "today")), today);
	format_dmy(json_integer_value(json_object_get(f, "month_start")), month);
	int y, m, d;
	civil_from_days(json_integer_value(json_object_get(f, "today")), &y, &m, &d);
	json_t *data = json_pack("{s:o, s:b, s:{s:o, s:o}, s:s, s:s, s:i, s:s}",
		"units", units, "empty", json_array_size(units) == 0,
		"total", "month", period_view(req, json_object_get(total, "month")),
		"year", period_view(req, json_object_get(total, "year")),
		"today", today, "month_start", month, "year", y,
		"month_label", arena_printf(req_arena(req), "%02d/%d", m, y));
	json_decref(f);
	web_page(req, res, 200, "transparency", web_text(req, "api.transparency.title"), data);
}
