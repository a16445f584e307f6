/* test_db.c - the connection helpers: db_int tells a value, no row and an error apart;
 * db_user_version reads the pragma; deferred indexes come back. */
#include "harness.h"

#include <stdlib.h>

#include "motcua/buf.h"
#include "../../src/store/db_sql.h"

static struct db *open_memory(void)
{
	struct db *db;
	if (db_open(":memory:", &db) != E_OK ||
	    db_exec(db, "CREATE TABLE t (x INTEGER); CREATE INDEX t_x ON t(x);") != E_OK)
		abort();
	return db;
}

static void db_int_gives_the_value_of_the_first_row(void)
{
	static const char sql[] = "SELECT 42 UNION ALL SELECT 7";
	struct db *db = open_memory();
	int64_t v = 0;
	CHECK_INT(db_int(db, sql, &v), E_OK);
	CHECK_INT(v, 42);
	db_close(db);
}

static void db_int_says_not_found_for_no_row(void)
{
	static const char sql[] = "SELECT x FROM t";
	struct db *db = open_memory();
	int64_t v = 99;
	CHECK_INT(db_int(db, sql, &v), E_NOTFOUND);
	CHECK_INT(v, 99);	/* untouched */
	db_close(db);
}

static void db_int_says_db_error_when_the_query_fails(void)
{
	static const char bad_sql[] = "SELECT x FROM no_such_table";
	/* Prepares, then fails while stepping: integer overflow. */
	static const char failing[] = "SELECT abs(-9223372036854775807 - 1)";
	struct db *db = open_memory();
	int64_t v = 99;
	CHECK_INT(db_int(db, bad_sql, &v), E_DB);
	CHECK_INT(db_int(db, failing, &v), E_DB);
	CHECK_INT(v, 99);
	/* A zero value is a value, not "no row". */
	static const char zero[] = "SELECT count(*) FROM t";
	CHECK_INT(db_int(db, zero, &v), E_OK);
	CHECK_INT(v, 0);
	db_close(db);
}

static void user_version_is_read(void)
{
	struct db *db = open_memory();
	CHECK_INT(db_user_version(db), 0);
	CHECK_INT(db_exec(db, "PRAGMA user_version = 7"), E_OK);
	CHECK_INT(db_user_version(db), 7);
	db_close(db);
}

static void deferred_indexes_are_restored(void)
{
	static const char count_indexes[] =
		"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 't_x'";
	struct db *db = open_memory();
	struct buf saved = BUF_INIT;
	int64_t n = -1;
	CHECK_INT(db_indexes_defer(db, "t", &saved), E_OK);
	CHECK_INT(db_int(db, count_indexes, &n), E_OK);
	CHECK_INT(n, 0);
	CHECK_INT(db_indexes_restore(db, &saved), E_OK);
	CHECK_INT(db_int(db, count_indexes, &n), E_OK);
	CHECK_INT(n, 1);
	buf_free(&saved);
	struct buf empty = BUF_INIT;
	CHECK_INT(db_indexes_restore(db, &empty), E_OK);
	db_close(db);
}

int main(void)
{
	RUN(db_int_gives_the_value_of_the_first_row);
	RUN(db_int_says_not_found_for_no_row);
	RUN(db_int_says_db_error_when_the_query_fails);
	RUN(user_version_is_read);
	RUN(deferred_indexes_are_restored);
	return harness_done("test_db");
}
