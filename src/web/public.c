/* public.c - the pages anyone can use: home, procedure catalogue, procedure detail, status
 * lookup, language switch and the health check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/lookup.h"
#include "motcua/migrate.h"
#include "motcua/web.h"

/* "3 ngày làm việc" / "3 working days" for a duration value and unit name. */
static const char *duration_text(struct request *req, json_int_t value, const char *unit)
{
	char key[48], n[24];
	snprintf(key, sizeof(key), "duration.%s%s", unit, value == 1 ? "_1" : "");
	snprintf(n, sizeof(n), "%lld", (long long)value);
	return web_fill(req, web_text(req, key), "n", n);
}

/* Message "<prefix>.<name>" in the request's language (owned by the view, or the key itself
 * in the arena when there is no such message). */
static const char *label(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name ? name : "");
	const char *text = web_text(req, key);
	return text == key ? arena_strdup(req_arena(req), key) : text;
}

/* Join the labels of the strings of array arr with ", ". */
static const char *join_labels(struct request *req, const char *prefix, json_t *arr)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, label(req, prefix, json_string_value(v)));
	}
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* Answer 500 (after logging what failed) when the database is unavailable. */
static void fail(struct request *req, struct response *res, const char *what)
{
	char path[4 * 200 + 4];
	log_error("%s failed for %s", what, http_log_escape(path, sizeof(path), req_path(req), 200));
	res_error(req, res, 500, NULL);
}

/* See web.h. GET / */
void page_home(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	json_t *fields = NULL;
	if (!db || catalog_fields(db, &fields) != E_OK) {
		fail(req, res, "catalog fields");
		return;
	}
	json_t *data = json_pack("{s:o, s:{s:s}, s:{s:b, s:s, s:s}}", "fields", fields, "search",
				 "q", "", "form", "error", 0, "code", "", "secret", "");
	web_page(req, res, 200, "home", web_text(req, "home.title"), data);
}

/* Add display strings to each procedure of a search result and group them by field. */
static json_t *group_by_field(struct request *req, json_t *procedures)
{
	json_t *groups = json_array();
	json_t *current = NULL;
	const char *current_field = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(procedures, i, p) {
		const char *field = json_string_value(json_object_get(p, "field"));
		const char *level = json_string_value(json_object_get(p, "online_level"));
		json_object_set_new(p, "online_label", json_string(label(req, "online", level)));
		json_t *dur = json_object_get(p, "duration");
		json_object_set_new(p, "duration",
				    json_string(duration_text(req,
					json_integer_value(json_object_get(dur, "value")),
					json_string_value(json_object_get(dur, "unit")))));
		if (!current_field || strcmp(current_field, field)) {
			current = json_array();
			json_array_append_new(groups, json_pack("{s:s, s:o}", "field", field,
								"procedures", current));
			current_field = field;
		}
		json_array_append(current, p);
	}
	return groups;
}

/* The procedures to list: a search for q (within field_id when > 0), else the procedures of
 * field_id, else every procedure field by field. *out is a new array (caller decrefs). */
static enum err collect_procedures(struct db *db, const char *q, int64_t field_id,
				   json_t *fields, json_t **out)
{
	if (*q) {
		enum err e = catalog_search(db, q, CATALOG_SEARCH_LIMIT, out);
		if (e != E_OK || field_id <= 0)
			return e;
		json_t *kept = json_array();
		const char *name = NULL;
		size_t i;
		json_t *f;
		json_array_foreach(fields, i, f)
			if (json_integer_value(json_object_get(f, "id")) == field_id)
				name = json_string_value(json_object_get(f, "name"));
		json_array_foreach(*out, i, f)
			if (name && !strcmp(name, json_string_value(json_object_get(f, "field"))))
				json_array_append(kept, f);
		json_decref(*out);
		*out = kept;
		return E_OK;
	}
	if (field_id > 0)
		return catalog_field_procedures(db, field_id, out);
	json_t *all = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		json_t *some = NULL;
		enum err e = catalog_field_procedures(db, json_integer_value(json_object_get(f, "id")),
						      &some);
		if (e != E_OK) {
			json_decref(all);
			return e;
		}
		json_array_extend(all, some);
		json_decref(some);
	}
	*out = all;
	return E_OK;
}

