/* payments.c - online payment of a dossier's fees: the citizen's payment page and its start
 * button, the built-in sandbox gateway's own pages (/sandbox-pay/), the gateway's signed
 * answer (browser return and server callback) and the printable receipt. The flow and the
 * checks are in src/domain/payment*.c; see docs/payments.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/payment.h"
#include "motcua/qr.h"
#include "motcua/web.h"

/* The provider payments start at now: the sandbox (a real gateway would be chosen here from
 * the settings). The key is wiped by the caller with sodium_memzero. */
static void provider(struct request *req, struct payment_provider *pp)
{
	struct app *app = req_app(req);
	payment_sandbox_provider(app->key, pp);
}

/* "hh:mm dd/mm/yyyy" of t (arena). */
static const char *when(struct request *req, int64_t t)
{
	char s[17];
	format_hm_dmy(t, s);
	return arena_strdup(req_arena(req), s);
}

/* Log what failed and answer 500. */
static void fail(struct request *req, struct response *res, const char *what)
{
	log_error("payments: %s failed (request %s)", what, req_id(req));
	res_error(req, res, 500, NULL);
}

/* The payment page of the dossier (status: 200, or 409 with notice after a refused start). */
static void payment_page(struct request *req, struct response *res, int status,
			 const char *notice)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *code = req_param(req, "code");
	struct payment_dossier d;
	enum err e = !u ? E_NOTFOUND : db ? payment_dossier_for_owner(db, code, u->id, &d) : E_DB;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		fail(req, res, "payment page");
		return;
	}
	bool payable = payment_due(&d);
	json_t *data = json_pack("{s:s, s:s, s:b, s:s, s:s}", "code", code, "amount",
				 web_vnd(req, d.fee_amount), "payable", payable, "action",
				 arena_printf(req_arena(req), "/ho-so/%s/thanh-toan", code),
				 "notice", notice ? notice : "");
	if (!payable && !notice)
		json_object_set_new(data, "notice", json_string(web_text(req, "payment.not_due")));
	web_page(req, res, status, "payment", web_text(req, "payment.title"), data);
}

/* See web.h. GET /ho-so/:code/thanh-toan (owner only): what is due and the pay button. */
void page_payment(struct request *req, struct response *res)
{
	payment_page(req, res, 200, NULL);
}

/* See web.h. POST /ho-so/:code/thanh-toan (owner only): start (or resume) the payment and
 * send the browser to the gateway (303). */
void page_payment_start(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	struct payment_provider pp;
	struct payment_row p;
	provider(req, &pp);
	enum err e = !u ? E_NOTFOUND
		   : db ? payment_start(db, &pp, req_param(req, "code"), u->id,
					clock_now(&app->clock), &p)
			: E_DB;
	struct buf url = BUF_INIT;
	if (e == E_OK)
		e = pp.start(&pp, &p, PAYMENT_RETURN_PATH, &url);
	sodium_memzero(pp.key, sizeof(pp.key));
	if (e == E_OK) {
		log_info("payment %s started for dossier %s (%lld VND, %s)", p.reference,
			 p.dossier_code, (long long)p.amount, pp.name);
		res_redirect(res, 303, buf_str(&url));
	} else if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
	} else if (e == E_REFUSED) {
		payment_page(req, res, 409, web_text(req, "payment.not_due"));
	} else {
		fail(req, res, "payment start");
	}
	buf_free(&url);
}

/* The sandbox order of the request (query on GET, form on POST): true when its MAC is right. */
static bool sandbox_order(struct request *req, const struct payment_provider *pp,
			  const char **ref, int64_t *amount, const char **ret)
{
	bool post = req_method(req) == HTTP_POST;
	const char *(*get)(struct request *, const char *) = post ? req_form : req_query;
	*ref = get(req, "reference");
	*ret = get(req, "return");
	const char *a = get(req, "amount");
	*amount = a ? strtoll(a, NULL, 10) : 0;
	return payment_reference_ok(*ref) && *amount > 0 && *ret && web_local_path_ok(*ret) &&
	       sandbox_order_ok(pp->key, *ref, *amount, *ret, get(req, "sig"));
}

