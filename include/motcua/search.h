/* search.h - staff search over dossiers (issue 8 item 8, docs/worklists.md): by code prefix,
 * applicant name prefix (diacritics and case ignored: text_fold), ID number, phone, procedure,
 * state and submission dates, within the staff member's unit subtree, from indexes
 * (migration 0011). */
#ifndef MOTCUA_SEARCH_H
#define MOTCUA_SEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/portal.h"	/* struct actor */

#define SEARCH_PAGE 50		/* rows of one page */
#define SEARCH_CSV_MAX 100000	/* rows of one CSV export */

/* What the form asks (NULL/0 = not given); text as typed. */
struct search_query {
	const char *code, *name, *id_number, *phone, *status, *procedure_code;
	int64_t from_day, to_day;	/* local day numbers, inclusive; 0 = not given */
};

/* Fold the applicant names of up to max dossiers that have no search key yet (new dossiers,
 * rows migrated by 0011), in one transaction; *done (may be NULL) receives how many. E_DB. */
enum err search_fold_pending(struct db *db, int max, int *done);

/* One page (0-based) for who: *out = {"rows": [as worklist_page, plus "version" (the
 * bulk assign's expect_version)], "page", "more"}.
 * E_INVALID when nothing is asked (no field given), E_NOTFOUND who has no unit, E_DB. */
enum err search_page(struct db *db, const struct actor *who, const struct search_query *q,
		     int page, json_t **out);

/* Call row(ctx, ...) for each match (at most SEARCH_CSV_MAX; each row also has "id", the
 * dossier's id, for the view log of an export), a page of rows at a time, so
 * that a CSV export streams. A non-zero return from row stops. Errors as search_page. */
enum err search_each(struct db *db, const struct actor *who, const struct search_query *q,
		     int (*row)(void *ctx, json_t *row), void *ctx);

#endif
