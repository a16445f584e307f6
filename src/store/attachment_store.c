/* attachment_store.c - SQL for stored_files and attachments. */
#include "motcua/attachment_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

static const char SQL_FILE_PUT[] =
	"INSERT INTO stored_files (hash, kind, size, first_seen) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (hash) DO NOTHING";
static const char SQL_INSERT[] =
	"INSERT INTO attachments (owner_kind, owner_id, file_hash, title, file_name, uploaded_by, "
	"uploaded_at, slot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
#define ROW_COLUMNS                                                                          \
	"a.id, a.owner_id, a.file_hash, f.kind, f.size, a.title, a.file_name, "              \
	"coalesce(a.uploaded_by, 0), a.uploaded_at "                                          \
	"FROM attachments a JOIN stored_files f ON f.hash = a.file_hash "
static const char SQL_LIST[] = "SELECT " ROW_COLUMNS
			       "WHERE a.owner_kind = ?1 AND a.owner_id = ?2 ORDER BY a.id DESC";
static const char SQL_GET[] = "SELECT " ROW_COLUMNS
			      "WHERE a.owner_kind = ?1 AND a.owner_id = ?2 AND a.id = ?3";
static const char SQL_DELETE[] = "DELETE FROM attachments WHERE id = ?1";
static const char SQL_REFS[] = "SELECT count(*) FROM attachments WHERE file_hash = ?1";
static const char SQL_FILE_KNOWN[] = "SELECT count(*) FROM stored_files WHERE hash = ?1";
static const char SQL_FILE_DELETE[] =
	"DELETE FROM stored_files WHERE hash = ?1 AND NOT EXISTS "
	"(SELECT 1 FROM attachments WHERE file_hash = ?1)";

static const char *const owner_names[ATTACH_OWNER__MAX] = { "user", "dossier" };

/* See attachment_store.h. */
const char *attachment_owner_name(enum attachment_owner o)
{
	return (unsigned)o < ATTACH_OWNER__MAX ? owner_names[o] : "?";
}

/* See attachment_store.h. */
enum err attachment_store_file_put(struct db *db, const char *hash, const char *kind,
				   int64_t size, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FILE_PUT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, size);
	db_bind_int(st, 4, now);
	return db_step_done(db, st);
}

/* See attachment_store.h. */
enum err attachment_store_insert(struct db *db, enum attachment_owner owner, int64_t owner_id,
				 const char *hash, const char *title, const char *file_name,
				 int64_t uploaded_by, int64_t now, int64_t *id)
{
	return attachment_store_insert_slot(db, owner, owner_id, ATTACHMENT_NO_SLOT, hash, title,
					    file_name, uploaded_by, now, id);
}

/* See attachment_store.h. */
enum err attachment_store_insert_slot(struct db *db, enum attachment_owner owner,
				      int64_t owner_id, int slot, const char *hash,
				      const char *title, const char *file_name,
				      int64_t uploaded_by, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, attachment_owner_name(owner));
	db_bind_int(st, 2, owner_id);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, title);
	db_bind_text(st, 5, file_name);
	if (uploaded_by > 0)
		db_bind_int(st, 6, uploaded_by);
	db_bind_int(st, 7, now);
	if (slot != ATTACHMENT_NO_SLOT)
		db_bind_int(st, 8, slot);
	enum err e = db_step_done(db, st);
	if (e == E_OK && id)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* Copy the current row of st (ROW_COLUMNS) into r. */
static void read_row(sqlite3_stmt *st, struct attachment_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->owner_id = sqlite3_column_int64(st, 1);
	snprintf(r->hash, sizeof(r->hash), "%s", db_col_text(st, 2));
	snprintf(r->kind, sizeof(r->kind), "%s", db_col_text(st, 3));
	r->size = sqlite3_column_int64(st, 4);
	snprintf(r->title, sizeof(r->title), "%s", db_col_text(st, 5));
	snprintf(r->file_name, sizeof(r->file_name), "%s", db_col_text(st, 6));
	r->uploaded_by = sqlite3_column_int64(st, 7);
	r->uploaded_at = sqlite3_column_int64(st, 8);
}

/* See attachment_store.h. */
enum err attachment_store_list(struct db *db, enum attachment_owner owner, int64_t owner_id,
			       struct attachment_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, attachment_owner_name(owner));
	db_bind_int(st, 2, owner_id);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*rows = xrealloc(*rows, (size_t)cap * sizeof(**rows));
		}
		read_row(st, &(*rows)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return db_fail(db, "attachment list");
	}
	return E_OK;
}

/* See attachment_store.h. */
enum err attachment_store_get(struct db *db, enum attachment_owner owner, int64_t owner_id,
			      int64_t id, struct attachment_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, attachment_owner_name(owner));
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_row(st, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "attachment get");
	sqlite3_reset(st);
	return e;
}

/* See attachment_store.h. */
enum err attachment_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DELETE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return db_step_done(db, st);
}

/* See attachment_store.h. */
enum err attachment_store_refs(struct db *db, const char *hash, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REFS);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, hash);
	enum err e = db_int_step(db, st, n);
	return e == E_NOTFOUND ? E_DB : e;	/* count(*) always gives a row */
}

/* See attachment_store.h. */
enum err attachment_store_file_delete(struct db *db, const char *hash)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FILE_DELETE);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, hash);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_CONFLICT;
	return e;
}

/* See attachment_store.h. */
enum err attachment_store_file_known(struct db *db, const char *hash, bool *known)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FILE_KNOWN);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, hash);
	int64_t n = 0;
	enum err e = db_int_step(db, st, &n);
	*known = e == E_OK && n > 0;
	return e == E_NOTFOUND ? E_DB : e;	/* count(*) always gives a row */
}
