/* attachment.h - files attached to an owner (a user's personal documents now, dossiers in the
 * next issue): the rules around the store's stored_files and attachments tables. The bytes
 * live in the file store (see http.h upload_*); this module never touches the file system
 * itself: the caller passes the file operations to run inside the write transaction. */
#ifndef MOTCUA_ATTACHMENT_H
#define MOTCUA_ATTACHMENT_H

#include <stddef.h>
#include <stdint.h>

#include "motcua/attachment_store.h"
#include "motcua/db.h"

#define ATTACHMENT_TITLE_MAX 200	/* characters */
#define ATTACHMENT_NAME_MAX 120		/* characters of a cleaned file name */

/* The client's file name made safe to store, show and send in Content-Disposition: the last
 * path segment (after '/' or '\'), control characters, malformed UTF-8 and the characters
 * " * : < > ? | ; replaced by '_', spaces and dots trimmed at both ends, cut to
 * ATTACHMENT_NAME_MAX characters keeping a short extension; "tep" when nothing is left.
 * Written NUL-terminated into out (n >= ATTACHMENT_NAME_BYTES). */
void attachment_clean_name(const char *in, char *out, size_t n);

/* A new attachment. kind: "pdf", "jpeg" or "png"; hash: 64 lowercase hex digits; title: the
 * owner's label for the document; file_name: as the client sent it (cleaned here). */
struct attachment_new {
	enum attachment_owner owner;
	int64_t owner_id;
	const char *hash;
	const char *kind;
	int64_t size;
	const char *title;
	const char *file_name;
	int64_t uploaded_by;
	int64_t now;
};

/* Record a: in one write transaction, place(ctx) (moves the file into the store; under the
 * write lock, so a concurrent removal of the same content cannot delete it afterwards), the
 * stored_files row (once per hash) and the attachment row. *id receives the new id.
 * E_INVALID for an empty or too long title, a bad kind or hash (nothing done); place's error,
 * or E_DB, with nothing recorded. */
enum err attachment_add(struct db *db, const struct attachment_new *a,
			enum err (*place)(void *ctx), void *ctx, int64_t *id);
/* attachment_add with the attachment's slot (ATTACHMENT_NO_SLOT: none) and a guard run first
 * inside the write transaction (NULL: none): its error (the owner's state forbids the file)
 * is returned with nothing placed or recorded. */
enum err attachment_add_slot(struct db *db, const struct attachment_new *a, int slot,
			     enum err (*guard)(void *ctx), enum err (*place)(void *ctx), void *ctx,
			     int64_t *id);

/* File operations for attachment_remove, on the content named by hash: hide moves it out of
 * the store (E_IO when it cannot), restore puts it back, purge deletes the hidden copy. */
struct attachment_unstore {
	void *ctx;
	enum err (*hide)(void *ctx, const char *hash);
	void (*restore)(void *ctx, const char *hash);
	void (*purge)(void *ctx, const char *hash);
};

/* The owner's attachments, newest first (*rows: caller frees). E_DB. */
enum err attachment_list(struct db *db, enum attachment_owner owner, int64_t owner_id,
			 struct attachment_row **rows, int *n);
/* Attachment id of this owner into *out; E_NOTFOUND when it does not exist or belongs to
 * someone else (the caller cannot tell which). */
enum err attachment_get(struct db *db, enum attachment_owner owner, int64_t owner_id,
			int64_t id, struct attachment_row *out);
/* Remove attachment id of this owner. When no other attachment references its stored file,
 * the stored_files row goes too and the file is hidden inside the transaction, then purged
 * after the commit (restored when the commit fails). E_NOTFOUND as attachment_get, E_DB. */
enum err attachment_remove(struct db *db, enum attachment_owner owner, int64_t owner_id,
			   int64_t id, const struct attachment_unstore *files);
/* Settle a file that attachment_remove hid and that a crash (or a failed restore) left
 * hidden: under the write lock, restore it when its stored_files row exists (the removal
 * never committed), purge it when not (it did). E_DB when the lock or the look-up fails
 * (the hidden file is then left alone). */
enum err attachment_settle_hidden(struct db *db, const char *hash,
				  const struct attachment_unstore *files);

#endif
