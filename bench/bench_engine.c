/* bench_engine.c - the engine's figures for `make bench` (issue #3, bench/README.md):
 *   1. live events/s: one transaction per event (synchronous=FULL) against a plain
 *      single-row insert-and-commit loop on the same disk with the same pragmas;
 *   2. import rate: seeded histories exported as formats.md JSON Lines, then import_dossiers
 *      into a fresh database;
 *   3. `report ontime` for one year by unit and by field on a big database against a plain
 *      GROUP BY scan of the dossiers table (medians of several runs);
 *   4. database size per million dossiers.
 * usage: bench_engine --dir DIR [--report-dossiers N] [--import-dossiers N]
 *                     [--live-dossiers N] [--runs N] [--seed N] [--cache DIR]
 * The big report database is cached in --cache (default /tmp/motcua-bench-cache) under a
 * name made of its size and seed, and reused when present. The SQL of the baselines lives
 * here on purpose: it is what the engine is measured against, not part of motcua. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/dossier_store.h"
#include "motcua/import.h"
#include "motcua/import_dossiers.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "motcua/report.h"
#include "motcua/seedgen.h"
#include "../src/store/db_sql.h"

/* The end of every generated history: fixed, so a cached database is the same each time. */
#define BENCH_NOW_ISO "2026-06-30T17:00:00+07:00"
#define REPORT_FROM "2025-01-01"
#define REPORT_TO "2025-12-31"

struct opts {
	const char *dir, *cache;
	int64_t report_dossiers, import_dossiers, live_dossiers, runs, seed;
};

static const unsigned char bench_key[SERVER_KEY_BYTES] = { 'b', 'e', 'n', 'c', 'h' };

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Print a message and exit 1. */
static void die(const char *what)
{
	fprintf(stderr, "bench_engine: %s\n", what);
	exit(1);
}

/* Read a whole file into out; false when it cannot be read. */
static bool slurp(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	return true;
}

/* Delete a database file with its WAL, shared-memory and key files. */
static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal", ".key" };
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char p[4096];
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* A new migrated database at path with the demo units, calendar and catalogue. */
static struct db *fresh_db(const char *path)
{
	remove_db(path);
	struct db *db;
	char mig[4096], data[4096];
	if (db_open(path, &db) != E_OK)
		die("cannot open a database");
	if (migrate_apply(db, share_path(mig, sizeof(mig), "migrations"), NULL) != E_OK)
		die("migrations failed (set MOTCUA_SHARE to the source tree)");
	share_path(data, sizeof(data), "data/demo");
	static const struct {
		const char *file;
		enum import_kind kind;
	} demo[] = { { "units.json", IMPORT_UNITS }, { "calendar.csv", IMPORT_CALENDAR },
		     { "catalog.json", IMPORT_CATALOG } };
	for (size_t i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		char p[4200];
		struct buf text = BUF_INIT;
		snprintf(p, sizeof(p), "%s/%s", data, demo[i].file);
		struct import_result r;
		if (!slurp(p, &text) || import_run(db, demo[i].kind, text.data, text.len, &r) != E_OK)
			die("cannot import the demo data");
		buf_free(&text);
	}
	/* The bulk load must start on a fresh connection (as `motcua seed` does): its journal-mode
	 * switch and final checkpoint fail with "database table is locked" otherwise. */
	db_close(db);
	if (db_open(path, &db) != E_OK)
		die("cannot reopen the database");
	return db;
}

/* Seed n dossiers (3 years up to BENCH_NOW_ISO) through the engine in bulk mode. */
static void seed(struct db *db, int64_t n, int64_t seed_value)
{
	int64_t end;
	parse_iso8601(BENCH_NOW_ISO, &end);
	struct seedgen_opts o = { .dossiers = n, .years = 3, .seed = (uint64_t)seed_value,
				  .now = end, .bulk = true };
	struct seedgen_result r;
	if (seedgen_run(db, bench_key, &o, &r) != E_OK)
		die("seeding failed");
}

/* Median of v[0..n) (sorts v). */
static double median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- 1. live events ---- */

static const char sql_plain_table[] =
	"CREATE TABLE plain (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, note TEXT NOT NULL)";
