/* worklists.c - GET /can-bo/viec?list=...: a staff member's work lists in working time
 * (worklist.h), paged; and the rows view the other work pages share (work_view.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/worklist.h"
#include "work_view.h"

/* See work_view.h. */
struct actor work_actor(struct request *req)
{
	const struct web_user *u = web_user(req);
	struct actor who = { u ? u->id : 0, u ? u->role : ROLE_CITIZEN, u ? u->unit_id : 0 };
	return who;
}

/* "hh:mm dd/mm/yyyy" of instant t in the arena, or NULL for 0. */
static json_t *when(int64_t t)
{
	if (!t)
		return json_null();
	char s[17];
	format_hm_dmy(t, s);
	return json_string(s);
}

/* See work_view.h. */
json_t *work_rows_view(struct request *req, json_t *rows)
{
	struct app *app = req_app(req);
	int64_t now = clock_now(&app->clock);
	json_t *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *code = json_string_value(json_object_get(r, "code"));
		const char *status = json_string_value(json_object_get(r, "status"));
		int64_t due = json_integer_value(json_object_get(r, "due_at"));
		char key[64];
		snprintf(key, sizeof(key), "state.%s", status ? status : "");
		json_t *v = json_pack("{s:s, s:s, s:O, s:O, s:O, s:s, s:s}", "code", code,
				      "href", arena_printf(req_arena(req), "/can-bo/ho-so/%s", code),
				      "applicant_name", json_object_get(r, "applicant_name"),
				      "procedure", json_object_get(r, "procedure"), "unit",
				      json_object_get(r, "unit"), "status", status ? status : "",
				      "status_label", web_text(req, key));
		json_object_set_new(v, "sel", json_string(arena_printf(req_arena(req), "sel_%zu",
								       i)));
		json_object_set_new(v, "ver", json_string(arena_printf(req_arena(req), "ver_%zu",
								       i)));
		json_object_set_new(v, "version", json_integer(json_integer_value(
							   json_object_get(r, "version"))));
		json_object_set_new(v, "submitted_at",
				    when(json_integer_value(json_object_get(r, "submitted_at"))));
		json_object_set_new(v, "due_at", when(due));
		json_object_set_new(v, "supplement_deadline",
				    when(json_integer_value(json_object_get(r, "supplement_deadline"))));
		json_object_set_new(v, "overdue", json_boolean(due && due < now &&
			(!strcmp(status, "received") || !strcmp(status, "processing"))));
		json_array_append_new(out, v);
	}
	return out;
}

/* See web.h. GET /can-bo/viec?list=today&trang=2 */
void page_worklist(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct engine *e = web_engine(req);
	if (!db || !e) {
		res_error(req, res, 500, NULL);
		return;
	}
	const char *name = req_query(req, "list");
	int l = worklist_parse(name ? name : "today");
	if (l < 0) {
		res_error(req, res, 404, NULL);
		return;
	}
	const char *p = req_query(req, "trang");
	int page = p ? atoi(p) - 1 : 0;
	if (page < 0 || page > 100000)
		page = 0;
	struct actor who = work_actor(req);
	json_t *data = NULL, *counts = NULL;
	enum err err = worklist_page(db, engine_calendar(e), &app->clock, &who, (enum worklist)l,
				     page, &data);
	if (err == E_OK)
		err = worklist_counts(db, engine_calendar(e), &app->clock, &who, &counts);
	if (err != E_OK) {
		json_decref(data);
		res_error(req, res, err == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	json_t *tabs = json_array();
	for (int i = 0; i < WL__MAX; i++) {
		if (i == WL_MINE && who.role != ROLE_SPECIALIST)
			continue;
		char key[64];
		snprintf(key, sizeof(key), "work.list.%s", worklist_name((enum worklist)i));
		json_array_append_new(tabs, json_pack(
			"{s:s, s:s, s:O, s:b}", "href",
			arena_printf(req_arena(req), "/can-bo/viec?list=%s",
				     worklist_name((enum worklist)i)),
			"label", web_text(req, key), "count",
			json_object_get(counts, worklist_name((enum worklist)i)), "current", i == l));
	}
	json_decref(counts);
	char key[64];
	snprintf(key, sizeof(key), "work.list.%s", worklist_name((enum worklist)l));
	const char *title = web_text(req, key);
	json_t *view = json_pack("{s:o, s:s, s:o, s:O, s:b, s:b}", "tabs", tabs, "list_title",
				 title, "rows", work_rows_view(req, json_object_get(data, "rows")),
				 "total", json_object_get(data, "total"), "supplement",
				 l == WL_SUPPLEMENT, "empty",
				 json_array_size(json_object_get(data, "rows")) == 0);
	json_object_set_new(view, "selectable", json_false());
	json_object_set_new(view, "prev", page > 0 ? json_string(arena_printf(
		req_arena(req), "/can-bo/viec?list=%s&trang=%d",
		worklist_name((enum worklist)l), page)) : json_false());
	json_object_set_new(view, "next", json_is_true(json_object_get(data, "more"))
		? json_string(arena_printf(req_arena(req), "/can-bo/viec?list=%s&trang=%d",
					   worklist_name((enum worklist)l), page + 2))
		: json_false());
	json_decref(data);
	web_page(req, res, 200, "worklist", title, view);
}
