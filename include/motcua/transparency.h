/* transparency.h - the figures of the public transparency page (issue 9 §7; docs/api.md):
 * per unit that receives dossiers, for the current month and the current year up to today,
 * from the report counters (no dossier is read). */
#ifndef MOTCUA_TRANSPARENCY_H
#define MOTCUA_TRANSPARENCY_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* The figures at instant now as a new JSON object:
 *   {"today": day, "month_start": day, "year_start": day,
 *    "units": [{"code", "name", "level", "month": F, "year": F}, ...]  (sorted by code),
 *    "total": {"month": F, "year": F}}
 * with F = {"received", "received_online", "finished", "finished_in_time" (early + on
 * time), "finished_late", "apologies"}. A unit is listed when it received or finished a
 * dossier this year. Days are local day numbers. E_DB. */
enum err transparency_compute(struct db *db, int64_t now, json_t **out);

#endif
