/* db.c - SQLite connection, pragmas and prepared-statement cache. */
#include "db_sql.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

#define STMT_SLOTS 256	/* open-addressing table; more statements than this is a design smell */

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	char *path;
	struct stmt_slot slots[STMT_SLOTS];
};

/* See db_sql.h. */
enum err db_fail(struct db *db, const char *context)
{
	log_error("sqlite %s: %s (%d)", context, sqlite3_errmsg(db->h), sqlite3_extended_errcode(db->h));
	return E_DB;
}

static const char sql_pragmas[] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
				  "PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; "
				  "PRAGMA cache_size=-16000;";
static const char sql_bulk_begin[] = "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; "
				     "PRAGMA journal_mode=MEMORY; PRAGMA foreign_keys=OFF;";
static const char sql_bulk_end[] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
				   "PRAGMA synchronous=FULL; "
				   "PRAGMA cache_size=-16000; "
				   "PRAGMA wal_checkpoint(TRUNCATE);";

/* See db_sql.h. */
enum err db_collect(struct db *db, sqlite3_stmt *st, size_t size,
		    void (*read)(sqlite3_stmt *st, void *row), void (*drop)(void *row), void **rows,
		    int *n, const char *what)
{
	char *v = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? 2 * cap : 8;
			v = xrealloc(v, (size_t)cap * size);
		}
		read(st, v + (size_t)count++ * size);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (int i = 0; drop && i < count; i++)
			drop(v + (size_t)i * size);
		free(v);
		*rows = NULL;
		*n = 0;
		return db_fail(db, what);
	}
	*rows = v;
	*n = count;
	return E_OK;
}

/* See db.h. */
void db_library_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* See db.h. */
enum err db_open(const char *path, struct db **out)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_error("cannot open database %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "no memory");
		db_close(db);
		return E_DB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	if (db_exec(db, sql_pragmas) != E_OK) {
		db_close(db);
		return E_DB;
	}
	*out = db;
	return E_OK;
}

/* See db.h. */
void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT_SLOTS; i++)
		if (db->slots[i].st)
			sqlite3_finalize(db->slots[i].st);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

/* See db_sql.h. */
sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

/* See db.h. */
const char *db_path(const struct db *db)
{
	return db->path;
}

/* See db_sql.h. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_SLOTS;
	for (size_t n = 0; n < STMT_SLOTS; n++, h = (h + 1) % STMT_SLOTS) {
		struct stmt_slot *s = &db->slots[h];
		if (s->sql == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s->st;
		}
		if (!s->sql) {
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st,
					       NULL) != SQLITE_OK) {
				log_error("prepare failed: %s: %.120s", sqlite3_errmsg(db->h), sql);
				s->st = NULL;
				return NULL;
			}
			s->sql = sql;
			return s->st;
		}
	}
	log_error("statement cache full (%d)", STMT_SLOTS);
	abort();
}

/* See db_sql.h. */
enum err db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite exec: %s: %.120s", msg ? msg : "?", sql);
		sqlite3_free(msg);
		return E_DB;
	}
	return E_OK;
}

/* See db.h. */
enum err db_begin(struct db *db)
{
	static const char sql[] = "BEGIN IMMEDIATE";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, "begin");
	sqlite3_reset(st);
	return E_OK;
}

/* See db.h. */
enum err db_begin_read(struct db *db)
{
	static const char sql[] = "BEGIN";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, "begin");
	sqlite3_reset(st);
	return E_OK;
}

/* See db.h. */
enum err db_commit(struct db *db)
{
	static const char sql[] = "COMMIT";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || sqlite3_step(st) != SQLITE_DONE) {
		enum err e = db_fail(db, "commit");
		if (st)
			sqlite3_reset(st);
		db_rollback(db);
		return e;
	}
	sqlite3_reset(st);
	return E_OK;
}

/* See db.h. */
void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* See db_sql.h. */
enum err db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_CONSTRAINT || (rc & 0xFF) == SQLITE_CONSTRAINT)
		e = E_CONFLICT;
	else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		e = db_fail(db, "step");
	sqlite3_reset(st);
	return e;
}

/* See db_sql.h. */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

/* See db_sql.h. */
void db_bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st, idx, v);
}

/* See db_sql.h. */
const char *db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

/* See db_sql.h. */
enum err db_int(struct db *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_int_step(db, st, out) : E_DB;
}

/* See db_sql.h. */
enum err db_int_step(struct db *db, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "query");
	sqlite3_reset(st);
	return e;
}

/* See db.h. */
enum err db_bulk_begin(struct db *db)
{
	return db_exec(db, sql_bulk_begin);
}

/* See db.h. */
enum err db_bulk_end(struct db *db)
{
	static const char sql_fk_check[] = "PRAGMA foreign_key_check";
	enum err e = db_exec(db, sql_bulk_end);
	if (e != E_OK)
		return e;
	/* Foreign keys were not enforced during the load: prove them now, all at once. */
	int64_t unused = 0;
	e = db_int(db, sql_fk_check, &unused);	/* any row is a broken foreign key */
	if (e == E_NOTFOUND)
		return E_OK;
	if (e == E_OK) {
		log_error("bulk load left rows whose foreign keys do not hold (PRAGMA "
			  "foreign_key_check lists them)");
		return E_CONFLICT;
	}
	return e;
}

/* See db.h. */
int db_user_version(struct db *db)
{
	static const char sql[] = "PRAGMA user_version";
	int64_t v = -1;
	return db_int(db, sql, &v) == E_OK ? (int)v : -1;
}

static const char sql_table_indexes[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 "
	"AND sql IS NOT NULL ORDER BY name";

/* See db.h. */
enum err db_indexes_defer(struct db *db, const char *table, struct buf *saved)
{
	sqlite3_stmt *st = db_stmt(db, sql_table_indexes);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, table);
	struct buf drops = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(&drops, "DROP INDEX \"%s\";\n", db_col_text(st, 0));
		buf_printf(saved, "%s;\n", db_col_text(st, 1));
	}
	sqlite3_reset(st);
	enum err e = rc == SQLITE_DONE ? E_OK : db_fail(db, "list indexes");
	if (e == E_OK && drops.len)
		e = db_exec(db, buf_str(&drops));
	buf_free(&drops);
	return e;
}

/* See db.h. */
enum err db_indexes_restore(struct db *db, const struct buf *saved)
{
	return saved->len ? db_exec(db, saved->data) : E_OK;
}

/* See db_sql.h. */
enum err db_int_list(struct db *db, sqlite3_stmt *st, const char *context, int64_t **ids, int *n)
{
	int cap = 16, count = 0, rc;
	int64_t *v = xmalloc(sizeof(*v) * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof(*v) * (size_t)cap);
		}
		v[count++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, context);
	}
	*ids = v;
	*n = count;
	return E_OK;
}

/* See db_sql.h. */
enum err db_chain_tip(struct db *db, const char *sql, const char *context, int64_t *id,
		      unsigned char hash[32])
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return E_DB;
	*id = 0;
	memset(hash, 0, 32);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(hash, sqlite3_column_blob(st, 1), 32);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_fail(db, context);
}
