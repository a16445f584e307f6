/* intake.c - the one-stop shop's queues (issue 8 items 2 and 5; docs/intake.md): dossiers
 * waiting for reception (/can-bo/tiep-nhan) and results waiting to be returned
 * (/can-bo/tra-ket-qua) in the staff member's unit subtree, oldest first, paged. Each row
 * links to the staff dossier page /can-bo/ho-so/:code where the actions are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/format.h"
#include "motcua/intake.h"
#include "motcua/log.h"
#include "wizard.h"

/* Message "<prefix>.<name>", or the name itself when there is none. */
static const char *label_of(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name);
	const char *t = web_text(req, key);
	return t == key ? arena_strdup(req_arena(req), name) : t;
}

/* "1 ngày 3 giờ làm việc", "2 giờ 15 phút làm việc", "5 phút làm việc" of a queue row. */
static const char *age_label(struct request *req, json_t *row)
{
	char d[24], h[24], m[24];
	snprintf(d, sizeof(d), "%lld", (long long)json_integer_value(json_object_get(row, "days")));
	snprintf(h, sizeof(h), "%lld", (long long)json_integer_value(json_object_get(row, "hours")));
	snprintf(m, sizeof(m), "%lld",
		 (long long)json_integer_value(json_object_get(row, "minutes")));
	const char *key = strcmp(d, "0") ? "intake.age_days"
			  : strcmp(h, "0") ? "intake.age_hours"
					   : "intake.age_minutes";
	const char *t = web_fill(req, web_text(req, key), "d", d);
	t = web_fill(req, t, "h", h);
	return web_fill(req, t, "m", m);
}

/* Display fields of each row: labels, times, the link to the staff dossier page. */
static void decorate_rows(struct request *req, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *code = json_string_value(json_object_get(r, "code"));
		json_object_set_new(r, "href",
				    json_string(arena_printf(req_arena(req), "/can-bo/ho-so/%s",
							     code)));
		json_object_set_new(r, "age", json_string(age_label(req, r)));
		json_object_set_new(
			r, "channel_label",
			json_string(label_of(req, "channel",
					     json_string_value(json_object_get(r, "channel")))));
		json_object_set_new(
			r, "status_label",
			json_string(label_of(req, "state",
					     json_string_value(json_object_get(r, "status")))));
		const char *rc = json_string_value(json_object_get(r, "result_channel"));
		json_object_set_new(r, "delivery_label",
				    rc && *rc ? json_string(label_of(req, "delivery", rc))
					      : json_false());
		const char *k[] = { "submitted_at", "finished_at" };
		for (size_t j = 0; j < 2; j++) {
			int64_t t = json_integer_value(json_object_get(r, k[j]));
			char s[17] = "";
			if (t > 0)
				format_hm_dmy(t, s);
			json_object_set_new(r, k[j], t > 0 ? json_string(s) : json_false());
		}
	}
}

/* The page number of ?trang= (1 when absent). */
static int page_number(struct request *req)
{
	const char *p = req_query(req, "trang");
	long n = p ? strtol(p, NULL, 10) : 1;
	return n < 1 || n > 100000 ? 1 : (int)n;
}

/* Answer the queue of kind with template name and title key. */
static void queue_page(struct request *req, struct response *res, enum intake_queue_kind kind,
		       const char *name, const char *title_key, const char *base)
{
	const struct web_user *u = web_user(req);
	struct actor who = { u->id, u->role, u->unit_id };
	struct db *db = web_db(req);
	struct engine *eng = web_engine(req);
	json_t *q = NULL;
	int page = page_number(req);
	enum err e = db && eng ? intake_queue(db, engine_calendar(eng), &who, kind, page,
					       clock_now(web_clock(req)), &q)
			       : E_DB;
	if (e == E_FORBIDDEN) {
		res_error(req, res, 403, NULL);
		return;
	}
	if (e != E_OK) {
		log_error("intake: the %s queue of unit %lld failed: %s", name,
			  (long long)u->unit_id, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *rows = json_object_get(q, "rows");
	decorate_rows(req, rows);
	int64_t pages = json_integer_value(json_object_get(q, "pages"));
	json_object_set_new(q, "has_rows", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(q, "prev_href",
			    page > 1 ? json_string(arena_printf(req_arena(req), "%s?trang=%d",
								base, page - 1))
				     : json_false());
	json_object_set_new(q, "next_href",
			    page < pages ? json_string(arena_printf(req_arena(req), "%s?trang=%d",
								    base, page + 1))
					 : json_false());
	json_object_set_new(q, "may_receive", json_boolean(intake_may_receive(&who)));
	char total[24];
	snprintf(total, sizeof(total), "%lld",
		 (long long)json_integer_value(json_object_get(q, "total")));
	json_object_set_new(q, "total_text",
			    json_string(web_fill(req, web_text(req, "intake.total"), "n", total)));
	web_page(req, res, 200, name, web_text(req, title_key), q);
}

/* See web.h. GET /can-bo/tiep-nhan[?trang=N]. */
void page_intake_queue(struct request *req, struct response *res)
{
	queue_page(req, res, IQ_INTAKE, "intake_queue", "intake.queue_title", "/can-bo/tiep-nhan");
}

/* See web.h. GET /can-bo/tra-ket-qua[?trang=N]. */
void page_ready_queue(struct request *req, struct response *res)
{
	queue_page(req, res, IQ_READY, "intake_ready", "intake.ready_title", "/can-bo/tra-ket-qua");
}
