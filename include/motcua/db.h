/* db.h - one SQLite connection, as the layers above the store see it: open, close,
 * transactions and bulk-load switches. The connection is opaque: SQL text, statements and
 * every call into SQLite stay in src/store/ (src/store/db_sql.h is the store's own view, with the
 * prepared-statement cache keyed by the SQL string's address).
 * A connection is used by one thread at a time; the server gives each thread its own. */
#ifndef MOTCUA_DB_H
#define MOTCUA_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/buf.h"
#include "motcua/err.h"

struct db;

/* Process-wide SQLite settings; call once at start-up, before any other database call
 * (main does). Turns off SQLite's memory statistics, whose global mutex server threads would
 * otherwise fight over on every allocation. */
void db_library_init(void);

/* Open (creating if missing) the database at path with the project's pragmas: WAL,
 * busy_timeout 5000 ms, foreign_keys ON, synchronous FULL. *out receives the handle (caller
 * closes with db_close). Returns E_OK, or E_DB after logging why. */
enum err db_open(const char *path, struct db **out);
/* Finalize every cached statement and close; NULL is allowed. */
void db_close(struct db *db);
/* File path the connection was opened with. */
const char *db_path(const struct db *db);

/* BEGIN IMMEDIATE; E_DB when the write lock cannot be had within busy_timeout. */
enum err db_begin(struct db *db);
/* BEGIN (deferred): a read transaction whose snapshot is taken at the first read, for
 * reading several tables at one instant. E_DB on failure. End with db_rollback. */
enum err db_begin_read(struct db *db);
/* COMMIT; on failure rolls back and returns E_DB. */
enum err db_commit(struct db *db);
/* ROLLBACK, ignoring "no transaction is active". */
void db_rollback(struct db *db);

/* Bulk loading (the seed command, benchmarks): synchronous=OFF, the rollback journal in memory
 * instead of the WAL (each page written once), foreign keys not enforced row by row, and a
 * 256 MiB page cache on this connection until db_bulk_end, which restores WAL, foreign keys,
 * synchronous=FULL and the normal cache, checks every foreign key at once (E_CONFLICT when one
 * does not hold) and checkpoints the WAL into the database file (TRUNCATE). If another connection holds the file, the journal
 * stays WAL (SQLite refuses the switch), which is only slower. A crash in between may leave the
 * database corrupt: only for a file that is thrown away when the load does not finish. Never
 * for the server's connections. Call outside a transaction. */
enum err db_bulk_begin(struct db *db);
enum err db_bulk_end(struct db *db);
/* For bulk loads into a table: drop its secondary indexes (those created by CREATE INDEX, not
 * the ones behind UNIQUE or PRIMARY KEY constraints), appending their CREATE statements to
 * saved, so that db_indexes_restore(saved) rebuilds them afterwards in one sorted pass each. */
enum err db_indexes_defer(struct db *db, const char *table, struct buf *saved);
/* Recreate the indexes saved by db_indexes_defer (nothing when saved is empty). E_DB. */
enum err db_indexes_restore(struct db *db, const struct buf *saved);

/* PRAGMA user_version of the connection, or -1 when it cannot be read. */
int db_user_version(struct db *db);

#endif
