/* procedure_version_store.h - SQL for procedure_versions and the version columns of
 * procedures (the versioned catalogue, docs/admin-catalog.md). Strings handed to callbacks
 * belong to SQLite and are valid only during the call. */
#ifndef MOTCUA_PROCEDURE_VERSION_STORE_H
#define MOTCUA_PROCEDURE_VERSION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* Id, live version and published flag of the procedure with this code. E_NOTFOUND, E_DB. */
enum err pv_store_proc(struct db *db, const char *code, int64_t *id, int *version,
		       bool *published);
/* Live version and published flag of procedure id. E_NOTFOUND, E_DB. */
enum err pv_store_live(struct db *db, int64_t id, int *version, bool *published);
/* The draft of procedure id: its version number and data (caller frees). E_NOTFOUND when the
 * procedure has no draft, E_DB. */
enum err pv_store_draft(struct db *db, int64_t id, int *version, char **data);
/* Create or replace the draft of procedure id with data (a new draft gets the next version
 * number). E_DB. */
enum err pv_store_draft_put(struct db *db, int64_t id, const char *data, int64_t user_id,
			    int64_t now, int *version);
/* Forget the draft of procedure id (none: E_OK). E_DB. */
enum err pv_store_draft_drop(struct db *db, int64_t id);
/* Append data as the published version of procedure id (the next number after every
 * version), the published one before it becoming superseded. E_DB. */
enum err pv_store_add_published(struct db *db, int64_t id, const char *data, int64_t user_id,
				int64_t now, int *version);
/* Publish the draft of procedure id: it takes the number after the last non-draft version,
 * the published one before it becomes superseded. E_NOTFOUND when no draft, E_DB. */
enum err pv_store_publish_draft(struct db *db, int64_t id, int64_t user_id, int64_t now,
				int *version);
/* Set the procedures row's live version (the published flag is left as it is). E_DB. */
enum err pv_store_set_live(struct db *db, int64_t id, int version);
/* Offer (true) or withdraw (false) procedure id for new dossiers. E_DB. */
enum err pv_store_set_published(struct db *db, int64_t id, bool published);

/* One version of a procedure, newest first. */
struct pv_row {
	int version;
	const char *state;		/* draft, published, superseded */
	const char *data;
	const char *created_by;		/* user's name, "" for the command line */
	int64_t created_at, published_at;	/* published_at 0: never */
};
typedef bool (*pv_row_fn)(const struct pv_row *r, void *ctx);
/* Every version of procedure id, newest first, at most limit. E_DB. */
enum err pv_store_history(struct db *db, int64_t id, int limit, pv_row_fn fn, void *ctx);

/* The administrator's list (search, filters, paging). */
enum pv_filter { PV_ALL, PV_PUBLISHED, PV_UNPUBLISHED, PV_HAS_DRAFT, PV__MAX };
#define PV_WORDS 4
struct pv_list_query {
	const char *words[PV_WORDS];	/* folded words, every one must occur in name or code */
	int nwords;
	int64_t field_id;		/* 0: every field */
	enum pv_filter filter;
	int offset, limit;
};
struct pv_list_row {
	const char *code, *name, *field;
	int version;
	bool published, has_draft;
};
typedef bool (*pv_list_fn)(const struct pv_list_row *r, void *ctx);
/* The procedures matching q, by folded name, rows offset..offset+limit; *total the number
 * matching. E_DB. */
enum err pv_store_list(struct db *db, const struct pv_list_query *q, pv_list_fn fn, void *ctx,
		       int64_t *total);

#endif
