/* migrate.c - `motcua migrate`: create the database or bring its schema up to date. */
#include <stdio.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"

/* See cmd.h. */
int cmd_migrate(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	char dir_buf[4096];
	const char *dir = share_path(dir_buf, sizeof(dir_buf), "migrations");
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "migrations", "MOTCUA_MIGRATIONS", CLI_STR, &dir, 0, 0, "folder of NNNN_*.sql files" },
	};
	const struct cli_spec spec = { "motcua migrate", "apply pending schema migrations", NULL,
				       opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	int applied = 0;
	enum err e = migrate_apply(db, dir, &applied);
	int version = db_user_version(db);
	db_close(db);
	if (e != E_OK)
		return 1;
	printf("%s: schema version %d (%d migration%s applied)\n", db_file, version, applied,
	       applied == 1 ? "" : "s");
	return 0;
}
