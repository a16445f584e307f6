/* risk_web.c - helpers of the leader's charts and at-risk pages (risk_web.h) and the
 * projection box (web.h: web_risk_projection). */
#include "risk_web.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/atrisk.h"
#include "motcua/buf.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/report.h"
#include "motcua/unit.h"
#include "motcua/unit_store.h"

/* See risk_web.h. */
struct actor risk_actor(struct request *req)
{
	const struct web_user *u = web_user(req);
	struct actor who = { u ? u->id : 0, u ? u->role : ROLE_CITIZEN, u ? u->unit_id : 0 };
	return who;
}

/* See risk_web.h. */
enum err risk_unit_of(struct request *req, int64_t unit_id, struct risk_unit *out)
{
	struct db *db = web_db(req);
	if (!db)
		return E_DB;
	if (unit_id <= 0)
		return E_NOTFOUND;
	struct unit_rec u;
	enum err e = unit_get_by_id(db, unit_id, &u);
	if (e != E_OK)
		return e;
	out->id = u.id;
	out->code = arena_strdup(req_arena(req), u.code);
	out->name = arena_strdup(req_arena(req), u.name);
	out->path = arena_strdup(req_arena(req), u.path);
	unit_rec_free(&u);
	return E_OK;
}

/* See risk_web.h. */
int risk_year(struct request *req)
{
	const char *s = req_query(req, "nam");
	int y = s ? atoi(s) : 0;
	if (y < 2000 || y > 2100) {
		struct app *app = req_app(req);
		int m, d;
		civil_from_days(local_day(clock_now(&app->clock)), &y, &m, &d);
	}
	return y;
}

/* See risk_web.h. */
const char *risk_query_escape(struct request *req, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(req_arena(req), n * 3 + 1), *p = out;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '.' || *c == '_' || *c == '~') {
			*p++ = (char)*c;
		} else {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 15];
		}
	}
	*p = 0;
	return out;
}

/* See risk_web.h. */
const char *risk_rate_text(struct request *req, const json_t *rate)
{
	if (!json_is_number(rate))
		return "—";
	struct buf b = BUF_INIT;
	format_percent(json_number_value(rate) * 100.0, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* Figures kept a short while per key (the projection's report total per unit and period, the
 * charts' figures per unit and year): the reports behind them sum every counter row of the
 * period and are the dearest part of these pages, while their figures move by one dossier at a
 * time (docs/at-risk.md, docs/charts.md). */
#define CACHE_SLOTS 32
#define CACHE_TTL 60	/* seconds */
static struct {
	char key[96];
	int64_t at;
	json_t *value;
} cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* See risk_web.h. */
json_t *risk_cache_get(const char *key, int64_t now)
{
	json_t *v = NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS && !v; i++)
		if (cache[i].value && !strcmp(cache[i].key, key) && now - cache[i].at >= 0 &&
		    now - cache[i].at < CACHE_TTL)
			v = json_deep_copy(cache[i].value);
	pthread_mutex_unlock(&cache_lock);
	return v;
}

/* See risk_web.h. */
void risk_cache_put(const char *key, int64_t now, const json_t *value)
{
	pthread_mutex_lock(&cache_lock);
	int k = 0;	/* the same key, else an empty slot, else the oldest */
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].value && !strcmp(cache[i].key, key)) {
			k = i;
			break;
		}
		if (!cache[i].value ? cache[k].value != NULL : cache[k].value && cache[i].at < cache[k].at)
			k = i;
	}
	json_decref(cache[k].value);
	snprintf(cache[k].key, sizeof(cache[k].key), "%s", key);
	cache[k].at = now;
	cache[k].value = json_deep_copy(value);
	pthread_mutex_unlock(&cache_lock);
}

/* See web.h. */
json_t *web_risk_projection(struct request *req, int64_t from, int64_t to)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	struct app *app = req_app(req);
	struct risk_unit unit;
	if (!db || !u || risk_unit_of(req, u->unit_id, &unit) != E_OK)
		return NULL;
	int64_t now = clock_now(&app->clock);
	char key[96];
	snprintf(key, sizeof(key), "projection:%lld:%lld:%lld", (long long)unit.id,
		 (long long)from, (long long)to);
	json_t *total = risk_cache_get(key, now);
	if (!total) {
		struct report_params p = { .from = from, .to = to, .as_of = now,
					   .unit = unit.code, .group = GROUP_UNIT,
					   .clk = &app->clock };
		json_t *rep = NULL;
		char why[128];
		if (report_ontime(db, &p, &rep, why, sizeof(why)) != E_OK) {
			log_error("risk: projection report failed: %s", why);
			return NULL;
		}
		total = json_incref(json_object_get(rep, "total"));
		json_decref(rep);
		risk_cache_put(key, now, total);
	}
	json_t *pr = atrisk_projection(total);
	json_decref(total);
	char a[11], b[11];
	format_dmy(from, a);
	format_dmy(to, b);
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O}",
			      "from", a, "to", b,
			      "current", risk_rate_text(req, json_object_get(pr, "current")),
			      "if_due", risk_rate_text(req, json_object_get(pr, "if_due")),
			      "if_late", risk_rate_text(req, json_object_get(pr, "if_late")),
			      "finished", json_object_get(pr, "finished"),
			      "open_in_time", json_object_get(pr, "open_in_time"),
			      "open_overdue", json_object_get(pr, "open_overdue"));
	json_decref(pr);
	return v;
}
