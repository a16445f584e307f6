/* api_token.h - API tokens for the reports API (issue 9 §9, issue 10 §6; docs/api.md).
 * A token is "mct_" followed by 64 hex digits (32 random bytes); only the BLAKE2b-256 of the
 * bytes is stored. A token reads the reports of its unit's subtree. Issuing and revoking are
 * administrative changes, recorded with admin_audit_record in the same transaction. */
#ifndef MOTCUA_API_TOKEN_H
#define MOTCUA_API_TOKEN_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/api_token_store.h"
#include "motcua/db.h"
#include "motcua/err.h"

#define API_TOKEN_PREFIX "mct_"
#define API_TOKEN_LEN 68	/* prefix + 64 hex digits */
#define API_TOKEN_NAME_MAX 80	/* characters of a token's name */

/* Issue a token named name (1..API_TOKEN_NAME_MAX characters of printable UTF-8) for the unit
 * with code unit_code, by actor_id (0 = the command line), at now. scope_unit_id (0 = any)
 * is the issuer's own unit: the token's unit must be in its subtree. token receives the value
 * (shown once), *id its id. E_INVALID (*bad = "name" or "unit") for a bad name or an unknown
 * unit, E_NOTFOUND for a unit outside the scope, E_DB. */
enum err api_token_issue(struct db *db, const char *name, const char *unit_code,
			 int64_t scope_unit_id, int64_t actor_id, int64_t now,
			 char token[API_TOKEN_LEN + 1], int64_t *id, const char **bad);

/* Revoke token id by actor_id at now. E_NOTFOUND when it does not exist or its unit is
 * outside scope_unit_id's subtree (0 = any), E_CONFLICT when it is already revoked (nothing
 * changes), E_DB. */
enum err api_token_revoke(struct db *db, int64_t id, int64_t scope_unit_id, int64_t actor_id,
			  int64_t now);

/* The live token whose value is token into *out, noting its use (last_used_at, at most once
 * a minute). E_NOTFOUND for a malformed or unknown token, E_FORBIDDEN for a revoked one,
 * E_DB. */
enum err api_token_resolve(struct db *db, const char *token, int64_t now,
			   struct api_token_row *out);

/* The tokens of scope_unit_id's subtree (0 = all), newest first: a JSON array of {"id",
 * "name", "unit", "unit_name", "created_at", "created_by", "revoked_at", "last_used_at"}
 * (times epoch seconds, 0 = none). E_NOTFOUND for an unknown scope unit, E_DB. */
enum err api_token_list(struct db *db, int64_t scope_unit_id, json_t **out);

/* The units a token may be issued for by someone of scope_unit_id (its subtree, 0 = all),
 * sorted by code: a JSON array of {"code", "name"}. E_NOTFOUND for an unknown scope, E_DB. */
enum err api_token_units(struct db *db, int64_t scope_unit_id, json_t **out);

#endif
