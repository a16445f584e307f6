/* dash_page.c - GET /bao-cao (the leader's dashboard) and GET /bao-cao/in (its printable
 * report): the on-time table of the period by unit, field or procedure through the report
 * engine, compared with the previous period and the same period last year (docs/dashboard.md). */
#include <stdio.h>
#include <string.h>

#include "motcua/clock.h"
#include "dash_view.h"

/* The picker's query for the current report with another grouping, in the arena. */
static const char *picker_query(struct request *req, const struct dash_args *a,
				enum report_group g)
{
	const char *unit = dash_encode(req, a->unit);
	if (a->kind == DP_CUSTOM) {
		struct dash_args b = *a;
		b.group = g;
		return arena_printf(req_arena(req), "period=custom&%s", dash_query_of(req, &b));
	}
	const char *num = a->kind == DP_MONTH ? arena_printf(req_arena(req), "&month=%d", a->num)
			  : a->kind == DP_QUARTER ? arena_printf(req_arena(req), "&quarter=%d",
								 a->num)
						  : "";
	return arena_printf(req_arena(req), "period=%s&year=%d%s&unit=%s&group=%s",
			    dash_period_name(a->kind), a->year, num, unit, report_group_name(g));
}

/* Options 1..n with the selected one marked. */
static json_t *options(int n, int selected)
{
	json_t *o = json_array();
	for (int i = 1; i <= n; i++)
		json_array_append_new(o, json_pack("{s:i, s:b}", "value", i, "selected",
						   i == selected));
	return o;
}

/* The picker's view: kinds, year, month, quarter, dates, units, errors and typed values. */
static json_t *picker_view(struct request *req, const struct dash_args *a, json_t *units)
{
	json_t *kinds = json_array();
	for (int i = 0; i < DP__MAX; i++) {
		char k[48];
		snprintf(k, sizeof(k), "dash.period.%s", dash_period_name((enum dash_period)i));
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value",
						       dash_period_name((enum dash_period)i),
						       "label", web_text(req, k), "selected",
						       (int)a->kind == i));
	}
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
		json_object_set_new(u, "selected", json_boolean(!strcmp(
			json_string_value(json_object_get(u, "code")), a->unit)));
	char f[11], t[11];
	format_dmy(a->from, f);
	format_dmy(a->to, t);
	const char *rf = req_query_raw(req, "from"), *rt = req_query_raw(req, "to");
	const char *ry = req_query_raw(req, "year");
	bool err = a->errors != NULL;
	return json_pack("{s:o, s:s, s:o, s:o, s:s, s:s, s:O, s:s}", "kinds", kinds, "year",
			 err && ry ? ry : arena_printf(req_arena(req), "%d", a->year), "months",
			 options(12, a->kind == DP_MONTH ? a->num : 0), "quarters",
			 options(4, a->kind == DP_QUARTER ? a->num : 0), "from",
			 err && rf ? rf : f, "to", err && rt ? rt : t, "units", units, "group",
			 report_group_name(a->group));
}

/* Grouping tabs (links keeping the period and unit). */
static json_t *tabs_view(struct request *req, const struct dash_args *a)
{
	json_t *tabs = json_array();
	for (int g = 0; g < GROUP__MAX; g++) {
		char k[48];
		snprintf(k, sizeof(k), "dash.group.%s", report_group_name((enum report_group)g));
		json_array_append_new(tabs, json_pack(
			"{s:s, s:s, s:b}", "href",
			arena_printf(req_arena(req), "/bao-cao?%s",
				     picker_query(req, a, (enum report_group)g)),
			"label", web_text(req, k), "current", (int)a->group == g));
	}
	return tabs;
}

