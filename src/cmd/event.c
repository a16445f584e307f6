/* event.c - `motcua event`: apply one live engine event to an existing dossier as a named
 * account (operators; the browser tests drive staff actions with it until the one-stop-shop
 * pages exist). The actor's role and id come from the account; the event goes through
 * dossier_apply like any live event (its own transaction, notifications queued). With
 * --result-file (resolve) the file is recognised by content, stored in the file store under
 * its BLAKE2b hash as uploads are, and attached to the dossier first. docs/operations.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/account_store.h"
#include "motcua/attachment.h"
#include "motcua/portal.h"
#include "motcua/buf.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/dossier_store.h"
#include "motcua/filecopy.h"
#include "motcua/fileio.h"
#include "motcua/http.h"	/* upload_sniff, upload_kind_name, upload_store_path: pure */
#include "motcua/keyguard.h"
#include "motcua/paths.h"
#include "motcua/secret.h"
#include "motcua/view.h"

#define RESULT_FILE_MAX (25u << 20)	/* bytes: nginx's and serve's default body cap */
#define RESULT_TITLE "Kết quả giải quyết"

/* A result file read, recognised and hashed, ready to be placed in the store. */
struct result_file {
	struct buf data;
	const char *kind;	/* "pdf", "jpeg", "png" */
	char hash[65];
	const char *files_dir;
};

/* Place callback of attachment_add: write the file into the store under its hash (nothing
 * when the same bytes are there already), durable before the rows commit. */
static enum err place_result(void *ctx)
{
	struct result_file *f = ctx;
	char path[4096], dir[4096];
	if (!upload_store_path(f->files_dir, f->hash, path, sizeof(path)) ||
	    snprintf(dir, sizeof(dir), "%s/%.2s", f->files_dir, f->hash) >= (int)sizeof(dir))
		return E_IO;
	FILE *exists = fopen(path, "rb");
	if (exists) {
		fclose(exists);
		return E_OK;
	}
	enum err e = dir_make(dir, 0700);
	if (e == E_OK)
		e = file_write_atomic(path, f->data.data, f->data.len, 0600);
	if (e == E_OK)
		e = dir_sync(dir);
	return e;
}

/* Read path into f, recognise its kind by content and hash it. Returns 0, or 1 after
 * printing why. */
static int result_read(const char *path, struct result_file *f)
{
	enum err e = file_read(path, RESULT_FILE_MAX, &f->data);
	if (e == E_IO) {
		perror(path);
		return 1;
	}
	if (e == E_LIMIT) {
		fprintf(stderr, "motcua event: %s is larger than %u MiB\n", path, RESULT_FILE_MAX >> 20);
		return 1;
	}
	f->kind = upload_kind_name(upload_sniff((const unsigned char *)f->data.data, f->data.len));
	if (!f->kind) {
		fprintf(stderr, "motcua event: %s is not a PDF, JPEG or PNG file (recognised by its "
				"content)\n", path);
		return 1;
	}
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)f->data.data, f->data.len, NULL, 0);
	sodium_bin2hex(f->hash, sizeof(f->hash), h, sizeof(h));
	return 0;
}

/* Attach the result file to dossier code as actor. Returns 0, or 1 after printing why. */
static int result_attach(struct db *db, const char *code, const char *path,
			 struct result_file *f, int64_t actor)
{
	struct dossier d;
	enum err e = dossier_store_load(db, 0, code, &d);
	if (e != E_OK)
		return 0;	/* the event reports the unknown code */
	if (d.status != DS_PROCESSING) {
		/* Attach nothing to a dossier the engine will not resolve. */
		return 0;
	}
	const char *base = strrchr(path, '/');
	struct attachment_new a = {
		.owner = ATTACH_OWNER_DOSSIER,
		.owner_id = d.id,
		.hash = f->hash,
		.kind = f->kind,
		.size = (int64_t)f->data.len,
		.title = RESULT_TITLE,
		.file_name = base ? base + 1 : path,
		.uploaded_by = actor,
		.now = clock_now(NULL),
	};
	/* The electronic result: slot SLOT_RESULT, which the owner's page offers to download. */
	int64_t id = 0;
	e = attachment_add_slot(db, &a, SLOT_RESULT, NULL, place_result, f, &id);
	if (e != E_OK) {
		fprintf(stderr, "motcua event: cannot store %s in %s (%s); nothing was changed\n",
			path, f->files_dir, err_name(e));
		return 1;
	}
	printf("%s: result file %s (%s, %zu bytes) attached as attachment %lld\n", code, f->hash,
	       f->kind, f->data.len, (long long)id);
	return 0;
}

/* Print a refusal: the message of its key in lang, the engine's English sentence and the key. */
static void print_refusal(const char *lang, const struct event_result *r, enum err e,
			  const char *why)
{
	char dir[4096], vwhy[256];
	struct view *v = NULL;
	const char *text = NULL;
	if (r->msg_key && view_load(share_path(dir, sizeof(dir), "templates"), &v, vwhy,
				    sizeof(vwhy)) == E_OK)
		text = i18n_text(v, lang, r->msg_key);
	if (text && r->msg_key && strcmp(text, r->msg_key))
		fprintf(stderr, "motcua event: %s (%s) [%s]\n", text, why, r->msg_key);
	else
		fprintf(stderr, "motcua event: %s: %s\n", err_name(e), why);
	view_free(v);
}

/* Options of the command. */
struct event_opts {
	const char *db_file, *code, *kind, *user, *reason, *items, *note, *department, *method,
		*delivery, *tracking, *promised, *result_file, *files, *lang;
	int64_t step, amount;
};

/* Open the database, the key and the engine, find the account, apply. Returns the exit
 * status. */
