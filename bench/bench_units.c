/* bench_units.c - the administration figure of issue 10 (helper "units", bench/units.sh):
 * the time to save a day off that moves the due dates of N open dossiers (default 100,000),
 * each a reschedule event with its counters, in one transaction; then `stats verify` on the
 * whole database (the counters must equal the replay).
 * usage: bench_units --db PATH [--open N] [--procedure CODE] [--units CODE,CODE]
 * The open dossiers are received through the engine in batch mode (ROLE_SYSTEM, an hour ago)
 * at the given units for a procedure of 20 working days, so every one is due after the day
 * off chosen: the first weekday from the day after tomorrow without a calendar row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "motcua/calendar_admin.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/stats.h"
#include "motcua/xalloc.h"
#include "../src/store/db_sql.h"

/* Seconds since an arbitrary origin. */
static double secs(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The server key beside the database (path.key), or zeros when absent (the bench does not
 * check lookup secrets). */
static void load_key(const char *db, unsigned char key[SERVER_KEY_BYTES])
{
	char path[4096];
	memset(key, 0, SERVER_KEY_BYTES);
	snprintf(path, sizeof(path), "%s.key", db);
	FILE *f = fopen(path, "rb");
	if (f) {
		if (fread(key, 1, SERVER_KEY_BYTES, f) != SERVER_KEY_BYTES)
			memset(key, 0, SERVER_KEY_BYTES);
		fclose(f);
	}
}

/* An integer from a query, or -1. */
static int64_t one(struct db *db, const char *sql)
{
	int64_t v = -1;
	return db_int(db, sql, &v) == E_OK ? v : -1;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *proc = "1.012753", *units = "H29.23,H29.24";
	long n = 100000;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--open"))
			n = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--procedure"))
			proc = argv[i + 1];
		else if (!strcmp(argv[i], "--units"))
			units = argv[i + 1];
	}
	if (!path || n <= 0) {
		fprintf(stderr, "usage: bench_units --db PATH [--open N] [--procedure CODE] "
				"[--units CODE,CODE]\n");
		return 2;
	}
	db_library_init();
	xalloc_json_init();
	if (sodium_init() < 0)
		return 1;
	struct db *db;
	unsigned char key[SERVER_KEY_BYTES];
	load_key(path, key);
	struct engine *e;
	if (db_open(path, &db) != E_OK || engine_open(db, key, &e) != E_OK) {
		fprintf(stderr, "units: cannot open %s\n", path);
		return 1;
	}
	char list[256];
	snprintf(list, sizeof(list), "%s", units);
	const char *codes[16];
	int ncodes = 0;
	for (char *s = strtok(list, ","); s && ncodes < 16; s = strtok(NULL, ","))
		codes[ncodes++] = s;
	int64_t now = time(NULL);
	struct clock at = { now - 3600 }, clk = { now };
	double t0 = secs();
	if (engine_batch_begin(e, db) != E_OK)
		return 1;
	for (long i = 0; i < n; i++) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.kind = EV_RECEIVE;
		in.role = ROLE_SYSTEM;
		in.channel = "counter";
		in.procedure_code = proc;
		in.unit_code = codes[i % ncodes];
		in.applicant = "{\"name\":\"Người nộp bench\"}";
		char why[256];
		if (dossier_apply(e, db, &at, &in, NULL, why, sizeof(why)) != E_OK) {
			fprintf(stderr, "units: receive: %s\n", why);
			engine_batch_rollback(e, db);
			return 1;
		}
		if ((i + 1) % 10000 == 0 && (engine_batch_commit(e, db) != E_OK ||
					    engine_batch_begin(e, db) != E_OK))
			return 1;
	}
	if (engine_batch_commit(e, db) != E_OK)
		return 1;
	printf("units open dossiers     %ld received through the engine in %.1f s\n", n,
	       secs() - t0);
	/* The day off: the first weekday from the day after tomorrow without a row. */
	int64_t day = local_day(now) + 2;
	for (;;) {
		int wd = day_weekday(day);
		char q[128];
		snprintf(q, sizeof(q), "SELECT count(*) FROM calendar WHERE day = %lld",
			 (long long)day);
		if (wd != 0 && wd != 6 && one(db, q) == 0)
			break;
		day++;
	}
	struct calendar_edit h = { day, false, false, "Nghỉ đột xuất (bench)", "bench" };
	int64_t count = 0, moved = 0;
	char fp[CALENDAR_FP_LEN + 1];
	t0 = secs();
	if (calendar_admin_preview(db, &clk, &h, &count, fp) != E_OK)
		return 1;
	double preview = secs() - t0;
	int64_t admin = one(db, "SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1");
	t0 = secs();
	enum err err = calendar_admin_save(e, db, &clk, admin > 0 ? admin : 0, &h, fp, count, &moved);
	double save = secs() - t0;
	if (err != E_OK) {
		fprintf(stderr, "units: save failed (%d)\n", (int)err);
		return 1;
	}
	char ymd[11];
	format_ymd(day, ymd);
	printf("units holiday preview   %.2f s (%lld dossiers to move, day %s)\n", preview,
	       (long long)count, ymd);
	printf("units holiday save      %.2f s for %lld reschedule events in one transaction "
	       "(%.0f dossiers/s)\n",
	       save, (long long)moved, save > 0 ? moved / save : 0.0);
	int64_t diffs = -1;
	t0 = secs();
	err = stats_verify(db, false, NULL, &diffs);
	printf("units stats verify      %s, %lld differences (%.1f s)\n",
	       err == E_OK && diffs == 0 ? "clean" : "FAILED", (long long)diffs, secs() - t0);
	engine_free(e);
	db_close(db);
	return err == E_OK && diffs == 0 && moved >= n ? 0 : 1;
}
