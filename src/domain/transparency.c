/* transparency.c - the public transparency page's figures from the counters
 * (transparency.h). */
#include "motcua/transparency.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/stats.h"
#include "motcua/unit.h"
#include "motcua/xalloc.h"

/* Figures of one unit. */
struct figures {
	int64_t received, online, finished, in_time, late, apologies;
};

struct unit_sum {
	int64_t unit_id;
	struct figures month, year;
};

/* Add the metrics v to f. */
static void add(struct figures *f, const int64_t *v)
{
	f->received += v[M_RECEIVED];
	f->online += v[M_RECEIVED_ONLINE];
	f->in_time += v[M_FIN_EARLY] + v[M_FIN_ON_TIME];
	f->late += v[M_FIN_LATE];
	f->finished += v[M_FIN_EARLY] + v[M_FIN_ON_TIME] + v[M_FIN_LATE];
	f->apologies += v[M_APOLOGIES];
}

/* f as JSON. */
static json_t *figures_json(const struct figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "received", (json_int_t)f->received,
			 "received_online", (json_int_t)f->online, "finished",
			 (json_int_t)f->finished, "finished_in_time", (json_int_t)f->in_time,
			 "finished_late", (json_int_t)f->late, "apologies",
			 (json_int_t)f->apologies);
}

/* The entry of unit_id in sums (n used of *cap), added when missing. */
static struct unit_sum *entry(struct unit_sum **sums, int *n, int *cap, int64_t unit_id)
{
	for (int i = 0; i < *n; i++)
		if ((*sums)[i].unit_id == unit_id)
			return &(*sums)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*sums = xrealloc(*sums, (size_t)*cap * sizeof(**sums));
	}
	struct unit_sum *s = &(*sums)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->unit_id = unit_id;
	return s;
}

/* qsort: units by code. */
static int by_code(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(json_string_value(json_object_get(x, "code")),
		      json_string_value(json_object_get(y, "code")));
}

/* See transparency.h. */
enum err transparency_compute(struct db *db, int64_t now, json_t **out)
{
	*out = NULL;
	int64_t today = local_day(now), month = day_month_start(today), year = day_year_start(today);
	struct stat_rows m, y;
	memset(&m, 0, sizeof(m));
	memset(&y, 0, sizeof(y));
	enum err e = db_begin_read(db);
	if (e == E_OK)
		e = stats_sum_range(db, month, today, &m);
	if (e == E_OK)
		e = stats_sum_range(db, year, today, &y);
	struct unit_sum *sums = NULL;
	int n = 0, cap = 0;
	struct figures total_m, total_y;
	memset(&total_m, 0, sizeof(total_m));
	memset(&total_y, 0, sizeof(total_y));
	for (int i = 0; e == E_OK && i < y.n; i++) {
		add(&entry(&sums, &n, &cap, y.rows[i].unit_id)->year, y.rows[i].v);
		add(&total_y, y.rows[i].v);
	}
	for (int i = 0; e == E_OK && i < m.n; i++) {
		add(&entry(&sums, &n, &cap, m.rows[i].unit_id)->month, m.rows[i].v);
		add(&total_m, m.rows[i].v);
	}
	json_t *units = json_array();
	for (int i = 0; e == E_OK && i < n; i++) {
		if (!sums[i].year.received && !sums[i].year.finished)
			continue;
		struct unit_rec u;
		memset(&u, 0, sizeof(u));
		e = unit_get_by_id(db, sums[i].unit_id, &u);
		if (e == E_OK)
			json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:o, s:o}", "code",
				u.code, "name", u.name, "level", u.level, "month",
				figures_json(&sums[i].month), "year", figures_json(&sums[i].year)));
		unit_rec_free(&u);
		if (e == E_NOTFOUND)	/* counters of a unit since removed: only in the total */
			e = E_OK;
	}
	db_rollback(db);
	free(sums);
	stat_rows_free(&m);
	stat_rows_free(&y);
	if (e != E_OK) {
		json_decref(units);
		return e;
	}
	/* sort by code (jansson arrays have no sort: rebuild) */
	size_t k = json_array_size(units);
	json_t **list = xcalloc(k ? k : 1, sizeof(*list));
	for (size_t i = 0; i < k; i++)
		list[i] = json_incref(json_array_get(units, i));
	qsort(list, k, sizeof(*list), by_code);
	json_array_clear(units);
	for (size_t i = 0; i < k; i++)
		json_array_append_new(units, list[i]);
	free(list);
	*out = json_pack("{s:I, s:I, s:I, s:o, s:{s:o, s:o}}", "today", (json_int_t)today,
			 "month_start", (json_int_t)month, "year_start", (json_int_t)year, "units",
			 units, "total", "month", figures_json(&total_m), "year",
			 figures_json(&total_y));
	return E_OK;
}