static const char sql_plain_insert[] = "INSERT INTO plain (at, note) VALUES (?1, ?2)";

/* Apply one live event; dies on failure. */
static void live_event(struct engine *e, struct db *db, int64_t *t, struct event_input *in,
		       struct event_result *r)
{
	char why[256];
	*t += 60;
	struct clock clk = { *t };
	if (dossier_apply(e, db, &clk, in, r, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "bench_engine: live %s: %s\n", event_kind_name(in->kind), why);
		exit(1);
	}
}

/* Events per second of the live path, and of the plain loop with as many commits. */
static void bench_live(const struct opts *o)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/live.db", o->dir);
	struct db *db = fresh_db(path);
	struct engine *e;
	struct seed_pair *pairs;
	int npairs;
	if (engine_open(db, bench_key, &e) != E_OK ||
	    dossier_store_seed_pairs(db, &pairs, &npairs) != E_OK || npairs == 0)
		die("live: no engine");
	int64_t t;
	parse_iso8601("2026-03-02T08:00:00+07:00", &t);
	int64_t events = 0;
	double t0 = now_s();
	for (int64_t i = 0; i < o->live_dossiers; i++) {
		const struct seed_pair *p = &pairs[i % npairs];
		struct event_input in;
		struct event_result r;
		memset(&in, 0, sizeof(in));
		in.kind = EV_RECEIVE;
		in.role = ROLE_CLERK;
		in.channel = "counter";
		in.unit_id = p->unit_id;
		in.procedure_id = p->procedure_id;
		/* With an email and a phone: receive, resolve and return queue 2 messages each. */
		in.applicant = "{\"name\":\"Nguyễn Văn An\",\"email\":\"an@example.vn\","
			       "\"phone\":\"0901234567\"}";
		live_event(e, db, &t, &in, &r);
		static const struct {
			enum event_kind kind;
			enum role role;
		} steps[] = { { EV_ASSIGN, ROLE_CLERK }, { EV_RESOLVE, ROLE_LEADER },
			      { EV_RETURN, ROLE_CLERK }, { EV_RATE, ROLE_CITIZEN } };
		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			memset(&in, 0, sizeof(in));
			in.dossier_id = r.dossier_id;
			in.kind = steps[k].kind;
			in.role = steps[k].role;
			in.delivery = "counter";
			in.rating = "satisfied";
			live_event(e, db, &t, &in, &r);
		}
		events += 1 + (int64_t)(sizeof(steps) / sizeof(steps[0]));
	}
	double engine_s = now_s() - t0;
	free(pairs);
	engine_free(e);
	db_close(db);

	snprintf(path, sizeof(path), "%s/plain.db", o->dir);
	remove_db(path);
	if (db_open(path, &db) != E_OK || db_exec(db, sql_plain_table) != E_OK)
		die("plain: cannot create the table");
	t0 = now_s();
	for (int64_t i = 0; i < events; i++) {
		sqlite3_stmt *st;
		if (db_begin(db) != E_OK || !(st = db_stmt(db, sql_plain_insert)))
			die("plain: begin");
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_text(st, 2, "received", -1, SQLITE_STATIC);
		if (db_step_done(db, st) != E_OK || db_commit(db) != E_OK)
			die("plain: insert");
	}
	double plain_s = now_s() - t0;
	db_close(db);
	double er = (double)events / engine_s, pr = (double)events / plain_s;
	printf("live events            %10.0f events/s  (%" PRId64 " events, 1 transaction each, "
	       "synchronous=FULL)\n", er, events);
	printf("plain insert+commit    %10.0f rows/s\n", pr);
	printf("live / plain           %10.2f   (target >= 0.3)\n", er / pr);
}

/* ---- 2. import ---- */

static const char sql_export_dossiers[] =
	"SELECT d.id, d.code, p.code, u.code, d.channel, d.applicant, d.digitised "
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"JOIN units u ON u.id = d.unit_id ORDER BY d.id";
static const char sql_export_events[] =
	"SELECT dossier_id, at, kind, note, data FROM dossier_events ORDER BY dossier_id, seq";

