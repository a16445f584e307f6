/* intake_receipt.c - the receipt of fees collected at the counter (issue 8 item 3; docs/
 * intake.md): GET /can-bo/tiep-nhan/bien-lai/:code prints the last `pay` event with method
 * "counter" of a dossier in the staff member's scope (desk_dossier: 404 outside it), with the
 * procedure's fee lines, the amount, time, the collecting clerk and the lookup QR code. */
#include <stdio.h>
#include <string.h>

#include "motcua/desk.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "wizard.h"

/* The last counter payment of timeline, or NULL. */
static json_t *counter_payment(json_t *timeline)
{
	json_t *found = NULL;
	size_t i;
	json_t *ev;
	json_array_foreach(timeline, i, ev) {
		const char *kind = json_string_value(json_object_get(ev, "kind"));
		const char *method = json_string_value(
			json_object_get(json_object_get(ev, "data"), "method"));
		if (kind && !strcmp(kind, "pay") && method && !strcmp(method, "counter"))
			found = ev;
	}
	return found;
}

/* Member k of o as a string ("" when absent). */
static const char *text_of(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* See web.h. GET /can-bo/tiep-nhan/bien-lai/:code. */
void page_intake_fee_receipt(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct actor who = { u->id, u->role, u->unit_id };
	const char *code = req_param(req, "code");
	struct db *db = web_db(req);
	json_t *d = NULL;
	enum err e = db && code ? desk_dossier(db, &who, code, &d) : E_DB;
	json_t *pay = e == E_OK ? counter_payment(json_object_get(d, "timeline")) : NULL;
	if (e == E_NOTFOUND || (e == E_OK && !pay)) {
		json_decref(d);
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("intake: the fee receipt of %s failed: %s", code ? code : "", err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *proc = json_object_get(d, "procedure");
	json_t *lines = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(proc, "fees"), i, f)
		json_array_append_new(lines, json_pack("{s:s, s:s}", "name", text_of(f, "name"),
						       "amount",
						       web_vnd(req, json_integer_value(
									    json_object_get(f, "amount")))));
	char at[17];
	format_hm_dmy(json_integer_value(json_object_get(pay, "at")), at);
	const char *qr = web_lookup_qr(req, code);
	json_t *unit = json_object_get(d, "unit");
	json_t *data = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "unit", text_of(unit, "name"),
		"unit_address", text_of(unit, "address"), "code", code, "payer",
		text_of(json_object_get(d, "applicant"), "name"), "procedure", text_of(proc, "name"),
		"lines", lines, "amount",
		web_vnd(req, json_integer_value(json_object_get(json_object_get(pay, "data"),
								"amount"))),
		"paid_at", at, "clerk", text_of(pay, "actor"), "qr", qr ? qr : "", "href",
		arena_printf(req_arena(req), "/can-bo/ho-so/%s", code));
	json_decref(d);
	web_page(req, res, 200, "intake_fee_receipt", web_text(req, "intake.fee_receipt_title"),
		 data);
}