/* See web.h. GET /thu-tuc?q=&field= */
void page_catalog(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	/* An invalid value is withheld by the layer (NULL): it searches for nothing. */
	const char *q = req_query(req, "q");
	const char *field = req_query(req, "field");
	int64_t field_id = field ? strtoll(field, NULL, 10) : 0;
	if (!q)
		q = "";
	json_t *fields = NULL, *found = NULL;
	if (!db || catalog_fields(db, &fields) != E_OK) {
		fail(req, res, "catalog fields");
		return;
	}
	if (collect_procedures(db, q, field_id, fields, &found) != E_OK) {
		json_decref(fields);
		fail(req, res, "catalog search");
		return;
	}
	json_int_t total = 0;
	const char *heading = web_text(req, "catalog.all_procedures");
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		total += json_integer_value(json_object_get(f, "procedures"));
		bool selected = json_integer_value(json_object_get(f, "id")) == field_id;
		json_object_set_new(f, "selected", json_boolean(selected));
		if (selected)
			heading = arena_strdup(req_arena(req),
					       json_string_value(json_object_get(f, "name")));
	}
	if (*q)
		heading = arena_printf(req_arena(req), "%s “%s”", web_text(req, "catalog.results_for"), q);
	const char *summary = arena_printf(req_arena(req), "%zu %s", json_array_size(found),
					   web_text(req, "catalog.found"));
	json_t *groups = group_by_field(req, found);
	json_decref(found);
	json_t *data = json_pack("{s:o, s:o, s:I, s:b, s:s, s:s, s:{s:s}}", "fields", fields,
				 "groups", groups, "total", total, "field_selected", field_id > 0,
				 "heading", heading, "result_summary", summary, "search", "q", q);
	web_page(req, res, 200, "catalog", web_text(req, "catalog.title"), data);
}

/* Display strings for a procedure from the catalogue API (adds keys to p in place). */
static void decorate_procedure(struct request *req, json_t *p)
{
	json_t *v;
	size_t i;
	const char *level = json_string_value(json_object_get(p, "online_level"));
	json_object_set_new(p, "online_label", json_string(label(req, "online", level)));
	json_object_set_new(p, "can_submit",
			    json_boolean(level && (!strcmp(level, "partial") || !strcmp(level, "full"))));
	json_t *dur = json_object_get(p, "duration");
	const char *unit = json_string_value(json_object_get(dur, "unit"));
	json_object_set_new(p, "duration_online",
			    json_is_object(json_object_get(p, "duration_online"))
				    ? json_string(duration_text(req,
					json_integer_value(json_object_get(
						json_object_get(p, "duration_online"), "value")), unit))
				    : json_false());
	json_object_set_new(p, "duration",
			    json_string(duration_text(req,
				json_integer_value(json_object_get(dur, "value")), unit)));
	json_t *result = json_object_get(p, "result");
	json_object_set_new(p, "result_name",
			    json_string(json_string_value(json_object_get(result, "name"))
					? json_string_value(json_object_get(result, "name")) : ""));
	const char *cutoff = json_string_value(json_object_get(p, "cutoff"));
	json_object_set_new(p, "cutoff_text",
			    json_string(cutoff ? web_fill(req, web_text(req, "procedure.cutoff_text"),
						      "time", cutoff) : ""));
	json_object_set_new(p, "levels_text",
			    json_string(join_labels(req, "level", json_object_get(p, "levels"))));
	json_object_set_new(p, "applicants_text",
			    json_string(join_labels(req, "applicant",
						    json_object_get(p, "applicants"))));
	json_object_set_new(p, "delivery_text",
			    json_string(join_labels(req, "delivery", json_object_get(p, "delivery"))));
	char days[16];
	snprintf(days, sizeof(days), "%lld",
		 (long long)json_integer_value(json_object_get(p, "supplement_window_days")));
	const char *policy = json_string_value(json_object_get(p, "supplement_policy"));
	json_object_set_new(p, "supplement_text",
			    json_string(web_fill(req, label(req, "procedure",
				policy && !strcmp(policy, "pause") ? "supplement_pause"
								   : "supplement_restart"),
					     "days", days)));
	const char *lang = web_lang(req);
	json_t *fees = json_object_get(p, "fees");
	json_array_foreach(fees, i, v) {
		struct buf amount = BUF_INIT;
		format_vnd(json_integer_value(json_object_get(v, "amount")), lang, &amount);
		json_object_set_new(v, "amount_text", json_string(buf_str(&amount)));
		buf_free(&amount);
		json_object_set_new(v, "kind_label",
				    json_string(label(req, "procedure",
						      json_string_value(json_object_get(v, "kind")))));
	}
	json_object_set_new(p, "has_fees", json_boolean(json_array_size(fees) > 0));
	json_t *steps = json_object_get(p, "steps");
	json_array_foreach(steps, i, v) {
		json_object_set_new(v, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(v, "role_label",
				    json_string(label(req, "role",
						      json_string_value(json_object_get(v, "role")))));
	}
	json_object_set_new(p, "has_steps", json_boolean(json_array_size(steps) > 0));
}

/* See web.h. GET /thu-tuc/:code */
void page_procedure(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	json_t *p = NULL;
	if (!db) {
		fail(req, res, "database");
		return;
	}
	enum err e = catalog_get_published(db, req_param(req, "code"), &p);
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		fail(req, res, "catalog procedure");
		return;
	}
	decorate_procedure(req, p);
	const char *title = arena_strdup(req_arena(req), json_string_value(json_object_get(p, "name")));
	web_page(req, res, 200, "procedure", title, json_pack("{s:o}", "p", p));
}

