/* session.c - session tokens, expiry and throttling arithmetic. */
#include "motcua/account.h"

#include <stdatomic.h>
#include <string.h>

#include <sodium.h>

#include "motcua/log.h"

/* See account.h. */
void account_policy_default(struct account_policy *p)
{
	p->idle_s = 30 * 60;
	p->absolute_s = 12 * 3600;
	p->touch_s = 60;
	p->keep_s = 7 * 86400;
	p->sweep_every_s = 3600;
	p->by_account = (struct throttle_policy){ 5, 15 * 60, 30, 15 * 60 };
	p->by_client = (struct throttle_policy){ 20, 15 * 60, 30, 15 * 60 };
	p->registrations = (struct throttle_policy){ 10, 3600, 600, 3600 };
}

/* See account.h. */
bool session_alive(const struct account_policy *p, const struct session_row *s, int64_t now)
{
	return s->revoked_at == 0 && now < s->expires_at && now - s->last_seen < p->idle_s;
}

/* See account.h. */
int64_t throttle_until(const struct throttle_policy *t, int64_t failures, int64_t last)
{
	if (t->failures <= 0 || failures < t->failures || last <= 0)
		return 0;
	int64_t delay = t->base_delay_s;
	for (int64_t i = t->failures; i < failures && delay < t->max_delay_s; i++)
		delay *= 2;
	if (delay > t->max_delay_s)
		delay = t->max_delay_s;
	return last + delay;
}

/* Hash of a cookie token; false when token is not exactly 64 hex digits. */
static bool token_hash(const char *token, unsigned char hash[SESSION_HASH_BYTES])
{
	unsigned char raw[32];
	size_t n = 0;
	if (!token || strlen(token) != SESSION_TOKEN_HEX ||
	    sodium_hex2bin(raw, sizeof(raw), token, SESSION_TOKEN_HEX, NULL, &n, NULL) != 0 ||
	    n != sizeof(raw))
		return false;
	crypto_generichash(hash, SESSION_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* See account.h. */
enum err session_resolve(struct db *db, const struct account_policy *p, const struct clock *c,
			 const char *token, struct session_row *s, struct account_row *a)
{
	unsigned char hash[SESSION_HASH_BYTES];
	if (!token_hash(token, hash))
		return E_NOTFOUND;
	enum err e = session_store_by_hash(db, hash, s, a);
	if (e != E_OK)
		return e;
	int64_t now = clock_now(c);
	if (!session_alive(p, s, now) || !a->active)
		return E_NOTFOUND;
	if (now - s->last_seen >= p->touch_s) {
		if (session_store_touch(db, s->id, now) == E_OK)
			s->last_seen = now;
		else
			log_warn("session %lld: last_seen not written", (long long)s->id);
	}
	return E_OK;
}

/* See account.h. */
enum err session_start(struct db *db, const struct account_policy *p, const struct clock *c,
		       int64_t user_id, const char *client, const char *user_agent,
		       char token[SESSION_TOKEN_HEX + 1], int64_t *id)
{
	unsigned char raw[32], hash[SESSION_HASH_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, SESSION_TOKEN_HEX + 1, raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	int64_t now = clock_now(c);
	return session_store_insert(db, hash, user_id, now, now + p->absolute_s,
				    client ? client : "", user_agent ? user_agent : "", id);
}

/* See account.h. */
enum err session_list(struct db *db, const struct account_policy *p, const struct clock *c,
		      int64_t user_id, struct session_row **rows, int *n)
{
	int64_t now = clock_now(c);
	return session_store_active(db, user_id, now, now - p->idle_s, rows, n);
}

/* See account.h. */
enum err session_revoke_token(struct db *db, const char *token, int64_t now)
{
	unsigned char hash[SESSION_HASH_BYTES];
	if (!token_hash(token, hash))
		return E_OK;
	return session_store_revoke_hash(db, hash, now);
}

/* See account.h. */
enum err session_sweep(struct db *db, const struct account_policy *p, const struct clock *c,
		       int64_t *deleted)
{
	int64_t n = 0;
	enum err e = session_store_sweep(db, clock_now(c) - p->keep_s, &n);
	if (e == E_OK && n > 0)
		log_info("sessions: %lld old row(s) swept", (long long)n);
	if (deleted)
		*deleted = n;
	return e;
}

/* See account.h. */
void accounts_maybe_sweep(struct accounts *acc, struct db *db, const struct clock *c)
{
	int64_t now = clock_now(c), due = atomic_load(&acc->next_sweep);
	if (now < due ||
	    !atomic_compare_exchange_strong(&acc->next_sweep, &due, now + acc->policy.sweep_every_s))
		return;
	if (session_sweep(db, &acc->policy, c, NULL) != E_OK)
		log_warn("sessions: old rows not swept (next try in %lld s)",
			 (long long)acc->policy.sweep_every_s);
}
