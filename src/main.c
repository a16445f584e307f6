/* main.c - subcommand dispatch for the motcua executable. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/xalloc.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv, int first);
	const char *summary;
};

static const struct command commands[] = {
	{ "serve", cmd_serve, "run the web server" },
	{ "migrate", cmd_migrate, "create the database or bring its schema up to date" },
	{ "seed", cmd_seed, "load demo data: units, procedures, calendar, accounts, dossiers" },
	{ "import", cmd_import, "import units, calendar, catalog or dossiers from a file" },
	{ "report", cmd_report, "print the on-time report or the Decision 766 index" },
	{ "audit", cmd_audit, "verify the hash chain of the event log" },
	{ "stats", cmd_stats, "verify or rebuild report counters from the event log" },
	{ "user", cmd_user, "create accounts" },
	{ "backup", cmd_backup, "copy the database, key and files while the server runs" },
	{ "restore", cmd_restore, "rebuild a server from a backup folder" },
	{ "routes", cmd_routes, "print the route table (--format json for tools)" },
	{ "event", cmd_event, "apply one event to a dossier as a named account (operators, tests)" },
	{ "outbox", cmd_outbox, "deliver the notification outbox (emails, SMS) without the server" },
	{ "feedback", cmd_feedback, "list open citizen feedback, or answer one as staff" },
	{ "digest", cmd_digest, "queue the daily work-list email of every staff member" },
	{ "token", cmd_token, "issue, list or revoke API tokens for the reports API" },
	{ "search-keys", cmd_search_keys, "fold applicant names for the staff search (after 0011)" },
};

/* Print the list of subcommands. */
static void usage(FILE *out)
{
	fprintf(out, "usage: motcua COMMAND [options]   (motcua COMMAND --help for details)\n\n"
		     "motcua - one-stop-shop (một cửa) administrative procedures service\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
}

/* Entry point: initialise SQLite, jansson's allocator and libsodium, then hand argv to the
 * named subcommand. */
int main(int argc, char **argv)
{
	/* Must precede any other SQLite call and any json_t. */
	db_library_init();
	xalloc_json_init();
	if (sodium_init() < 0) {
		fprintf(stderr, "motcua: libsodium failed to initialise\n");
		return 1;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc, argv, 2);
	fprintf(stderr, "motcua: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
