/* desk_actions.c - the actions of the staff dossier page: POST /can-bo/ho-so/:code/<slug>,
 * one engine event each through desk_act with the version the form was shown with
 * (docs/desk.md). 303 back to the page with a notice; 404 outside the staff member's scope,
 * 403 for an action the role may not do (nothing changes); otherwise the page again with the
 * message beside the form (a stale form names what happened since). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_web.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/desk.h"
#include "motcua/log.h"

#define PROMISED_HOUR 17	/* an apology's promised date: the end of that office day */

/* What one POST is about. */
struct act {
	struct request *req;
	struct response *res;
	const char *code;
	const char *form;	/* the action's form (its id and its message slot) */
	json_t *view;		/* desk_dossier of the signed-in staff member */
	struct actor who;
};

/* The message text of key, or of desk.refused when the key has none. */
static const char *msg(struct request *req, const char *key)
{
	const char *t = key ? web_text(req, key) : NULL;
	return t && t != key ? t : web_text(req, "desk.refused");
}

/* The page again with text beside the action's form, with status. */
static void again(struct act *a, int status, const char *text)
{
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	wiz_error(a->req, &errs, a->form, NULL, text);
	desk_page(a->req, a->res, status, a->code, NULL, &errs);
	wiz_errors_free(&errs);
}

/* "Received · Lê Thị Mai (clerk) · 09:05 01/12/2026": the last event of the fresh view. */
static const char *last_event(struct act *a)
{
	json_t *v = NULL;
	struct db *db = web_db(a->req);
	if (!db || desk_dossier(db, &a->who, a->code, &v) != E_OK)
		return "";
	json_t *tl = json_object_get(v, "timeline");
	json_t *ev = json_array_get(tl, json_array_size(tl) - 1);
	char key[64], at[17];
	snprintf(key, sizeof(key), "event.%s", json_string_value(json_object_get(ev, "kind")));
	const char *actor = json_string_value(json_object_get(ev, "actor"));
	snprintf(key + 32, 32, "role.%s", json_string_value(json_object_get(ev, "role")));
	format_hm_dmy(json_integer_value(json_object_get(ev, "at")), at);
	const char *s = arena_printf(req_arena(a->req), "%s · %s · %s", web_text(a->req, key),
				     actor ? actor : web_text(a->req, key + 32), at);
	json_decref(v);
	return s;
}

/* Answer the outcome of the event. */
static void answer(struct act *a, enum err e, const struct event_result *r, enum event_kind k)
{
	if (e == E_OK) {
		res_redirect(a->res, 303, arena_printf(req_arena(a->req), "/can-bo/ho-so/%s?xong=%s",
						       a->code, event_kind_name(k)));
		return;
	}
	if (e == E_NOTFOUND && r->msg_key && strcmp(r->msg_key, "dossier.notfound.dossier")) {
		again(a, 400, msg(a->req, r->msg_key));	/* a department that does not exist */
		return;
	}
	if (e == E_NOTFOUND) {
		wiz_not_found(a->req, a->res);
		return;
	}
	if (e == E_FORBIDDEN) {
		res_error(a->req, a->res, 403, NULL);
		return;
	}
	if (e == E_CONFLICT) {
		again(a, 409, arena_printf(req_arena(a->req), "%s %s %s", msg(a->req, r->msg_key),
					   web_text(a->req, "desk.last_change"), last_event(a)));
		return;
	}
	if (e == E_REFUSED || e == E_INVALID) {
		again(a, e == E_INVALID ? 400 : 409, msg(a->req, r->msg_key));
		return;
	}
	log_error("desk: %s on %s failed: %s", event_kind_name(k), a->code, err_name(e));
	res_error(a->req, a->res, 500, NULL);
}

/* Load the staff view for event k; false after answering (403 when who's role may never
 * perform k, 404, 500). */
static bool begin(struct act *a, struct request *req, struct response *res, const char *form,
		  enum event_kind k)
{
	a->req = req;
	a->res = res;
	a->code = req_param(req, "code");
	a->form = form;
	a->who = desk_who(req);
	a->view = NULL;
	if (!desk_may_ever(&a->who, k)) {
		res_error(req, res, 403, NULL);
		return false;
	}
	struct db *db = web_db(req);
	enum err e = db ? desk_dossier(db, &a->who, a->code, &a->view) : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return false;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return false;
	}
	return true;
}

/* The version the form was shown with (0 when absent). */
static int version(struct request *req)
{
	const char *v = req_form(req, "version");
	return v ? (int)strtol(v, NULL, 10) : 0;
}

