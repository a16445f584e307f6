/* desk.c - the staff dossier page /can-bo/ho-so/:code (issue 8; docs/desk.md): applicant,
 * form data with the e-form's labels, files shown inline, the checklist, one form per action
 * the domain allows now (desk_dossier "actions"), Form 05 handovers, the timeline and links to
 * the slips; and the dossier's files served inline to staff in scope. The actions are in
 * desk_actions.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_web.h"
#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/desk.h"
#include "motcua/format.h"
#include "motcua/log.h"

/* The signed-in staff member as the domain's actor. */
struct actor desk_who(struct request *req)
{
	const struct web_user *u = web_user(req);
	struct actor who = { u ? u->id : 0, u ? u->role : ROLE_CITIZEN, u ? u->unit_id : 0 };
	return who;
}

/* Message "<prefix>.<name>", or the name itself when there is none (arena). */
static const char *label(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name ? name : "");
	const char *t = web_text(req, key);
	return t == key ? arena_strdup(req_arena(req), name ? name : "") : t;
}

/* Replace member k of o (epoch) with "hh:mm dd/mm/yyyy", or false. */
static void when(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		json_object_set_new(o, k, json_false());
		return;
	}
	char s[17];
	format_hm_dmy(json_integer_value(v), s);
	json_object_set_new(o, k, json_string(s));
}

/* Text of a form value (strings as they are, numbers and booleans written out). */
static const char *value_text(struct request *req, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(req_arena(req), "%lld", (long long)json_integer_value(v));
	if (json_is_true(v))
		return web_text(req, "desk.yes");
	if (json_is_false(v))
		return web_text(req, "desk.no");
	return "";
}

/* The applicant's details with their labels. */
static json_t *applicant_rows(struct request *req, json_t *a)
{
	static const char *const keys[] = { "name", "id_number", "tax_code", "phone", "email",
					    "address" };
	json_t *rows = json_array();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = json_string_value(json_object_get(a, keys[i]));
		if (v && *v)
			json_array_append_new(rows, json_pack("{s:s, s:s}", "label",
							      label(req, "desk.who", keys[i]),
							      "value", v));
	}
	return rows;
}

/* The form data with the e-form's labels, in the form's order. */
static json_t *form_rows(struct request *req, json_t *form, json_t *data)
{
	json_t *rows = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(form, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *v = name ? json_object_get(data, name) : NULL;
		if (!v || json_is_null(v))
			continue;
		const char *lab = json_string_value(json_object_get(f, "label"));
		json_array_append_new(rows, json_pack("{s:s, s:s}", "label", lab ? lab : name,
						      "value", value_text(req, v)));
	}
	return rows;
}

/* Labels, links and inline kinds of the files; marks which components have a file. */
static void decorate_files(struct request *req, json_t *d, const char *code, json_t *comps)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(d, "files"), i, v) {
		json_int_t slot = json_integer_value(json_object_get(v, "slot"));
		const char *what =
			slot >= 0 ? json_string_value(json_object_get(json_array_get(comps,
										       (size_t)slot),
								      "name"))
			: slot == SLOT_AUTHORISATION ? web_text(req, "desk.slot_authorisation")
			: slot == SLOT_SUPPLEMENT    ? web_text(req, "desk.slot_supplement")
						     : web_text(req, "desk.slot_result");
		json_t *c = slot >= 0 ? json_array_get(comps, (size_t)slot) : NULL;
		if (json_is_object(c))
			json_object_set_new(c, "has_file", json_true());
		struct buf b = BUF_INIT;
		format_bytes((uint64_t)json_integer_value(json_object_get(v, "size")), web_lang(req),
			     &b);
		json_object_set_new(v, "size_text", json_string(buf_str(&b)));
		buf_free(&b);
		json_object_set_new(v, "what", json_string(what ? what : ""));
		long long id = (long long)json_integer_value(json_object_get(v, "id"));
		const char *href = arena_printf(req_arena(req), "/can-bo/ho-so/%s/tep/%lld", code, id);
		json_object_set_new(v, "href", json_string(href));
		json_object_set_new(v, "download",
				    json_string(arena_printf(req_arena(req), "%s?tai=1", href)));
		const char *kind = json_string_value(json_object_get(v, "kind"));
		json_object_set_new(v, "is_pdf", json_boolean(kind && !strcmp(kind, "pdf")));
		json_object_set_new(v, "is_image", json_boolean(kind && strcmp(kind, "pdf")));
	}
}

