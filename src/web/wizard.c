/* wizard.c - "Nộp hồ sơ trực tuyến": the submission form of a procedure (receiving unit,
 * applicant, the procedure's e-form, a file per component, result delivery), kept as a draft
 * and submitted through the engine (issue 7 item 2; docs/citizen.md). One multipart form
 * carries everything, so nothing typed is lost when a file is refused: every POST saves the
 * draft first, then attaches the files that passed, then submits when asked and complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/applicant.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/eform.h"
#include "motcua/log.h"
#include "motcua/portal.h"
#include "motcua/text.h"
#include "wizard.h"

#define FORM_FIELD_PREFIX "f_"
#define FILE_FIELD_PREFIX "file_"
#define AUTH_FILE_FIELD "file_auth"
#define TYPED_MAX (EFORM_TEXTAREA_MAX + 100)	/* the layer's cap: the e-form says the rest */
#define ERRORS_MAX 64

static const char *const wizard_actions[] = { "save", "submit", NULL };

/* Fields every submission form has; the e-form's and the components' are added per request. */
static const struct field_spec base_fields[] = {
	{ .name = "token", .kind = FK_TEXT, .max = DRAFT_TOKEN_HEX },
	{ .name = "unit", .kind = FK_INT },
	{ .name = "applicant_name", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_id_number", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_phone", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_email", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_address", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "on_behalf", .kind = FK_CHECKBOX },
	{ .name = "delivery", .kind = FK_TEXT, .max = 16 },
	{ .name = "delivery_address", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "action", .kind = FK_ENUM, .choices = wizard_actions },
	{ .name = "remove", .kind = FK_INT },
	{ .name = AUTH_FILE_FIELD, .kind = FK_FILE, .kinds = UPLOAD_KINDS_ALL },
	{ .name = NULL },
};

/* The numeric :id of the path, or 0 when it is not 1..18 digits. */
static int64_t path_id(struct request *req)
{
	const char *s = req_param(req, "id");
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return 0;
	return strtoll(s, NULL, 10);
}

/* See wizard.h. */
void wiz_clear(struct wiz *w)
{
	json_decref(w->proc);
	json_decref(w->draft);
	eform_free(w->form);
	eform_free(w->who);
	memset(w, 0, sizeof(*w));
}

/* Parse a catalogue form held as a JSON value (array) into *out; logged on failure. */
static enum err parse_form(json_t *form, const char *code, struct eform **out)
{
	char *text = form ? json_dumps(form, JSON_COMPACT) : NULL;
	char why[200] = "";
	enum err e = eform_parse(text, out, why, sizeof(why));
	free(text);
	if (e != E_OK)
		log_error("wizard: the e-form of procedure %s does not parse: %s", code, why);
	return e;
}

/* See wizard.h. */
enum err wiz_load(struct request *req, struct wiz *w)
{
	memset(w, 0, sizeof(*w));
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	if (!u || !db)
		return E_DB;
	enum err e;
	const char *code = req_param(req, "code");
	if (code) {
		e = catalog_get_published(db, code, &w->proc);
	} else {
		w->draft_id = path_id(req);
		if (w->draft_id <= 0)
			return E_NOTFOUND;
		e = portal_dossier(db, u->id, NULL, w->draft_id, &w->draft);
		if (e == E_OK) {
			w->proc = json_incref(json_object_get(w->draft, "procedure"));
			if (!w->proc)
				e = E_DB;
		}
	}
	if (e != E_OK)
		return e;
	w->code = json_string_value(json_object_get(w->proc, "code"));
	w->full = !strcmp(json_string_value(json_object_get(w->proc, "online_level")), "full");
	w->online = w->full ||
		    !strcmp(json_string_value(json_object_get(w->proc, "online_level")), "partial");
	if ((e = parse_form(json_object_get(w->proc, "form"), w->code, &w->form)) != E_OK)
		return E_DB;
	if (eform_parse(applicant_form_json(), &w->who, NULL, 0) != E_OK)
		return E_DB;
	return E_OK;
}

/* See wizard.h. The form spec of this request's procedure (arena), base_fields when it
 * cannot be found (the handler then answers 404). */
