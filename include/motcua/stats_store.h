/* stats_store.h - SQL of the report counters (table stat_counters and the replay table of
 * `stats verify`). The store only writes and reads rows; how events become deltas and how a
 * date range is cut into day, month and year buckets is the domain's (stats.h). */
#ifndef MOTCUA_STATS_STORE_H
#define MOTCUA_STATS_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One column of stat_counters each, in table order. */
enum metric {
	M_RECEIVED, M_RECEIVED_ONLINE, M_RECEIVED_POST, M_RECEIVED_COUNTER, M_RECEIVED_FEE,
	M_RECEIVED_DIGITISED, M_PAID_ONLINE, M_FIN_EARLY, M_FIN_ON_TIME, M_FIN_LATE, M_FIN_DOC,
	M_FIN_EFILE, M_PROC_MDAYS, M_APOLOGIES, M_SUPPLEMENT_REQUESTS, M_RATING_VERY,
	M_RATING_SATISFIED, M_RATING_DISSATISFIED, M_OPEN_DELTA, M_WAITING_DELTA,
	M_OVERDUE_DELTA, M__MAX
};

/* Column name of a metric ("?" out of range). */
const char *metric_name(enum metric m);

/* Bucket levels of stat_counters.level. */
enum stat_level { STAT_DAY, STAT_MONTH, STAT_YEAR, STAT__LEVELS };

/* Add v (M__MAX values) to the row (level, bucket, unit, procedure) of stat_counters, or of
 * temp.stat_replay when replay, creating it when missing. E_DB after logging. */
enum err stats_store_upsert(struct db *db, bool replay, enum stat_level level, int64_t bucket,
			    int64_t unit_id, int64_t procedure_id, const int64_t *v);

/* Called once per stat_counters row; v holds M__MAX values, valid during the call. */
typedef void (*stats_row_fn)(void *ctx, int64_t unit_id, int64_t procedure_id, const int64_t *v);
/* Call fn for every row of level whose bucket is in [lo, hi] (nothing when hi < lo).
 * E_OK or E_DB after logging. No allocation. */
enum err stats_store_rows(struct db *db, enum stat_level level, int64_t lo, int64_t hi,
			  stats_row_fn fn, void *ctx);

/* Create (or empty) the temporary table temp.stat_replay. */
enum err stats_replay_table_create(struct db *db);
/* Compare stat_counters with temp.stat_replay; print each difference to out (may be NULL)
 * and count them in *diffs. */
enum err stats_compare(struct db *db, FILE *out, int64_t *diffs);
/* Replace stat_counters by temp.stat_replay (inside the caller's transaction). */
enum err stats_replace_from_replay(struct db *db);

#endif
