/* admin_catalog.c - the catalogue editor (issue 10 §3, docs/admin-catalog.md):
 * GET /quan-tri/thu-tuc (list, search, filters, pages), GET/POST /quan-tri/thu-tuc/moi and
 * /quan-tri/thu-tuc/:code (the form: row buttons re-render it, "save" writes the draft),
 * GET /quan-tri/thu-tuc/:code/xem-truoc (the draft's e-form), POST .../cong-bo (publish),
 * .../ngung (unpublish), .../mo-lai (re-publish), .../huy-nhap (discard the draft).
 * Only administrators of a root unit may use them (catalog_admin_may; others 403). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_catalog.h"
#include "motcua/buf.h"
#include "motcua/catalog.h"
#include "motcua/catalog_admin.h"
#include "motcua/clock.h"
#include "motcua/eform.h"
#include "motcua/log.h"
#include "wizard.h"

#define BASE "/quan-tri/thu-tuc"

/* The database, when the signed-in account may edit the catalogue; otherwise the answer
 * (403, or 500) is sent and NULL returned. */
static struct db *editor_db(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	bool may = false;
	if (!db || !u || catalog_admin_may(db, u->role, u->unit_id, &may) != E_OK) {
		res_error(req, res, 500, NULL);
		return NULL;
	}
	if (!may) {
		res_error(req, res, 403, NULL);
		return NULL;
	}
	return db;
}

/* The signed-in account's id. */
static int64_t user_id(struct request *req)
{
	const struct web_user *u = web_user(req);
	return u ? u->id : 0;
}

/* The list's URL for page pg with the filters of cq (query text percent-encoded). */
static const char *list_href(struct request *req, const struct catalog_admin_query *cq,
			     int64_t pg)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, BASE "?trang=%lld", (long long)pg);
	if (cq->q && *cq->q) {
		buf_puts(&b, "&q=");
		for (const unsigned char *p = (const unsigned char *)cq->q; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_')
				buf_append(&b, (const char *)p, 1);
			else
				buf_printf(&b, "%%%02X", *p);
		}
	}
	if (cq->field_id > 0)
		buf_printf(&b, "&linh_vuc=%lld", (long long)cq->field_id);
	if (cq->state && *cq->state)
		buf_printf(&b, "&trang_thai=%s", cq->state);
	const char *out = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return out;
}

