/* clock.h - the current instant (pinnable for tests) and local civil time.
 * Instants are UTC epoch seconds (int64_t). Local time is Asia/Ho_Chi_Minh: UTC+7 all year,
 * no daylight saving since 1975, so the offset is a constant of the zone, not of the law.
 * A "day" is a local day number: days since 1970-01-01 in local time. */
#ifndef MOTCUA_CLOCK_H
#define MOTCUA_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define LOCAL_UTC_OFFSET (7 * 3600)

/* The domain takes a clock so that tests and imports can pin time. */
struct clock {
	int64_t fixed;	/* 0: real time; otherwise this instant */
};

/* Now: the pinned instant, or the system time. */
int64_t clock_now(const struct clock *c);

/* Day number of a proleptic Gregorian date (1970-01-01 = 0). */
int64_t days_from_civil(int y, int m, int d);
/* Date of a day number. */
void civil_from_days(int64_t day, int *y, int *m, int *d);
/* Day of week of a day number: 0 Sunday .. 6 Saturday. */
int day_weekday(int64_t day);
/* Local day of instant t. */
int64_t local_day(int64_t t);
/* Local minute of the day of instant t (0..1439). */
int local_minute(int64_t t);
/* Instant of a local day plus a number of seconds after local midnight. */
int64_t local_instant(int64_t day, int64_t seconds);

/* Parse "YYYY-MM-DD" exactly; false on any other text or an impossible date. */
bool parse_ymd(const char *s, int64_t *day);
/* Parse "dd/mm/yyyy" (1- or 2-digit day and month); false when malformed. */
bool parse_dmy(const char *s, int64_t *day);
/* Parse "HH:MM" into minutes after midnight (00:00..23:59). */
bool parse_hhmm(const char *s, int *minutes);
/* Parse ISO 8601 "YYYY-MM-DDTHH:MM[:SS][Z|+hh:mm|-hh:mm]" (no offset = local time), or a bare
 * "YYYY-MM-DD" meaning local midnight. False when malformed. */
bool parse_iso8601(const char *s, int64_t *t);

/* Format a day as "dd/mm/yyyy" (out: 11 bytes). */
void format_dmy(int64_t day, char out[static 11]);
/* Format a day as "YYYY-MM-DD" (out: 11 bytes). */
void format_ymd(int64_t day, char out[static 11]);
/* Format an instant as local "hh:mm dd/mm/yyyy" (out: 17 bytes). */
void format_hm_dmy(int64_t t, char out[static 17]);
/* Format an instant as local ISO 8601 "YYYY-MM-DDTHH:MM:SS+07:00" (out: 26 bytes). */
void format_iso(int64_t t, char out[static 26]);

#endif