/* Apply k with in as the staff member and answer. */
static void apply(struct act *a, enum event_kind k, struct event_input *in)
{
	struct engine *eng = web_engine(a->req);
	if (!eng) {
		json_decref(a->view);
		res_error(a->req, a->res, 500, NULL);
		return;
	}
	in->code = a->code;
	in->kind = k;
	if (!in->note)
		in->note = req_form(a->req, "note");
	if (!in->reason)
		in->reason = req_form(a->req, "reason");
	struct event_result r;
	char why[256];
	enum err e = desk_act(eng, web_db(a->req), web_clock(a->req), &a->who, in,
			      version(a->req), &r, why, sizeof(why));
	json_decref(a->view);
	a->view = NULL;
	answer(a, e, &r, k);
}

/* An event whose data are the form's note and reason. */
static void simple(struct request *req, struct response *res, enum event_kind k,
		   const char *form)
{
	struct act a;
	if (!begin(&a, req, res, form, k))
		return;
	struct event_input in;
	memset(&in, 0, sizeof(in));
	apply(&a, k, &in);
}

/* See web.h. POST /can-bo/ho-so/:code/tiep-nhan */
void page_desk_receive(struct request *req, struct response *res)
{
	simple(req, res, EV_RECEIVE, "receive");
}

/* See web.h. POST /can-bo/ho-so/:code/tu-choi (reason required: the engine says so) */
void page_desk_refuse(struct request *req, struct response *res)
{
	simple(req, res, EV_REFUSE, "refuse");
}

/* See web.h. POST /can-bo/ho-so/:code/bo-sung: the applicant's supplement at the counter. */
void page_desk_supplement(struct request *req, struct response *res)
{
	simple(req, res, EV_SUPPLEMENT, "supplement");
}

/* See web.h. POST /can-bo/ho-so/:code/dung */
void page_desk_stop(struct request *req, struct response *res)
{
	simple(req, res, EV_STOP, "stop");
}

/* See web.h. POST /can-bo/ho-so/:code/rut: withdrawal at the applicant's request. */
void page_desk_withdraw(struct request *req, struct response *res)
{
	simple(req, res, EV_WITHDRAW, "withdraw");
}

/* See web.h. POST /can-bo/ho-so/:code/yeu-cau-bo-sung: the ticked components
 * (thieu_<i>) and the other items, with a reason. */
void page_desk_request_supplement(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "request_supplement", EV_REQUEST_SUPPLEMENT))
		return;
	json_t *comps = json_object_get(json_object_get(a.view, "procedure"), "components");
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < json_array_size(comps) && i < DESK_CHECKLIST_MAX; i++) {
		char name[16];
		snprintf(name, sizeof(name), "thieu_%zu", i);
		const char *c = json_string_value(json_object_get(json_array_get(comps, i), "name"));
		if (req_form(req, name) && c)
			buf_printf(&b, "%s%s", b.len ? "; " : "", c);
	}
	const char *other = req_form(req, "items_other");
	if (other && *other)
		buf_printf(&b, "%s%s", b.len ? "; " : "", other);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.items = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	apply(&a, EV_REQUEST_SUPPLEMENT, &in);
}

/* assign or transfer: a department of the choices, a specialist of the choices (or none),
 * a step of the process. */
static void hand(struct request *req, struct response *res, enum event_kind k)
{
	struct act a;
	if (!begin(&a, req, res, "assign", k))
		return;
	json_t *ch = json_object_get(a.view, "choices");
	const char *dep = req_form(req, "department");
	const char *who = req_form(req, "assignee");
	const char *step = req_form(req, "step");
	int nsteps = (int)json_array_size(json_object_get(a.view, "steps"));
	int s = step ? (int)strtol(step, NULL, 10) : 0;
	const char *bad = NULL;
	if (!dep || !web_listed(json_object_get(ch, "departments"), "code", dep))
		bad = "desk.bad_department";
	else if (who && *who && !web_listed(json_object_get(ch, "specialists"), "id", who))
		bad = "desk.bad_specialist";
	else if (s < 0 || (nsteps > 0 && s >= nsteps))
		bad = "desk.bad_step";
	if (bad) {
		json_decref(a.view);
		again(&a, 400, web_text(req, bad));
		return;
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.department = dep;
	in.assignee_id = who && *who ? strtoll(who, NULL, 10) : 0;
	in.step = s;
	apply(&a, k, &in);
}

/* See web.h. POST /can-bo/ho-so/:code/phan-cong */
void page_desk_assign(struct request *req, struct response *res)
{
	hand(req, res, EV_ASSIGN);
}

/* See web.h. POST /can-bo/ho-so/:code/chuyen-buoc */
void page_desk_transfer(struct request *req, struct response *res)
{
	hand(req, res, EV_TRANSFER);
}

/* The amount field (VND, digits), or -1 when missing or not a number. */
static int64_t amount(struct request *req)
{
	const char *v = req_form(req, "amount");
	if (!v || !*v || v[0] == '-')
		return -1;
	return strtoll(v, NULL, 10);
}

/* See web.h. POST /can-bo/ho-so/:code/yeu-cau-thanh-toan */
void page_desk_request_payment(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "request_payment", EV_REQUEST_PAYMENT))
		return;
	int64_t n = amount(req);
	if (n <= 0) {
		json_decref(a.view);
		again(&a, 400, web_text(req, "desk.bad_amount"));
		return;
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.amount = n;
	apply(&a, EV_REQUEST_PAYMENT, &in);
}

