/* admin_units.c - /quan-tri/don-vi: the units tree of the admin's subtree, add, edit (name,
 * address, office hours), move, and close with the open dossiers moved to the replacing unit
 * after a preview of their number (issue 10 §2, docs/admin-units.md). Rules in
 * src/domain/unit_admin.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/unit_admin.h"
#include "motcua/web.h"

/* The acting admin. */
static struct unit_actor actor(struct request *req)
{
	const struct web_user *u = web_user(req);
	struct unit_actor a = { u ? u->id : 0, u ? u->unit_id : 0 };
	return a;
}

/* The server's clock. */
static struct clock app_clock(struct request *req)
{
	struct app *app = req_app(req);
	return app->clock;
}

/* Now on the server's clock. */
static int64_t now_of(struct request *req)
{
	struct clock c = app_clock(req);
	return clock_now(&c);
}

/* Message of key in the request's language (the key itself when missing). */
static json_t *msg(struct request *req, const char *key)
{
	return json_string(web_text(req, key));
}

/* The tree with display fields added: indentation, level label, status. */
static json_t *decorate_tree(struct request *req, json_t *tree)
{
	size_t i;
	json_t *u;
	json_array_foreach(tree, i, u) {
		json_int_t depth = json_integer_value(json_object_get(u, "depth"));
		char pad[64] = "";
		size_t used = 0;
		for (json_int_t d = 0; d < depth && used + 8 < sizeof(pad); d++)
			used += (size_t)snprintf(pad + used, sizeof(pad) - used, "\u00a0\u00a0\u00a0");
		if (depth > 0)
			snprintf(pad + used, sizeof(pad) - used, "└\u00a0");
		json_object_set_new(u, "pad", json_string(pad));
		char key[64];
		snprintf(key, sizeof(key), "admin_units.level.%s",
			 json_string_value(json_object_get(u, "level")));
		json_object_set_new(u, "level_label", msg(req, key));
		json_int_t closed = json_integer_value(json_object_get(u, "closed_at"));
		if (closed > 0) {
			char d[11];
			format_dmy(local_day(closed), d);
			json_object_set_new(u, "closed", json_string(d));
		} else {
			json_object_set_new(u, "closed", json_false());
		}
		json_object_set_new(u, "receives",
				    json_boolean(closed == 0 &&
						 strcmp(json_string_value(json_object_get(u, "level")),
							"department")));
	}
	return tree;
}

/* The options of a select of units: the open ones of tree, except those whose code starts
 * the subtree of `except` (NULL: none); `pick` selected; receiving ones only when asked. */
static json_t *unit_options(json_t *tree, const char *except_path_code, const char *pick,
			    bool receiving_only)
{
	json_t *opts = json_array();
	size_t i;
	json_t *u;
	bool skipping = false;
	json_int_t skip_depth = 0;
	json_array_foreach(tree, i, u) {
		const char *code = json_string_value(json_object_get(u, "code"));
		json_int_t depth = json_integer_value(json_object_get(u, "depth"));
		if (skipping && depth <= skip_depth)
			skipping = false;
		if (except_path_code && !strcmp(code, except_path_code)) {
			skipping = true;
			skip_depth = depth;
		}
		if (skipping || json_is_string(json_object_get(u, "closed")) ||
		    (receiving_only && !json_is_true(json_object_get(u, "receives"))))
			continue;
		json_array_append_new(
			opts, json_pack("{s:s, s:s, s:O, s:b}", "code", code, "pad",
					json_string_value(json_object_get(u, "pad")), "name",
					json_object_get(u, "name"), "selected",
					pick && !strcmp(pick, code)));
	}
	return opts;
}

/* {field: false, ...} for every field of names, with the messages of given (stolen, may be
 * NULL) laid over it: templates name every key. */
static json_t *errors(const char *const *names, json_t *given)
{
	json_t *o = json_object();
	for (size_t i = 0; names[i]; i++)
		json_object_set_new(o, names[i], json_false());
	if (given)
		json_object_update(o, given);
	json_decref(given);
	return o;
}

