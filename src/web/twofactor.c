/* twofactor.c - the pages of two-factor sign-in (docs/two-factor.md): the code asked after a
 * right password (GET/POST /dang-nhap/ma-xac-thuc) and enrolment (GET/POST
 * /tai-khoan/hai-buoc), reached signed in (staff) or with a pending sign-in of a role that
 * requires two-factor (then it is the only page that pending sign-in opens). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/account.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/qr.h"
#include "motcua/twofactor.h"
#include "motcua/web.h"

/* Percent-encode s for a query value, in the arena. */
static const char *query_escape(struct request *req, const char *s)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	const char *out = arena_printf(req_arena(req), "%s", buf_str(&b) ? buf_str(&b) : "");
	buf_free(&b);
	return out;
}

/* See web.h. */
void web_second_step_redirect(struct request *req, struct response *res, const char *pending,
			      const char *next, bool enrol)
{
	res_cookie(res, PENDING_COOKIE, pending, PENDING_VALID_S, true);
	if (enrol)
		res_redirect(res, 303, "/tai-khoan/hai-buoc");
	else if (next && *next)
		res_redirect(res, 303, arena_printf(req_arena(req), "/dang-nhap/ma-xac-thuc?next=%s",
						    query_escape(req, next)));
	else
		res_redirect(res, 303, "/dang-nhap/ma-xac-thuc");
}

/* Render the code form with an error (NULL for none). */
static void code_page(struct request *req, struct response *res, int status, const char *next,
		      const char *error)
{
	json_t *data = json_pack("{s:{s:s, s:o}}", "form", "next", next ? next : "", "error",
				 error ? json_string(error) : json_false());
	web_page(req, res, status, "signin_code", web_text(req, "admin_users.code_title"), data);
}

/* The sign-in form again, with why the second step cannot go on. */
static void back_to_signin(struct request *req, struct response *res, int status,
			   const char *key)
{
	res_cookie(res, PENDING_COOKIE, "", 0, true);
	json_t *data = json_pack("{s:{s:s, s:s, s:s, s:b}}", "form", "username", "", "next", "",
				 "error", web_text(req, key), "notice", 0);
	web_page(req, res, status, "signin", web_text(req, "signin.title"), data);
}

/* See web.h. GET /dang-nhap/ma-xac-thuc?next= */
void page_signin_code(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct pending_row p;
	const char *next = req_query(req, "next");
	enum err e = db ? pending_resolve(db, req_cookie(req, PENDING_COOKIE),
					  clock_now(&app->clock), &p)
			: E_DB;
	if (e == E_DB) {
		res_error(req, res, 500, NULL);
		return;
	}
	if (e == E_OK && p.purpose == PENDING_ENROL) {	/* enrolment comes first */
		res_redirect(res, 303, "/tai-khoan/hai-buoc");
		return;
	}
	if (e != E_OK) {
		back_to_signin(req, res, 403, "admin_users.code_expired");
		return;
	}
	code_page(req, res, 200, next && web_local_path_ok(next) ? next : "", NULL);
}

/* "hh:mm dd/mm/yyyy" in the message at key. */
static const char *with_time(struct request *req, const char *key, int64_t t)
{
	char when[17];
	format_hm_dmy(t, when);
	return web_fill(req, web_text(req, key), "time", when);
}

/* See web.h. POST /dang-nhap/ma-xac-thuc (code, next, csrf) */
void page_signin_code_post(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	const char *next = req_form(req, "next");
	const char *keep_next = next && web_local_path_ok(next) ? next : "";
	const char *code = req_form(req, "code");
	if (!code || !*code) {
		code_page(req, res, 400, keep_next, web_text(req, "admin_users.code_missing"));
		return;
	}
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	char token[SESSION_TOKEN_HEX + 1];
	int64_t retry = 0;
	bool recovery = false;
	enum signin_result r = account_second_step(
		app->accounts, db, &app->clock, app->key, req_cookie(req, PENDING_COOKIE), code,
		req_client_key(req), req_header(req, "User-Agent"), token, &retry, &recovery);
	switch (r) {
	case SIGNIN_OK: {
		int64_t age = app->accounts->policy.absolute_s;
		res_cookie(res, SESSION_COOKIE, token, age > 0x7fffffff ? 0x7fffffff : (int)age,
			   true);
		res_cookie(res, PENDING_COOKIE, "", 0, true);
		res_redirect(res, 303, *keep_next ? web_local_path(req, keep_next) : "/can-bo");
		return;
	}
	case SIGNIN_BAD:
		code_page(req, res, 422, keep_next, web_text(req, "admin_users.code_bad"));
		return;
	case SIGNIN_THROTTLED: {
		char v[24];
		int64_t s = retry - clock_now(&app->clock);
		snprintf(v, sizeof(v), "%lld", (long long)(s > 0 ? s : 1));
		res_header(res, "Retry-After", v);
		code_page(req, res, 429, keep_next, with_time(req, "signin.throttled", retry));
		return;
	}
	case SIGNIN_EXPIRED:
		back_to_signin(req, res, 403, "admin_users.code_expired");
		return;
	case SIGNIN_INACTIVE:
		back_to_signin(req, res, 403, "signin.inactive");
		return;
	case SIGNIN_BUSY:
	case SIGNIN_CODE:
	case SIGNIN_ENROL:
	case SIGNIN_ERROR:
		break;
	}
	res_error(req, res, 500, NULL);
}

/* Who enrols: the signed-in staff member, or the account of a pending 'enrol' sign-in. */
struct enroller {
	int64_t user_id;
	const char *username;
	int64_t pending_id;	/* 0 when signed in */
};

