/* risk_charts.c - GET /bao-cao/bieu-do?nam=YYYY&don_vi=CODE: the leader's three charts as
 * accessible inline SVG (svgchart.h), each with its data table (docs/charts.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/riskchart.h"
#include "motcua/svgchart.h"
#include "motcua/unit.h"
#include "risk_web.h"

#define YEARS_BACK 4	/* the year picker offers this year and the four before */

/* Render a chart into the arena. */
static const char *render(struct request *req, const struct svgchart *c)
{
	struct buf b = BUF_INIT;
	svgchart_render(c, &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* A count as people read it, in the arena. */
static const char *count_text(struct request *req, json_int_t n)
{
	struct buf b = BUF_INIT;
	format_count(n, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* The number of a rate, or NAN for null. */
static double value_of(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The three charts and their tables into view. */
static void charts(struct request *req, json_t *view, json_t *data, const char *unit_name,
		   int year)
{
	struct arena *a = req_arena(req);
	const char *lang = web_lang(req);
	const char *ystr = arena_printf(a, "%d", year);
	json_t *months = json_object_get(data, "months"), *units = json_object_get(data, "units");
	const char *mlabels[12];
	double rate[12], share[12];
	json_t *mrows = json_array();
	for (int m = 0; m < 12; m++) {
		json_t *r = json_array_get(months, (size_t)m);
		mlabels[m] = web_fill(req, web_text(req, "risk.month_short"), "n",
				      arena_printf(a, "%d", m + 1));
		rate[m] = value_of(json_object_get(r, "rate"));
		share[m] = value_of(json_object_get(r, "share"));
		json_array_append_new(mrows, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s}", "month",
			web_fill(req, web_text(req, "risk.month_n"), "n", arena_printf(a, "%d", m + 1)),
			"finished", count_text(req, json_integer_value(json_object_get(r, "finished"))),
			"rate", risk_rate_text(req, json_object_get(r, "rate")),
			"received", count_text(req, json_integer_value(json_object_get(r, "received"))),
			"online", count_text(req, json_integer_value(json_object_get(r, "online"))),
			"share", risk_rate_text(req, json_object_get(r, "share"))));
	}
	struct svgchart_series s_rate = { web_text(req, "risk.col_rate"), rate };
	struct svgchart c1 = {
		.kind = SVGCHART_BARS, .id = "chart-ontime", .title = web_text(req, "risk.chart_ontime"),
		.desc = web_fill(req, web_fill(req, web_text(req, "risk.chart_ontime_desc"), "year",
					       ystr), "unit", unit_name),
		.n = 12, .labels = mlabels, .nseries = 1, .series = &s_rate, .percent = true,
		.lang = lang,
	};
	struct svgchart_series s_share = { web_text(req, "risk.col_share"), share };
	struct svgchart c3 = {
		.kind = SVGCHART_LINE, .id = "chart-online", .title = web_text(req, "risk.chart_online"),
		.desc = web_fill(req, web_fill(req, web_text(req, "risk.chart_online_desc"), "year",
					       ystr), "unit", unit_name),
		.n = 12, .labels = mlabels, .nseries = 1, .series = &s_share, .percent = true,
		.lang = lang,
	};
	/* The stacked chart: the units one level under. */
	size_t nu = json_array_size(units);
	const char **ulabels = arena_alloc(a, (nu + 1) * sizeof(*ulabels));
	double *early = arena_alloc(a, (nu + 1) * sizeof(double));
	double *on = arena_alloc(a, (nu + 1) * sizeof(double));
	double *late = arena_alloc(a, (nu + 1) * sizeof(double));
	json_t *urows = json_array();
	for (size_t i = 0; i < nu; i++) {
		json_t *u = json_array_get(units, i);
		ulabels[i] = json_string_value(json_object_get(u, "name"));
		early[i] = (double)json_integer_value(json_object_get(u, "early"));
		on[i] = (double)json_integer_value(json_object_get(u, "on_time"));
		late[i] = (double)json_integer_value(json_object_get(u, "late"));
		json_array_append_new(urows, json_pack(
			"{s:O, s:s, s:s, s:s}", "name", json_object_get(u, "name"),
			"early", count_text(req, (json_int_t)early[i]),
			"on_time", count_text(req, (json_int_t)on[i]),
			"late", count_text(req, (json_int_t)late[i])));
	}
	struct svgchart_series s3[3] = {
		{ web_text(req, "risk.early"), early },
		{ web_text(req, "risk.on_time"), on },
		{ web_text(req, "risk.late"), late },
	};
	struct svgchart c2 = {
		.kind = SVGCHART_STACKED, .id = "chart-units", .title = web_text(req, "risk.chart_units"),
		.desc = web_fill(req, web_fill(req, web_text(req, "risk.chart_units_desc"), "year",
					       ystr), "unit", unit_name),
		.n = (int)nu, .labels = ulabels, .nseries = 3, .series = s3, .percent = false,
		.lang = lang,
	};
	json_object_set_new(view, "svg_ontime", json_string(render(req, &c1)));
	json_object_set_new(view, "svg_units", json_string(render(req, &c2)));
	json_object_set_new(view, "svg_online", json_string(render(req, &c3)));
	json_object_set_new(view, "months", mrows);
	json_object_set_new(view, "units", urows);
	json_object_set_new(view, "no_units", json_boolean(nu == 0));
}

/* See web.h. GET /bao-cao/bieu-do?nam=YYYY&don_vi=CODE */
void page_risk_charts(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	struct risk_unit mine;
	enum err e = db && u ? risk_unit_of(req, u->unit_id, &mine) : E_DB;
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	/* The chosen unit: one of the account's subtree, else the account's own. */
	const char *code = req_query(req, "don_vi");
	const char *unit_code = mine.code, *unit_name = mine.name;
	bool bad = false;
	if (code && *code && strcmp(code, mine.code)) {
		struct unit_rec r;
		if (unit_get_by_code(db, code, &r) == E_OK) {
			if (unit_path_within(r.path, mine.path)) {
				unit_code = arena_strdup(req_arena(req), r.code);
				unit_name = arena_strdup(req_arena(req), r.name);
			} else {
				bad = true;
			}
			unit_rec_free(&r);
		} else {
			bad = true;
		}
	}
	int year = risk_year(req);
	json_t *data = NULL, *units = NULL;
	int64_t now = clock_now(&app->clock);
	char key[96];
	snprintf(key, sizeof(key), "charts:%s:%d", unit_code, year);
	data = risk_cache_get(key, now);
	if (!data) {
		e = riskchart_data(db, unit_code, year, &app->clock, &data);
		if (e == E_OK)
			risk_cache_put(key, now, data);
	}
	if (e == E_OK)
		e = riskchart_units(db, mine.path, &units);
	if (e != E_OK) {
		json_decref(data);
		log_error("risk: charts failed: %s", err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *unit_choices = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(units, i, x) {
		const char *c = json_string_value(json_object_get(x, "code"));
		json_array_append_new(unit_choices, json_pack("{s:s, s:O, s:b}", "code", c, "name",
							      json_object_get(x, "name"), "selected",
							      !strcmp(c, unit_code)));
	}
	json_decref(units);
	int this_year, m, d;
	civil_from_days(local_day(clock_now(&app->clock)), &this_year, &m, &d);
	json_t *years = json_array();
	for (int y = this_year; y >= this_year - YEARS_BACK; y--)
		json_array_append_new(years, json_pack("{s:i, s:b}", "n", y, "selected", y == year));
	if (year < this_year - YEARS_BACK || year > this_year)
		json_array_append_new(years, json_pack("{s:i, s:b}", "n", year, "selected", 1));
	json_t *view = json_pack("{s:o, s:o, s:s, s:i}", "years", years, "unit_choices",
				 unit_choices, "unit_name", unit_name, "year", year);
	json_object_set_new(view, "bad_unit", bad ? json_string(web_text(req, "risk.bad_unit"))
						  : json_false());
	charts(req, view, data, unit_name, year);
	json_decref(data);
	json_object_set_new(view, "dash_nav", web_report_nav("charts"));
	web_page(req, res, bad ? 400 : 200, "risk_charts", web_text(req, "risk.charts_title"), view);
}