/* See web.h. GET /quan-tri/thu-tuc */
void page_admin_catalog(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *q = req_query(req, "q");
	const char *fid = req_query(req, "linh_vuc");
	const char *state = req_query(req, "trang_thai");
	const char *page = req_query(req, "trang");
	struct catalog_admin_query cq = {
		.q = q ? q : "",
		.field_id = fid ? strtoll(fid, NULL, 10) : 0,
		.state = state ? state : "",
		.page = page ? strtoll(page, NULL, 10) : 1,
	};
	json_t *list = NULL, *fields = NULL;
	if (catalog_admin_list(db, &cq, &list) != E_OK || catalog_fields(db, &fields) != E_OK) {
		json_decref(list);
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
		json_object_set_new(f, "selected", json_boolean(json_integer_value(json_object_get(
							f, "id")) == cq.field_id));
	static const char *const states[] = { "published", "unpublished", "draft", NULL };
	json_t *st = json_array();
	for (int k = 0; states[k]; k++) {
		char key[48];
		snprintf(key, sizeof(key), "admin_cat.filter.%s", states[k]);
		json_array_append_new(st, json_pack("{s:s, s:s, s:b}", "value", states[k], "label",
						    web_text(req, key), "selected",
						    !strcmp(cq.state, states[k])));
	}
	int64_t pg = json_integer_value(json_object_get(list, "page"));
	int64_t pages = json_integer_value(json_object_get(list, "pages"));
	/* Paging links keep the filters (list_href). */
	json_t *data = json_pack("{s:o, s:o, s:o, s:s, s:I, s:I, s:I}", "list", list, "fields",
				 fields, "states", st, "q", cq.q, "field_id",
				 (json_int_t)cq.field_id, "page", (json_int_t)pg, "pages",
				 (json_int_t)pages);
	json_object_set_new(data, "state", json_string(cq.state));
	json_object_set_new(data, "prev", pg > 1 ? json_string(list_href(req, &cq, pg - 1))
						 : json_false());
	json_object_set_new(data, "next", pg < pages ? json_string(list_href(req, &cq, pg + 1))
						      : json_false());
	json_object_set_new(data, "empty", json_boolean(json_array_size(json_object_get(list,
										"rows")) == 0));
	char total[32];
	snprintf(total, sizeof(total), "%lld",
		 (long long)json_integer_value(json_object_get(list, "total")));
	json_object_set_new(data, "found", json_string(web_fill(req, web_text(req,
						 "admin_cat.found"), "n", total)));
	json_object_set_new(data, "notice", req_query(req, "xong") ?
			    json_string(web_text(req, "admin_cat.done")) : json_false());
	web_page(req, res, 200, "admin_catalog", web_text(req, "admin_cat.title"), data);
}

/* History rows for the page: dates, the state's name, the changed fields' names. */
static json_t *history_view(struct request *req, json_t *hist)
{
	json_t *out = json_array();
	size_t i;
	json_t *h;
	json_array_foreach(hist, i, h) {
		char at[17], pub[17] = "";
		format_hm_dmy(json_integer_value(json_object_get(h, "created_at")), at);
		int64_t p = json_integer_value(json_object_get(h, "published_at"));
		if (p)
			format_hm_dmy(p, pub);
		char sk[48];
		snprintf(sk, sizeof(sk), "admin_cat.state.%s",
			 json_string_value(json_object_get(h, "state")));
		json_t *names = json_array();
		size_t j;
		json_t *c;
		json_array_foreach(json_object_get(h, "changes"), j, c) {
			char fk[64];
			snprintf(fk, sizeof(fk), "admin_cat.f.%s", json_string_value(c));
			json_array_append_new(names, json_string(web_text(req, fk)));
		}
		const char *by = json_string_value(json_object_get(h, "by"));
		json_array_append_new(out, json_pack("{s:O, s:s, s:s, s:s, s:s, s:o, s:b}",
			"version", json_object_get(h, "version"), "state", web_text(req, sk),
			"by", by && *by ? by : web_text(req, "admin_cat.by_system"), "at", at,
			"published_at", pub, "changes", names,
			"first", json_is_true(json_object_get(h, "first"))));
	}
	return out;
}

/* Render the edit page of code (is_new: the new-procedure form) with model and errors;
 * notice is a message key or NULL. */
static void render_edit(struct request *req, struct response *res, int status, json_t *proc,
			json_t *model, json_t *errors, bool is_new, const char *notice)
{
	const char *code = json_string_value(json_object_get(proc, "code"));
	const char *path = is_new ? BASE "/moi" :
			   arena_printf(req_arena(req), BASE "/%s", code);
	json_t *form = ac_form_view(req, model, errors, path, is_new);
	/* The stamp the page was built from travels with the form (a row button keeps the one
	 * first shown, so a long edit still notices another save). */
	const char *stamp = req_method(req) == HTTP_POST ? req_form(req, "stamp") : NULL;
	json_object_set_new(form, "stamp", json_string(stamp ? stamp :
			    json_string_value(json_object_get(proc, "stamp"))));
	json_t *data = json_pack("{s:o, s:O, s:s}", "form", form, "proc", proc, "base", path);
	json_object_set_new(data, "history", history_view(req, json_object_get(proc, "history")));
	json_object_set_new(data, "has_draft", json_boolean(json_is_object(json_object_get(proc,
										"draft"))));
	json_object_set_new(data, "has_live", json_boolean(json_is_object(json_object_get(proc,
										"live"))));
	json_object_set_new(data, "notice", notice ? json_string(web_text(req, notice))
						   : json_false());
	json_object_set_new(data, "has_errors", json_boolean(json_object_size(errors) > 0));
	json_decref(model);
	web_page(req, res, status, "admin_catalog_edit",
		 is_new ? web_text(req, "admin_cat.new_title") :
			  web_fill(req, web_text(req, "admin_cat.edit_title"), "code", code), data);
}

/* The edit page after a stale save: every typed value, a message, and the current stamp so
 * that saving again overwrites. */
static void render_stale(struct request *req, struct response *res, json_t *proc, json_t *model)
{
	const char *code = json_string_value(json_object_get(proc, "code"));
	const char *path = arena_printf(req_arena(req), BASE "/%s", code);
	json_t *none = json_object();
	json_t *form = ac_form_view(req, model, none, path, false);
	json_decref(none);
	json_object_set_new(form, "stamp", json_incref(json_object_get(proc, "stamp")));
	json_t *data = json_pack("{s:o, s:O, s:s}", "form", form, "proc", proc, "base", path);
	json_object_set_new(data, "history", history_view(req, json_object_get(proc, "history")));
	json_object_set_new(data, "has_draft", json_boolean(json_is_object(json_object_get(proc,
										"draft"))));
	json_object_set_new(data, "has_live", json_boolean(json_is_object(json_object_get(proc,
										"live"))));
	json_object_set_new(data, "notice", json_string(web_text(req, "admin_cat.stale")));
	json_object_set_new(data, "has_errors", json_false());
	json_decref(model);
	web_page(req, res, 409, "admin_catalog_edit",
		 web_fill(req, web_text(req, "admin_cat.edit_title"), "code", code), data);
}

/* Load the editor's object of :code: E_OK, E_NOTFOUND (not in the catalogue), E_DB. */
static enum err load(struct db *db, const char *code, json_t **proc)
{
	enum err e = catalog_admin_get(db, code ? code : "", proc);
	if (e == E_OK && !json_is_true(json_object_get(*proc, "exists"))) {
		json_decref(*proc);
		*proc = NULL;
		return E_NOTFOUND;
	}
	return e;
}

/* Notices the redirects after an action carry (?da=...). */
static const char *notice_of(struct request *req)
{
	const char *d = req_query(req, "da");
	if (!d)
		return NULL;
	static const char *const known[] = { "saved", "published", "unpublished", "republished",
					     "discarded", "stale", NULL };
	for (int i = 0; known[i]; i++)
		if (!strcmp(d, known[i]))
			return arena_printf(req_arena(req), "admin_cat.notice.%s", known[i]);
	return NULL;
}

/* See web.h. GET /quan-tri/thu-tuc/:code and /quan-tri/thu-tuc/moi */
void page_admin_procedure(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *code = req_param(req, "code");
	json_t *proc = NULL;
	if (!code) {
		catalog_admin_get(db, "", &proc);
		if (!proc) {
			res_error(req, res, 500, NULL);
			return;
		}
		json_t *model = ac_model_from_data(NULL);
		json_t *none = json_object();
		render_edit(req, res, 200, proc, model, none, true, NULL);
		json_decref(none);
		json_decref(proc);
		return;
	}
	enum err e = load(db, code, &proc);
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	json_t *draft = json_object_get(proc, "draft");
	json_t *model = ac_model_from_data(json_is_object(draft) ? draft
								 : json_object_get(proc, "live"));
	json_t *errors = json_object();
	render_edit(req, res, 200, proc, model, errors, false, notice_of(req));
	json_decref(errors);
	json_decref(proc);
}

/* See web.h. POST /quan-tri/thu-tuc/:code and /quan-tri/thu-tuc/moi: a row button
 * re-renders the form with every value kept; "save" checks and writes the draft. */
void page_admin_procedure_post(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *code = req_param(req, "code");
	bool is_new = code == NULL;
	json_t *proc = NULL;
	enum err e = is_new ? catalog_admin_get(db, "", &proc) : load(db, code, &proc);
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	struct ac_counts c = ac_counts_of_query(req);
	json_t *model = ac_model_from_request(req, &c);
	if (!is_new) /* the code of an existing procedure never changes */
		json_object_set_new(model, "code", json_string(code));
	const char *action = req_form(req, "action");
	json_t *errors = json_object();
	if (action && strcmp(action, "save") && ac_model_apply(model, action)) {
		render_edit(req, res, 200, proc, model, errors, is_new, NULL);
		json_decref(errors);
		json_decref(proc);
		return;
	}
	/* A new procedure's code must be new (saving over another one is refused). */
	const char *typed = json_string_value(json_object_get(model, "code"));
	if (is_new && typed && *typed) {
		json_t *other = NULL;
		if (load(db, typed, &other) == E_OK)
			json_object_set_new(errors, "code",
					    json_string(web_text(req, "admin_cat.err.code_taken")));
		json_decref(other);
	}
	json_t *live = json_object_get(proc, "live");
	bool sample = json_is_true(json_object_get(live, "sample"));
	json_t *data = json_object_size(errors) ? NULL :
		       ac_model_to_data(req, model, sample, errors);
	/* Saved or published by someone else since this page was shown: keep every value, say
	 * so, and let a second save overwrite (the page now carries the current stamp). The
	 * same values sent twice are not a conflict. */
	const char *seen = req_form(req, "stamp");
	const char *now_stamp = json_string_value(json_object_get(proc, "stamp"));
	if (data && !is_new && (!seen || strcmp(seen, now_stamp)) &&
	    !json_equal(data, json_object_get(proc, "draft"))) {
		json_decref(data);
		render_stale(req, res, proc, model);
		json_decref(errors);
		json_decref(proc);
		return;
	}
	struct import_result r;
	int version = 0;
	if (data) {
		struct app *app = req_app(req);
		e = catalog_admin_save(db, data, user_id(req), clock_now(&app->clock), &r,
				       &version);
		json_decref(data);
		if (e == E_INVALID) {
			ac_error_from_import(req, &r, errors);
		} else if (e != E_OK) {
			json_decref(errors);
			json_decref(model);
			json_decref(proc);
			res_error(req, res, 500, NULL);
			return;
		} else {
			const char *to = arena_printf(req_arena(req), BASE "/%s?da=saved",
						      json_string_value(json_object_get(model,
											"code")));
			json_decref(errors);
			json_decref(model);
			json_decref(proc);
			res_redirect(res, 303, to);
			return;
		}
	}
	render_edit(req, res, 400, proc, model, errors, is_new, NULL);
	json_decref(errors);
	json_decref(proc);
}

/* Answer an action's outcome: back to the page with a notice, or the error. */
static void after_action(struct request *req, struct response *res, const char *code,
			 enum err e, const char *done)
{
	if (e == E_OK) {
		web_engine_invalidate();
		res_redirect(res, 303, arena_printf(req_arena(req), BASE "/%s?da=%s", code, done));
		return;
	}
	res_error(req, res, e == E_NOTFOUND ? 404 : e == E_REFUSED || e == E_INVALID ? 409 : 500,
		  NULL);
}

/* See web.h. POST /quan-tri/thu-tuc/:code/cong-bo */
void page_admin_procedure_publish(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *code = req_param(req, "code");
	struct app *app = req_app(req);
	struct import_result r;
	int version;
	/* Pressed on a page older than the draft (another save since): publish nothing, show the
	 * page again with the draft as it now is. */
	const char *seen = req_form(req, "stamp");
	json_t *proc = NULL;
	if (seen && load(db, code, &proc) == E_OK &&
	    strcmp(seen, json_string_value(json_object_get(proc, "stamp")))) {
		json_decref(proc);
		res_redirect(res, 303, arena_printf(req_arena(req), BASE "/%s?da=stale", code));
		return;
	}
	json_decref(proc);
	enum err e = catalog_admin_publish(db, code, user_id(req), clock_now(&app->clock), &r,
					   &version);
	if (e == E_INVALID)
		log_info("catalogue: the draft of %s no longer checks: %s", code, r.message);
	after_action(req, res, code, e, "published");
}

/* Withdraw or offer again (published). */
static void set_published(struct request *req, struct response *res, bool published)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *code = req_param(req, "code");
	struct app *app = req_app(req);
	enum err e = catalog_admin_set_published(db, code, published, user_id(req),
						 clock_now(&app->clock));
	after_action(req, res, code, e, published ? "republished" : "unpublished");
}

