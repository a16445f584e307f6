/* risk_store.h - the units of a subtree for the leader's chart pickers (src/web/risk_charts.c
 * through src/domain/risk_units.c). */
#ifndef MOTCUA_RISK_STORE_H
#define MOTCUA_RISK_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* A unit of a subtree (strings owned: free with risk_units_free). */
struct risk_unit_row {
	int64_t id, parent_id;	/* parent_id 0 for a root */
	char *code, *name, *level;
};
void risk_units_free(struct risk_unit_row *rows, int n);

/* Every unit whose path starts with root_path (the root itself included), by path. *rows
 * (caller frees) and *n. E_DB. */
enum err risk_store_units(struct db *db, const char *root_path, struct risk_unit_row **rows,
			  int *n);

#endif
