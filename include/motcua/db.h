/* db.h - one SQLite connection with its prepared-statement cache.
 * SQL text lives in src/store/ as constant strings; db_stmt() prepares each once per
 * connection (keyed by the string's address) so call sites only bind parameters.
 * A connection is used by one thread at a time; the server gives each thread its own. */
#ifndef MOTCUA_DB_H
#define MOTCUA_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/buf.h"
#include "motcua/err.h"

struct db;

/* Open (creating if missing) the database at path with the project's pragmas: WAL,
 * busy_timeout 5000 ms, foreign_keys ON, synchronous FULL. *out receives the handle (caller
 * closes with db_close). Returns E_OK, or E_DB after logging why. */
enum err db_open(const char *path, struct db **out);
/* Finalize every cached statement and close; NULL is allowed. */
void db_close(struct db *db);
/* The raw handle, for the store layer only. */
sqlite3 *db_handle(struct db *db);
/* File path the connection was opened with. */
const char *db_path(const struct db *db);

/* The cached statement for sql (a string constant with static storage), reset and with its
 * bindings cleared. NULL after logging when the SQL does not prepare (a programming error). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Run one or more SQL statements without results. E_DB after logging on failure. */
enum err db_exec(struct db *db, const char *sql);
/* BEGIN IMMEDIATE; E_DB when the write lock cannot be had within busy_timeout. */
enum err db_begin(struct db *db);
/* COMMIT; on failure rolls back and returns E_DB. */
enum err db_commit(struct db *db);
/* ROLLBACK, ignoring "no transaction is active". */
void db_rollback(struct db *db);

/* Log the connection's last error with a context word; returns E_DB (for tail calls). */
enum err db_fail(struct db *db, const char *context);

/* Step a statement that returns no row (INSERT/UPDATE/DELETE); E_CONFLICT on a constraint
 * violation, E_DB on other failures. The statement is reset afterwards. */
enum err db_step_done(struct db *db, sqlite3_stmt *st);

/* Bind helpers: text may be NULL (binds NULL); text is copied by SQLite (TRANSIENT). */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s);
void db_bind_int(sqlite3_stmt *st, int idx, int64_t v);
/* Column text as a C string ("" for NULL); valid until the next step/reset. */
const char *db_col_text(sqlite3_stmt *st, int col);

/* The first column of the first row of a query without parameters (a count, a pragma), or
 * -1 when it fails or returns no row. */
int64_t db_int(struct db *db, const char *sql);
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
 * saved, so that db_exec(saved) rebuilds them afterwards in one sorted pass each. */
enum err db_indexes_defer(struct db *db, const char *table, struct buf *saved);

/* Step a bound statement and collect its first column as integers: *ids (caller frees) and *n.
 * The statement is reset. E_DB after logging context when stepping fails (nothing returned). */
enum err db_int_list(struct db *db, sqlite3_stmt *st, const char *context, int64_t **ids, int *n);

/* PRAGMA user_version of the connection. */
int db_user_version(struct db *db);

#endif
