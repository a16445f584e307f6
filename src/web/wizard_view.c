/* wizard_view.c - what the submission form and the acknowledgement show: the data handed to
 * templates/wizard.html and templates/submitted.html, and the error collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/account_store.h"
#include "motcua/buf.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/portal.h"
#include "wizard.h"

/* See wizard.h. */
void wiz_errors_init(struct wiz_errors *e)
{
	e->summary = json_array();
	e->by_input = json_object();
	e->n = 0;
}

/* See wizard.h. */
void wiz_errors_free(struct wiz_errors *e)
{
	json_decref(e->summary);
	json_decref(e->by_input);
	memset(e, 0, sizeof(*e));
}

/* See wizard.h. */
void wiz_error(struct request *req, struct wiz_errors *e, const char *input, const char *label,
	       const char *text)
{
	if (json_object_get(e->by_input, input))
		return;
	json_object_set_new(e->by_input, input, json_string(text));
	const char *line = label ? arena_printf(req_arena(req), "%s: %s", label, text) : text;
	json_array_append_new(e->summary,
			      json_pack("{s:s, s:s}", "href",
					arena_printf(req_arena(req), "#%s", input), "text", line));
	e->n++;
}

/* Message "<prefix>.<name>", or the name itself when there is none (arena). */
static const char *label(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name ? name : "");
	const char *t = web_text(req, key);
	return t == key ? arena_strdup(req_arena(req), name ? name : "") : t;
}

/* The error of input (or false) for the template. */
static json_t *error_of(const struct wiz_errors *errs, const char *input)
{
	json_t *t = json_object_get(errs->by_input, input);
	return t ? json_incref(t) : json_false();
}

/* Text value v as a string ("" for absent or not a string). */
static const char *str_or_empty(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The saved files of slot as rows with their download link and removal button value. */
static json_t *slot_files(struct request *req, json_t *files, int slot, int64_t draft_id)
{
	json_t *list = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f) {
		if (json_integer_value(json_object_get(f, "slot")) != slot)
			continue;
		json_int_t id = json_integer_value(json_object_get(f, "id"));
		struct buf b = BUF_INIT;
		format_bytes((uint64_t)json_integer_value(json_object_get(f, "size")),
			     web_lang(req), &b);
		json_array_append_new(
			list, json_pack("{s:I, s:s, s:s, s:s}", "id", id, "name",
					str_or_empty(json_object_get(f, "file_name")), "size",
					arena_strdup(req_arena(req), buf_str(&b)), "href",
					arena_printf(req_arena(req), "/ho-so/nhap/%lld/tep/%lld",
						     (long long)draft_id, (long long)id)));
		buf_free(&b);
	}
	return list;
}

/* The components with their files and errors. */
static json_t *component_rows(struct request *req, const struct wiz *w, json_t *files,
			      const struct wiz_errors *errs)
{
	json_t *list = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(w->proc, "components"), i, c) {
		const char *input = arena_printf(req_arena(req), "file_%zu", i);
		json_t *own = slot_files(req, files, (int)i, w->draft_id);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:b, s:b, s:o, s:o}", "input", input, "name",
					str_or_empty(json_object_get(c, "name")), "required",
					json_is_true(json_object_get(c, "required")), "has_files",
					json_array_size(own) > 0, "files", own, "error",
					error_of(errs, input)));
	}
	return list;
}

/* The units to choose from, the draft's selected. */
static json_t *unit_options(struct request *req, const struct wiz *w, int64_t selected)
{
	json_t *units = NULL;
	if (catalog_units(web_db(req), w->code, &units) != E_OK)
		return json_array();
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
		json_object_set_new(u, "selected",
				    json_boolean(json_integer_value(json_object_get(u, "id")) ==
						 selected));
	return units;
}

/* The delivery options of the procedure ("online" only at level 4), the saved one checked. */
static json_t *delivery_options(struct request *req, const struct wiz *w, const char *chosen)
{
	json_t *list = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(w->proc, "delivery"), i, v) {
		const char *d = json_string_value(v);
		if (!d || (!strcmp(d, "online") && !w->full))
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "value", d, "id",
						      arena_printf(req_arena(req), "delivery-%s", d),
						      "label", label(req, "delivery", d), "checked",
						      chosen && !strcmp(chosen, d)));
	}
	return list;
}

