/* risk_atrisk.c - GET /bao-cao/nguy-co: the at-risk list of the leader's unit subtree, the
 * apologies due with a pre-filled Form 04 link, the projection box; and its exports
 * /bao-cao/nguy-co.csv and .xlsx (docs/at-risk.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/atrisk.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/export.h"
#include "motcua/log.h"
#include "risk_web.h"

#define EXPORT_ROWS_MAX 1000000	/* rows of one export at most */

/* "hh:mm dd/mm/yyyy" of t in the arena. */
static const char *when(struct request *req, int64_t t)
{
	char s[17];
	format_hm_dmy(t, s);
	return arena_strdup(req_arena(req), s);
}

/* Working time in a step as "N giờ M phút" / "N h M min" (the request's language). */
static const char *duration_text(struct request *req, int64_t seconds)
{
	int64_t minutes = seconds / 60;
	return web_fill(req, web_fill(req, web_text(req, "risk.hours_minutes"), "h",
				      arena_printf(req_arena(req), "%lld",
						   (long long)(minutes / 60))),
			"m", arena_printf(req_arena(req), "%lld", (long long)(minutes % 60)));
}

/* The step as people read it: "Bước 2: Phê duyệt", or "Chờ phân công" before a hand-over. */
static const char *step_text(struct request *req, json_t *r)
{
	int step = (int)json_integer_value(json_object_get(r, "step"));
	if (step < 0)
		return web_text(req, "risk.step_reception");
	const char *name = json_string_value(json_object_get(r, "step_name"));
	const char *n = arena_printf(req_arena(req), "%d", step + 1);
	const char *s = web_fill(req, web_text(req, "risk.step_n"), "n", n);
	return name ? arena_printf(req_arena(req), "%s: %s", s, name) : s;
}

/* The rows of a domain page as the template shows them. */
static json_t *rows_view(struct request *req, json_t *rows)
{
	json_t *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *code = json_string_value(json_object_get(r, "code"));
		const char *status = json_string_value(json_object_get(r, "status"));
		char key[64], promised[11];
		snprintf(key, sizeof(key), "state.%s", status ? status : "");
		format_dmy(json_integer_value(json_object_get(r, "promised_day")), promised);
		const char *dept = json_string_value(json_object_get(r, "department"));
		const char *who = json_string_value(json_object_get(r, "assignee"));
		int64_t apology = json_integer_value(json_object_get(r, "apology_at"));
		json_t *v = json_pack(
			"{s:s, s:s, s:O, s:O, s:O, s:s, s:s, s:O, s:s, s:s, s:s, s:s, s:s}",
			"code", code, "href", arena_printf(req_arena(req), "/can-bo/ho-so/%s", code),
			"applicant_name", json_object_get(r, "applicant_name"), "procedure",
			json_object_get(r, "procedure"), "unit", json_object_get(r, "unit"),
			"status", status ? status : "", "status_label", web_text(req, key),
			"overdue", json_object_get(r, "overdue"), "due_at",
			when(req, json_integer_value(json_object_get(r, "due_at"))),
			"department", dept && *dept ? dept : "—", "assignee",
			who && *who ? who : "—", "step", step_text(req, r), "in_step",
			duration_text(req, json_integer_value(json_object_get(r, "step_seconds"))));
		json_object_set_new(v, "promised", json_string(promised));
		json_object_set_new(v, "apology_at", apology ? json_string(when(req, apology))
							     : json_false());
		json_object_set_new(v, "slip04", apology ? json_string(arena_printf(
			req_arena(req), "/can-bo/ho-so/%s/phieu/04", code)) : json_false());
		bool may = json_is_true(json_object_get(r, "may_apologise"));
		json_object_set_new(v, "apologise", may ? json_string(arena_printf(
			req_arena(req), "/can-bo/ho-so/%s?ly_do=%s&hen=%s#apologise", code,
			risk_query_escape(req, web_text(req, "risk.apology_reason")), promised))
			: json_false());
		json_array_append_new(out, v);
	}
	return out;
}

/* The N of ?ngay: ATRISK_DAYS_DEFAULT when absent; *bad when given outside 1..10. */
static int days_of(struct request *req, bool *bad)
{
	const char *s = req_query(req, "ngay");
	*bad = false;
	if (!s || !*s)
		return ATRISK_DAYS_DEFAULT;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < ATRISK_DAYS_MIN || v > ATRISK_DAYS_MAX) {
		*bad = true;
		return ATRISK_DAYS_DEFAULT;
	}
	return (int)v;
}

