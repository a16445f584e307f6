/* register.c - the registration page (GET/POST /dang-ky) and the email confirmation link
 * (GET /xac-nhan-email). The domain (src/domain/register.c) decides; this file maps the
 * form to a registration, the outcome to a page, a cookie or a redirect. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/paths.h"
#include "motcua/register.h"
#include "motcua/web.h"

/* The common-password list, loaded once from the share folder. */
static struct pwlist common;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

/* Load data/common-passwords.txt (pthread_once). A missing file is logged: registration then
 * checks the length only. */
static void load_common(void)
{
	char path[4096];
	share_path(path, sizeof(path), "data/common-passwords.txt");
	if (pwlist_load(path, &common) != E_OK)
		log_error("cannot read %s: common passwords are not refused", path);
}

/* See web.h. */
const struct pwlist *web_common_passwords(void)
{
	pthread_once(&common_once, load_common);
	return &common;
}

/* The message keys of fields the form layer refused (its reason), by field. */
static void form_layer_errors(struct request *req, struct reg_errors *e)
{
	static const char *const keys[RF__MAX] = {
		[RF_KIND] = "register.err.kind",
		[RF_NAME] = "register.err.name_invalid",
		[RF_ID_NUMBER] = "register.err.id_format",
		[RF_TAX_CODE] = "register.err.tax_format",
		[RF_PHONE] = "register.err.phone_invalid",
		[RF_EMAIL] = "register.err.email_invalid",
		[RF_PASSWORD] = "register.err.password_short",
		[RF_CONFIRM] = "register.err.confirm_mismatch",
	};
	for (int f = 0; f < RF__MAX; f++) {
		const char *why = req_field_reason(req, reg_field_names[f]);
		if (!why)
			continue;
		e->key[f] = f == RF_NAME && !strcmp(why, "too_long") ? "register.err.name_long"
								      : keys[f];
	}
}

/* What was typed, from the form (valid values only). */
static struct registration from_form(struct request *req)
{
	const char *kind = req_form(req, "kind");
	return (struct registration){
		.kind = !kind ? ACCOUNT_KIND__MAX
			: !strcmp(kind, "organisation") ? ACCOUNT_ORGANISATION
			: !strcmp(kind, "person") ? ACCOUNT_PERSON : ACCOUNT_KIND__MAX,
		.name = req_form(req, "name"),
		.id_number = req_form(req, "id_number"),
		.tax_code = req_form(req, "tax_code"),
		.phone = req_form(req, "phone"),
		.email = req_form(req, "email"),
		.password = req_form(req, "password"),
		.confirm = req_form(req, "confirm"),
		.lang = web_lang(req),
	};
}

/* Field as typed ("" when absent), to show it again. */
static const char *typed(struct request *req, const char *name)
{
	const char *v = req_method(req) == HTTP_POST ? req_form_raw(req, name) : NULL;
	return v ? v : "";
}

/* Render the form with what was typed (never the passwords), the message of each field, a
 * general message (NULL for none) and the list of messages at the top. */
static void register_page(struct request *req, struct response *res, int status,
			  const struct reg_errors *e, const char *general)
{
	const char *kind = typed(req, "kind");
	json_t *form = json_pack("{s:b, s:b}", "person", strcmp(kind, "organisation") != 0,
				 "organisation", !strcmp(kind, "organisation"));
	json_t *err = json_object(), *summary = json_array();
	for (int f = 0; f < RF__MAX; f++) {
		const char *name = reg_field_names[f];
		if (f != RF_KIND && f != RF_PASSWORD && f != RF_CONFIRM)
			json_object_set_new(form, name, json_string(typed(req, name)));
		const char *text = e->key[f] ? web_text(req, e->key[f]) : NULL;
		json_object_set_new(err, name, text ? json_string(text) : json_false());
		if (text)
			json_array_append_new(summary, json_pack("{s:s, s:s}", "field", name,
								 "text", text));
	}
	bool has = json_array_size(summary) > 0;
	json_t *data = json_pack("{s:o, s:o, s:o, s:b, s:o}", "form", form, "err", err, "summary",
				 summary, "has_errors", has, "general",
				 general ? json_string(general) : json_false());
	web_page(req, res, status, "register", web_text(req, "register.title"), data);
}