/* The applicant values to show: the draft's, or the account's for a blank form. */
static json_t *applicant_values(struct request *req, const struct wiz *w)
{
	if (w->draft)
		return json_deep_copy(json_object_get(w->draft, "applicant"));
	struct account_contact c;
	memset(&c, 0, sizeof(c));
	const struct web_user *u = web_user(req);
	if (account_store_contact(web_db(req), u->id, &c) != E_OK)
		return json_object();
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", c.name, "id_number", c.id_number,
			 "phone", c.phone, "email", c.email, "address", "");
}

/* See wizard.h. */
void wiz_render(struct request *req, struct response *res, int status, const struct wiz *w,
		const struct wiz_errors *errs, const char *notice)
{
	json_t *d = w->draft;
	json_t *who = applicant_values(req, w);
	json_t *applicant = json_object();
	static const char *const parts[] = { "name", "id_number", "phone", "email", "address" };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *input = arena_printf(req_arena(req), "applicant_%s", parts[i]);
		json_object_set_new(applicant, parts[i],
				    json_pack("{s:s, s:o}", "value",
					      str_or_empty(json_object_get(who, parts[i])), "error",
					      error_of(errs, input)));
	}
	json_decref(who);
	const char *chosen = d ? json_string_value(json_object_get(d, "delivery")) : NULL;
	json_t *files = d ? json_object_get(d, "files") : NULL;
	int64_t fee = json_integer_value(json_object_get(w->proc, "fee_total"));
	char token[DRAFT_TOKEN_HEX + 1] = "";
	if (!w->draft_id) {
		unsigned char raw[DRAFT_TOKEN_HEX / 2];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(token, sizeof(token), raw, sizeof(raw));
	}
	json_t *data = json_pack(
		"{s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:s, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o,"
		" s:s, s:o, s:o, s:o, s:o, s:o}",
		"name", str_or_empty(json_object_get(w->proc, "name")), "code", w->code,
		"level_label", label(req, "online", w->full ? "full" : "partial"), "fee",
		web_vnd(req, fee), "has_fee", fee > 0, "action",
		w->draft_id ? arena_printf(req_arena(req), "/ho-so/nhap/%lld", (long long)w->draft_id)
			    : arena_printf(req_arena(req), "/thu-tuc/%s/nop", w->code),
		"is_draft", w->draft_id != 0, "token", token, "units",
		unit_options(req, w, d ? json_integer_value(json_object_get(json_object_get(d, "unit"),
									    "id"))
				       : 0),
		"unit_error", error_of(errs, "unit"), "on_behalf",
		d && json_is_true(json_object_get(d, "on_behalf")), "applicant", applicant,
		"fields", eform_view_inputs(req, w->form, d ? json_object_get(d, "form_data") : NULL, errs),
		"components", component_rows(req, w, files, errs), "auth_files",
		slot_files(req, files, SLOT_AUTHORISATION, w->draft_id), "auth_error",
		error_of(errs, "file_auth"), "delivery_address",
		d ? str_or_empty(json_object_get(d, "delivery_address")) : "", "delivery",
		delivery_options(req, w, chosen), "delivery_error", error_of(errs, "delivery"),
		"address_error", error_of(errs, "delivery_address"), "files_error",
		error_of(errs, "files"), "errors", json_incref(errs->summary));
	json_object_set_new(data, "has_errors", json_boolean(errs->n > 0));
	json_object_set_new(data, "has_fields", json_boolean(eform_count(w->form) > 0));
	json_object_set_new(data, "notice", notice ? json_string(notice) : json_false());
	json_object_set_new(data, "file_hint",
			    json_string(web_upload_limit_text(req, "wizard.file_hint")));
	json_object_set_new(data, "delete_action",
			    w->draft_id ? json_string(arena_printf(req_arena(req),
								   "/ho-so/nhap/%lld/xoa",
								   (long long)w->draft_id))
					: json_false());
	const char *title = arena_printf(req_arena(req), "%s: %s", web_text(req, "wizard.title"),
					 str_or_empty(json_object_get(w->proc, "name")));
	web_page(req, res, status, "wizard", title, data);
}

