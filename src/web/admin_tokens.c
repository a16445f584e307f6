/* admin_tokens.c - /quan-tri/cai-dat/token (issue 10 §6; docs/api.md): an administrator's
 * API tokens for the units of their subtree: the list (never a token's value), issuing one
 * (its value shown once, on the answer to the POST, never in a URL) and revoking one after a
 * confirmation page. Each change is recorded in the administrative record (api_token.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/api_token.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/web.h"

#define TOKENS_PATH "/quan-tri/cai-dat/token"

/* "hh:mm dd/mm/yyyy" of t in the arena, "" for 0. */
static const char *when(struct request *req, int64_t t)
{
	if (!t)
		return "";
	char s[17];
	format_hm_dmy(t, s);
	return arena_strdup(req_arena(req), s);
}

/* Render the page: the list, the issue form (with form values, field messages and the
 * new token when given) and a notice. Answers 500 when the lists cannot be read. */
static void render(struct request *req, struct response *res, int status, json_t *form,
		   const char *new_token, const char *notice)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	json_t *tokens = NULL, *units = NULL;
	if (!db || api_token_list(db, u->unit_id, &tokens) != E_OK ||
	    api_token_units(db, u->unit_id, &units) != E_OK) {
		json_decref(tokens);
		json_decref(form);
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach(tokens, i, t) {
		int64_t revoked = json_integer_value(json_object_get(t, "revoked_at"));
		json_object_set_new(t, "created", json_string(when(req,
			json_integer_value(json_object_get(t, "created_at")))));
		json_object_set_new(t, "used", json_string(when(req,
			json_integer_value(json_object_get(t, "last_used_at")))));
		json_object_set_new(t, "revoked", revoked ? json_string(when(req, revoked))
							  : json_false());
	}
	const char *chosen = json_string_value(json_object_get(form, "unit"));
	json_t *un;
	json_array_foreach(units, i, un)
		json_object_set_new(un, "selected", json_boolean(chosen &&
			!strcmp(chosen, json_string_value(json_object_get(un, "code")))));
	json_t *data = json_pack("{s:o, s:b, s:o, s:o, s:s, s:s}", "tokens", tokens, "none",
				 json_array_size(tokens) == 0, "units", units, "f", form,
				 "new_token", new_token ? new_token : "", "notice",
				 notice ? notice : "");
	res_header(res, "Cache-Control", "no-store");
	web_page(req, res, status, "admin_tokens", web_text(req, "api.tokens.title"), data);
}

/* See web.h. GET /quan-tri/cai-dat/token */
void page_admin_tokens(struct request *req, struct response *res)
{
	const char *notice = req_query(req, "thu_hoi") ? web_text(req, "api.tokens.revoked_notice")
						       : NULL;
	render(req, res, 200, json_pack("{s:s, s:s, s:s, s:s}", "name", "", "unit", "",
					"name_error", "", "unit_error", ""), NULL, notice);
}

/* See web.h. POST /quan-tri/cai-dat/token: issue a token. */
void page_admin_tokens_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	const char *name = req_form(req, "name"), *unit = req_form(req, "unit");
	const char *name_raw = req_form_raw(req, "name"), *unit_raw = req_form_raw(req, "unit");
	json_t *form = json_pack("{s:s, s:s, s:s, s:s}", "name", name_raw ? name_raw : "", "unit",
				 unit_raw ? unit_raw : "", "name_error", "", "unit_error", "");
	if (!db) {
		json_decref(form);
		res_error(req, res, 500, NULL);
		return;
	}
	char token[API_TOKEN_LEN + 1] = "";
	int64_t id = 0;
	const char *bad = NULL;
	enum err e = api_token_issue(db, name, unit, u->unit_id, u->id, clock_now(&app->clock),
				     token, &id, &bad);
	if (e == E_OK) {
		json_object_set_new(form, "name", json_string(""));
		json_object_set_new(form, "unit", json_string(""));
		char *shown = arena_strdup(req_arena(req), token);
		sodium_memzero(token, sizeof(token));
		render(req, res, 200, form, shown, NULL);
		return;
	}
	if (e == E_INVALID || e == E_NOTFOUND) {
		/* a unit outside the subtree is answered like an unknown one */
		bool name_bad = bad && !strcmp(bad, "name");
		json_object_set_new(form, name_bad ? "name_error" : "unit_error",
				    json_string(web_text(req, name_bad ? "api.tokens.bad_name"
								       : "api.tokens.bad_unit")));
		render(req, res, 400, form, NULL, NULL);
		return;
	}
	json_decref(form);
	res_error(req, res, 500, NULL);
}

/* The token of the path within the administrator's subtree into *out (its name and unit for
 * the confirmation). False when the id is malformed or the token is not theirs. */
static bool path_token(struct request *req, json_t **out)
{
	const char *p = req_param(req, "id");
	char *end = NULL;
	long long id = p ? strtoll(p, &end, 10) : 0;
	*out = NULL;
	if (!p || !end || *end || id <= 0)
		return false;
	json_t *all = NULL;
	struct db *db = web_db(req);
	if (!db || api_token_list(db, web_user(req)->unit_id, &all) != E_OK)
		return false;
	size_t i;
	json_t *t;
	json_array_foreach(all, i, t)
		if (json_integer_value(json_object_get(t, "id")) == id)
			*out = json_incref(t);
	json_decref(all);
	return *out != NULL;
}

/* See web.h. GET /quan-tri/cai-dat/token/:id/thu-hoi: the confirmation. */
void page_admin_token_revoke(struct request *req, struct response *res)
{
	json_t *t = NULL;
	if (!path_token(req, &t)) {
		res_error(req, res, 404, NULL);
		return;
	}
	bool revoked = json_integer_value(json_object_get(t, "revoked_at")) != 0;
	json_t *data = json_pack("{s:o, s:b}", "token", t, "revoked", revoked);
	web_page(req, res, 200, "admin_token_revoke", web_text(req, "api.tokens.revoke_title"),
		 data);
}

/* See web.h. POST /quan-tri/cai-dat/token/:id/thu-hoi: revoke (twice: the list says so). */
void page_admin_token_revoke_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	const char *p = req_param(req, "id");
	char *end = NULL;
	long long id = p ? strtoll(p, &end, 10) : 0;
	if (!p || !end || *end || id <= 0) {
		res_error(req, res, 404, NULL);
		return;
	}
	enum err e = db ? api_token_revoke(db, id, u->unit_id, u->id, clock_now(&app->clock))
			: E_DB;
	if (e == E_OK || e == E_CONFLICT) {
		res_redirect(res, 303, arena_printf(req_arena(req), TOKENS_PATH "?thu_hoi=%lld", id));
		return;
	}
	res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
}