static const char *const add_errs[] = { "general", "code", "name", "level", "parent", "address",
					"hours", NULL };
static const char *const edit_errs[] = { "general", "name", "address", "hours", NULL };
static const char *const move_errs[] = { "general", "parent", NULL };
static const char *const close_errs[] = { "general", "replacement", NULL };

/* Typed value of form field name ("" when absent). */
static const char *typed(struct request *req, const char *name)
{
	const char *v = req_form_raw(req, name);
	return v ? v : "";
}

/* Value of valid form field name, or NULL. A field that failed the declared checks (too long)
 * is reported beside it by the caller. */
static const char *field(struct request *req, const char *name)
{
	return req_form(req, name);
}

/* The list page; err (field -> message, stolen, may be NULL) and the add form's values. */
static void render_list(struct request *req, struct response *res, int status, json_t *err)
{
	struct db *db = web_db(req);
	struct unit_actor a = actor(req);
	json_t *tree = NULL;
	enum err e = db ? unit_admin_tree(db, &a, &tree) : E_DB;
	if (e != E_OK) {
		json_decref(err);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	decorate_tree(req, tree);
	json_t *levels = json_array();
	static const char *const lv[] = { "commune", "district", "province", "department" };
	const char *pick = err ? typed(req, "level") : "commune";
	for (size_t i = 0; i < 4; i++) {
		char key[64];
		snprintf(key, sizeof(key), "admin_units.level.%s", lv[i]);
		json_array_append_new(levels, json_pack("{s:s, s:o, s:b}", "value", lv[i], "label",
							msg(req, key), "selected",
							!strcmp(pick, lv[i])));
	}
	json_t *f = json_pack("{s:s, s:s, s:s, s:s}", "code", err ? typed(req, "code") : "",
			      "name", err ? typed(req, "name") : "", "address",
			      err ? typed(req, "address") : "", "hours",
			      err ? typed(req, "hours") : "");
	json_t *data = json_pack("{s:o, s:o, s:o, s:o, s:o}", "units", json_incref(tree), "levels",
				 levels, "parents",
				 unit_options(tree, NULL, err ? typed(req, "parent") : NULL, false),
				 "f", f, "err", errors(add_errs, err));
	json_decref(tree);
	json_object_set_new(data, "notice", req_query(req, "da_luu")
						    ? msg(req, "admin_units.saved")
						    : json_false());
	web_page(req, res, status, "admin_units", web_text(req, "admin_units.title"), data);
}

/* See web.h. GET /quan-tri/don-vi */
void page_admin_units(struct request *req, struct response *res)
{
	render_list(req, res, 200, NULL);
}

/* An error object {field: message} for problem p. */
static json_t *problem_json(struct request *req, const struct unit_problem *p)
{
	json_t *o = json_object();
	json_object_set_new(o, p->field ? p->field : "general",
			    msg(req, p->key ? p->key : "admin_units.err.general"));
	return o;
}

/* The first declared field of names that failed its declared checks, as a problem. */
static bool field_problem(struct request *req, const char *const *names,
			  const char *const *keys, struct unit_problem *p)
{
	for (size_t i = 0; names[i]; i++)
		if (req_field_reason(req, names[i]) &&
		    strcmp(req_field_reason(req, names[i]), "required")) {
			p->field = names[i];
			p->key = keys[i];
			return true;
		}
	return false;
}

static const char *const unit_fields[] = { "code", "name", "level", "parent", "address",
					   "hours", NULL };
static const char *const unit_keys[] = { "admin_units.err.code", "admin_units.err.name",
					 "admin_units.err.level", "admin_units.err.parent",
					 "admin_units.err.address", "admin_units.err.hours", NULL };

/* See web.h. POST /quan-tri/don-vi (code, name, level, parent, address, hours) */
void page_admin_unit_add(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct unit_actor a = actor(req);
	struct unit_problem p = { NULL, NULL };
	struct unit_form f = { field(req, "code"), field(req, "name"), field(req, "level"),
			       field(req, "parent"), field(req, "address"), field(req, "hours") };
	enum err e = field_problem(req, unit_fields, unit_keys, &p)
			     ? E_INVALID
			     : unit_admin_add(db, &a, &f, now_of(req), &p);
	if (e == E_OK) {
		web_engine_invalidate();
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/don-vi/%s?da_luu=1",
						    f.code));
		return;
	}
	if (e != E_INVALID) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	render_list(req, res, 400, problem_json(req, &p));
}

