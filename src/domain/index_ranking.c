/* index_ranking.c - the units of one level side by side: on-time rate, 766 score or PAR
 * total, this period against the one before (docs/index766.md). */
#include "motcua/ranking.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/index766.h"
#include "motcua/index_store.h"
#include "motcua/par.h"
#include "motcua/report.h"
#include "motcua/xalloc.h"

static const char *const by_names[RB__MAX] = { "ontime", "766", "par" };
static const char *const level_order[] = { "district", "commune", "department", "province",
					   NULL };

/* See ranking.h. */
const char *rank_by_name(enum rank_by b)
{
	return b >= 0 && b < RB__MAX ? by_names[b] : "?";
}

/* See ranking.h. */
int rank_by_parse(const char *s)
{
	for (int i = 0; s && i < RB__MAX; i++)
		if (!strcmp(s, by_names[i]))
			return i;
	return -1;
}

/* The measure of one unit for one period (or year); *has false when there is none. */
static enum err measure(struct db *db, const struct report_unit *u, enum rank_by by,
			const char *period, int year, const struct clock *clk, double *v,
			bool *has)
{
	*has = false;
	json_t *r = NULL;
	enum err e;
	if (by == RB_PAR) {
		e = par_unit_year(db, u->code, u->id, year, clk, &r);
		if (e == E_OK && json_integer_value(json_object_get(r, "criteria_count")) > 0) {
			*v = json_number_value(json_object_get(r, "total"));
			*has = true;
		}
		json_decref(r);
		return e;
	}
	struct report_params p = { .unit = u->code, .group = GROUP_UNIT, .clk = clk };
	if (!index_period_days(period, &p.from, &p.to))
		return E_INVALID;
	if (local_day(clock_now(clk)) < p.from)
		return E_OK;	/* a period not begun yet: no value */
	if (by == RB_ONTIME) {
		e = report_ontime(db, &p, &r, NULL, 0);
		json_t *rate = json_object_get(json_object_get(r, "total"), "on_time_rate");
		if (e == E_OK && json_is_number(rate)) {
			*v = json_number_value(rate) * 100;
			*has = true;
		}
	} else {
		e = report_index766(db, &p, &r, NULL, 0);
		if (e == E_OK) {
			*v = json_number_value(json_object_get(r, "total_points"));
			*has = true;
		}
	}
	json_decref(r);
	return e;
}

/* See ranking.h. */
enum err index_ranking(struct db *db, int64_t parent_id, const char *level, enum rank_by by,
		       const char *period, int year, const struct clock *clk, const char *lang,
		       json_t **out)
{
	char prev[16] = "";
	if (by != RB_PAR && !index_period_prev(period, prev))
		return E_INVALID;
	struct report_unit *kids = NULL;
	int nk = 0;
	enum err e = index_store_children(db, parent_id, &kids, &nk);
	if (e != E_OK)
		return e;
	json_t *levels = json_array();
	for (int l = 0; level_order[l]; l++)
		for (int i = 0; i < nk; i++)
			if (!strcmp(kids[i].level, level_order[l])) {
				json_array_append_new(levels, json_string(level_order[l]));
				break;
			}
	if (!level || !*level)
		level = json_array_size(levels) ? json_string_value(json_array_get(levels, 0)) : "";
	struct rank_item *items = xcalloc((size_t)nk + 1, sizeof(*items));
	int n = 0;
	for (int i = 0; i < nk && e == E_OK; i++) {
		if (strcmp(kids[i].level, level))
			continue;
		struct rank_item *it = &items[n++];
		it->unit_id = i;	/* index into kids */
		e = measure(db, &kids[i], by, period, year, clk, &it->value, &it->has_value);
		if (e == E_OK)
			e = measure(db, &kids[i], by, prev, year - 1, clk, &it->prev, &it->has_prev);
	}
	if (e != E_OK) {
		free(items);
		free(kids);
		json_decref(levels);
		return e;
	}
	int ranked = ranking_rank(items, n);
	json_t *rows = json_array();
	for (int i = 0; i < n; i++) {
		const struct rank_item *it = &items[i];
		const struct report_unit *u = &kids[it->unit_id];
		struct buf phrase = BUF_INIT;
		ranking_phrase(it, ranked, by == RB_ONTIME ? RM_PERCENT : RM_POINTS, lang, &phrase);
		json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:s}", "code", u->code, "name", u->name,
				      "rank", it->rank, "prev_rank", it->prev_rank, "phrase",
				      buf_str(&phrase));
		json_object_set_new(o, "value", it->has_value ? json_real(round(it->value * 100) / 100)
							      : json_null());
		json_object_set_new(o, "prev", it->has_prev ? json_real(round(it->prev * 100) / 100)
							    : json_null());
		json_array_append_new(rows, o);
		buf_free(&phrase);
	}
	*out = json_pack("{s:s, s:o, s:i, s:o, s:s, s:s}", "level", level, "levels", levels,
			 "ranked", ranked, "rows", rows, "by", rank_by_name(by), "previous",
			 by == RB_PAR ? "" : prev);
	free(items);
	free(kids);
	return E_OK;
}
