/* stats_store.c - SQL of the report counters: upserts, range sums, the replay table. */
#include "motcua/stats.h"
#include "db_sql.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "motcua/clock.h"

/* The same upsert into the live counters and into the replay table of `stats verify`. */
#define COUNTER_UPSERT(table) \
	"INSERT INTO " table " (level, bucket, unit_id, procedure_id, received, "\
	"received_online, received_post, received_counter, received_fee, "\
	"received_digitised, paid_online, fin_early, fin_on_time, fin_late, fin_doc, "\
	"fin_efile, proc_mdays, apologies, supplement_requests, rating_very, "\
	"rating_satisfied, rating_dissatisfied, open_delta, waiting_delta, "\
	"overdue_delta) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "\
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) ON CONFLICT (level, "\
	"bucket, unit_id, procedure_id) DO UPDATE SET received = received + "\
	"excluded.received, received_online = received_online + "\
	"excluded.received_online, received_post = received_post + "\
	"excluded.received_post, received_counter = received_counter + "\
	"excluded.received_counter, received_fee = received_fee + excluded.received_fee, "\
	"received_digitised = received_digitised + excluded.received_digitised, "\
	"paid_online = paid_online + excluded.paid_online, fin_early = fin_early + "\
	"excluded.fin_early, fin_on_time = fin_on_time + excluded.fin_on_time, fin_late "\
	"= fin_late + excluded.fin_late, fin_doc = fin_doc + excluded.fin_doc, fin_efile "\
	"= fin_efile + excluded.fin_efile, proc_mdays = proc_mdays + "\
	"excluded.proc_mdays, apologies = apologies + excluded.apologies, "\
	"supplement_requests = supplement_requests + excluded.supplement_requests, "\
	"rating_very = rating_very + excluded.rating_very, rating_satisfied = "\
	"rating_satisfied + excluded.rating_satisfied, rating_dissatisfied = "\
	"rating_dissatisfied + excluded.rating_dissatisfied, open_delta = open_delta + "\
	"excluded.open_delta, waiting_delta = waiting_delta + excluded.waiting_delta, "\
	"overdue_delta = overdue_delta + excluded.overdue_delta"

static const char sql_upsert[] = COUNTER_UPSERT("stat_counters");
static const char sql_upsert_replay[] = COUNTER_UPSERT("temp.stat_replay");
/* Rows, not SUM() ... GROUP BY: the few hundred to few thousand rows of a range are added up
 * in C (stat_rows is a hash); SQLite's aggregate contexts and its GROUP BY sorter cost more
 * than the search itself (bench/README.md, report). */
static const char sql_sum[] =
	"SELECT unit_id, procedure_id, received, received_online, received_post, "
	"received_counter, received_fee, received_digitised, paid_online, fin_early, "
	"fin_on_time, fin_late, fin_doc, fin_efile, proc_mdays, apologies, supplement_requests, "
	"rating_very, rating_satisfied, rating_dissatisfied, open_delta, waiting_delta, "
	"overdue_delta FROM stat_counters WHERE level = ?1 AND bucket BETWEEN ?2 AND ?3";
static const char sql_compare[] =
	"SELECT level, bucket, unit_id, procedure_id, a.received, b.received, "
	"a.received_online, b.received_online, a.received_post, b.received_post, "
	"a.received_counter, b.received_counter, a.received_fee, b.received_fee, "
	"a.received_digitised, b.received_digitised, a.paid_online, b.paid_online, "
	"a.fin_early, b.fin_early, a.fin_on_time, b.fin_on_time, a.fin_late, b.fin_late, "
	"a.fin_doc, b.fin_doc, a.fin_efile, b.fin_efile, a.proc_mdays, b.proc_mdays, "
	"a.apologies, b.apologies, a.supplement_requests, b.supplement_requests, "
	"a.rating_very, b.rating_very, a.rating_satisfied, b.rating_satisfied, "
	"a.rating_dissatisfied, b.rating_dissatisfied, a.open_delta, b.open_delta, "
	"a.waiting_delta, b.waiting_delta, a.overdue_delta, b.overdue_delta FROM "
	"stat_counters a FULL OUTER JOIN temp.stat_replay b USING (level, bucket, "
	"unit_id, procedure_id) ORDER BY level, bucket, unit_id, procedure_id";
