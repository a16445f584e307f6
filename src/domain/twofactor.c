/* twofactor.c - two-factor sign-in: policy, enrolment, codes, pending sign-ins
 * (docs/two-factor.md). */
#include "motcua/twofactor.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/log.h"
#include "motcua/settings_store.h"

/* Roles that may be required (staff roles). */
static const enum role staff_roles[] = { ROLE_CLERK, ROLE_SPECIALIST, ROLE_LEADER, ROLE_ADMIN };
#define STAFF_ROLES (sizeof(staff_roles) / sizeof(staff_roles[0]))

/* See twofactor.h. */
enum err twofactor_required(struct db *db, unsigned *roles)
{
	*roles = 0;
	struct buf v = BUF_INIT;
	enum err e = settings_get(db, TWOFACTOR_SETTING, &v);
	if (e == E_OK) {
		for (size_t i = 0; i < STAFF_ROLES; i++) {
			const char *name = role_name(staff_roles[i]);
			size_t len = strlen(name);
			for (const char *p = buf_str(&v); (p = strstr(p, name)); p += len)
				if ((p == buf_str(&v) || p[-1] == ',') && (p[len] == ',' || !p[len]))
					*roles |= ROLE_BIT(staff_roles[i]);
		}
	}
	buf_free(&v);
	return e == E_NOTFOUND ? E_OK : e;
}

/* The required roles as JSON ["clerk", ...] and as the stored text. */
static json_t *roles_json(unsigned roles, struct buf *text)
{
	json_t *a = json_array();
	for (size_t i = 0; i < STAFF_ROLES; i++)
		if (roles & ROLE_BIT(staff_roles[i])) {
			json_array_append_new(a, json_string(role_name(staff_roles[i])));
			if (text) {
				if (text->len)
					buf_putc(text, ',');
				buf_puts(text, role_name(staff_roles[i]));
			}
		}
	return a;
}

/* See twofactor.h. */
enum err twofactor_set_required(struct db *db, unsigned roles, int64_t actor_id, int64_t now)
{
	unsigned before = 0;
	if (twofactor_required(db, &before) != E_OK || db_begin(db) != E_OK)
		return E_DB;
	struct buf text = BUF_INIT;
	buf_puts(&text, "");
	json_t *b = json_pack("{s:o}", "roles", roles_json(before, NULL));
	json_t *a = json_pack("{s:o}", "roles", roles_json(roles, &text));
	struct admin_change c = { actor_id, "setting.twofactor", "setting:" TWOFACTOR_SETTING, b,
				  a, now };
	enum err e = settings_set(db, TWOFACTOR_SETTING, buf_str(&text));
	if (e == E_OK)
		e = admin_audit_record(db, &c);
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	json_decref(a);
	json_decref(b);
	buf_free(&text);
	return e == E_OK ? E_OK : E_DB;
}

/* See twofactor.h. */
enum err twofactor_enabled(struct db *db, int64_t user_id, bool *on)
{
	unsigned char box[TOTP_BOX_MAX];
	size_t len;
	int64_t enabled = 0, step;
	enum err e = totp_store_get(db, user_id, box, &len, &enabled, &step);
	*on = e == E_OK && enabled > 0;
	return e == E_NOTFOUND ? E_OK : e;
}

/* The secretbox key of the TOTP secrets, derived from the server key. */
static void box_key(const unsigned char key[SERVER_KEY_BYTES],
		    unsigned char out[crypto_secretbox_KEYBYTES])
{
	static const char label[] = "motcua totp secret v1";
	keyed_hash(key, label, sizeof(label) - 1, out);
}

/* Encrypt secret into box (nonce || secretbox); *len receives its size. */
static void seal(const unsigned char key[SERVER_KEY_BYTES],
		 const unsigned char secret[TOTP_SECRET_BYTES], unsigned char box[TOTP_BOX_MAX],
		 size_t *len)
{
	unsigned char k[crypto_secretbox_KEYBYTES];
	box_key(key, k);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, TOTP_SECRET_BYTES, box, k);
	*len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES;
	sodium_memzero(k, sizeof(k));
}

/* Decrypt box into secret; false when it does not open (another server key, damage). */
static bool unseal(const unsigned char key[SERVER_KEY_BYTES], const unsigned char *box,
		   size_t len, unsigned char secret[TOTP_SECRET_BYTES])
{
	if (len != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES)
		return false;
	unsigned char k[crypto_secretbox_KEYBYTES];
	box_key(key, k);
	bool ok = crypto_secretbox_open_easy(secret, box + crypto_secretbox_NONCEBYTES,
					     len - crypto_secretbox_NONCEBYTES, box, k) == 0;
	sodium_memzero(k, sizeof(k));
	return ok;
}

/* The ticket key, derived from the server key. */
static void ticket_key(const unsigned char key[SERVER_KEY_BYTES],
		       unsigned char out[crypto_secretbox_KEYBYTES])
{
	static const char label[] = "motcua totp enrol ticket v1";
	keyed_hash(key, label, sizeof(label) - 1, out);
}