/* One line of the comparison table. */
static json_t *compare_line(struct request *req, const char *label_key, json_t *rep,
			    json_t *against)
{
	json_t *t = json_object_get(rep, "total");
	int64_t fin = json_integer_value(json_object_get(t, "finished_early")) +
		      json_integer_value(json_object_get(t, "finished_on_time")) +
		      json_integer_value(json_object_get(t, "finished_late"));
	int64_t from = 0, to = 0;
	parse_ymd(json_string_value(json_object_get(rep, "from")), &from);
	parse_ymd(json_string_value(json_object_get(rep, "to")), &to);
	json_t *at = json_object_get(against, "total");
	const char *rc = against ? dash_change_text(req, json_object_get(at, "on_time_rate"),
						    json_object_get(t, "on_time_rate"))
				 : NULL;
	const char *pc = against ? dash_change_text(req, json_object_get(at, "progress_766"),
						    json_object_get(t, "progress_766"))
				 : NULL;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "label",
			 web_text(req, label_key), "period", dash_period_text(req, from, to),
			 "received", dash_count(req, json_integer_value(json_object_get(t, "received"))),
			 "finished", dash_count(req, fin), "rate",
			 dash_percent(req, json_object_get(t, "on_time_rate")), "progress",
			 dash_percent(req, json_object_get(t, "progress_766")), "score",
			 dash_number(req, json_object_get(t, "score_2_1"), 2), "rate_change",
			 rc ? rc : "–", "progress_change", pc ? pc : "–");
}

/* A count and its share of the received dossiers: "12 (30%)". */
static const char *share(struct request *req, json_t *fig, const char *k, int64_t of)
{
	int64_t n = json_integer_value(json_object_get(fig, k));
	if (!of)
		return dash_count(req, n);
	json_t *r = json_real((double)n / (double)of);
	const char *s = arena_printf(req_arena(req), "%s (%s)", dash_count(req, n),
				     dash_percent(req, r));
	json_decref(r);
	return s;
}

