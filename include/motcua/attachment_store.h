/* attachment_store.h - SQL for stored_files and attachments (migration 0003); used by
 * src/domain/attachment.c only. Kinds and owner kinds are the schema's CHECK names. */
#ifndef MOTCUA_ATTACHMENT_STORE_H
#define MOTCUA_ATTACHMENT_STORE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"

#define ATTACHMENT_TITLE_BYTES (200 * 4 + 1)	/* 200 characters of UTF-8 */
#define ATTACHMENT_NAME_BYTES (120 * 4 + 1)	/* 120 characters of UTF-8 */

/* Owners of attachments; the names are attachments.owner_kind's CHECK list. */
enum attachment_owner { ATTACH_OWNER_USER, ATTACH_OWNER_DOSSIER, ATTACH_OWNER__MAX };

/* "user", "dossier"; "?" out of range. */
const char *attachment_owner_name(enum attachment_owner o);

/* One attachment with its stored file. */
struct attachment_row {
	int64_t id;
	int64_t owner_id;
	char hash[65];
	char kind[8];		/* "pdf", "jpeg", "png" */
	int64_t size;
	char title[ATTACHMENT_TITLE_BYTES];
	char file_name[ATTACHMENT_NAME_BYTES];
	int64_t uploaded_by;	/* 0 when unknown */
	int64_t uploaded_at;	/* UTC epoch seconds */
};

/* Record a stored file (hash, kind, size) first seen at now; nothing when the hash is already
 * there. E_DB on failure. */
enum err attachment_store_file_put(struct db *db, const char *hash, const char *kind,
				   int64_t size, int64_t now);
/* Insert an attachment of stored file hash to (owner, owner_id); *id receives its id.
 * uploaded_by <= 0 stores NULL. E_CONFLICT when a constraint fails, E_DB otherwise. */
enum err attachment_store_insert(struct db *db, enum attachment_owner owner, int64_t owner_id,
				 const char *hash, const char *title, const char *file_name,
				 int64_t uploaded_by, int64_t now, int64_t *id);
/* The slot of an attachment that has none (attachments.slot NULL: a user's document). */
#define ATTACHMENT_NO_SLOT INT_MIN
/* Same with the attachment's slot in its dossier (portal.h SLOT_*, or a component index;
 * ATTACHMENT_NO_SLOT stores NULL). */
enum err attachment_store_insert_slot(struct db *db, enum attachment_owner owner,
				      int64_t owner_id, int slot, const char *hash,
				      const char *title, const char *file_name,
				      int64_t uploaded_by, int64_t now, int64_t *id);
/* The attachments of (owner, owner_id), newest first: *rows (caller frees) and *n. E_DB. */
enum err attachment_store_list(struct db *db, enum attachment_owner owner, int64_t owner_id,
			       struct attachment_row **rows, int *n);
/* Attachment id if it belongs to (owner, owner_id) into *out; E_NOTFOUND otherwise. */
enum err attachment_store_get(struct db *db, enum attachment_owner owner, int64_t owner_id,
			      int64_t id, struct attachment_row *out);
/* Delete attachment id (the stored file row stays). E_DB. */
enum err attachment_store_delete(struct db *db, int64_t id);
/* How many attachments reference hash into *n. E_DB. */
enum err attachment_store_refs(struct db *db, const char *hash, int64_t *n);
/* Delete the stored_files row of hash (only when nothing references it). E_CONFLICT when an
 * attachment still does, E_DB otherwise. */
enum err attachment_store_file_delete(struct db *db, const char *hash);
/* Whether a stored_files row for hash exists, into *known. E_DB. */
enum err attachment_store_file_known(struct db *db, const char *hash, bool *known);

#endif
