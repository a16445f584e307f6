/* intake_form.c - counter, postal and at-home intake (issue 8 item 3; docs/intake.md):
 * GET /can-bo/tiep-nhan/moi chooses the procedure (catalog_search, diacritics ignored);
 * GET/POST /can-bo/tiep-nhan/moi/:code is the same generated e-form as the citizen's, the
 * applicant block, a scan and an "originals seen" box per component, the channel's details
 * and the fee collected, received through the engine in one POST (intake_receive). A form
 * sent twice makes one dossier (its token); refused input re-renders with everything typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/applicant.h"
#include "motcua/catalog.h"
#include "motcua/format.h"
#include "motcua/intake.h"
#include "motcua/log.h"
#include "motcua/text.h"
#include "wizard.h"

#define TYPED_MAX (EFORM_TEXTAREA_MAX + 100)
#define TRACKING_MAX 40
#define ADDRESS_MAX 500

static const char *const intake_channels[] = { "counter", "post", "home", NULL };

/* Fields of every intake form; the e-form's and the components' are added per request. */
static const struct field_spec base_fields[] = {
	{ .name = "token", .kind = FK_TEXT, .max = INTAKE_TOKEN_HEX },
	{ .name = "channel", .kind = FK_ENUM, .choices = intake_channels },
	{ .name = "applicant_name", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_id_number", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_phone", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_email", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "applicant_address", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "postal_tracking", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "home_address", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "home_time", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "delivery", .kind = FK_TEXT, .max = 16 },
	{ .name = "delivery_address", .kind = FK_TEXTAREA, .max = TYPED_MAX },
	{ .name = "fee_collected", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

/* The procedure of the path with its parsed e-forms. */
struct intake_page {
	json_t *proc;
	struct eform *form, *who;
	const char *code;
};

/* Free p's members. */
static void ip_clear(struct intake_page *p)
{
	json_decref(p->proc);
	eform_free(p->form);
	eform_free(p->who);
	memset(p, 0, sizeof(*p));
}

/* Load the procedure :code and its e-forms: E_OK, E_NOTFOUND, E_DB. */
static enum err ip_load(struct request *req, struct intake_page *p)
{
	memset(p, 0, sizeof(*p));
	struct db *db = web_db(req);
	const char *code = req_param(req, "code");
	if (!db || !code)
		return E_DB;
	enum err e = catalog_get_published(db, code, &p->proc);
	if (e != E_OK)
		return e;
	p->code = json_string_value(json_object_get(p->proc, "code"));
	json_t *form = json_object_get(p->proc, "form");
	char *text = form ? json_dumps(form, JSON_COMPACT) : NULL;
	e = eform_parse(text, &p->form, NULL, 0);
	free(text);
	if (e != E_OK || eform_parse(applicant_form_json(), &p->who, NULL, 0) != E_OK) {
		log_error("intake: the e-forms of procedure %s do not parse", p->code);
		return E_DB;
	}
	return E_OK;
}

/* See web.h. The form spec of this request's procedure (arena), base_fields when it cannot
 * be loaded (the handler then answers 404). */
const struct field_spec *intake_form(struct request *req)
{
	struct intake_page p;
	if (ip_load(req, &p) != E_OK) {
		ip_clear(&p);
		return base_fields;
	}
	size_t nbase = sizeof(base_fields) / sizeof(base_fields[0]) - 1;
	size_t ncomp = json_array_size(json_object_get(p.proc, "components"));
	size_t nform = (size_t)eform_count(p.form);
	if (nbase + 2 * ncomp + nform + 1 > HTTP_MAX_FIELDS) {
		log_error("intake: procedure %s has too many fields for one form", p.code);
		ncomp = nform = 0;
	}
	struct field_spec *spec = arena_alloc(req_arena(req),
					      (nbase + 2 * ncomp + nform + 1) * sizeof(*spec));
	memcpy(spec, base_fields, nbase * sizeof(*spec));
	size_t k = nbase;
	for (size_t i = 0; i < nform; i++) {
		const struct eform_field *f = eform_field(p.form, (int)i);
		spec[k++] = (struct field_spec){
			.name = arena_printf(req_arena(req), "f_%s", f->name),
			.kind = f->type == EF_CHECKBOX ? FK_CHECKBOX : FK_TEXTAREA,
			.max = TYPED_MAX,
		};
	}
	for (size_t i = 0; i < ncomp; i++) {
		spec[k++] = (struct field_spec){
			.name = arena_printf(req_arena(req), "file_%zu", i),
			.kind = FK_FILE,
			.kinds = UPLOAD_KINDS_ALL,
		};
		spec[k++] = (struct field_spec){
			.name = arena_printf(req_arena(req), "orig_%zu", i),
			.kind = FK_CHECKBOX,
		};
	}
	memset(&spec[k], 0, sizeof(*spec));
	ip_clear(&p);
	return spec;
}

/* Member k of o as a string ("" when absent or not a string). */
static const char *member(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The message of input in errs (new reference), false when none. */
static json_t *message_of(json_t *by_input, const char *input)
{
	json_t *t = json_object_get(by_input, input);
	return t ? json_incref(t) : json_false();
}

/* The actor of the signed-in staff member. */
static struct actor actor_of(struct request *req)
{
	const struct web_user *u = web_user(req);
	struct actor a = { u->id, u->role, u->unit_id };
	return a;
}

/* The 403 page for someone who may not receive. */
static void forbidden(struct request *req, struct response *res)
{
	res_error(req, res, 403, NULL);
}

/* See web.h. GET /can-bo/tiep-nhan/moi[?q=]: choose the procedure. */
void page_intake_choose(struct request *req, struct response *res)
{
	struct actor who = actor_of(req);
	if (!intake_may_receive(&who)) {
		forbidden(req, res);
		return;
	}
	const char *q = req_query(req, "q");
	json_t *found = NULL;
	if (q && *q && catalog_search(web_db(req), q, 50, &found) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *p;
	json_array_foreach(found, i, p)
		json_object_set_new(
			p, "href",
			json_string(arena_printf(req_arena(req), "/can-bo/tiep-nhan/moi/%s",
						 json_string_value(json_object_get(p, "code")))));
	json_t *data = json_pack("{s:s, s:b, s:b, s:o}", "q", q ? q : "", "searched",
				 q && *q, "has_found", json_array_size(found) > 0, "found",
				 found ? found : json_array());
	web_page(req, res, 200, "intake_choose", web_text(req, "intake.new_title"), data);
}

/* One value typed in the request ("" when absent). */
static const char *typed(struct request *req, const char *name)
{
	const char *v = req_form_raw(req, name);
	return v ? v : "";
}

/* Render the form of p with the request's values (values NULL: a blank form), errs. */
static void render_form(struct request *req, struct response *res, int status,
			const struct intake_page *p, const char *token, bool posted,
			const struct wiz_errors *errs)
{
	json_t *values = NULL;
	if (posted) {
		struct wiz_errors ignored;
		wiz_errors_init(&ignored);
		values = eform_view_validate(req, p->form, eform_view_get_field, "f_", false,
					     &ignored, false);
		wiz_errors_free(&ignored);
	}
	json_t *err = errs->by_input;
	static const char *const inputs[] = { "applicant_name",	 "applicant_id_number",
					      "applicant_phone", "applicant_email",
					      "applicant_address", "postal_tracking",
					      "home_address",	 "home_time",
					      "delivery_address" };
	json_t *v = json_object();
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		json_t *e = json_object_get(err, inputs[i]);
		json_object_set_new(v, inputs[i],
				    json_pack("{s:s, s:O}", "value",
					      posted ? typed(req, inputs[i]) : "", "error",
					      e ? e : json_false()));
	}
	const char *channel = posted && req_form(req, "channel") ? req_form(req, "channel")
								 : "counter";
	json_t *channels = json_array();
	for (int i = 0; intake_channels[i]; i++) {
		char key[64];
		snprintf(key, sizeof(key), "intake.channel_%s", intake_channels[i]);
		json_array_append_new(channels,
				      json_pack("{s:s, s:s, s:b}", "value", intake_channels[i],
						"label", web_text(req, key), "checked",
						!strcmp(channel, intake_channels[i])));
	}
	const char *chosen = posted ? typed(req, "delivery") : "counter";
	json_t *delivery = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(p->proc, "delivery"), i, d) {
		const char *name = json_string_value(d);
		if (!name)
			continue;
		char key[64];
		snprintf(key, sizeof(key), "delivery.%s", name);
		json_array_append_new(delivery,
				      json_pack("{s:s, s:s, s:s, s:b}", "value", name, "id",
						arena_printf(req_arena(req), "delivery-%s", name),
						"label", web_text(req, key), "checked",
						!strcmp(chosen, name)));
	}
	json_t *comps = json_array();
	json_t *c;
	json_array_foreach(json_object_get(p->proc, "components"), i, c) {
		const char *input = arena_printf(req_arena(req), "file_%zu", i);
		const char *orig = arena_printf(req_arena(req), "orig_%zu", i);
		json_t *e = json_object_get(err, input);
		json_array_append_new(
			comps, json_pack("{s:s, s:s, s:s, s:b, s:b, s:O}", "input", input, "orig",
					 orig, "name",
					 member(c, "name"),
					 "required", json_is_true(json_object_get(c, "required")),
					 "orig_checked", posted && req_form(req, orig) != NULL,
					 "error", e ? e : json_false()));
	}
	int64_t fee = json_integer_value(json_object_get(p->proc, "fee_total"));
	json_t *data = json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:b, s:b, s:o}", "name",
		member(p->proc, "name"), "code", p->code,
		"action", arena_printf(req_arena(req), "/can-bo/tiep-nhan/moi/%s", p->code),
		"token", token, "v", v, "channels", channels, "delivery", delivery, "components",
		comps, "fields", eform_view_inputs(req, p->form, values, errs), "has_fields",
		eform_count(p->form) > 0, "fee", web_vnd(req, fee), "has_fee", fee > 0,
		"fee_checked", posted && req_form(req, "fee_collected") != NULL, "errors",
		json_incref(errs->summary));
	json_object_set_new(data, "has_errors", json_boolean(errs->n > 0));
	json_object_set_new(data, "channel_error",
			    message_of(err, "channel"));
	json_object_set_new(data, "delivery_error",
			    message_of(err, "delivery"));
	json_object_set_new(data, "file_hint",
			    json_string(web_upload_limit_text(req, "wizard.file_hint")));
	json_object_set_new(data, "files_again",
			    json_boolean(posted && errs->n > 0 &&
					 json_array_size(json_object_get(p->proc, "components"))));
	json_decref(values);
	const char *title = arena_printf(req_arena(req), "%s: %s",
					 web_text(req, "intake.new_title"),
					 member(p->proc, "name"));
	web_page(req, res, status, "intake_new", title, data);
}

/* See web.h. GET /can-bo/tiep-nhan/moi/:code: the blank intake form. */
void page_intake_new(struct request *req, struct response *res)
{
	struct actor who = actor_of(req);
	if (!intake_may_receive(&who)) {
		forbidden(req, res);
		return;
	}
	struct intake_page p;
	enum err e = ip_load(req, &p);
	if (e != E_OK) {
		ip_clear(&p);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	unsigned char raw[INTAKE_TOKEN_HEX / 2];
	char token[INTAKE_TOKEN_HEX + 1];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, sizeof(token), raw, sizeof(raw));
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	render_form(req, res, 200, &p, token, false, &errs);
	wiz_errors_free(&errs);
	ip_clear(&p);
}

/* A required text of the request for channel-specific details; message when empty or too
 * long. Returns the value or NULL. */
static const char *required_text(struct request *req, struct wiz_errors *errs, const char *input,
				 const char *label_key, size_t max_chars)
{
	const char *v = req_form_raw(req, input);
	if (!v || !*v) {
		wiz_error(req, errs, input, web_text(req, label_key),
			  web_text(req, "intake.required"));
		return NULL;
	}
	if (utf8_length(v, strlen(v)) > max_chars) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", max_chars);
		wiz_error(req, errs, input, web_text(req, label_key),
			  web_fill(req, web_text(req, "eform.too_long"), "max", n));
		return NULL;
	}
	return v;
}

