/* catalog_admin.h - the versioned catalogue editor's rules (issue 10 §3,
 * docs/admin-catalog.md). A procedure's versions are catalogue JSON objects (formats.md);
 * saving writes a DRAFT, never the live version; publishing copies the draft into the
 * procedures row in one transaction, so dossiers keep the version they were created under.
 * Every change is recorded with admin_audit_record in its own transaction. */
#ifndef MOTCUA_CATALOG_ADMIN_H
#define MOTCUA_CATALOG_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/import.h"
#include "motcua/role.h"

#define CATALOG_ADMIN_PAGE 50	/* procedures per page of the list */
#define CATALOG_ADMIN_HISTORY 100	/* versions shown in the history */

/* Whether an account may edit the catalogue: procedures are province-wide, so only an
 * administrator of a root unit (the province) may. E_OK with *may set, E_DB. */
enum err catalog_admin_may(struct db *db, enum role role, int64_t unit_id, bool *may);

/* The list's query: q (diacritics ignored, first 4 words), field id (0: all), state
 * ("", "published", "unpublished", "draft"), page (1-based). */
struct catalog_admin_query {
	const char *q;
	int64_t field_id;
	const char *state;
	int64_t page;
};
/* *out = {"rows": [{"code", "name", "field", "version", "published", "has_draft"}],
 * "total", "page", "pages"}. E_DB. */
enum err catalog_admin_list(struct db *db, const struct catalog_admin_query *q, json_t **out);

/* *out = {"code", "exists", "version" (live), "published", "live": data or null,
 * "draft": data or null, "draft_version", "history": [{"version", "state", "by", "created_at",
 * "published_at", "changes": [top-level keys that differ from the version before]}],
 * "stamp": "LIVE-DRAFT-SAVEDAT-HASH" (changes whenever a draft is saved or published: a form built
 * from another stamp is stale)}.
 * An unknown code gives exists false (a new procedure). E_DB. */
enum err catalog_admin_get(struct db *db, const char *code, json_t **out);

/* Check data (one procedure, formats.md) as `motcua import catalog` would, without writing:
 * E_OK, or E_INVALID with r->field ("fees[2].amount") and r->message; E_DB. */
enum err catalog_admin_check(struct db *db, json_t *data, struct import_result *r);

/* Save data as the draft of its code (data["code"]), replacing an older draft. A code not in
 * the catalogue creates the procedure, unpublished, with data as its draft version 1.
 * *version receives the draft's number. E_INVALID (r says why; nothing saved), E_DB. */
enum err catalog_admin_save(struct db *db, json_t *data, int64_t user_id, int64_t now,
			    struct import_result *r, int *version);

/* Make the draft of code the live version (and offer the procedure). E_NOTFOUND when no such
 * procedure or no draft; E_INVALID when the draft no longer checks (r says why); E_DB. The
 * caller then calls web_engine_invalidate(). */
enum err catalog_admin_publish(struct db *db, const char *code, int64_t user_id, int64_t now,
			       struct import_result *r, int *version);

/* Withdraw (published false) or offer again (true) procedure code for new dossiers; dossiers
 * in flight continue. E_NOTFOUND, E_REFUSED when it has never been published, E_DB. */
enum err catalog_admin_set_published(struct db *db, const char *code, bool published,
				     int64_t user_id, int64_t now);

/* Forget the draft of code. E_NOTFOUND when there is none, E_DB. */
enum err catalog_admin_discard(struct db *db, const char *code, int64_t user_id, int64_t now);

/* The top-level keys whose values differ between versions a and b (either may be NULL), in
 * the order of formats.md. New array. */
json_t *catalog_admin_changes(const json_t *a, const json_t *b);

#endif