/* See web.h. POST /quan-tri/thu-tuc/:code/ngung */
void page_admin_procedure_unpublish(struct request *req, struct response *res)
{
	set_published(req, res, false);
}

/* See web.h. POST /quan-tri/thu-tuc/:code/mo-lai */
void page_admin_procedure_republish(struct request *req, struct response *res)
{
	set_published(req, res, true);
}

/* See web.h. POST /quan-tri/thu-tuc/:code/huy-nhap */
void page_admin_procedure_discard(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	const char *code = req_param(req, "code");
	struct app *app = req_app(req);
	enum err e = catalog_admin_discard(db, code, user_id(req), clock_now(&app->clock));
	after_action(req, res, code, e, "discarded");
}

/* See web.h. GET /quan-tri/thu-tuc/:code/xem-truoc: the e-form the draft (else the live
 * version) generates, as the citizen will see it, with its components and fees. */
void page_admin_procedure_preview(struct request *req, struct response *res)
{
	struct db *db = editor_db(req, res);
	if (!db)
		return;
	json_t *proc = NULL;
	enum err e = load(db, req_param(req, "code"), &proc);
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	json_t *draft = json_object_get(proc, "draft");
	json_t *d = json_is_object(draft) ? draft : json_object_get(proc, "live");
	char *text = json_dumps(json_object_get(d, "form") ? json_object_get(d, "form") :
				json_array(), JSON_COMPACT);
	struct eform *form = NULL;
	char why[200];
	e = text ? eform_parse(text, &form, why, sizeof(why)) : E_INVALID;
	free(text);
	json_t *values = json_object();
	struct wiz_errors errs = { .summary = json_array(), .by_input = json_object() };
	json_t *fields = e == E_OK ? eform_view_inputs(req, form, values, &errs) : json_array();
	json_decref(values);
	json_decref(errs.summary);
	json_decref(errs.by_input);
	eform_free(form);
	json_t *fees = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(d, "fees"), i, f)
		json_array_append_new(fees, json_pack("{s:O, s:s}", "name",
			json_object_get(f, "name"), "amount",
			web_vnd(req, json_integer_value(json_object_get(f, "amount")))));
	json_t *data = json_pack("{s:O, s:O, s:o, s:O, s:o, s:b, s:b}", "proc", proc, "d", d,
				 "fields", fields, "components", json_object_get(d, "components"),
				 "fees", fees, "is_draft", json_is_object(draft), "bad_form",
				 e != E_OK);
	const char *code = json_string_value(json_object_get(proc, "code"));
	json_decref(proc);
	web_page(req, res, 200, "admin_catalog_preview",
		 web_fill(req, web_text(req, "admin_cat.preview_title"), "code", code), data);
}
