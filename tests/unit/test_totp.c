/* test_totp.c - SHA-1 (RFC 3174 vectors), HMAC-SHA1 (RFC 2202), TOTP (RFC 6238 Appendix B,
 * SHA-1 rows, 8 digits, and the 6-digit check with its window and replay rule) and base32
 * (RFC 4648 section 10). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "motcua/totp.h"

/* Hex of n bytes into out. */
static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void sha1_matches_rfc3174(void)
{
	unsigned char d[SHA1_BYTES];
	char h[41];
	sha1("abc", 3, d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1(two, strlen(two), d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	sha1("", 0, d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	static char million[1000000];
	memset(million, 'a', sizeof(million));
	sha1(million, sizeof(million), d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void hmac_sha1_matches_rfc2202(void)
{
	unsigned char key[20], d[SHA1_BYTES];
	char h[41];
	memset(key, 0x0b, sizeof(key));
	hmac_sha1(key, 20, "Hi There", 8, d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "b617318655057264e28bc0b6fb378c8ef146be00");
	hmac_sha1((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28, d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	unsigned char big[80];
	memset(big, 0xaa, sizeof(big));
	const char *m = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha1(big, 80, m, strlen(m), d);
	hex(d, SHA1_BYTES, h);
	CHECK_STR(h, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

static void totp_matches_rfc6238_appendix_b(void)
{
	const unsigned char *key = (const unsigned char *)"12345678901234567890";
	static const struct {
		int64_t t;
		uint32_t want;
	} v[] = {
		{ 59, 94287082 },	  { 1111111109, 7081804 },  { 1111111111, 14050471 },
		{ 1234567890, 89005924 }, { 2000000000, 69279037 }, { 20000000000LL, 65353130 },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_INT(totp_at_step(key, 20, totp_step(v[i].t), 8), v[i].want);
	/* six digits are the last six of the same value */
	CHECK_INT(totp_at_step(key, 20, totp_step(59), 6), 287082);
}

static void totp_check_accepts_one_step_each_side_once(void)
{
	const unsigned char *key = (const unsigned char *)"12345678901234567890";
	uint64_t step = 0;
	/* 287082 is the code of step 1 (t 30..59) */
	CHECK(totp_check(key, 20, "287082", 59, 0, &step));
	CHECK_INT(step, 1);
	CHECK(totp_check(key, 20, "287 082", 89, 0, &step));	/* one step late, spaces */
	CHECK(totp_check(key, 20, "287082", 1, 0, &step));	/* one step early */
	CHECK(!totp_check(key, 20, "287082", 120, 0, &step));	/* two steps late */
	CHECK(!totp_check(key, 20, "287082", 59, 1, &step));	/* step 1 already used */
	CHECK(!totp_check(key, 20, "28708", 59, 0, &step));
	CHECK(!totp_check(key, 20, "2870821", 59, 0, &step));
	CHECK(!totp_check(key, 20, "28708a", 59, 0, &step));
	CHECK(!totp_check(key, 20, "", 59, 0, &step));
	CHECK(!totp_check(key, 20, NULL, 59, 0, &step));
}

static void base32_round_trips_rfc4648(void)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const out[] = { "", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB",
					   "MZXW6YTBOI" };
	for (int i = 0; i < 7; i++) {
		char enc[32];
		base32_encode((const unsigned char *)in[i], strlen(in[i]), enc);
		CHECK_STR(enc, out[i]);
		unsigned char dec[32];
		long n = base32_decode(out[i], dec, sizeof(dec));
		CHECK_INT(n, (long)strlen(in[i]));
		CHECK(!memcmp(dec, in[i], strlen(in[i])));
	}
	unsigned char dec[32];
	CHECK_INT(base32_decode("mzxw 6ytb-oi==", dec, sizeof(dec)), 6);
	CHECK(!memcmp(dec, "foobar", 6));
	CHECK_INT(base32_decode("MZXW1", dec, sizeof(dec)), -1);	/* 1 is not base32 */
	CHECK_INT(base32_decode("MZXW6YTBOI", dec, 3), -1);		/* too small */
	CHECK_INT(base32_len(TOTP_SECRET_BYTES), 32);
}

int main(void)
{
	RUN(sha1_matches_rfc3174);
	RUN(hmac_sha1_matches_rfc2202);
	RUN(totp_matches_rfc6238_appendix_b);
	RUN(totp_check_accepts_one_step_each_side_once);
	RUN(base32_round_trips_rfc4648);
	return harness_done("test_totp");
}
