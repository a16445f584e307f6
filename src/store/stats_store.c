/* stats_store.c - SQL of the report counters: upserts, range sums, the replay table. */
#include "motcua/stats_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/clock.h"

static const char *const metric_names[M__MAX] = {
	[M_RECEIVED] = "received", [M_RECEIVED_ONLINE] = "received_online",
	[M_RECEIVED_POST] = "received_post", [M_RECEIVED_COUNTER] = "received_counter",
	[M_RECEIVED_FEE] = "received_fee", [M_RECEIVED_DIGITISED] = "received_digitised",
	[M_PAID_ONLINE] = "paid_online", [M_FIN_EARLY] = "fin_early",
	[M_FIN_ON_TIME] = "fin_on_time", [M_FIN_LATE] = "fin_late", [M_FIN_DOC] = "fin_doc",
	[M_FIN_EFILE] = "fin_efile", [M_PROC_MDAYS] = "proc_mdays", [M_APOLOGIES] = "apologies",
	[M_SUPPLEMENT_REQUESTS] = "supplement_requests", [M_RATING_VERY] = "rating_very",
	[M_RATING_SATISFIED] = "rating_satisfied", [M_RATING_DISSATISFIED] = "rating_dissatisfied",
	[M_OPEN_DELTA] = "open_delta", [M_WAITING_DELTA] = "waiting_delta",
	[M_OVERDUE_DELTA] = "overdue_delta",
};

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

/* See stats_store.h. */
const char *metric_name(enum metric m)
{
	return (unsigned)m < M__MAX ? metric_names[m] : "?";
}

/* See stats_store.h. */
enum err stats_store_upsert(struct db *db, bool replay, enum stat_level level, int64_t bucket,
			    int64_t unit_id, int64_t procedure_id, const int64_t *v)
{
	sqlite3_stmt *st = db_stmt(db, replay ? sql_upsert_replay : sql_upsert);
	if (!st)
		return E_DB;
	sqlite3_bind_int(st, 1, (int)level);
	sqlite3_bind_int64(st, 2, bucket);
	sqlite3_bind_int64(st, 3, unit_id);
	sqlite3_bind_int64(st, 4, procedure_id);
	for (int m = 0; m < M__MAX; m++)
		sqlite3_bind_int64(st, 5 + m, v[m]);
	return db_step_done(db, st);
}

/* See stats_store.h. */
enum err stats_store_rows(struct db *db, enum stat_level level, int64_t lo, int64_t hi,
			  stats_row_fn fn, void *ctx)
{
	if (hi < lo)
		return E_OK;
	sqlite3_stmt *st = db_stmt(db, sql_sum);
	if (!st)
		return E_DB;
	sqlite3_bind_int(st, 1, (int)level);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	int rc;
	int64_t v[M__MAX];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int m = 0; m < M__MAX; m++)
			v[m] = sqlite3_column_int64(st, 2 + m);
		fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), v);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "sum counters");
}

/* See stats_store.h. */
enum err stats_replay_table_create(struct db *db)
{
	return db_exec(db, sql_create_replay);
}

/* See stats_store.h. */
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

/* See stats_store.h. */
enum err stats_replace_from_replay(struct db *db)
{
	return db_exec(db, sql_rebuild);
}
