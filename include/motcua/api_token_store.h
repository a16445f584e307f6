/* api_token_store.h - SQL for the api_tokens table (migration 0012; docs/api.md). */
#ifndef MOTCUA_API_TOKEN_STORE_H
#define MOTCUA_API_TOKEN_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define API_TOKEN_HASH_BYTES 32

/* One token as stored (never its value). Strings are copied into the record. */
struct api_token_row {
	int64_t id;
	char name[256];
	int64_t unit_id;
	char unit_code[64];
	char unit_name[256];
	char unit_path[256];	/* "/1/4/": the scope's materialised path */
	int64_t created_at;
	int64_t created_by;	/* 0 = the command line */
	char created_by_name[128];
	int64_t revoked_at;	/* 0 = live */
	int64_t last_used_at;	/* 0 = never */
};

/* Insert a token; *id receives its id. E_CONFLICT when the hash exists, E_DB. */
enum err api_token_store_insert(struct db *db, const char *name, int64_t unit_id,
				const unsigned char hash[API_TOKEN_HASH_BYTES], int64_t created_at,
				int64_t created_by, int64_t *id);
/* The token with this hash / id into *out. E_NOTFOUND, E_DB. */
enum err api_token_store_by_hash(struct db *db, const unsigned char hash[API_TOKEN_HASH_BYTES],
				 struct api_token_row *out);
enum err api_token_store_by_id(struct db *db, int64_t id, struct api_token_row *out);
/* Set revoked_at of a live token. E_NOTFOUND when it is absent or already revoked, E_DB. */
enum err api_token_store_revoke(struct db *db, int64_t id, int64_t at);
/* Set last_used_at. E_DB. */
enum err api_token_store_touch(struct db *db, int64_t id, int64_t at);
/* Call row(ctx, r) for every token whose unit path starts with path_prefix ("" = all),
 * newest first. E_DB. */
enum err api_token_store_each(struct db *db, const char *path_prefix,
			      void (*row)(void *ctx, const struct api_token_row *r), void *ctx);

#endif
