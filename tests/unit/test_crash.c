/* test_crash.c - crash safety (issue #3): a child process runs a large import, a large seed
 * or a stream of single events and is killed with SIGKILL part-way; the database it leaves
 * must pass PRAGMA integrity_check and hold, for every dossier, whole events only: seq 1..n
 * without gaps, each event starting where the one before ended, the dossier row's status and
 * version those of its last event, counters equal to a replay, an intact hash chain, and a
 * database that accepts the next event.
 * Timing only chooses when to kill (a seeded PRNG picks a growth of the database files and a
 * time cap); nothing asserts on timing. Each case kills RUNS times. */
#include "harness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/audit.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/import.h"
#include "motcua/import_dossiers.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "motcua/secret.h"
#include "motcua/seedgen.h"
#include "motcua/stats.h"
#include "../../src/store/db_sql.h"

#define RUNS 5
#define IMPORT_DOSSIERS 4000
#define SEED_DOSSIERS 20000
#define SEED_BATCH 1000
#define PROC "1.001193"		/* demo catalogue: birth registration, commune level */
#define UNIT "H29.23.01"

static char dir[64];
static char template_db[128];	/* migrated, demo units/calendar/catalogue, no dossiers */
static const unsigned char KEY[SERVER_KEY_BYTES] = { 3, 1, 4, 1, 5 };
static uint64_t prng = 0x9E3779B97F4A7C15ULL;
static struct buf jsonl = BUF_INIT;	/* the generated import file */
static int64_t jsonl_events;
static int killed_mid_work, finished_before_kill;

/* xorshift64*: the next pseudo-random number of the test's fixed stream. */
static uint64_t next_rand(void)
{
	prng ^= prng >> 12;
	prng ^= prng << 25;
	prng ^= prng >> 27;
	return prng * 0x2545F4914F6CDD1DULL;
}

/* Uniform integer in [lo, hi]. */
static int64_t rand_in(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next_rand() % (uint64_t)(hi - lo + 1));
}

/* Milliseconds of a monotonic clock. */
static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Size of a file, 0 when it does not exist. */
static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

/* Bytes of path and its -wal file together. */
static int64_t db_bytes(const char *path)
{
	char wal[160];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	return file_size(path) + file_size(wal);
}

/* Remove path and its -wal and -shm files. */
static void remove_db(const char *path)
{
	char p[160];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
}

/* Copy file src to dst (aborts on failure). */
static void copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	if (!in || !out)
		abort();
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			abort();
	fclose(in);
	if (fclose(out) != 0)
		abort();
}

/* Import data/demo/<file> of kind k into db (aborts on failure). */
static void import_demo(struct db *db, const char *file, enum import_kind k)
{
	char data[4096], path[4200];
	snprintf(path, sizeof(path), "%s/%s", share_path(data, sizeof(data), "data/demo"), file);
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	struct buf text = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&text, chunk, n);
	fclose(f);
	struct import_result r;
	if (import_run(db, k, buf_str(&text), text.len, &r) != E_OK) {
		fprintf(stderr, "test_crash: %s: %s\n", file, r.message);
		abort();
	}
	buf_free(&text);
}

/* Build the template database once; closing the only connection checkpoints the WAL into the
 * main file, so copying that file gives each run a fresh database. */
