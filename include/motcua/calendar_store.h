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

#endif