/* The page number (0-based) of query field name. */
static int page_of(struct request *req, const char *name)
{
	const char *p = req_query(req, name);
	int page = p ? atoi(p) - 1 : 0;
	return page < 0 || page > 100000 ? 0 : page;
}

/* See web.h. GET /bao-cao/nguy-co?ngay=N&trang=P&trang_xl=Q */
void page_risk_atrisk(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct engine *e = web_engine(req);
	if (!db || !e) {
		res_error(req, res, 500, NULL);
		return;
	}
	bool bad;
	int days = days_of(req, &bad);
	int page = page_of(req, "trang"), apage = page_of(req, "trang_xl");
	struct actor who = risk_actor(req);
	json_t *list = NULL, *apol = NULL;
	enum err err = atrisk_page(db, engine_calendar(e), &app->clock, &who, days, page, &list);
	if (err == E_OK)
		err = atrisk_apologies(db, engine_calendar(e), &app->clock, &who, apage, &apol);
	if (err != E_OK) {
		json_decref(list);
		res_error(req, res, err == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	json_t *choices = json_array();
	for (int d = ATRISK_DAYS_MIN; d <= ATRISK_DAYS_MAX; d++)
		json_array_append_new(choices, json_pack("{s:i, s:b}", "n", d, "selected",
							 d == days));
	char end[11];
	format_dmy(local_day(json_integer_value(json_object_get(list, "window_end")) - 1), end);
	struct arena *a = req_arena(req);
	json_t *view = json_pack("{s:o, s:i, s:s, s:O, s:O, s:o, s:O, s:b, s:b}",
				 "choices", choices, "days", days, "window_end", end,
				 "total", json_object_get(list, "total"),
				 "overdue", json_object_get(list, "overdue"),
				 "rows", rows_view(req, json_object_get(list, "rows")),
				 "apology_total", json_object_get(apol, "total"),
				 "empty", json_array_size(json_object_get(list, "rows")) == 0,
				 "apology_empty", json_array_size(json_object_get(apol, "rows")) == 0);
	json_object_set_new(view, "apologies", rows_view(req, json_object_get(apol, "rows")));
	json_object_set_new(view, "bad_days", bad ? json_string(web_text(req, "risk.bad_days"))
						  : json_false());
	json_object_set_new(view, "csv", json_string(arena_printf(a, "/bao-cao/nguy-co.csv?ngay=%d",
								  days)));
	json_object_set_new(view, "xlsx", json_string(arena_printf(
		a, "/bao-cao/nguy-co.xlsx?ngay=%d", days)));
	json_object_set_new(view, "prev", page > 0 ? json_string(arena_printf(
		a, "/bao-cao/nguy-co?ngay=%d&trang=%d", days, page)) : json_false());
	json_object_set_new(view, "next", json_is_true(json_object_get(list, "more"))
		? json_string(arena_printf(a, "/bao-cao/nguy-co?ngay=%d&trang=%d", days, page + 2))
		: json_false());
	json_object_set_new(view, "apology_prev", apage > 0 ? json_string(arena_printf(
		a, "/bao-cao/nguy-co?ngay=%d&trang_xl=%d", days, apage)) : json_false());
	json_object_set_new(view, "apology_next", json_is_true(json_object_get(apol, "more"))
		? json_string(arena_printf(a, "/bao-cao/nguy-co?ngay=%d&trang_xl=%d", days,
					   apage + 2))
		: json_false());
	json_decref(list);
	json_decref(apol);
	int year = risk_year(req);
	json_t *proj = web_risk_projection(req, days_from_civil(year, 1, 1),
					   days_from_civil(year, 12, 31));
	json_object_set_new(view, "risk_projection", proj ? proj : json_false());
	json_object_set_new(view, "dash_nav", web_report_nav("risk"));
	web_page(req, res, bad ? 400 : 200, "risk_atrisk", web_text(req, "risk.atrisk_title"),
		 view);
}

/* step_text into out (n bytes) without the arena: an export writes it for every row. */
static const char *step_text_buf(struct request *req, json_t *r, char *out, size_t n)
{
	int step = (int)json_integer_value(json_object_get(r, "step"));
	if (step < 0)
		return web_text(req, "risk.step_reception");
	const char *tpl = web_text(req, "risk.step_n"), *at = strstr(tpl, "{n}");
	const char *name = json_string_value(json_object_get(r, "step_name"));
	if (at)
		snprintf(out, n, "%.*s%d%s%s%s", (int)(at - tpl), tpl, step + 1, at + 3,
			 name ? ": " : "", name ? name : "");
	else
		snprintf(out, n, "%s%s%s", tpl, name ? ": " : "", name ? name : "");
	return out;
}

struct export_ctx {
	struct request *req;
	struct export *x;
	enum err e;
	int64_t rows;
};

/* atrisk_each callback: one row into the export; stops on an error or past the cap. */
static int export_row(void *p, json_t *r)
{
	struct export_ctx *c = p;
	struct request *req = c->req;
	if (++c->rows > EXPORT_ROWS_MAX) {
		c->e = E_LIMIT;
		return 1;
	}
	char key[64];
	snprintf(key, sizeof(key), "state.%s", json_string_value(json_object_get(r, "status")));
	int64_t secs = json_integer_value(json_object_get(r, "step_seconds"));
	char due[17], step[320];
	format_hm_dmy(json_integer_value(json_object_get(r, "due_at")), due);
	/* nothing per row in the request's arena: memory stays flat however many rows */
	const char *texts[] = {
		json_string_value(json_object_get(r, "code")),
		json_string_value(json_object_get(r, "applicant_name")),
		json_string_value(json_object_get(r, "procedure")),
		json_string_value(json_object_get(r, "unit")),
		web_text(req, key),
		due,
		web_text(req, json_is_true(json_object_get(r, "overdue")) ? "risk.yes" : "risk.no"),
		json_string_value(json_object_get(r, "department")),
		json_string_value(json_object_get(r, "assignee")),
		step_text_buf(req, r, step, sizeof(step)),
	};
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]) && c->e == E_OK; k++)
		c->e = export_text(c->x, texts[k]);
	if (c->e == E_OK)
		c->e = export_real(c->x, (double)secs / 3600.0, 2);
	if (c->e == E_OK)
		c->e = export_end_row(c->x);
	return c->e != E_OK;
}

