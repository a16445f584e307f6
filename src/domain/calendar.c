/* calendar.c - working days (weekday rule + exception rows) and office hours. */
#include "motcua/calendar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "motcua/calendar_store.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/xalloc.h"

/* Exception rows are kept for days in this range only (1900-01-01 .. 2199-12-31), so that a
 * stray date cannot make the day array huge. Imports reject dates outside 1970..2199. */
#define CAL_DAY_MIN (-25567)
#define CAL_DAY_MAX 84005

const struct office_hours OFFICE_HOURS_DEFAULT = {
	.n = 2,
	.start = { 7 * 60, 13 * 60 + 30 },
	.end = { 11 * 60 + 30, 17 * 60 },
};

/* The exception rows as a byte per day over [base, base + n) (O(1) lookup), with a prefix sum
 * of "row minus weekday rule" so counting working days over any range is O(1). */
struct calendar {
	int64_t base;
	int64_t n;
	int8_t *v;	/* -1 no row, 0 day off, 1 working day */
	int64_t *corr;	/* corr[i]: sum of (row - weekday rule) over base .. base + i - 1 */
};

/* True for Monday..Friday. */
static bool weekday_rule(int64_t day)
{
	int w = day_weekday(day);
	return w != 0 && w != 6;
}

/* Write a formatted reason into why (size n) when why is not NULL; returns E_INVALID. */
static enum err reason(char *why, unsigned long n, const char *fmt, ...)
{
	if (why && n) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return E_INVALID;
}

/* See calendar.h. */
int office_minutes_per_day(const struct office_hours *h)
{
	int m = 0;
	for (int i = 0; i < h->n; i++)
		m += h->end[i] - h->start[i];
	return m;
}

/* See calendar.h. */
enum err office_hours_check(const struct office_hours *h, char *why, unsigned long n)
{
	if (h->n < 1 || h->n > OFFICE_PERIODS_MAX)
		return reason(why, n, "between 1 and %d periods expected", OFFICE_PERIODS_MAX);
	for (int i = 0; i < h->n; i++) {
		if (h->start[i] < 0 || h->end[i] > 24 * 60 || h->start[i] >= h->end[i])
			return reason(why, n, "period %d ends before it starts", i + 1);
		if (i > 0 && h->start[i] < h->end[i - 1])
			return reason(why, n, "period %d overlaps or precedes period %d", i + 1, i);
	}
	return E_OK;
}

/* See calendar.h. */
enum err office_hours_parse(const char *json, struct office_hours *h, char *why, unsigned long n)
{
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);
	if (!root)
		return reason(why, n, "not JSON: %s", jerr.text);
	enum err e = E_OK;
	struct office_hours tmp = { 0 };
	if (!json_is_array(root) || json_array_size(root) < 1 ||
	    json_array_size(root) > OFFICE_PERIODS_MAX) {
		e = reason(why, n, "an array of 1 to %d [\"HH:MM\", \"HH:MM\"] periods expected",
			   OFFICE_PERIODS_MAX);
		goto out;
	}
	size_t i;
	json_t *p;
	json_array_foreach(root, i, p) {
		json_t *a = json_array_get(p, 0), *b = json_array_get(p, 1);
		if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_string(a) ||
		    !json_is_string(b) || !parse_hhmm(json_string_value(a), &tmp.start[i]) ||
		    !parse_hhmm(json_string_value(b), &tmp.end[i])) {
			e = reason(why, n, "period %zu: [\"HH:MM\", \"HH:MM\"] expected", i + 1);
			goto out;
		}
	}
	tmp.n = (int)json_array_size(root);
	e = office_hours_check(&tmp, why, n);
	if (e == E_OK)
		*h = tmp;
out:
	json_decref(root);
	return e;
}

/* See calendar.h. */
void office_hours_format(const struct office_hours *h, struct buf *out)
{
	buf_putc(out, '[');
	for (int i = 0; i < h->n; i++)
		buf_printf(out, "%s[\"%02d:%02d\",\"%02d:%02d\"]", i ? "," : "", h->start[i] / 60,
			   h->start[i] % 60, h->end[i] / 60, h->end[i] % 60);
	buf_putc(out, ']');
}

/* See calendar.h. */
struct calendar *calendar_new(void)
{
	struct calendar *c = xcalloc(1, sizeof(*c));
	c->corr = xcalloc(1, sizeof(*c->corr));
	return c;
}

/* See calendar.h. */
void calendar_free(struct calendar *c)
{
	if (!c)
		return;
	free(c->v);
	free(c->corr);
	free(c);
}

