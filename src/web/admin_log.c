/* admin_log.c - GET /quan-tri/nhat-ky: the administrative record (issue 10 §8,
 * docs/accountability.md): filter by action, actor and dates; before and after of each
 * change; the state of the hash chains. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_log.h"
#include "motcua/arena.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/web.h"

/* Query fields of the page, in the order of the form. */
static const char *const FIELDS[] = { "hanh_dong", "nguoi", "tu_ngay", "den_ngay" };
#define NFIELDS (sizeof(FIELDS) / sizeof(FIELDS[0]))

/* Percent-encode s onto b (query value). */
static void put_encoded(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_append(b, p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* A link to page `page` with the request's valid filters (arena). */
static const char *page_link(struct request *req, int page)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "/quan-tri/nhat-ky?trang=%d", page);
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = req_query(req, FIELDS[i]);
		if (v && *v) {
			buf_printf(&b, "&%s=", FIELDS[i]);
			put_encoded(&b, v);
		}
	}
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* A date field's day (0 when empty); *bad set when it was typed but is not dd/mm/yyyy. */
static int64_t day_of(struct request *req, const char *name, bool *bad)
{
	const char *v = req_query(req, name);
	int64_t day = 0;
	if (v && *v && parse_dmy(v, &day))
		return day;
	if ((v && *v) || req_field_reason(req, name))
		*bad = true;
	return 0;
}

/* See web.h. GET /quan-tri/nhat-ky[?hanh_dong=&nguoi=&tu_ngay=&den_ngay=&trang=] */
void page_admin_log(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	bool bad_from = false, bad_to = false;
	const char *page_text = req_query(req, "trang");
	int page = page_text ? (int)strtol(page_text, NULL, 10) : 0;
	if (page < 0 || page > 100000)
		page = 0;
	struct admin_log_query q = {
		.action = req_query(req, "hanh_dong"),
		.actor = req_query(req, "nguoi"),
		.from_day = day_of(req, "tu_ngay", &bad_from),
		.to_day = day_of(req, "den_ngay", &bad_to),
		.page = page,
	};
	json_t *d = NULL;
	enum err e = db ? admin_log_page(db, u->unit_id, &q, &d) : E_DB;
	if (e == E_FORBIDDEN) {
		res_error(req, res, 403, NULL);
		return;
	}
	if (e != E_OK) {
		log_error("admin log: page failed: %s", err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(d, "rows"), i, r) {
		char at[17];
		format_hm_dmy(json_integer_value(json_object_get(r, "at")), at);
		json_object_set_new(r, "at_text", json_string(at));
		const char *who = json_string_value(json_object_get(r, "actor_name"));
		json_object_set_new(r, "who", json_string(who && *who ? who
						   : web_text(req, "admin_audit.log.system")));
		json_object_set_new(r, "has_changes",
				    json_boolean(json_array_size(json_object_get(r, "changes")) > 0));
	}
	const char *chosen = q.action ? q.action : "";
	json_t *actions = json_array();
	json_t *a;
	json_array_foreach(json_object_get(d, "actions"), i, a)
		json_array_append_new(actions, json_pack("{s:s, s:b}", "name", json_string_value(a),
							 "selected",
							 !strcmp(json_string_value(a), chosen)));
	json_object_set_new(d, "actions", actions);
	json_t *chain = json_object_get(d, "chain");
	if (!json_is_true(json_object_get(chain, "ok"))) {
		char id[24];
		snprintf(id, sizeof(id), "%lld",
			 (long long)json_integer_value(json_object_get(chain, "id")));
		json_object_set_new(chain, "broken_text",
				    json_string(web_fill(req, web_fill(req,
					web_text(req, "admin_audit.log.chain_broken"), "table",
					json_string_value(json_object_get(chain, "table"))), "id", id)));
	}
	json_object_set_new(d, "f", json_pack("{s:s, s:s, s:s, s:s}",
		"nguoi", req_query_raw(req, "nguoi") ? req_query_raw(req, "nguoi") : "",
		"tu_ngay", req_query_raw(req, "tu_ngay") ? req_query_raw(req, "tu_ngay") : "",
		"den_ngay", req_query_raw(req, "den_ngay") ? req_query_raw(req, "den_ngay") : "",
		"hanh_dong", chosen));
	json_object_set_new(d, "err", json_pack("{s:o, s:o}",
		"tu_ngay", bad_from ? json_string(web_text(req, "admin_audit.log.bad_date")) : json_false(),
		"den_ngay", bad_to ? json_string(web_text(req, "admin_audit.log.bad_date")) : json_false()));
	json_object_set_new(d, "empty", json_boolean(json_array_size(json_object_get(d, "rows")) == 0));
	json_object_set_new(d, "next", json_is_true(json_object_get(d, "more"))
					       ? json_string(page_link(req, page + 1)) : json_false());
	json_object_set_new(d, "prev", page > 0 ? json_string(page_link(req, page - 1)) : json_false());
	web_page(req, res, bad_from || bad_to ? 422 : 200, "admin_log",
		 web_text(req, "admin_audit.log.title"), d);
}
