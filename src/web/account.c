/* account.c - sign-in, sign-out and "my account" pages (docs/accounts.md). The domain
 * (src/domain/account.c) decides; this file maps outcomes to pages, cookies and redirects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/account.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/register.h"
#include "motcua/web.h"

#define AGENT_SHORT 120

/* Replace "{time}" in the message at key with the local "hh:mm dd/mm/yyyy" of t. */
static const char *message_with_time(struct request *req, const char *key, int64_t t)
{
	const char *text = web_text(req, key);
	const char *at = strstr(text, "{time}");
	if (!at)
		return text;
	char when[17];
	format_hm_dmy(t, when);
	return arena_printf(req_arena(req), "%.*s%s%s", (int)(at - text), text, when, at + 6);
}

/* Seconds from now until t, at least 1, as text for Retry-After. */
static void retry_after(struct request *req, struct response *res, int64_t t)
{
	struct app *app = req_app(req);
	int64_t s = t - clock_now(&app->clock);
	char v[24];
	snprintf(v, sizeof(v), "%lld", (long long)(s > 0 ? s : 1));
	res_header(res, "Retry-After", v);
}

/* The busy page (503): the gate had no Argon2id slot within the wait. */
static void busy(struct request *req, struct response *res)
{
	res_header(res, "Retry-After", "5");
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title",
				 web_text(req, "error.503.title"), "message",
				 web_text(req, "signin.busy"));
	web_page(req, res, 503, "error", web_text(req, "error.503.title"), data);
}

/* Render the sign-in form with what was typed (never the password), an error message and a
 * notice (NULL for none). */
static void signin_page(struct request *req, struct response *res, int status,
			const char *username, const char *next, const char *error,
			const char *notice)
{
	json_t *data = json_pack("{s:{s:s, s:s}}", "form", "username", username ? username : "",
				 "next", next ? next : "");
	json_t *form = json_object_get(data, "form");
	json_object_set_new(form, "error", error ? json_string(error) : json_false());
	json_object_set_new(form, "notice", notice ? json_string(notice) : json_false());
	web_page(req, res, status, "signin", web_text(req, "signin.title"), data);
}

/* The sign-in form with an error message (NULL for none). */
static void signin_form(struct request *req, struct response *res, int status,
			const char *username, const char *next, const char *error)
{
	signin_page(req, res, status, username, next, error, NULL);
}

/* See web.h. */
void web_signin_required(struct request *req, struct response *res)
{
	const char *path = req_path(req);
	signin_page(req, res, 403, "", web_local_path_ok(path) ? path : "", NULL,
		    web_text(req, "signin.required"));
}

/* See web.h. GET /dang-nhap?next=/path */
void page_signin(struct request *req, struct response *res)
{
	const char *next = req_query(req, "next");
	signin_form(req, res, 200, "", next && web_local_path_ok(next) ? next : "", NULL);
}

/* The client's User-Agent (may be NULL). */
static const char *agent(struct request *req)
{
	return req_header(req, "User-Agent");
}

/* Set the session cookie to token for the absolute lifetime. */
static void set_session_cookie(struct request *req, struct response *res, const char *token)
{
	struct app *app = req_app(req);
	int64_t age = app->accounts->policy.absolute_s;
	res_cookie(res, SESSION_COOKIE, token, age > 0x7fffffff ? 0x7fffffff : (int)age, true);
}

/* The Argon2id part of POST /dang-nhap, on a worker thread (req_defer): verify, open the
 * session, answer. */
