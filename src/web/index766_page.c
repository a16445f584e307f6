/* index766_page.c - GET /bao-cao/766: the Decision 766 index of a unit of the account's
 * subtree for a month, quarter or year, by group, with the entered indicators' forms;
 * POST /bao-cao/766/nhap saves one entered indicator (docs/index766.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_web.h"
#include "motcua/index766.h"
#include "motcua/report.h"

/* What the entry form sent back when it was refused. */
struct typed {
	const char *indicator, *value, *note;
	struct index_refusal why;
};

/* The period key of the query or form (a valid key), else the current month. */
static const char *period_of(struct request *req, const char *given)
{
	int64_t f, t;
	return given && index_period_days(given, &f, &t) ? given : iw_this_month(req);
}

/* One indicator row of the page. */
static json_t *row(struct request *req, json_t *ind, const char *unit, const char *period,
		   const struct typed *ty)
{
	const char *id = json_string_value(json_object_get(ind, "id"));
	bool en = !strcmp(web_lang(req), "en");
	const char *kind = json_string_value(json_object_get(ind, "kind"));
	json_t *num = json_object_get(ind, "numerator"), *den = json_object_get(ind, "denominator");
	json_t *ratio = json_object_get(ind, "ratio"), *pts = json_object_get(ind, "points");
	json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name",
			      json_string_value(json_object_get(ind, en ? "name_en" : "name")),
			      "max", iw_points(req, json_number_value(json_object_get(ind, "max"))),
			      "threshold",
			      iw_percent(req, json_number_value(json_object_get(ind, "threshold"))));
	json_object_set_new(r, "num", json_is_number(num) && json_is_number(den)
		? json_sprintf("%.0f", json_number_value(num)) : json_string("—"));
	json_object_set_new(r, "den", json_is_number(num) && json_is_number(den)
		? json_sprintf("%.0f", json_number_value(den)) : json_string("—"));
	json_object_set_new(r, "ratio", json_is_number(ratio)
		? json_string(iw_percent(req, json_number_value(ratio))) : json_string("—"));
	json_object_set_new(r, "points", json_is_number(pts)
		? json_string(iw_points(req, json_number_value(pts))) : json_string("—"));
	json_object_set_new(r, "estimate", json_boolean(json_is_true(json_object_get(ind,
										 "estimate"))));
	bool unavailable = !strcmp(kind, "unavailable");
	bool entered = !strcmp(kind, "entered");
	json_object_set_new(r, "unavailable", json_boolean(unavailable));
	json_object_set_new(r, "computed", json_boolean(!unavailable && !entered));
	json_t *e = json_object_get(ind, "entered");
	json_object_set_new(r, "form", json_false());
	json_object_set_new(r, "missing", json_boolean(entered && !json_is_object(e)));
	json_object_set_new(r, "note_link", json_false());
	if (entered) {
		bool here = ty && ty->indicator && !strcmp(ty->indicator, id);
		const char *f = here ? ty->why.field : NULL;
		json_t *form = json_pack("{s:s, s:s, s:s, s:s}", "unit", unit, "period", period,
					 "value", here && ty->value ? ty->value
					 : json_is_number(ratio)
					 ? iw_points(req, json_number_value(ratio) * 100) : "",
					 "note", here && ty->note ? ty->note
					 : json_is_object(e)
					 ? json_string_value(json_object_get(e, "note")) : "");
		char *css = arena_printf(req_arena(req), "i%s", id);
		for (char *c = css; *c; c++)
			if (*c == '.')
				*c = '-';
		json_object_set_new(form, "id_css", json_string(css));
		json_object_set_new(form, "error_value", f && !strcmp(f, "value")
			? json_string(web_text(req, ty->why.key)) : json_false());
		json_object_set_new(form, "error_note", f && !strcmp(f, "note")
			? json_string(web_text(req, ty->why.key)) : json_false());
		json_object_set_new(form, "error_other", f && strcmp(f, "value") && strcmp(f, "note")
			? json_string(web_text(req, ty->why.key)) : json_false());
		json_object_set_new(r, "form", form);
	}
	if (json_is_object(e)) {
		const char *note = json_string_value(json_object_get(e, "note"));
		json_object_set_new(r, "entered", json_pack("{s:s, s:s, s:s}", "by",
			json_string_value(json_object_get(e, "by")), "at",
			iw_when(req, json_integer_value(json_object_get(e, "at"))), "note", note));
		json_object_set_new(r, "note_link", json_boolean(!strncmp(note, "https://", 8) ||
								 !strncmp(note, "http://", 7)));
	} else {
		json_object_set_new(r, "entered", json_false());
	}
	return r;
}

