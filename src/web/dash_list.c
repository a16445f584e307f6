/* dash_list.c - GET /bao-cao/danh-sach?figure=..&from=..&to=..&unit=..&group=..&key=..&page=N:
 * the dossiers behind one figure of the dashboard (of the total or of one row), a page at a
 * time, streamed from the report engine (report_list_each) so that page 3 of a million-row
 * list holds 50 rows in memory (docs/dashboard.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "dash_view.h"

/* What the callback fills: the count and the rows of the asked page. */
struct list_page {
	struct request *req;
	int64_t seen, first, last;	/* rows [first, last) are kept */
	json_t *rows;
};

/* "hh:mm dd/mm/yyyy" of t, or "" for 0, in the arena. */
static const char *when(struct request *req, int64_t t)
{
	if (!t)
		return "";
	char s[17];
	format_hm_dmy(t, s);
	return arena_printf(req_arena(req), "%s", s);
}

/* The outcome in the request's language ("" when not finished). */
static const char *outcome_label(struct request *req, const char *o)
{
	if (!o || !*o)
		return "";
	char k[48];
	snprintf(k, sizeof(k), "dash.outcome.%s", o);
	return web_text(req, k);
}

/* Count every dossier; keep those of the page. */
static bool keep(void *ctx, const struct report_item *it)
{
	struct list_page *p = ctx;
	if (p->seen >= p->first && p->seen < p->last) {
		struct request *req = p->req;
		json_array_append_new(p->rows, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", it->code, "href",
			arena_printf(req_arena(req), "/can-bo/ho-so/%s", it->code), "applicant",
			it->applicant_name, "procedure", it->procedure_name, "unit", it->unit_name,
			"received", when(req, it->received_at), "due", when(req, it->due_at),
			"finished", when(req, it->finished_at), "outcome",
			outcome_label(req, it->outcome)));
	}
	p->seen++;
	return true;
}

/* See dash_view.h. */
const char *dash_list_title(struct request *req, enum figure f)
{
	char k[48];
	snprintf(k, sizeof(k), "dash.fig.%s", figure_name(f));
	return web_text(req, k);
}

/* See web.h. */
void page_dashboard_list(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	struct dash_args a;
	memset(&a, 0, sizeof(a));
	enum err e = db ? dash_args_read(req, db, &a) : E_DB;
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	int f = figure_parse(req_query(req, "figure"));
	if (f < 0 || a.errors || req_field_reason(req, "key") || req_field_reason(req, "page")) {
		dash_args_free(&a);
		res_error(req, res, 400, web_text(req, "dash.err.list"));
		return;
	}
	const char *key = req_query(req, "key");
	if (key && !*key)
		key = NULL;
	const char *ps = req_query(req, "page");
	long page = ps ? strtol(ps, NULL, 10) : 1;
	if (page < 1 || page > 1000000)
		page = 1;
	struct list_page lp = { req, 0, (page - 1) * DASH_LIST_PAGE, page * DASH_LIST_PAGE,
				json_array() };
	struct report_params p = { .from = a.from, .to = a.to, .as_of = 0, .unit = a.unit,
				   .group = a.group, .clk = &app->clock };
	char why[160] = "";
	e = report_list_each(db, &p, (enum figure)f, key, keep, &lp, why, sizeof(why));
	if (e != E_OK) {
		json_decref(lp.rows);
		dash_args_free(&a);
		res_error(req, res, e == E_NOTFOUND ? 404 : e == E_INVALID ? 400 : 500, NULL);
		return;
	}
	const char *q = arena_printf(req_arena(req), "figure=%s&%s%s%s", figure_name(f),
				     dash_query_of(req, &a), key ? "&key=" : "",
				     key ? dash_encode(req, key) : "");
	json_t *view = json_object();
	json_object_set_new(view, "figure_label", json_string(dash_list_title(req, f)));
	json_object_set_new(view, "unit_code", json_string(a.unit));
	json_object_set_new(view, "key", key ? json_string(key) : json_false());
	char gk[48];
	snprintf(gk, sizeof(gk), "dash.group.%s", report_group_name(a.group));
	json_object_set_new(view, "group_label", json_string(web_text(req, gk)));
	json_object_set_new(view, "period", json_string(dash_period_text(req, a.from, a.to)));
	json_object_set_new(view, "count", json_string(dash_count(req, lp.seen)));
	json_object_set_new(view, "count_value", json_integer(lp.seen));
	json_object_set_new(view, "rows", lp.rows);
	json_object_set_new(view, "empty", json_boolean(lp.seen == 0));
	json_object_set_new(view, "page", json_integer(page));
	json_object_set_new(view, "prev", page > 1 ? json_string(arena_printf(
		req_arena(req), "/bao-cao/danh-sach?%s&page=%ld", q, page - 1)) : json_false());
	json_object_set_new(view, "next", lp.seen > lp.last ? json_string(arena_printf(
		req_arena(req), "/bao-cao/danh-sach?%s&page=%ld", q, page + 1)) : json_false());
	json_object_set_new(view, "csv_href", json_string(arena_printf(
		req_arena(req), "/bao-cao/danh-sach/xuat?format=csv&%s", q)));
	json_object_set_new(view, "xlsx_href", json_string(arena_printf(
		req_arena(req), "/bao-cao/danh-sach/xuat?format=xlsx&%s", q)));
	json_object_set_new(view, "back_href", json_string(arena_printf(
		req_arena(req), "/bao-cao?period=custom&%s", dash_query_of(req, &a))));
	json_object_set_new(view, "dash_nav", web_report_nav("overview"));
	dash_args_free(&a);
	web_page(req, res, 200, "dash_list", dash_list_title(req, f), view);
}
