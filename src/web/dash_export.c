/* dash_export.c - GET /bao-cao/xuat (the dashboard's table) and GET /bao-cao/danh-sach/xuat
 * (a drill-down list, whole) as CSV or XLSX through export.h: written row by row into an
 * unlinked temporary file and sent with res_file, so memory never grows with the rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/export.h"
#include "dash_view.h"

/* The export's temporary folder (the file store's tmp/), in the arena. */
static const char *tmp_dir(struct request *req)
{
	struct app *app = req_app(req);
	return arena_printf(req_arena(req), "%s/tmp", app->files_dir ? app->files_dir : "/tmp");
}

/* Send a finished export as a download named base.<ext>. */
static void send(struct request *req, struct response *res, struct export *x,
		 enum export_format fmt, const char *base)
{
	int fd = -1;
	uint64_t size = 0;
	if (export_finish(x, &fd, &size) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	res_status(res, 200);
	res_type(res, export_content_type(fmt));
	res_header(res, "Content-Disposition",
		   arena_printf(req_arena(req), "attachment; filename=\"%s.%s\"", base,
				export_extension(fmt)));
	res_header(res, "Cache-Control", "no-store");
	res_file(res, fd, size);
}

/* A rate or number member of o as a cell (empty for null). */
static enum err real_cell(struct export *x, json_t *o, const char *k, int decimals)
{
	json_t *v = json_object_get(o, k);
	return json_is_number(v) ? export_real(x, json_number_value(v), decimals)
				 : export_empty(x);
}

/* One report row (key NULL: the total). */
static enum err report_row(struct export *x, json_t *r, const char *key, const char *name)
{
	enum err e = export_text(x, key);
	if (e == E_OK)
		e = export_text(x, name);
	for (int i = 0; e == E_OK && i < FIG__MAX; i++)
		e = export_int(x, json_integer_value(json_object_get(r, figure_name((enum figure)i))));
	if (e == E_OK)
		e = real_cell(x, r, "on_time_rate", 4);
	if (e == E_OK)
		e = real_cell(x, r, "progress_766", 4);
	if (e == E_OK)
		e = real_cell(x, r, "score_2_1", 2);
	if (e == E_OK)
		e = real_cell(x, r, "avg_processing_days", 2);
	return e == E_OK ? export_end_row(x) : e;
}

/* The file name base of a report: bao-cao-<unit>-<from>-<to> (ASCII). */
static const char *base_name(struct request *req, const char *what, const struct dash_args *a)
{
	char f[11], t[11];
	format_ymd(a->from, f);
	format_ymd(a->to, t);
	char unit[64];
	snprintf(unit, sizeof(unit), "%s", a->unit);
	for (char *p = unit; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '.'))
			*p = '-';
	return arena_printf(req_arena(req), "%s-%s-%s-%s", what, unit, f, t);
}

/* The report table: header, one row per key, the total. */
static enum err write_report(struct request *req, struct export *x, json_t *r)
{
	json_t *cols = dash_columns(req);
	const char *names[FIG__MAX + 6];
	names[0] = web_text(req, "dash.col.key");
	size_t i;
	json_t *c;
	json_array_foreach(cols, i, c)
		names[i + 1] = json_string_value(json_object_get(c, "label"));
	enum err e = export_columns(x, names, (int)json_array_size(cols) + 1);
	json_decref(cols);
	json_array_foreach(json_object_get(r, "rows"), i, c) {
		if (e != E_OK)
			break;
		e = report_row(x, c, json_string_value(json_object_get(c, "key")),
			       json_string_value(json_object_get(c, "name")));
	}
	if (e == E_OK)
		e = report_row(x, json_object_get(r, "total"), NULL, web_text(req, "dash.total"));
	return e;
}