/* Recompute the prefix sums after a change. */
static void rebuild_corr(struct calendar *c)
{
	c->corr = xrealloc(c->corr, (size_t)(c->n + 1) * sizeof(*c->corr));
	c->corr[0] = 0;
	for (int64_t i = 0; i < c->n; i++) {
		int delta = c->v[i] < 0 ? 0 : c->v[i] - (weekday_rule(c->base + i) ? 1 : 0);
		c->corr[i + 1] = c->corr[i] + delta;
	}
}

/* Grow the day array so that it covers day; new days have no row. */
static void cover(struct calendar *c, int64_t day)
{
	if (c->n == 0) {
		c->base = day;
		c->n = 1;
		c->v = xmalloc(1);
		c->v[0] = -1;
		return;
	}
	int64_t lo = day < c->base ? day : c->base;
	int64_t hi = day >= c->base + c->n ? day + 1 : c->base + c->n;
	if (lo == c->base && hi == c->base + c->n)
		return;
	int8_t *v = xmalloc((size_t)(hi - lo));
	memset(v, -1, (size_t)(hi - lo));
	memcpy(v + (c->base - lo), c->v, (size_t)c->n);
	free(c->v);
	c->v = v;
	c->base = lo;
	c->n = hi - lo;
}

/* Record one row without recomputing the prefix sums; false when day is out of range. */
static bool set_raw(struct calendar *c, int64_t day, bool working)
{
	if (day < CAL_DAY_MIN || day > CAL_DAY_MAX) {
		log_warn("calendar: day %lld outside 1900..2199 ignored", (long long)day);
		return false;
	}
	cover(c, day);
	c->v[day - c->base] = working ? 1 : 0;
	return true;
}

/* See calendar.h. Days outside 1900..2199 are ignored with a warning. */
void calendar_set(struct calendar *c, int64_t day, bool working)
{
	if (set_raw(c, day, working))
		rebuild_corr(c);
}

/* See calendar.h. */
bool calendar_is_working(const struct calendar *c, int64_t day)
{
	if (day >= c->base && day < c->base + c->n && c->v[day - c->base] >= 0)
		return c->v[day - c->base] == 1;
	return weekday_rule(day);
}

/* Monday-Friday days in [d0, d1), by whole weeks plus at most six single days. */
static int64_t weekdays_between(int64_t d0, int64_t d1)
{
	if (d1 <= d0)
		return 0;
	int64_t weeks = (d1 - d0) / 7;
	int64_t count = weeks * 5;
	for (int64_t d = d0 + weeks * 7; d < d1; d++)
		count += weekday_rule(d);
	return count;
}

/* Prefix-sum index of day clamped into [0, n]. */
static int64_t corr_at(const struct calendar *c, int64_t day)
{
	int64_t i = day - c->base;
	if (i < 0)
		i = 0;
	if (i > c->n)
		i = c->n;
	return c->corr[i];
}

/* See calendar.h. */
int64_t calendar_count_working(const struct calendar *c, int64_t d0, int64_t d1)
{
	if (d1 <= d0)
		return 0;
	return weekdays_between(d0, d1) + corr_at(c, d1) - corr_at(c, d0);
}

/* See calendar.h. */
int64_t calendar_next_working(const struct calendar *c, int64_t day, int64_t k)
{
	int64_t d = day;
	int64_t lo = c->base, hi = c->base + c->n;	/* exception rows live in [lo, hi) */
	while (k > 0) {
		/* Any 7 consecutive days without rows hold exactly 5 working days. */
		int64_t w = (k - 1) / 5;
		if (w > 0) {
			if (c->n == 0 || d + 1 >= hi) {
				d += 7 * w;
				k -= 5 * w;
				continue;
			}
			if (d + 7 < lo) {
				int64_t before = (lo - 1 - d) / 7;
				if (before < w)
					w = before;
				d += 7 * w;
				k -= 5 * w;
				continue;
			}
		}
		d++;
		if (calendar_is_working(c, d))
			k--;
	}
	return d;
}

/* calendar_store_each callback: copy one row into the calendar. */
static bool load_row(const struct calendar_row *row, void *ctx)
{
	set_raw(ctx, row->day, row->working);
	return true;
}

/* See calendar.h. On failure the calendar keeps its previous contents. */
enum err calendar_load(struct calendar *c, struct db *db)
{
	struct calendar *fresh = calendar_new();
	enum err e = calendar_store_each(db, load_row, fresh);
	rebuild_corr(fresh);
	if (e == E_OK) {
		struct calendar tmp = *c;
		*c = *fresh;
		*fresh = tmp;
	}
	calendar_free(fresh);
	return e;
}
