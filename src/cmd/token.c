/* token.c - `motcua token add|list|revoke`: API tokens for the reports API (api_token.h,
 * docs/api.md). `add` prints the new token once, on its last line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/api_token.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"

/* "hh:mm dd/mm/yyyy" of t, or "-" for 0, into out. */
static const char *when(int64_t t, char out[17])
{
	if (!t)
		return "-";
	format_hm_dmy(t, out);
	return out;
}

/* Print the token list (no token values). */
static int list(struct db *db)
{
	json_t *a = NULL;
	enum err e = api_token_list(db, 0, &a);
	if (e != E_OK) {
		fprintf(stderr, "motcua token list: %s\n", err_name(e));
		return 1;
	}
	printf("%-5s %-8s %-16s %-16s %-16s %s\n", "id", "state", "created", "last used", "unit",
	       "name");
	size_t i;
	json_t *t;
	json_array_foreach(a, i, t) {
		char c[17], u[17];
		printf("%-5lld %-8s %-16s %-16s %-16s %s\n",
		       (long long)json_integer_value(json_object_get(t, "id")),
		       json_integer_value(json_object_get(t, "revoked_at")) ? "revoked" : "live",
		       when(json_integer_value(json_object_get(t, "created_at")), c),
		       when(json_integer_value(json_object_get(t, "last_used_at")), u),
		       json_string_value(json_object_get(t, "unit")),
		       json_string_value(json_object_get(t, "name")));
	}
	json_decref(a);
	return 0;
}

/* See cmd.h. */
int cmd_token(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *name = NULL, *unit = NULL;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "name", NULL, CLI_STR, &name, 0, 0, "add: what the token is for (at most 80 characters)" },
		{ "unit", NULL, CLI_STR, &unit, 0, 0, "add: unit code; the token reads its subtree" },
	};
	const struct cli_spec spec = { "motcua token", "API tokens for the reports API",
				       "add|list|revoke ID", opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[2];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	const char *verb = npos >= 1 ? pos[0] : "";
	char *end = NULL;
	long long id = npos == 2 ? strtoll(pos[1], &end, 10) : 0;
	if (!strcmp(verb, "add") && npos == 1) {
		if (!name || !unit) {
			fprintf(stderr, "motcua token add: --name and --unit are required\n");
			return 2;
		}
	} else if (!strcmp(verb, "revoke") && npos == 2) {
		if (!end || *end || id <= 0) {
			fprintf(stderr, "motcua token revoke: ID is a token number (see token list)\n");
			return 2;
		}
	} else if (strcmp(verb, "list") || npos != 1) {
		fprintf(stderr, "motcua token: add --name NAME --unit CODE, list, or revoke ID "
				"(see motcua token --help)\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	int64_t now = clock_now(NULL);
	if (!strcmp(verb, "list")) {
		rc = list(db);
	} else if (!strcmp(verb, "revoke")) {
		enum err e = api_token_revoke(db, id, 0, 0, now);
		rc = e == E_OK ? 0 : e == E_NOTFOUND || e == E_CONFLICT ? 2 : 1;
		if (e == E_OK)
			printf("token %lld revoked\n", id);
		else
			fprintf(stderr, "motcua token revoke: %s\n",
				e == E_NOTFOUND ? "no such token" :
				e == E_CONFLICT ? "the token is already revoked" : err_name(e));
	} else {
		char token[API_TOKEN_LEN + 1];
		int64_t tid = 0;
		const char *bad = NULL;
		enum err e = api_token_issue(db, name, unit, 0, 0, now, token, &tid, &bad);
		if (e == E_OK) {
			printf("token %lld issued for %s (%s); it is shown only this once:\n%s\n",
			       (long long)tid, unit, name, token);
			rc = 0;
		} else {
			fprintf(stderr, "motcua token add: %s\n",
				bad && !strcmp(bad, "name") ?
				"--name must be 1 to 80 characters without control characters" :
				bad ? "no unit has that code" : err_name(e));
			rc = e == E_INVALID ? 2 : 1;
		}
		sodium_memzero(token, sizeof(token));
	}
	db_close(db);
	return rc;
}
