/* worktime.h - clock start, deadlines and working time between instants (domain.md §3).
 * All instants are UTC epoch seconds; the rules are applied in local time. Pure functions of
 * their arguments: no I/O, no allocation. */
#ifndef MOTCUA_WORKTIME_H
#define MOTCUA_WORKTIME_H

#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/names.h"	/* enum duration_unit and its names */

/* The clock start for a reception at t: t itself when inside office hours on a working day
 * and not after the cutoff; otherwise the next opening (lunch -> afternoon opening, after
 * closing or a day off -> next working day's first opening). cutoff_minute < 0 means no
 * cutoff; a reception later than the cutoff that day starts at the next working day's
 * opening. A NULL or empty h means OFFICE_HOURS_DEFAULT (so in every function below). */
int64_t worktime_clock_start(const struct calendar *c, const struct office_hours *h, int64_t t,
			     int cutoff_minute);

/* Deadline for a duration counted from start (a clock start): working_days N counts
 * N x office_minutes_per_day office minutes, working_hours N counts N x 60; running out
 * exactly at the end of a period gives that instant. calendar_days N: start + N x 24 h, moved
 * to the next working day's closing time when it falls on a non-working day. value <= 0 gives
 * start unchanged. value is expected to be a catalogue duration (far below 10^6). */
int64_t worktime_add(const struct calendar *c, const struct office_hours *h, int64_t start,
		     int64_t value, enum duration_unit unit);

/* Move `from` later by `seconds` of office time (the pause rule); same end-of-period rule.
 * If `from` is outside office hours, counting begins at the next opening. seconds <= 0 gives
 * `from` unchanged (a zero pause never moves a deadline). */
int64_t worktime_add_seconds(const struct calendar *c, const struct office_hours *h, int64_t from,
			     int64_t seconds);

/* Office seconds between a and b (0 when b <= a): only office-hour time on working days. */
int64_t worktime_between(const struct calendar *c, const struct office_hours *h, int64_t a,
			 int64_t b);

/* worktime_between expressed in working days of h (office seconds / seconds per day), for
 * averages such as avg_processing_days. */
double worktime_days_between(const struct calendar *c, const struct office_hours *h, int64_t a,
			     int64_t b);

#endif
