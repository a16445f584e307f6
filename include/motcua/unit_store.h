/* unit_store.h - SQL for the `units` table (the tree of units with materialised paths). */
#ifndef MOTCUA_UNIT_STORE_H
#define MOTCUA_UNIT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One unit as stored. All strings are owned by the record (free with unit_rec_free). */
struct unit_rec {
	int64_t id;
	int64_t parent_id;	/* 0 for a root */
	char *code;
	char *name;
	char *level;
	char *path;		/* "/1/4/9/": ids from the root, ending with the unit's own */
	char *address;
	char *hours;		/* JSON office hours, or NULL to inherit */
	int64_t closed_at;	/* closed to new dossiers since (0: open; migration 0015) */
	int64_t replaced_by;	/* the unit that took its open dossiers over (0: none) */
};

/* Free the strings of r (not r itself) and zero it; NULL is allowed. */
void unit_rec_free(struct unit_rec *r);

/* Load the unit with this code / id into *out (caller frees with unit_rec_free).
 * E_NOTFOUND when absent, E_DB on failure. */
/* Mark the unit with this code as demo data (sample) or not. */
enum err unit_store_set_sample(struct db *db, const char *code, bool sample);
enum err unit_store_by_code(struct db *db, const char *code, struct unit_rec *out);
enum err unit_store_by_id(struct db *db, int64_t id, struct unit_rec *out);

/* Insert a unit under parent_id (0 for a root) and set its path; *id receives the new id.
 * hours and address may be NULL. E_CONFLICT when the code exists, E_DB on failure. */
enum err unit_store_insert(struct db *db, const char *code, const char *name, const char *level,
			   int64_t parent_id, const char *hours, const char *address, int64_t *id);

/* Overwrite name, level, hours and address of unit id (address NULL keeps it). */
enum err unit_store_update(struct db *db, int64_t id, const char *name, const char *level,
			   const char *hours, const char *address);

/* Move unit id (whose path is old_path) under parent_id (0 = root, new_parent_path ignored
 * then): rewrites the paths of the whole subtree. The caller checks for cycles. */
enum err unit_store_move(struct db *db, int64_t id, const char *old_path, int64_t parent_id,
			 const char *new_parent_path);

/* Number of units; -1 on failure. */
int64_t unit_store_count(struct db *db);

/* --- unit_admin_store.c: the administration page (docs/admin-units.md) --- */

/* One unit of a listing; strings valid during the callback only. */
struct unit_list_row {
	int64_t id, parent_id;	/* parent 0 for a root */
	const char *code, *name, *level, *path, *address, *hours;	/* hours NULL: inherit */
	int64_t closed_at;	/* 0: open */
	const char *replaced_by;	/* code, "" when none */
};
/* Call fn for every unit whose path starts with root_path ("" = all), in path order. */
enum err unit_store_each_within(struct db *db, const char *root_path,
				bool (*fn)(const struct unit_list_row *row, void *ctx), void *ctx);
/* Close unit id at closed_at, naming replaced_by (0: none). E_DB. */
enum err unit_store_close(struct db *db, int64_t id, int64_t closed_at, int64_t replaced_by);
/* Ids of the open dossiers of unit id with a code (submitted, received, processing,
 * supplement, payment), by id: *ids (free), *n. E_DB. */
enum err unit_store_open_dossiers(struct db *db, int64_t id, int64_t **ids, int *n);
/* Move the drafts (no code, no event) of unit from to unit to; *n receives how many. */
enum err unit_store_move_drafts(struct db *db, int64_t from, int64_t to, int64_t *n);

#endif
