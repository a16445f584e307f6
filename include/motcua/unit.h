/* unit.h - units of the tree (domain.md §1): lookup, office hours by inheritance, subtrees. */
#ifndef MOTCUA_UNIT_H
#define MOTCUA_UNIT_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/unit_store.h"

/* A unit is a struct unit_rec (unit_store.h): id, parent_id, code, name, level, path
 * ("/1/4/9/", its subtree path), address, own hours JSON or NULL. */

/* Load the unit with this code / id into *out (caller frees with unit_rec_free).
 * E_NOTFOUND when absent, E_DB on failure. */
enum err unit_get_by_code(struct db *db, const char *code, struct unit_rec *out);
enum err unit_get_by_id(struct db *db, int64_t id, struct unit_rec *out);

/* Office hours of unit id: its own hours, else the nearest ancestor's, else
 * OFFICE_HOURS_DEFAULT. Stored hours that do not parse are skipped (logged) as if absent.
 * E_NOTFOUND when the unit does not exist, E_DB on failure. */
enum err unit_office_hours(struct db *db, int64_t id, struct office_hours *out);

/* Whether the unit with path `path` is in the subtree rooted at the unit with path
 * `root_path` (a unit is in its own subtree). For SQL use `path LIKE root_path || '%'`. */
bool unit_path_within(const char *path, const char *root_path);

#endif