/* Find who enrols; false after answering (sign-in page, 403 for citizens, 500). */
static bool enroller(struct request *req, struct response *res, struct enroller *who)
{
	const struct web_user *u = web_user(req);
	memset(who, 0, sizeof(*who));
	if (u) {
		if (u->role == ROLE_CITIZEN) {
			res_error(req, res, 403, NULL);
			return false;
		}
		who->user_id = u->id;
		who->username = u->username;
		return true;
	}
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct pending_row p;
	char username[65];
	enum err e = db ? account_pending(db, req_cookie(req, PENDING_COOKIE),
					  clock_now(&app->clock), &p, username)
			: E_DB;
	if (e == E_DB) {
		res_error(req, res, 500, NULL);
		return false;
	}
	if (e != E_OK || p.purpose != PENDING_ENROL) {
		web_signin_required(req, res);
		return false;
	}
	who->user_id = p.user_id;
	who->username = arena_printf(req_arena(req), "%s", username);
	who->pending_id = p.id;
	return true;
}

/* Render the enrolment page: the secret and its QR code (when not enrolled), the recovery
 * codes (once, after confirming: codes may be NULL), an error beside the code field. */
static void enrol_page(struct request *req, struct response *res, int status,
		       const struct enroller *who, json_t *codes, const char *error)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	bool on = false;
	if (!db || twofactor_enabled(db, who->user_id, &on) != E_OK) {
		json_decref(codes);
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *data = json_pack("{s:b, s:b, s:b, s:o, s:o}", "enabled", on, "forced",
				 who->pending_id != 0, "has_codes", codes != NULL, "codes",
				 codes ? codes : json_false(), "error",
				 error ? json_string(error) : json_false());
	if (!on) {
		char secret[TOTP_SECRET_B32 + 1], uri[512], ticket[ENROL_TICKET_HEX + 1];
		int64_t now = clock_now(&app->clock);
		const char *sent = req_method(req) == HTTP_POST ? req_form(req, "ticket") : NULL;
		/* a wrong code keeps the same secret (the app already has it) */
		if (sent && twofactor_ticket_secret(app->key, who->user_id, sent, now, secret))
			snprintf(ticket, sizeof(ticket), "%s", sent);
		else
			twofactor_enrol_offer(app->key, who->user_id, now, secret, ticket);
		json_object_set_new(data, "ticket", json_string(ticket));
		twofactor_uri(who->username, secret, uri, sizeof(uri));
		struct buf svg = BUF_INIT;
		if (qr_svg(uri, web_text(req, "admin_users.tf_qr_label"), &svg) != E_OK)
			log_error("two-factor: QR code not made");
		/* grouped by 4 for reading aloud or typing */
		char grouped[TOTP_SECRET_B32 + TOTP_SECRET_B32 / 4 + 1];
		size_t o = 0;
		for (size_t i = 0; secret[i]; i++) {
			if (i && i % 4 == 0)
				grouped[o++] = ' ';
			grouped[o++] = secret[i];
		}
		grouped[o] = '\0';
		json_object_set_new(data, "secret", json_string(grouped));
		json_object_set_new(data, "qr", json_string(buf_str(&svg) ? buf_str(&svg) : ""));
		buf_free(&svg);
		sodium_memzero(secret, sizeof(secret));
	}
	web_page(req, res, status, "twofactor", web_text(req, "admin_users.tf_title"), data);
}

/* See web.h. GET /tai-khoan/hai-buoc */
void page_twofactor(struct request *req, struct response *res)
{
	struct enroller who;
	if (enroller(req, res, &who))
		enrol_page(req, res, 200, &who, NULL, NULL);
}

/* See web.h. POST /tai-khoan/hai-buoc (code, csrf) */
void page_twofactor_post(struct request *req, struct response *res)
{
	struct enroller who;
	if (!enroller(req, res, &who))
		return;
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	const char *code = req_form(req, "code");
	if (!code || !*code) {
		enrol_page(req, res, 400, &who, NULL, web_text(req, "admin_users.code_missing"));
		return;
	}
	char codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1];
	bool ok = false;
	enum err e = twofactor_enrol_confirm(db, app->key, who.user_id, req_form(req, "ticket"),
					     code, clock_now(&app->clock), &ok, codes);
	if (e == E_CONFLICT) {	/* enrolled already (a second submit): nothing changes */
		enrol_page(req, res, 409, &who, NULL, NULL);
		return;
	}
	if (e != E_OK && e != E_NOTFOUND) {
		res_error(req, res, 500, NULL);
		return;
	}
	if (e == E_NOTFOUND) {	/* a stale or forged ticket: a new secret to scan */
		enrol_page(req, res, 422, &who, NULL, web_text(req, "admin_users.tf_stale"));
		return;
	}
	if (!ok) {
		enrol_page(req, res, 422, &who, NULL, web_text(req, "admin_users.code_bad"));
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		json_array_append_new(list, json_string(codes[i]));
		sodium_memzero(codes[i], sizeof(codes[i]));
	}
	if (who.pending_id) {
		char token[SESSION_TOKEN_HEX + 1];
		e = account_enrolled(app->accounts, db, &app->clock, who.user_id, who.pending_id,
				     req_client_key(req), req_header(req, "User-Agent"), token);
		if (e != E_OK) {
			json_decref(list);
			res_error(req, res, e == E_NOTFOUND ? 403 : 500, NULL);
			return;
		}
		int64_t age = app->accounts->policy.absolute_s;
		res_cookie(res, SESSION_COOKIE, token, age > 0x7fffffff ? 0x7fffffff : (int)age,
			   true);
		res_cookie(res, PENDING_COOKIE, "", 0, true);
	}
	enrol_page(req, res, 200, &who, list, NULL);
}
