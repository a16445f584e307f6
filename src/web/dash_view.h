/* dash_view.h - what the leader's report pages share (src/web/dash_*.c, docs/dashboard.md):
 * the parsed query (period, unit in the account's scope, grouping) and the links and number
 * formats of the dashboard. */
#ifndef MOTCUA_DASH_VIEW_H
#define MOTCUA_DASH_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/dashboard.h"
#include "motcua/web.h"

/* Rows shown per page of a drill-down list. */
#define DASH_LIST_PAGE 50

/* The report a request asks for. */
struct dash_args {
	enum dash_period kind;
	int year, num;			/* picker values as resolved (num: month or quarter) */
	int64_t from, to;		/* local days */
	enum report_group group;
	char unit[64];			/* unit code, inside the account's subtree */
	json_t *errors;			/* {field: message} of the picker; NULL when none */
};

/* Read period, year, month, quarter, from, to, unit and group from the query of req. A bad
 * value puts a message for its field into a->errors (the defaults stand in for it). Returns
 * E_NOTFOUND when the unit is unknown or outside the account's subtree (answer 404), E_DB,
 * else E_OK. */
enum err dash_args_read(struct request *req, struct db *db, struct dash_args *a);
/* Free what dash_args_read allocated. */
void dash_args_free(struct dash_args *a);

/* "from=dd/mm/yyyy&to=dd/mm/yyyy&unit=CODE&group=G" of a (percent-encoded), in the arena. */
const char *dash_query_of(struct request *req, const struct dash_args *a);
/* s percent-encoded as a query value, in the arena. */
const char *dash_encode(struct request *req, const char *s);

/* A number for people with up to `decimals` decimals, trailing zeros dropped: "79,81" (vi),
 * "79.81" (en); "–" for null. In the arena. */
const char *dash_number(struct request *req, const json_t *v, int decimals);
/* A rate (0..1) as a percentage: "63,64%"; "–" for null. In the arena. */
const char *dash_percent(struct request *req, const json_t *v);
/* An integer with thousands separators ("12.345"). In the arena. */
const char *dash_count(struct request *req, int64_t n);

/* "dd/mm/yyyy – dd/mm/yyyy" of [from, to], in the arena. */
const char *dash_period_text(struct request *req, int64_t from, int64_t to);
/* The change of a rate between two reports in words ("tăng 2,3 điểm %"), or NULL when one of
 * them is null. In the arena. */
const char *dash_change_text(struct request *req, const json_t *now, const json_t *before);

/* The report table of one on-time report for the view: {"rows": [...], "total": {...}} where
 * every figure cell has "n" (formatted) and "href" (its drill-down list) and each row has its
 * "name", "key", rates formatted and "change" (the on-time rate against the same key of
 * prev, may be NULL). */
json_t *dash_table_view(struct request *req, const struct dash_args *a, json_t *report,
			json_t *prev);

/* The column headings of the report table in the request's language ([{"label"}]), for the
 * page, the print and the exports. */
json_t *dash_columns(struct request *req);

/* The name of figure f in the request's language ("Tiếp nhận mới"). */
const char *dash_list_title(struct request *req, enum figure f);

#endif
