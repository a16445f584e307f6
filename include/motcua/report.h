/* report.h - the on-time report and the Decision 766 index from the counters
 * (domain.md §6-7, formats.md, docs/reports.md). The functions return json_t so the CLI and
 * the web API print the same document. */
#ifndef MOTCUA_REPORT_H
#define MOTCUA_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"

enum report_group { GROUP_UNIT, GROUP_FIELD, GROUP_PROCEDURE, GROUP__MAX };
const char *report_group_name(enum report_group g);
int report_group_parse(const char *s);

/* Figures of an on-time row, in formats.md order; also the names accepted by --list. */
enum figure {
	FIG_RECEIVED, FIG_CARRIED_OVER, FIG_FINISHED_EARLY, FIG_FINISHED_ON_TIME,
	FIG_FINISHED_LATE, FIG_OPEN_IN_TIME, FIG_OPEN_OVERDUE, FIG_WAITING, FIG__MAX
};
const char *figure_name(enum figure f);
int figure_parse(const char *s);

struct report_params {
	int64_t from, to;	/* local day numbers, inclusive */
	int64_t as_of;		/* instant; 0 = clock_now(clk) */
	const char *unit;	/* unit code (its subtree) or NULL for everything */
	enum report_group group;
	const struct clock *clk;	/* NULL = real time */
};

/* The on-time report of formats.md. E_INVALID (why set) when to < from; E_NOTFOUND for an
 * unknown unit; E_DB. *out is a new reference the caller json_decref()s. */
enum err report_ontime(struct db *db, const struct report_params *p, json_t **out, char *why,
		       unsigned long n);

/* report_ontime plus "figures": the per-scope figures of the period that report_index766's
 * document carries (received, received_online, received_post, received_fee, paid_online,
 * apologies, supplement_requests, rating_very_satisfied / _satisfied / _dissatisfied), from the
 * same pass over the counters (the dashboard). */
enum err report_ontime_figures(struct db *db, const struct report_params *p, json_t **out,
			       char *why, unsigned long n);

/* The dossier codes behind one figure of the total (the report's scope), sorted: a JSON
 * array of strings. Computed from dossiers and events, not from counters. */
enum err report_list(struct db *db, const struct report_params *p, enum figure f, json_t **out,
		     char *why, unsigned long n);

/* One dossier of a drill-down list, strings valid during the callback. */
struct report_item {
	const char *code, *applicant_name, *outcome;	/* outcome "" when not finished by T */
	const char *unit_code, *unit_name, *procedure_code, *procedure_name, *field;
	int64_t received_at, due_at, finished_at;	/* due_at as it stood at T; 0: none */
};
typedef bool (*report_item_fn)(void *ctx, const struct report_item *it);

/* The dossiers behind figure f of report p: of the whole scope when key is NULL (the same
 * dossiers as report_list), else of the one row of p->group whose key is key (a unit's own
 * dossiers, a field name, a procedure code). fn is called once per dossier, ordered by unit
 * code then received_at, and returns false to stop. Nothing is collected, so memory does not
 * grow with the list (a page is cut out by the caller). Errors as report_list. */
enum err report_list_each(struct db *db, const struct report_params *p, enum figure f,
			  const char *key, report_item_fn fn, void *ctx, char *why,
			  unsigned long n);

/* The Decision 766 indicators motcua can compute for the scope and period (domain.md §7),
 * with the others marked "not available". */
enum err report_index766(struct db *db, const struct report_params *p, json_t **out, char *why,
			 unsigned long n);

/* Serialise a report (compact=false: indented) with rates printed as rounded. Caller frees. */
char *report_dumps(const json_t *report, bool compact);

#endif
