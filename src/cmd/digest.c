/* digest.c - `motcua digest --db PATH [--base-url URL]`: queue today's work-list digest email
 * of every staff member (worklist_digest), at most once a day each; `motcua outbox` or the
 * server delivers it. Run it daily at 07:00 local time from cron or a systemd timer
 * (docs/worklists.md). */
#include <stdio.h>

#include "motcua/calendar.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"
#include "motcua/worklist.h"

/* See cmd.h. */
int cmd_digest(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *base_url = "http://127.0.0.1:8080";
	char dir_buf[4096];
	const char *dir = share_path(dir_buf, sizeof(dir_buf), "templates/digest");
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "base-url", "MOTCUA_PUBLIC_URL", CLI_STR, &base_url, 0, 0,
		  "public base URL for the link in the email" },
	};
	const struct cli_spec spec = { "motcua digest",
				       "queue the daily work-list email of every staff member", NULL,
				       opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	struct calendar *cal = calendar_new();
	struct clock clk = { 0 };
	int queued = 0;
	enum err e = calendar_load(cal, db);
	if (e == E_OK)
		e = worklist_digest(db, cal, &clk, dir, base_url, &queued);
	calendar_free(cal);
	db_close(db);
	if (e != E_OK) {
		fprintf(stderr, "motcua digest: failed (%s)\n", err_name(e));
		return 1;
	}
	printf("%d digest email%s queued\n", queued, queued == 1 ? "" : "s");
	return 0;
}
