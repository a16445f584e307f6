/* slip_store.h - SQL of the statutory slips (src/store/slip_store.c; docs/slips.md): the names
 * a slip prints (a staff member's) and the rows of the ledger (Form 06, Sổ theo dõi hồ sơ).
 * Used by src/domain/slip*.c only. */
#ifndef MOTCUA_SLIP_STORE_H
#define MOTCUA_SLIP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* The name of user id into out (n bytes, truncated). E_NOTFOUND, E_DB. */
enum err slip_store_user_name(struct db *db, int64_t id, char *out, size_t n);

/* One row of the ledger; strings valid during the callback only ("" for NULL). */
struct slip_ledger_row {
	int64_t id;
	const char *code, *applicant_name, *procedure_name, *department_name, *unit_name;
	int64_t received_at, due_at, finished_at, returned_at;	/* 0 when NULL */
};

/* The dossiers of the unit subtree rooted at root_path ("/1/4/", its own units included)
 * received in [from, to) (epoch seconds) of procedures in field_id, by received_at then id,
 * skipping `offset` rows and giving at most `limit` to fn (fn returns false to stop). Walks
 * the units of the subtree (units_path) and, for each, dossiers_unit_received. *total (may be
 * NULL) receives the number of rows in the period without offset/limit. E_DB. */
enum err slip_store_ledger(struct db *db, const char *root_path, int64_t field_id, int64_t from,
			   int64_t to, int offset, int limit,
			   bool (*fn)(void *ctx, const struct slip_ledger_row *r), void *ctx,
			   int64_t *total);

#endif