/* See web.h. POST /can-bo/ho-so/:code/thu-phi: fees collected at the counter. */
void page_desk_pay(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "pay", EV_PAY))
		return;
	int64_t n = amount(req);
	if (n <= 0) {
		json_decref(a.view);
		again(&a, 400, web_text(req, "desk.bad_amount"));
		return;
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.amount = n;
	in.method = "counter";
	apply(&a, EV_PAY, &in);
}

/* See web.h. POST /can-bo/ho-so/:code/xin-loi: reason and promised date dd/mm/yyyy. */
void page_desk_apologise(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "apologise", EV_APOLOGISE))
		return;
	const char *p = req_form(req, "promised");
	int64_t day;
	if (!p || !parse_dmy(p, &day)) {
		json_decref(a.view);
		again(&a, 400, web_text(req, "desk.bad_promised"));
		return;
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.promised_at = local_instant(day, PROMISED_HOUR * 3600);
	apply(&a, EV_APOLOGISE, &in);
}

/* Place callback of the result file: keep the upload in the store. */
static enum err place_result(void *ctx)
{
	return req_file_keep(ctx, "file");
}

/* See web.h. POST /can-bo/ho-so/:code/giai-quyet (multipart): the electronic result file
 * (optional) is attached first, then resolve names it. */
void page_desk_resolve(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "resolve", EV_RESOLVE))
		return;
	struct event_input in;
	memset(&in, 0, sizeof(in));
	const struct upload *up = req_file(req, "file");
	if (!up && req_field_reason(req, "file")) {
		json_decref(a.view);
		again(&a, 400, web_text(req, "desk.bad_file"));
		return;
	}
	if (up) {
		struct attachment_new f = {
			.owner = ATTACH_OWNER_DOSSIER,
			.owner_id = 0,
			.hash = up->hash,
			.kind = upload_kind_name(up->kind),
			.size = (int64_t)up->size,
			.title = web_text(req, "desk.slot_result"),
			.file_name = up->name,
			.uploaded_by = a.who.user_id,
			.now = clock_now(web_clock(req)),
		};
		int64_t id;
		int64_t dossier = json_integer_value(json_object_get(a.view, "id"));
		enum err e = desk_attach_result(web_db(req), &a.who, dossier, version(req), &f,
						place_result, req, &id);
		if (e != E_OK) {
			struct event_result r;
			memset(&r, 0, sizeof(r));
			r.msg_key = e == E_CONFLICT ? "dossier.conflict.stale"
				  : e == E_REFUSED  ? "dossier.refused.transition"
						    : NULL;
			json_decref(a.view);
			answer(&a, e, &r, EV_RESOLVE);
			return;
		}
		in.result_file = up->hash;
	}
	apply(&a, EV_RESOLVE, &in);
}

/* See web.h. POST /can-bo/ho-so/:code/tra-ket-qua: at the counter the clerk checks the
 * receipt code (lookup secret) or the applicant's ID number; by post the tracking number;
 * online nothing more. */
void page_desk_return(struct request *req, struct response *res)
{
	struct act a;
	if (!begin(&a, req, res, "return", EV_RETURN))
		return;
	const char *how = req_form(req, "delivery");
	if (!how)
		how = "counter";
	if (!strcmp(how, "counter")) {
		const char *check = req_form(req, "check");
		const char *idn = json_string_value(
			json_object_get(json_object_get(a.view, "applicant"), "id_number"));
		bool ok = false;
		if (check && *check) {
			char up[LOOKUP_SECRET_LEN + 1] = "";
			size_t n = strlen(check);
			for (size_t i = 0; n == LOOKUP_SECRET_LEN && i < n; i++)
				up[i] = (char)(check[i] >= 'a' && check[i] <= 'z' ? check[i] - 32
										  : check[i]);
			struct engine *eng = web_engine(req);
			ok = (idn && *idn && !strcmp(idn, check)) ||
			     (n == LOOKUP_SECRET_LEN && eng &&
			      dossier_lookup_ok(eng, web_db(req), a.code, up));
		}
		if (!ok) {
			json_decref(a.view);
			again(&a, 400, web_text(req, "desk.return_check_failed"));
			return;
		}
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.delivery = how;
	in.postal_tracking = req_form(req, "tracking");
	apply(&a, EV_RETURN, &in);
}
