/* csrf.c - CSRF tokens. Signed in: a keyed BLAKE2b of the session id with the server key, so
 * the token is bound to the session and dies with it. Anonymous: the double-submit cookie
 * "csrf" whose value is 32 hex digits of randomness followed by 32 hex digits of a keyed MAC of
 * them, so a cookie planted by another site or a sibling domain does not pass unless it was
 * issued by this server (docs/accounts.md says what this does not cover). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/web.h"

#define CSRF_RANDOM_HEX 32
#define CSRF_HEX 64

/* Hex of the first 16 bytes of keyed BLAKE2b(label || data) into out (33 bytes). */
static void mac_hex(const struct app *app, const char *label, const void *data, size_t n,
		    char out[33])
{
	unsigned char msg[128], mac[32];
	size_t ln = strlen(label);
	if (ln + n > sizeof(msg))
		n = sizeof(msg) - ln;
	memcpy(msg, label, ln);
	memcpy(msg + ln, data, n);
	keyed_hash(app->key, msg, ln + n, mac);
	sodium_bin2hex(out, 33, mac, 16);
}

/* The session-bound token of the signed-in user u (in the request arena). */
static const char *session_token(struct request *req, const struct web_user *u)
{
	char *out = arena_alloc(req_arena(req), 33);
	char id[24];
	int n = snprintf(id, sizeof(id), "%lld", (long long)u->session_id);
	mac_hex(req_app(req), "csrf-session:", id, (size_t)n, out);
	return out;
}

/* True when v is an anonymous token issued by this server. */
static bool anon_valid(struct request *req, const char *v)
{
	if (!v || strlen(v) != CSRF_HEX)
		return false;
	char want[33];
	mac_hex(req_app(req), "csrf-anon:", v, CSRF_RANDOM_HEX, want);
	return sodium_memcmp(want, v + CSRF_RANDOM_HEX, 32) == 0;
}

/* See web.h. */
const char *web_csrf_expected(struct request *req)
{
	const struct web_user *u = web_user(req);
	if (u)
		return session_token(req, u);
	const char *have = req_cookie(req, CSRF_COOKIE);
	return anon_valid(req, have) ? have : NULL;
}

/* See web.h. */
const char *web_csrf(struct request *req, struct response *res)
{
	const char *want = web_csrf_expected(req);
	if (want)
		return want;
	unsigned char raw[16];
	char *tok = arena_alloc(req_arena(req), CSRF_HEX + 1);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(tok, CSRF_RANDOM_HEX + 1, raw, sizeof(raw));
	mac_hex(req_app(req), "csrf-anon:", tok, CSRF_RANDOM_HEX, tok + CSRF_RANDOM_HEX);
	res_cookie(res, CSRF_COOKIE, tok, -1, true);
	return tok;
}