/* Copy the string member k of data into ev when present. */
static void copy_str(json_t *ev, json_t *data, const char *k)
{
	json_t *v = json_object_get(data, k);
	if (json_is_string(v))
		json_object_set(ev, k, v);
}

/* Write every dossier of db as one formats.md JSON line to f. Returns the dossier count. */
static int64_t export_jsonl(struct db *db, FILE *f)
{
	sqlite3_stmt *ds = db_stmt(db, sql_export_dossiers);
	sqlite3_stmt *es = db_stmt(db, sql_export_events);
	if (!ds || !es)
		die("export: prepare");
	int64_t n = 0;
	int erc = sqlite3_step(es);
	while (sqlite3_step(ds) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ds, 0);
		json_t *d = json_object();
		json_object_set_new(d, "code", json_string(db_col_text(ds, 1)));
		json_object_set_new(d, "procedure", json_string(db_col_text(ds, 2)));
		json_object_set_new(d, "unit", json_string(db_col_text(ds, 3)));
		json_object_set_new(d, "channel", json_string(db_col_text(ds, 4)));
		json_object_set_new(d, "applicant", json_loads(db_col_text(ds, 5), 0, NULL));
		if (sqlite3_column_int(ds, 6))
			json_object_set_new(d, "digitised", json_true());
		json_t *events = json_array();
		for (; erc == SQLITE_ROW && sqlite3_column_int64(es, 0) == id; erc = sqlite3_step(es)) {
			json_t *ev = json_object();
			char at[26];
			format_iso(sqlite3_column_int64(es, 1), at);
			json_object_set_new(ev, "at", json_string(at));
			json_object_set_new(ev, "kind", json_string(db_col_text(es, 2)));
			if (*db_col_text(es, 3))
				json_object_set_new(ev, "note", json_string(db_col_text(es, 3)));
			json_t *data = json_loads(db_col_text(es, 4), 0, NULL);
			static const char *const keys[] = { "reason", "items", "department", "method",
							    "delivery", "postal_tracking", "rating",
							    "comment", "result_file" };
			for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				copy_str(ev, data, keys[k]);
			json_t *amount = json_object_get(data, "amount");
			if (json_is_integer(amount))
				json_object_set(ev, "amount", amount);
			json_t *promised = json_object_get(data, "promised_at");
			if (json_is_integer(promised)) {
				char p[26];
				format_iso(json_integer_value(promised), p);
				json_object_set_new(ev, "promised", json_string(p));
			}
			json_decref(data);
			json_array_append_new(events, ev);
		}
		json_object_set_new(d, "events", events);
		char *line = json_dumps(d, JSON_COMPACT);
		fprintf(f, "%s\n", line);
		free(line);
		json_decref(d);
		n++;
	}
	sqlite3_reset(ds);
	sqlite3_reset(es);
	return n;
}

/* Dossiers per second of import_dossiers for o->import_dossiers exported histories. */
static void bench_import(const struct opts *o)
{
	char src[4096], dst[4096], file[4096];
	snprintf(src, sizeof(src), "%s/import-src.db", o->dir);
	snprintf(dst, sizeof(dst), "%s/import.db", o->dir);
	snprintf(file, sizeof(file), "%s/import.jsonl", o->dir);
	struct db *db = fresh_db(src);
	seed(db, o->import_dossiers, o->seed);
	FILE *f = fopen(file, "w");
	if (!f)
		die("import: cannot write the JSON Lines file");
	int64_t n = export_jsonl(db, f);
	fclose(f);
	db_close(db);
	remove_db(src);

	struct buf text = BUF_INIT;
	if (!slurp(file, &text))
		die("import: cannot read the JSON Lines file");
	db = fresh_db(dst);
	struct engine *e;
	if (engine_open(db, bench_key, &e) != E_OK)
		die("import: no engine");
	struct import_dossiers_result r;
	double t0 = now_s();
	enum err err = import_dossiers(e, db, text.data, text.len, &r);
	double s = now_s() - t0;
	if (err != E_OK || r.dossiers != n) {
		fprintf(stderr, "bench_engine: import: %s\n", r.message);
		exit(1);
	}
	printf("import                 %10.0f dossiers/s  (%" PRId64 " dossiers, %" PRId64
	       " events, %.1f MiB of JSON Lines, %.2f s)\n", (double)n / s, n, r.events,
	       (double)text.len / 1048576.0, s);
	buf_free(&text);
	engine_free(e);
	db_close(db);
	remove_db(dst);
}