/* The components of the checklist: [{i, name, required, has_file}] (has_file set by
 * decorate_files). */
static json_t *components(json_t *comps)
{
	json_t *list = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(comps, i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		json_array_append_new(list, json_pack("{s:i, s:s, s:b, s:b}", "i", (int)i, "name",
						      name ? name : "", "required",
						      json_is_true(json_object_get(c, "required")),
						      "has_file",
						      json_is_true(json_object_get(c, "has_file"))));
	}
	return list;
}

/* The step select: [{i, n, name, hours, selected}]. */
static json_t *step_choices(json_t *steps, int current)
{
	json_t *list = json_array();
	size_t i;
	json_t *s;
	json_array_foreach(steps, i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		json_array_append_new(list, json_pack("{s:i, s:i, s:s, s:I, s:b}", "i", (int)i, "n",
						      (int)i + 1, "name", name ? name : "", "hours",
						      json_integer_value(json_object_get(s, "hours")),
						      "selected", (int)i == current));
	}
	if (json_array_size(list) == 0)
		json_array_append_new(list, json_pack("{s:i, s:i, s:s, s:i, s:b}", "i", 0, "n", 1,
						      "name", "—", "hours", 0, "selected", 1));
	return list;
}

/* Times and labels of the timeline and the handovers. */
static void decorate_history(struct request *req, json_t *d)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(d, "timeline"), i, v) {
		char iso[26];
		format_iso(json_integer_value(json_object_get(v, "at")), iso);
		json_object_set_new(v, "iso", json_string(iso));
		when(v, "at");
		json_object_set_new(v, "label",
				    json_string(label(req, "event",
						      json_string_value(json_object_get(v, "kind")))));
		const char *actor = json_string_value(json_object_get(v, "actor"));
		const char *role = label(req, "role", json_string_value(json_object_get(v, "role")));
		json_object_set_new(v, "who", json_string(actor ? arena_printf(req_arena(req),
									       "%s (%s)", actor, role)
								: role));
		json_t *items = json_object_get(json_object_get(v, "data"), "items");
		json_object_set_new(v, "items", json_is_string(items) ? json_incref(items)
								      : json_false());
	}
	json_array_foreach(json_object_get(d, "handovers"), i, v) {
		when(v, "from_at");
		when(v, "due_at");
		when(v, "done_at");
		const char *name = json_string_value(json_object_get(v, "step_name"));
		json_object_set_new(v, "step_label",
				    json_string(arena_printf(req_arena(req), "%lld. %s",
							     (long long)json_integer_value(
								     json_object_get(v, "step")) + 1,
							     name ? name : "")));
		json_t *dep = json_object_get(v, "department");
		const char *dn = json_string_value(json_object_get(dep, "name"));
		json_object_set_new(v, "department_name", json_string(dn ? dn : ""));
		const char *res = json_string_value(json_object_get(v, "result"));
		json_object_set_new(v, "result_label",
				    json_string(res ? label(req, "desk.step_result", res) : ""));
	}
}

/* Mark the current department and assignee in the choices. */
static void mark_choices(json_t *d)
{
	json_t *ch = json_object_get(d, "choices");
	const char *dep = json_string_value(json_object_get(json_object_get(d, "department"), "code"));
	json_int_t who = json_integer_value(json_object_get(json_object_get(d, "assignee"), "id"));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(ch, "departments"), i, c) {
		const char *code = json_string_value(json_object_get(c, "code"));
		json_object_set_new(c, "selected", json_boolean(dep && code && !strcmp(dep, code)));
	}
	json_array_foreach(json_object_get(ch, "specialists"), i, c)
		json_object_set_new(c, "selected",
				    json_boolean(who && json_integer_value(json_object_get(c, "id")) ==
							    who));
}

/* Links to the statutory slips (built by the slips pages). */
static json_t *slips(struct request *req, const char *code)
{
	static const char *const ids[] = { "01", "02", "03", "04", "05", "rut" };
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		json_array_append_new(
			list, json_pack("{s:s, s:s}", "href",
					arena_printf(req_arena(req), "/can-bo/ho-so/%s/phieu/%s", code,
						     ids[i]),
					"label", label(req, "desk.slip", ids[i])));
	return list;
}

