/* slip_ledger.c - Form 06, Sổ theo dõi hồ sơ (issue 8 item 5): GET /can-bo/so-theo-doi
 * ?field=ID&from=dd/mm/yyyy&to=dd/mm/yyyy[&trang=N][&in=1]: the dossiers of a field received
 * in the period in the staff member's unit subtree, paged on the screen, whole (up to
 * SLIP_LEDGER_PRINT_MAX rows) for print on A4 landscape with a page break every
 * LEDGER_PRINT_ROWS rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/slip.h"
#include "motcua/web.h"

#define LEDGER_PRINT_ROWS 15	/* rows on one printed page */

/* "hh:mm dd/mm/yyyy" of the epoch member key of o, or "" for 0. */
static void show_time(json_t *o, const char *key)
{
	int64_t t = json_integer_value(json_object_get(o, key));
	char s[17] = "";
	if (t > 0)
		format_hm_dmy(t, s);
	json_object_set_new(o, key, json_string(s));
}

/* The field choices with the chosen one marked. */
static json_t *field_options(struct request *req, struct db *db, int64_t chosen, bool *ok)
{
	json_t *fields = NULL;
	*ok = catalog_fields(db, &fields) == E_OK;
	if (!*ok)
		return json_array();
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
		json_object_set_new(f, "selected", json_boolean(json_integer_value(json_object_get(
									f, "id")) == chosen));
	(void)req;
	return fields;
}

/* The rows split into printed pages of LEDGER_PRINT_ROWS. */
static json_t *sheets_of(json_t *rows)
{
	json_t *sheets = json_array(), *cur = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (i % LEDGER_PRINT_ROWS == 0) {
			cur = json_array();
			json_array_append_new(sheets, json_pack("{s:o, s:b}", "rows", cur, "last",
								i + LEDGER_PRINT_ROWS >=
									json_array_size(rows)));
		}
		json_array_append(cur, r);
	}
	return sheets;
}

/* See web.h. */
void page_ledger(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	const char *field_text = req_query(req, "field");
	const char *from_raw = req_query_raw(req, "from"), *to_raw = req_query_raw(req, "to");
	const char *page_text = req_query(req, "trang");
	bool print = req_query(req, "in") != NULL;
	int64_t field = field_text ? strtoll(field_text, NULL, 10) : 0;
	int page = page_text ? atoi(page_text) : 1;
	if (page < 1)
		page = 1;
	bool asked = field_text || from_raw || to_raw;
	int64_t d0 = 0, d1 = 0;
	json_t *errors = json_pack("{s:b, s:b, s:b}", "field", false, "from", false, "to", false);
	if (asked && field <= 0)
		json_object_set_new(errors, "field", json_string(web_text(req, "slip.ledger.err_field")));
	if (asked && (!from_raw || !parse_dmy(from_raw, &d0)))
		json_object_set_new(errors, "from", json_string(web_text(req, "slip.ledger.err_date")));
	if (asked && (!to_raw || !parse_dmy(to_raw, &d1)))
		json_object_set_new(errors, "to", json_string(web_text(req, "slip.ledger.err_date")));
	bool bad = json_is_string(json_object_get(errors, "field")) ||
		   json_is_string(json_object_get(errors, "from")) ||
		   json_is_string(json_object_get(errors, "to"));
	if (asked && !bad &&
	    (d1 < d0 || d1 - d0 + 1 > SLIP_LEDGER_DAYS_MAX))
		json_object_set_new(errors, "to",
				    json_string(web_text(req, "slip.ledger.err_period")));
	bool ok;
	json_t *data = json_pack("{s:o, s:s, s:s, s:b, s:b}", "fields",
				 field_options(req, db, field, &ok), "from", from_raw ? from_raw : "",
				 "to", to_raw ? to_raw : "", "print", print, "asked", asked);
	bad = bad || json_is_string(json_object_get(errors, "to"));
	json_object_set_new(data, "has_errors", json_boolean(bad));
	json_object_set_new(data, "errors", errors);
	json_object_set_new(data, "unit", json_string(u && u->unit_code ? u->unit_code : ""));
	if (!ok) {
		json_decref(data);
		res_error(req, res, 500, NULL);
		return;
	}
	static const char *const unset[] = { "rows", "sheets", "empty", "total_text", "capped",
					     "print_href", "screen_href", "prev_href", "next_href" };
	for (size_t i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
		json_object_set_new(data, unset[i], json_false());
	if (asked && !bad) {
		struct actor who = { u->id, u->role, u->unit_id };
		int offset = print ? 0 : (page - 1) * SLIP_LEDGER_PAGE;
		json_t *l = NULL;
		enum err e = slip_ledger(db, &who, field, d0, d1, offset,
					 print ? SLIP_LEDGER_PRINT_MAX : SLIP_LEDGER_PAGE, &l);
		if (e != E_OK) {
			log_error("ledger failed (%s)", err_name(e));
			json_decref(data);
			res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
			return;
		}
		json_t *rows = json_object_get(l, "rows");
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			show_time(r, "received_at");
			show_time(r, "due_at");
			show_time(r, "finished_at");
			show_time(r, "returned_at");
		}
		json_int_t total = json_integer_value(json_object_get(l, "total"));
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)total);
		const char *q = arena_printf(req_arena(req), "/can-bo/so-theo-doi?field=%lld&from=%s&to=%s",
					     (long long)field, from_raw, to_raw);
		json_object_set_new(data, "rows", json_incref(rows));
		json_object_set_new(data, "sheets", sheets_of(rows));
		json_object_set_new(data, "empty", json_boolean(total == 0));
		json_object_set_new(data, "total_text",
				    json_string(web_fill(req, web_text(req, "slip.ledger.total"), "n", n)));
		char cap[24];
		snprintf(cap, sizeof(cap), "%d", SLIP_LEDGER_PRINT_MAX);
		json_object_set_new(data, "capped",
				    print && total > SLIP_LEDGER_PRINT_MAX
					    ? json_string(web_fill(req, web_text(req, "slip.ledger.capped"),
								   "max", cap))
					    : json_false());
		json_object_set_new(data, "print_href",
				    json_string(arena_printf(req_arena(req), "%s&in=1", q)));
		json_object_set_new(data, "screen_href", json_string(q));
		json_object_set_new(data, "prev_href",
				    !print && page > 1 ? json_string(arena_printf(req_arena(req),
						     "%s&trang=%d", q, page - 1)) : json_false());
		json_object_set_new(data, "next_href",
				    !print && (json_int_t)page * SLIP_LEDGER_PAGE < total
					    ? json_string(arena_printf(req_arena(req), "%s&trang=%d", q,
								       page + 1))
					    : json_false());
		json_decref(l);
	}
	web_page(req, res, bad ? 400 : 200,
		 "slip_ledger", web_text(req, "slip.ledger.title"), data);
}