#define TICKET_PLAIN (TOTP_SECRET_BYTES + 16)	/* secret, user id, issued at */
#define TICKET_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TICKET_PLAIN)
_Static_assert(TICKET_BYTES * 2 <= ENROL_TICKET_HEX, "ticket size");

/* Write v big-endian into p[0..8). */
static void put64(unsigned char *p, int64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)((uint64_t)v & 0xff);
		v = (int64_t)((uint64_t)v >> 8);
	}
}

/* Read a big-endian int64 from p. */
static int64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return (int64_t)v;
}

/* See twofactor.h. */
void twofactor_enrol_offer(const unsigned char key[SERVER_KEY_BYTES], int64_t user_id, int64_t now,
			   char secret[TOTP_SECRET_B32 + 1], char ticket[ENROL_TICKET_HEX + 1])
{
	unsigned char plain[TICKET_PLAIN], box[TICKET_BYTES], k[crypto_secretbox_KEYBYTES];
	randombytes_buf(plain, TOTP_SECRET_BYTES);
	put64(plain + TOTP_SECRET_BYTES, user_id);
	put64(plain + TOTP_SECRET_BYTES + 8, now);
	base32_encode(plain, TOTP_SECRET_BYTES, secret);
	ticket_key(key, k);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, sizeof(plain), box, k);
	sodium_bin2hex(ticket, ENROL_TICKET_HEX + 1, box, sizeof(box));
	sodium_memzero(plain, sizeof(plain));
	sodium_memzero(k, sizeof(k));
}

/* Open a ticket of user_id into raw (the secret); false when it does not hold. */
static bool ticket_open(const unsigned char key[SERVER_KEY_BYTES], int64_t user_id,
			const char *ticket, int64_t now, unsigned char raw[TOTP_SECRET_BYTES])
{
	unsigned char box[TICKET_BYTES], plain[TICKET_PLAIN], k[crypto_secretbox_KEYBYTES];
	size_t got = 0;
	if (!ticket || strlen(ticket) != TICKET_BYTES * 2 ||
	    sodium_hex2bin(box, sizeof(box), ticket, TICKET_BYTES * 2, NULL, &got, NULL) != 0 ||
	    got != sizeof(box))
		return false;
	ticket_key(key, k);
	bool ok = crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
					     sizeof(box) - crypto_secretbox_NONCEBYTES, box, k) == 0;
	sodium_memzero(k, sizeof(k));
	if (ok) {
		int64_t who = get64(plain + TOTP_SECRET_BYTES), at = get64(plain + TOTP_SECRET_BYTES + 8);
		ok = who == user_id && at <= now && now - at < ENROL_TICKET_VALID_S;
		if (ok)
			memcpy(raw, plain, TOTP_SECRET_BYTES);
	}
	sodium_memzero(plain, sizeof(plain));
	return ok;
}

/* See twofactor.h. */
bool twofactor_ticket_secret(const unsigned char key[SERVER_KEY_BYTES], int64_t user_id,
			     const char *ticket, int64_t now, char secret[TOTP_SECRET_B32 + 1])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	if (!ticket_open(key, user_id, ticket, now, raw))
		return false;
	base32_encode(raw, sizeof(raw), secret);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* One fresh recovery code ("abcde-fghij") into out and its hash into hash. */
static void recovery_code_new(char out[RECOVERY_CODE_CHARS + 1],
			      unsigned char hash[TOKEN_HASH_BYTES])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";	/* 32, no l/o/0/1 */
	char plain[11];
	for (int i = 0; i < 10; i++)
		plain[i] = alphabet[randombytes_uniform(32)];
	plain[10] = '\0';
	snprintf(out, RECOVERY_CODE_CHARS + 1, "%.5s-%.5s", plain, plain + 5);
	crypto_generichash(hash, TOKEN_HASH_BYTES, (const unsigned char *)plain, 10, NULL, 0);
	sodium_memzero(plain, sizeof(plain));
}

/* See twofactor.h. */
bool recovery_code_normal(const char *typed, char out[11])
{
	int n = 0;
	for (const char *p = typed ? typed : ""; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || n == 10)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 10;
}

