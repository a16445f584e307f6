/* user_store.h - SQL for the users table (store layer, used by src/domain/auth.c only). */
#ifndef MOTCUA_USER_STORE_H
#define MOTCUA_USER_STORE_H

#include <stdint.h>

#include "motcua/db.h"

/* Id of the unit with this code; E_NOTFOUND when there is none. */
enum err user_store_unit_id(struct db *db, const char *code, int64_t *id);
/* Insert a user row (unit_id <= 0 stores NULL); E_CONFLICT for a taken username. */
enum err user_store_insert(struct db *db, const char *username, const char *name,
			   const char *role, int64_t unit_id, const char *hash, int64_t now,
			   int64_t *id);

#endif
