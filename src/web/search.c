/* search.c - GET /can-bo/tim-kiem (staff search, search.h) and GET /can-bo/tim-kiem.csv (the
 * same filters as CSV, read a page of rows at a time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/desk.h"
#include "motcua/log.h"
#include "motcua/search.h"
#include "motcua/xalloc.h"
#include "work_view.h"

/* Query field names shared by the form, the page links and the CSV link. */
static const char *const FIELDS[] = { "ma", "ten", "cccd", "sdt", "thu_tuc", "trang_thai",
				      "tu_ngay", "den_ngay" };
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

/* The query string of the request's filters ("ma=..&ten=.."), in the arena. */
static const char *filter_query(struct request *req)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = req_query(req, FIELDS[i]);
		if (!v || !*v)
			continue;
		if (b.len)
			buf_puts(&b, "&");
		buf_printf(&b, "%s=", FIELDS[i]);
		put_encoded(&b, v);
	}
	const char *s = arena_printf(req_arena(req), "%s", b.len ? buf_str(&b) : "");
	buf_free(&b);
	return s;
}

/* The search asked by the request. False (with the field's message key in *bad) when a date
 * is malformed. */
static bool read_query(struct request *req, struct search_query *q, const char **bad)
{
	memset(q, 0, sizeof(*q));
	q->code = req_query(req, "ma");
	q->name = req_query(req, "ten");
	q->id_number = req_query(req, "cccd");
	q->phone = req_query(req, "sdt");
	q->procedure_code = req_query(req, "thu_tuc");
	q->status = req_query(req, "trang_thai");
	if (q->status && !*q->status)
		q->status = NULL;
	const char *from = req_query(req, "tu_ngay"), *to = req_query(req, "den_ngay");
	*bad = NULL;
	if (from && *from && !parse_dmy(from, &q->from_day))
		*bad = "work.search.bad_from";
	if (to && *to && !parse_dmy(to, &q->to_day))
		*bad = "work.search.bad_to";
	const char *raw = req_query_raw(req, "sdt");
	if (raw && *raw && !q->phone)
		*bad = "work.search.bad_phone";
	raw = req_query_raw(req, "cccd");
	if (raw && *raw && !q->id_number)
		*bad = "work.search.bad_id";
	return !*bad;
}

/* The state choices of the form, with the chosen one marked. */
static json_t *states(struct request *req, const char *chosen)
{
	static const char *const names[] = { "submitted", "received", "processing",
					     "supplement", "payment", "resolved", "returned",
					     "refused", "stopped", "withdrawn" };
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char key[48];
		snprintf(key, sizeof(key), "state.%s", names[i]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", names[i], "label",
						   web_text(req, key),
						   "selected", chosen && !strcmp(chosen, names[i])));
	}
	return a;
}

/* See web.h. GET /can-bo/tim-kiem */
void page_search_staff(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct search_query q;
	const char *bad = NULL;
	bool ok = read_query(req, &q, &bad);
	const char *p = req_query(req, "trang");
	int page = p ? atoi(p) - 1 : 0;
	if (page < 0 || page > 100000)
		page = 0;
	struct actor who = work_actor(req);
	json_t *found = NULL;
	enum err e = ok ? search_page(db, &who, &q, page, &found) : E_INVALID;
	json_t *data = json_object();
	json_object_set_new(data, "f", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"ma", q.code ? q.code : "", "ten", q.name ? q.name : "", "cccd",
		q.id_number ? q.id_number : "", "sdt", q.phone ? q.phone : "", "thu_tuc",
		q.procedure_code ? q.procedure_code : "", "tu_ngay",
		req_query(req, "tu_ngay") ? req_query(req, "tu_ngay") : "", "den_ngay",
		req_query(req, "den_ngay") ? req_query(req, "den_ngay") : ""));
	json_object_set_new(data, "states", states(req, q.status));
	/* The bulk assign (search_assign.c): for those who may hand over, the dossier page's
	 * choices for the staff member's own unit. */
	json_t *ch = NULL;
	bool can_assign = desk_may_assign_many(&who);
	if (can_assign && desk_choices(db, who.unit_id, &ch) != E_OK) {
		json_decref(data);
		res_error(req, res, 500, NULL);
		return;
	}
	json_object_set_new(data, "can_assign", json_boolean(can_assign));
	json_object_set_new(data, "choices", ch ? ch : json_false());
	json_object_set_new(data, "error", json_false());
	json_object_set_new(data, "selectable", json_true());
	json_object_set_new(data, "list_title", json_string(web_text(req, "work.search.results")));
	json_object_set_new(data, "searched", json_false());
	json_object_set_new(data, "prev", json_false());
	json_object_set_new(data, "next", json_false());
	int status = 200;
	if (e == E_OK) {
		json_t *rows = work_rows_view(req, json_object_get(found, "rows"));
		json_object_set_new(data, "searched", json_true());
		json_object_set_new(data, "empty", json_boolean(json_array_size(rows) == 0));
		json_object_set_new(data, "rows", rows);
		const char *fq = filter_query(req);
		json_object_set_new(data, "csv", json_string(arena_printf(
			req_arena(req), "/can-bo/tim-kiem.csv?%s", fq)));
		if (page > 0)
			json_object_set_new(data, "prev", json_string(arena_printf(
				req_arena(req), "/can-bo/tim-kiem?%s&trang=%d", fq, page)));
		if (json_is_true(json_object_get(found, "more")))
			json_object_set_new(data, "next", json_string(arena_printf(
				req_arena(req), "/can-bo/tim-kiem?%s&trang=%d", fq, page + 2)));
		json_decref(found);
	} else if (e == E_INVALID && bad) {
		json_object_set_new(data, "error", json_string(web_text(req, bad)));
		status = 400;
	} else if (e != E_INVALID) {
		json_decref(data);
		res_error(req, res, 500, NULL);
		return;
	}
	web_page(req, res, status, "staff_search", web_text(req, "work.search.title"), data);
}