/* The per-scope figures of report_index766 for the view: [{label, value}]. */
static json_t *scope_figures(struct request *req, json_t *fig)
{
	int64_t recv = json_integer_value(json_object_get(fig, "received"));
	int64_t fee = json_integer_value(json_object_get(fig, "received_fee"));
	json_t *out = json_array();
	struct { const char *label, *value; } v[] = {
		{ "dash.scope.online", share(req, fig, "received_online", recv) },
		{ "dash.scope.post", share(req, fig, "received_post", recv) },
		{ "dash.scope.apologies", share(req, fig, "apologies", 0) },
		{ "dash.scope.supplements", share(req, fig, "supplement_requests", 0) },
		{ "dash.scope.very_satisfied", share(req, fig, "rating_very_satisfied", 0) },
		{ "dash.scope.satisfied", share(req, fig, "rating_satisfied", 0) },
		{ "dash.scope.dissatisfied", share(req, fig, "rating_dissatisfied", 0) },
		{ "dash.scope.fee", share(req, fig, "received_fee", 0) },
		{ "dash.scope.paid_online", share(req, fig, "paid_online", fee) },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		json_array_append_new(out, json_pack("{s:s, s:s}", "label",
						     web_text(req, v[i].label), "value", v[i].value));
	return out;
}

/* The unit's name among units (the picker's list), or its code. */
static const char *unit_name(json_t *units, const char *code)
{
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
		if (!strcmp(json_string_value(json_object_get(u, "code")), code))
			return json_string_value(json_object_get(u, "name"));
	return code;
}

/* Build the dashboard's view for req (print: the printable page). Answers errors itself and
 * returns NULL then. */
static json_t *dashboard_view(struct request *req, struct response *res, bool print,
			      int *status)
{
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	struct dash_args a;
	memset(&a, 0, sizeof(a));
	enum err e = db ? dash_args_read(req, db, &a) : E_DB;
	json_t *units = NULL, *rep = NULL;
	if (e == E_OK)
		e = dash_units(db, a.unit, &units);
	if (e != E_OK) {
		dash_args_free(&a);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return NULL;
	}
	*status = a.errors ? 400 : 200;
	json_t *view = json_object();
	json_object_set_new(view, "unit_name", json_string(unit_name(units, a.unit)));
	json_object_set_new(view, "unit_code", json_string(a.unit));
	json_object_set_new(view, "period", json_string(dash_period_text(req, a.from, a.to)));
	char gk[48];
	snprintf(gk, sizeof(gk), "dash.group.%s", report_group_name(a.group));
	json_object_set_new(view, "group_label", json_string(web_text(req, gk)));
	json_object_set_new(view, "columns", dash_columns(req));
	/* Every key the templates name is set (strict templates). */
	json_t *errs = json_object();
	static const char *const fields[] = { "year", "month", "quarter", "from", "to" };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		json_t *m = a.errors ? json_object_get(a.errors, fields[i]) : NULL;
		json_object_set_new(errs, fields[i], m ? json_incref(m) : json_false());
	}
	json_object_set_new(view, "errors", errs);
	json_object_set_new(view, "has_errors", json_boolean(a.errors != NULL));
	json_object_set_new(view, "print", json_false());
	json_object_set_new(view, "table", json_false());
	json_object_set_new(view, "picker", json_false());
	json_object_set_new(view, "tabs", json_array());
	json_object_set_new(view, "back_href", json_string(arena_printf(
		req_arena(req), "/bao-cao?%s", picker_query(req, &a, a.group))));
	if (!a.errors) {
		char why[160] = "";
		e = dash_build(db, &app->clock, a.unit, a.kind, a.from, a.to, a.group, &rep, why,
			       sizeof(why));
		if (e != E_OK) {
			json_decref(view);
			json_decref(units);
			dash_args_free(&a);
			res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
			return NULL;
		}
		json_t *cur = json_object_get(rep, "current");
		json_t *prev = json_object_get(rep, "previous");
		json_t *ly = json_object_get(rep, "last_year");
		json_object_set_new(view, "table", dash_table_view(req, &a, cur, prev));
		json_t *cmp = json_array();
		json_array_append_new(cmp, compare_line(req, "dash.compare.current", cur, NULL));
		json_array_append_new(cmp, compare_line(req, "dash.compare.previous", prev, cur));
		json_array_append_new(cmp, compare_line(req, "dash.compare.last_year", ly, cur));
		json_object_set_new(view, "compare", cmp);
		json_object_set_new(view, "scope_figures",
				    scope_figures(req, json_object_get(rep, "figures")));
		json_decref(rep);
		const char *q = picker_query(req, &a, a.group);
		json_object_set_new(view, "csv_href", json_string(arena_printf(
			req_arena(req), "/bao-cao/xuat?format=csv&%s", q)));
		json_object_set_new(view, "xlsx_href", json_string(arena_printf(
			req_arena(req), "/bao-cao/xuat?format=xlsx&%s", q)));
		/* compare_csv_href, compare_xlsx_href, figures_csv_href, figures_xlsx_href */
		static const char *const tables[] = { "compare", "figures" };
		static const char *const formats[] = { "csv", "xlsx" };
		for (size_t i = 0; i < 2; i++)
			for (size_t f = 0; f < 2; f++)
				json_object_set_new(view, arena_printf(req_arena(req), "%s_%s_href",
								       tables[i], formats[f]),
						    json_string(arena_printf(
							    req_arena(req),
							    "/bao-cao/xuat?format=%s&table=%s&%s",
							    formats[f], tables[i], q)));
		json_object_set_new(view, "print_href", json_string(arena_printf(
			req_arena(req), "/bao-cao/in?%s", q)));
	}
	if (!print) {
		json_object_set_new(view, "picker", picker_view(req, &a, units));
		json_object_set_new(view, "tabs", tabs_view(req, &a));
	} else {
		char d[11];
		format_dmy(local_day(clock_now(&app->clock)), d);
		json_object_set_new(view, "printed", json_string(d));
		json_object_set_new(view, "print", json_true());
		const struct web_user *u = web_user(req);
		json_object_set_new(view, "signer", json_string(u && u->name ? u->name : ""));
	}
	json_object_set_new(view, "dash_nav", web_report_nav("overview"));
	json_decref(units);
	dash_args_free(&a);
	return view;
}

/* See web.h. GET /bao-cao */
void page_dashboard(struct request *req, struct response *res)
{
	int status = 200;
	json_t *view = dashboard_view(req, res, false, &status);
	if (view)
		web_page(req, res, status, "dash", web_text(req, "dash.title"), view);
}

/* See web.h. GET /bao-cao/in */
void page_dashboard_print(struct request *req, struct response *res)
{
	int status = 200;
	json_t *view = dashboard_view(req, res, true, &status);
	if (view)
		web_page(req, res, status, "dash_print", web_text(req, "dash.print.title"), view);
}
