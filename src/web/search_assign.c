/* search_assign.c - POST /can-bo/tim-kiem/phan-cong: the bulk assign of the search page
 * (docs/worklists.md). Each ticked row (sel_N, with the version it was shown at in ver_N) gets
 * its own `assign` (or `transfer` when already handed, the rule of the dossier page) through
 * desk_act to the chosen department and specialist; a dossier changed meanwhile, out of
 * scope or in a state that allows neither is reported by code with the reason and skipped,
 * the rest applied. Answers a summary page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/desk.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/search.h"
#include "wizard.h"
#include "work_view.h"

/* "Received · Lê Thị Mai · 09:05 01/12/2026": the last event of dossier code (arena), or "". */
static const char *last_change(struct request *req, const struct actor *who, const char *code)
{
	json_t *v = NULL;
	if (desk_dossier(web_db(req), who, code, &v) != E_OK)
		return "";
	json_t *tl = json_object_get(v, "timeline");
	json_t *ev = json_array_get(tl, json_array_size(tl) - 1);
	char key[48], role[48], at[17];
	snprintf(key, sizeof(key), "event.%s", json_string_value(json_object_get(ev, "kind")));
	snprintf(role, sizeof(role), "role.%s", json_string_value(json_object_get(ev, "role")));
	format_hm_dmy(json_integer_value(json_object_get(ev, "at")), at);
	const char *actor = json_string_value(json_object_get(ev, "actor"));
	const char *s = arena_printf(req_arena(req), "%s · %s · %s", web_text(req, key),
				     actor ? actor : web_text(req, role), at);
	json_decref(v);
	return s;
}

/* Message key's text, or the generic refusal. */
static const char *text_or(struct request *req, const char *key, const char *fallback)
{
	const char *t = key ? web_text(req, key) : NULL;
	return t && t != key ? t : web_text(req, fallback);
}

/* Hand dossier code (shown at version ver) to dep / assignee as who: NULL when applied,
 * otherwise the reason (arena) it was not. *fatal set on an internal error. */
static const char *hand_one(struct request *req, const struct actor *who, const char *code,
			    int ver, const char *dep, int64_t assignee, bool *fatal)
{
	struct db *db = web_db(req);
	json_t *view = NULL;
	enum err e = desk_dossier(db, who, code, &view);
	if (e == E_NOTFOUND)
		return web_text(req, "work.bulk.not_found");
	if (e != E_OK) {
		*fatal = true;
		return "";
	}
	json_t *acts = json_object_get(view, "actions");
	bool assign = json_is_true(json_object_get(acts, "assign"));
	bool transfer = json_is_true(json_object_get(acts, "transfer"));
	bool first = json_object_get(view, "department") == json_null() &&
		     json_object_get(view, "assignee") == json_null();
	int step = (int)json_integer_value(json_object_get(view, "step"));
	json_decref(view);
	if (!assign && !transfer)
		return web_text(req, "work.bulk.not_now");
	if (ver <= 0)
		return web_text(req, "work.bulk.no_version");
	enum event_kind k = first && assign ? EV_ASSIGN : transfer ? EV_TRANSFER : EV_ASSIGN;
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.kind = k;
	in.code = code;
	in.department = dep;
	in.assignee_id = assignee;
	in.step = k == EV_TRANSFER ? step : 0;
	struct event_result r;
	char why[256];
	e = desk_act(web_engine(req), db, web_clock(req), who, &in, ver, &r, why, sizeof(why));
	if (e == E_OK)
		return NULL;
	if (e == E_CONFLICT)
		return arena_printf(req_arena(req), "%s %s %s",
				    text_or(req, r.msg_key, "desk.refused"),
				    web_text(req, "desk.last_change"), last_change(req, who, code));
	if (e == E_NOTFOUND && (!r.msg_key || !strcmp(r.msg_key, "dossier.notfound.dossier")))
		return web_text(req, "work.bulk.not_found");
	if (e == E_FORBIDDEN)
		return web_text(req, "work.bulk.forbidden");
	if (e == E_REFUSED || e == E_INVALID || e == E_NOTFOUND)
		return text_or(req, r.msg_key, "desk.refused");
	log_error("bulk assign: %s on %s failed: %s", event_kind_name(k), code, err_name(e));
	*fatal = true;
	return "";
}

/* See web.h. POST /can-bo/tim-kiem/phan-cong: sel_N (codes), ver_N, department, assignee. */
void page_search_assign(struct request *req, struct response *res)
{
	struct actor who = work_actor(req);
	if (!desk_may_assign_many(&who)) {
		res_error(req, res, 403, NULL);
		return;
	}
	struct db *db = web_db(req);
	json_t *ch = NULL;
	if (!db || !web_engine(req) || desk_choices(db, who.unit_id, &ch) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	const char *dep = req_form(req, "department");
	const char *spec = req_form(req, "assignee");
	const char *bad = NULL;
	if (!dep || !web_listed(json_object_get(ch, "departments"), "code", dep))
		bad = "desk.bad_department";
	else if (spec && *spec && !web_listed(json_object_get(ch, "specialists"), "id", spec))
		bad = "desk.bad_specialist";
	json_decref(ch);
	json_t *done = json_array(), *refused = json_array();
	int asked = 0;
	bool fatal = false;
	for (int i = 0; !bad && !fatal && i < SEARCH_PAGE; i++) {
		char name[16];
		snprintf(name, sizeof(name), "sel_%d", i);
		const char *code = req_form(req, name);
		if (!code || !*code)
			continue;
		asked++;
		snprintf(name, sizeof(name), "ver_%d", i);
		const char *v = req_form(req, name);
		int ver = v ? (int)strtol(v, NULL, 10) : 0;
		const char *why = hand_one(req, &who, code, ver, dep,
					   spec && *spec ? strtoll(spec, NULL, 10) : 0, &fatal);
		if (!why)
			json_array_append_new(done, json_pack("{s:s, s:s}", "code", code, "href",
				arena_printf(req_arena(req), "/can-bo/ho-so/%s", code)));
		else if (!fatal)
			json_array_append_new(refused, json_pack("{s:s, s:s}", "code", code,
								 "reason", why));
	}
	if (fatal) {
		json_decref(done);
		json_decref(refused);
		res_error(req, res, 500, NULL);
		return;
	}
	if (!bad && !asked)
		bad = "work.bulk.none_ticked";
	size_t n = json_array_size(done), m = json_array_size(refused);
	json_t *data = json_pack("{s:o, s:o, s:b, s:b, s:i, s:i, s:s}", "done", done, "refused",
				 refused, "has_done", n > 0, "has_refused", m > 0, "n_done", (int)n,
				 "n_refused", (int)m, "error", bad ? web_text(req, bad) : "");
	web_page(req, res, bad ? 400 : 200, "staff_bulk_assign",
		 web_text(req, "work.bulk.title"), data);
}
