/* search_keys.c - `motcua search-keys --db PATH`: fold the applicant names of every dossier
 * that has no search key yet (after migration 0011 on an existing database, or after a bulk
 * import), so that the first staff search does not do it (docs/worklists.md). */
#include <stdio.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"
#include "motcua/search.h"

/* See cmd.h. */
int cmd_search_keys(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
	};
	const struct cli_spec spec = { "motcua search-keys",
				       "fold applicant names for the staff search", NULL, opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	long total = 0;
	enum err e = E_OK;
	for (;;) {
		int done = 0;
		e = search_fold_pending(db, 50000, &done);
		total += done;
		if (e != E_OK || done < 50000)
			break;
	}
	db_close(db);
	if (e != E_OK)
		return 1;
	printf("%s: %ld applicant name%s folded\n", db_file, total, total == 1 ? "" : "s");
	return 0;
}
