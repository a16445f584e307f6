/* api_token.c - issuing, revoking, resolving and listing API tokens (api_token.h). */
#include "motcua/api_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/admin_audit.h"
#include "motcua/report_store.h"
#include "motcua/text.h"
#include "motcua/unit.h"

#define TOKEN_BYTES 32
#define TOUCH_EVERY 60	/* seconds between writes of last_used_at */

/* The hash of a presented token; false when it is not "mct_" + 64 hex digits. */
static bool token_hash(const char *token, unsigned char hash[API_TOKEN_HASH_BYTES])
{
	unsigned char raw[TOKEN_BYTES];
	size_t n = 0, plen = strlen(API_TOKEN_PREFIX);
	if (!token || strlen(token) != API_TOKEN_LEN || strncmp(token, API_TOKEN_PREFIX, plen) ||
	    strspn(token + plen, "0123456789abcdef") != API_TOKEN_LEN - plen ||
	    sodium_hex2bin(raw, sizeof(raw), token + plen, API_TOKEN_LEN - plen, NULL, &n, NULL) ||
	    n != sizeof(raw))
		return false;
	crypto_generichash(hash, API_TOKEN_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* The subtree path of scope_unit_id into out ("" for 0 = everything). E_NOTFOUND, E_DB. */
static enum err scope_path(struct db *db, int64_t scope_unit_id, char *out, size_t n)
{
	out[0] = '\0';
	if (scope_unit_id <= 0)
		return E_OK;
	struct unit_rec u;
	memset(&u, 0, sizeof(u));
	enum err e = unit_get_by_id(db, scope_unit_id, &u);
	if (e == E_OK)
		snprintf(out, n, "%s", u.path);
	unit_rec_free(&u);
	return e;
}

/* A token's public description for the administrative record (never its value). */
static json_t *describe(const char *name, const char *unit_code, int64_t revoked_at)
{
	json_t *j = json_pack("{s:s, s:s}", "name", name, "unit", unit_code);
	if (revoked_at)
		json_object_set_new(j, "revoked_at", json_integer(revoked_at));
	return j;
}

/* True when name is 1..API_TOKEN_NAME_MAX characters of UTF-8 without control characters. */
static bool name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (!n || !utf8_valid(name, n) || utf8_length(name, n) > API_TOKEN_NAME_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* See api_token.h. */
enum err api_token_issue(struct db *db, const char *name, const char *unit_code,
			 int64_t scope_unit_id, int64_t actor_id, int64_t now,
			 char token[API_TOKEN_LEN + 1], int64_t *id, const char **bad)
{
	*bad = NULL;
	token[0] = '\0';
	if (!name_ok(name)) {
		*bad = "name";
		return E_INVALID;
	}
	char root[256];
	enum err e = scope_path(db, scope_unit_id, root, sizeof(root));
	if (e != E_OK)
		return e;
	struct unit_rec u;
	e = unit_code && *unit_code ? unit_get_by_code(db, unit_code, &u) : E_NOTFOUND;
	if (e == E_NOTFOUND) {
		*bad = "unit";
		return E_INVALID;
	}
	if (e != E_OK)
		return e;
	bool inside = unit_path_within(u.path, root);
	int64_t unit_id = u.id;
	unit_rec_free(&u);
	if (!inside)
		return E_NOTFOUND;
	unsigned char raw[TOKEN_BYTES], hash[API_TOKEN_HASH_BYTES];
	randombytes_buf(raw, sizeof(raw));
	memcpy(token, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX));
	sodium_bin2hex(token + strlen(API_TOKEN_PREFIX), API_TOKEN_LEN + 1 - strlen(API_TOKEN_PREFIX),
		       raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	if ((e = db_begin(db)) != E_OK)
		goto fail;
	e = api_token_store_insert(db, name, unit_id, hash, now, actor_id, id);
	if (e == E_OK) {
		char target[32];
		snprintf(target, sizeof(target), "token:%lld", (long long)*id);
		json_t *after = describe(name, unit_code, 0);
		struct admin_change c = { actor_id, "token.issue", target, NULL, after, now };
		e = admin_audit_record(db, &c);
		json_decref(after);
	}
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e == E_OK)
		return E_OK;
fail:
	sodium_memzero(token, API_TOKEN_LEN + 1);
	return e == E_CONFLICT ? E_DB : e;
}

/* See api_token.h. */
enum err api_token_revoke(struct db *db, int64_t id, int64_t scope_unit_id, int64_t actor_id,
			  int64_t now)
{
	char root[256];
	enum err e = scope_path(db, scope_unit_id, root, sizeof(root));
	if (e != E_OK)
		return e;
	if ((e = db_begin(db)) != E_OK)
		return e;
	struct api_token_row t;
	e = api_token_store_by_id(db, id, &t);
	if (e == E_OK && !unit_path_within(t.unit_path, root))
		e = E_NOTFOUND;
	if (e == E_OK && t.revoked_at)
		e = E_CONFLICT;
	if (e == E_OK)
		e = api_token_store_revoke(db, id, now);
	if (e == E_OK) {
		char target[32];
		snprintf(target, sizeof(target), "token:%lld", (long long)id);
		json_t *before = describe(t.name, t.unit_code, 0);
		json_t *after = describe(t.name, t.unit_code, now);
		struct admin_change c = { actor_id, "token.revoke", target, before, after, now };
		e = admin_audit_record(db, &c);
		json_decref(before);
		json_decref(after);
	}
	if (e == E_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* See api_token.h. */
enum err api_token_resolve(struct db *db, const char *token, int64_t now,
			   struct api_token_row *out)
{
	unsigned char hash[API_TOKEN_HASH_BYTES];
	if (!token_hash(token, hash))
		return E_NOTFOUND;
	enum err e = api_token_store_by_hash(db, hash, out);
	if (e != E_OK)
		return e;
	if (out->revoked_at)
		return E_FORBIDDEN;
	if (now - out->last_used_at >= TOUCH_EVERY || now < out->last_used_at) {
		/* a failed write only loses the hint; the request is still answered */
		if (api_token_store_touch(db, out->id, now) == E_OK)
			out->last_used_at = now;
	}
	return E_OK;
}

/* api_token_store_each callback: one token as JSON. */
static void list_row(void *ctx, const struct api_token_row *r)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:I}", "id",
		(json_int_t)r->id, "name", r->name, "unit", r->unit_code, "unit_name", r->unit_name,
		"created_at", (json_int_t)r->created_at, "created_by", r->created_by_name,
		"revoked_at", (json_int_t)r->revoked_at, "last_used_at",
		(json_int_t)r->last_used_at));
}

