/* atrisk.h - the leader's at-risk lists, apologies due and the projection of the period's
 * on-time rate (issue 9 §4, docs/at-risk.md). Everything is within the account's unit subtree
 * (worklist_root). Lists read the partial due indexes of migration 0011 (atrisk_store.h);
 * the projection reads report_ontime's figures (the counters). */
#ifndef MOTCUA_ATRISK_H
#define MOTCUA_ATRISK_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"
#include "motcua/portal.h"	/* struct actor */

#define ATRISK_PAGE 50		/* rows of one page */
#define ATRISK_DAYS_MIN 1
#define ATRISK_DAYS_MAX 10
#define ATRISK_DAYS_DEFAULT 3

/* The end of the at-risk window at now: local midnight after the days-th working day after
 * today (days clamped to 0..ATRISK_DAYS_MAX; 0 = the end of today). A dossier is at risk when
 * it is open and due before this instant (so every overdue one is). */
int64_t atrisk_window_end(const struct calendar *c, int64_t now, int days);

/* Working time spent in the current step: office seconds of h between start and now
 * (0 when start is 0 or later than now). */
int64_t atrisk_step_seconds(const struct calendar *c, const struct office_hours *h, int64_t start,
			    int64_t now);

/* The promised date suggested for an apology (local day number): half the procedure's
 * duration (value, unit) rounded up to whole working days, at least one, counted in working
 * time from the later of due_at and now (the apology letter promises a new date; docs). */
int64_t atrisk_promise_day(const struct calendar *c, const struct office_hours *h, int64_t due_at,
			   int64_t now, int64_t value, enum duration_unit unit);

/* One page (0-based) of the open dossiers of who's subtree due before the end of the days-th
 * working day (overdue ones first, then by due time): *out = {"rows": [{"code",
 * "applicant_name", "procedure", "unit", "status", "due_at", "overdue" (bool), "department",
 * "assignee" ("" when none), "step" (-1 before any hand-over), "step_name" (string or null),
 * "step_started_at", "step_seconds" (working seconds in the step), "apology_at" (0 = none),
 * "may_apologise" (who's role may issue the apology now), "promised_day", "version"}],
 * "total", "overdue", "page", "more", "window_end"}. days outside 1..10 is clamped.
 * E_NOTFOUND when who has no unit, E_DB. */
enum err atrisk_page(struct db *db, const struct calendar *c, const struct clock *clk,
		     const struct actor *who, int days, int page, json_t **out);

/* Every row of atrisk_page's list (all pages, the same order) to fn, streamed from one
 * statement (for exports: nothing is collected); row is borrowed for the call; a non-zero
 * return stops. Errors as atrisk_page. */
enum err atrisk_each(struct db *db, const struct calendar *c, const struct clock *clk,
		     const struct actor *who, int days, int (*fn)(void *ctx, json_t *row),
		     void *ctx);

/* Apologies due now (one page): open dossiers of who's subtree without an apology that are
 * due before the end of the next working day (overdue ones included), so that Form 04 can
 * still reach the applicant at least one working day before due_at; rows as atrisk_page. */
enum err atrisk_apologies(struct db *db, const struct calendar *c, const struct clock *clk,
			  const struct actor *who, int page, json_t **out);

/* The projection of an on-time report's total (a report_ontime "total" object): *out =
 * {"finished", "open_in_time", "open_overdue", "current" (on_time_rate), "if_due" (every open
 * dossier in time finishes by its due date, the overdue ones stay open past the period),
 * "if_late" (the same, and every overdue one finishes late)}; rates rounded to 4 decimals,
 * null when the denominator is 0 (formulas in docs/at-risk.md). Never fails. */
json_t *atrisk_projection(const json_t *total);

#endif