/* ---- 3. report on a big database, 4. size ---- */

/* The same kind of figures as report ontime, straight from the dossiers table: received,
 * carried over, finished early / on time / late, open in time / overdue at the end. */
#define SCAN_FIGURES \
	"sum(d.received_at BETWEEN ?1 AND ?2), " \
	"sum(d.received_at < ?1 AND (d.finished_at IS NULL OR d.finished_at >= ?1)), " \
	"sum(d.finished_at BETWEEN ?1 AND ?2 AND d.outcome = 'early'), " \
	"sum(d.finished_at BETWEEN ?1 AND ?2 AND d.outcome = 'on_time'), " \
	"sum(d.finished_at BETWEEN ?1 AND ?2 AND d.outcome = 'late'), " \
	"sum(d.received_at <= ?2 AND (d.finished_at IS NULL OR d.finished_at > ?2) " \
	"AND d.due_at >= ?2), " \
	"sum(d.received_at <= ?2 AND (d.finished_at IS NULL OR d.finished_at > ?2) " \
	"AND d.due_at < ?2) "
static const char sql_scan_unit[] =
	"SELECT u.code, " SCAN_FIGURES "FROM dossiers d JOIN units u ON u.id = d.unit_id "
	"WHERE d.received_at IS NOT NULL GROUP BY u.code ORDER BY u.code";
static const char sql_scan_field[] =
	"SELECT f.name, " SCAN_FIGURES "FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"JOIN fields f ON f.id = p.field_id WHERE d.received_at IS NOT NULL "
	"GROUP BY f.name ORDER BY f.name";
static const char sql_counter_rows[] = "SELECT count(*) FROM stat_counters";

/* Milliseconds of one report_ontime call; dies on failure. */
static double report_once(struct db *db, enum report_group g, int64_t *rows)
{
	struct report_params p;
	memset(&p, 0, sizeof(p));
	parse_ymd(REPORT_FROM, &p.from);
	parse_ymd(REPORT_TO, &p.to);
	parse_iso8601(BENCH_NOW_ISO, &p.as_of);
	p.group = g;
	json_t *out = NULL;
	char why[256] = "";
	double t0 = now_s();
	if (report_ontime(db, &p, &out, why, sizeof(why)) != E_OK) {
		fprintf(stderr, "bench_engine: report: %s\n", why);
		exit(1);
	}
	double ms = (now_s() - t0) * 1000.0;
	*rows = (int64_t)json_array_size(json_object_get(out, "rows"));
	json_decref(out);
	return ms;
}

/* Milliseconds of one scan; dies on failure. */
static double scan_once(struct db *db, const char *sql, int64_t *rows)
{
	int64_t a, b, day;
	parse_ymd(REPORT_FROM, &day);
	a = local_instant(day, 0);
	parse_ymd(REPORT_TO, &day);
	b = local_instant(day + 1, 0) - 1;
	double t0 = now_s();
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		die("scan: prepare");
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	int64_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		die("scan: step");
	*rows = n;
	return (now_s() - t0) * 1000.0;
}

/* The cached report database for o (seeded when missing); path receives its name. */
static struct db *report_db(const struct opts *o, char *path, size_t n)
{
	if (mkdir(o->cache, 0755) != 0 && errno != EEXIST)
		die("cannot create the cache folder");
	snprintf(path, n, "%s/report-%" PRId64 "-seed%" PRId64 "-v2.db", o->cache,
		 o->report_dossiers, o->seed);
	struct stat sb;
	struct db *db;
	if (stat(path, &sb) == 0) {
		printf("report database        %s (cached)\n", path);
		if (db_open(path, &db) != E_OK)
			die("cannot open the cached database");
		return db;
	}
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	printf("report database        seeding %" PRId64 " dossiers into %s ...\n",
	       o->report_dossiers, path);
	fflush(stdout);
	double t0 = now_s();
	db = fresh_db(tmp);
	seed(db, o->report_dossiers, o->seed);
	db_close(db);
	if (rename(tmp, path) != 0)
		die("cannot rename the seeded database");
	printf("seed (bulk)            %10.0f dossiers/s  (%.1f s)\n",
	       (double)o->report_dossiers / (now_s() - t0), now_s() - t0);
	if (db_open(path, &db) != E_OK)
		die("cannot open the seeded database");
	return db;
}

