/* seed.c - `motcua seed`: demo data for a new database: the sample units, holiday calendar and
 * procedure catalogue of data/demo/, one account per role, and dossiers with realistic
 * histories created through the lifecycle engine. Safe to run again: reference data is
 * upserted, existing accounts are kept, and dossiers are only generated into an empty table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/auth.h"
#include "motcua/buf.h"
#include "motcua/cli.h"
#include "motcua/clock.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/dossier_store.h"
#include "motcua/fileio.h"
#include "motcua/import.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "motcua/secret.h"
#include "motcua/seedgen.h"
#include "motcua/settings_store.h"

#define DEMO_PASSWORD "motcua-demo-2026"

struct demo_account {
	const char *username, *name, *role, *unit;
};

/* One account per role, in the units the seeds talk about (Bình Chánh, HCMC). */
static const struct demo_account demo_accounts[] = {
	{ "admin", "Quản trị hệ thống", "admin", "H29" },
	{ "lanhdao.binhchanh", "Phan Thị Cẩm Nhung", "leader", "H29.23" },
	{ "motcua.binhchanh", "Lê Thị Hoa", "clerk", "H29.23" },
	{ "chuyenvien.tuphap", "Trần Minh Khang", "specialist", "H29.23.TP" },
	/* Issue 8 (docs/desk.md): a specialist of the urban management department and a clerk of
	 * another district (the staff of another unit in the tests). */
	{ "chuyenvien.qldt", "Võ Thanh Tùng", "specialist", "H29.23.QLDT" },
	{ "motcua.hocmon", "Đặng Thị Lan", "clerk", "H29.24" },
	/* Issue 9 (docs/dashboard.md): the leader of another district, who must see none of
	 * Bình Chánh's figures or dossiers. */
	{ "lanhdao.hocmon", "Ngô Văn Hậu", "leader", "H29.24" },
	/* A specialist of a provincial department: the liên thông step of the tests. */
	{ "chuyenvien.stnmt", "Huỳnh Quốc Bảo", "specialist", "H29.STNMT" },
	{ "congdan", "Nguyễn Văn An", "citizen", NULL },
};

/* Import one demo file of data/demo/ of the given kind; false after printing why. */
static bool import_demo(struct db *db, const char *data_dir, const char *file, enum import_kind k)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_printf(&path, "%s/%s", data_dir, file);
	bool ok = file_read(buf_str(&path), IMPORT_MAX_BYTES, &text) == E_OK;
	if (!ok)
		fprintf(stderr, "motcua seed: cannot read %s (or it is too large)\n", buf_str(&path));
	if (ok) {
		struct import_result r;
		memset(&r, 0, sizeof(r));
		ok = import_run(db, k, buf_str(&text), text.len, &r) == E_OK;
		if (ok)
			printf("  %-13s %lld rows (%lld new, %lld updated)\n", file, (long long)r.rows,
			       (long long)r.inserted, (long long)r.updated);
		else
			fprintf(stderr, "motcua seed: %s: %s\n", buf_str(&path), r.message);
	}
	buf_free(&path);
	buf_free(&text);
	return ok;
}

/* Create the demo accounts that do not exist yet and remember the list for `serve`. */
static bool add_accounts(struct db *db)
{
	struct buf list = BUF_INIT;
	buf_printf(&list, "Demo accounts (password %s):", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
		const struct demo_account *a = &demo_accounts[i];
		char why[200] = "";
		enum err e = user_add(db, a->username, a->name, (enum role)role_parse(a->role),
				      a->unit, DEMO_PASSWORD, clock_now(NULL), NULL, why, sizeof(why));
		if (e != E_OK && e != E_CONFLICT) {
			fprintf(stderr, "motcua seed: account %s: %s\n", a->username, why);
			buf_free(&list);
			return false;
		}
		buf_printf(&list, "\n  %-11s %-20s %s", a->role, a->username, a->unit ? a->unit : "");
	}
	bool ok = settings_set(db, "demo_accounts", buf_str(&list)) == E_OK;
	printf("%s\n", buf_str(&list));
	buf_free(&list);
	return ok;
}

/* Number of dossiers already in the database (-1 on error). */
static int64_t dossier_count(struct db *db)
{
	return dossier_store_count(db);
}