/* Render the lookup form, with what was typed and an error message (NULL for none). */
static void lookup_form(struct request *req, struct response *res, int status, const char *code,
			const char *secret, const char *error)
{
	json_t *data = json_pack("{s:{s:s, s:s, s:s}}", "form", "code", code ? code : "",
				 "secret", secret ? secret : "", "error", error ? error : "");
	if (!error)
		json_object_set_new(json_object_get(data, "form"), "error", json_false());
	web_page(req, res, status, "lookup", web_text(req, "lookup.title"), data);
}

/* See web.h. GET /tra-cuu[?ma=CODE]: the form, the code prefilled from ?ma= when it passed
 * the field's validator (the QR code of a receipt links here; never the secret). */
void page_lookup(struct request *req, struct response *res)
{
	const char *code = req_query(req, "ma");
	lookup_form(req, res, 200, code ? code : "", "", NULL);
}

/* Local "hh:mm dd/mm/yyyy" of the epoch in v, or false when v is null. */
static json_t *when(json_t *v)
{
	if (!json_is_integer(v))
		return json_false();
	char s[17];
	format_hm_dmy(json_integer_value(v), s);
	return json_string(s);
}

/* Turn the lookup result d into the status page's data, in place (one set of JSON objects
 * per request): labels in the user's language, times as hh:mm dd/mm/yyyy. */
static void decorate_status(struct request *req, json_t *d)
{
	const char *status = json_string_value(json_object_get(d, "status"));
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(d, "events"), i, ev) {
		char iso[26];
		json_t *at = json_object_get(ev, "at");
		format_iso(json_integer_value(at), iso);
		json_object_set_new_nocheck(ev, "iso", json_string_nocheck(iso));
		json_object_set_new_nocheck(ev, "at", when(at));
		json_object_set_new_nocheck(ev, "label",
					    json_string(label(req, "event",
						json_string_value(json_object_get(ev, "kind")))));
	}
	json_object_set_new_nocheck(d, "status_label", json_string(label(req, "state", status)));
	json_object_set_new_nocheck(d, "status_explain",
				    json_string(label(req, "state_explain", status)));
	json_object_set_new_nocheck(d, "channel_label",
				    json_string(label(req, "channel",
					json_string_value(json_object_get(d, "channel")))));
	static const char *const times[] = { "received_at", "due_at", "finished_at", "promised_at" };
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		json_object_set_new_nocheck(d, times[i], when(json_object_get(d, times[i])));
}

/* See web.h. POST /tra-cuu (code, secret): the status page, or one generic "not found". */
void page_lookup_post(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	const char *ip = req_client_key(req);	/* IPv4 address or IPv6 /64 */
	int64_t now = clock_now(NULL);
	const char *code = req_form(req, "code");
	const char *secret = req_form(req, "secret");
	/* What was typed, shown again in the form (never looked up when invalid). */
	const char *code_typed = req_form_raw(req, "code");
	const char *secret_typed = req_form_raw(req, "secret");
	if (ratelimit_over(app->lookup_failures, ip, now)) {
		res_error(req, res, 429, web_text(req, "lookup.too_many"));
		return;
	}
	if (!code_typed || !secret_typed || !*code_typed || !*secret_typed) {
		lookup_form(req, res, 400, code_typed, secret_typed, web_text(req, "lookup.missing"));
		return;
	}
	struct db *db = web_db(req);
	json_t *d = NULL;
	/* Over-long or malformed input cannot match: the same answer as a wrong secret. */
	enum err e = !code || !secret ? E_NOTFOUND
		   : db ? lookup_dossier(db, app->key, code, secret, &d) : E_DB;
	if (e == E_NOTFOUND) {
		ratelimit_hit(app->lookup_failures, ip, now);
		lookup_form(req, res, 404, code_typed, secret_typed,
			    web_text(req, "lookup.not_found"));
		return;
	}
	if (e != E_OK) {
		fail(req, res, "lookup");
		return;
	}
	decorate_status(req, d);
	const char *title = arena_printf(req_arena(req), "%s %s", web_text(req, "status.title"),
					 json_string_value(json_object_get(d, "code")));
	json_t *view = json_object();
	json_object_set_new_nocheck(view, "d", d);
	web_page(req, res, 200, "status", title, view);
}

/* See web.h. GET /healthz: 200 {"status":"ok"} when the database answers, else 503. */
void page_healthz(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	int version = db ? db_user_version(db) : -1;
	json_t *j = json_pack("{s:s, s:i}", "status", version > 0 ? "ok" : "unavailable",
			      "schema", version);
	res_json(res, version > 0 ? 200 : 503, j);
	res_header(res, "Cache-Control", "no-store");
	json_decref(j);
}