static void make_template(void)
{
	snprintf(dir, sizeof(dir), "/tmp/motcua-crash-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(template_db, sizeof(template_db), "%s/template.db", dir);
	char mig[4096];
	struct db *db;
	if (db_open(template_db, &db) != E_OK ||
	    migrate_apply(db, share_path(mig, sizeof(mig), "migrations"), NULL) != E_OK)
		abort();
	import_demo(db, "units.json", IMPORT_UNITS);
	import_demo(db, "calendar.csv", IMPORT_CALENDAR);
	import_demo(db, "catalog.json", IMPORT_CATALOG);
	db_close(db);
}

/* Append one event object to the line being built. */
static void ev(struct buf *b, bool *first, int64_t at, const char *kind, const char *extra)
{
	char iso[26];
	format_iso(at, iso);
	buf_printf(b, "%s{\"at\": \"%s\", \"kind\": \"%s\"%s%s}", *first ? "" : ", ", iso, kind,
		   extra ? ", " : "", extra ? extra : "");
	*first = false;
	jsonl_events++;
}

/* Generate IMPORT_DOSSIERS history lines of five shapes (returned and rated, supplemented,
 * refused, withdrawn, still open), 40 dossiers a week from March 2025. */
static void make_jsonl(void)
{
	int64_t t0;
	if (!parse_iso8601("2025-03-03T08:00:00+07:00", &t0))
		abort();
	for (int i = 0; i < IMPORT_DOSSIERS; i++) {
		int64_t t = t0 + (int64_t)(i / 40) * 7 * 86400 + (i % 5) * 86400 + (i % 8) * 1800;
		int shape = i % 5;
		const char *channel = shape == 1 || shape == 2 ? "online" : "counter";
		buf_printf(&jsonl, "{\"procedure\": \"" PROC "\", \"unit\": \"" UNIT "\", "
			   "\"channel\": \"%s\", \"applicant\": {\"name\": \"Nguyễn Văn %d\"}, "
			   "\"events\": [", channel, i);
		bool first = true;
		if (!strcmp(channel, "online"))
			ev(&jsonl, &first, t - 3600, "submit", NULL);
		switch (shape) {
		case 0:
		case 1:
			ev(&jsonl, &first, t, "receive", NULL);
			if (shape == 1) {
				ev(&jsonl, &first, t + 600, "request_supplement",
				   "\"reason\": \"Thiếu bản sao CCCD\"");
				ev(&jsonl, &first, t + 86400, "supplement", NULL);
			}
			ev(&jsonl, &first, t + 86400 + 3600, "assign",
			   "\"department\": \"H29.23.TP\"");
			ev(&jsonl, &first, t + 86400 + 7200, "resolve", NULL);
			ev(&jsonl, &first, t + 2 * 86400, "return", "\"delivery\": \"counter\"");
			if (shape == 1)
				ev(&jsonl, &first, t + 2 * 86400 + 60, "rate",
				   "\"rating\": \"satisfied\"");
			break;
		case 2:
			ev(&jsonl, &first, t, "refuse", "\"reason\": \"Không thuộc thẩm quyền\"");
			break;
		case 3:
			ev(&jsonl, &first, t, "receive", NULL);
			ev(&jsonl, &first, t + 7200, "withdraw", "\"reason\": \"Công dân rút\"");
			break;
		default:
			ev(&jsonl, &first, t, "receive", NULL);
			break;
		}
		buf_puts(&jsonl, "]}\n");
	}
}

/* Child: import the generated file in one transaction. Exit status 0 on success. A small
 * page cache makes SQLite spill uncommitted pages into the WAL before the commit, so some
 * kills leave uncommitted frames there for recovery to ignore. */
static int work_import(const char *path)
{
	struct db *db;
	struct engine *e;
	if (db_open(path, &db) != E_OK || db_exec(db, "PRAGMA cache_size=-256") != E_OK ||
	    engine_open(db, KEY, &e) != E_OK)
		return 1;
	struct import_dossiers_result r;
	enum err err = import_dossiers(e, db, jsonl.data, jsonl.len, &r);
	if (err != E_OK)
		fprintf(stderr, "test_crash: import: %s\n", r.message);
	return err == E_OK ? 0 : 1;
}

/* Child: seed SEED_DOSSIERS histories in batches of SEED_BATCH. */
static int work_seed(const char *path)
{
	struct db *db;
	if (db_open(path, &db) != E_OK)
		return 1;
	int64_t now;
	if (!parse_iso8601("2026-03-02T12:00:00+07:00", &now))
		return 1;
	struct seedgen_opts o = { .dossiers = SEED_DOSSIERS, .years = 2, .seed = 42, .now = now,
				  .batch = SEED_BATCH };
	struct seedgen_result r;
	return seedgen_run(db, KEY, &o, &r) == E_OK ? 0 : 1;
}

/* Child: live-style events, each in its own transaction (no batch): dossiers received at the
 * counter, assigned, resolved and returned one event at a time. */
static int work_live(const char *path)
{
	struct db *db;
	struct engine *e;
	if (db_open(path, &db) != E_OK || engine_open(db, KEY, &e) != E_OK)
		return 1;
	int64_t t;
	if (!parse_iso8601("2025-06-02T08:00:00+07:00", &t))
		return 1;
	static const enum event_kind steps[] = { EV_RECEIVE, EV_ASSIGN, EV_RESOLVE, EV_RETURN };
	for (int i = 0; i < 100000; i++) {
		int64_t id = 0;
		for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
			struct event_input in;
			memset(&in, 0, sizeof(in));
			in.dossier_id = id;
			in.kind = steps[s];
			in.role = ROLE_SYSTEM;
			in.procedure_code = PROC;
			in.unit_code = UNIT;
			in.channel = "counter";
			in.department = "H29.23.TP";
			in.delivery = "counter";
			struct clock clk = { t + i * 60 + (int64_t)s * 3600 };
			struct event_result res;
			char why[256];
			if (dossier_apply(e, db, &clk, &in, &res, why, sizeof(why)) != E_OK) {
				fprintf(stderr, "test_crash: live: %s\n", why);
				return 1;
			}
			id = res.dossier_id;
		}
	}
	return 0;
}