static const char sql_create_replay[] =
	"CREATE TEMP TABLE IF NOT EXISTS stat_replay (level INTEGER NOT NULL, "
	"bucket INTEGER NOT NULL, unit_id INTEGER NOT NULL, procedure_id INTEGER NOT NULL, "
	"received INTEGER NOT NULL DEFAULT 0, received_online INTEGER NOT NULL DEFAULT "
	"0, received_post INTEGER NOT NULL DEFAULT 0, received_counter INTEGER NOT NULL "
	"DEFAULT 0, received_fee INTEGER NOT NULL DEFAULT 0, received_digitised INTEGER "
	"NOT NULL DEFAULT 0, paid_online INTEGER NOT NULL DEFAULT 0, fin_early INTEGER "
	"NOT NULL DEFAULT 0, fin_on_time INTEGER NOT NULL DEFAULT 0, fin_late INTEGER "
	"NOT NULL DEFAULT 0, fin_doc INTEGER NOT NULL DEFAULT 0, fin_efile INTEGER NOT "
	"NULL DEFAULT 0, proc_mdays INTEGER NOT NULL DEFAULT 0, apologies INTEGER NOT "
	"NULL DEFAULT 0, supplement_requests INTEGER NOT NULL DEFAULT 0, rating_very "
	"INTEGER NOT NULL DEFAULT 0, rating_satisfied INTEGER NOT NULL DEFAULT 0, "
	"rating_dissatisfied INTEGER NOT NULL DEFAULT 0, open_delta INTEGER NOT NULL "
	"DEFAULT 0, waiting_delta INTEGER NOT NULL DEFAULT 0, overdue_delta INTEGER NOT "
	"NULL DEFAULT 0, PRIMARY KEY (level, bucket, unit_id, procedure_id)) WITHOUT "
	"ROWID; DELETE FROM temp.stat_replay;";
static const char sql_rebuild[] =
	"DELETE FROM stat_counters; INSERT INTO stat_counters SELECT * FROM temp.stat_replay";

/* Upsert one counter row into stat_counters (or the replay table). */
static enum err upsert(struct db *db, bool replay, int level, int64_t bucket, int64_t unit,
		       int64_t proc, const int64_t *v)
{
	sqlite3_stmt *st = db_stmt(db, replay ? sql_upsert_replay : sql_upsert);
	if (!st)
		return E_DB;
	sqlite3_bind_int(st, 1, level);
	sqlite3_bind_int64(st, 2, bucket);
	sqlite3_bind_int64(st, 3, unit);
	sqlite3_bind_int64(st, 4, proc);
	for (int m = 0; m < M__MAX; m++)
		sqlite3_bind_int64(st, 5 + m, v[m]);
	return db_step_done(db, st);
}

/* See stats.h. */
enum err stats_store_add(struct db *db, int64_t unit_id, int64_t procedure_id,
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
		enum err e = upsert(db, false, rows[j].level, rows[j].bucket, unit_id, procedure_id,
				    rows[j].v);
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
		enum err e = upsert(db, temp_table, level, bucket, unit, proc, v);
		if (e != E_OK)
			return e;
	}
	stat_acc_clear(a);
	return E_OK;
}

/* Add the rows of one level and bucket range to rows. */
static enum err sum_level(struct db *db, int level, int64_t lo, int64_t hi, struct stat_rows *rows)
{
	if (hi < lo)
		return E_OK;
	sqlite3_stmt *st = db_stmt(db, sql_sum);
	if (!st)
		return E_DB;
	sqlite3_bind_int(st, 1, level);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stat_row *r = stat_rows_get(rows, sqlite3_column_int64(st, 0),
						   sqlite3_column_int64(st, 1));
		for (int m = 0; m < M__MAX; m++)
			r->v[m] += sqlite3_column_int64(st, 2 + m);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "sum counters");
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

/* See stats.h. */
enum err stats_replay_table_create(struct db *db)
{
	return db_exec(db, sql_create_replay);
}

/* See stats.h. */
enum err stats_compare(struct db *db, FILE *out, int64_t *diffs)
{
	sqlite3_stmt *st = db_stmt(db, sql_compare);
	if (!st)
		return E_DB;
	*diffs = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int m = 0; m < M__MAX; m++) {
			int64_t a = sqlite3_column_int64(st, 4 + 2 * m);
			int64_t b = sqlite3_column_int64(st, 5 + 2 * m);
			if (a == b)
				continue;
			(*diffs)++;
			if (out) {
				static const char *const levels[] = { "day", "month", "year" };
				int level = sqlite3_column_int(st, 0);
				char ymd[11];
				format_ymd(sqlite3_column_int64(st, 1), ymd);
				fprintf(out, "%s %s unit %" PRId64 " procedure %" PRId64
					     " %s: counters %" PRId64 ", event log %" PRId64 "\n",
					levels[level < 0 || level > 2 ? 0 : level], ymd,
					(int64_t)sqlite3_column_int64(st, 2),
					(int64_t)sqlite3_column_int64(st, 3),
					metric_name((enum metric)m), a, b);
			}
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "compare counters");
}

/* See stats.h. */
enum err stats_replace_from_replay(struct db *db)
{
	return db_exec(db, sql_rebuild);
}