/* The comparison table: this period, the previous one, the same period last year. */
static enum err write_compare(struct request *req, struct export *x, json_t *dash)
{
	static const char *const heads[] = { "dash.compare.col_period", "dash.from", "dash.to",
					     "dash.fig.received", "dash.compare.col_finished",
					     "dash.col.on_time_rate", "dash.col.progress_766",
					     "dash.col.score_2_1" };
	const char *names[8];
	for (int i = 0; i < 8; i++)
		names[i] = web_text(req, heads[i]);
	enum err e = export_columns(x, names, 8);
	static const char *const which[][2] = { { "current", "dash.compare.current" },
						{ "previous", "dash.compare.previous" },
						{ "last_year", "dash.compare.last_year" } };
	for (int i = 0; e == E_OK && i < 3; i++) {
		json_t *rep = json_object_get(dash, which[i][0]);
		json_t *t = json_object_get(rep, "total");
		int64_t from = 0, to = 0;
		parse_ymd(json_string_value(json_object_get(rep, "from")), &from);
		parse_ymd(json_string_value(json_object_get(rep, "to")), &to);
		char f[11], tt[11];
		format_dmy(from, f);
		format_dmy(to, tt);
		int64_t fin = json_integer_value(json_object_get(t, "finished_early")) +
			      json_integer_value(json_object_get(t, "finished_on_time")) +
			      json_integer_value(json_object_get(t, "finished_late"));
		e = export_text(x, web_text(req, which[i][1]));
		if (e == E_OK)
			e = export_text(x, f);
		if (e == E_OK)
			e = export_text(x, tt);
		if (e == E_OK)
			e = export_int(x, json_integer_value(json_object_get(t, "received")));
		if (e == E_OK)
			e = export_int(x, fin);
		if (e == E_OK)
			e = real_cell(x, t, "on_time_rate", 4);
		if (e == E_OK)
			e = real_cell(x, t, "progress_766", 4);
		if (e == E_OK)
			e = real_cell(x, t, "score_2_1", 2);
		if (e == E_OK)
			e = export_end_row(x);
	}
	return e;
}

/* The per-scope figures: label, count, share (of received, or of fee-bearing dossiers). */
static enum err write_figures(struct request *req, struct export *x, json_t *fig)
{
	const char *names[3] = { web_text(req, "dash.scope.col_figure"),
				 web_text(req, "dash.scope.col_count"),
				 web_text(req, "dash.scope.col_share") };
	enum err e = export_columns(x, names, 3);
	int64_t recv = json_integer_value(json_object_get(fig, "received"));
	int64_t fee = json_integer_value(json_object_get(fig, "received_fee"));
	static const struct {
		const char *label, *key;
		int of;		/* 0 none, 1 received, 2 fee-bearing */
	} rows[] = {
		{ "dash.fig.received", "received", 0 },
		{ "dash.scope.online", "received_online", 1 },
		{ "dash.scope.post", "received_post", 1 },
		{ "dash.scope.apologies", "apologies", 0 },
		{ "dash.scope.supplements", "supplement_requests", 0 },
		{ "dash.scope.very_satisfied", "rating_very_satisfied", 0 },
		{ "dash.scope.satisfied", "rating_satisfied", 0 },
		{ "dash.scope.dissatisfied", "rating_dissatisfied", 0 },
		{ "dash.scope.fee", "received_fee", 0 },
		{ "dash.scope.paid_online", "paid_online", 2 },
	};
	for (size_t i = 0; e == E_OK && i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t n = json_integer_value(json_object_get(fig, rows[i].key));
		int64_t of = rows[i].of == 1 ? recv : rows[i].of == 2 ? fee : 0;
		e = export_text(x, web_text(req, rows[i].label));
		if (e == E_OK)
			e = export_int(x, n);
		if (e == E_OK)
			/* Rounded as the report's rates are, so CSV and XLSX hold the same. */
			e = of ? export_real(x, round((double)n / (double)of * 10000.0) / 10000.0, 4)
			       : export_empty(x);
		if (e == E_OK)
			e = export_end_row(x);
	}
	return e;
}

