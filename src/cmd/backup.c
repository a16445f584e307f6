/* backup.c - `motcua backup`: online copy through the SQLite backup API. */
#include <stdio.h>

#include <sqlite3.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/paths.h"

/* See cmd.h. Copies the live database page by page while other connections keep writing. */
int cmd_backup(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *to = NULL;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "to", NULL, CLI_STR, &to, 0, 0, "file to write the copy to (required)" },
	};
	const struct cli_spec spec = { "motcua backup", "copy the database while it is in use", NULL,
				       opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!to) {
		fprintf(stderr, "motcua backup: --to FILE is required\n");
		return 2;
	}
	sqlite3 *src = NULL, *dst = NULL;
	int result = 1;
	if (sqlite3_open_v2(db_file, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "motcua backup: cannot open %s: %s\n", db_file, sqlite3_errmsg(src));
		goto out;
	}
	if (sqlite3_open(to, &dst) != SQLITE_OK) {
		fprintf(stderr, "motcua backup: cannot create %s: %s\n", to, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		fprintf(stderr, "motcua backup: %s\n", sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	do {
		step = sqlite3_backup_step(b, 256);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "motcua backup: copy failed: %s\n", sqlite3_errstr(step));
		goto out;
	}
	printf("motcua backup: %s copied to %s\n", db_file, to);
	result = 0;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return result;
}
