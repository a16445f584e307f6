/* stats_sum.c - counter deltas into stat_counters (one event, or a batch's accumulator) and
 * date ranges cut into day, month and year buckets for the reports (stats.h). The SQL is in
 * src/store/stats_store.c. */
#include "motcua/stats.h"

#include <string.h>

#include "motcua/clock.h"

/* See stats.h. */
enum err stats_add(struct db *db, int64_t unit_id, int64_t procedure_id,
		   const struct stat_delta *d, int n)
{
	/* Group by (level, bucket): at most 3 distinct days x 3 levels per event. */
	struct {
		int level;
		int64_t bucket;
		int64_t v[M__MAX];
	} rows[3 * STAT_DELTAS_MAX];
	int nrows = 0;
	for (int i = 0; i < n; i++) {
		int64_t b[3] = { d[i].day, day_month_start(d[i].day), day_year_start(d[i].day) };
		for (int level = 0; level < 3; level++) {
			int j = 0;
			while (j < nrows && !(rows[j].level == level && rows[j].bucket == b[level]))
				j++;
			if (j == nrows) {
				memset(&rows[j], 0, sizeof(rows[j]));
				rows[j].level = level;
				rows[j].bucket = b[level];
				nrows++;
			}
			rows[j].v[d[i].metric] += d[i].value;
		}
	}
	for (int j = 0; j < nrows; j++) {
		enum err e = stats_store_upsert(db, false, (enum stat_level)rows[j].level,
						rows[j].bucket, unit_id, procedure_id, rows[j].v);
		if (e != E_OK)
			return e;
	}
	return E_OK;
}

/* See stats.h. */
enum err stat_acc_flush(struct stat_acc *a, struct db *db, bool temp_table)
{
	size_t pos = 0;
	int level;
	int64_t bucket, unit, proc;
	const int64_t *v;
	while (stat_acc_next(a, &pos, &level, &bucket, &unit, &proc, &v)) {
		enum err e = stats_store_upsert(db, temp_table, (enum stat_level)level, bucket,
						unit, proc, v);
		if (e != E_OK)
			return e;
	}
	stat_acc_clear(a);
	return E_OK;
}

/* stats_store_rows callback: add one counter row to the stat_rows ctx. */
static void add_row(void *ctx, int64_t unit_id, int64_t procedure_id, const int64_t *v)
{
	struct stat_row *r = stat_rows_get(ctx, unit_id, procedure_id);
	for (int m = 0; m < M__MAX; m++)
		r->v[m] += v[m];
}

/* Add the rows of one level and bucket range to rows. */
static enum err sum_level(struct db *db, int level, int64_t lo, int64_t hi, struct stat_rows *rows)
{
	return stats_store_rows(db, (enum stat_level)level, lo, hi, add_row, rows);
}

/* Day after the end of the month starting at day m. */
static int64_t next_month(int64_t m)
{
	int y, mo, d;
	civil_from_days(m, &y, &mo, &d);
	return mo == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, mo + 1, 1);
}

/* Day after the end of the year starting at day y. */
static int64_t next_year(int64_t yd)
{
	int y, mo, d;
	civil_from_days(yd, &y, &mo, &d);
	return days_from_civil(y + 1, 1, 1);
}

/* See stats.h. Decomposition of [a, b]: leading days up to a month start, leading months up
 * to a year start, whole years, then trailing months and days. */
enum err stats_sum_range(struct db *db, int64_t a, int64_t b, struct stat_rows *rows)
{
	if (b < a)
		return E_OK;
	enum err e = E_OK;
	int64_t d = a;
	/* Leading days until a month start (or b). */
	int64_t m0 = day_month_start(d) == d ? d : next_month(day_month_start(d));
	if (m0 > b + 1)
		m0 = b + 1;
	if ((e = sum_level(db, 0, d, m0 - 1, rows)) != E_OK)
		return e;
	d = m0;
	if (d > b)
		return E_OK;
	/* Leading whole months until a year start. */
	int64_t y0 = day_year_start(d) == d ? d : next_year(day_year_start(d));
	int64_t lo = d;
	while (d < y0 && next_month(d) <= b + 1)
		d = next_month(d);
	if ((e = sum_level(db, 1, lo, d - 1, rows)) != E_OK)
		return e;
	if (d < y0) {	/* b falls in this year: trailing days */
		return sum_level(db, 0, d, b, rows);
	}
	/* Whole years. */
	lo = d;
	while (next_year(d) <= b + 1)
		d = next_year(d);
	if ((e = sum_level(db, 2, lo, d - 1, rows)) != E_OK)
		return e;
	/* Trailing whole months, then days. */
	lo = d;
	while (next_month(d) <= b + 1)
		d = next_month(d);
	if ((e = sum_level(db, 1, lo, d - 1, rows)) != E_OK)
		return e;
	return sum_level(db, 0, d, b, rows);
}
