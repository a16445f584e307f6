/* par_page.c - GET /bao-cao/par: the PAR index of a unit of the account's subtree for a year
 * (pre-filled procedure-reform criteria, entered criteria with evidence), its change from
 * last year and the ranking of its child units; POST /bao-cao/par/nhap enters one criterion
 * (docs/par.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_web.h"
#include "motcua/par.h"
#include "motcua/ranking.h"

/* A refused entry, shown beside its form. */
struct typed {
	const char *criterion, *points, *evidence, *note;
	struct index_refusal why;
};

/* The year of the query or form when valid, else this year. */
static int year_of(struct request *req, const char *given)
{
	long y = given ? strtol(given, NULL, 10) : 0;
	return y >= PAR_YEAR_MIN && y <= PAR_YEAR_MAX ? (int)y : iw_this_year(req);
}

/* The error message of field f of a refused entry at this criterion, or false. */
static json_t *err_at(struct request *req, const struct typed *ty, bool here, const char *f)
{
	if (!here || !ty->why.field)
		return json_false();
	bool known = !strcmp(ty->why.field, "points") || !strcmp(ty->why.field, "evidence") ||
		     !strcmp(ty->why.field, "note");
	if (!strcmp(f, "other") ? known : strcmp(ty->why.field, f))
		return json_false();
	return json_string(web_text(req, ty->why.key));
}

/* One criterion row. */
static json_t *row(struct request *req, json_t *c, const char *unit, int year,
		   const struct typed *ty)
{
	bool en = !strcmp(web_lang(req), "en");
	const char *id = json_string_value(json_object_get(c, "id"));
	const char *source = json_string_value(json_object_get(c, "source"));
	json_t *pts = json_object_get(c, "points"), *ratio = json_object_get(c, "ratio");
	json_t *e = json_object_get(c, "entered");
	bool here = ty && ty->criterion && !strcmp(ty->criterion, id);
	char *css = arena_printf(req_arena(req), "c%s", id);
	for (char *p = css; *p; p++)
		if (*p == '.')
			*p = '-';
	json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "id", id, "name",
			      json_string_value(json_object_get(c, en ? "name_en" : "name")), "max",
			      iw_points(req, json_number_value(json_object_get(c, "max"))), "unit",
			      unit, "css", css, "year", year, "rule",
			      strcmp(source, "entered")
				      ? web_text(req, arena_printf(req_arena(req), "index.par.rule_%s",
								   source))
				      : "");
	json_object_set_new(r, "points", json_is_number(pts)
		? json_string(iw_points(req, json_number_value(pts))) : json_string("—"));
	json_object_set_new(r, "ratio", json_is_number(ratio)
		? json_string(iw_percent(req, json_number_value(ratio))) : json_false());
	json_object_set_new(r, "prefilled", json_boolean(strcmp(source, "entered") != 0));
	if (json_is_object(e)) {
		json_object_set_new(r, "entered", json_pack("{s:s, s:s, s:s, s:s}", "by",
			json_string_value(json_object_get(e, "by")), "at",
			iw_when(req, json_integer_value(json_object_get(e, "at"))), "evidence",
			json_string_value(json_object_get(e, "evidence")), "note",
			json_string_value(json_object_get(e, "note"))));
	} else {
		json_object_set_new(r, "entered", json_false());
	}
	json_object_set_new(r, "v_points", json_string(here && ty->points ? ty->points
		: json_is_object(e) && json_is_number(pts) ? iw_points(req, json_number_value(pts))
		: ""));
	json_object_set_new(r, "v_evidence", json_string(here && ty->evidence ? ty->evidence
		: json_is_object(e) ? json_string_value(json_object_get(e, "evidence")) : ""));
	json_object_set_new(r, "v_note", json_string(here && ty->note ? ty->note
		: json_is_object(e) ? json_string_value(json_object_get(e, "note")) : ""));
	json_object_set_new(r, "error_points", err_at(req, ty, here, "points"));
	json_object_set_new(r, "error_evidence", err_at(req, ty, here, "evidence"));
	json_object_set_new(r, "error_note", err_at(req, ty, here, "note"));
	json_object_set_new(r, "error_other", err_at(req, ty, here, "other"));
	return r;
}

