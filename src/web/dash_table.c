/* dash_table.c - the report table of the leader's pages made ready for templates: every
 * figure formatted and linked to its drill-down list (dash_view.h). */
#include <stdio.h>
#include <string.h>

#include "dash_view.h"

/* The figures with a list behind them, in table order (formats.md order). */
static const enum figure FIGS[FIG__MAX] = {
	FIG_RECEIVED, FIG_CARRIED_OVER, FIG_FINISHED_EARLY, FIG_FINISHED_ON_TIME,
	FIG_FINISHED_LATE, FIG_OPEN_IN_TIME, FIG_OPEN_OVERDUE, FIG_WAITING,
};

/* See dash_view.h. */
json_t *dash_columns(struct request *req)
{
	json_t *c = json_array();
	json_array_append_new(c, json_pack("{s:s}", "label", web_text(req, "dash.col.name")));
	for (int i = 0; i < FIG__MAX; i++) {
		char k[64];
		snprintf(k, sizeof(k), "dash.fig.%s", figure_name(FIGS[i]));
		json_array_append_new(c, json_pack("{s:s}", "label", web_text(req, k)));
	}
	static const char *const rest[] = { "dash.col.on_time_rate", "dash.col.progress_766",
					    "dash.col.score_2_1", "dash.col.avg_days" };
	for (size_t i = 0; i < 4; i++)
		json_array_append_new(c, json_pack("{s:s}", "label", web_text(req, rest[i])));
	return c;
}

/* The row of prev with this key, or NULL. */
static json_t *row_of(json_t *prev, const char *key)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(prev, "rows"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "key")), key))
			return r;
	return NULL;
}

/* One row (key NULL: the total) for the view. */
static json_t *row_view(struct request *req, const struct dash_args *a, const json_t *r,
			const char *key, const char *name, const json_t *before)
{
	const char *q = dash_query_of(req, a);
	json_t *cells = json_array();
	for (int i = 0; i < FIG__MAX; i++) {
		const char *f = figure_name(FIGS[i]);
		int64_t n = json_integer_value(json_object_get(r, f));
		char k[64];
		snprintf(k, sizeof(k), "dash.fig.%s", f);
		const char *href = key ? arena_printf(req_arena(req),
						      "/bao-cao/danh-sach?figure=%s&%s&key=%s", f,
						      q, dash_encode(req, key))
				       : arena_printf(req_arena(req),
						      "/bao-cao/danh-sach?figure=%s&%s", f, q);
		json_array_append_new(cells, json_pack("{s:s, s:s, s:I, s:s}", "n",
						       dash_count(req, n), "href", href, "value",
						       (json_int_t)n, "figure", f));
	}
	const json_t *rate = json_object_get(r, "on_time_rate");
	const char *change = before ? dash_change_text(req, rate,
						       json_object_get(before, "on_time_rate"))
				    : NULL;
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "name", name, "key",
			 key ? key : "", "cells", cells, "rate", dash_percent(req, rate),
			 "progress", dash_percent(req, json_object_get(r, "progress_766")),
			 "score", dash_number(req, json_object_get(r, "score_2_1"), 2), "avg",
			 dash_number(req, json_object_get(r, "avg_processing_days"), 2), "change",
			 change ? change : "–");
}

/* See dash_view.h. */
json_t *dash_table_view(struct request *req, const struct dash_args *a, json_t *report,
			json_t *prev)
{
	json_t *rows = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(report, "rows"), i, r) {
		const char *key = json_string_value(json_object_get(r, "key"));
		const char *name = json_string_value(json_object_get(r, "name"));
		json_t *v = row_view(req, a, r, key, name, prev ? row_of(prev, key) : NULL);
		json_object_set_new(v, "code", a->group == GROUP_FIELD ? json_false()
									: json_string(key));
		json_array_append_new(rows, v);
	}
	json_t *total = row_view(req, a, json_object_get(report, "total"), NULL,
				 web_text(req, "dash.total"),
				 prev ? json_object_get(prev, "total") : NULL);
	return json_pack("{s:o, s:o, s:b}", "rows", rows, "total", total, "empty",
			 json_array_size(rows) == 0);
}
