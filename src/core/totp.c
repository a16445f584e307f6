/* totp.c - SHA-1, HMAC-SHA1, TOTP (RFC 6238) and base32 (RFC 4648). Written here rather than
 * linked: libsodium (already used for everything else) has no SHA-1, and the ~100 lines below
 * are checked against the RFC 3174 and RFC 6238 test vectors (tests/unit/test_totp.c). */
#include "motcua/totp.h"

#include <assert.h>
#include <string.h>

/* Rotate x left by n bits. */
static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

/* Process one 64-byte block into the state h. */
static void sha1_block(uint32_t h[5], const unsigned char *b)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (bb & c) | (~bb & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = bb ^ c ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (bb & c) | (bb & d) | (c & d);
			k = 0x8F1BBCDC;
		} else {
			f = bb ^ c ^ d;
			k = 0xCA62C1D6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(bb, 30);
		bb = a;
		a = t;
	}
	h[0] += a;
	h[1] += bb;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

/* See totp.h. */
void sha1(const void *p, size_t n, unsigned char out[SHA1_BYTES])
{
	uint32_t h[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };
	const unsigned char *s = p;
	size_t left = n;
	while (left >= 64) {
		sha1_block(h, s);
		s += 64;
		left -= 64;
	}
	unsigned char last[128] = { 0 };
	memcpy(last, s, left);
	last[left] = 0x80;
	size_t blocks = left + 9 > 64 ? 2 : 1;
	uint64_t bits = (uint64_t)n * 8;
	for (int i = 0; i < 8; i++)
		last[blocks * 64 - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (size_t i = 0; i < blocks; i++)
		sha1_block(h, last + 64 * i);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

/* See totp.h. */
void hmac_sha1(const unsigned char *key, size_t key_len, const void *msg, size_t n,
	       unsigned char out[SHA1_BYTES])
{
	assert(n <= HMAC_SHA1_MSG_MAX);
	unsigned char k[64] = { 0 }, inner[64 + HMAC_SHA1_MSG_MAX], outer[64 + SHA1_BYTES];
	if (key_len > 64)
		sha1(key, key_len, k);
	else
		memcpy(k, key, key_len);
	for (int i = 0; i < 64; i++) {
		inner[i] = k[i] ^ 0x36;
		outer[i] = k[i] ^ 0x5c;
	}
	memcpy(inner + 64, msg, n);
	sha1(inner, 64 + n, outer + 64);
	sha1(outer, sizeof(outer), out);
}

/* See totp.h. */
uint32_t totp_at_step(const unsigned char *key, size_t key_len, uint64_t step, int digits)
{
	unsigned char msg[8], mac[SHA1_BYTES];
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)step;
		step >>= 8;
	}
	hmac_sha1(key, key_len, msg, sizeof(msg), mac);
	int off = mac[SHA1_BYTES - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
		       (uint32_t)mac[off + 2] << 8 | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

/* See totp.h. */
uint64_t totp_step(int64_t t)
{
	return t < 0 ? 0 : (uint64_t)t / TOTP_STEP_S;
}

/* See totp.h. */
bool totp_check(const unsigned char *key, size_t key_len, const char *code, int64_t now,
		uint64_t last_step, uint64_t *step)
{
	uint32_t v = 0;
	int digits = 0;
	for (const char *p = code ? code : ""; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || digits == TOTP_DIGITS)
			return false;
		v = v * 10 + (uint32_t)(*p - '0');
		digits++;
	}
	if (digits != TOTP_DIGITS)
		return false;
	uint64_t s = totp_step(now);
	bool found = false;
	for (int d = -TOTP_WINDOW; d <= TOTP_WINDOW; d++) {
		if (d < 0 && s < (uint64_t)-d)
			continue;
		uint64_t t = s + (uint64_t)(int64_t)d;
		/* every step is computed, so a match costs the same time as a miss */
		bool match = totp_at_step(key, key_len, t, TOTP_DIGITS) == v && t > last_step;
		if (match && !found) {
			found = true;
			*step = t;
		}
	}
	return found;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* See totp.h. */
size_t base32_len(size_t n)
{
	return (n * 8 + 4) / 5;
}

/* See totp.h. */
void base32_encode(const unsigned char *p, size_t n, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = B32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = B32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

/* See totp.h. */
long base32_decode(const char *s, unsigned char *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (; *s; s++) {
		char c = *s;
		if (c == ' ' || c == '=' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		const char *at = c ? strchr(B32, c) : NULL;
		if (!at)
			return -1;
		acc = (acc << 5) | (uint32_t)(at - B32);
		bits += 5;
		if (bits >= 8) {
			if (o == cap)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (long)o;
}
