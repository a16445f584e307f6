/* worktime.c - clock start, deadlines and office time between instants (domain.md §3).
 * Whole working days are skipped with calendar_next_working / calendar_count_working, so the
 * cost does not depend on the length of a duration or of a holiday block. */
#include "motcua/worktime.h"

#include <string.h>

#include "motcua/clock.h"

/* h, or the default office hours when h is NULL or has no working time. */
static const struct office_hours *hours_or_default(const struct office_hours *h)
{
	if (!h || h->n < 1 || h->n > OFFICE_PERIODS_MAX || office_minutes_per_day(h) <= 0)
		return &OFFICE_HOURS_DEFAULT;
	return h;
}

/* Seconds after local midnight of t on its local day. */
static int64_t second_of_day(int64_t t, int64_t day)
{
	return t - local_instant(day, 0);
}

/* First opening of the next working day after day. */
static int64_t next_day_opening(const struct calendar *c, const struct office_hours *h,
				int64_t day)
{
	return local_instant(calendar_next_working(c, day, 1), (int64_t)h->start[0] * 60);
}

/* The first instant at or after t inside office hours on a working day. */
static int64_t next_office(const struct calendar *c, const struct office_hours *h, int64_t t)
{
	int64_t day = local_day(t);
	int64_t sec = second_of_day(t, day);
	if (calendar_is_working(c, day)) {
		for (int i = 0; i < h->n; i++) {
			if (sec < (int64_t)h->end[i] * 60)
				return sec >= (int64_t)h->start[i] * 60 ?
					t : local_instant(day, (int64_t)h->start[i] * 60);
		}
	}
	return next_day_opening(c, h, day);
}

/* See worktime.h. */
int64_t worktime_clock_start(const struct calendar *c, const struct office_hours *h, int64_t t,
			     int cutoff_minute)
{
	h = hours_or_default(h);
	int64_t day = local_day(t);
	if (cutoff_minute >= 0 && calendar_is_working(c, day) &&
	    second_of_day(t, day) > (int64_t)cutoff_minute * 60)
		return next_day_opening(c, h, day);
	return next_office(c, h, t);
}

/* See worktime.h. */
int64_t worktime_add_seconds(const struct calendar *c, const struct office_hours *h, int64_t from,
			     int64_t seconds)
{
	if (seconds <= 0)
		return from;
	h = hours_or_default(h);
	int64_t t = next_office(c, h, from);
	int64_t day = local_day(t);
	int64_t sec = second_of_day(t, day);
	/* The rest of the first day, period by period. */
	for (int i = 0; i < h->n; i++) {
		int64_t end = (int64_t)h->end[i] * 60;
		if (sec >= end)
			continue;
		int64_t pos = sec > (int64_t)h->start[i] * 60 ? sec : (int64_t)h->start[i] * 60;
		if (seconds <= end - pos)
			return local_instant(day, pos + seconds);
		seconds -= end - pos;
		sec = end;
	}
	/* Whole days while more than one day remains, then the last day period by period:
	 * a count that runs out exactly at a period's end gives that end. */
	int64_t per_day = (int64_t)office_minutes_per_day(h) * 60;
	int64_t skip = (seconds - 1) / per_day;
	day = calendar_next_working(c, day, skip + 1);
	seconds -= skip * per_day;
	for (int i = 0; i < h->n; i++) {
		int64_t len = (int64_t)(h->end[i] - h->start[i]) * 60;
		if (seconds <= len)
			return local_instant(day, (int64_t)h->start[i] * 60 + seconds);
		seconds -= len;
	}
	return local_instant(day, (int64_t)h->end[h->n - 1] * 60);	/* not reached */
}

/* See worktime.h. */
int64_t worktime_add(const struct calendar *c, const struct office_hours *h, int64_t start,
		     int64_t value, enum duration_unit unit)
{
	if (value <= 0)
		return start;
	h = hours_or_default(h);
	switch (unit) {
	case DU_WORKING_DAYS:
		return worktime_add_seconds(c, h, start, value * office_minutes_per_day(h) * 60);
	case DU_WORKING_HOURS:
		return worktime_add_seconds(c, h, start, value * 3600);
	case DU_CALENDAR_DAYS: {
		int64_t t = start + value * 86400;
		int64_t day = local_day(t);
		if (calendar_is_working(c, day))
			return t;
		return local_instant(calendar_next_working(c, day, 1),
				     (int64_t)h->end[h->n - 1] * 60);
	}
	case DU__MAX:
		break;
	}
	return start;
}

/* Office seconds of a working day inside [s0, s1) (seconds after local midnight). */
static int64_t office_in_day(const struct calendar *c, const struct office_hours *h, int64_t day,
			     int64_t s0, int64_t s1)
{
	if (!calendar_is_working(c, day))
		return 0;
	int64_t total = 0;
	for (int i = 0; i < h->n; i++) {
		int64_t a = (int64_t)h->start[i] * 60, b = (int64_t)h->end[i] * 60;
		if (s0 > a)
			a = s0;
		if (s1 < b)
			b = s1;
		if (b > a)
			total += b - a;
	}
	return total;
}

/* See worktime.h. */
int64_t worktime_between(const struct calendar *c, const struct office_hours *h, int64_t a,
			 int64_t b)
{
	if (b <= a)
		return 0;
	h = hours_or_default(h);
	int64_t da = local_day(a), db = local_day(b);
	int64_t sa = second_of_day(a, da), sb = second_of_day(b, db);
	if (da == db)
		return office_in_day(c, h, da, sa, sb);
	int64_t per_day = (int64_t)office_minutes_per_day(h) * 60;
	return office_in_day(c, h, da, sa, 86400) +
	       calendar_count_working(c, da + 1, db) * per_day + office_in_day(c, h, db, 0, sb);
}

/* See worktime.h. */
double worktime_days_between(const struct calendar *c, const struct office_hours *h, int64_t a,
			     int64_t b)
{
	h = hours_or_default(h);
	return (double)worktime_between(c, h, a, b) / ((double)office_minutes_per_day(h) * 60.0);
}
