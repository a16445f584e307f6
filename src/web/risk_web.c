/* risk_web.c - helpers of the leader's charts and at-risk pages (risk_web.h) and the
 * projection box (web.h: web_risk_projection). */
#include "risk_web.h"

#include <pthread.h>
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

/* The projection's figures are kept a short while per (unit, period): the year's report sums
 * every counter row of the year and is the dearest part of the at-risk page, while its figures
 * move by one dossier at a time (docs/at-risk.md). */
#define PROJ_CACHE 16
#define PROJ_TTL 60	/* seconds */
static struct {
	int64_t unit_id, from, to, at;
	json_t *total;
} proj_cache[PROJ_CACHE];
static pthread_mutex_t proj_lock = PTHREAD_MUTEX_INITIALIZER;

/* A new reference to the cached report total of (unit, from, to) younger than PROJ_TTL at now,
 * or NULL. */
static json_t *proj_get(int64_t unit_id, int64_t from, int64_t to, int64_t now)
{
	json_t *t = NULL;
	pthread_mutex_lock(&proj_lock);
	for (int i = 0; i < PROJ_CACHE && !t; i++)
		if (proj_cache[i].total && proj_cache[i].unit_id == unit_id &&
		    proj_cache[i].from == from && proj_cache[i].to == to &&
		    now - proj_cache[i].at >= 0 && now - proj_cache[i].at < PROJ_TTL)
			t = json_deep_copy(proj_cache[i].total);
	pthread_mutex_unlock(&proj_lock);
	return t;
}

/* Keep a copy of total for (unit, from, to) at now, in place of the oldest entry. */
static void proj_put(int64_t unit_id, int64_t from, int64_t to, int64_t now, const json_t *total)
{
	pthread_mutex_lock(&proj_lock);
	int k = 0;
	for (int i = 1; i < PROJ_CACHE; i++)
		if (proj_cache[i].at < proj_cache[k].at)
			k = i;
	json_decref(proj_cache[k].total);
	proj_cache[k].unit_id = unit_id;
	proj_cache[k].from = from;
	proj_cache[k].to = to;
	proj_cache[k].at = now;
	proj_cache[k].total = json_deep_copy(total);
	pthread_mutex_unlock(&proj_lock);
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
	json_t *total = proj_get(unit.id, from, to, now);
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
		proj_put(unit.id, from, to, now, total);
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