const struct field_spec *wizard_form(struct request *req)
{
	struct wiz w;
	if (wiz_load(req, &w) != E_OK) {
		wiz_clear(&w);
		return base_fields;
	}
	size_t nbase = sizeof(base_fields) / sizeof(base_fields[0]) - 1;
	size_t ncomp = json_array_size(json_object_get(w.proc, "components"));
	size_t nform = (size_t)eform_count(w.form);
	if (nbase + ncomp + nform + 1 > HTTP_MAX_FIELDS) {
		log_error("wizard: procedure %s has too many fields for one form", w.code);
		ncomp = nform = 0;
	}
	struct field_spec *spec = arena_alloc(req_arena(req),
					      (nbase + ncomp + nform + 1) * sizeof(*spec));
	memcpy(spec, base_fields, nbase * sizeof(*spec));
	size_t k = nbase;
	for (size_t i = 0; i < nform; i++) {
		const struct eform_field *f = eform_field(w.form, (int)i);
		spec[k++] = (struct field_spec){
			.name = arena_printf(req_arena(req), FORM_FIELD_PREFIX "%s", f->name),
			.kind = f->type == EF_CHECKBOX ? FK_CHECKBOX : FK_TEXTAREA,
			.max = TYPED_MAX,
		};
	}
	for (size_t i = 0; i < ncomp; i++)
		spec[k++] = (struct field_spec){
			.name = arena_printf(req_arena(req), FILE_FIELD_PREFIX "%zu", i),
			.kind = FK_FILE,
			.kinds = UPLOAD_KINDS_ALL,
		};
	memset(&spec[k], 0, sizeof(*spec));
	wiz_clear(&w);
	return spec;
}

/* Whether unit id is one of the units that implement the procedure. */
static bool unit_allowed(struct request *req, const struct wiz *w, int64_t id)
{
	json_t *units = NULL;
	bool ok = false;
	if (catalog_units(web_db(req), w->code, &units) == E_OK) {
		size_t i;
		json_t *u;
		json_array_foreach(units, i, u)
			ok = ok || json_integer_value(json_object_get(u, "id")) == id;
	}
	json_decref(units);
	return ok;
}

/* The delivery choice of the request when it is one the procedure offers ("online" only for
 * level 4), else NULL with an error (nothing chosen is no error for a draft). */
static const char *delivery_choice(struct request *req, const struct wiz *w,
				   struct wiz_errors *errs)
{
	const char *d = req_form_raw(req, "delivery");
	if (!d || !*d)
		return NULL;
	bool offered = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(w->proc, "delivery"), i, v)
		offered = offered || (json_is_string(v) && !strcmp(json_string_value(v), d));
	if (!offered || (!strcmp(d, "online") && !w->full)) {
		wiz_error(req, errs, "delivery", web_text(req, "wizard.delivery"),
			  web_text(req, "wizard.delivery_invalid"));
		return NULL;
	}
	return d;
}

/* What to place: the request and the file field. */
struct placing {
	struct request *req;
	const char *field;
};

/* Place callback of portal_attach: move the field's temporary file into the store. */
static enum err place_field(void *ctx)
{
	struct placing *p = ctx;
	return req_file_keep(p->req, p->field);
}

/* See wizard.h. */
void wiz_file_error(struct request *req, struct wiz_errors *errs, const char *field,
		    const char *label, int *status)
{
	const char *why = req_field_reason(req, field);
	if (!why)
		return;
	if (!strcmp(why, "too_large")) {
		wiz_error(req, errs, field, label, web_upload_limit_text(req, "upload.too_large"));
		*status = 413;
	} else if (!strcmp(why, "wrong_kind")) {
		wiz_error(req, errs, field, label, web_text(req, "upload.wrong_kind"));
		*status = 415;
	} else {
		wiz_error(req, errs, field, label, web_text(req, "upload.not_saved"));
		*status = 500;
	}
}

/* See wizard.h. */
enum err wiz_attach(struct request *req, int64_t owner, int64_t dossier_id, const char *field,
		    int slot, const char *title, struct wiz_errors *errs, const char *label)
{
	const struct upload *up = req_file(req, field);
	if (!up)
		return E_OK;
	struct attachment_new a = {
		.owner = ATTACH_OWNER_DOSSIER,
		.owner_id = dossier_id,
		.hash = up->hash,
		.kind = upload_kind_name(up->kind),
		.size = (int64_t)up->size,
		.title = title,
		.file_name = up->name,
		.uploaded_by = owner,
		.now = clock_now(NULL),
	};
	struct placing p = { req, field };
	int64_t id;
	enum err e = portal_attach(web_db(req), owner, dossier_id, slot, title, &a, place_field,
				   &p, &id);
	if (e == E_LIMIT) {
		char n[16];
		snprintf(n, sizeof(n), "%d", PORTAL_FILES_MAX);
		wiz_error(req, errs, field, label,
			  web_fill(req, web_text(req, "wizard.files_limit"), "n", n));
	} else if (e == E_REFUSED) {
		wiz_error(req, errs, field, label, web_text(req, "wizard.files_closed"));
	} else if (e != E_OK) {
		log_error("wizard: attaching %s to dossier %lld failed: %s", up->hash,
			  (long long)dossier_id, err_name(e));
		wiz_error(req, errs, field, label, web_text(req, "upload.not_saved"));
	}
	return e;
}