/* Every display field of the staff view d of code, into the page data. */
/* The intake record for the page (d.intake, docs/desk.md), or false for an online dossier:
 * {channel_label, tracking, home_address, visit_at, originals (component names joined),
 * fee_collected (VND text)}, each false when not stored. */
static json_t *intake_view(struct request *req, json_t *d, json_t *comps)
{
	json_t *in = json_object_get(d, "intake");
	if (!json_is_object(in))
		return json_false();
	json_t *o = json_object();
	const char *ch = json_string_value(json_object_get(in, "channel"));
	json_object_set_new(o, "channel_label", json_string(label(req, "desk.intake_channel", ch)));
	json_t *v = json_object_get(in, "postal_tracking");
	json_object_set(o, "tracking", json_is_string(v) ? v : json_false());
	json_t *home = json_object_get(in, "home");
	v = json_object_get(home, "address");
	json_object_set(o, "home_address", json_is_string(v) ? v : json_false());
	json_object_set(o, "visit_at", json_object_get(home, "visit_at"));
	when(o, "visit_at");
	struct buf b = BUF_INIT;
	size_t i;
	json_array_foreach(json_object_get(in, "originals_seen"), i, v) {
		const char *name = json_string_value(json_object_get(
			json_array_get(comps, (size_t)json_integer_value(v)), "name"));
		if (!name)
			continue;
		if (b.len)
			buf_puts(&b, "; ");
		buf_puts(&b, name);
	}
	json_object_set_new(o, "originals", b.len ? json_string(buf_str(&b)) : json_false());
	buf_free(&b);
	v = json_object_get(in, "fee_collected");
	json_object_set_new(o, "fee_collected", json_is_integer(v)
						       ? json_string(web_vnd(req, json_integer_value(v)))
						       : json_false());
	return o;
}

/* Whether the timeline has a `pay` at the counter (the fee receipt page prints the last). */
static bool paid_at_counter(json_t *d)
{
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(d, "timeline"), i, ev) {
		const char *kind = json_string_value(json_object_get(ev, "kind"));
		const char *method = json_string_value(
			json_object_get(json_object_get(ev, "data"), "method"));
		if (kind && !strcmp(kind, "pay") && method && !strcmp(method, "counter"))
			return true;
	}
	return false;
}