/* See wizard.h. */
void wiz_acknowledge(struct request *req, struct response *res, const struct event_result *r)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	json_t *d = NULL;
	if (portal_dossier(db, u->id, r->code, 0, &d) != E_OK) {
		log_error("wizard: dossier %s submitted but cannot be read back", r->code);
		res_error(req, res, 500, NULL);
		return;
	}
	dossier_decorate(req, d);
	const char *qr = web_lookup_qr(req, r->code);
	char when[17];
	format_hm_dmy(clock_now(&((struct app *)req_app(req))->clock), when);
	json_t *data = json_pack("{s:o, s:s, s:s, s:s, s:s}", "d", d, "secret", r->secret, "qr",
				 qr ? qr : "", "submitted", when, "href",
				 arena_printf(req_arena(req), "/ho-so/%s", r->code));
	json_object_set_new(data, "pay_href",
			    json_is_true(json_object_get(json_object_get(d, "can"), "pay"))
				    ? json_string(arena_printf(req_arena(req),
							       "/ho-so/%s/thanh-toan", r->code))
				    : json_false());
	web_page(req, res, 200, "submitted", web_text(req, "submitted.title"), data);
}

/* See wizard.h. */
void wiz_not_found(struct request *req, struct response *res)
{
	const char *title = web_text(req, "mine.not_found_title");
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title", title, "message",
				 web_text(req, "mine.not_found"));
	web_page(req, res, 404, "error", title, data);
}

/* "hh:mm dd/mm/yyyy" of member k of d (epoch or null) into member k (false when null). */
static void set_time(json_t *d, const char *k, bool with_time)
{
	json_t *v = json_object_get(d, k);
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		json_object_set_new(d, k, json_false());
		return;
	}
	char s[17];
	if (with_time)
		format_hm_dmy(json_integer_value(v), s);
	else
		format_dmy(local_day(json_integer_value(v)), s);
	json_object_set_new(d, k, json_string(s));
}

/* See wizard.h. */
void dossier_decorate(struct request *req, json_t *d)
{
	const char *status = str_or_empty(json_object_get(d, "status"));
	const char *code = json_string_value(json_object_get(d, "code"));
	json_int_t id = json_integer_value(json_object_get(d, "id"));
	json_object_set_new(d, "status_label", json_string(label(req, "state", status)));
	json_object_set_new(d, "status_explain", json_string(label(req, "state_explain", status)));
	json_object_set_new(d, "is_draft", json_boolean(!strcmp(status, "draft")));
	json_object_set_new(d, "href",
			    json_string(code ? arena_printf(req_arena(req), "/ho-so/%s", code)
					     : arena_printf(req_arena(req), "/ho-so/nhap/%lld",
							    (long long)id)));
	const char *next = json_string_value(json_object_get(d, "next"));
	json_object_set_new(d, "next_label",
			    next ? json_string(label(req, "mine.next", next)) : json_false());
	json_object_set_new(d, "online_label",
			    json_string(label(req, "online",
					      str_or_empty(json_object_get(d, "online_level")))));
	json_t *deadline = json_object_get(d, "supplement_deadline");
	json_object_set_new(d, "supplement_deadline_at",
			    json_is_integer(deadline) ? json_incref(deadline) : json_false());
	static const char *const times[] = { "due_at", "promised_at", "supplement_deadline_at",
					     "updated_at", "submitted_at", "finished_at" };
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		set_time(d, times[i], true);
	set_time(d, "supplement_deadline", false);
	const char *chosen = json_string_value(json_object_get(d, "delivery"));
	if (chosen)
		json_object_set_new(d, "delivery_label", json_string(label(req, "delivery", chosen)));
	if (json_object_get(d, "fee_amount"))
		json_object_set_new(d, "fee_text",
				    json_string(web_vnd(req, json_integer_value(
								 json_object_get(d, "fee_amount")))));
}
