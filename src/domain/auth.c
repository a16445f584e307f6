/* auth.c - accounts and Argon2id passwords. */
#include "motcua/auth.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/text.h"
#include "motcua/user_store.h"

/* See auth.h. */
enum err auth_password_hash(const char *password, char out[128])
{
	size_t len = strlen(password);
	if (len > PASSWORD_MAX || !utf8_valid(password, len) ||
	    utf8_length(password, len) < PASSWORD_MIN)
		return E_INVALID;
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash string fits");
	if (crypto_pwhash_str_alg(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return E_LIMIT;
	return E_OK;
}

/* See auth.h. */
bool auth_password_verify(const char *stored, const char *password)
{
	size_t len = strlen(password);
	if (len > PASSWORD_MAX)
		return false;
	return crypto_pwhash_str_verify(stored, password, len) == 0;
}

/* True when s is 1..USERNAME_MAX of [a-z0-9._-]. */
static bool username_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > USERNAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* See auth.h. */
enum err user_add(struct db *db, const char *username, const char *name, enum role role,
		  const char *unit_code, const char *password, int64_t now, int64_t *id,
		  char *why, unsigned long n)
{
	if (!username || !username_ok(username)) {
		snprintf(why, n, "username must be 1-%d characters of a-z 0-9 . _ -", USERNAME_MAX);
		return E_INVALID;
	}
	if (!name || !*name || strlen(name) > 200 || !utf8_valid(name, strlen(name))) {
		snprintf(why, n, "name must be 1-200 bytes of UTF-8 text");
		return E_INVALID;
	}
	if (!role_is_account(role)) {
		snprintf(why, n, "unknown role");
		return E_INVALID;
	}
	int64_t unit_id = 0;
	if (role != ROLE_CITIZEN && (!unit_code || !*unit_code)) {
		snprintf(why, n, "staff accounts need a unit (--unit CODE)");
		return E_INVALID;
	}
	if (unit_code && *unit_code) {
		enum err e = user_store_unit_id(db, unit_code, &unit_id);
		if (e == E_NOTFOUND) {
			snprintf(why, n, "no unit with code %s", unit_code);
			return E_INVALID;
		}
		if (e != E_OK)
			return e;
	}
	char hash[128];
	enum err e = auth_password_hash(password, hash);
	if (e == E_INVALID) {
		snprintf(why, n, "password must be %d-%d characters", PASSWORD_MIN, PASSWORD_MAX);
		return e;
	}
	if (e != E_OK) {
		snprintf(why, n, "not enough memory to hash the password");
		return e;
	}
	e = user_store_insert(db, username, name, role_name(role), unit_id, hash, now, id);
	sodium_memzero(hash, sizeof(hash));
	if (e == E_CONFLICT)
		snprintf(why, n, "username %s is taken", username);
	return e;
}