/* Parse local "hh:mm dd/mm/yyyy" into *t; false when malformed. */
static bool parse_visit_time(const char *s, int64_t *t)
{
	char hm[8];
	const char *sp = strchr(s, ' ');
	int minutes;
	int64_t day;
	if (!sp || sp - s > 5)
		return false;
	memcpy(hm, s, (size_t)(sp - s));
	hm[sp - s] = '\0';
	if (!parse_hhmm(hm, &minutes) || !parse_dmy(sp + 1, &day))
		return false;
	*t = local_instant(day, (int64_t)minutes * 60);
	return true;
}

/* What to place: the request and the file field. */
struct placing {
	struct request *req;
	const char *field;
};

/* Place callback: move the field's temporary file into the store. */
static enum err place_field(void *ctx)
{
	struct placing *pl = ctx;
	return req_file_keep(pl->req, pl->field);
}

/* Attach each accepted scan to the new dossier; the number that failed. */
static int attach_scans(struct request *req, const struct intake_page *p, int64_t dossier_id)
{
	int failed = 0;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(p->proc, "components"), i, c) {
		const char *field = arena_printf(req_arena(req), "file_%zu", i);
		const struct upload *up = req_file(req, field);
		if (!up)
			continue;
		const char *name = json_string_value(json_object_get(c, "name"));
		struct attachment_new a = {
			.owner = ATTACH_OWNER_DOSSIER,
			.owner_id = dossier_id,
			.hash = up->hash,
			.kind = upload_kind_name(up->kind),
			.size = (int64_t)up->size,
			.title = name,
			.file_name = up->name,
			.uploaded_by = web_user(req)->id,
			.now = clock_now(web_clock(req)),
		};
		struct placing pl = { req, field };
		int64_t id;
		if (intake_attach(web_db(req), &a, (int)i, place_field, &pl, &id) != E_OK) {
			log_error("intake: the scan %s of dossier %lld was not attached", up->hash,
				  (long long)dossier_id);
			failed++;
		}
	}
	return failed;
}