static json_t *page_data(struct request *req, json_t *d, const char *code)
{
	dossier_decorate(req, d);
	json_t *proc = json_object_get(d, "procedure");
	json_t *comps = json_object_get(proc, "components");
	decorate_files(req, d, code, comps);
	decorate_history(req, d);
	mark_choices(d);
	static const char *const times[] = { "received_at", "step_due_at" };
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		when(d, times[i]);
	json_object_set_new(d, "channel_label",
			    json_string(label(req, "delivery",
					      json_string_value(json_object_get(d, "channel")))));
	const char *outcome = json_string_value(json_object_get(d, "outcome"));
	json_object_set_new(d, "outcome_label",
			    outcome ? json_string(label(req, "desk.outcome", outcome)) : json_false());
	const char *sn = json_string_value(json_object_get(d, "step_name"));
	json_object_set_new(d, "step_label",
			    sn && json_object_get(d, "department") != json_null()
				    ? json_string(arena_printf(req_arena(req), "%lld. %s",
							       (long long)json_integer_value(
								       json_object_get(d, "step")) + 1,
							       sn))
				    : json_false());
	json_object_set_new(d, "fee_text",
			    json_string(web_vnd(req, json_integer_value(
							     json_object_get(d, "fee_amount")))));
	json_t *acts = json_object_get(d, "actions");
	bool assign = json_is_true(json_object_get(acts, "assign"));
	bool transfer = json_is_true(json_object_get(acts, "transfer"));
	bool first = json_object_get(d, "department") == json_null() &&
		     json_object_get(d, "assignee") == json_null();
	json_t *data = json_object();
	json_object_set_new(data, "intake", intake_view(req, d, comps));
	json_object_set_new(data, "fee_receipt",
			    paid_at_counter(d) ? json_string(arena_printf(req_arena(req),
									  "/can-bo/tiep-nhan/bien-lai/%s",
									  code))
					       : json_false());
	json_object_set_new(data, "applicant_rows",
			    applicant_rows(req, json_object_get(d, "applicant")));
	json_t *rows = form_rows(req, json_object_get(proc, "form"), json_object_get(d, "form_data"));
	json_object_set_new(data, "has_form_rows", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(data, "form_rows", rows);
	json_object_set_new(data, "has_files",
			    json_boolean(json_array_size(json_object_get(d, "files")) > 0));
	json_object_set_new(data, "components", components(comps));
	json_object_set_new(data, "steps", step_choices(json_object_get(d, "steps"),
							(int)json_integer_value(
								json_object_get(d, "step"))));
	json_object_set_new(data, "can_hand", json_boolean(assign || transfer));
	json_object_set_new(data, "hand_slug", json_string(first && assign ? "phan-cong"
								      : transfer ? "chuyen-buoc"
										 : "phan-cong"));
	json_object_set_new(data, "hand_label",
			    json_string(web_text(req, first && assign ? "desk.assign"
						      : transfer	  ? "desk.transfer"
									  : "desk.assign")));
	json_object_set(data, "choices", json_object_get(d, "choices"));
	json_object_set_new(data, "has_handovers",
			    json_boolean(json_array_size(json_object_get(d, "handovers")) > 0));
	json_object_set_new(data, "slips", slips(req, code));
	json_object_set_new(data, "file_hint",
			    json_string(web_upload_limit_text(req, "wizard.file_hint")));
	return data;
}

/* See desk_web.h. */
void desk_page(struct request *req, struct response *res, int status, const char *code,
	       const char *notice, const struct wiz_errors *errs)
{
	struct db *db = web_db(req);
	struct actor who = desk_who(req);
	json_t *d = NULL;
	enum err e = db ? desk_dossier(db, &who, code, &d) : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("desk: dossier %s failed: %s", code, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	/* A staff view of the dossier's personal data (docs/accountability.md); only on a GET:
	 * a refused action shown again changes nothing. */
	if (req_method(req) == HTTP_GET)
		view_log_staff(db, who.user_id, who.role,
			       json_integer_value(json_object_get(d, "id")), "dossier");
	json_t *data = page_data(req, d, code);
	json_object_set_new(data, "d", d);
	json_object_set_new(data, "notice", notice ? json_string(notice) : json_false());
	json_object_set_new(data, "has_errors", json_boolean(errs && errs->n > 0));
	json_object_set_new(data, "errors", errs ? json_incref(errs->summary) : json_array());
	json_t *err = json_object();
	static const char *const forms[] = { "receive", "refuse", "request_supplement",
					     "supplement", "assign", "request_payment", "pay",
					     "resolve", "apologise", "stop", "return", "withdraw" };
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		json_object_set_new(err, forms[i], json_false());
	if (errs)
		json_object_update(err, errs->by_input);
	json_object_set_new(data, "err", err);
	const char *title = arena_printf(req_arena(req), "%s %s", web_text(req, "desk.dossier"),
					 code);
	web_page(req, res, status, "desk_dossier", title, data);
}

/* See web.h. GET /can-bo/ho-so/:code[?xong=<action>] */
void page_desk_dossier(struct request *req, struct response *res)
{
	const char *done = req_query(req, "xong");
	const char *notice = done ? label(req, "desk.done", done) : NULL;
	desk_page(req, res, 200, req_param(req, "code"), notice, NULL);
}

/* See web.h. GET /can-bo/ho-so/:code/tep/:file[?tai=1]: a file of the dossier, inline (or as a
 * download with tai=1), to staff whose scope holds it; 404 otherwise. */
void page_desk_file(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct actor who = desk_who(req);
	const char *code = req_param(req, "code");
	const char *s = req_param(req, "file");
	size_t n = s ? strlen(s) : 0;
	int64_t id = n > 0 && n <= 18 && strspn(s, "0123456789") == n ? strtoll(s, NULL, 10) : 0;
	struct attachment_row row;
	enum err e = id <= 0 || !db ? (db ? E_NOTFOUND : E_DB) : desk_file(db, &who, code, id, &row);
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	if (req_query(req, "tai"))
		web_send_file(req, res, row.hash, row.kind, row.file_name);
	else
		web_show_file(req, res, row.hash, row.kind, row.file_name);
}
