/* import_dossiers.h - migrate dossier histories (formats.md "dossiers", JSON Lines): every
 * event is replayed through dossier_apply with the clock pinned to its `at`; due dates and
 * outcomes are computed, never read. The whole file is one transaction. */
#ifndef MOTCUA_IMPORT_DOSSIERS_H
#define MOTCUA_IMPORT_DOSSIERS_H

#include <stddef.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"

struct import_dossiers_result {
	int64_t dossiers, events;
	long line;		/* line of the error, 0 when none */
	char message[512];	/* "line 3, event 2 (resolve): ..." */
};

/* Import text[0..len). E_OK; E_INVALID (malformed line, unknown procedure/unit/kind, bad
 * date), E_REFUSED (an event the state machine refuses), E_CONFLICT (code taken): nothing is
 * imported and r->message names the line; E_LIMIT for text over IMPORT_DOSSIERS_MAX_BYTES (import.h);
 * E_DB. */
enum err import_dossiers(struct engine *e, struct db *db, const char *text, size_t len,
			 struct import_dossiers_result *r);

/* What the upload page needs besides (docs/admin-imports.md): progress(ctx, bytes read,
 * line) after each line (from the importing thread), and before_commit(ctx, db, r) inside the
 * import's transaction once every line is in (the admin_audit_record of the import; an error
 * rolls everything back). Either may be NULL. */
struct import_dossiers_hooks {
	void (*progress)(void *ctx, size_t done, long line);
	enum err (*before_commit)(void *ctx, struct db *db, const struct import_dossiers_result *r);
	void *ctx;
};
/* import_dossiers with hooks (h NULL = import_dossiers). */
enum err import_dossiers_hooked(struct engine *e, struct db *db, const char *text, size_t len,
				struct import_dossiers_result *r,
				const struct import_dossiers_hooks *h);

#endif