/* The receipt page after receiving (r->secret set) or for a form sent again (secret ""). */
static void receipt_page(struct request *req, struct response *res, const struct event_result *r,
			 const struct intake_page *p, const char *channel, int64_t fee,
			 bool paid, bool again, int scans_failed)
{
	const char *qr = r->code[0] ? web_lookup_qr(req, r->code) : NULL;
	char due[17] = "", now[17];
	if (r->due_at > 0)
		format_hm_dmy(r->due_at, due);
	format_hm_dmy(clock_now(web_clock(req)), now);
	char key[64];
	snprintf(key, sizeof(key), "intake.channel_%s", channel);
	const char *base = arena_printf(req_arena(req), "/can-bo/ho-so/%s", r->code);
	json_t *data = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:b, s:b}",
		"code", r->code, "secret", r->secret, "qr", qr ? qr : "", "procedure",
		p ? member(p->proc, "name") : "", "channel",
		web_text(req, key), "received", now, "due", due, "href", base, "form01",
		arena_printf(req_arena(req), "%s/phieu/01", base), "has_fee", fee > 0, "again",
		again, "fee", web_vnd(req, fee), "fee_receipt",
		arena_printf(req_arena(req), "/can-bo/tiep-nhan/bien-lai/%s", r->code), "has_secret",
		r->secret[0] != '\0', "scans_failed", scans_failed > 0);
	json_object_set_new(data, "has_code", json_boolean(r->code[0] != '\0'));
	json_object_set_new(data, "has_fee_receipt", json_boolean(fee > 0 && paid));
	json_object_set_new(data, "has_due", json_boolean(due[0] != '\0'));
	web_page(req, res, 200, "intake_done", web_text(req, "intake.done_title"), data);
}