/* The unit page: edit, move and close forms. err (stolen) beside the fields of form `which`
 * ("edit", "move", "close"); confirm: the close preview's count (-1: none). */
static void render_unit(struct request *req, struct response *res, int status, const char *which,
			json_t *err, int64_t confirm, const char *notice_key)
{
	struct db *db = web_db(req);
	struct unit_actor a = actor(req);
	const char *code = req_param(req, "code");
	json_t *tree = NULL;
	enum err e = db ? unit_admin_tree(db, &a, &tree) : E_DB;
	if (e != E_OK) {
		json_decref(err);
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	decorate_tree(req, tree);
	json_t *unit = NULL;
	size_t i;
	json_t *u;
	json_array_foreach(tree, i, u)
		if (code && !strcmp(json_string_value(json_object_get(u, "code")), code))
			unit = u;
	if (!unit) {
		json_decref(tree);
		json_decref(err);
		res_error(req, res, 404, NULL);
		return;
	}
	bool mine = json_integer_value(json_object_get(unit, "id")) == a.unit_id;
	bool is = which && err;
	json_t *f = json_pack(
		"{s:s, s:s, s:s}", "name",
		is && !strcmp(which, "edit") ? typed(req, "name")
					     : json_string_value(json_object_get(unit, "name")),
		"address",
		is && !strcmp(which, "edit") ? typed(req, "address")
					     : json_string_value(json_object_get(unit, "address")),
		"hours",
		is && !strcmp(which, "edit") ? typed(req, "hours")
					     : json_string_value(json_object_get(unit, "hours")));
	const char *parent = json_string_value(json_object_get(unit, "parent"));
	const char *repl = which && !strcmp(which, "close") ? typed(req, "replacement") : NULL;
	json_t *data = json_pack(
		"{s:O, s:o, s:o, s:o, s:b, s:b}", "unit", unit, "f", f, "parents",
		unit_options(tree, code, which && !strcmp(which, "move") ? typed(req, "parent")
									  : parent,
			     false),
		"replacements", unit_options(tree, code, repl, true), "mine", mine, "open",
		!json_is_string(json_object_get(unit, "closed")));
	bool edit = which && !strcmp(which, "edit"), move = which && !strcmp(which, "move"),
	     close = which && !strcmp(which, "close");
	json_object_set_new(data, "err_edit", errors(edit_errs, edit ? json_incref(err) : NULL));
	json_object_set_new(data, "err_move", errors(move_errs, move ? json_incref(err) : NULL));
	json_object_set_new(data, "err_close", errors(close_errs, close ? json_incref(err) : NULL));
	json_decref(err);
	if (confirm >= 0) {
		const char *rname = "";
		json_array_foreach(tree, i, u)
			if (repl && !strcmp(json_string_value(json_object_get(u, "code")), repl))
				rname = json_string_value(json_object_get(u, "name"));
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)confirm);
		const char *text = web_fill(req, web_text(req, "admin_units.close_preview"), "n", n);
		text = web_fill(req, text, "unit", rname);
		json_object_set_new(data, "confirm",
				    json_pack("{s:s, s:I, s:s}", "text", text, "count",
					      (json_int_t)confirm, "replacement", repl ? repl : ""));
	} else {
		json_object_set_new(data, "confirm", json_false());
	}
	const char *moved = req_query(req, "da_chuyen");
	json_object_set_new(data, "notice",
			    notice_key ? msg(req, notice_key)
			    : moved    ? json_string(web_fill(req, web_text(req, "admin_units.closed_moved"),
							    "n", moved))
			    : req_query(req, "da_luu") ? msg(req, "admin_units.saved")
						       : json_false());
	json_decref(tree);
	web_page(req, res, status, "admin_unit", web_text(req, "admin_units.unit_title"), data);
}

