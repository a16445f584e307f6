/* intake_receive.c - a dossier received at the counter, by post or at the applicant's home:
 * one engine `receive` creating it (code and lookup secret in the same transaction), the
 * applicant's result delivery, then the fee collected at the counter (docs/intake.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/intake.h"
#include "motcua/log.h"
#include "motcua/unit.h"

/* Whether unit id is in the subtree of who's unit: E_OK, E_NOTFOUND (outside, or no such
 * unit), E_DB. The engine checks it again (actor_unit_id). */
static enum err within_scope(struct db *db, const struct actor *who, int64_t id)
{
	struct unit_rec mine, unit;
	memset(&mine, 0, sizeof(mine));
	memset(&unit, 0, sizeof(unit));
	enum err e = unit_get_by_id(db, who->unit_id, &mine);
	if (e == E_OK)
		e = unit_get_by_id(db, id, &unit);
	if (e == E_OK && !unit_path_within(unit.path, mine.path))
		e = E_NOTFOUND;
	unit_rec_free(&mine);
	unit_rec_free(&unit);
	return e;
}

/* form_data text with intake (JSON object text) stored as its "_intake" member; caller frees.
 * NULL when either does not parse as an object. */
static char *merged_form(const char *form_data, const char *intake)
{
	json_t *f = json_loads(form_data && *form_data ? form_data : "{}", 0, NULL);
	json_t *i = json_loads(intake && *intake ? intake : "{}", 0, NULL);
	char *text = NULL;
	if (json_is_object(f) && json_is_object(i)) {
		json_object_set(f, "_intake", i);
		text = json_dumps(f, JSON_COMPACT);
	}
	json_decref(f);
	json_decref(i);
	return text;
}

/* See intake.h. */
enum err intake_receive(struct engine *e, struct db *db, const struct clock *clk,
			const struct actor *who, const struct intake_new *in,
			struct event_result *out, bool *pay_ok, char *why, size_t n)
{
	memset(out, 0, sizeof(*out));
	*pay_ok = false;
	if (why && n)
		why[0] = '\0';
	if (!intake_may_receive(who))
		return E_FORBIDDEN;
	if (!in->token || strlen(in->token) != INTAKE_TOKEN_HEX)
		return E_INVALID;
	int64_t unit = in->unit_id > 0 ? in->unit_id : who->unit_id;
	enum err err = within_scope(db, who, unit);
	if (err != E_OK)
		return err;
	err = intake_store_token_claim(db, in->token, who->user_id, clock_now(clk));
	if (err == E_CONFLICT) {
		int64_t id = 0;
		if (intake_store_token_get(db, in->token, &id, out->code, sizeof(out->code)) != E_OK)
			return E_DB;
		out->dossier_id = id;
		return E_CONFLICT;
	}
	if (err != E_OK)
		return E_DB;
	char *form = merged_form(in->form_data, in->intake);
	if (!form) {
		intake_store_token_release(db, in->token);
		return E_INVALID;
	}
	struct event_input ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_RECEIVE;
	ev.actor_id = who->user_id;
	ev.role = who->role;
	ev.actor_unit_id = who->unit_id;
	ev.channel = in->channel && !strcmp(in->channel, "post") ? "post" : "counter";
	ev.procedure_code = in->procedure_code;
	ev.unit_id = unit;
	ev.applicant = in->applicant;
	ev.form_data = form;
	ev.digitised = in->digitised;
	err = dossier_apply(e, db, clk, &ev, out, why, n);
	free(form);
	if (err != E_OK) {
		intake_store_token_release(db, in->token);
		return err;
	}
	if (intake_store_token_done(db, in->token, out->dossier_id) != E_OK)
		log_error("intake: dossier %s received but its form token was not recorded",
			  out->code);
	if ((in->result_channel && *in->result_channel) ||
	    (in->delivery_address && *in->delivery_address))
		if (intake_store_set_delivery(db, out->dossier_id, in->result_channel,
					      in->delivery_address) != E_OK)
			log_error("intake: the result delivery of %s was not recorded", out->code);
	if (in->fee_collected > 0) {
		/* The fee is also in form_data._intake.fee_collected; the engine accepts `pay`
		 * with method "counter" while `received` (desk branch) and sets fee_paid. */
		struct event_input pay;
		memset(&pay, 0, sizeof(pay));
		pay.kind = EV_PAY;
		pay.dossier_id = out->dossier_id;
		pay.actor_id = who->user_id;
		pay.role = who->role;
		pay.actor_unit_id = who->unit_id;
		pay.method = "counter";
		pay.amount = in->fee_collected;
		struct event_result pr;
		char pwhy[200];
		enum err pe = dossier_apply(e, db, clk, &pay, &pr, pwhy, sizeof(pwhy));
		*pay_ok = pe == E_OK;
		if (pe != E_OK)
			log_error("intake: the fee of %s is kept in the intake record only (pay refused: %s)",
				 out->code, pwhy);
	}
	return E_OK;
}

/* See intake.h. */
enum err intake_attach(struct db *db, const struct attachment_new *a, int slot,
		       enum err (*place)(void *ctx), void *ctx, int64_t *id)
{
	return attachment_add_slot(db, a, slot, NULL, place, ctx, id);
}
