/* import.h - import units (JSON), the calendar (CSV) and the catalogue (JSON) (formats.md).
 * Each file is one transaction: any error rejects the whole file, imports nothing and is
 * described by a message naming the line (CSV line; JSON array element and its source line)
 * and the field. Re-importing updates rows by their key (unit code, date, procedure code).
 * The same functions serve `motcua import` and the administrator's upload page. */
#ifndef MOTCUA_IMPORT_H
#define MOTCUA_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

enum import_kind { IMPORT_UNITS, IMPORT_CALENDAR, IMPORT_CATALOG, IMPORT__MAX };

/* Largest file accepted, in bytes (every limit is explicit). */
#define IMPORT_MAX_BYTES (32L * 1024 * 1024)
/* Largest dossier history file (JSON Lines), in bytes: migrations carry years of history. */
#define IMPORT_DOSSIERS_MAX_BYTES (1024L * 1024 * 1024)

/* What an import did, or why it refused the file. */
struct import_result {
	int64_t rows;		/* rows (CSV lines or array elements) in the file */
	int64_t inserted;	/* new rows */
	int64_t updated;	/* rows that replaced an existing one with the same key */
	long line;		/* source line of the error, 0 when none or unknown */
	long element;		/* JSON array element of the error (1-based), 0 for CSV */
	char field[96];		/* field of the error ("fees[2].amount"), "" when none */
	char message[512];	/* "line 7 (element 3), field \"level\": must be one of ..." */
};

/* "units" / "calendar" / "catalog" <-> enum; parse returns -1 when unknown. */
const char *import_kind_name(enum import_kind k);
int import_kind_parse(const char *s);

/* Import text[0..len) (need not be NUL-terminated) of the given kind into db, in one
 * transaction. *r is filled in either way. Returns E_OK; E_INVALID for a bad file (nothing
 * imported, r->message says where and why); E_LIMIT for a file over IMPORT_MAX_BYTES; E_DB
 * when SQLite fails (rolled back). */
enum err import_units(struct db *db, const char *text, size_t len, struct import_result *r);
enum err import_calendar(struct db *db, const char *text, size_t len, struct import_result *r);
enum err import_catalog(struct db *db, const char *text, size_t len, struct import_result *r);
/* Dispatch on kind to one of the three above. */
enum err import_run(struct db *db, enum import_kind kind, const char *text, size_t len,
		    struct import_result *r);

/* Called inside an import's transaction once every row is in, just before COMMIT, with the
 * result so far (rows, inserted, updated set): the administrator's upload page records the
 * import there (admin_audit_record, docs/admin-imports.md). A return other than E_OK rolls
 * the whole import back (the import then returns that error). */
typedef enum err (*import_commit_hook)(void *ctx, struct db *db, const struct import_result *r);
/* import_run with hook(ctx, ...) before the commit (hook NULL = import_run). */
enum err import_run_hooked(struct db *db, enum import_kind kind, const char *text, size_t len,
			   struct import_result *r, import_commit_hook hook, void *ctx);

#endif
