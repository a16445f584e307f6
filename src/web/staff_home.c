/* staff_home.c - GET /can-bo: the staff member's menu by role with the work lists' counts as
 * badges (worklist_counts: index range counts), and the navigation badge of the layout. */
#include <stdio.h>
#include <string.h>

#include "motcua/worklist.h"
#include "work_view.h"

/* One menu entry. */
static json_t *entry(struct request *req, const char *href, const char *key, json_t *count)
{
	json_t *e = json_pack("{s:s, s:s}", "href", href, "label", web_text(req, key));
	json_object_set(e, "count", count && json_integer_value(count) > 0 ? count : json_false());
	return e;
}

/* See web.h. GET /can-bo */
void page_staff_home(struct request *req, struct response *res)
{
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct engine *e = web_engine(req);
	struct actor who = work_actor(req);
	json_t *c = NULL;
	enum err err = db && e ? worklist_counts(db, engine_calendar(e), &app->clock, &who, &c)
			       : E_DB;
	if (err != E_OK) {
		res_error(req, res, err == E_NOTFOUND ? 403 : 500, NULL);
		return;
	}
	bool clerk = who.role == ROLE_CLERK || who.role == ROLE_ADMIN;
	bool specialist = who.role == ROLE_SPECIALIST;
	bool leader = who.role == ROLE_LEADER || who.role == ROLE_ADMIN;
	json_t *menu = json_array();
	if (clerk) {
		json_array_append_new(menu, entry(req, "/can-bo/tiep-nhan", "work.menu.intake",
						  json_object_get(c, "intake")));
		json_array_append_new(menu, entry(req, "/can-bo/tra-ket-qua", "work.menu.return",
						  json_object_get(c, "return")));
		json_array_append_new(menu, entry(req, "/can-bo/tiep-nhan/moi",
						  "work.menu.counter", NULL));
	}
	if (specialist)
		json_array_append_new(menu, entry(req, "/can-bo/viec?list=mine", "work.menu.mine",
						  json_object_get(c, "mine")));
	json_t *lists = json_array();
	static const enum worklist shown[] = { WL_OVERDUE, WL_TODAY, WL_DAYS1, WL_DAYS2,
					       WL_DAYS3, WL_SUPPLEMENT };
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		char key[64];
		snprintf(key, sizeof(key), "work.list.%s", worklist_name(shown[i]));
		json_t *x = entry(req, arena_printf(req_arena(req), "/can-bo/viec?list=%s",
						    worklist_name(shown[i])),
				  key, json_object_get(c, worklist_name(shown[i])));
		json_object_set_new(x, "n", json_object_get(c, worklist_name(shown[i]))
						? json_incref(json_object_get(c, worklist_name(shown[i])))
						: json_integer(0));
		json_array_append_new(lists, x);
	}
	json_array_append_new(menu, entry(req, "/can-bo/tim-kiem", "work.menu.search", NULL));
	if (clerk || leader)
		json_array_append_new(menu, entry(req, "/can-bo/phan-anh", "work.menu.feedback",
						  json_object_get(c, "feedback")));
	if (leader) {
		/* Issue 9: the leader's report pages (helper "dash", docs/dashboard.md). */
		static const char *const reports[][2] = {
			{ "/bao-cao", "dash.menu.overview" },
			{ "/bao-cao/bieu-do", "dash.menu.charts" },
			{ "/bao-cao/nguy-co", "dash.menu.risk" },
			{ "/bao-cao/xep-hang", "dash.menu.ranking" },
			{ "/bao-cao/766", "dash.menu.index766" },
			{ "/bao-cao/par", "dash.menu.par" },
		};
		for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
			json_array_append_new(menu, entry(req, reports[i][0], reports[i][1], NULL));
	}
	if (who.role == ROLE_ADMIN)	/* issue 10 (helper "users"): the administration */
		json_array_append_new(menu, entry(req, "/quan-tri", "admin_users.home_title", NULL));
	json_decref(c);
	char role_key[32];
	snprintf(role_key, sizeof(role_key), "role.%s", role_name(who.role));
	const struct web_user *u = web_user(req);
	json_t *data = json_pack("{s:o, s:o, s:s, s:s}", "menu", menu, "lists", lists,
				 "role_label", web_text(req, role_key), "unit",
				 u && u->unit_code ? u->unit_code : "");
	web_page(req, res, 200, "staff_home", web_text(req, "work.home_title"), data);
}

/* See web.h. */
int64_t web_staff_due(struct request *req)
{
	const struct web_user *u = web_user(req);
	if (!u || u->role == ROLE_CITIZEN || !u->unit_id)
		return 0;
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct engine *e = web_engine(req);
	struct actor who = work_actor(req);
	int64_t overdue = 0, today = 0;
	if (!db || !e ||
	    worklist_count(db, engine_calendar(e), &app->clock, &who, WL_OVERDUE, &overdue) != E_OK ||
	    worklist_count(db, engine_calendar(e), &app->clock, &who, WL_TODAY, &today) != E_OK)
		return 0;
	return overdue + today;
}
