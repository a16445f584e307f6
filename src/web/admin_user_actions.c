/* admin_user_actions.c - the buttons of one account (docs/admin-users.md): disable, enable,
 * send a password reset link, reset two-factor. Each answers 303 back to the account with a
 * notice; 404 outside the subtree, 403 for the administrator's own account. */
#include <stdio.h>

#include "admin_web.h"
#include "motcua/clock.h"
#include "motcua/twofactor.h"

/* Back to the account with notice `done` (a key of admin_users.done), or the error page. */
static void answer(struct request *req, struct response *res, enum err e, int64_t id,
		   const char *done)
{
	if (e == E_OK) {
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/nguoi-dung/%lld?xong=%s",
						    (long long)id, done));
		return;
	}
	res_error(req, res, e == E_NOTFOUND ? 404 : e == E_FORBIDDEN ? 403 : e == E_INVALID ? 422 : 500,
		  NULL);
}

/* Disable or enable the account of the path. */
static void set_active(struct request *req, struct response *res, bool active)
{
	struct admin_actor a;
	int64_t id;
	if (!admin_actor_of(req, res, &a))
		return;
	json_t *user = admin_account_of_path(req, res, &a, &id);
	if (!user)
		return;
	json_decref(user);
	struct app *app = req_app(req);
	enum err e = admin_user_set_active(web_db(req), &a, id, active, clock_now(&app->clock));
	answer(req, res, e, id, active ? "mo" : "khoa");
}

/* See web.h. POST /quan-tri/nguoi-dung/:user/khoa */
void page_admin_user_disable(struct request *req, struct response *res)
{
	set_active(req, res, false);
}

/* See web.h. POST /quan-tri/nguoi-dung/:user/mo-khoa */
void page_admin_user_enable(struct request *req, struct response *res)
{
	set_active(req, res, true);
}

/* See web.h. POST /quan-tri/nguoi-dung/:user/dat-lai-mat-khau: a one-time link by email; an
 * account without an address gets 422 with the error page's message. */
void page_admin_user_reset(struct request *req, struct response *res)
{
	struct admin_actor a;
	int64_t id;
	if (!admin_actor_of(req, res, &a))
		return;
	json_t *user = admin_account_of_path(req, res, &a, &id);
	if (!user)
		return;
	json_decref(user);
	struct app *app = req_app(req);
	struct link_mail m = admin_link_mail(req);
	enum err e = admin_user_reset_password(web_db(req), &a, id, &m, clock_now(&app->clock),
					       NULL);
	answer(req, res, e, id, "lien-ket");
}

/* See web.h. POST /quan-tri/nguoi-dung/:user/xoa-hai-buoc: the account enrols again at its next
 * sign-in when its role requires two-factor. */
void page_admin_user_reset_2fa(struct request *req, struct response *res)
{
	struct admin_actor a;
	int64_t id;
	if (!admin_actor_of(req, res, &a))
		return;
	json_t *user = admin_account_of_path(req, res, &a, &id);
	if (!user)
		return;
	char username[65];
	snprintf(username, sizeof(username), "%s",
		 json_string_value(json_object_get(user, "username")));
	json_decref(user);
	struct app *app = req_app(req);
	bool had = false;
	enum err e = twofactor_reset(web_db(req), id, username, a.id, clock_now(&app->clock), &had);
	answer(req, res, e, id, "hai-buoc");
}
