/* payment.h - online payment of a dossier's fees (issue 7, item 4; docs/payments.md).
 * A payment attempt is a row of `payments` (payment_store.h). Gateways sit behind struct
 * payment_provider: it says where to send the citizen's browser and checks the gateway's
 * callback; the engine is only reached through payment_complete(), which applies the `pay`
 * event once, in the same transaction as the payment row's update. */
#ifndef MOTCUA_PAYMENT_H
#define MOTCUA_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"
#include "motcua/payment_store.h"
#include "motcua/secret.h"

#define PAYMENT_KEY_BYTES 32		/* crypto_auth_KEYBYTES */
#define PAYMENT_NONCE_HEX 32		/* 16 random bytes in lowercase hex */
#define PAYMENT_MAC_HEX 64		/* crypto_auth_BYTES in lowercase hex */
#define PAYMENT_WINDOW_S 600		/* a callback's time may differ from ours by this much */
#define PAYMENT_RETURN_PATH "/thanh-toan/ket-qua"	/* where gateways answer */

/* The canonical fields of a gateway callback (what the MAC covers). */
struct payment_callback {
	const char *reference;	/* our payments.reference */
	int64_t amount;		/* VND */
	const char *status;	/* "paid" or "cancelled" */
	int64_t time;		/* the gateway's UTC epoch seconds */
	const char *nonce;	/* PAYMENT_NONCE_HEX lowercase hex digits */
};

/* A callback whose fields are well formed and whose MAC is right. */
struct payment_verdict {
	char reference[PAYMENT_REF_MAX + 1];
	int64_t amount;
	enum payment_state state;	/* PAY_PAID or PAY_CANCELLED */
	int64_t time;
	char nonce[PAYMENT_NONCE_HEX + 1];
};

/* Reads one field of a callback request (query or form), NULL when absent. */
typedef const char *(*payment_field_fn)(void *ctx, const char *name);

/* A payment gateway. A real one is another instance of this struct (its own start and verify,
 * its key from its settings); nothing else changes. */
struct payment_provider {
	const char *name;	/* payments.provider: one of payment_provider_names */
	unsigned char key[PAYMENT_KEY_BYTES];	/* shared with the gateway */
	/* Append to url where the citizen's browser goes to pay p; the gateway sends the browser
	 * back to return_path with its signed answer. E_INVALID when p cannot be paid there. */
	enum err (*start)(const struct payment_provider *pp, const struct payment_row *p,
			  const char *return_path, struct buf *url);
	/* Check a callback whose fields get(ctx, name) reads, at now: fills out. E_INVALID for a
	 * missing or malformed field, E_FORBIDDEN for a wrong MAC (forged or altered), E_REFUSED
	 * when its time is outside now +- PAYMENT_WINDOW_S. why (n bytes) says which, in English,
	 * for the log. */
	enum err (*verify)(const struct payment_provider *pp, payment_field_fn get, void *ctx,
			   int64_t now, struct payment_verdict *out, char *why, size_t n);
};

/* The built-in sandbox gateway (payment_sandbox.c), served by motcua under /sandbox-pay/. Its
 * key is derived from the server key with crypto_kdf (subkey 1, context "sandpay_"), so it
 * needs no file of its own and changes with the server key. */
void payment_sandbox_provider(const unsigned char server_key[SERVER_KEY_BYTES],
			      struct payment_provider *out);

/* --- the signed callback (payment_sign.c), shared by the sandbox and its tests --- */
/* The canonical text of c into out (appended):
 *   "motcua-payment-v1\nreference=R\namount=A\nstatus=S\ntime=T\nnonce=N\n". */
void payment_canonical(const struct payment_callback *c, struct buf *out);
/* crypto_auth (HMAC-SHA512-256) of c's canonical text with key, as lowercase hex. */
void payment_sign(const unsigned char key[PAYMENT_KEY_BYTES], const struct payment_callback *c,
		  char mac_hex[PAYMENT_MAC_HEX + 1]);
