/* payment.c - the payment flow: start (or resume) a payment of a dossier's fees, settle it
 * from a verified gateway callback (nonce, payment row and the engine's `pay` event in one
 * transaction), and the owner-only read of a payment for its receipt. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/log.h"
#include "motcua/payment.h"

/* A fresh reference: "MC" and 18 characters of [0-9A-Z] from randombytes_uniform. */
static void reference_new(char out[PAYMENT_REF_MAX + 1])
{
	static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	out[0] = 'M';
	out[1] = 'C';
	for (int i = 2; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}

/* See payment.h. */
bool payment_due(const struct payment_dossier *d)
{
	if (d->fee_amount <= 0)
		return false;
	if (d->status == DS_PAYMENT)
		return true;
	/* Level 4: the fees are paid online right after submitting, before reception. */
	return d->status == DS_SUBMITTED && d->online_full && !d->paid_online;
}

/* See payment.h. */
enum err payment_start(struct db *db, const struct payment_provider *pp, const char *code,
		       int64_t owner_id, int64_t now, struct payment_row *out)
{
	struct payment_dossier d;
	enum err err = payment_store_dossier(db, code, &d);
	if (err != E_OK)
		return err;
	if (owner_id <= 0 || d.owner_id != owner_id)
		return E_NOTFOUND;
	if (!payment_due(&d))
		return E_REFUSED;
	if ((err = db_begin(db)) != E_OK)
		return err;
	err = payment_store_pending(db, d.id, owner_id, pp->name, out);
	if (err == E_OK && out->amount != d.fee_amount) {
		/* The amount asked for changed since: that attempt is void. */
		err = payment_store_settle(db, out->id, PAY_CANCELLED, now, 0, NULL);
		err = err == E_OK ? E_NOTFOUND : err;
	}
	for (int tries = 0; err == E_NOTFOUND && tries < 3; tries++) {
		memset(out, 0, sizeof(*out));
		out->dossier_id = d.id;
		out->owner_id = owner_id;
		out->amount = d.fee_amount;
		snprintf(out->provider, sizeof(out->provider), "%s", pp->name);
		out->created_at = now;
		reference_new(out->reference);
		err = payment_store_insert(db, out);
		if (err == E_CONFLICT)
			err = E_NOTFOUND;	/* reference taken (2^93 odds): draw again */
		if (err == E_OK)
			err = payment_store_get(db, out->reference, out);
	}
	if (err != E_OK) {
		db_rollback(db);
		return err == E_NOTFOUND ? E_DB : err;
	}
	return db_commit(db);
}

/* The receipt number of payment id paid at t: "BL<local year>-<id, 6 digits>". */
static void receipt_number(int64_t id, int64_t t, char out[PAYMENT_RECEIPT_MAX])
{
	int y, m, d;
	civil_from_days(local_day(t), &y, &m, &d);
	snprintf(out, PAYMENT_RECEIPT_MAX, "BL%04d-%06lld", y, (long long)id);
}

/* See payment.h. */
enum err payment_complete(struct engine *e, struct db *db, const struct clock *clk,
			  const struct payment_provider *pp, const struct payment_verdict *v,
			  bool *changed, struct payment_row *out)
{
	struct payment_row p;
	int64_t now = clock_now(clk);
	*changed = false;
	enum err err = engine_batch_begin(e, db);	/* BEGIN IMMEDIATE: one writer at a time */
	if (err != E_OK)
		return err;
	engine_batch_notify(e);		/* a live `pay`: the citizen is told */
	err = payment_store_get(db, v->reference, &p);
	if (err == E_OK && (strcmp(p.provider, pp->name) || p.amount != v->amount))
		err = E_INVALID;
	if (err == E_OK)
		err = payment_store_nonce_use(db, v->nonce, p.id, now);
	if (err != E_OK) {
		engine_batch_rollback(e, db);
		return err;
	}
	if (p.state != PAY_PENDING) {
		/* Settled before: keep the nonce (it is spent) and change nothing else. */
		err = engine_batch_commit(e, db);
		if (err == E_OK && out)
			*out = p;
		return err;
	}
	char receipt[PAYMENT_RECEIPT_MAX] = "";
	if (v->state == PAY_PAID)
		receipt_number(p.id, v->time, receipt);
	err = payment_store_settle(db, p.id, v->state, now, v->state == PAY_PAID ? v->time : 0,
				   receipt);
	struct event_result r;
	char why[256] = "";
	if (err == E_OK && v->state == PAY_PAID) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.dossier_id = p.dossier_id;
		in.kind = EV_PAY;
		in.role = ROLE_CITIZEN;
		in.actor_id = p.owner_id;
		in.amount = p.amount;
		in.method = "online";
		in.note = "";
		err = dossier_apply(e, db, clk, &in, &r, why, sizeof(why));
	}
	if (err != E_OK) {
		engine_batch_rollback(e, db);
		if (err != E_REFUSED && err != E_FORBIDDEN)
			return err;
		/* Paid at the gateway, but the dossier no longer takes it (withdrawn meanwhile). */
		log_error("payment %s: paid at the gateway but the dossier refused it (%s); marked "
			  "failed, refund by hand", p.reference, why);
		enum err f = db_begin(db);
		if (f == E_OK && (f = payment_store_nonce_use(db, v->nonce, p.id, now)) == E_OK &&
		    (f = payment_store_fail(db, p.id, now)) == E_OK)
			f = db_commit(db);
		else if (f != E_OK)
			db_rollback(db);
		return f == E_OK ? E_REFUSED : f;
	}
	if ((err = engine_batch_commit(e, db)) != E_OK)
		return err;
	*changed = true;
	if (out)
		err = payment_store_get(db, v->reference, out);
	return err;
}

/* See payment.h. */
enum err payment_for_owner(struct db *db, const char *reference, int64_t owner_id,
			   struct payment_row *out)
{
	if (!payment_reference_ok(reference) || owner_id <= 0)
		return E_NOTFOUND;
	enum err err = payment_store_get(db, reference, out);
	if (err == E_OK && out->owner_id != owner_id)
		return E_NOTFOUND;
	return err;
}

/* See payment.h. */
enum err payment_dossier_for_owner(struct db *db, const char *code, int64_t owner_id,
				   struct payment_dossier *out)
{
	enum err err = payment_store_dossier(db, code, out);
	if (err == E_OK && (owner_id <= 0 || out->owner_id != owner_id))
		return E_NOTFOUND;
	return err;
}
