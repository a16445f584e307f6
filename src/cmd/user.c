/* user.c - `motcua user add`: create an account; the password is read from standard input. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/auth.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"

/* Read the first line of standard input into pw (size n) without its newline. */
static bool read_password(char *pw, size_t n)
{
	if (!fgets(pw, (int)n, stdin))
		return false;
	size_t len = strlen(pw);
	while (len && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
		pw[--len] = '\0';
	return len > 0;
}

/* See cmd.h. */
int cmd_user(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *role = NULL, *unit = NULL, *name = NULL, *username = NULL;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "role", NULL, CLI_STR, &role, 0, 0, "citizen, clerk, specialist, leader or admin" },
		{ "unit", NULL, CLI_STR, &unit, 0, 0, "unit code (required for staff), e.g. H29.23" },
		{ "name", NULL, CLI_STR, &name, 0, 0, "full name, e.g. \"Nguyễn Văn An\"" },
		{ "username", NULL, CLI_STR, &username, 0, 0, "login name: a-z 0-9 . _ -" },
	};
	const struct cli_spec spec = { "motcua user", "add an account; password from stdin",
				       "add", opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || strcmp(pos[0], "add") != 0) {
		fprintf(stderr, "motcua user: expected 'add' (see motcua user --help)\n");
		return 2;
	}
	int r = role ? role_parse(role) : -1;
	if (r < 0 || !role_is_account((enum role)r) || !name || !username) {
		fprintf(stderr, "motcua user add: --role (citizen|clerk|specialist|leader|admin), "
				"--name and --username are required\n");
		return 2;
	}
	char pw[PASSWORD_MAX + 2];
	if (!read_password(pw, sizeof(pw))) {
		sodium_memzero(pw, sizeof(pw));
		fprintf(stderr, "motcua user add: give the password on standard input\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK) {
		sodium_memzero(pw, sizeof(pw));
		return 1;
	}
	char why[200] = "";
	int64_t id = 0;
	enum err e = user_add(db, username, name, (enum role)r, unit, pw, clock_now(NULL), &id,
			      why, sizeof(why));
	sodium_memzero(pw, sizeof(pw));
	db_close(db);
	if (e != E_OK) {
		fprintf(stderr, "motcua user add: %s\n", why[0] ? why : err_name(e));
		return e == E_INVALID || e == E_CONFLICT ? 2 : 1;
	}
	printf("user %s (%s) created with id %lld\n", username, role, (long long)id);
	return 0;
}