/* GET /bao-cao/nguy-co.csv|.xlsx?ngay=N: every row of the list (not only one page), streamed
 * from one statement into the export file. */
static void send_export(struct request *req, struct response *res, enum export_format f)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct engine *eng = web_engine(req);
	if (!db || !eng) {
		res_error(req, res, 500, NULL);
		return;
	}
	bool bad;
	int days = days_of(req, &bad);
	if (bad) {
		res_error(req, res, 400, web_text(req, "risk.bad_days"));
		return;
	}
	struct actor who = risk_actor(req);
	struct export *x = NULL;
	const char *tmp = arena_printf(req_arena(req), "%s/tmp", app->files_dir);
	enum err e = export_open(f, tmp, web_text(req, "risk.atrisk_title"), &x);
	const char *cols[] = { web_text(req, "work.col.code"), web_text(req, "work.col.applicant"),
			       web_text(req, "work.col.procedure"), web_text(req, "work.col.unit"),
			       web_text(req, "work.col.status"), web_text(req, "work.col.due"),
			       web_text(req, "risk.col.overdue"), web_text(req, "risk.col.department"),
			       web_text(req, "risk.col.assignee"), web_text(req, "risk.col.step"),
			       web_text(req, "risk.col.hours_in_step") };
	if (e == E_OK)
		e = export_columns(x, cols, (int)(sizeof(cols) / sizeof(cols[0])));
	struct clock clk = { clock_now(&app->clock) };
	if (e == E_OK) {
		struct export_ctx ctx = { req, x, E_OK, 0 };
		e = atrisk_each(db, engine_calendar(eng), &clk, &who, days, export_row, &ctx);
		if (e == E_OK)
			e = ctx.e;
	}
	int fd = -1;
	uint64_t size = 0;
	if (e == E_OK) {
		e = export_finish(x, &fd, &size);
		x = NULL;
	}
	if (e != E_OK) {
		export_abort(x);
		log_error("risk: export failed: %s", err_name(e));
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	char day[11];
	format_ymd(local_day(clk.fixed), day);
	res_file(res, fd, size);
	res_type(res, export_content_type(f));
	res_header(res, "Content-Disposition",
		   arena_printf(req_arena(req), "attachment; filename=\"nguy-co-%s.%s\"", day,
				export_extension(f)));
	res_header(res, "Cache-Control", "private, no-store");
}

/* See web.h. */
void page_risk_atrisk_csv(struct request *req, struct response *res)
{
	send_export(req, res, EXPORT_CSV);
}

/* See web.h. */
void page_risk_atrisk_xlsx(struct request *req, struct response *res)
{
	send_export(req, res, EXPORT_XLSX);
}
