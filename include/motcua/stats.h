/* stats.h - report counters kept inside each event's transaction (docs/reports.md).
 * A pure part turns one event into counter deltas (stats_track); a store part adds them to
 * the day, month and year rows of table stat_counters and sums date ranges back; a replay
 * part recomputes every counter from the event log (stats verify / rebuild). */
#ifndef MOTCUA_STATS_H
#define MOTCUA_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"
#include "motcua/stats_store.h"	/* enum metric, the counter rows */

/* What the counters remember about one dossier between its events. */
struct stat_track {
	int64_t unit_id, procedure_id;
	bool received, running, waiting, finished;
	bool paid_online;	/* counted in M_PAID_ONLINE (paid online and received) */
	int64_t run_day;	/* local day the current running interval began */
	int64_t due_day;	/* local day of due_at during that interval */
};

/* One event as the counters see it: the transition and the values the engine computed
 * (recorded in the event's data, so a replay needs no calendar). */
struct stat_event {
	enum event_kind kind;
	enum dossier_status from, to;	/* from = DS__MAX for a new dossier */
	int64_t at;
	int64_t due_at;			/* due after the event when it (re)starts the clock */
	enum channel channel;		/* receive */
	bool fee, digitised;		/* receive */
	enum outcome outcome;		/* finishing events of received dossiers */
	int64_t proc_mdays;		/* idem: processing working milli-days */
	bool result_doc, result_file;	/* resolve */
	bool pay_online;		/* pay */
	bool paid_online;		/* receive: paid online before reception (level 4) */
	enum rating rating;		/* rate */
};

#define STAT_DELTAS_MAX 24
struct stat_delta {
	int64_t day;
	enum metric metric;
	int64_t value;
};

/* Compute the deltas of ev for the dossier tracked by t and update t. Returns the number of
 * deltas written to out (capacity STAT_DELTAS_MAX). Pure. */
int stats_track(struct stat_track *t, const struct stat_event *ev, struct stat_delta *out);

/* Sums of metrics per unit x procedure. */
struct stat_row {
	int64_t unit_id, procedure_id;
	int64_t v[M__MAX];
};
struct stat_rows {
	struct stat_row *rows;
	int n, cap;
	int *index;		/* open addressing: row index + 1, 0 empty; icap slots */
	int icap;
};
void stat_rows_free(struct stat_rows *r);
/* The row for (unit, procedure), or NULL. */
const struct stat_row *stat_rows_find(const struct stat_rows *r, int64_t unit_id,
				      int64_t procedure_id);
/* The row for (unit, procedure), created zeroed when missing (hashed: O(1)). Pointers are
 * valid until the next call. */
struct stat_row *stat_rows_get(struct stat_rows *r, int64_t unit_id, int64_t procedure_id);

/* In-memory accumulator of counter deltas (batch mode), keyed by level, bucket, unit and
 * procedure. */
struct stat_acc;
struct stat_acc *stat_acc_new(void);
void stat_acc_free(struct stat_acc *a);
/* Add deltas (day buckets) of one dossier to the day, month and year keys. */
void stat_acc_add(struct stat_acc *a, int64_t unit_id, int64_t procedure_id,
		  const struct stat_delta *d, int n);
/* Iterate: the next used key and values from *pos (start at 0), false at the end. Keys come
 * in (level, bucket, unit, procedure) order; do not add while iterating. */
bool stat_acc_next(struct stat_acc *a, size_t *pos, int *level, int64_t *bucket, int64_t *unit,
		   int64_t *proc, const int64_t **v);
/* Forget everything. */
void stat_acc_clear(struct stat_acc *a);
/* Upsert everything into table (stat_counters, or the replay's temp table) and empty a. */
enum err stat_acc_flush(struct stat_acc *a, struct db *db, bool temp_table);

/* Add deltas straight to stat_counters (3 upserts per distinct day). */
enum err stats_add(struct db *db, int64_t unit_id, int64_t procedure_id,
		   const struct stat_delta *d, int n);

/* Sum every metric over local days [a, b] (inclusive; b < a gives nothing) per
 * unit x procedure into rows (added to what is there). Reads at most ~(years + 24 months +
 * 62 days) bucket rows per unit x procedure. */
enum err stats_sum_range(struct db *db, int64_t a, int64_t b, struct stat_rows *rows);

/* Replay the whole event log into a temporary table and compare it with stat_counters.
 * Each difference is printed to out (may be NULL) as one line; *diffs receives their count.
 * With repair, stat_counters is replaced by the replayed values (one transaction). */
enum err stats_verify(struct db *db, bool repair, FILE *out, int64_t *diffs);

/* Replay the events of one dossier and call fn for every delta of every event, with the
 * event's instant. Used by reports for an as_of inside a day. */
typedef void (*stats_delta_fn)(void *ctx, int64_t unit_id, int64_t procedure_id, int64_t at,
			       const struct stat_delta *d);
enum err stats_replay_dossier(struct db *db, int64_t dossier_id, stats_delta_fn fn, void *ctx);

/* Parse a stored event (kind, from, to, at, data JSON text) into *ev. E_INVALID when the
 * row does not make sense. */
enum err stats_event_from_row(const char *kind, const char *from, const char *to, int64_t at,
			      const char *data, struct stat_event *ev);

/* First day of the month / year that contains local day d. */
int64_t day_month_start(int64_t d);
int64_t day_year_start(int64_t d);

#endif
