/* fuzz_db.h - the database the import fuzz targets share: an in-memory SQLite database,
 * migrated once per process with optional base units and catalogue, a pristine copy to restore
 * it from after an input that imported something, and the invariants every input must keep:
 * no transaction left open, and a refused file changes nothing (same content fingerprint as
 * the pristine copy). A broken invariant aborts, which libFuzzer reports as a crash. */
#ifndef MOTCUA_FUZZ_DB_H
#define MOTCUA_FUZZ_DB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/db.h"
#include "motcua/import.h"
#include "motcua/log.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "../../src/store/db_sql.h"

#define FZ_UNUSED __attribute__((unused))

static struct db *fz_db;		/* the connection the inputs are imported into */
static sqlite3 *fz_pristine;		/* its state before any input */
static uint64_t fz_pristine_fp;		/* content fingerprint of that state */

/* Tables whose content a refused import must leave as it was. */
static const char *const fz_tables[] = {
	"SELECT * FROM units ORDER BY id", "SELECT * FROM calendar ORDER BY day",
	"SELECT * FROM fields ORDER BY id", "SELECT * FROM procedures ORDER BY id",
	"SELECT * FROM dossier_seq", "SELECT * FROM dossiers ORDER BY id",
	"SELECT * FROM dossier_events ORDER BY id", "SELECT * FROM stat_counters", NULL
};

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fz_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Fingerprint of every row of fz_tables on handle h (types and bytes of each value). */
static uint64_t fz_fingerprint(sqlite3 *h)
{
	uint64_t fp = 0xcbf29ce484222325ULL;
	for (int t = 0; fz_tables[t]; t++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h, fz_tables[t], -1, &st, NULL) != SQLITE_OK)
			abort();
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				int type = sqlite3_column_type(st, c);
				const void *v = sqlite3_column_blob(st, c);
				fp = fz_fnv(fp, &type, sizeof(type));
				fp = fz_fnv(fp, v, (size_t)sqlite3_column_bytes(st, c));
			}
		}
		sqlite3_finalize(st);
		fp = fz_fnv(fp, &t, sizeof(t));
	}
	return fp;
}

/* Copy database main of from into to (aborts on failure). */
static void fz_copy(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
		abort();
}

/* Open and migrate the in-memory database once, import units and catalog (JSON text, either
 * may be NULL) and remember the result as the pristine state. */
static FZ_UNUSED void fz_open(const char *units, const char *catalog)
{
	if (fz_db)
		return;
	if (sodium_init() < 0)
		abort();
	log_set_level(LOG_ERROR);
	char mig[4096];
	struct import_result r;
	if (db_open(":memory:", &fz_db) != E_OK ||
	    migrate_apply(fz_db, share_path(mig, sizeof(mig), "migrations"), NULL) != E_OK)
		abort();
	if ((units && import_units(fz_db, units, strlen(units), &r) != E_OK) ||
	    (catalog && import_catalog(fz_db, catalog, strlen(catalog), &r) != E_OK)) {
		fprintf(stderr, "fuzz: base data: %s\n", r.message);
		abort();
	}
	if (sqlite3_open(":memory:", &fz_pristine) != SQLITE_OK)
		abort();
	fz_copy(fz_pristine, db_handle(fz_db));
	fz_pristine_fp = fz_fingerprint(fz_pristine);
}

/* After an input: no transaction may be left open; a refused input (ok false) must have
 * changed nothing and said why; an accepted one is undone by restoring the pristine copy. */
static FZ_UNUSED void fz_after(bool ok, const char *message)
{
	sqlite3 *h = db_handle(fz_db);
	if (!sqlite3_get_autocommit(h)) {
		fprintf(stderr, "fuzz: a transaction was left open\n");
		abort();
	}
	if (!ok) {
		if (!message || !message[0]) {
			fprintf(stderr, "fuzz: refused without a message\n");
			abort();
		}
		if (fz_fingerprint(h) != fz_pristine_fp) {
			fprintf(stderr, "fuzz: a refused file changed the database: %s\n", message);
			abort();
		}
		return;
	}
	fz_copy(h, fz_pristine);
}

#endif
