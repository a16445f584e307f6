/* ranking_page.c - GET /bao-cao/xep-hang: the child units of one level of a unit of the
 * account's subtree, ranked by on-time rate, 766 score (a period against the one before) or
 * PAR total (a year against the one before) (docs/index766.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_web.h"
#include "motcua/index766.h"
#include "motcua/par.h"
#include "motcua/ranking.h"

/* See web.h. GET /bao-cao/xep-hang?don_vi=&cap=&theo=&ky=&nam= */
void page_ranking(struct request *req, struct response *res)
{
	struct unit_rec u;
	if (!iw_unit(req, res, req_query(req, "don_vi"), &u))
		return;
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	int by = rank_by_parse(req_query(req, "theo"));
	if (by < 0)
		by = RB_ONTIME;
	const char *period = req_query(req, "ky");
	int64_t f, t;
	if (!period || !index_period_days(period, &f, &t))
		period = iw_this_month(req);
	const char *ys = req_query(req, "nam");
	long year = ys ? strtol(ys, NULL, 10) : 0;
	if (year < PAR_YEAR_MIN || year > PAR_YEAR_MAX)
		year = iw_this_year(req);
	json_t *rk = NULL;
	enum err e = index_ranking(db, u.id, req_query(req, "cap"), (enum rank_by)by, period,
				   (int)year, &app->clock, web_lang(req), &rk);
	if (e == E_OK && req_query(req, "cap") &&
	    strcmp(json_string_value(json_object_get(rk, "level")), req_query(req, "cap")) == 0 &&
	    !json_array_size(json_object_get(rk, "rows")) && json_array_size(json_object_get(rk,
											  "levels"))) {
		/* a level that none of the children has: show the first one present */
		json_decref(rk);
		rk = NULL;
		e = index_ranking(db, u.id, NULL, (enum rank_by)by, period, (int)year, &app->clock,
				  web_lang(req), &rk);
	}
	if (e != E_OK) {
		unit_rec_free(&u);
		res_error(req, res, 500, NULL);
		return;
	}
	const char *level = json_string_value(json_object_get(rk, "level"));
	int fmt = iw_export_format(req);
	if (fmt >= 0) {
		static const char *const cols[] = { "index.col.rank", "index.col.code",
			"index.col.unit", "index.col.value", "index.col.prev", "index.col.prev_rank",
			"index.col.place" };
		json_t *out = json_array();
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(rk, "rows"), k, x) {
			json_int_t rank = json_integer_value(json_object_get(x, "rank"));
			json_int_t prank = json_integer_value(json_object_get(x, "prev_rank"));
			json_array_append_new(out, json_pack("[o, O, O, O, O, o, O]",
				rank ? json_integer(rank) : json_null(), json_object_get(x, "code"),
				json_object_get(x, "name"), json_object_get(x, "value"),
				json_object_get(x, "prev"), prank ? json_integer(prank) : json_null(),
				json_object_get(x, "phrase")));
		}
		json_decref(rk);
		iw_export(req, res, fmt, "xep-hang", arena_printf(req_arena(req), "xep-hang-%s-%s",
								   rank_by_name((enum rank_by)by), u.code),
			  cols, 7, out, 2);
		unit_rec_free(&u);
		return;
	}
	struct arena *a = req_arena(req);
	json_t *rows = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rk, "rows"), i, r) {
		json_t *v = json_object_get(r, "value"), *p = json_object_get(r, "prev");
		const char *vs = !json_is_number(v) ? "—" : by == RB_ONTIME
			? iw_percent(req, json_number_value(v) / 100) : iw_points(req, json_number_value(v));
		const char *ps = !json_is_number(p) ? "—" : by == RB_ONTIME
			? iw_percent(req, json_number_value(p) / 100) : iw_points(req, json_number_value(p));
		int rank = (int)json_integer_value(json_object_get(r, "rank"));
		int prank = (int)json_integer_value(json_object_get(r, "prev_rank"));
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
			json_string_value(json_object_get(r, "name")), "code",
			json_string_value(json_object_get(r, "code")), "rank",
			rank ? arena_printf(a, "%d", rank) : "—", "prev_rank",
			prank ? arena_printf(a, "%d", prank) : "—", "value", vs, "prev", ps,
			"phrase", json_string_value(json_object_get(r, "phrase"))));
	}
	json_t *tabs = json_array();
	for (int b = 0; b < RB__MAX; b++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "label",
			web_text(req, arena_printf(a, "index.rank.by_%s", rank_by_name((enum rank_by)b))),
			"href", arena_printf(a, "/bao-cao/xep-hang?don_vi=%s&theo=%s&ky=%s&nam=%ld",
					     u.code, rank_by_name((enum rank_by)b), period, year),
			"current", b == by));
	json_t *levels = json_array();
	json_array_foreach(json_object_get(rk, "levels"), i, r) {
		const char *l = json_string_value(r);
		json_array_append_new(levels, json_pack("{s:s, s:s, s:b}", "key", l, "label",
			web_text(req, arena_printf(a, "level.%s", l)), "selected",
			!strcmp(l, level)));
	}
	json_t *data = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:b, s:b}",
		"unit_name", u.name, "unit", u.code, "rows", rows, "tabs", tabs, "levels", levels,
		"units", iw_unit_options(req, u.code), "periods", iw_period_options(req, period),
		"years", iw_year_options(req, (int)year), "by", rank_by_name((enum rank_by)by),
		"span", by == RB_PAR
			? web_fill(req, web_text(req, "index.rank.span_year"), "y",
				   arena_printf(a, "%ld", year))
			: web_fill(req, web_fill(req, web_text(req, "index.rank.span"), "p",
						 iw_period_label(req, period)), "q",
				   iw_period_label(req, json_string_value(json_object_get(rk,
											"previous")))),
		"is_par", by == RB_PAR, "empty", json_array_size(rows) == 0);
	json_object_set_new(data, "by_unit", json_string(web_text(req, arena_printf(a,
		"index.rank.value_%s", rank_by_name((enum rank_by)by)))));
	json_object_set_new(data, "period", json_string(period));
	json_object_set_new(data, "export", json_string(arena_printf(a,
		"/bao-cao/xep-hang?don_vi=%s&theo=%s&cap=%s&ky=%s&nam=%ld&xuat=", u.code,
		rank_by_name((enum rank_by)by), level, period, year)));
	json_object_set_new(data, "has_levels",
			    json_boolean(json_array_size(json_object_get(data, "levels")) > 0));
	json_decref(rk);
	unit_rec_free(&u);
	web_page(req, res, 200, "ranking", web_text(req, "index.rank.title"), data);
}
