/* feedback.c - `motcua feedback list --db PATH [--unit CODE]`: open feedback (phản ánh, kiến
 * nghị) by due date; `motcua feedback answer --db PATH --id N --user USERNAME --text TEXT`:
 * answer one as that staff account (docs/citizen.md). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "motcua/account_store.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/feedback.h"
#include "motcua/paths.h"
#include "motcua/portal.h"

/* Print the open feedback, one line each. */
static int list_open(struct db *db, const char *unit)
{
	json_t *arr;
	enum err e = feedback_open_list(db, unit && *unit ? unit : NULL, &arr);
	if (e == E_NOTFOUND) {
		fprintf(stderr, "motcua feedback: no unit %s\n", unit);
		return 1;
	}
	if (e != E_OK)
		return 1;
	size_t i;
	json_t *f;
	json_array_foreach(arr, i, f) {
		char created[17], due[17];
		format_hm_dmy(json_integer_value(json_object_get(f, "created_at")), created);
		format_hm_dmy(json_integer_value(json_object_get(f, "due_at")), due);
		printf("%" JSON_INTEGER_FORMAT "\t%s\t%s\tsent=%s\tdue=%s\t%s\n",
		       json_integer_value(json_object_get(f, "id")),
		       json_string_value(json_object_get(f, "code")),
		       json_string_value(json_object_get(f, "unit")), created, due,
		       json_string_value(json_object_get(f, "body")));
	}
	json_decref(arr);
	return 0;
}

/* Answer feedback id as username. */
static int answer(struct db *db, int64_t id, const char *username, const char *text)
{
	struct account_row a;
	if (account_store_by_username(db, username, &a) != E_OK || !a.active) {
		fprintf(stderr, "motcua feedback: no active account %s\n", username);
		return 1;
	}
	int role = role_parse(a.role);
	struct actor who = { a.id, role < 0 ? ROLE_CITIZEN : (enum role)role, a.unit_id };
	struct clock clk = { 0 };
	enum err e = feedback_answer(db, &who, id, text, clock_now(&clk));
	static const char *const why[E__MAX] = {
		[E_INVALID] = "the answer must be 1 to 2000 characters",
		[E_NOTFOUND] = "no such feedback for this account's units",
		[E_REFUSED] = "this feedback has already been answered",
	};
	if (e != E_OK) {
		fprintf(stderr, "motcua feedback: %s\n", why[e] ? why[e] : err_name(e));
		return 1;
	}
	printf("feedback %" PRId64 " answered\n", id);
	return 0;
}

/* See cmd.h. */
int cmd_feedback(int argc, char **argv, int first)
{
	const char *db_file = default_db_path(), *unit = NULL, *user = NULL, *text = NULL;
	int64_t id = 0;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "unit", NULL, CLI_STR, &unit, 0, 0, "list: only this unit and the units under it" },
		{ "id", NULL, CLI_INT, &id, 1, INT64_MAX, "answer: the feedback's number" },
		{ "user", NULL, CLI_STR, &user, 0, 0, "answer: the staff account answering" },
		{ "text", NULL, CLI_STR, &text, 0, 0, "answer: the answer" },
	};
	const struct cli_spec spec = { "motcua feedback",
				       "list open feedback by due date, or answer one",
				       "list | answer", opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool list = npos == 1 && !strcmp(pos[0], "list");
	bool ans = npos == 1 && !strcmp(pos[0], "answer");
	if (!list && !ans) {
		fprintf(stderr, "motcua feedback: the actions are 'list' and 'answer' (see --help)\n");
		return 2;
	}
	if (ans && (!id || !user || !text)) {
		fprintf(stderr, "motcua feedback: answer needs --id, --user and --text\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	rc = list ? list_open(db, unit) : answer(db, id, user, text);
	db_close(db);
	return rc;
}
