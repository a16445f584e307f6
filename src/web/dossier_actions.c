/* dossier_actions.c - what the citizen does from a dossier's page: answer a supplement
 * request with files, withdraw (after a confirmation page), rate once after the return, send
 * feedback (issue 7 item 6). Each change is one engine event or one row, made by the domain
 * (portal.h); a refusal shows the dossier page again with the message beside the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/portal.h"
#include "wizard.h"

/* Redirect to the dossier's page with a notice flag. */
static void back(struct request *req, struct response *res, const char *code, const char *flag)
{
	res_redirect(res, 303, arena_printf(req_arena(req), "/ho-so/%s?%s=1", code, flag));
}

/* The engine, or NULL after answering 500. */
static struct engine *engine_or_fail(struct request *req, struct response *res)
{
	struct engine *e = web_engine(req);
	if (!e)
		res_error(req, res, 500, NULL);
	return e;
}

/* Answer an action's outcome: back to the page on E_OK, 404 when not the owner's, the page
 * again with the refusal beside input (409/400), 500 otherwise. */
static void answer(struct request *req, struct response *res, const char *code, enum err e,
		   const struct event_result *r, const char *input, const char *flag)
{
	if (e == E_OK) {
		back(req, res, code, flag);
		return;
	}
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e == E_REFUSED || e == E_INVALID || e == E_FORBIDDEN) {
		struct wiz_errors errs;
		wiz_errors_init(&errs);
		const char *key = r && r->msg_key ? r->msg_key : "mine.refused";
		const char *text = web_text(req, key);
		wiz_error(req, &errs, input, NULL, text == key ? web_text(req, "mine.refused") : text);
		dossier_page(req, res, e == E_INVALID ? 400 : 409, code, NULL, &errs);
		wiz_errors_free(&errs);
		return;
	}
	log_error("dossier %s: action failed: %s", code, err_name(e));
	res_error(req, res, 500, NULL);
}

/* See web.h. POST /ho-so/:code/bo-sung (multipart: file, title, note, action upload|send):
 * add a file to the answer; "send" (with or without a last file) answers the request. */
void page_supplement_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	const char *code = req_param(req, "code");
	struct db *db = web_db(req);
	json_t *d = NULL;
	enum err e = db ? portal_dossier(db, u->id, code, 0, &d) : E_DB;
	if (e != E_OK) {
		answer(req, res, code, e, NULL, "supplement", NULL);
		return;
	}
	int64_t id = json_integer_value(json_object_get(d, "id"));
	json_decref(d);
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	int status = 400;
	const char *label = web_text(req, "mine.supplement_file");
	wiz_file_error(req, &errs, "file", label, &status);
	const char *title = req_form(req, "title");
	if (!title || !*title)
		title = web_text(req, "mine.slot_supplement");
	if (req_field_reason(req, "title"))
		wiz_error(req, &errs, "supplement_title", web_text(req, "mine.supplement_title"),
			  web_text(req, "mine.title_invalid"));
	bool send = req_form(req, "action") && !strcmp(req_form(req, "action"), "send");
	if (errs.n == 0)
		wiz_attach(req, u->id, id, "file", SLOT_SUPPLEMENT, title, &errs, label);
	if (errs.n > 0) {
		dossier_page(req, res, status, code, NULL, &errs);
		wiz_errors_free(&errs);
		return;
	}
	wiz_errors_free(&errs);
	if (!send) {
		if (!req_file(req, "file")) {
			wiz_errors_init(&errs);
			wiz_error(req, &errs, "supplement_file", label, web_text(req, "upload.required"));
			dossier_page(req, res, 400, code, NULL, &errs);
			wiz_errors_free(&errs);
			return;
		}
		back(req, res, code, "tep");
		return;
	}
	struct engine *eng = engine_or_fail(req, res);
	if (!eng)
		return;
	struct event_result r;
	char why[256];
	e = portal_supplement(eng, db, web_clock(req), u->id, code, req_form(req, "note"), &r,
			      why, sizeof(why));
	answer(req, res, code, e, &r, "supplement_file", "bo_sung");
}

