/* backup_store.c - online copy of the database (SQLite backup API) and the integrity check
 * of a copy. Every sqlite3_* call of backup and restore lives here. */
#include "motcua/backup_store.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_sql.h"
#include "motcua/log.h"

static const char SQL_DOSSIER_COUNT[] = "SELECT count(*) FROM dossiers";
static const char SQL_HAS_FILES[] =
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'stored_files'";
static const char SQL_FILE_HASHES[] = "SELECT hash FROM stored_files";

/* See backup_store.h. */
enum err backup_store_copy(const char *db_path, const char *to_path)
{
	struct stat st;
	if (stat(db_path, &st) != 0) {
		log_error("backup: database %s not found", db_path);
		return E_DB;
	}
	sqlite3 *src = NULL, *dst = NULL;
	enum err result = E_DB;
	/* The source is opened read-write only so that it can join the WAL (a read-only
	 * connection cannot create the -shm file); it never writes. */
	if (sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		log_error("backup: cannot open %s: %s", db_path, sqlite3_errmsg(src));
		goto out;
	}
	sqlite3_busy_timeout(src, 5000);
	if (sqlite3_open_v2(to_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK) {
		log_error("backup: cannot create %s: %s", to_path, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		log_error("backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* -1: every page in one step, inside one read transaction of the source. In WAL mode
	 * writers go on meanwhile; the copy is the snapshot at the step's start. */
	int step;
	for (int tries = 0; tries < 250; tries++) {
		step = sqlite3_backup_step(b, -1);
		if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
			break;
		sqlite3_sleep(20);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		log_error("backup: copy of %s failed: %s", db_path, sqlite3_errstr(step));
		goto out;
	}
	/* The copied header says WAL; make the copy one self-contained file. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("backup: %s: %s", to_path, sqlite3_errmsg(dst));
		goto out;
	}
	result = E_OK;
out:
	sqlite3_close(src);
	if (sqlite3_close(dst) != SQLITE_OK)
		result = E_DB;
	return result;
}

/* See backup_store.h. */
enum err backup_store_check(const char *path, struct backup_db_info *info)
{
	info->schema = 0;
	info->dossiers = 0;
	sqlite3 *db = NULL;
	enum err result = E_DB;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		log_error("restore: cannot open %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_stmt *st = NULL;
	result = E_INVALID;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		log_error("restore: %s is not a motcua database: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	int rc = sqlite3_step(st);
	const char *first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	bool ok = first && strcmp(first, "ok") == 0;
	if (!ok)
		log_error("restore: %s fails the integrity check: %s", path,
			  first ? first : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (!ok)
		goto out;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		goto out;
	}
	info->schema = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, SQL_DOSSIER_COUNT, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		log_error("restore: %s has no dossiers table: %s", path, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		goto out;
	}
	info->dossiers = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	result = E_OK;
out:
	sqlite3_close(db);
	return result;
}

/* See backup_store.h. */
enum err backup_store_dossier_count(struct db *db, int64_t *n)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_DOSSIER_COUNT);
	if (!st)
		return E_DB;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, "dossier count");
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return E_OK;
}

/* See backup_store.h. */
enum err backup_store_missing_files(const char *path, bool (*present)(void *ctx, const char *hash),
				    void *ctx, int64_t *missing, char first[65])
{
	*missing = 0;
	first[0] = '\0';
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum err result = E_DB;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, SQL_HAS_FILES, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		log_error("backup: cannot read the file list of %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	bool has = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	st = NULL;
	if (!has) {
		result = E_OK;
		goto out;
	}
	if (sqlite3_prepare_v2(db, SQL_FILE_HASHES, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, 0);
		if (hash && !present(ctx, hash) && (*missing)++ == 0)
			snprintf(first, 65, "%s", hash);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	result = E_OK;
	goto out;
fail:
	log_error("backup: cannot read the file list of %s: %s", path, sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return result;
}