/* Progress bar on a terminal: "[#####.....] 52% 520000/1000000". */
static void progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	int width = 40;
	int filled = total ? (int)(done * width / total) : width;
	fprintf(stderr, "\r  dossiers [%.*s%*s] %3d%% %lld/%lld", filled,
		"########################################", width - filled, "",
		total ? (int)(done * 100 / total) : 100, (long long)done, (long long)total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

#define DEMO_LOOKUPS 3

/* Where the codes and secrets of generated dossiers go: the first and the last few are
 * printed as "lookup: CODE SECRET" lines (demos and tests read them; the last ones are
 * recent, often still in progress), every stride-th goes to a file. */
struct lookup_sink {
	FILE *file;
	int64_t stride, seen;
	char first[DEMO_LOOKUPS][64];
	char last[DEMO_LOOKUPS][64];	/* ring buffer indexed by seen % DEMO_LOOKUPS */
};

/* seedgen callback: one created dossier. */
static void created(void *ctx, const char *code, const char *secret)
{
	struct lookup_sink *s = ctx;
	if (s->seen < DEMO_LOOKUPS)
		snprintf(s->first[s->seen], sizeof(s->first[0]), "%s %s", code, secret);
	snprintf(s->last[s->seen % DEMO_LOOKUPS], sizeof(s->last[0]), "%s %s", code, secret);
	if (s->file && s->seen % s->stride == 0)
		fprintf(s->file, "%s %s\n", code, secret);
	s->seen++;
}

/* Print the demo lookups and keep them for `serve`'s welcome text. */
static bool save_lookups(struct db *db, const struct lookup_sink *s)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, "Try the status lookup (/tra-cuu) with a code and its secret:");
	int64_t n = s->seen < DEMO_LOOKUPS ? s->seen : DEMO_LOOKUPS;
	for (int64_t i = 0; i < n; i++) {
		printf("lookup: %s\n", s->first[i]);
		printf("lookup: %s\n", s->last[(s->seen - 1 - i) % DEMO_LOOKUPS]);
		buf_printf(&text, "\n  %s", s->last[(s->seen - 1 - i) % DEMO_LOOKUPS]);
	}
	bool ok = settings_set(db, "demo_lookups", buf_str(&text)) == E_OK;
	buf_free(&text);
	return ok;
}

/* See cmd.h. */
int cmd_seed(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	char data_buf[4096], mig_buf[4096];
	const char *data_dir = share_path(data_buf, sizeof(data_buf), "data/demo");
	const char *migrations = share_path(mig_buf, sizeof(mig_buf), "migrations");
	int64_t dossiers = 20000, years = 2, seed = 1;
	const char *now_text = NULL, *lookups_out = NULL;
	int64_t lookups = 1000;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "dossiers", NULL, CLI_INT, &dossiers, 0, 100000000, "dossiers to generate (default 20000)" },
		{ "years", NULL, CLI_INT, &years, 1, 20, "years of history before now (default 2)" },
		{ "seed", NULL, CLI_INT, &seed, 0, INT64_MAX, "random seed: same seed, same data (default 1)" },
		{ "now", NULL, CLI_STR, &now_text, 0, 0, "end of the history, ISO 8601 (default: now)" },
		{ "lookups-out", NULL, CLI_STR, &lookups_out, 0, 0, "write \"code secret\" lines of generated dossiers to FILE" },
		{ "lookups", NULL, CLI_INT, &lookups, 1, 100000000, "how many lines --lookups-out writes (default 1000)" },
		{ "data", "MOTCUA_DATA", CLI_STR, &data_dir, 0, 0, "folder with units.json, calendar.csv, catalog.json" },
	};
	const struct cli_spec spec = { "motcua seed", "load demo data into a database", NULL, opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	int64_t now = 0;
	if (now_text && !parse_iso8601(now_text, &now)) {
		fprintf(stderr, "motcua seed: --now: '%s' is not an ISO 8601 time\n", now_text);
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	unsigned char key[SERVER_KEY_BYTES];
	int result = 1;
	if (migrate_apply(db, migrations, NULL) != E_OK || server_key_load(db_file, key) != E_OK)
		goto out;
	printf("motcua seed: %s (sample data, not an official catalogue)\n", db_file);
	if (!import_demo(db, data_dir, "units.json", IMPORT_UNITS) ||
	    !import_demo(db, data_dir, "calendar.csv", IMPORT_CALENDAR) ||
	    !import_demo(db, data_dir, "catalog.json", IMPORT_CATALOG) || !add_accounts(db))
		goto out;
	/* The bulk load switches the journal mode and ends with a TRUNCATE checkpoint, which fail
	 * (SQLITE_LOCKED) while anything of the migration or the imports is still open on the
	 * connection: start it on a fresh one. */
	db_close(db);
	if (db_open(db_file, &db) != E_OK) {
		db = NULL;
		goto out;
	}
	int64_t have = dossier_count(db);
	if (have < 0)
		goto out;
	if (have > 0) {
		printf("  dossiers: %lld already there; none generated\n", (long long)have);
		result = 0;
		goto out;
	}
	if (dossiers > 0) {
		struct lookup_sink sink;
		memset(&sink, 0, sizeof(sink));
		sink.stride = dossiers / lookups > 1 ? dossiers / lookups : 1;
		if (lookups_out && !(sink.file = fopen(lookups_out, "w"))) {
			fprintf(stderr, "motcua seed: cannot write %s\n", lookups_out);
			goto out;
		}
		struct seedgen_opts o = { .dossiers = dossiers, .years = (int)years,
					  .seed = (uint64_t)seed, .now = now,
					  .progress = isatty(STDERR_FILENO) ? progress : NULL,
					  .ctx = &sink, .created = created, .bulk = true };
		struct seedgen_result r;
		memset(&r, 0, sizeof(r));
		enum err e = seedgen_run(db, key, &o, &r);
		if (sink.file)
			fclose(sink.file);
		if (e != E_OK) {
			fprintf(stderr, "motcua seed: generating dossiers failed\n");
			goto out;
		}
		printf("  dossiers: %lld with %lld events\n", (long long)r.dossiers, (long long)r.events);
		if (!save_lookups(db, &sink))
			goto out;
	}
	result = 0;
out:
	sodium_memzero(key, sizeof(key));
	db_close(db);
	return result;
}