/* Whether mac_hex is the right MAC of c (compared in constant time by crypto_auth_verify). */
bool payment_mac_ok(const unsigned char key[PAYMENT_KEY_BYTES], const struct payment_callback *c,
		    const char *mac_hex);
/* A fresh random nonce. */
void payment_nonce_new(char out[PAYMENT_NONCE_HEX + 1]);
/* Check the callback fields "reference", "amount", "status", "time", "nonce", "sig" read through
 * get with key at now (the verify of providers that use this canonical form). Errors as
 * struct payment_provider's verify. */
enum err payment_verify_fields(const unsigned char key[PAYMENT_KEY_BYTES], payment_field_fn get,
			       void *ctx, int64_t now, struct payment_verdict *out, char *why,
			       size_t n);
/* Whether s is a well-formed reference (8..PAYMENT_REF_MAX of [A-Z0-9]). */
bool payment_reference_ok(const char *s);

/* --- the sandbox gateway's own side (payment_sandbox.c) --- */
/* MAC (hex) of an order the merchant sends to the sandbox: reference, amount, return path. */
void sandbox_order_sign(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
			int64_t amount, const char *return_path, char mac_hex[PAYMENT_MAC_HEX + 1]);
/* Whether mac_hex signs that order (constant time). */
bool sandbox_order_ok(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
		      int64_t amount, const char *return_path, const char *mac_hex);
/* The gateway's answer for an order: "reference=..&amount=..&status=..&time=..&nonce=..&sig=.."
 * appended to query, with a fresh nonce and time now. status: "paid" or "cancelled". */
void sandbox_callback_query(const unsigned char key[PAYMENT_KEY_BYTES], const char *reference,
			    int64_t amount, const char *status, int64_t now, struct buf *query);

/* --- the payment flow (payment.c) --- */
/* Whether dossier d can be paid online now: it waits in `payment` with a fee, or it is a
 * submitted dossier of a level-4 procedure (online_level full) whose fees (> 0) are not paid
 * online yet (paid right after submitting, before reception; docs/payments.md). */
bool payment_due(const struct payment_dossier *d);
/* Start (or resume) paying the fees of the dossier with this code, by its owner owner_id, at
 * pp. A pending payment of the same dossier, owner and provider is reused; else a new one is
 * made with a fresh reference for the dossier's fee_amount. *out is the payment.
 * E_NOTFOUND: no such dossier, or not owner_id's (the caller answers 404 either way);
 * E_REFUSED: not payment_due (not waiting for payment, nothing to pay, already paid); E_DB. */
enum err payment_start(struct db *db, const struct payment_provider *pp, const char *code,
		       int64_t owner_id, int64_t now, struct payment_row *out);
/* Settle the payment of a verified callback v from provider pp: in one transaction record
 * v's nonce, move the payment from pending to paid (with a receipt number) or cancelled and,
 * when paid, apply the engine's `pay` event (method online, the payment's amount, as its
 * owner). *changed tells whether anything was settled now; *out (may be NULL) is the payment
 * afterwards. Errors (nothing changed): E_CONFLICT the nonce was seen before (a replay);
 * E_NOTFOUND unknown reference; E_INVALID the amount or provider is not the payment's;
 * E_REFUSED the gateway says paid but the dossier no longer waits for payment (the payment
 * is then marked failed, in its own transaction); E_DB. A callback for a payment already
 * settled returns E_OK with *changed false: a repeated callback never pays twice. */
enum err payment_complete(struct engine *e, struct db *db, const struct clock *clk,
			  const struct payment_provider *pp, const struct payment_verdict *v,
			  bool *changed, struct payment_row *out);
/* The dossier with this code if owner_id owns it (what the payment page shows). E_NOTFOUND
 * otherwise (unknown or someone else's), E_DB. */
enum err payment_dossier_for_owner(struct db *db, const char *code, int64_t owner_id,
				   struct payment_dossier *out);
/* The payment with this reference if owner_id owns it. E_NOTFOUND otherwise, E_DB. */
enum err payment_for_owner(struct db *db, const char *reference, int64_t owner_id,
			   struct payment_row *out);

#endif