/* See web.h. ?table=report (default) | compare | figures */
void page_dashboard_export(struct request *req, struct response *res)
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
	int fmt = export_format_parse(req_query(req, "format"));
	const char *table = req_query(req, "table");
	if (!table || !*table)
		table = "report";
	if (fmt < 0 || a.errors || req_field_reason(req, "table")) {
		dash_args_free(&a);
		res_error(req, res, 400, web_text(req, "dash.err.export"));
		return;
	}
	json_t *dash = NULL;
	char why[160] = "";
	e = dash_build(db, &app->clock, a.unit, a.kind, a.from, a.to, a.group, &dash, why,
		       sizeof(why));
	struct export *x = NULL;
	char sheet[48];
	snprintf(sheet, sizeof(sheet), "dash.sheet.%s", table);
	if (e == E_OK)
		e = export_open((enum export_format)fmt, tmp_dir(req), web_text(req, sheet), &x);
	if (e == E_OK)
		e = !strcmp(table, "compare") ? write_compare(req, x, dash)
		    : !strcmp(table, "figures")
			? write_figures(req, x, json_object_get(dash, "figures"))
			: write_report(req, x, json_object_get(dash, "current"));
	json_decref(dash);
	if (e != E_OK) {
		export_abort(x);
		dash_args_free(&a);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	const char *base = !strcmp(table, "compare") ? "so-sanh"
			   : !strcmp(table, "figures") ? "so-lieu-khac" : "bao-cao";
	send(req, res, x, (enum export_format)fmt, base_name(req, base, &a));
	dash_args_free(&a);
}

/* What the list export's callback writes to. */
struct list_out {
	struct export *x;
	struct request *req;
	enum err e;
};

/* "hh:mm dd/mm/yyyy" of t or an empty cell. */
static enum err when_cell(struct export *x, int64_t t)
{
	if (!t)
		return export_empty(x);
	char s[17];
	format_hm_dmy(t, s);
	return export_text(x, s);
}

/* One dossier as one row. */
static bool list_row(void *ctx, const struct report_item *it)
{
	struct list_out *o = ctx;
	struct export *x = o->x;
	char k[48];
	snprintf(k, sizeof(k), "dash.outcome.%s", it->outcome);
	enum err e = export_text(x, it->code);
	if (e == E_OK)
		e = export_text(x, it->applicant_name);
	if (e == E_OK)
		e = export_text(x, it->procedure_name);
	if (e == E_OK)
		e = export_text(x, it->unit_name);
	if (e == E_OK)
		e = when_cell(x, it->received_at);
	if (e == E_OK)
		e = when_cell(x, it->due_at);
	if (e == E_OK)
		e = when_cell(x, it->finished_at);
	if (e == E_OK)
		e = export_text(x, *it->outcome ? web_text(o->req, k) : NULL);
	if (e == E_OK)
		e = export_end_row(x);
	o->e = e;
	return e == E_OK;
}

/* See web.h. */
void page_dashboard_list_export(struct request *req, struct response *res)
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
	int fmt = export_format_parse(req_query(req, "format"));
	if (f < 0 || fmt < 0 || a.errors || req_field_reason(req, "key")) {
		dash_args_free(&a);
		res_error(req, res, 400, web_text(req, "dash.err.export"));
		return;
	}
	const char *key = req_query(req, "key");
	if (key && !*key)
		key = NULL;
	struct export *x = NULL;
	e = export_open((enum export_format)fmt, tmp_dir(req), dash_list_title(req, f), &x);
	if (e == E_OK) {
		static const char *const heads[] = { "dash.list.code", "dash.list.applicant",
						     "dash.list.procedure", "dash.list.unit",
						     "dash.list.received", "dash.list.due",
						     "dash.list.finished", "dash.list.outcome" };
		const char *names[8];
		for (int i = 0; i < 8; i++)
			names[i] = web_text(req, heads[i]);
		e = export_columns(x, names, 8);
	}
	if (e == E_OK) {
		struct list_out o = { x, req, E_OK };
		struct report_params p = { .from = a.from, .to = a.to, .as_of = 0, .unit = a.unit,
					   .group = a.group, .clk = &app->clock };
		char why[160] = "";
		e = report_list_each(db, &p, (enum figure)f, key, list_row, &o, why, sizeof(why));
		if (e == E_OK)
			e = o.e;
	}
	if (e != E_OK) {
		export_abort(x);
		dash_args_free(&a);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	send(req, res, x, (enum export_format)fmt,
	     base_name(req, arena_printf(req_arena(req), "danh-sach-%s", figure_name(f)), &a));
	dash_args_free(&a);
}
