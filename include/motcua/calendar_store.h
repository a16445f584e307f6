/* calendar_store.h - SQL for the `calendar` table (dates that differ from the weekday rule). */
#ifndef MOTCUA_CALENDAR_STORE_H
#define MOTCUA_CALENDAR_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One row of the calendar table. Strings belong to the caller (or to SQLite while a
 * calendar_store_each callback runs). */
struct calendar_row {
	int64_t day;		/* local day number */
	const char *date;	/* YYYY-MM-DD */
	bool working;
	const char *name;
	const char *source;
};

/* Call fn(row, ctx) for every row in day order; fn returns false to stop early.
 * E_DB on failure. */
enum err calendar_store_each(struct db *db, bool (*fn)(const struct calendar_row *row, void *ctx),
			     void *ctx);
/* Insert the row or replace the one with the same day. E_DB / E_CONFLICT on failure. */
enum err calendar_store_upsert(struct db *db, const struct calendar_row *row);
/* Number of rows (for tests and import summaries); -1 on failure. */
int64_t calendar_store_count(struct db *db);

/* --- calendar_admin_store.c: the administration page (docs/calendar-changes.md) --- */

/* The row of day into *row with its strings copied into name / source (sizes n_name,
 * n_source; date is NULL). E_NOTFOUND when that day has no row, E_DB. */
enum err calendar_store_get(struct db *db, int64_t day, struct calendar_row *row, char *name,
			    unsigned long n_name, char *source, unsigned long n_source);
/* Delete the row of day (nothing when absent). E_DB on failure. */
enum err calendar_store_delete(struct db *db, int64_t day);
/* Call fn for every row with day in [d0, d1) in day order (the page's year). */
enum err calendar_store_each_range(struct db *db, int64_t d0, int64_t d1,
				   bool (*fn)(const struct calendar_row *row, void *ctx), void *ctx);

/* An open received dossier whose due date a calendar change may move. */
struct due_candidate {
	int64_t id, unit_id;
	bool waiting;		/* in supplement or payment: the clock is stopped */
	int64_t due_at, waiting_since, step_due_at;
};
/* Every open received dossier with due_at >= t: running ones through the open-due index of
 * each unit (dossiers_open_due), waiting ones through dossiers_status. *out (free) and *n.
 * E_DB. */
enum err calendar_store_due_from(struct db *db, int64_t t, struct due_candidate **out, int *n);

#endif
