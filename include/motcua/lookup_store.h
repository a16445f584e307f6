/* lookup_store.h - statements behind the public status lookup (store layer). */
#ifndef MOTCUA_LOOKUP_STORE_H
#define MOTCUA_LOOKUP_STORE_H

#include <stdint.h>

#include "motcua/db.h"

/* Bound statement yielding one row: id, code, status, channel, applicant_name, procedure code,
 * procedure name, unit name, received_at, due_at, finished_at, promised_at, lookup_hash.
 * Owned by the connection's cache; the caller steps and resets it. NULL on prepare failure. */
sqlite3_stmt *lookup_store_dossier(struct db *db, const char *code);
/* Bound statement yielding at, kind, to_status, note of a dossier's events in order. */
sqlite3_stmt *lookup_store_events(struct db *db, int64_t dossier_id);

#endif