/* Report timings against the scan, and the size of the database. */
static void bench_report(const struct opts *o)
{
	char path[4096];
	struct db *db = report_db(o, path, sizeof(path));
	static const enum report_group groups[] = { GROUP_UNIT, GROUP_FIELD };
	static const char *const scans[] = { sql_scan_unit, sql_scan_field };
	int runs = (int)o->runs;
	double *v = calloc((size_t)runs, sizeof(double));
	if (!v)
		abort();
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		int64_t rows = 0, srows = 0;
		double first = report_once(db, groups[g], &rows);
		for (int i = 0; i < runs; i++)
			v[i] = report_once(db, groups[g], &rows);
		double rep = median(v, runs);
		int sruns = runs < 3 ? runs : 3;	/* the scan is slow: three runs */
		for (int i = 0; i < sruns; i++)
			v[i] = scan_once(db, scans[g], &srows);
		double scan = median(v, sruns);
		printf("report ontime %-8s %10.2f ms median of %d (first %.2f ms; %" PRId64
		       " rows)  (target < 50 ms)\n", report_group_name(groups[g]), rep, runs, first,
		       rows);
		printf("scan GROUP BY %-8s %10.1f ms median of %d (%" PRId64 " rows)   "
		       "report %.0fx faster (target >= 100x)\n", report_group_name(groups[g]), scan,
		       sruns, srows, scan / rep);
	}
	free(v);
	sqlite3_stmt *st = db_stmt(db, sql_counter_rows);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		printf("counter rows           %10lld\n", (long long)sqlite3_column_int64(st, 0));
	if (st)
		sqlite3_reset(st);
	db_close(db);
	struct stat sb;
	if (stat(path, &sb) == 0)
		printf("database size          %10.0f MiB per million dossiers (%.0f MiB for %"
		       PRId64 ")\n", (double)sb.st_size / 1048576.0 * 1e6 /
		       (double)o->report_dossiers, (double)sb.st_size / 1048576.0,
		       o->report_dossiers);
}

/* Parse "--name VALUE" pairs into o; false on anything unknown. */
static bool parse_args(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return false;
		const char *k = argv[i], *v = argv[i + 1];
		char *end;
		int64_t n = strtoll(v, &end, 10);
		bool num = *v && !*end && n >= 0;
		if (!strcmp(k, "--dir"))
			o->dir = v;
		else if (!strcmp(k, "--cache"))
			o->cache = v;
		else if (!strcmp(k, "--report-dossiers") && num)
			o->report_dossiers = n;
		else if (!strcmp(k, "--import-dossiers") && num)
			o->import_dossiers = n;
		else if (!strcmp(k, "--live-dossiers") && num)
			o->live_dossiers = n;
		else if (!strcmp(k, "--runs") && num && n > 0)
			o->runs = n;
		else if (!strcmp(k, "--seed") && num)
			o->seed = n;
		else
			return false;
	}
	return o->dir != NULL;
}

int main(int argc, char **argv)
{
	struct opts o = { NULL, "/tmp/motcua-bench-cache", 10000000, 20000, 2000, 7, 1 };
	if (!parse_args(argc, argv, &o)) {
		fprintf(stderr, "usage: bench_engine --dir DIR [--report-dossiers N (10000000, 0: "
				"skip)] [--import-dossiers N (20000)] [--live-dossiers N (2000)] "
				"[--runs N (7)] [--seed N (1)] [--cache DIR]\n");
		return 2;
	}
	if (sodium_init() < 0)
		die("libsodium");
	printf("== engine (bench_engine)\n");
	if (o.live_dossiers > 0)
		bench_live(&o);
	if (o.import_dossiers > 0)
		bench_import(&o);
	if (o.report_dossiers > 0)
		bench_report(&o);
	return 0;
}