/* Render the page for unit u and period; ty (may be NULL) is a refused entry. */
static void render(struct request *req, struct response *res, int status,
		   const struct unit_rec *u, const char *period, const struct typed *ty)
{
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	struct report_params p = { .unit = u->code, .group = GROUP_UNIT, .clk = &app->clock };
	index_period_days(period, &p.from, &p.to);
	json_t *rep = NULL;
	if (!db || report_index766(db, &p, &rep, NULL, 0) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	bool en = !strcmp(web_lang(req), "en");
	int fmt = status == 200 ? iw_export_format(req) : -1;
	if (fmt >= 0) {
		static const char *const cols[] = { "index.col.group", "index.col.id",
			"index.col.indicator", "index.col.num", "index.col.den", "index.col.ratio",
			"index.col.threshold", "index.col.points", "index.col.max", "index.col.kind" };
		json_t *rows = json_array();
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(rep, "indicators"), k, x)
			json_array_append_new(rows, json_pack("[O, O, O, O, O, O, O, O, O, O]",
				json_object_get(x, "group"), json_object_get(x, "id"),
				json_object_get(x, en ? "name_en" : "name"),
				json_object_get(x, "numerator"), json_object_get(x, "denominator"),
				json_object_get(x, "ratio"), json_object_get(x, "threshold"),
				json_object_get(x, "points"), json_object_get(x, "max"),
				json_object_get(x, "kind")));
		json_array_append_new(rows, json_pack("[s, n, s, n, n, n, n, O, O, n]", "",
			web_text(req, "index.t766.total"), json_object_get(rep, "total_points"),
			json_object_get(rep, "max_points")));
		json_decref(rep);
		iw_export(req, res, fmt, "766", arena_printf(req_arena(req), "chi-so-766-%s-%s",
							      u->code, period),
			  cols, 10, rows, 4);
		return;
	}
	json_t *groups = json_array();
	size_t i, j;
	json_t *g, *ind;
	json_array_foreach(json_object_get(rep, "groups"), i, g) {
		const char *gid = json_string_value(json_object_get(g, "id"));
		json_t *rows = json_array();
		json_array_foreach(json_object_get(rep, "indicators"), j, ind)
			if (!strcmp(json_string_value(json_object_get(ind, "group")), gid))
				json_array_append_new(rows, row(req, ind, u->code, period, ty));
		json_array_append_new(groups, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "id", gid,
			"name", json_string_value(json_object_get(g, en ? "name_en" : "name")),
			"max", iw_points(req, json_number_value(json_object_get(g, "max"))),
			"max_available",
			iw_points(req, json_number_value(json_object_get(g, "max_available"))),
			"points", iw_points(req, json_number_value(json_object_get(g, "points"))),
			"rows", rows));
	}
	const char *saved = req_query(req, "da_luu");
	json_t *data = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:I}",
		"unit_name", u->name, "unit", u->code, "period_label",
		iw_period_label(req, period), "groups", groups, "units",
		iw_unit_options(req, u->code), "periods", iw_period_options(req, period), "total",
		iw_points(req, json_number_value(json_object_get(rep, "total_points"))), "max",
		iw_points(req, json_number_value(json_object_get(rep, "max_points"))), "config_max",
		iw_points(req, json_number_value(json_object_get(rep, "config_max"))), "missing",
		json_integer_value(json_object_get(rep, "entered_missing")));
	json_object_set_new(data, "notice", saved && status == 200
		? json_string(web_text(req, "index.saved")) : json_false());
	json_object_set_new(data, "has_error", json_boolean(ty != NULL));
	json_object_set_new(data, "has_missing",
			    json_boolean(json_integer_value(json_object_get(rep, "entered_missing")) > 0));
	json_object_set_new(data, "period", json_string(period));
	json_object_set_new(data, "export", json_string(arena_printf(req_arena(req),
		"/bao-cao/766?don_vi=%s&ky=%s&xuat=", u->code, period)));
	json_decref(rep);
	web_page(req, res, status, "index766", web_text(req, "index.t766.title"), data);
}

/* See web.h. GET /bao-cao/766?ky=&don_vi= */
void page_index766(struct request *req, struct response *res)
{
	struct unit_rec u;
	if (!iw_unit(req, res, req_query(req, "don_vi"), &u))
		return;
	render(req, res, 200, &u, period_of(req, req_query(req, "ky")), NULL);
	unit_rec_free(&u);
}

/* See web.h. POST /bao-cao/766/nhap (don_vi, ky, chi_so, gia_tri, ghi_chu) */
void page_index766_enter(struct request *req, struct response *res)
{
	struct unit_rec u;
	if (!iw_unit(req, res, req_form(req, "don_vi"), &u))
		return;
	const char *period = req_form(req, "ky");
	struct typed ty = { req_form_raw(req, "chi_so"), req_form_raw(req, "gia_tri"),
			    req_form_raw(req, "ghi_chu"), { NULL, NULL } };
	int64_t f, t;
	double v = NAN;
	enum err e;
	if (!period || !index_period_days(period, &f, &t)) {
		ty.why.field = "period";
		ty.why.key = "index.err.period";
		e = E_INVALID;
		period = NULL;
	} else if (!req_form(req, "gia_tri") || !index_parse_number(req_form(req, "gia_tri"), &v)) {
		ty.why.field = "value";
		ty.why.key = "index.err.value";
		e = E_INVALID;
	} else if (req_form_raw(req, "ghi_chu") && !req_form(req, "ghi_chu")) {
		ty.why.field = "note";
		ty.why.key = "index.err.note";
		e = E_INVALID;
	} else {
		struct app *app = req_app(req);
		e = index766_enter(web_db(req), web_user(req)->id, u.id, u.code, period,
				   req_form(req, "chi_so"), v, req_form(req, "ghi_chu"),
				   clock_now(&app->clock), &ty.why);
	}
	if (e == E_OK) {
		res_redirect(res, 303, arena_printf(req_arena(req),
						    "/bao-cao/766?don_vi=%s&ky=%s&da_luu=1",
						    u.code, period));
	} else if (e == E_INVALID) {
		render(req, res, 400, &u, period_of(req, period), &ty);
	} else {
		res_error(req, res, 500, NULL);
	}
	unit_rec_free(&u);
}
