/* dashboard.h - the leader's dashboard (issue 9 §1, docs/dashboard.md): the period picker,
 * the scope of the signed-in account (its unit subtree) and the on-time reports of the
 * period, the previous period and the same period last year, all through the report engine
 * (report.h). No HTTP here: the web layer hands typed values. */
#ifndef MOTCUA_DASHBOARD_H
#define MOTCUA_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/report.h"

enum dash_period { DP_MONTH, DP_QUARTER, DP_YEAR, DP_CUSTOM, DP__MAX };

/* "month", "quarter", "year", "custom". */
const char *dash_period_name(enum dash_period k);
/* The period named s, or -1. */
int dash_period_parse(const char *s);

/* What the picker asks for. year/num: the year and the month (1-12) or quarter (1-4) of a
 * calendar period (0 = the one containing today); from/to: local days of a custom period. */
struct dash_pick {
	enum dash_period kind;
	int year, num;
	int64_t from, to;
};

/* Longest custom period, in days (ten years). */
#define DASH_MAX_DAYS 3660

/* The days [*from, *to] of pick, today being the local day `today`. E_INVALID when a custom
 * period ends before it starts or is longer than DASH_MAX_DAYS, or year/num are out of range
 * (year 2000-2100, month 1-12, quarter 1-4). */
enum err dash_resolve(const struct dash_pick *pick, int64_t today, int64_t *from, int64_t *to);

/* The previous period: the previous calendar month, quarter or year for those kinds; for a
 * custom period the same number of days just before it. */
void dash_previous(enum dash_period kind, int64_t from, int64_t to, int64_t *pfrom,
		   int64_t *pto);
/* The same dates one year earlier (29/02 becomes 28/02). */
void dash_last_year(int64_t from, int64_t to, int64_t *lfrom, int64_t *lto);

/* The unit the account may see: unit_code (NULL or "" = the account's own unit) when it is in
 * the subtree of the account's unit account_unit_id. Its code is copied to code_out (64
 * bytes). E_NOTFOUND when the unit is unknown or outside the subtree (never another
 * district's numbers), E_DB. */
enum err dash_scope(struct db *db, int64_t account_unit_id, const char *unit_code,
		    char code_out[64]);

/* The units of the subtree of unit code (itself first, then by code) for the unit picker:
 * [{code, name, level}]. E_NOTFOUND, E_DB. */
enum err dash_units(struct db *db, const char *code, json_t **out);

/* The dashboard of unit code (already checked by dash_scope) for [from, to] grouped by
 * group, as of now by clk: {"current", "previous", "last_year"} on-time reports
 * (report_ontime), each with its "from"/"to", and "figures" (the per-scope figures of
 * the period, as in report_index766's document: report_ontime_figures). "last_year" is the
 * same object as "previous" when the two periods are the same (a calendar year).
 * E_INVALID (why), E_NOTFOUND, E_DB. */
enum err dash_build(struct db *db, const struct clock *clk, const char *code,
		    enum dash_period kind, int64_t from, int64_t to, enum report_group group,
		    json_t **out, char *why, unsigned long n);

/* The change of a rate between two reports, in percentage points (rate_now - rate_before) *
 * 100, rounded to 2 decimals; false when either is null. */
bool dash_change_points(const json_t *now, const json_t *before, double *points);

#endif