/* See api_token.h. */
enum err api_token_list(struct db *db, int64_t scope_unit_id, json_t **out)
{
	*out = NULL;
	char root[256];
	enum err e = scope_path(db, scope_unit_id, root, sizeof(root));
	if (e != E_OK)
		return e;
	json_t *a = json_array();
	e = api_token_store_each(db, root, list_row, a);
	if (e != E_OK) {
		json_decref(a);
		return e;
	}
	*out = a;
	return E_OK;
}

/* qsort: units by code. */
static int unit_order(const void *a, const void *b)
{
	return strcmp(((const struct report_unit *)a)->code, ((const struct report_unit *)b)->code);
}

/* See api_token.h. */
enum err api_token_units(struct db *db, int64_t scope_unit_id, json_t **out)
{
	*out = NULL;
	char root[256];
	enum err e = scope_path(db, scope_unit_id, root, sizeof(root));
	struct report_unit *units = NULL;
	int n = 0;
	if (e == E_OK)
		e = report_store_units(db, &units, &n);
	if (e != E_OK)
		return e;
	qsort(units, (size_t)n, sizeof(*units), unit_order);
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		if (unit_path_within(units[i].path, root))
			json_array_append_new(a, json_pack("{s:s, s:s}", "code", units[i].code, "name",
							   units[i].name));
	free(units);
	*out = a;
	return E_OK;
}
