/* outbox.c - `motcua outbox deliver --db PATH [--once]`: send the notification outbox without
 * the server (tests, cron); `motcua outbox list --db PATH CODE`: a dossier's messages. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/dossier_store.h"
#include "motcua/outbox.h"
#include "motcua/paths.h"
#include "outbox_cli.h"

static volatile sig_atomic_t stop_requested;

/* SIGTERM/SIGINT: finish the message being sent, then stop. */
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Print a dossier's messages, one line each (operators may see the last error). */
static int list_messages(struct db *db, const char *code)
{
	struct dossier d;
	if (dossier_store_load(db, 0, code, &d) != E_OK) {
		fprintf(stderr, "motcua outbox: no dossier %s\n", code);
		return 1;
	}
	struct outbox_row *rows;
	int n;
	if (outbox_store_list(db, d.id, &rows, &n) != E_OK)
		return 1;
	for (int i = 0; i < n; i++) {
		char when[17] = "-";
		if (rows[i].sent_at)
			format_hm_dmy(rows[i].sent_at, when);
		printf("%" PRId64 "\t%s\t%s\t%s\t%s\tattempts=%d\tsent=%s\t%s\n", rows[i].id,
		       rows[i].kind, outbox_channel_name(rows[i].channel), rows[i].recipient,
		       outbox_state_name(rows[i].state), rows[i].attempts, when,
		       rows[i].last_error);
	}
	outbox_rows_free(rows, n);
	return 0;
}

/* See cmd.h. */
int cmd_outbox(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	bool once = false;
	struct outbox_settings st;
	outbox_settings_default(&st);
	struct outbox_policy policy;
	outbox_policy_default(&policy);
	int64_t base = policy.base_s, cap = policy.cap_s, max = policy.max_attempts;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "once", NULL, CLI_BOOL, &once, 0, 0, "deliver: one pass over what is due, then exit" },
		OUTBOX_CLI_OPTS(st, base, cap, max),
	};
	const struct cli_spec spec = { "motcua outbox",
				       "deliver the notification outbox, or list a dossier's messages",
				       "deliver | list CODE", opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[2];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool deliver = npos == 1 && !strcmp(pos[0], "deliver");
	bool list = npos == 2 && !strcmp(pos[0], "list");
	if (!deliver && !list) {
		fprintf(stderr, "motcua outbox: the actions are 'deliver' and 'list CODE' (see --help)\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	if (list) {
		rc = list_messages(db, pos[1]);
		db_close(db);
		return rc;
	}
	policy.base_s = base;
	policy.cap_s = cap;
	policy.max_attempts = (int)max;
	struct sender *senders[OUTBOX_CHANNEL__MAX];
	char why[512];
	if (outbox_senders_open(&st, db_file, senders, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "motcua outbox: %s\n", why);
		db_close(db);
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	struct clock clk = { 0 };
	struct outbox_tally total = { 0, 0, 0 };
	enum err e = E_OK;
	do {
		struct outbox_tally t;
		e = outbox_deliver(db, &clk, &policy, senders, once ? 0 : 50, &t);
		total.sent += t.sent;
		total.retried += t.retried;
		total.failed += t.failed;
		if (e != E_OK || once)
			break;
		for (int64_t s = 0; s < st.poll_s && !stop_requested; s++)
			sleep(1);
	} while (!stop_requested);
	printf("outbox: %d sent, %d to retry, %d failed\n", total.sent, total.retried,
	       total.failed);
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		sender_free(senders[i]);
	db_close(db);
	return e == E_OK ? 0 : 1;
}
