/* payment_sandbox.c - the built-in sandbox gateway: a provider whose "bank" is motcua's own
 * /sandbox-pay/ pages. The merchant's order (reference, amount, return path) is signed so the
 * gateway page cannot be sent a made-up amount; the gateway's answer is the signed callback of
 * payment_sign.c. No money moves. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/payment.h"

_Static_assert(SERVER_KEY_BYTES == crypto_kdf_KEYBYTES, "the server key is a kdf master key");

#define SANDBOX_KDF_CONTEXT "sandpay_"	/* crypto_kdf_CONTEXTBYTES = 8 */
#define SANDBOX_KDF_SUBKEY 1

/* The order's MAC input: "motcua-sandbox-order-v1\nreference=R\namount=A\nreturn=P\n". */
static void order_text(const char *reference, int64_t amount, const char *return_path,
		       struct buf *out)
{
	buf_printf(out, "motcua-sandbox-order-v1\nreference=%s\namount=%lld\nreturn=%s\n",
		   reference, (long long)amount, return_path);
}

/* See payment.h. */
void sandbox_order_sign(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
			int64_t amount, const char *return_path, char mac_hex[PAYMENT_MAC_HEX + 1])
{
	struct buf text = BUF_INIT;
	order_text(reference, amount, return_path, &text);
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth(mac, (const unsigned char *)text.data, text.len, key);
	sodium_bin2hex(mac_hex, PAYMENT_MAC_HEX + 1, mac, sizeof(mac));
	buf_free(&text);
}

/* See payment.h. */
bool sandbox_order_ok(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
		      int64_t amount, const char *return_path, const char *mac_hex)
{
	unsigned char mac[crypto_auth_BYTES];
	size_t got = 0;
	if (!reference || !return_path || !mac_hex || strlen(mac_hex) != PAYMENT_MAC_HEX ||
	    sodium_hex2bin(mac, sizeof(mac), mac_hex, PAYMENT_MAC_HEX, NULL, &got, NULL) != 0 ||
	    got != sizeof(mac))
		return false;
	struct buf text = BUF_INIT;
	order_text(reference, amount, return_path, &text);
	bool ok = crypto_auth_verify(mac, (const unsigned char *)text.data, text.len, key) == 0;
	buf_free(&text);
	return ok;
}

/* See payment.h. */
void sandbox_callback_query(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
			    int64_t amount, const char *status, int64_t now, struct buf *query)
{
	char nonce[PAYMENT_NONCE_HEX + 1], mac[PAYMENT_MAC_HEX + 1];
	payment_nonce_new(nonce);
	struct payment_callback c = { .reference = reference, .amount = amount, .status = status,
				      .time = now, .nonce = nonce };
	payment_sign(key, &c, mac);
	/* reference, status, nonce and sig are [A-Za-z0-9]: nothing to percent-encode. */
	buf_printf(query, "reference=%s&amount=%lld&status=%s&time=%lld&nonce=%s&sig=%s",
		   reference, (long long)amount, status, (long long)now, nonce, mac);
}

/* The sandbox's start: its own page with the signed order in the query. */
static enum err sandbox_start(const struct payment_provider *pp, const struct payment_row *p,
			      const char *return_path, struct buf *url)
{
	if (!payment_reference_ok(p->reference) || p->amount <= 0 || !return_path ||
	    strspn(return_path, "abcdefghijklmnopqrstuvwxyz-/") != strlen(return_path))
		return E_INVALID;
	char mac[PAYMENT_MAC_HEX + 1];
	sandbox_order_sign(pp->key, p->reference, p->amount, return_path, mac);
	buf_printf(url, "/sandbox-pay/checkout?reference=%s&amount=%lld&return=%s&sig=%s", p->reference,
		   (long long)p->amount, return_path, mac);
	return E_OK;
}

/* The sandbox's verify: the shared canonical form. */
static enum err sandbox_verify(const struct payment_provider *pp, payment_field_fn get,
			       void *ctx, int64_t now, struct payment_verdict *out, char *why,
			       size_t n)
{
	return payment_verify_fields(pp->key, get, ctx, now, out, why, n);
}

/* See payment.h. */
void payment_sandbox_provider(const unsigned char server_key[SERVER_KEY_BYTES],
			      struct payment_provider *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "sandbox";
	crypto_kdf_derive_from_key(out->key, sizeof(out->key), SANDBOX_KDF_SUBKEY,
				   SANDBOX_KDF_CONTEXT, server_key);
	out->start = sandbox_start;
	out->verify = sandbox_verify;
}
