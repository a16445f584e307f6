/* admin_user_store.h - SQL for the administration of accounts (issue 10 item 1,
 * docs/admin-users.md): accounts of a unit subtree and every citizen, one account with its
 * unit's path, a staff account without a password, role / unit / active changes, and the
 * units an administrator may grant. Store layer: used by src/domain/admin_users.c only. */
#ifndef MOTCUA_ADMIN_USER_STORE_H
#define MOTCUA_ADMIN_USER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* The password hash of an account whose password was never set: not an Argon2id string, so
 * no password ever verifies against it. */
#define PASSWORD_UNSET "!unset"

/* One account as the administration pages show it (strings valid during the callback). */
struct admin_user_row {
	int64_t id;
	const char *username, *name, *email, *phone, *role;
	int64_t unit_id;	/* 0 for citizens */
	const char *unit_code, *unit_name, *unit_path;	/* "" for citizens */
	bool active;
	bool totp;		/* two-factor enrolled (enabled) */
	bool password_set;	/* false while the "set your password" link is unused */
	int64_t created_at;
};

/* Call fn for every account that is a citizen or belongs to a unit whose path starts with
 * root_path, ordered by username; role (NULL = any) and unit_id (0 = any) narrow it. fn
 * returns false to stop. E_DB. */
enum err admin_user_store_each(struct db *db, const char *root_path, const char *role,
			       int64_t unit_id,
			       bool (*fn)(const struct admin_user_row *r, void *ctx), void *ctx);
/* Call fn with the account id (whatever its unit). E_NOTFOUND, E_DB. */
enum err admin_user_store_get(struct db *db, int64_t id,
			      void (*fn)(const struct admin_user_row *r, void *ctx), void *ctx);
/* Insert a staff account with PASSWORD_UNSET (active). E_CONFLICT when the username is taken,
 * E_DB. *id receives the row id. */
enum err admin_user_store_insert(struct db *db, const char *username, const char *name,
				 const char *email, const char *phone, const char *role,
				 int64_t unit_id, int64_t now, int64_t *id);
/* Set role and unit (unit_id 0 = NULL) of account id. E_DB. */
enum err admin_user_store_set_role_unit(struct db *db, int64_t id, const char *role,
					int64_t unit_id);
/* Set active of account id. E_DB. */
enum err admin_user_store_set_active(struct db *db, int64_t id, bool active);

/* One unit an administrator may choose (strings valid during the callback). */
struct admin_unit_row {
	int64_t id;
	const char *code, *name, *path;
};
/* Call fn for every unit whose path starts with root_path, in path order. E_DB. */
enum err admin_user_store_units(struct db *db, const char *root_path,
				void (*fn)(const struct admin_unit_row *u, void *ctx), void *ctx);

#endif