static void signin_work(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	const char *username = req_form(req, "username");
	const char *password = req_form(req, "password");
	const char *next = req_form(req, "next");
	const char *keep_next = next && web_local_path_ok(next) ? next : "";
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct signin_attempt at = { username, password, req_client_key(req), agent(req),
				     req_cookie(req, SESSION_COOKIE) };
	char token[SESSION_TOKEN_HEX + 1];
	int64_t retry = 0;
	enum signin_result r = account_sign_in(app->accounts, db, &app->clock, &at, token, &retry);
	switch (r) {
	case SIGNIN_OK:
		set_session_cookie(req, res, token);
		/* A next that was sent but is invalid or not local lands on "/", never elsewhere. */
		const char *sent_next = req_form_raw(req, "next");
		res_redirect(res, 303, sent_next && *sent_next ? web_local_path(req, next)
							       : "/tai-khoan");
		break;
	case SIGNIN_BAD:
		signin_form(req, res, 422, username, keep_next, web_text(req, "signin.bad"));
		break;
	case SIGNIN_INACTIVE:
		signin_form(req, res, 403, username, keep_next, web_text(req, "signin.inactive"));
		break;
	case SIGNIN_THROTTLED:
		retry_after(req, res, retry);
		signin_form(req, res, 429, username, keep_next,
			    message_with_time(req, "signin.throttled", retry));
		break;
	case SIGNIN_BUSY:
		busy(req, res);
		break;
	case SIGNIN_CODE:
	case SIGNIN_ENROL:
		/* the password was right; the second step has its own page (docs/two-factor.md) */
		web_second_step_redirect(req, res, token, keep_next, r == SIGNIN_ENROL);
		break;
	case SIGNIN_EXPIRED:
	case SIGNIN_ERROR:
		res_error(req, res, 500, NULL);
		break;
	}
}

/* See web.h. POST /dang-nhap (username, password, csrf, next): a form missing a field is
 * answered at once; the check itself is deferred to a worker (no server thread hashes). */
void page_signin_post(struct request *req, struct response *res)
{
	const char *username = req_form(req, "username");
	const char *password = req_form(req, "password");
	if (!username || !*username || !password || !*password) {
		const char *next = req_form(req, "next");
		signin_form(req, res, 400, username, next && web_local_path_ok(next) ? next : "",
			    web_text(req, "signin.missing"));
		return;
	}
	req_defer(req, signin_work, busy);
}

/* See web.h. POST /dang-xuat (csrf): revoke the session on the server, drop the cookie. */
void page_signout_post(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	const struct web_user *u = web_user(req);
	const char *token = req_cookie(req, SESSION_COOKIE);
	struct db *db = token ? web_db(req) : NULL;
	if (token && (!db || account_sign_out(db, &app->clock, token, u ? u->id : 0,
					      u ? u->username : NULL, req_client_ip(req),
					      agent(req)) != E_OK)) {
		res_error(req, res, 500, NULL);
		return;
	}
	res_cookie(res, SESSION_COOKIE, "", 0, true);
	res_redirect(res, 303, "/");
}

/* "hh:mm dd/mm/yyyy" of t as a JSON string. */
static json_t *when(int64_t t)
{
	char s[17];
	format_hm_dmy(t, s);
	return json_string(s);
}

/* Messages of the password form: false or the text of each. */
struct pw_errors {
	const char *current, *password, *confirm, *general;
};

/* Render "my account" for u with the password form's messages and the notices of a changed
 * password or a new registration. */
