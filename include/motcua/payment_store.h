/* payment_store.h - SQL for payments and payment_nonces (migration 0007); used by
 * src/domain/payment.c only. States and providers are the schema's CHECK names. */
#ifndef MOTCUA_PAYMENT_STORE_H
#define MOTCUA_PAYMENT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

#define PAYMENT_REF_MAX 40		/* payments.reference, characters (ASCII) */
#define PAYMENT_RECEIPT_MAX 32

/* States of a payment; the names are payments.state's CHECK list. */
enum payment_state { PAY_PENDING, PAY_PAID, PAY_CANCELLED, PAY_FAILED, PAY__MAX };

/* "pending", "paid", "cancelled", "failed"; "?" out of range. */
const char *payment_state_name(enum payment_state s);
/* The state named s, or -1. */
int payment_state_parse(const char *s);
/* payments.provider's CHECK list, NULL-terminated. */
extern const char *const payment_provider_names[];

/* One payment with what its receipt shows (joined from dossiers, procedures, users). */
struct payment_row {
	int64_t id, dossier_id, owner_id, amount;
	char reference[PAYMENT_REF_MAX + 1];
	char provider[16];
	enum payment_state state;
	int64_t created_at, finished_at, paid_at;	/* 0 when NULL */
	char receipt_no[PAYMENT_RECEIPT_MAX];		/* "" until paid */
	char dossier_code[DOSSIER_CODE_MAX];
	char procedure_name[512];
	char payer_name[256];
};

/* What starting a payment needs to know about a dossier. */
struct payment_dossier {
	int64_t id, owner_id;			/* owner 0 when none */
	enum dossier_status status;
	int64_t fee_amount;
	bool paid_online;			/* paid online already */
	bool online_full;			/* the procedure is level 4 (online_level full) */
};

/* The dossier with this code. E_NOTFOUND, E_DB. */
enum err payment_store_dossier(struct db *db, const char *code, struct payment_dossier *out);
/* Insert a pending payment (dossier_id, owner_id, amount, reference, provider, created_at of
 * p); p->id receives its id. E_CONFLICT when the reference is taken, E_DB. */
enum err payment_store_insert(struct db *db, struct payment_row *p);
/* The latest pending payment of dossier_id by owner_id at provider. E_NOTFOUND, E_DB. */
enum err payment_store_pending(struct db *db, int64_t dossier_id, int64_t owner_id,
			       const char *provider, struct payment_row *out);
/* The payment with this reference. E_NOTFOUND, E_DB. */
enum err payment_store_get(struct db *db, const char *reference, struct payment_row *out);
/* Move payment id from pending to state at finished_at (paid_at and receipt_no for paid,
 * else 0 / NULL). E_OK when it was pending; E_REFUSED when it was not (nothing changed);
 * E_CONFLICT (receipt number taken), E_DB. */
enum err payment_store_settle(struct db *db, int64_t id, enum payment_state state,
			      int64_t finished_at, int64_t paid_at, const char *receipt_no);
/* Mark payment id failed at t whatever its state was (after a paid callback the dossier could
 * not take). E_DB. */
enum err payment_store_fail(struct db *db, int64_t id, int64_t t);
/* Record callback nonce for payment_id at t. E_CONFLICT when the nonce was seen before (a
 * replay), E_DB. */
enum err payment_store_nonce_use(struct db *db, const char *nonce, int64_t payment_id, int64_t t);

#endif
