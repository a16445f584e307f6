/* riskchart.c - figures of the leader's charts from the counters (riskchart.h). */
#include "motcua/riskchart.h"

#include <string.h>

#include "motcua/log.h"
#include "motcua/report.h"
#include "motcua/risk_store.h"
#include "motcua/unit.h"

/* Figure name of a report total as an integer. */
static json_int_t fig(const json_t *total, const char *name)
{
	return json_integer_value(json_object_get(total, name));
}

/* The total of report_ontime for days [from, to] of unit into *total (new reference). */
static enum err ontime_total(struct db *db, const char *unit, int64_t from, int64_t to,
			     const struct clock *clk, json_t **total)
{
	struct report_params p = { .from = from, .to = to, .as_of = 0, .unit = unit,
				   .group = GROUP_UNIT, .clk = clk };
	json_t *r = NULL;
	char why[128];
	enum err e = report_ontime(db, &p, &r, why, sizeof(why));
	if (e != E_OK)
		return e;
	*total = json_incref(json_object_get(r, "total"));
	json_decref(r);
	return E_OK;
}

/* The month's figures (zeros and nulls for a month that has not begun). */
static enum err month_row(struct db *db, const char *unit, int year, int m, int64_t today,
			  const struct clock *clk, json_t **out)
{
	int64_t from = days_from_civil(year, m, 1);
	int64_t to = (m == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, m + 1, 1)) - 1;
	json_int_t finished = 0, good = 0, received = 0, online = 0;
	json_t *rate = json_null();
	if (from <= today) {
		json_t *t = NULL;
		enum err e = ontime_total(db, unit, from, to, clk, &t);
		if (e != E_OK) {
			json_decref(rate);
			return e;
		}
		good = fig(t, "finished_early") + fig(t, "finished_on_time");
		finished = good + fig(t, "finished_late");
		json_decref(rate);
		rate = json_incref(json_object_get(t, "on_time_rate"));
		if (!rate)
			rate = json_null();
		json_decref(t);
		struct report_params p = { .from = from, .to = to, .as_of = 0, .unit = unit,
					   .group = GROUP_UNIT, .clk = clk };
		json_t *ix = NULL;
		char why[128];
		e = report_index766(db, &p, &ix, why, sizeof(why));
		if (e != E_OK) {
			json_decref(rate);
			return e;
		}
		json_t *f = json_object_get(ix, "figures");
		received = fig(f, "received");
		online = fig(f, "received_online");
		json_decref(ix);
	}
	*out = json_pack("{s:i, s:I, s:I, s:o, s:I, s:I, s:o}", "month", m, "finished", finished,
			 "good", good, "rate", rate, "received", received, "online", online,
			 "share", received > 0 ? json_real((double)online / (double)received)
					       : json_null());
	return E_OK;
}

/* See riskchart.h. */
enum err riskchart_data(struct db *db, const char *unit_code, int year, const struct clock *clk,
			json_t **out)
{
	struct unit_rec root;
	enum err e = unit_get_by_code(db, unit_code, &root);
	if (e != E_OK)
		return e;
	int64_t today = local_day(clock_now(clk));
	json_t *months = json_array(), *units = json_array();
	for (int m = 1; m <= 12 && e == E_OK; m++) {
		json_t *row = NULL;
		e = month_row(db, unit_code, year, m, today, clk, &row);
		if (e == E_OK)
			json_array_append_new(months, row);
	}
	struct risk_unit_row *rows = NULL;
	int n = 0;
	if (e == E_OK)
		e = risk_store_units(db, root.path, &rows, &n);
	int64_t from = days_from_civil(year, 1, 1), to = days_from_civil(year, 12, 31);
	for (int i = 0; i < n && e == E_OK; i++) {
		if (rows[i].parent_id != root.id)
			continue;
		json_t *t = NULL;
		e = ontime_total(db, rows[i].code, from, to, clk, &t);
		if (e != E_OK)
			break;
		json_int_t early = fig(t, "finished_early"), on = fig(t, "finished_on_time"),
			   late = fig(t, "finished_late");
		json_decref(t);
		if (early + on + late > 0)
			json_array_append_new(units, json_pack("{s:s, s:s, s:I, s:I, s:I}", "code",
							       rows[i].code, "name", rows[i].name,
							       "early", early, "on_time", on,
							       "late", late));
	}
	risk_units_free(rows, n);
	unit_rec_free(&root);
	if (e != E_OK) {
		json_decref(months);
		json_decref(units);
		return e;
	}
	*out = json_pack("{s:o, s:o}", "months", months, "units", units);
	return E_OK;
}

/* See riskchart.h. */
enum err riskchart_units(struct db *db, const char *root_path, json_t **out)
{
	struct risk_unit_row *rows = NULL;
	int n = 0;
	enum err e = risk_store_units(db, root_path, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", rows[i].code, "name",
						   rows[i].name, "level", rows[i].level));
	risk_units_free(rows, n);
	*out = a;
	return E_OK;
}