/* See web.h. GET /ho-so/:code/rut: the confirmation page of a withdrawal. */
void page_withdraw(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	const char *code = req_param(req, "code");
	struct db *db = web_db(req);
	json_t *d = NULL;
	enum err e = db ? portal_dossier(db, u->id, code, 0, &d) : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	dossier_decorate(req, d);
	bool can = json_is_true(json_object_get(json_object_get(d, "can"), "withdraw"));
	web_page(req, res, can ? 200 : 409, "withdraw", web_text(req, "withdraw.title"),
		 json_pack("{s:o, s:b, s:s}", "d", d, "can", can, "action",
			   arena_printf(req_arena(req), "/ho-so/%s/rut", code)));
}

/* See web.h. POST /ho-so/:code/rut (reason): withdraw. */
void page_withdraw_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	const char *code = req_param(req, "code");
	struct engine *eng = engine_or_fail(req, res);
	if (!eng)
		return;
	struct event_result r;
	memset(&r, 0, sizeof(r));
	char why[256];
	enum err e = req_field_reason(req, "reason")
			     ? E_INVALID
			     : portal_withdraw(eng, web_db(req), web_clock(req), u->id, code,
					       req_form(req, "reason"), &r, why, sizeof(why));
	if (e == E_INVALID && req_field_reason(req, "reason"))
		r.msg_key = "withdraw.reason_invalid";
	answer(req, res, code, e, &r, "withdraw", "rut");
}

/* See web.h. POST /ho-so/:code/danh-gia (rating, comment, c1..c9): rate once. */
void page_rate_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	const char *code = req_param(req, "code");
	int criteria[RATING_CRITERIA];
	int given = 0;
	for (int i = 0; i < RATING_CRITERIA; i++) {
		char name[16];
		snprintf(name, sizeof(name), "c%d", i + 1);
		const char *v = req_form(req, name);
		criteria[i] = v && *v ? v[0] - '0' : -1;
		given += criteria[i] >= 0;
	}
	struct event_result r;
	memset(&r, 0, sizeof(r));
	enum err e;
	if (!req_form(req, "rating") || req_field_reason(req, "comment")) {
		e = E_INVALID;
		r.msg_key = req_form(req, "rating") ? "mine.comment_invalid" : "mine.rating_required";
	} else if (given != 0 && given != RATING_CRITERIA) {
		e = E_INVALID;
		r.msg_key = "mine.criteria_all";
	} else {
		struct engine *eng = engine_or_fail(req, res);
		if (!eng)
			return;
		char why[256];
		e = portal_rate(eng, web_db(req), web_clock(req), u->id, code,
				req_form(req, "rating"), req_form(req, "comment"),
				given ? criteria : NULL, &r, why, sizeof(why));
	}
	answer(req, res, code, e, &r, "rating", "danh_gia");
}

/* See web.h. POST /ho-so/:code/phan-anh (body): send feedback about the dossier. */
void page_feedback_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	const char *code = req_param(req, "code");
	const char *body = req_form(req, "body");
	struct event_result r;
	memset(&r, 0, sizeof(r));
	enum err e;
	if (!body || !*body) {
		e = E_INVALID;
		r.msg_key = req_field_reason(req, "body") ? "mine.feedback_too_long"
							  : "mine.feedback_required";
	} else {
		struct engine *eng = engine_or_fail(req, res);
		if (!eng)
			return;
		int64_t id;
		e = feedback_send(eng, web_db(req), u->id, code, body, clock_now(web_clock(req)),
				  &id);
		if (e == E_REFUSED)
			r.msg_key = "mine.feedback_refused";
		else if (e == E_INVALID)
			r.msg_key = "mine.feedback_required";
	}
	answer(req, res, code, e, &r, "feedback", "phan_anh");
}