enum work { WORK_IMPORT, WORK_SEED, WORK_LIVE };

/* Fork a child doing work w on path; kill it with SIGKILL once the database files have
 * grown by grow_bytes or cap_ms have passed, whichever comes first (or let it be when it has
 * already exited). Returns after reaping the child: whether it was killed. */
static bool run_and_kill(enum work w, const char *path, int64_t grow_bytes, int64_t cap_ms)
{
	int64_t base = db_bytes(path), start = now_ms();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		int rc = w == WORK_IMPORT ? work_import(path) : w == WORK_SEED ? work_seed(path)
									 : work_live(path);
		_exit(rc);
	}
	int status = 0;
	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid) {
			finished_before_kill++;
			CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
			return false;
		}
		if (db_bytes(path) - base >= grow_bytes || now_ms() - start >= cap_ms)
			break;
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (killed)
		killed_mid_work++;
	else
		finished_before_kill++;
	return killed;
}

/* One integer from a query on db (or -1). */
static int64_t q_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether PRAGMA integrity_check answers exactly one row "ok". */
static bool integrity_ok(struct db *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return false;
	int rows = 0;
	bool ok = true;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!t || strcmp(t, "ok")) {
			fprintf(stderr, "test_crash: integrity_check: %s\n", t ? t : "(null)");
			ok = false;
		}
		rows++;
	}
	sqlite3_finalize(st);
	return ok && rows == 1;
}

/* Open the database the killed child left and check everything the header promises. Returns
 * the number of dossiers found. */
static int64_t check_consistent(const char *path)
{
	struct db *db;
	if (!CHECK(db_open(path, &db) == E_OK))
		return -1;
	CHECK(integrity_ok(db));
	CHECK_INT(q_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* seq 1..n without gaps (UNIQUE (dossier_id, seq) + count = max = version, min = 1) */
	CHECK_INT(q_int(db, "SELECT count(*) FROM dossiers d WHERE d.version != "
			    "(SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id) "
			    "OR d.version != (SELECT max(seq) FROM dossier_events e "
			    "WHERE e.dossier_id = d.id) OR 1 != (SELECT min(seq) FROM "
			    "dossier_events e WHERE e.dossier_id = d.id)"), 0);
	CHECK_INT(q_int(db, "SELECT count(*) FROM dossier_events e WHERE NOT EXISTS "
			    "(SELECT 1 FROM dossiers d WHERE d.id = e.dossier_id)"), 0);
	/* the row's status is the last event's to_status */
	CHECK_INT(q_int(db, "SELECT count(*) FROM dossiers d LEFT JOIN dossier_events e "
			    "ON e.dossier_id = d.id AND e.seq = d.version "
			    "WHERE e.id IS NULL OR e.to_status != d.status"), 0);
	/* each event starts in the state the one before left */
	CHECK_INT(q_int(db, "SELECT count(*) FROM dossier_events e LEFT JOIN dossier_events p "
			    "ON p.dossier_id = e.dossier_id AND p.seq = e.seq - 1 "
			    "WHERE (e.seq = 1 AND e.from_status IS NOT NULL) OR (e.seq > 1 AND "
			    "(p.id IS NULL OR p.to_status IS NOT e.from_status))"), 0);
	/* counters agree with a replay of the event log */
	int64_t diffs = -1;
	CHECK_INT(stats_verify(db, false, NULL, &diffs), E_OK);
	CHECK_INT(diffs, 0);
	/* the hash chain is intact and covers every event */
	int64_t rows = -1;
	struct audit_break brk;
	CHECK_INT(audit_verify(db, &rows, &brk), E_OK);
	CHECK_INT(brk.id, 0);
	CHECK_INT(rows, q_int(db, "SELECT count(*) FROM dossier_events"));
	int64_t n = q_int(db, "SELECT count(*) FROM dossiers");
	/* and the database accepts the next event */
	struct engine *e;
	if (CHECK(engine_open(db, KEY, &e) == E_OK)) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.kind = EV_RECEIVE;
		in.role = ROLE_CLERK;
		in.procedure_code = PROC;
		in.unit_code = UNIT;
		in.channel = "counter";
		int64_t t;
		parse_iso8601("2026-03-03T09:00:00+07:00", &t);
		struct clock clk = { t };
		struct event_result res;
		char why[256] = "";
		CHECK_INT(dossier_apply(e, db, &clk, &in, &res, why, sizeof(why)), E_OK);
		engine_free(e);
	}
	db_close(db);
	return n;
}

