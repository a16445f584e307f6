/* test_migrate.c - migrations: a fresh database gets exactly the golden schema, re-running is a
 * no-op, a failing migration leaves nothing behind, and a database newer than the program is
 * refused. Update the golden file after an intended schema change with:
 *   build/tests/test_migrate --write-golden */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/migrate.h"
#include "../../src/store/db_sql.h"

#define GOLDEN "tests/golden/schema.sql"

static bool write_golden;

/* Path of a scratch file for this process. */
static const char *scratch(const char *name)
{
	static char path[128];
	snprintf(path, sizeof(path), "/tmp/motcua-test-migrate-%d-%s", (int)getpid(), name);
	return path;
}

/* Remove a database file and its WAL companions. */
static void remove_db(const char *path)
{
	char p[160];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* The schema as text: every CREATE statement, ordered by type and name. */
static void schema_text(struct db *db, struct buf *out)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db),
			   "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
			   "ORDER BY type, name", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(out, "%s;\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Read a whole file; false when missing. */
static bool read_all(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	return true;
}

static void fresh_database_has_the_golden_schema(void)
{
	const char *path = scratch("fresh.db");
	remove_db(path);
	struct db *db;
	CHECK_INT(db_open(path, &db), E_OK);
	int applied = 0;
	CHECK_INT(migrate_apply(db, "migrations", &applied), E_OK);
	CHECK_INT(db_user_version(db), migrate_latest("migrations"));
	CHECK(applied >= 1);
	struct buf got = BUF_INIT, want = BUF_INIT;
	schema_text(db, &got);
	if (write_golden) {
		FILE *f = fopen(GOLDEN, "wb");
		fwrite(got.data, 1, got.len, f);
		fclose(f);
	}
	CHECK(read_all(GOLDEN, &want));
	if (!CHECK(want.len == got.len && memcmp(buf_str(&want), buf_str(&got), got.len) == 0)) {
		FILE *f = fopen("build/schema.actual.sql", "wb");
		if (f) {
			fwrite(got.data, 1, got.len, f);
			fclose(f);
		}
		printf("  schema differs from %s: see build/schema.actual.sql; if intended, run "
		       "build/tests/test_migrate --write-golden\n", GOLDEN);
	}
	/* Running again applies nothing and changes nothing. */
	CHECK_INT(migrate_apply(db, "migrations", &applied), E_OK);
	CHECK_INT(applied, 0);
	buf_free(&got);
	buf_free(&want);
	db_close(db);
	remove_db(path);
}

static void newer_database_is_refused(void)
{
	const char *path = scratch("newer.db");
	remove_db(path);
	struct db *db;
	CHECK_INT(db_open(path, &db), E_OK);
	CHECK_INT(migrate_apply(db, "migrations", NULL), E_OK);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migrate_latest("migrations") + 1);
	db_exec(db, sql);
	CHECK_INT(migrate_apply(db, "migrations", NULL), E_REFUSED);
	db_close(db);
	remove_db(path);
}

static void failing_migration_is_rolled_back_whole(void)
{
	char dir[128], p[256];
	snprintf(dir, sizeof(dir), "%s", scratch("migs"));
	mkdir(dir, 0700);
	snprintf(p, sizeof(p), "%s/0001_a.sql", dir);
	FILE *f = fopen(p, "w");
	fputs("CREATE TABLE a (x INTEGER);", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/0002_b.sql", dir);
	f = fopen(p, "w");
	fputs("CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);", f);
	fclose(f);
	const char *path = scratch("fail.db");
	remove_db(path);
	struct db *db;
	CHECK_INT(db_open(path, &db), E_OK);
	CHECK_INT(migrate_apply(db, dir, NULL), E_DB);
	CHECK_INT(db_user_version(db), 1);	/* 0001 kept, 0002 not */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
			   -1, &st, NULL);
	sqlite3_step(st);
	CHECK_INT(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	db_close(db);
	remove_db(path);
	snprintf(p, sizeof(p), "%s/0001_a.sql", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/0002_b.sql", dir);
	unlink(p);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	write_golden = argc > 1 && !strcmp(argv[1], "--write-golden");
	RUN(fresh_database_has_the_golden_schema);
	RUN(newer_database_is_refused);
	RUN(failing_migration_is_rolled_back_whole);
	return harness_done("test_migrate");
}
