/* admin_notify.c - /quan-tri/cai-dat/thong-bao: the notification templates per event and
 * language (issue 10 §6, docs/accountability.md): list, edit with a preview on a sample
 * dossier, placeholders checked, saved as overrides the engines reload, reset to the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_import.h"
#include "motcua/arena.h"
#include "motcua/log.h"
#include "motcua/notify_admin.h"
#include "motcua/paths.h"
#include "motcua/web.h"

/* The folder of the template files. */
static const char *notify_dir(char *out, size_t n)
{
	return share_path(out, n, "templates/notify");
}

/* "Đăng ký..." label of an event (the status page's names). */
static const char *event_label(struct request *req, const char *event)
{
	char key[64];
	snprintf(key, sizeof(key), "event.%s", event);
	return web_text(req, key);
}

/* See web.h. GET /quan-tri/cai-dat/thong-bao */
void page_admin_notify_list(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	json_t *list = NULL;
	if (!db || notify_admin_list(db, &list) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *ev;
	json_array_foreach(list, i, ev) {
		const char *name = json_string_value(json_object_get(ev, "event"));
		json_object_set_new(ev, "label", json_string(event_label(req, name)));
		size_t j;
		json_t *l;
		json_array_foreach(json_object_get(ev, "langs"), j, l)
			json_object_set_new(l, "href", json_string(arena_printf(req_arena(req),
				"/quan-tri/cai-dat/thong-bao/%s/%s",
				json_string_value(json_object_get(l, "lang")), name)));
	}
	const char *done = req_query(req, "xong");
	json_t *data = json_pack("{s:o, s:o}", "events", list, "notice",
				 done ? json_string(web_text(req, !strcmp(done, "reset")
								  ? "admin_audit.notify.reset_done"
								  : "admin_audit.notify.saved"))
				      : json_false());
	web_page(req, res, 200, "admin_notify_list", web_text(req, "admin_audit.notify.title"),
		 data);
}

/* Render the edit page of lang/event with parts p (typed or current), the preview of p, an
 * error beside part (NULL = none). */
static void edit_page(struct request *req, struct response *res, int status, const char *lang,
		      const char *event, const struct notify_parts *p, bool overridden,
		      const char *part, const char *message)
{
	struct db *db = web_db(req);
	bool allowed = db && admin_import_allowed(db, web_user(req)->unit_id) == E_OK;
	json_t *err = json_pack("{s:b, s:b, s:b}", "subject", 0, "sms", 0, "body", 0);
	if (part)
		json_object_set_new(err, part, json_string(message));
	json_t *vars = json_array();
	static const char *const names[] = { "name", "code", "procedure", "unit", "due",
					     "deadline", "items", "reason", "amount", "promised",
					     "tracking" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char key[64];
		snprintf(key, sizeof(key), "admin_audit.notify.var.%s", names[i]);
		json_array_append_new(vars, json_pack("{s:s, s:s}", "name",
			arena_printf(req_arena(req), "{{%s}}", names[i]), "label", web_text(req, key)));
	}
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:b, s:s}",
		"lang", lang, "event", event, "event_label", event_label(req, event),
		"subject", p->subject ? p->subject : "", "sms", p->sms ? p->sms : "",
		"body", p->body ? p->body : "", "overridden", overridden, "allowed", allowed,
		"err", err, "preview", notify_admin_preview(lang, p), "vars", vars,
		"has_error", part != NULL,
		"action", arena_printf(req_arena(req), "/quan-tri/cai-dat/thong-bao/%s/%s", lang,
				       event));
	json_object_set_new(data, "lang_label",
			    json_string(web_text(req, !strcmp(lang, "en") ? "admin_audit.notify.lang_en"
									  : "admin_audit.notify.lang_vi")));
	const char *title = arena_printf(req_arena(req), "%s: %s", web_text(req,
					 "admin_audit.notify.edit_title"), event_label(req, event));
	web_page(req, res, status, "admin_notify_edit", title, data);
}

/* See web.h. GET /quan-tri/cai-dat/thong-bao/:lang/:event */
void page_admin_notify_edit(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	const char *lang = req_param(req, "lang"), *event = req_param(req, "event");
	char dir[4096];
	struct notify_parts p;
	bool over = false;
	enum err e = db ? notify_admin_get(db, notify_dir(dir, sizeof(dir)), lang, event, &p, &over)
			: E_DB;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		log_error("notify templates: %s/%s cannot be read: %s", lang, event, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	edit_page(req, res, 200, lang, event, &p, over, NULL, NULL);
	notify_parts_free(&p);
}

/* A typed field with every CR dropped (browsers send CRLF), in the arena; "" when absent. */
static char *typed(struct request *req, const char *name)
{
	const char *v = req_form(req, name);
	if (!v)
		v = req_form_raw(req, name);
	char *s = arena_strdup(req_arena(req), v ? v : "");
	char *w = s;
	for (const char *r = s; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = '\0';
	return s;
}

/* See web.h. POST /quan-tri/cai-dat/thong-bao/:lang/:event (action preview|save|reset) */
void page_admin_notify_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *lang = req_param(req, "lang"), *event = req_param(req, "event");
	char dir[4096];
	notify_dir(dir, sizeof(dir));
	struct notify_parts cur;
	bool over = false;
	enum err e = db ? notify_admin_get(db, dir, lang, event, &cur, &over) : E_DB;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	notify_parts_free(&cur);
	e = admin_import_allowed(db, u->unit_id);
	if (e != E_OK) {
		res_error(req, res, e == E_FORBIDDEN ? 403 : 500,
			  e == E_FORBIDDEN ? web_text(req, "admin_audit.notify.root_only") : NULL);
		return;
	}
	const char *action = req_form(req, "action");
	if (!action)
		action = "preview";
	if (!strcmp(action, "reset")) {
		e = notify_admin_reset(db, dir, u->id, lang, event);
		if (e != E_OK) {
			res_error(req, res, 500, NULL);
			return;
		}
		web_engine_invalidate();
		res_redirect(res, 303, "/quan-tri/cai-dat/thong-bao?xong=reset");
		return;
	}
	struct notify_parts p = { typed(req, "subject"), typed(req, "sms"), typed(req, "body") };
	const char *part = NULL;
	char bad[64] = "";
	const char *message = NULL;
	/* an over-long or invalid field is withheld by the form layer: say so beside it */
	static const char *const fields[] = { "subject", "sms", "body" };
	for (size_t i = 0; i < 3 && !part; i++)
		if (req_field_reason(req, fields[i])) {
			part = fields[i];
			message = web_text(req, !strcmp(req_field_reason(req, fields[i]), "too_long")
							? "admin_audit.notify.too_long"
							: "admin_audit.notify.empty");
		}
	if (!part && notify_admin_check(&p, &part, bad, sizeof(bad)) != E_OK)
		message = bad[0] ? web_fill(req, web_text(req, "admin_audit.notify.unknown_var"),
					    "name", bad)
				 : web_text(req, "admin_audit.notify.empty");
	if (part) {
		edit_page(req, res, 422, lang, event, &p, over, part, message);
		return;
	}
	if (strcmp(action, "save")) {
		edit_page(req, res, 200, lang, event, &p, over, NULL, NULL);
		return;
	}
	e = notify_admin_save(db, dir, u->id, lang, event, &p);
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	web_engine_invalidate();	/* every engine reloads its templates with the override */
	res_redirect(res, 303, "/quan-tri/cai-dat/thong-bao?xong=save");
}
