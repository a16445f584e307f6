/* dash_query.c - the leader's report pages: reading the period picker and the unit from the
 * query, and the links and number formats they share (dash_view.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "dash_view.h"

/* Put message key k for field into a->errors. */
static void bad(struct request *req, struct dash_args *a, const char *field, const char *k)
{
	if (!a->errors)
		a->errors = json_object();
	if (!json_object_get(a->errors, field))
		json_object_set_new(a->errors, field, json_string(web_text(req, k)));
}

/* An integer query value, 0 when absent; bad (message for field) when it does not parse. */
static int int_query(struct request *req, struct dash_args *a, const char *field)
{
	if (req_field_reason(req, field)) {
		bad(req, a, field, "dash.err.number");
		return 0;
	}
	const char *s = req_query(req, field);
	if (!s || !*s)
		return 0;
	long v = strtol(s, NULL, 10);
	if (v < 0 || v > 9999) {
		bad(req, a, field, "dash.err.number");
		return 0;
	}
	return (int)v;
}

/* A dd/mm/yyyy query value into *day; false when absent or bad (with a message). */
static bool date_query(struct request *req, struct dash_args *a, const char *field,
		       int64_t *day)
{
	const char *s = req_query(req, field);
	if (req_field_reason(req, field) || (s && *s && !parse_dmy(s, day))) {
		bad(req, a, field, "dash.err.date");
		return false;
	}
	return s && *s;
}

/* See dash_view.h. */
enum err dash_args_read(struct request *req, struct db *db, struct dash_args *a)
{
	memset(a, 0, sizeof(*a));
	const struct web_user *u = web_user(req);
	if (!u || !u->unit_id)
		return E_NOTFOUND;
	struct app *app = req_app(req);
	int64_t today = local_day(clock_now(&app->clock));
	/* Unit first: another district's unit is a 404 whatever else is asked. */
	if (req_field_reason(req, "unit"))
		return E_NOTFOUND;
	enum err e = dash_scope(db, u->unit_id, req_query(req, "unit"), a->unit);
	if (e != E_OK)
		return e;
	const char *g = req_query(req, "group");
	int gi = report_group_parse(g && *g ? g : "unit");
	a->group = gi < 0 ? GROUP_UNIT : (enum report_group)gi;
	const char *k = req_query(req, "period");
	int ki = dash_period_parse(k && *k ? k : NULL);
	int64_t from = 0, to = 0;
	bool has_from = date_query(req, a, "from", &from);
	bool has_to = date_query(req, a, "to", &to);
	/* A list link carries only from and to: that is a custom period. */
	if (ki < 0)
		ki = has_from && has_to ? DP_CUSTOM : DP_MONTH;
	a->kind = (enum dash_period)ki;
	struct dash_pick pick = { a->kind, int_query(req, a, "year"), 0, from, to };
	if (a->kind == DP_MONTH)
		pick.num = int_query(req, a, "month");
	else if (a->kind == DP_QUARTER)
		pick.num = int_query(req, a, "quarter");
	if (a->kind == DP_CUSTOM) {
		if (!has_from && !json_object_get(a->errors, "from"))
			bad(req, a, "from", "dash.err.date_required");
		if (!has_to && !json_object_get(a->errors, "to"))
			bad(req, a, "to", "dash.err.date_required");
	}
	if (a->errors || dash_resolve(&pick, today, &a->from, &a->to) != E_OK) {
		if (!a->errors)
			bad(req, a, a->kind == DP_CUSTOM ? "to" :
				    pick.year && (pick.year < 2000 || pick.year > 2100) ? "year" :
				    a->kind == DP_QUARTER ? "quarter" : "month",
			    a->kind == DP_CUSTOM ? "dash.err.range" : "dash.err.number");
		/* The current month stands in, so the page still shows the picker. */
		struct dash_pick def = { DP_MONTH, 0, 0, 0, 0 };
		dash_resolve(&def, today, &a->from, &a->to);
	}
	int y, m, d;
	civil_from_days(a->from, &y, &m, &d);
	a->year = y;
	a->num = a->kind == DP_QUARTER ? (m - 1) / 3 + 1 : m;
	return E_OK;
}

/* See dash_view.h. */
void dash_args_free(struct dash_args *a)
{
	json_decref(a->errors);
	a->errors = NULL;
}

/* See dash_view.h. */
const char *dash_encode(struct request *req, const char *s)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_append(&b, p, 1);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	const char *r = arena_printf(req_arena(req), "%s", b.len ? buf_str(&b) : "");
	buf_free(&b);
	return r;
}

/* See dash_view.h. */
const char *dash_query_of(struct request *req, const struct dash_args *a)
{
	char f[11], t[11];
	format_dmy(a->from, f);
	format_dmy(a->to, t);
	return arena_printf(req_arena(req), "from=%s&to=%s&unit=%s&group=%s", dash_encode(req, f),
			    dash_encode(req, t), dash_encode(req, a->unit),
			    report_group_name(a->group));
}

/* See dash_view.h. */
const char *dash_number(struct request *req, const json_t *v, int decimals)
{
	if (!json_is_number(v))
		return "–";
	char tmp[64];
	int k = snprintf(tmp, sizeof(tmp), "%.*f", decimals, json_number_value(v));
	if (k <= 0 || (size_t)k >= sizeof(tmp))
		return "–";
	if (strchr(tmp, '.')) {
		while (tmp[k - 1] == '0')
			tmp[--k] = '\0';
		if (tmp[k - 1] == '.')
			tmp[--k] = '\0';
	}
	if (!strcmp(tmp, "-0"))
		strcpy(tmp, "0");
	char *dot = strchr(tmp, '.');
	if (dot && strcmp(web_lang(req), "en"))
		*dot = ',';
	return arena_printf(req_arena(req), "%s", tmp);
}

/* See dash_view.h. */
const char *dash_percent(struct request *req, const json_t *v)
{
	if (!json_is_number(v))
		return "–";
	struct buf b = BUF_INIT;
	format_percent(json_number_value(v) * 100.0, web_lang(req), &b);
	const char *r = arena_printf(req_arena(req), "%s", buf_str(&b));
	buf_free(&b);
	return r;
}

/* See dash_view.h. */
const char *dash_count(struct request *req, int64_t n)
{
	struct buf b = BUF_INIT;
	format_count(n, web_lang(req), &b);
	const char *r = arena_printf(req_arena(req), "%s", buf_str(&b));
	buf_free(&b);
	return r;
}

/* See dash_view.h. */
const char *dash_period_text(struct request *req, int64_t from, int64_t to)
{
	char f[11], t[11];
	format_dmy(from, f);
	format_dmy(to, t);
	return arena_printf(req_arena(req), "%s – %s", f, t);
}

/* See dash_view.h. */
const char *dash_change_text(struct request *req, const json_t *now, const json_t *before)
{
	double pts;
	if (!dash_change_points(now, before, &pts))
		return NULL;
	if (fabs(pts) < 0.005)
		return web_text(req, "dash.change.same");
	json_t *v = json_real(fabs(pts));
	const char *n = dash_number(req, v, 2);
	json_decref(v);
	return web_fill(req, web_text(req, pts > 0 ? "dash.change.up" : "dash.change.down"), "n",
			n);
}
