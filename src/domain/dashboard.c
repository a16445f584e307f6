/* dashboard.c - the leader's dashboard: period picker, scope, and the three reports
 * (dashboard.h, docs/dashboard.md). */
#include "motcua/dashboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/report_store.h"
#include "motcua/unit.h"

static const char *const period_names[DP__MAX] = { "month", "quarter", "year", "custom" };

/* See dashboard.h. */
const char *dash_period_name(enum dash_period k)
{
	return k < DP__MAX ? period_names[k] : "?";
}

/* See dashboard.h. */
int dash_period_parse(const char *s)
{
	for (int i = 0; s && i < DP__MAX; i++)
		if (!strcmp(s, period_names[i]))
			return i;
	return -1;
}

/* First day of month m (1-12, may overflow into other years) of year y. */
static int64_t month_start(int y, int m)
{
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	return days_from_civil(y, m, 1);
}

/* See dashboard.h. */
enum err dash_resolve(const struct dash_pick *pick, int64_t today, int64_t *from, int64_t *to)
{
	int ty, tm, td;
	civil_from_days(today, &ty, &tm, &td);
	int y = pick->year ? pick->year : ty;
	if (pick->kind != DP_CUSTOM && (y < 2000 || y > 2100))
		return E_INVALID;
	switch (pick->kind) {
	case DP_MONTH: {
		int m = pick->num ? pick->num : tm;
		if (m < 1 || m > 12)
			return E_INVALID;
		*from = month_start(y, m);
		*to = month_start(y, m + 1) - 1;
		return E_OK;
	}
	case DP_QUARTER: {
		int q = pick->num ? pick->num : (tm - 1) / 3 + 1;
		if (q < 1 || q > 4)
			return E_INVALID;
		*from = month_start(y, 3 * q - 2);
		*to = month_start(y, 3 * q + 1) - 1;
		return E_OK;
	}
	case DP_YEAR:
		*from = month_start(y, 1);
		*to = month_start(y + 1, 1) - 1;
		return E_OK;
	case DP_CUSTOM:
		if (pick->to < pick->from || pick->to - pick->from + 1 > DASH_MAX_DAYS)
			return E_INVALID;
		*from = pick->from;
		*to = pick->to;
		return E_OK;
	case DP__MAX:
		break;
	}
	return E_INVALID;
}

/* See dashboard.h. */
void dash_previous(enum dash_period kind, int64_t from, int64_t to, int64_t *pfrom,
		   int64_t *pto)
{
	int y, m, d;
	civil_from_days(from, &y, &m, &d);
	int months = kind == DP_MONTH ? 1 : kind == DP_QUARTER ? 3 : kind == DP_YEAR ? 12 : 0;
	if (months && d == 1) {
		*pfrom = month_start(y, m - months);
		*pto = from - 1;
		return;
	}
	*pto = from - 1;
	*pfrom = from - (to - from + 1);
}

/* The same date one year earlier. */
static int64_t year_before(int64_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return days_from_civil(y - 1, m, d);
}

/* See dashboard.h. */
void dash_last_year(int64_t from, int64_t to, int64_t *lfrom, int64_t *lto)
{
	*lfrom = year_before(from);
	*lto = year_before(to);
}

/* See dashboard.h. */
enum err dash_scope(struct db *db, int64_t account_unit_id, const char *unit_code,
		    char code_out[64])
{
	struct unit_rec mine, want;
	enum err e = unit_get_by_id(db, account_unit_id, &mine);
	if (e != E_OK)
		return e;
	if (!unit_code || !*unit_code) {
		snprintf(code_out, 64, "%s", mine.code);
		unit_rec_free(&mine);
		return E_OK;
	}
	e = unit_get_by_code(db, unit_code, &want);
	if (e == E_OK) {
		if (unit_path_within(want.path, mine.path))
			snprintf(code_out, 64, "%s", want.code);
		else
			e = E_NOTFOUND;
		unit_rec_free(&want);
	}
	unit_rec_free(&mine);
	return e;
}

/* qsort of units by code. */
static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct report_unit *)a)->code, ((const struct report_unit *)b)->code);
}

/* See dashboard.h. */
enum err dash_units(struct db *db, const char *code, json_t **out)
{
	struct report_unit *us = NULL;
	int n = 0;
	enum err e = report_store_units(db, &us, &n);
	if (e != E_OK)
		return e;
	const struct report_unit *root = NULL;
	for (int i = 0; i < n; i++)
		if (!strcmp(us[i].code, code))
			root = &us[i];
	if (!root) {
		free(us);
		return E_NOTFOUND;
	}
	char root_path[256];
	snprintf(root_path, sizeof(root_path), "%s", root->path);
	qsort(us, (size_t)n, sizeof(*us), by_code);
	json_t *arr = json_array();
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			bool self = !strcmp(us[i].code, code);
			if ((pass == 0) != self || !unit_path_within(us[i].path, root_path))
				continue;
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", us[i].code,
							     "name", us[i].name, "level",
							     us[i].level));
		}
	free(us);
	*out = arr;
	return E_OK;
}

/* The on-time report of [from, to] for code, or NULL with e set. */
static json_t *ontime(struct db *db, const struct clock *clk, const char *code, int64_t from,
		      int64_t to, enum report_group group, enum err *e, char *why,
		      unsigned long n)
{
	struct report_params p = { .from = from, .to = to, .as_of = 0, .unit = code,
				   .group = group, .clk = clk };
	json_t *r = NULL;
	*e = report_ontime(db, &p, &r, why, n);
	return *e == E_OK ? r : NULL;
}

/* See dashboard.h. */
enum err dash_build(struct db *db, const struct clock *clk, const char *code,
		    enum dash_period kind, int64_t from, int64_t to, enum report_group group,
		    json_t **out, char *why, unsigned long n)
{
	int64_t pf, pt, lf, lt;
	dash_previous(kind, from, to, &pf, &pt);
	dash_last_year(from, to, &lf, &lt);
	enum err e = E_OK;
	struct report_params cp = { .from = from, .to = to, .as_of = 0, .unit = code,
				    .group = group, .clk = clk };
	json_t *cur = NULL;
	e = report_ontime_figures(db, &cp, &cur, why, n);
	json_t *prev = cur ? ontime(db, clk, code, pf, pt, group, &e, why, n) : NULL;
	/* For a calendar year the previous period is the same period last year. */
	json_t *ly = !prev ? NULL : lf == pf && lt == pt ? json_incref(prev)
				    : ontime(db, clk, code, lf, lt, group, &e, why, n);
	if (e != E_OK) {
		json_decref(cur);
		json_decref(prev);
		json_decref(ly);
		return e;
	}
	json_t *r = json_object();
	json_object_set(r, "figures", json_object_get(cur, "figures"));
	json_object_del(cur, "figures");
	json_object_set_new(r, "current", cur);
	json_object_set_new(r, "previous", prev);
	json_object_set_new(r, "last_year", ly);
	*out = r;
	return E_OK;
}

/* See dashboard.h. */
bool dash_change_points(const json_t *now, const json_t *before, double *points)
{
	if (!json_is_number(now) || !json_is_number(before))
		return false;
	double d = (json_number_value(now) - json_number_value(before)) * 100.0;
	*points = round(d * 100.0) / 100.0;
	return true;
}
