/* slip_internal.h - what the slip files share (slip.c, slip_handovers.c, slip_ledger.c). */
#ifndef MOTCUA_SLIP_INTERNAL_H
#define MOTCUA_SLIP_INTERNAL_H

#include "motcua/slip.h"
#include "motcua/dossier_store.h"

/* The Form 05 rows of dossier_id (see slip.h "handovers"), from its event log: each assign or
 * transfer opens a row (department, step, assignee carried over from the previous row when the
 * event does not name them) and closes the previous one; resolve, stop and withdraw close the
 * last. steps: the procedure's internal process (JSON array of {"name","hours"}, may be NULL);
 * cal and hours (cal may be NULL: no due times) give each step's due time. New reference in
 * *out; E_DB. */
enum err slip_handovers(struct db *db, int64_t dossier_id, json_t *steps,
			const struct calendar *cal, const struct office_hours *hours, json_t **out);

/* "early", "on_time" or "late" of a step done at done due at due (docs/slips.md), or NULL when
 * either is 0. */
const char *slip_step_result(int64_t done, int64_t due);

#endif