/* Render the PAR of unit u for year; ty (may be NULL) is a refused entry. */
static void render(struct request *req, struct response *res, int status,
		   const struct unit_rec *u, int year, const struct typed *ty)
{
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	json_t *par = NULL, *last = NULL, *rank = NULL;
	if (!db || par_unit_year(db, u->code, u->id, year, &app->clock, &par) != E_OK ||
	    par_unit_year(db, u->code, u->id, year - 1, &app->clock, &last) != E_OK ||
	    index_ranking(db, u->id, NULL, RB_PAR, NULL, year, &app->clock, web_lang(req),
			  &rank) != E_OK) {
		json_decref(par);
		json_decref(last);
		res_error(req, res, 500, NULL);
		return;
	}
	bool en = !strcmp(web_lang(req), "en");
	int fmt = status == 200 ? iw_export_format(req) : -1;
	if (fmt >= 0) {
		static const char *const cols[] = { "index.col.area", "index.col.id",
			"index.col.criterion", "index.col.points", "index.col.max",
			"index.col.source", "index.evidence" };
		json_t *out = json_array();
		size_t k, m;
		json_t *x, *y;
		json_array_foreach(json_object_get(par, "areas"), k, x) {
			json_array_foreach(json_object_get(x, "criteria"), m, y) {
				json_t *e = json_object_get(y, "entered");
				json_array_append_new(out, json_pack("[O, O, O, O, O, s, s]",
					json_object_get(x, en ? "name_en" : "name"),
					json_object_get(y, "id"),
					json_object_get(y, en ? "name_en" : "name"),
					json_object_get(y, "points"), json_object_get(y, "max"),
					json_is_object(e) ? "entered"
						: json_string_value(json_object_get(y, "source")),
					json_is_object(e) ? json_string_value(json_object_get(e,
								"evidence")) : ""));
			}
		}
		json_array_append_new(out, json_pack("[s, n, n, O, f, n, n]",
			web_text(req, "index.par.total"), json_object_get(par, "total"), 100.0));
		json_decref(par);
		json_decref(last);
		json_decref(rank);
		iw_export(req, res, fmt, "PAR", arena_printf(req_arena(req), "par-%s-%d", u->code,
							      year),
			  cols, 7, out, 2);
		return;
	}
	json_t *areas = json_array();
	size_t i, j;
	json_t *a, *c;
	json_array_foreach(json_object_get(par, "areas"), i, a) {
		json_t *rows = json_array();
		json_array_foreach(json_object_get(a, "criteria"), j, c)
			json_array_append_new(rows, row(req, c, u->code, year, ty));
		json_array_append_new(areas, json_pack("{s:s, s:s, s:s, s:o}", "name",
			json_string_value(json_object_get(a, en ? "name_en" : "name")), "max",
			iw_points(req, json_number_value(json_object_get(a, "max"))), "points",
			iw_points(req, json_number_value(json_object_get(a, "points"))), "rows",
			rows));
	}
	double total = json_number_value(json_object_get(par, "total"));
	double before = json_number_value(json_object_get(last, "total"));
	double d = round((total - before) * 100) / 100;
	json_t *data = json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:s, s:s, s:s, s:b}",
		"unit_name", u->name, "unit", u->code, "year", year, "areas", areas, "units",
		iw_unit_options(req, u->code), "years", iw_year_options(req, year), "total",
		iw_points(req, total), "last_total", iw_points(req, before), "change",
		d == 0 ? web_text(req, "index.unchanged")
		       : web_fill(req, web_text(req, d > 0 ? "index.up" : "index.down"), "v",
				  iw_points(req, fabs(d))),
		"empty", json_integer_value(json_object_get(par, "criteria_count")) == 0);
	json_object_set_new(data, "ranking", json_incref(json_object_get(rank, "rows")));
	json_object_set_new(data, "has_ranking",
			    json_boolean(json_array_size(json_object_get(rank, "rows")) > 0));
	json_object_set_new(data, "notice", req_query(req, "da_luu") && status == 200
		? json_string(web_text(req, "index.saved")) : json_false());
	json_object_set_new(data, "export", json_string(arena_printf(req_arena(req),
		"/bao-cao/par?don_vi=%s&nam=%d&xuat=", u->code, year)));
	json_object_set_new(data, "is_admin", json_boolean(web_user(req)->role == ROLE_ADMIN));
	json_decref(par);
	json_decref(last);
	json_decref(rank);
	web_page(req, res, status, "par", web_text(req, "index.par.title"), data);
}

/* See web.h. GET /bao-cao/par?nam=&don_vi= */
void page_par(struct request *req, struct response *res)
{
	struct unit_rec u;
	if (!iw_unit(req, res, req_query(req, "don_vi"), &u))
		return;
	render(req, res, 200, &u, year_of(req, req_query(req, "nam")), NULL);
	unit_rec_free(&u);
}

/* See web.h. POST /bao-cao/par/nhap (don_vi, nam, tieu_chi, diem, minh_chung, ghi_chu) */
void page_par_enter(struct request *req, struct response *res)
{
	struct unit_rec u;
	if (!iw_unit(req, res, req_form(req, "don_vi"), &u))
		return;
	int year = year_of(req, req_form(req, "nam"));
	struct typed ty = { req_form_raw(req, "tieu_chi"), req_form_raw(req, "diem"),
			    req_form_raw(req, "minh_chung"), req_form_raw(req, "ghi_chu"),
			    { NULL, NULL } };
	double v = NAN;
	enum err e;
	const char *ys = req_form(req, "nam");
	long yv = ys ? strtol(ys, NULL, 10) : 0;
	if (yv < PAR_YEAR_MIN || yv > PAR_YEAR_MAX) {
		ty.why.field = "year";
		ty.why.key = "index.err.year";
		e = E_INVALID;
	} else if (!req_form(req, "diem") || !index_parse_number(req_form(req, "diem"), &v)) {
		ty.why.field = "points";
		ty.why.key = "index.err.points";
		e = E_INVALID;
	} else if (!req_form(req, "minh_chung")) {
		ty.why.field = "evidence";
		ty.why.key = "index.err.evidence";
		e = E_INVALID;
	} else if (req_form_raw(req, "ghi_chu") && !req_form(req, "ghi_chu")) {
		ty.why.field = "note";
		ty.why.key = "index.err.note";
		e = E_INVALID;
	} else {
		struct app *app = req_app(req);
		e = par_enter(web_db(req), web_user(req)->id, u.id, u.code, year,
			      req_form(req, "tieu_chi"), v, req_form(req, "minh_chung"),
			      req_form(req, "ghi_chu"), clock_now(&app->clock), &ty.why);
	}
	if (e == E_OK)
		res_redirect(res, 303, arena_printf(req_arena(req),
						    "/bao-cao/par?don_vi=%s&nam=%d&da_luu=1",
						    u.code, year));
	else if (e == E_INVALID)
		render(req, res, 400, &u, year, &ty);
	else
		res_error(req, res, 500, NULL);
	unit_rec_free(&u);
}