/* Attach every accepted file of the request to the draft; refused ones become errors. */
static void attach_files(struct request *req, const struct wiz *w, int64_t owner,
			 struct wiz_errors *errs, int *status)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(w->proc, "components"), i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *field = arena_printf(req_arena(req), FILE_FIELD_PREFIX "%zu", i);
		wiz_file_error(req, errs, field, name, status);
		wiz_attach(req, owner, w->draft_id, field, (int)i, name, errs, name);
	}
	const char *auth = web_text(req, "wizard.authorisation");
	wiz_file_error(req, errs, AUTH_FILE_FIELD, auth, status);
	wiz_attach(req, owner, w->draft_id, AUTH_FILE_FIELD, SLOT_AUTHORISATION, auth, errs, auth);
}

/* Where an incomplete submission's message points: the input of the missing piece. */
static const char *incomplete_anchor(const char *key)
{
	static const char *const map[][2] = {
		{ "portal.incomplete.unit", "unit" },
		{ "portal.incomplete.applicant", "applicant_name" },
		{ "portal.incomplete.delivery", "delivery" },
		{ "portal.incomplete.address", "delivery_address" },
		{ "portal.incomplete.component", "files" },
		{ "portal.incomplete.authorisation", AUTH_FILE_FIELD },
	};
	for (size_t i = 0; key && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(key, map[i][0]))
			return map[i][1];
	return "files";
}

/* Save the request's values into the draft (creating it from a blank form), then its files
 * and removals. *status becomes the page's status for file errors. E_OK, or an error already
 * logged (the caller answers 500). */
static enum err save_draft(struct request *req, struct wiz *w, bool strict,
			   struct wiz_errors *errs, int *status)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	json_t *values = eform_view_validate(req, w->form, eform_view_get_field, FORM_FIELD_PREFIX, strict, errs,
				  false);
	json_t *who = eform_view_validate(req, w->who, eform_view_get_raw, "", strict, errs, true);
	json_t *applicant = eform_view_applicant(who);
	int64_t unit = 0;
	const char *unit_text = req_form(req, "unit");
	if (unit_text && *unit_text) {
		unit = strtoll(unit_text, NULL, 10);
		if (!unit_allowed(req, w, unit)) {
			wiz_error(req, errs, "unit", web_text(req, "wizard.unit"),
				  web_text(req, "wizard.unit_invalid"));
			unit = 0;
		}
	} else if (req_form_raw(req, "unit") && *req_form_raw(req, "unit")) {
		wiz_error(req, errs, "unit", web_text(req, "wizard.unit"),
			  web_text(req, "wizard.unit_invalid"));
	}
	const char *address = req_form_raw(req, "delivery_address");
	char *app_text = json_dumps(applicant, JSON_COMPACT);
	char *form_text = json_dumps(values, JSON_COMPACT);
	struct draft_fields f = {
		.unit_id = unit,
		.applicant = app_text,
		.form_data = form_text,
		.on_behalf = req_form(req, "on_behalf") != NULL,
		.delivery = delivery_choice(req, w, errs),
		.delivery_address = address && utf8_length(address, strlen(address)) <= 500
					    ? address
					    : NULL,
	};
	if (address && !f.delivery_address)
		wiz_error(req, errs, "delivery_address", web_text(req, "wizard.delivery_address"),
			  web_fill(req, web_text(req, "eform.too_long"), "max", "500"));
	enum err e;
	int64_t now = clock_now(NULL);
	if (w->draft_id) {
		e = draft_update(db, u->id, w->draft_id, &f, now);
	} else {
		const char *token = req_form(req, "token");
		bool created;
		e = draft_create(db, u->id, w->code, &f, token && strlen(token) == DRAFT_TOKEN_HEX
								  ? token
								  : NULL,
				 now, &w->draft_id, &created);
	}
	free(app_text);
	free(form_text);
	json_decref(values);
	json_decref(who);
	json_decref(applicant);
	if (e != E_OK) {
		log_error("wizard: saving the draft of %s for user %lld failed: %s", w->code,
			  (long long)u->id, err_name(e));
		return e;
	}
	attach_files(req, w, u->id, errs, status);
	const char *remove = req_form(req, "remove");
	if (remove && portal_detach(db, u->id, w->draft_id, strtoll(remove, NULL, 10)) != E_OK)
		wiz_error(req, errs, "files", web_text(req, "wizard.files"),
			  web_text(req, "wizard.remove_failed"));
	return E_OK;
}

/* See web.h. POST /thu-tuc/:code/nop and POST /ho-so/nhap/:id (multipart, see base_fields):
 * save, then submit when action=submit and nothing is wrong. */
