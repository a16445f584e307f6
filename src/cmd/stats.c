/* stats.c - `motcua stats verify|rebuild --db PATH`: recount every report counter by
 * replaying the event log and compare (verify) or repair (rebuild). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"
#include "motcua/stats.h"

/* See cmd.h. verify: exit 1 when any counter differs. rebuild: exit 0 once repaired. */
int cmd_stats(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
	};
	const struct cli_spec spec = { "motcua stats",
				       "verify or rebuild the report counters from the event log",
				       "verify|rebuild", opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool repair;
	if (npos == 1 && !strcmp(pos[0], "verify"))
		repair = false;
	else if (npos == 1 && !strcmp(pos[0], "rebuild"))
		repair = true;
	else {
		fprintf(stderr, "motcua stats: verify or rebuild (see --help)\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	int64_t diffs = 0;
	enum err e = stats_verify(db, repair, repair ? NULL : stdout, &diffs);
	db_close(db);
	if (e != E_OK)
		return 1;
	if (repair) {
		printf("rebuilt: %" PRId64 " counter value%s corrected\n", diffs,
		       diffs == 1 ? "" : "s");
		return 0;
	}
	if (diffs) {
		printf("%" PRId64 " counter value%s differ from the event log\n", diffs,
		       diffs == 1 ? "" : "s");
		return 1;
	}
	printf("ok: counters equal a replay of the event log\n");
	return 0;
}