/* See twofactor.h. */
enum err twofactor_enrol_confirm(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
				 int64_t user_id, const char *ticket, const char *code, int64_t now,
				 bool *ok, char codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1])
{
	*ok = false;
	bool on = false;
	if (twofactor_enabled(db, user_id, &on) != E_OK)
		return E_DB;
	if (on)
		return E_CONFLICT;
	unsigned char raw[TOTP_SECRET_BYTES], box[TOTP_BOX_MAX];
	if (!ticket_open(key, user_id, ticket, now, raw))
		return E_NOTFOUND;
	uint64_t step = 0;
	bool match = totp_check(raw, sizeof(raw), code, now, 0, &step);
	size_t len = 0;
	if (match)
		seal(key, raw, box, &len);
	sodium_memzero(raw, sizeof(raw));
	if (!match)
		return E_OK;
	unsigned char hashes[RECOVERY_CODES][TOKEN_HASH_BYTES];
	for (int i = 0; i < RECOVERY_CODES; i++)
		recovery_code_new(codes[i], hashes[i]);
	if (db_begin(db) != E_OK)
		return E_DB;
	enum err e = twofactor_enabled(db, user_id, &on);	/* a second submit meanwhile */
	if (e == E_OK && on)
		e = E_CONFLICT;
	if (e == E_OK)
		e = totp_store_put(db, user_id, box, len, now);
	if (e == E_OK)
		e = totp_store_enable(db, user_id, now, (int64_t)step);
	if (e == E_OK)
		e = recovery_store_replace(db, user_id, (const unsigned char(*)[TOKEN_HASH_BYTES])hashes,
					   RECOVERY_CODES);
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	*ok = e == E_OK;
	return e == E_OK ? E_OK : e == E_CONFLICT ? E_CONFLICT : E_DB;
}

/* See twofactor.h. */
enum err twofactor_check(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
			 int64_t user_id, const char *code, int64_t now, bool *ok, bool *recovery)
{
	*ok = *recovery = false;
	unsigned char box[TOTP_BOX_MAX], raw[TOTP_SECRET_BYTES];
	size_t len = 0;
	int64_t enabled = 0, last = 0;
	enum err e = totp_store_get(db, user_id, box, &len, &enabled, &last);
	if (e == E_NOTFOUND || (e == E_OK && !enabled))
		return E_OK;
	if (e != E_OK)
		return e;
	if (!unseal(key, box, len, raw)) {
		log_error("two-factor: the secret of account %lld does not open", (long long)user_id);
		return E_OK;
	}
	uint64_t step = 0;
	bool match = totp_check(raw, sizeof(raw), code, now, (uint64_t)last, &step);
	sodium_memzero(raw, sizeof(raw));
	if (match)
		return totp_store_step(db, user_id, (int64_t)step, ok);
	char plain[11];
	if (!recovery_code_normal(code, plain))
		return E_OK;
	unsigned char hash[TOKEN_HASH_BYTES];
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)plain, 10, NULL, 0);
	sodium_memzero(plain, sizeof(plain));
	e = recovery_store_use(db, user_id, hash, now, ok);
	*recovery = *ok;
	return e;
}

/* See twofactor.h. */
enum err twofactor_reset(struct db *db, int64_t user_id, const char *username, int64_t actor_id,
			 int64_t now, bool *had)
{
	if (db_begin(db) != E_OK)
		return E_DB;
	enum err e = totp_store_delete(db, user_id, had);
	char target[96];
	snprintf(target, sizeof(target), "user:%s", username);
	json_t *b = json_pack("{s:b}", "twofactor", *had);
	json_t *a = json_pack("{s:b}", "twofactor", 0);
	struct admin_change c = { actor_id, "user.twofactor_reset", target, b, a, now };
	if (e == E_OK)
		e = admin_audit_record(db, &c);
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	json_decref(a);
	json_decref(b);
	return e == E_OK ? E_OK : E_DB;
}

/* Percent-encode s into b (unreserved characters kept). */
static void uri_escape(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
}

/* See twofactor.h. */
void twofactor_uri(const char *username, const char *secret, char *out, size_t n)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "otpauth://totp/" TOTP_ISSUER ":");
	uri_escape(&b, username);
	buf_printf(&b, "?secret=%s&issuer=" TOTP_ISSUER "&algorithm=SHA1&digits=%d&period=%d",
		   secret, TOTP_DIGITS, TOTP_STEP_S);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

/* The hash of a 64-hex-digit token; false when malformed. */
static bool token_hash(const char *token, unsigned char hash[TOKEN_HASH_BYTES])
{
	unsigned char raw[32];
	size_t got = 0;
	if (!token || strlen(token) != PENDING_TOKEN_HEX ||
	    sodium_hex2bin(raw, sizeof(raw), token, PENDING_TOKEN_HEX, NULL, &got, NULL) != 0 ||
	    got != sizeof(raw))
		return false;
	crypto_generichash(hash, TOKEN_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* See twofactor.h. */
enum err pending_begin(struct db *db, int64_t user_id, enum pending_purpose purpose, int64_t now,
		       char token[PENDING_TOKEN_HEX + 1])
{
	unsigned char raw[32], hash[TOKEN_HASH_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, PENDING_TOKEN_HEX + 1, raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	pending_store_sweep(db, now - 86400);	/* old rows; a failure only leaves them */
	return pending_store_add(db, hash, user_id, purpose, now, now + PENDING_VALID_S);
}

/* See twofactor.h. */
enum err pending_resolve(struct db *db, const char *token, int64_t now, struct pending_row *out)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	if (!token_hash(token, hash))
		return E_NOTFOUND;
	enum err e = pending_store_get(db, hash, out);
	if (e != E_OK)
		return e;
	if (out->used_at || now >= out->expires_at || out->failures >= PENDING_FAILURES_MAX)
		return E_NOTFOUND;
	return E_OK;
}