/* Append one CSV field (RFC 4180: quoted when it holds a comma, quote or line break; a
 * leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula). */
static void csv_field(struct buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool formula = strchr("=+-@", *s) && *s;
	if (strpbrk(s, ",\"\r\n") || formula) {
		buf_puts(b, "\"");
		if (formula)
			buf_puts(b, "'");
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				buf_puts(b, "\"");
			buf_append(b, p, 1);
		}
		buf_puts(b, "\"");
	} else {
		buf_puts(b, s);
	}
	buf_puts(b, last ? "\r\n" : ",");
}

struct csv_ctx {
	struct request *req;
	struct buf *out;
	int64_t *ids;	/* the exported dossiers, for the view log */
	size_t n, cap;
};

/* search_each callback: one CSV line. */
static int csv_row(void *ctx, json_t *r)
{
	struct csv_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->ids = xrealloc(c->ids, c->cap * sizeof(*c->ids));
	}
	c->ids[c->n++] = json_integer_value(json_object_get(r, "id"));
	char due[17] = "", sub[17] = "";
	int64_t t = json_integer_value(json_object_get(r, "due_at"));
	if (t)
		format_hm_dmy(t, due);
	t = json_integer_value(json_object_get(r, "submitted_at"));
	if (t)
		format_hm_dmy(t, sub);
	char key[48];
	snprintf(key, sizeof(key), "state.%s",
		 json_string_value(json_object_get(r, "status")));
	csv_field(c->out, json_string_value(json_object_get(r, "code")), false);
	csv_field(c->out, json_string_value(json_object_get(r, "applicant_name")), false);
	csv_field(c->out, json_string_value(json_object_get(r, "procedure")), false);
	csv_field(c->out, json_string_value(json_object_get(r, "unit")), false);
	csv_field(c->out, web_text(c->req, key), false);
	csv_field(c->out, sub, false);
	csv_field(c->out, due, true);
	return 0;
}

/* See web.h. GET /can-bo/tim-kiem.csv */
void page_search_csv(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct search_query q;
	const char *bad = NULL;
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	if (!read_query(req, &q, &bad)) {
		res_error(req, res, 400, web_text(req, bad));
		return;
	}
	struct actor who = work_actor(req);
	struct buf *body = res_body(res);
	buf_puts(body, "\xEF\xBB\xBF");	/* BOM: spreadsheets read UTF-8 */
	static const char *const head[] = { "work.col.code", "work.col.applicant",
					    "work.col.procedure", "work.col.unit",
					    "work.col.status", "work.col.submitted",
					    "work.col.due" };
	for (size_t i = 0; i < 7; i++)
		csv_field(body, web_text(req, head[i]), i == 6);
	struct csv_ctx c = { req, body, NULL, 0, 0 };
	enum err e = search_each(db, &who, &q, csv_row, &c);
	/* Every exported dossier's applicant name left the system: one "search-export" view per
	 * dossier (docs/accountability.md); a failure is logged and the export still sent. */
	if (e == E_OK && c.n) {
		enum err v = view_log_record_many(db, who.user_id, c.ids, c.n, "search-export", 0);
		if (v != E_OK)
			log_error("search export: view log failed: %s", err_name(v));
	}
	free(c.ids);
	if (e != E_OK) {
		buf_reset(body);
		res_error(req, res, e == E_INVALID ? 400 : 500,
			  e == E_INVALID ? web_text(req, "work.search.nothing") : NULL);
		return;
	}
	res_status(res, 200);
	res_type(res, "text/csv; charset=utf-8");
	res_header(res, "Content-Disposition", "attachment; filename=\"tim-kiem.csv\"");
	res_header(res, "Cache-Control", "no-store");
}

/* See web.h. GET /can-bo/in-phieu?sel_0=CODE&... (a link) or POST from the search page's
 * form: the receipts (Form 01) of the selected dossiers that are in the staff member's scope,
 * as links to print one after another. */
void page_search_print(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct actor who = work_actor(req);
	json_t *slips = json_array();
	for (int i = 0; i < SEARCH_PAGE; i++) {
		char name[16];
		snprintf(name, sizeof(name), "sel_%d", i);
		const char *code = req_method(req) == HTTP_POST ? req_form(req, name)
								: req_query(req, name);
		if (!code || !*code)
			continue;
		enum err e = desk_scope(db, &who, code, 0, NULL);
		if (e == E_NOTFOUND)
			continue;	/* out of scope: not listed, nothing said about it */
		if (e != E_OK) {
			json_decref(slips);
			res_error(req, res, 500, NULL);
			return;
		}
		json_array_append_new(slips, json_pack("{s:s, s:s}", "code", code, "href",
			arena_printf(req_arena(req), "/can-bo/ho-so/%s/phieu/01", code)));
	}
	json_t *data = json_pack("{s:o, s:b}", "slips", slips, "empty", json_array_size(slips) == 0);
	web_page(req, res, 200, "staff_print", web_text(req, "work.print.title"), data);
}
