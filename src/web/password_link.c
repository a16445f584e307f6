/* password_link.c - GET/POST /dat-lai-mat-khau/:token: choose a password with a one-time link
 * sent by an administrator (a new staff account or a reset; docs/admin-users.md). Anyone with
 * the link may use it once before it expires; the password rules are registration's. The
 * Argon2id hash runs on a worker (req_defer), like sign-in. */
#include "admin_web.h"
#include "motcua/clock.h"

/* Render the form or, for a link that no longer works, why (status 404 unknown, 409 used,
 * 410 expired). */
static void link_page(struct request *req, struct response *res, int status,
		      enum link_state state, const char *username, const char *pw_error,
		      const char *confirm_error)
{
	static const char *const gone_keys[] = { NULL, "admin_users.link_unknown",
						 "admin_users.link_used",
						 "admin_users.link_expired" };
	json_t *data = json_pack("{s:s, s:s, s:o, s:o, s:o}", "username", username ? username : "",
				 "action", req_path(req), "gone",
				 state == LINK_OK ? json_false()
						  : json_string(web_text(req, gone_keys[state])),
				 "pw_error", pw_error ? json_string(pw_error) : json_false(),
				 "confirm_error",
				 confirm_error ? json_string(confirm_error) : json_false());
	web_page(req, res, status, "password_link", web_text(req, "admin_users.link_title"), data);
}

/* The status of a link that no longer works. */
static int gone_status(enum link_state s)
{
	return s == LINK_USED ? 409 : s == LINK_EXPIRED ? 410 : 404;
}

/* See web.h. GET /dat-lai-mat-khau/:token */
void page_password_link(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	enum link_state state;
	char username[65];
	if (!db || password_link_state(db, req_param(req, "token"), clock_now(&app->clock), &state,
				       username) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	link_page(req, res, state == LINK_OK ? 200 : gone_status(state), state, username, NULL,
		  NULL);
}

/* The busy page (503). */
static void busy(struct request *req, struct response *res)
{
	res_header(res, "Retry-After", "5");
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title",
				 web_text(req, "error.503.title"), "message",
				 web_text(req, "signin.busy"));
	web_page(req, res, 503, "error", web_text(req, "error.503.title"), data);
}

/* The Argon2id part of the POST, on a worker. */
static void link_work(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	const char *token = req_param(req, "token");
	enum link_state state;
	enum link_result r = password_link_set(
		app->accounts, db, &app->clock, web_common_passwords(), token,
		req_form(req, "password"), req_form(req, "confirm"), req_client_key(req),
		req_header(req, "User-Agent"), &state);
	char username[65] = "";
	switch (r) {
	case LINKSET_OK:
		res_redirect(res, 303, "/dang-nhap?next=%2Ftai-khoan");
		return;
	case LINKSET_GONE:
		link_page(req, res, gone_status(state), state, "", NULL, NULL);
		return;
	case LINKSET_WEAK:
	case LINKSET_MISMATCH:
		if (password_link_state(db, token, clock_now(&app->clock), &state, username) !=
		    E_OK)
			break;
		link_page(req, res, 422, LINK_OK, username,
			  r == LINKSET_WEAK ? web_text(req, "admin_users.link_weak") : NULL,
			  r == LINKSET_MISMATCH ? web_text(req, "account.mismatch") : NULL);
		return;
	case LINKSET_BUSY:
		busy(req, res);
		return;
	case LINKSET_ERROR:
		break;
	}
	res_error(req, res, 500, NULL);
}

/* See web.h. POST /dat-lai-mat-khau/:token (password, confirm, csrf) */
void page_password_link_post(struct request *req, struct response *res)
{
	(void)res;	/* the worker answers */
	req_defer(req, link_work, busy);
}