/* Where an engine refusal's message goes. */
static const char *refusal_anchor(const char *key)
{
	if (key && strstr(key, "applicant"))
		return "applicant_name";
	if (key && strstr(key, "channel"))
		return "channel";
	return "form-top";
}

/* See web.h. POST /can-bo/tiep-nhan/moi/:code (multipart, see base_fields). */
void page_intake_post(struct request *req, struct response *res)
{
	struct actor who = actor_of(req);
	if (!intake_may_receive(&who)) {
		forbidden(req, res);
		return;
	}
	struct intake_page p;
	enum err e = ip_load(req, &p);
	if (e != E_OK) {
		ip_clear(&p);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	struct wiz_errors errs;
	wiz_errors_init(&errs);
	int status = 400;
	const char *token = req_form(req, "token");
	char fresh[INTAKE_TOKEN_HEX + 1];
	if (!token || strlen(token) != INTAKE_TOKEN_HEX) {
		unsigned char raw[INTAKE_TOKEN_HEX / 2];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(fresh, sizeof(fresh), raw, sizeof(raw));
		token = fresh;
		wiz_error(req, &errs, "form-top", NULL, web_text(req, "intake.token_missing"));
	}
	json_t *values = eform_view_validate(req, p.form, eform_view_get_field, "f_", true, &errs,
					     false);
	json_t *typed_who = eform_view_validate(req, p.who, eform_view_get_raw, "", true, &errs,
						true);
	json_t *applicant = eform_view_applicant(typed_who);
	const char *channel = req_form(req, "channel");
	if (!channel) {
		wiz_error(req, &errs, "channel", web_text(req, "intake.channel"),
			  web_text(req, "intake.channel_invalid"));
		channel = "counter";
	}
	json_t *intake = json_pack("{s:s, s:I}", "channel", channel, "clerk_id",
				   (json_int_t)who.user_id);
	if (!strcmp(channel, "post")) {
		const char *t = required_text(req, &errs, "postal_tracking",
					      "intake.postal_tracking", TRACKING_MAX);
		if (t)
			json_object_set_new(intake, "postal_tracking", json_string(t));
	} else if (!strcmp(channel, "home")) {
		const char *a = required_text(req, &errs, "home_address", "intake.home_address",
					      ADDRESS_MAX);
		const char *t = required_text(req, &errs, "home_time", "intake.home_time", 16);
		int64_t at = 0;
		if (t && !parse_visit_time(t, &at)) {
			wiz_error(req, &errs, "home_time", web_text(req, "intake.home_time"),
				  web_text(req, "intake.home_time_invalid"));
			t = NULL;
		}
		if (a && t)
			json_object_set_new(intake, "home",
					    json_pack("{s:s, s:I}", "address", a, "visit_at",
						      (json_int_t)at));
	}
	const char *delivery = req_form(req, "delivery");
	bool offered = false;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(p.proc, "delivery"), i, d)
		offered = offered || (delivery && json_is_string(d) &&
				      !strcmp(json_string_value(d), delivery));
	if (!offered) {
		wiz_error(req, &errs, "delivery", web_text(req, "wizard.delivery"),
			  web_text(req, "wizard.delivery_invalid"));
		delivery = NULL;
	}
	const char *address = typed(req, "delivery_address");
	if (utf8_length(address, strlen(address)) > ADDRESS_MAX) {
		wiz_error(req, &errs, "delivery_address", web_text(req, "wizard.delivery_address"),
			  web_fill(req, web_text(req, "eform.too_long"), "max", "500"));
	} else if (delivery && !strcmp(delivery, "post") && !*address) {
		wiz_error(req, &errs, "delivery_address", web_text(req, "wizard.delivery_address"),
			  web_text(req, "intake.required"));
	}
	bool digitised = false;
	json_t *originals = json_array();
	json_t *c;
	json_array_foreach(json_object_get(p.proc, "components"), i, c) {
		const char *field = arena_printf(req_arena(req), "file_%zu", i);
		wiz_file_error(req, &errs, field, json_string_value(json_object_get(c, "name")),
			       &status);
		digitised = digitised || req_file(req, field) != NULL;
		if (req_form(req, arena_printf(req_arena(req), "orig_%zu", i)))
			json_array_append_new(originals, json_integer((json_int_t)i));
	}
	json_object_set_new(intake, "originals_seen", originals);
	int64_t fee = json_integer_value(json_object_get(p.proc, "fee_total"));
	bool collect = fee > 0 && req_form(req, "fee_collected") != NULL;
	if (collect)
		json_object_set_new(intake, "fee_collected", json_integer(fee));
	if (errs.n > 0) {
		json_decref(values);
		json_decref(typed_who);
		json_decref(applicant);
		json_decref(intake);
		render_form(req, res, status, &p, token, true, &errs);
		wiz_errors_free(&errs);
		ip_clear(&p);
		return;
	}
	char *app_text = json_dumps(applicant, JSON_COMPACT);
	char *form_text = json_dumps(values, JSON_COMPACT);
	char *intake_text = json_dumps(intake, JSON_COMPACT);
	struct intake_new in = {
		.token = token,
		.procedure_code = p.code,
		.unit_id = 0,
		.channel = !strcmp(channel, "post") ? "post" : "counter",
		.applicant = app_text,
		.form_data = form_text,
		.intake = intake_text,
		.digitised = digitised,
		.result_channel = delivery,
		.delivery_address = address,
		.fee_collected = collect ? fee : 0,
	};
	struct event_result r;
	bool paid = false;
	char why[256];
	struct engine *eng = web_engine(req);
	e = eng ? intake_receive(eng, web_db(req), web_clock(req), &who, &in, &r, &paid, why,
				 sizeof(why))
		: E_DB;
	free(app_text);
	free(form_text);
	free(intake_text);
	json_decref(values);
	json_decref(typed_who);
	json_decref(applicant);
	json_decref(intake);
	if (e == E_OK) {
		log_info("intake: clerk %lld received dossier %s (%s)", (long long)who.user_id,
			 r.code, channel);
		int failed = attach_scans(req, &p, r.dossier_id);
		receipt_page(req, res, &r, &p, channel, collect ? fee : 0, paid, false, failed);
	} else if (e == E_CONFLICT) {
		receipt_page(req, res, &r, &p, channel, 0, false, true, 0);
	} else if (e == E_INVALID || e == E_REFUSED || e == E_NOTFOUND) {
		const char *key = r.msg_key ? r.msg_key : "intake.not_received";
		const char *text = web_text(req, key);
		if (text == key)
			text = web_text(req, "intake.not_received");
		wiz_error(req, &errs, refusal_anchor(key), NULL, text);
		render_form(req, res, 400, &p, token, true, &errs);
	} else if (e == E_FORBIDDEN) {
		forbidden(req, res);
	} else {
		log_error("intake: receiving %s failed: %s (%s)", p.code, err_name(e), why);
		res_error(req, res, 500, NULL);
	}
	wiz_errors_free(&errs);
	ip_clear(&p);
}
