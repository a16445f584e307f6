/* staff_feedback.c - GET /can-bo/phan-anh: the open feedback (phản ánh, kiến nghị) of the
 * staff member's subtree by answer deadline, each with an answer form; POST
 * /can-bo/phan-anh/:feedback answers it once (feedback_answer decides scope). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/feedback.h"
#include "work_view.h"

/* Render the queue; error (may be NULL) beside the form of feedback error_id. */
static void render(struct request *req, struct response *res, int status, int64_t error_id,
		   const char *error, const char *typed)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	json_t *list = NULL;
	enum err e = db ? feedback_open_list(db, u->role == ROLE_ADMIN ? NULL : u->unit_code,
					     &list)
			: E_DB;
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct app *app = req_app(req);
	int64_t now = clock_now(&app->clock);
	json_t *rows = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(list, i, f) {
		int64_t id = json_integer_value(json_object_get(f, "id"));
		int64_t due = json_integer_value(json_object_get(f, "due_at"));
		int64_t created = json_integer_value(json_object_get(f, "created_at"));
		char d1[17], d2[17];
		format_hm_dmy(due, d1);
		format_hm_dmy(created, d2);
		json_t *r = json_pack("{s:I, s:O, s:O, s:O, s:s, s:s, s:b, s:s}", "id", (json_int_t)id,
				      "code", json_object_get(f, "code"), "unit",
				      json_object_get(f, "unit"), "body", json_object_get(f, "body"),
				      "due_at", d1, "created_at", d2, "late", due < now, "action",
				      arena_printf(req_arena(req), "/can-bo/phan-anh/%lld",
						   (long long)id));
		bool here = id == error_id && error;
		json_object_set_new(r, "error", here ? json_string(error) : json_false());
		json_object_set_new(r, "typed", json_string(here && typed ? typed : ""));
		json_array_append_new(rows, r);
	}
	json_decref(list);
	json_t *data = json_pack("{s:o, s:b}", "rows", rows, "empty", json_array_size(rows) == 0);
	json_object_set_new(data, "notice", req_query(req, "da_tra_loi")
		? json_string(web_text(req, "work.fb.answered")) : json_false());
	web_page(req, res, status, "staff_feedback", web_text(req, "work.fb.title"), data);
}

/* See web.h. GET /can-bo/phan-anh */
void page_staff_feedback(struct request *req, struct response *res)
{
	render(req, res, 200, 0, NULL, NULL);
}

/* See web.h. POST /can-bo/phan-anh/:feedback (answer, csrf) */
void page_staff_feedback_post(struct request *req, struct response *res)
{
	const char *sid = req_param(req, "feedback");
	int64_t id = sid && strlen(sid) <= 18 && strspn(sid, "0123456789") == strlen(sid)
			     ? strtoll(sid, NULL, 10)
			     : 0;
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct app *app = req_app(req);
	struct actor who = work_actor(req);
	const char *answer = req_form(req, "answer");
	enum err e = id > 0 ? feedback_answer(db, &who, id, answer ? answer : "",
					      clock_now(&app->clock))
			    : E_NOTFOUND;
	if (e == E_OK) {
		res_redirect(res, 303, "/can-bo/phan-anh?da_tra_loi=1");
		return;
	}
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	const char *key = e == E_INVALID ? "work.fb.invalid" : e == E_REFUSED ? "work.fb.already"
										: NULL;
	if (!key) {
		res_error(req, res, 500, NULL);
		return;
	}
	render(req, res, e == E_INVALID ? 400 : 409, id, web_text(req, key),
	       req_form_raw(req, "answer"));
}