/* See web.h. GET /sandbox-pay/checkout?reference&amount&return&sig: the sandbox gateway's page. */
void page_sandbox_pay(struct request *req, struct response *res)
{
	struct payment_provider pp;
	provider(req, &pp);
	const char *ref, *ret;
	int64_t amount;
	bool ok = sandbox_order(req, &pp, &ref, &amount, &ret);
	sodium_memzero(pp.key, sizeof(pp.key));
	if (!ok) {
		log_warn("sandbox gateway: order with a bad signature refused (request %s)",
			 req_id(req));
		res_error(req, res, 400, web_text(req, "sandbox.bad_order"));
		return;
	}
	char amount_s[24];
	snprintf(amount_s, sizeof(amount_s), "%lld", (long long)amount);
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s}", "reference", ref, "amount",
				 amount_s, "amount_text", web_vnd(req, amount), "return", ret, "sig",
				 req_query(req, "sig"));
	web_page(req, res, 200, "sandbox_pay", web_text(req, "sandbox.title"), data);
}

/* See web.h. POST /sandbox-pay/checkout (the order again, action pay|cancel): the gateway "charges"
 * nothing and sends the browser back to the merchant with its signed answer (303). */
void page_sandbox_pay_post(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct payment_provider pp;
	provider(req, &pp);
	const char *ref, *ret;
	int64_t amount;
	const char *action = req_form(req, "action");
	if (!sandbox_order(req, &pp, &ref, &amount, &ret) || !action) {
		sodium_memzero(pp.key, sizeof(pp.key));
		log_warn("sandbox gateway: order with a bad signature refused (request %s)",
			 req_id(req));
		res_error(req, res, 400, web_text(req, "sandbox.bad_order"));
		return;
	}
	struct buf url = BUF_INIT;
	buf_printf(&url, "%s?", ret);
	sandbox_callback_query(pp.key, ref, amount, strcmp(action, "pay") ? "cancelled" : "paid",
			       clock_now(&app->clock), &url);
	sodium_memzero(pp.key, sizeof(pp.key));
	res_redirect(res, 303, buf_str(&url));
	buf_free(&url);
}

/* payment_field_fn over the request's query (GET) or form (POST). */
static const char *callback_field(void *ctx, const char *name)
{
	struct request *req = ctx;
	return req_method(req) == HTTP_POST ? req_form(req, name) : req_query(req, name);
}

/* What a gateway answer came to. */
struct settled {
	enum err err;			/* E_OK or why it was refused */
	const char *code;		/* short English code for JSON and the log */
	bool changed;
	struct payment_row p;		/* when err is E_OK */
};

/* Verify and settle the gateway answer of req; refusals are logged with the reason. */
static void settle(struct request *req, struct settled *s)
{
	struct app *app = req_app(req);
	struct payment_provider pp;
	struct payment_verdict v;
	char why[128] = "";
	memset(s, 0, sizeof(*s));
	provider(req, &pp);
	s->err = pp.verify(&pp, callback_field, req, clock_now(&app->clock), &v, why, sizeof(why));
	s->code = s->err == E_INVALID ? "invalid" : s->err == E_FORBIDDEN ? "bad_signature"
		: s->err == E_REFUSED ? "stale" : "ok";
	if (s->err == E_OK) {
		struct db *db = web_db(req);
		struct engine *e = NULL;
		s->err = db ? engine_open(db, app->key, &e) : E_DB;
		if (s->err == E_OK)
			s->err = payment_complete(e, db, &app->clock, &pp, &v, &s->changed, &s->p);
		engine_free(e);
		s->code = s->err == E_OK ? "ok" : s->err == E_CONFLICT ? "replay"
			: s->err == E_NOTFOUND ? "unknown_reference"
			: s->err == E_INVALID ? "mismatch"
			: s->err == E_REFUSED ? "dossier_refused" : "error";
		snprintf(why, sizeof(why), "%s", s->code);
	}
	sodium_memzero(pp.key, sizeof(pp.key));
	char ref[4 * PAYMENT_REF_MAX + 4];
	http_log_escape(ref, sizeof(ref), callback_field(req, "reference"), PAYMENT_REF_MAX);
	if (s->err == E_OK)
		log_info("payment %s: gateway answer %s%s", s->p.reference,
			 payment_state_name(s->p.state), s->changed ? "" : " (already settled)");
	else if (s->err != E_DB)
		log_warn("payment callback refused: %s (reference %s, client %s, request %s)", why,
			 ref, req_client_ip(req), req_id(req));
}

/* HTTP status of a refused answer: 403 bad signature, 404 unknown reference, 409 replay or
 * dossier refused, 500 storage, 400 the rest (malformed, stale, mismatch). */
static int refused_status(const struct settled *s)
{
	return !strcmp(s->code, "bad_signature") ? 403
	     : !strcmp(s->code, "unknown_reference") ? 404
	     : !strcmp(s->code, "replay") || !strcmp(s->code, "dossier_refused") ? 409
	     : !strcmp(s->code, "error") ? 500 : 400;
}

