/* backup_store.h - the database side of `motcua backup` and `motcua restore`: an online,
 * consistent copy of a live database, and the checks a copy must pass before it is trusted. */
#ifndef MOTCUA_BACKUP_STORE_H
#define MOTCUA_BACKUP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* What backup_store_check found in a database file. */
struct backup_db_info {
	int schema;		/* PRAGMA user_version */
	int64_t dossiers;	/* rows in dossiers */
};

/* Copy the database at db_path into the new file to_path (which must not exist) while other
 * connections keep reading and writing: one read transaction through the SQLite backup API,
 * so the copy is one consistent snapshot. The copy uses the rollback journal (a single
 * self-contained file; the server switches it back to WAL when it opens it). E_DB after
 * logging; to_path may then be left partly written (the caller removes it). */
enum err backup_store_copy(const char *db_path, const char *to_path);

/* Open path read-only, run PRAGMA integrity_check and read the schema version and the number
 * of dossiers into *info. E_INVALID after logging the first problem when the check fails (or
 * the file is not a database), E_DB when it cannot be opened. */
enum err backup_store_check(const char *path, struct backup_db_info *info);

/* Ask present(ctx, hash) about every stored_files hash of the database file at path (opened
 * read-only; a schema without stored_files has none). *missing receives how many were not
 * present and first (65 bytes) the first of them ("" when none). E_DB after logging when the
 * file cannot be read. */
enum err backup_store_missing_files(const char *path, bool (*present)(void *ctx, const char *hash),
				    void *ctx, int64_t *missing, char first[65]);

/* Number of dossiers in the open database into *n. E_DB after logging. */
enum err backup_store_dossier_count(struct db *db, int64_t *n);

#endif
