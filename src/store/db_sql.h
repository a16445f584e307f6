/* db_sql.h - the store's own view of a connection: the raw handle, the prepared-statement
 * cache and the bind/column helpers. Only src/store/ (and white-box tests, benchmarks and fuzz
 * targets) include it; every other layer sees the opaque struct db of motcua/db.h and the
 * store functions, which return structs. SQL text lives in src/store/ as constant strings;
 * db_stmt() prepares each once per connection (keyed by the string's address) so call sites
 * only bind parameters. */
#ifndef MOTCUA_DB_SQL_H
#define MOTCUA_DB_SQL_H

#include <sqlite3.h>
#include <stdint.h>

#include "motcua/db.h"

/* The raw handle. */
sqlite3 *db_handle(struct db *db);

/* The cached statement for sql (a string constant with static storage), reset and with its
 * bindings cleared. NULL after logging when the SQL does not prepare (a programming error). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Run one or more SQL statements without results. E_DB after logging on failure. */
enum err db_exec(struct db *db, const char *sql);

/* Log the connection's last error with a context word; returns E_DB (for tail calls). */
enum err db_fail(struct db *db, const char *context);

/* Step a statement that returns no row (INSERT/UPDATE/DELETE); E_CONFLICT on a constraint
 * violation, E_DB on other failures. The statement is reset afterwards. */
enum err db_step_done(struct db *db, sqlite3_stmt *st);

/* Step st (prepared and bound by the caller) to its end, growing *rows (size bytes each) with
 * read(st, row) for every row; *n receives the count; st is reset. On an error every row read
 * so far is released with drop(row) (may be NULL), *rows is freed and set to NULL, *n to 0,
 * and E_DB is returned after logging with the context word what. */
enum err db_collect(struct db *db, sqlite3_stmt *st, size_t size,
		    void (*read)(sqlite3_stmt *st, void *row), void (*drop)(void *row), void **rows,
		    int *n, const char *what);

/* Bind helpers: text may be NULL (binds NULL); text is copied by SQLite (TRANSIENT). */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s);
void db_bind_int(sqlite3_stmt *st, int idx, int64_t v);
/* Column text as a C string ("" for NULL); valid until the next step/reset. */
const char *db_col_text(sqlite3_stmt *st, int col);

/* The first column of the first row of a query without parameters (a count, a pragma) into
 * *out. E_OK; E_NOTFOUND when the query returns no row (*out untouched); E_DB after logging
 * when it does not prepare or fails. */
enum err db_int(struct db *db, const char *sql, int64_t *out);
/* Step st (prepared and bound by the caller) once, read its first column as an integer into
 * *out and reset it: E_OK, E_NOTFOUND when there is no row, E_DB (logged) on an error. */
enum err db_int_step(struct db *db, sqlite3_stmt *st, int64_t *out);

/* Step a bound statement and collect its first column as integers: *ids (caller frees) and *n.
 * The statement is reset. E_DB after logging context when stepping fails (nothing returned). */
enum err db_int_list(struct db *db, sqlite3_stmt *st, const char *context, int64_t **ids, int *n);
/* The tip of a hash chain: sql selects (id, hash) of the chain's last row. *id = 0 and a
 * zero hash when the table is empty. E_DB (logged with context) on failure. */
enum err db_chain_tip(struct db *db, const char *sql, const char *context, int64_t *id,
		      unsigned char hash[32]);

#endif