static int run(const struct event_opts *o, const struct event_input *base)
{
	struct event_input in = *base;
	struct db *db;
	if (db_open(o->db_file, &db) != E_OK)
		return 1;
	int rc = 1;
	struct engine *e = NULL;
	struct result_file rf = { .data = BUF_INIT, .kind = NULL, .hash = "", .files_dir = NULL };
	char files_buf[4096];
	struct account_row acc;
	enum err err = account_store_by_username(db, o->user, &acc);
	if (err == E_NOTFOUND || (err == E_OK && !acc.active)) {
		fprintf(stderr, "motcua event: no active account '%s'\n", o->user);
		goto done;
	}
	int role = err == E_OK ? role_parse(acc.role) : -1;
	if (role < 0) {
		fprintf(stderr, "motcua event: cannot read account '%s'\n", o->user);
		goto done;
	}
	in.role = (enum role)role;
	in.actor_id = acc.id;
	unsigned char key[SERVER_KEY_BYTES];
	err = server_key_may_load(db, o->db_file, "motcua event") ? server_key_load(o->db_file, key)
								   : E_INVALID;
	if (err == E_OK)
		err = engine_open(db, key, &e);	/* the engine keeps its own copy */
	sodium_memzero(key, sizeof(key));
	if (err != E_OK)
		goto done;
	if (o->result_file) {
		rf.files_dir = o->files ? o->files
					: files_dir_for_db(o->db_file, files_buf, sizeof(files_buf));
		if (!rf.files_dir || result_read(o->result_file, &rf) ||
		    result_attach(db, o->code, o->result_file, &rf, acc.id))
			goto done;
		in.result_file = rf.hash;
	}
	struct event_result r;
	char why[512];
	err = dossier_apply(e, db, NULL, &in, &r, why, sizeof(why));
	if (err != E_OK) {
		print_refusal(o->lang, &r, err, why);
		goto done;
	}
	char due[17] = "-";
	if (r.due_at)
		format_hm_dmy(r.due_at, due);
	printf("%s: %s %s -> %s, due %s\n", r.code, event_kind_name(in.kind),
	       dossier_status_name(r.from), dossier_status_name(r.to), due);
	rc = 0;
done:
	buf_free(&rf.data);
	engine_free(e);
	db_close(db);
	return rc;
}

/* See cmd.h. */
int cmd_event(int argc, char **argv, int first)
{
	struct event_opts o = { .db_file = default_db_path(), .lang = "vi" };
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &o.db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "code", NULL, CLI_STR, &o.code, 0, 0, "dossier code, e.g. H29.23-261201-0001" },
		{ "kind", NULL, CLI_STR, &o.kind, 0, 0, "event: receive, refuse, request_supplement, "
			"supplement, assign, transfer, request_payment, pay, apologise, resolve, stop, "
			"withdraw, return, ..." },
		{ "user", NULL, CLI_STR, &o.user, 0, 0, "username of the account that acts" },
		{ "reason", NULL, CLI_STR, &o.reason, 0, 0, "reason (refuse, supplement request, ...)" },
		{ "items", NULL, CLI_STR, &o.items, 0, 0, "request_supplement: what is missing" },
		{ "note", NULL, CLI_STR, &o.note, 0, 0, "note on the event" },
		{ "department", NULL, CLI_STR, &o.department, 0, 0, "assign/transfer: unit code" },
		{ "step", NULL, CLI_INT, &o.step, 0, 1000, "assign/transfer: step index" },
		{ "amount", NULL, CLI_INT, &o.amount, 0, INT64_C(1000000000000), "request_payment/pay: VND" },
		{ "method", NULL, CLI_STR, &o.method, 0, 0, "pay: online, counter or transfer" },
		{ "delivery", NULL, CLI_STR, &o.delivery, 0, 0, "return: counter, post or online" },
		{ "tracking", NULL, CLI_STR, &o.tracking, 0, 0, "return by post: tracking number" },
		{ "promised", NULL, CLI_STR, &o.promised, 0, 0, "apologise: new date, ISO 8601" },
		{ "result-file", NULL, CLI_STR, &o.result_file, 0, 0,
		  "resolve: the electronic result (PDF, JPEG or PNG)" },
		{ "files", "MOTCUA_FILES", CLI_STR, &o.files, 0, 0,
		  "file store folder (default: files beside the database)" },
		{ "lang", NULL, CLI_STR, &o.lang, 0, 0, "language of refusals: vi (default) or en" },
	};
	const struct cli_spec spec = { "motcua event",
				       "apply one event to a dossier as a named account",
				       NULL, opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	int kind = o.kind ? event_kind_parse(o.kind) : -1;
	if (!o.code || !o.user || kind < 0) {
		fprintf(stderr, "motcua event: --code, --user and a known --kind are required "
				"(see --help)\n");
		return 2;
	}
	if (strcmp(o.lang, "vi") && strcmp(o.lang, "en")) {
		fprintf(stderr, "motcua event: --lang is vi or en\n");
		return 2;
	}
	if (o.result_file && kind != EV_RESOLVE) {
		fprintf(stderr, "motcua event: --result-file goes with --kind resolve\n");
		return 2;
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.code = o.code;
	in.kind = (enum event_kind)kind;
	in.note = o.note;
	in.reason = o.reason;
	in.items = o.items;
	in.department = o.department;
	in.step = (int)o.step;
	in.amount = o.amount;
	in.method = o.method;
	in.delivery = o.delivery;
	in.postal_tracking = o.tracking;
	if (o.promised && !parse_iso8601(o.promised, &in.promised_at)) {
		fprintf(stderr, "motcua event: --promised must be ISO 8601 (2026-12-03T17:00)\n");
		return 2;
	}
	return run(&o, &in);
}
