/* calendar.h - working days and office hours (domain.md §3).
 * A calendar is the set of dates that differ from the weekday rule (Monday-Friday working):
 * holidays, compensatory days off and make-up working Saturdays. It is loaded from the
 * `calendar` table once and shared read-only (reload after an import). */
#ifndef MOTCUA_CALENDAR_H
#define MOTCUA_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/buf.h"
#include "motcua/db.h"
#include "motcua/err.h"

#define OFFICE_PERIODS_MAX 4

/* Office hours of a unit: half-open periods [start, end) in minutes after local midnight,
 * ascending and not overlapping. Default 07:00-11:30 and 13:30-17:00 (8 hours). */
struct office_hours {
	int n;
	int start[OFFICE_PERIODS_MAX];
	int end[OFFICE_PERIODS_MAX];
};

extern const struct office_hours OFFICE_HOURS_DEFAULT;

/* Working minutes in one working day under h (480 for the default). */
int office_minutes_per_day(const struct office_hours *h);

/* Parse JSON text [["07:00","11:30"],["13:30","17:00"]] into *h; E_INVALID (with a reason
 * in why, which may be NULL, size n) when periods are malformed, unordered or overlapping. */
enum err office_hours_parse(const char *json, struct office_hours *h, char *why, unsigned long n);
/* Check periods already in *h (same rules as office_hours_parse). E_INVALID with a reason. */
enum err office_hours_check(const struct office_hours *h, char *why, unsigned long n);
/* Append h as JSON text [["07:00","11:30"],["13:30","17:00"]] to out. */
void office_hours_format(const struct office_hours *h, struct buf *out);

struct calendar;

/* Empty calendar (weekday rule only). Caller frees with calendar_free(). */
struct calendar *calendar_new(void);
/* Record that day (local day number) is working (true) or not (false). */
void calendar_set(struct calendar *c, int64_t day, bool working);
/* Whether day is a working day: the exception row if there is one, else Monday-Friday. */
bool calendar_is_working(const struct calendar *c, int64_t day);
/* Replace the contents with the rows of the calendar table. E_DB on failure. */
enum err calendar_load(struct calendar *c, struct db *db);
/* Free; NULL is allowed. */
void calendar_free(struct calendar *c);
/* Number of working days in [d0, d1) (0 when d1 <= d0). O(1): weekday arithmetic plus a
 * prefix sum of the exception rows. */
int64_t calendar_count_working(const struct calendar *c, int64_t d0, int64_t d1);
/* The k-th working day strictly after day (k >= 1): calendar_next_working(c, d, 1) is the
 * next working day. Whole weeks outside the exception range are skipped arithmetically. */
int64_t calendar_next_working(const struct calendar *c, int64_t day, int64_t k);

#endif
