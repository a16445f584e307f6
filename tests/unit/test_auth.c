/* test_auth.c - Argon2id password hashing and account creation. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/auth.h"
#include "motcua/migrate.h"
#include "../../src/store/db_sql.h"

static struct db *db;
static char db_file[64];

/* A fresh migrated database with one unit. */
static void open_db(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-auth-%d.db", (int)getpid());
	unlink(db_file);
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	db_exec(db, "INSERT INTO units (id, code, name, level, path) "
		    "VALUES (1, 'H29.23', 'UBND huyện Bình Chánh', 'district', '/1/')");
}

static void password_hash_is_argon2id_and_verifies(void)
{
	char h[128];
	CHECK_INT(auth_password_hash("mật khẩu rất dài", h), E_OK);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK(auth_password_verify(h, "mật khẩu rất dài"));
	CHECK(!auth_password_verify(h, "mật khẩu rất dàI"));
}

static void short_password_is_refused(void)
{
	char h[128];
	CHECK_INT(auth_password_hash("ngắn", h), E_INVALID);
	/* 10 characters but more bytes: length is counted in characters */
	CHECK_INT(auth_password_hash("ắắắắắắắắắắ", h), E_OK);
}

static void user_add_checks_input(void)
{
	char why[200];
	int64_t id;
	CHECK_INT(user_add(db, "clerk.bc", "Lê Thị Hoa", ROLE_CLERK, "H29.23", "mot-cua-2026", 1, &id,
			   why, sizeof(why)), E_OK);
	CHECK(id > 0);
	CHECK_INT(user_add(db, "clerk.bc", "Ai đó", ROLE_CLERK, "H29.23", "mot-cua-2026", 1, &id,
			   why, sizeof(why)), E_CONFLICT);
	CHECK_INT(user_add(db, "Bad Name", "X", ROLE_CLERK, "H29.23", "mot-cua-2026", 1, &id, why,
			   sizeof(why)), E_INVALID);
	CHECK_INT(user_add(db, "lead", "X", ROLE_LEADER, "H99", "mot-cua-2026", 1, &id, why,
			   sizeof(why)), E_INVALID);
	CHECK(strstr(why, "H99") != NULL);
	CHECK_INT(user_add(db, "lead", "X", ROLE_LEADER, NULL, "mot-cua-2026", 1, &id, why,
			   sizeof(why)), E_INVALID);
	CHECK_INT(user_add(db, "dan", "Nguyễn Văn An", ROLE_CITIZEN, NULL, "mot-cua-2026", 1, &id,
			   why, sizeof(why)), E_OK);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	open_db();
	RUN(password_hash_is_argon2id_and_verifies);
	RUN(short_password_is_refused);
	RUN(user_add_checks_input);
	db_close(db);
	unlink(db_file);
	char p[80];
	snprintf(p, sizeof(p), "%s-wal", db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_file);
	unlink(p);
	return harness_done("test_auth");
}