/* RUNS kills of work w; check(n) receives the dossier count left by each. */
static void kill_runs(enum work w, const char *name, int64_t grow_lo, int64_t grow_hi,
		      int64_t cap_lo, int64_t cap_hi, void (*check)(struct db *db, int64_t n))
{
	for (int k = 0; k < RUNS; k++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/%s-%d.db", dir, name, k);
		copy_file(template_db, path);
		int64_t grow = rand_in(grow_lo, grow_hi), cap = rand_in(cap_lo, cap_hi);
		int64_t t0 = now_ms();
		bool killed = run_and_kill(w, path, grow, cap);
		int64_t ms = now_ms() - t0;
		int64_t n = check_consistent(path);
		printf("  %s %d: %s after %lld ms (grow %lld KiB, cap %lld ms): %lld dossiers\n",
		       name, k, killed ? "killed" : "done", (long long)ms, (long long)(grow >> 10),
		       (long long)cap, (long long)n);
		if (check) {
			struct db *db;
			if (CHECK(db_open(path, &db) == E_OK)) {
				check(db, n);
				db_close(db);
			}
		}
		remove_db(path);
	}
}

/* The import is one transaction: all of the file or none of it. */
static void import_all_or_nothing(struct db *db, int64_t n)
{
	/* n was counted before the probe event check_consistent added (one receive) */
	int64_t events = q_int(db, "SELECT count(*) FROM dossier_events") - 1;
	CHECK(n == 0 || n == IMPORT_DOSSIERS);
	CHECK(events == 0 || events == jsonl_events);
	CHECK_INT(events == 0, n == 0);
}

/* The seed commits whole batches: earlier batches stay, the running one vanishes. */
static void seed_whole_batches(struct db *db, int64_t n)
{
	(void)db;
	CHECK(n % SEED_BATCH == 0 || n == SEED_DOSSIERS);
}

static void sigkill_during_import_leaves_whole_file_or_nothing(void)
{
	kill_runs(WORK_IMPORT, "import", 64 << 10, 8 << 20, 50, 1500, import_all_or_nothing);
}

static void sigkill_during_seed_leaves_whole_batches_and_consistent_counters(void)
{
	kill_runs(WORK_SEED, "seed", 256 << 10, 12 << 20, 100, 2000, seed_whole_batches);
}

static void sigkill_during_single_events_leaves_whole_events(void)
{
	kill_runs(WORK_LIVE, "live", 256 << 10, 4 << 20, 100, 1000, NULL);
}

int main(void)
{
	if (sodium_init() < 0)
		abort();
	make_template();
	make_jsonl();
	int64_t t0 = now_ms();
	RUN(sigkill_during_import_leaves_whole_file_or_nothing);
	RUN(sigkill_during_seed_leaves_whole_batches_and_consistent_counters);
	RUN(sigkill_during_single_events_leaves_whole_events);
	printf("test_crash: %d kills mid-work, %d children done before the kill, %lld ms\n",
	       killed_mid_work, finished_before_kill, (long long)(now_ms() - t0));
	remove_db(template_db);
	rmdir(dir);
	buf_free(&jsonl);
	return harness_done("test_crash");
}