/* See web.h. GET /thanh-toan/ket-qua?<signed answer>: the browser back from the gateway. */
void page_payment_return(struct request *req, struct response *res)
{
	struct settled s;
	settle(req, &s);
	if (s.err == E_DB) {
		fail(req, res, "payment settle");
		return;
	}
	if (s.err == E_OK && s.p.state == PAY_PAID) {
		res_redirect(res, 303, arena_printf(req_arena(req), "/bien-lai/%s", s.p.reference));
		return;
	}
	bool cancelled = s.err == E_OK && s.p.state == PAY_CANCELLED;
	const char *key = cancelled ? "payment.cancelled"
			: !strcmp(s.code, "replay") ? "payment.replayed"
			: s.err == E_OK || !strcmp(s.code, "dossier_refused") ? "payment.failed"
			: "payment.bad_answer";
	json_t *data = json_pack("{s:s, s:s}", "message", web_text(req, key), "retry",
				 cancelled ? arena_printf(req_arena(req), "/ho-so/%s/thanh-toan",
							  s.p.dossier_code) : "");
	web_page(req, res, s.err == E_OK ? 200 : refused_status(&s), "payment_result",
		 web_text(req, "payment.result_title"), data);
}

/* See web.h. POST /thanh-toan/ket-qua (CSRF-exempt: the gateway's signed server callback).
 * JSON: 200 {"result":"paid"|"cancelled"|"failed","changed":bool}; refused: the project's
 * JSON error {"error":{"status","code","message"}} with 400 (malformed, stale, amount
 * mismatch), 403 (bad signature), 404 (unknown reference), 409 (replayed nonce, dossier
 * refused the payment); the message is in the request's language. */
void page_payment_callback(struct request *req, struct response *res)
{
	struct settled s;
	settle(req, &s);
	int status = s.err == E_OK ? 200 : refused_status(&s);
	const char *key = !strcmp(s.code, "replay")		? "payment.replayed"
			: !strcmp(s.code, "dossier_refused")	? "payment.failed"
			: status >= 500				? "error.500.message"
								: "payment.bad_answer";
	json_t *j = s.err == E_OK
		? json_pack("{s:s, s:b}", "result", payment_state_name(s.p.state), "changed",
			    s.changed)
		: json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status, "code", s.code,
			    "message", web_text(req, key));
	res_json(res, status, j);
	res_header(res, "Cache-Control", "no-store");
	json_decref(j);
}

/* See web.h. GET /bien-lai/:ref: the receipt of a paid payment, for its owner only (404 for
 * anyone else, and for a payment that is not paid). */
void page_receipt(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct payment_row p;
	enum err e = !u ? E_NOTFOUND
		   : db ? payment_for_owner(db, req_param(req, "ref"), u->id, &p) : E_DB;
	if (e == E_OK && p.state != PAY_PAID)
		e = E_NOTFOUND;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		fail(req, res, "receipt");
		return;
	}
	const char *qr = web_lookup_qr(req, p.dossier_code);
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
				 "receipt_no", p.receipt_no, "reference", p.reference,
				 "code", p.dossier_code, "procedure", p.procedure_name,
				 "payer", p.payer_name, "amount", web_vnd(req, p.amount),
				 "paid_at", when(req, p.paid_at),
				 "provider", web_text(req, "payment.provider_sandbox"),
				 "qr", qr ? qr : "",
				 "lookup_href", arena_printf(req_arena(req), "/tra-cuu?ma=%s",
							     p.dossier_code));
	const char *title = arena_printf(req_arena(req), "%s %s", web_text(req, "receipt.title"),
					 p.receipt_no);
	web_page(req, res, 200, "receipt", title, data);
}

/* See web.h. */
const char *web_lookup_qr(struct request *req, const char *code)
{
	struct app *app = req_app(req);
	struct buf url = BUF_INIT, svg = BUF_INIT;
	buf_printf(&url, "%s/tra-cuu?ma=", app->public_url);
	for (const unsigned char *c = (const unsigned char *)code; c && *c; c++) {
		if ((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    *c == '-' || *c == '.' || *c == '_')
			buf_putc(&url, (char)*c);
		else
			buf_printf(&url, "%%%02X", *c);
	}
	const char *label = arena_printf(req_arena(req), "%s %s", web_text(req, "qr.label"), code);
	const char *out = NULL;
	if (qr_svg(buf_str(&url), label, &svg) == E_OK)
		out = arena_strdup(req_arena(req), buf_str(&svg));
	else
		log_error("QR code of %s failed", buf_str(&url));
	buf_free(&url);
	buf_free(&svg);
	return out;
}