void page_wizard_post(struct request *req, struct response *res)
{
	struct wiz w;
	enum err e = wiz_load(req, &w);
	if (e == E_OK && w.draft && strcmp(json_string_value(json_object_get(w.draft, "status")),
					   "draft") != 0) {
		/* Sent again after it was submitted (a second tab, the back button). */
		res_redirect(res, 303,
			     arena_printf(req_arena(req), "/ho-so/%s?da_nop=1",
					  json_string_value(json_object_get(w.draft, "code"))));
		wiz_clear(&w);
		return;
	}
	if (e != E_OK || !w.online) {
		wiz_clear(&w);
		if (e == E_OK || e == E_NOTFOUND)
			wiz_not_found(req, res);
		else
			res_error(req, res, 500, NULL);
		return;
	}
	const char *action = req_form(req, "action");
	bool submit = action && !strcmp(action, "submit");
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	int status = 400;
	if (save_draft(req, &w, submit, &errs, &status) != E_OK) {
		wiz_errors_free(&errs);
		wiz_clear(&w);
		res_error(req, res, 500, NULL);
		return;
	}
	const struct web_user *u = web_user(req);
	if (submit && errs.n == 0) {
		struct event_result r;
		char why[256];
		struct engine *eng = web_engine(req);
		e = eng ? draft_submit(eng, web_db(req), web_clock(req), u->id, w.draft_id,
				       &r, why, sizeof(why))
			: E_DB;
		if (e == E_OK) {
			log_info("wizard: user %lld submitted dossier %s", (long long)u->id, r.code);
			wiz_acknowledge(req, res, &r);
			wiz_errors_free(&errs);
			wiz_clear(&w);
			return;
		}
		if (e == E_INVALID || e == E_REFUSED) {
			const char *key = r.msg_key ? r.msg_key : "wizard.not_submitted";
			wiz_error(req, &errs, incomplete_anchor(key), NULL, web_text(req, key));
		} else {
			log_error("wizard: submitting draft %lld failed: %s (%s)",
				  (long long)w.draft_id, err_name(e), why);
			wiz_error(req, &errs, "files", NULL, web_text(req, "wizard.not_submitted"));
			status = 500;
		}
	}
	if (errs.n == 0) {
		res_redirect(res, 303,
			     arena_printf(req_arena(req), "/ho-so/nhap/%lld?luu=1",
					  (long long)w.draft_id));
		wiz_errors_free(&errs);
		wiz_clear(&w);
		return;
	}
	/* Show the draft as saved, with the messages. */
	json_decref(w.draft);
	w.draft = NULL;
	if (portal_dossier(web_db(req), u->id, NULL, w.draft_id, &w.draft) != E_OK) {
		wiz_errors_free(&errs);
		wiz_clear(&w);
		res_error(req, res, 500, NULL);
		return;
	}
	wiz_render(req, res, status, &w, &errs, web_text(req, "wizard.saved_with_errors"));
	wiz_errors_free(&errs);
	wiz_clear(&w);
}

/* See web.h. GET /thu-tuc/:code/nop: a blank form, the applicant prefilled from the account. */
void page_wizard_new(struct request *req, struct response *res)
{
	struct wiz w;
	enum err e = wiz_load(req, &w);
	if (e != E_OK || !w.online) {
		wiz_clear(&w);
		if (e == E_OK || e == E_NOTFOUND)
			wiz_not_found(req, res);
		else
			res_error(req, res, 500, NULL);
		return;
	}
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	wiz_render(req, res, 200, &w, &errs, NULL);
	wiz_errors_free(&errs);
	wiz_clear(&w);
}

/* See web.h. GET /ho-so/nhap/:id[?luu=1]: the draft to go on with. */
void page_draft(struct request *req, struct response *res)
{
	struct wiz w;
	enum err e = wiz_load(req, &w);
	if (e == E_OK && strcmp(json_string_value(json_object_get(w.draft, "status")), "draft")) {
		res_redirect(res, 303,
			     arena_printf(req_arena(req), "/ho-so/%s",
					  json_string_value(json_object_get(w.draft, "code"))));
		wiz_clear(&w);
		return;
	}
	if (e != E_OK) {
		wiz_clear(&w);
		if (e == E_NOTFOUND)
			wiz_not_found(req, res);
		else
			res_error(req, res, 500, NULL);
		return;
	}
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	wiz_render(req, res, 200, &w, &errs,
		   req_query(req, "luu") ? web_text(req, "wizard.saved") : NULL);
	wiz_errors_free(&errs);
	wiz_clear(&w);
}

/* See web.h. POST /ho-so/nhap/:id/xoa: delete the draft, back to "my dossiers". */
void page_draft_delete(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	int64_t id = path_id(req);
	struct db *db = web_db(req);
	enum err e = id <= 0 ? E_NOTFOUND : db ? draft_delete(db, u->id, id) : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("wizard: deleting draft %lld failed: %s", (long long)id, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	res_redirect(res, 303, "/ho-so?xoa=1");
}
