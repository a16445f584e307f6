/* totp.h - one-time passwords for two-factor sign-in (src/core/totp.c): SHA-1 and HMAC-SHA1
 * (RFC 3174, RFC 2104; libsodium has no SHA-1 and TOTP apps only speak HMAC-SHA1), TOTP of
 * RFC 6238 (6 digits, 30-second steps) and base32 of RFC 4648 for the secret. Pure: no I/O. */
#ifndef MOTCUA_TOTP_H
#define MOTCUA_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20	/* 160 bits, as RFC 4226 recommends */
#define TOTP_STEP_S 30
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1		/* steps accepted on each side of now (clock drift) */
#define SHA1_BYTES 20

/* SHA-1 of n bytes at p into out. */
void sha1(const void *p, size_t n, unsigned char out[SHA1_BYTES]);
#define HMAC_SHA1_MSG_MAX 256	/* bytes of message hmac_sha1 takes (TOTP uses 8) */
/* HMAC-SHA1 of msg (n <= HMAC_SHA1_MSG_MAX, asserted) with key (any length) into out. */
void hmac_sha1(const unsigned char *key, size_t key_len, const void *msg, size_t n,
	       unsigned char out[SHA1_BYTES]);

/* The TOTP value (0..10^digits-1) of key at time step `step` (RFC 4226 dynamic truncation of
 * HMAC-SHA1 over the big-endian 8-byte step). digits 6..8. */
uint32_t totp_at_step(const unsigned char *key, size_t key_len, uint64_t step, int digits);
/* The time step of epoch second t (t / TOTP_STEP_S; 0 for t < 0). */
uint64_t totp_step(int64_t t);
/* Check a typed code (TOTP_DIGITS ASCII digits; spaces are ignored) against the steps of now
 * +/- TOTP_WINDOW that are after last_step (a step accepted once is never accepted again).
 * True and *step set to the matching step when it matches; false for anything else. */
bool totp_check(const unsigned char *key, size_t key_len, const char *code, int64_t now,
		uint64_t last_step, uint64_t *step);

/* Base32 (RFC 4648 alphabet A-Z2-7, no padding) of n bytes into out (size at least
 * base32_len(n) + 1, NUL-terminated). */
size_t base32_len(size_t n);
void base32_encode(const unsigned char *p, size_t n, char *out);
/* Decode base32 text (case, spaces and '=' padding ignored) into out (at most cap bytes).
 * Returns the bytes written, or -1 for a character outside the alphabet or when out is too
 * small. */
long base32_decode(const char *s, unsigned char *out, size_t cap);

#endif