/* See web.h. GET /quan-tri/don-vi/:code */
void page_admin_unit(struct request *req, struct response *res)
{
	render_unit(req, res, 200, NULL, NULL, -1, NULL);
}

/* Answer a domain result of a unit form: redirect on success, the page with the message
 * beside the field, 404 out of scope, 500 otherwise. */
static void answer(struct request *req, struct response *res, enum err e, const char *which,
		   const struct unit_problem *p)
{
	if (e == E_OK) {
		web_engine_invalidate();
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/don-vi/%s?da_luu=1",
						    req_param(req, "code")));
	} else if (e == E_INVALID) {
		render_unit(req, res, 400, which, problem_json(req, p), -1, NULL);
	} else {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
	}
}

/* See web.h. POST /quan-tri/don-vi/:code (name, address, hours) */
void page_admin_unit_edit(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct unit_actor a = actor(req);
	struct unit_problem p = { NULL, NULL };
	struct unit_form f = { NULL, field(req, "name"), NULL, NULL, field(req, "address"),
			       field(req, "hours") };
	enum err e = field_problem(req, unit_fields, unit_keys, &p)
			     ? E_INVALID
			     : unit_admin_edit(db, &a, req_param(req, "code"), &f,
					       now_of(req), &p);
	answer(req, res, e, "edit", &p);
}

/* See web.h. POST /quan-tri/don-vi/:code/chuyen (parent) */
void page_admin_unit_move(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct unit_actor a = actor(req);
	struct unit_problem p = { NULL, NULL };
	const char *parent = field(req, "parent");
	enum err e = !parent ? (p.field = "parent", p.key = "admin_units.err.parent", E_INVALID)
			     : unit_admin_move(db, &a, req_param(req, "code"), parent,
					       now_of(req), &p);
	answer(req, res, e, "move", &p);
}

/* See web.h. POST /quan-tri/don-vi/:code/dong (replacement, count, confirm): without confirm
 * the preview (how many open dossiers move); with it the closure, refused (shown again with
 * the new number) when the number changed since the preview. */
void page_admin_unit_close(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct engine *eng = web_engine(req);
	if (!db || !eng) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct unit_actor a = actor(req);
	struct unit_problem p = { NULL, NULL };
	const char *code = req_param(req, "code");
	const char *repl = field(req, "replacement");
	const char *count = field(req, "count");
	if (!repl) {
		p.field = "replacement";
		p.key = "admin_units.err.replacement";
		answer(req, res, E_INVALID, "close", &p);
		return;
	}
	int64_t n = -1, moved = 0;
	if (!req_form(req, "confirm") || !count) {
		enum err e = unit_admin_close_preview(db, &a, code, repl, &n, &p);
		if (e == E_OK)
			render_unit(req, res, 200, "close", NULL, n, NULL);
		else
			answer(req, res, e, "close", &p);
		return;
	}
	struct clock clk = app_clock(req);
	enum err e = unit_admin_close(eng, db, &clk, &a, code, repl, strtoll(count, NULL, 10),
				      &moved, &p);
	if (e == E_REFUSED) {
		render_unit(req, res, 409, "close", NULL, moved, "admin_units.count_changed");
		return;
	}
	if (e == E_OK) {
		web_engine_invalidate();
		res_redirect(res, 303,
			     arena_printf(req_arena(req), "/quan-tri/don-vi/%s?da_luu=1&da_chuyen=%lld",
					  code, (long long)moved));
		return;
	}
	answer(req, res, e, "close", &p);
}