/* See web.h. GET /dang-ky */
void page_register(struct request *req, struct response *res)
{
	struct reg_errors e = { { NULL } };
	register_page(req, res, 200, &e, NULL);
}

/* The busy page (503): no Argon2id slot or worker came free in time. */
static void busy(struct request *req, struct response *res)
{
	res_header(res, "Retry-After", "5");
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title",
				 web_text(req, "error.503.title"), "message",
				 web_text(req, "signin.busy"));
	web_page(req, res, 503, "error", web_text(req, "error.503.title"), data);
}

/* The Argon2id part of POST /dang-ky, on a worker thread (req_defer). */
static void register_work(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct register_request rq = {
		.reg = from_form(req),
		.client = req_client_key(req),
		.user_agent = req_header(req, "User-Agent"),
		.old_token = req_cookie(req, SESSION_COOKIE),
		.base_url = app->public_url,
		.mail_subject = web_text(req, "register.mail_subject"),
		.mail_body = web_text(req, "register.mail_body"),
	};
	struct register_outcome out;
	struct reg_errors e = { { NULL } };
	switch (account_register(app->accounts, db, &app->clock, &rq, &out)) {
	case REG_OK: {
		int64_t age = app->accounts->policy.absolute_s;
		res_cookie(res, SESSION_COOKIE, out.session,
			   age > 0x7fffffff ? 0x7fffffff : (int)age, true);
		res_redirect(res, 303, "/tai-khoan?registered=1");
		return;
	}
	case REG_TAKEN:
		e.key[out.taken] = out.taken == RF_EMAIL	 ? "register.err.email_taken"
				   : out.taken == RF_TAX_CODE ? "register.err.tax_taken"
							      : "register.err.id_taken";
		register_page(req, res, 409, &e, NULL);
		return;
	case REG_THROTTLED: {
		int64_t s = out.retry_at - clock_now(&app->clock);
		char v[24], when[17];
		snprintf(v, sizeof(v), "%lld", (long long)(s > 0 ? s : 1));
		res_header(res, "Retry-After", v);
		format_hm_dmy(out.retry_at, when);
		const char *text = web_text(req, "register.throttled");
		const char *at = strstr(text, "{time}");
		const char *msg = at ? arena_printf(req_arena(req), "%.*s%s%s", (int)(at - text),
						    text, when, at + 6)
				     : text;
		register_page(req, res, 429, &e, msg);
		return;
	}
	case REG_BUSY:
		busy(req, res);
		return;
	case REG_ERROR:
		break;
	}
	res_error(req, res, 500, NULL);
}

/* See web.h. POST /dang-ky: every field is checked at once (no hashing, no database) and a
 * form with errors answered 422; the rest is deferred to a worker. */
void page_register_post(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	pthread_once(&common_once, load_common);
	struct reg_errors e = { { NULL } };
	form_layer_errors(req, &e);
	struct registration r = from_form(req);
	int y, m, d;
	civil_from_days(local_day(clock_now(&app->clock)), &y, &m, &d);
	if (!register_validate(&r, &common, y, &e)) {
		register_page(req, res, 422, &e, NULL);
		return;
	}
	req_defer(req, register_work, busy);
}

/* See web.h. GET /xac-nhan-email?token=...: confirm the address, say what happened. */
void page_confirm_email(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	enum confirm_result r = CONFIRM_UNKNOWN;
	if (!db || account_confirm_email(db, &app->clock, req_query(req, "token"), &r) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	static const char *const keys[] = {
		[CONFIRM_OK] = "confirm.ok",	     [CONFIRM_UNKNOWN] = "confirm.unknown",
		[CONFIRM_USED] = "confirm.used",     [CONFIRM_EXPIRED] = "confirm.expired",
		[CONFIRM_STALE] = "confirm.stale",
	};
	static const int status[] = {
		[CONFIRM_OK] = 200, [CONFIRM_UNKNOWN] = 404, [CONFIRM_USED] = 409,
		[CONFIRM_EXPIRED] = 410, [CONFIRM_STALE] = 409,
	};
	json_t *data = json_pack("{s:b, s:s}", "ok", r == CONFIRM_OK, "message",
				 web_text(req, keys[r]));
	web_page(req, res, status[r], "confirm_email", web_text(req, "confirm.title"), data);
}
