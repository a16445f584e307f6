/* index_web.h - what the 766, PAR, ranking and index settings pages share
 * (src/web/index_*.c; docs/index766.md): the unit and period pickers and number display. */
#ifndef MOTCUA_INDEX_WEB_H
#define MOTCUA_INDEX_WEB_H

#include <jansson.h>
#include <stdbool.h>

#include "motcua/unit_store.h"
#include "motcua/web.h"

/* The unit chosen by code (NULL or "": the account's own unit) when it is in the signed-in
 * account's subtree. false after answering 404 (outside or unknown) or 500. Free *out with
 * unit_rec_free. */
bool iw_unit(struct request *req, struct response *res, const char *code, struct unit_rec *out);
/* Options of the unit picker: the account's subtree, [{"code","label","selected"}]. */
json_t *iw_unit_options(struct request *req, const char *selected);
/* The current month's period key ("2026-12") in the arena. */
const char *iw_this_month(struct request *req);
/* Options of the period picker: groups of months (the last 13), quarters (the last 5) and
 * years (the last 3): [{"label", "options": [{"key","label","selected"}]}]. */
json_t *iw_period_options(struct request *req, const char *selected);
/* A period key for people ("Tháng 01/2026", "Quý 4/2026", "Năm 2026"), in the arena. */
const char *iw_period_label(struct request *req, const char *key);
/* Points with two decimals in the request's language ("79,81" / "79.81"), in the arena. */
const char *iw_points(struct request *req, double v);
/* A ratio (0..1) as a percentage ("94,34%"), in the arena. */
const char *iw_percent(struct request *req, double ratio);
/* An instant as "hh:mm dd/mm/yyyy", in the arena. */
const char *iw_when(struct request *req, int64_t t);
/* The current local year. */
int iw_this_year(struct request *req);
/* Options of the year picker (this year and the 4 before): [{"key","label","selected"}]. */
json_t *iw_year_options(struct request *req, int selected);

/* The export format asked by ?xuat= ("csv" / "xlsx"), or -1 for the page itself. */
int iw_export_format(struct request *req);
/* Send rows (a JSON array of arrays: strings, integers, reals shown with `decimals`
 * decimals, null = empty cell) under the header whose i18n keys are cols, as CSV or XLSX
 * named basename; steals rows. Answers 500 on failure. */
void iw_export(struct request *req, struct response *res, int format, const char *sheet,
	       const char *basename, const char *const *cols, int ncols, json_t *rows,
	       int decimals);

#endif
