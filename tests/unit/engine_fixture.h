/* engine_fixture.h - a fresh migrated database with units, two procedures and an engine, for
 * the engine's tests. Weekday calendar only (no holidays) so hand-computed deadlines stay
 * simple: 2026-01-05 is a Monday. */
#ifndef MOTCUA_ENGINE_FIXTURE_H
#define MOTCUA_ENGINE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/import.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "../../src/store/db_sql.h"

#define UNUSED __attribute__((unused))

static const char FIX_UNITS[] =
	"[{\"code\": \"H29\", \"name\": \"UBND TP\", \"level\": \"province\", \"parent\": null},"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện Bình Chánh\", \"level\": \"district\","
	"  \"parent\": \"H29\"},"
	" {\"code\": \"H29.23.01\", \"name\": \"UBND xã Vĩnh Lộc A\", \"level\": \"commune\","
	"  \"parent\": \"H29.23\"},"
	" {\"code\": \"H29.23.TP\", \"name\": \"Phòng Tư pháp\", \"level\": \"department\","
	"  \"parent\": \"H29.23\"}]";

/* R3: restart, 3 working days, cutoff 15:00, no fee, document result, field Hộ tịch.
 * P5: pause, 5 working days (4 online), fee 50 000, not a document, field Đất đai, window 2. */
static const char FIX_CATALOG[] =
	"[{\"code\": \"R3\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
	"  \"levels\": [\"district\", \"commune\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 3, \"unit\": \"working_days\"}, \"cutoff\": \"15:00\","
	"  \"supplement_policy\": \"restart\", \"supplement_window_days\": 15,"
	"  \"fees\": [], \"result\": {\"name\": \"Giấy khai sinh\", \"is_document\": true}},"
	" {\"code\": \"P5\", \"name\": \"Cấp giấy chứng nhận\", \"field\": \"Đất đai\","
	"  \"levels\": [\"district\"], \"online_level\": \"info\","
	"  \"duration\": {\"value\": 5, \"unit\": \"working_days\"},"
	"  \"duration_online\": {\"value\": 4, \"unit\": \"working_days\"},"
	"  \"supplement_policy\": \"pause\", \"supplement_window_days\": 2,"
	"  \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 50000, \"kind\": \"fee\"}],"
	"  \"result\": {\"name\": \"Giấy chứng nhận\", \"is_document\": false}}]";

struct fixture {
	char dir[64];
	char path[96];
	struct db *db;
	struct engine *e;
};

/* Open a migrated database in a fresh temporary folder with the fixture's units and
 * catalogue; aborts the test binary when that fails. */
static UNUSED void fix_open(struct fixture *f)
{
	if (sodium_init() < 0)
		abort();
	snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-test-XXXXXX");
	if (!mkdtemp(f->dir))
		abort();
	snprintf(f->path, sizeof(f->path), "%s/db", f->dir);
	char mig[4096];
	struct import_result r;
	if (db_open(f->path, &f->db) != E_OK ||
	    migrate_apply(f->db, share_path(mig, sizeof(mig), "migrations"), NULL) != E_OK ||
	    import_units(f->db, FIX_UNITS, strlen(FIX_UNITS), &r) != E_OK ||
	    import_catalog(f->db, FIX_CATALOG, strlen(FIX_CATALOG), &r) != E_OK) {
		fprintf(stderr, "fixture: %s\n", r.message);
		abort();
	}
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	if (engine_open(f->db, key, &f->e) != E_OK)
		abort();
}

/* Close and delete the fixture's files. */
static UNUSED void fix_close(struct fixture *f)
{
	engine_free(f->e);
	db_close(f->db);
	char p[128];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

/* Instant of a local "YYYY-MM-DDTHH:MM" (aborts when malformed). */
static UNUSED int64_t T(const char *s)
{
	int64_t t;
	if (!parse_iso8601(s, &t))
		abort();
	return t;
}

/* One integer from a query (or -1). */
static UNUSED int64_t fix_int(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db_handle(f->db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Apply an event on dossier id (0 = new) at local instant `at` with role; returns the error
 * and fills *r when r is not NULL. */
static UNUSED enum err fix_ev(struct fixture *f, int64_t id, enum event_kind k,
			      enum role role, const char *at, struct event_input *extra,
			      struct event_result *r)
{
	struct event_input in;
	if (extra)
		in = *extra;
	else
		memset(&in, 0, sizeof(in));
	in.dossier_id = id;
	in.kind = k;
	in.role = role;
	struct clock clk = { T(at) };
	struct event_result rr;
	char why[256];
	return dossier_apply(f->e, f->db, &clk, &in, r ? r : &rr, why, sizeof(why));
}

/* A new dossier received at the counter of H29.23 for procedure proc at `at`. */
static UNUSED int64_t fix_receive(struct fixture *f, const char *proc, const char *channel,
				  const char *at)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = proc;
	in.unit_code = "H29.23";
	in.channel = channel;
	struct event_result r;
	enum event_kind k = channel && !strcmp(channel, "online") ? EV_SUBMIT : EV_RECEIVE;
	enum role role = k == EV_SUBMIT ? ROLE_CITIZEN : ROLE_CLERK;
	if (fix_ev(f, 0, k, role, at, &in, &r) != E_OK)
		return 0;
	if (k == EV_SUBMIT && fix_ev(f, r.dossier_id, EV_RECEIVE, ROLE_CLERK, at, NULL, NULL) != E_OK)
		return 0;
	return r.dossier_id;
}

#endif