static void account_page(struct request *req, struct response *res, int status,
			 const struct pw_errors *pe, bool changed, bool registered)
{
	struct app *app = req_app(req);
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct session_row *rows = NULL;
	int n = 0;
	if (!db || session_list(db, &app->accounts->policy, &app->clock, u->id, &rows, &n) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	char key[32];
	snprintf(key, sizeof(key), "role.%s", role_name(u->role));
	json_t *sessions = json_array();
	json_t *signed_in = json_false();
	for (int i = 0; i < n; i++) {
		bool current = rows[i].id == u->session_id;
		if (current) {
			json_decref(signed_in);
			signed_in = when(rows[i].created_at);
		}
		json_array_append_new(sessions,
				      json_pack("{s:o, s:o, s:s, s:s, s:b}", "created",
						when(rows[i].created_at), "last_seen",
						when(rows[i].last_seen), "client", rows[i].client,
						"agent", rows[i].user_agent, "current", current));
	}
	free(rows);
	char *email = NULL;
	int64_t confirmed = 0;
	if (account_email_state(db, u->id, &email, &confirmed) != E_OK) {
		json_decref(sessions);
		json_decref(signed_in);
		free(email);
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *mail = *email ? json_pack("{s:s, s:o, s:b}", "address", email, "confirmed",
					  confirmed ? when(confirmed) : json_false(), "pending",
					  !confirmed)
			      : json_false();
	free(email);
	json_t *err = json_object();
	const char *const *msgs[] = { &pe->current, &pe->password, &pe->confirm, &pe->general };
	static const char *const names[] = { "current", "password", "confirm", "general" };
	for (size_t i = 0; i < 4; i++)
		json_object_set_new(err, names[i], *msgs[i] ? json_string(*msgs[i]) : json_false());
	json_t *data = json_pack("{s:{s:s, s:s, s:s, s:s, s:o, s:o}, s:o, s:o, s:b, s:b}", "me",
				 "name", u->name, "username", u->username, "role",
				 web_text(req, key), "unit", u->unit_code ? u->unit_code : "—",
				 "signed_in", signed_in, "email", mail, "sessions", sessions,
				 "pw", err, "changed", changed, "registered", registered);
	web_page(req, res, status, "account", web_text(req, "account.title"), data);
}

/* See web.h. GET /tai-khoan (signed in) */
void page_account(struct request *req, struct response *res)
{
	struct pw_errors pe = { NULL, NULL, NULL, NULL };
	account_page(req, res, 200, &pe, req_query(req, "changed") != NULL,
		     req_query(req, "registered") != NULL);
}

/* Defined below: the deferred part of page_password_post. */
static void password_work(struct request *req, struct response *res);

/* See web.h. POST /tai-khoan/mat-khau (current, password, confirm, csrf; signed in): a form
 * missing a field is answered at once; the rest is deferred to a worker. */
void page_password_post(struct request *req, struct response *res)
{
	const char *current = req_form(req, "current");
	const char *password = req_form(req, "password");
	struct pw_errors pe = { NULL, NULL, NULL, NULL };
	if (!current || !*current)
		pe.current = web_text(req, "account.missing_current");
	if (!password || !*password)
		pe.password = web_text(req, "account.weak");
	if (pe.current || pe.password) {
		account_page(req, res, 400, &pe, false, false);
		return;
	}
	req_defer(req, password_work, busy);
}

/* The Argon2id part of POST /tai-khoan/mat-khau, on a worker thread (req_defer): verify the
 * current password, hash the new one, rotate the session, answer. */
static void password_work(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	const struct web_user *u = web_user(req);
	const char *current = req_form(req, "current");
	const char *password = req_form(req, "password");
	const char *confirm = req_form(req, "confirm");
	struct pw_errors pe = { NULL, NULL, NULL, NULL };
	struct db *db = web_db(req);
	char token[SESSION_TOKEN_HEX + 1];
	int64_t retry = 0;
	enum pwchange_result r = db ? account_change_password(app->accounts, db, &app->clock, u->id,
							      current, password, confirm,
							      req_client_key(req), agent(req),
							      token, &retry)
				    : PWCHANGE_ERROR;
	switch (r) {
	case PWCHANGE_OK:
		set_session_cookie(req, res, token);
		res_redirect(res, 303, "/tai-khoan?changed=1");
		return;
	case PWCHANGE_WRONG_CURRENT:
		pe.current = web_text(req, "account.wrong_current");
		account_page(req, res, 422, &pe, false, false);
		return;
	case PWCHANGE_MISMATCH:
		pe.confirm = web_text(req, "account.mismatch");
		account_page(req, res, 422, &pe, false, false);
		return;
	case PWCHANGE_WEAK:
		pe.password = web_text(req, "account.weak");
		account_page(req, res, 422, &pe, false, false);
		return;
	case PWCHANGE_THROTTLED:
		retry_after(req, res, retry);
		pe.general = message_with_time(req, "signin.throttled", retry);
		account_page(req, res, 429, &pe, false, false);
		return;
	case PWCHANGE_BUSY:
		busy(req, res);
		return;
	case PWCHANGE_ERROR:
		break;
	}
	res_error(req, res, 500, NULL);
}
