/* payment_sign.c - the signed gateway callback: canonical text, crypto_auth MAC
 * (HMAC-SHA512-256), and the checks of each field before the MAC is even computed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/payment.h"

_Static_assert(PAYMENT_KEY_BYTES == crypto_auth_KEYBYTES, "payment key is a crypto_auth key");
_Static_assert(PAYMENT_MAC_HEX == 2 * crypto_auth_BYTES, "MAC hex length");

/* See payment.h. */
void payment_canonical(const struct payment_callback *c, struct buf *out)
{
	buf_printf(out, "motcua-payment-v1\nreference=%s\namount=%lld\nstatus=%s\ntime=%lld\n"
			"nonce=%s\n", c->reference, (long long)c->amount, c->status,
		   (long long)c->time, c->nonce);
}

/* See payment.h. */
void payment_sign(const unsigned char key[PAYMENT_KEY_BYTES], const struct payment_callback *c,
		  char mac_hex[PAYMENT_MAC_HEX + 1])
{
	struct buf text = BUF_INIT;
	payment_canonical(c, &text);
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth(mac, (const unsigned char *)text.data, text.len, key);
	sodium_bin2hex(mac_hex, PAYMENT_MAC_HEX + 1, mac, sizeof(mac));
	buf_free(&text);
}

/* Whether s is exactly len lowercase hex digits. */
static bool lower_hex(const char *s, size_t len)
{
	if (!s || strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* See payment.h. */
bool payment_mac_ok(const unsigned char key[PAYMENT_KEY_BYTES], const struct payment_callback *c,
		    const char *mac_hex)
{
	unsigned char mac[crypto_auth_BYTES];
	size_t got = 0;
	if (!lower_hex(mac_hex, PAYMENT_MAC_HEX) ||
	    sodium_hex2bin(mac, sizeof(mac), mac_hex, PAYMENT_MAC_HEX, NULL, &got, NULL) != 0 ||
	    got != sizeof(mac))
		return false;
	struct buf text = BUF_INIT;
	payment_canonical(c, &text);
	bool ok = crypto_auth_verify(mac, (const unsigned char *)text.data, text.len, key) == 0;
	buf_free(&text);
	return ok;
}

/* See payment.h. */
void payment_nonce_new(char out[PAYMENT_NONCE_HEX + 1])
{
	unsigned char raw[PAYMENT_NONCE_HEX / 2];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, PAYMENT_NONCE_HEX + 1, raw, sizeof(raw));
}

/* See payment.h. */
bool payment_reference_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 8 || n > PAYMENT_REF_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

/* Parse 1..max decimal digits without a leading zero (or "0" when zero_ok) into *v. */
static bool decimal(const char *s, size_t max, bool zero_ok, int64_t *v)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max || (s[0] == '0' && !(zero_ok && n == 1)))
		return false;
	int64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

/* Write an English reason into why (n bytes) and return err. */
static enum err because(enum err err, char *why, size_t n, const char *text)
{
	if (why && n)
		snprintf(why, n, "%s", text);
	return err;
}

/* See payment.h. */
enum err payment_verify_fields(const unsigned char key[PAYMENT_KEY_BYTES], payment_field_fn get,
			       void *ctx, int64_t now, struct payment_verdict *out, char *why,
			       size_t n)
{
	memset(out, 0, sizeof(*out));
	const char *ref = get(ctx, "reference"), *amount = get(ctx, "amount");
	const char *status = get(ctx, "status"), *time = get(ctx, "time");
	const char *nonce = get(ctx, "nonce"), *sig = get(ctx, "sig");
	struct payment_callback c = { .reference = ref, .status = status, .nonce = nonce };
	if (!payment_reference_ok(ref))
		return because(E_INVALID, why, n, "malformed reference");
	if (!decimal(amount, 15, false, &c.amount))
		return because(E_INVALID, why, n, "malformed amount");
	if (!status || (strcmp(status, "paid") && strcmp(status, "cancelled")))
		return because(E_INVALID, why, n, "malformed status");
	if (!decimal(time, 12, true, &c.time))
		return because(E_INVALID, why, n, "malformed time");
	if (!lower_hex(nonce, PAYMENT_NONCE_HEX))
		return because(E_INVALID, why, n, "malformed nonce");
	if (!lower_hex(sig, PAYMENT_MAC_HEX))
		return because(E_INVALID, why, n, "malformed signature");
	if (!payment_mac_ok(key, &c, sig))
		return because(E_FORBIDDEN, why, n, "wrong signature (forged or altered)");
	if (c.time < now - PAYMENT_WINDOW_S || c.time > now + PAYMENT_WINDOW_S)
		return because(E_REFUSED, why, n, "callback time outside the window (stale)");
	snprintf(out->reference, sizeof(out->reference), "%s", ref);
	out->amount = c.amount;
	out->state = !strcmp(status, "paid") ? PAY_PAID : PAY_CANCELLED;
	out->time = c.time;
	snprintf(out->nonce, sizeof(out->nonce), "%s", nonce);
	return E_OK;
}
