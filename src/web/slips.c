/* slips.c - the statutory slips as printable A4 pages (issue 8 item 9; docs/slips.md): forms
 * 01-05 and the withdrawal notice of one dossier for staff of its unit subtree
 * (/can-bo/ho-so/:code/phieu/:form) and, except 05, for its owner (/ho-so/:code/phieu/:form);
 * the ledger (Form 06) per field and period (/can-bo/so-theo-doi). What each form prints and
 * who may print it is decided in src/domain/slip*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/slip.h"
#include "motcua/web.h"

#define LEDGER_PRINT_ROWS 15	/* rows on one printed A4 landscape page of the ledger */

/* "hh:mm dd/mm/yyyy" of an instant, or "" for 0 (a section over it renders nothing). */
static json_t *when(int64_t t)
{
	if (t <= 0)
		return json_string("");
	char s[17];
	format_hm_dmy(t, s);
	return json_string(s);
}

/* Replace the epoch member key of o by its display string ("" when 0). */
static void show_time(json_t *o, const char *key)
{
	json_object_set_new(o, key, when(json_integer_value(json_object_get(o, key))));
}

/* Message "<prefix>.<name>", or name itself when there is none. */
static const char *label(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name ? name : "");
	const char *t = web_text(req, key);
	return t == key || !strcmp(t, key) ? arena_strdup(req_arena(req), name ? name : "") : t;
}

/* "ngày dd tháng mm năm yyyy" (the place-and-date line) of the local day of t. */
static const char *dated(struct request *req, int64_t t)
{
	int y, m, d;
	civil_from_days(local_day(t), &y, &m, &d);
	char ds[8], ms[8], ys[8];
	snprintf(ds, sizeof(ds), "%02d", d);
	snprintf(ms, sizeof(ms), "%02d", m);
	snprintf(ys, sizeof(ys), "%04d", y);
	const char *s = web_fill(req, web_text(req, "slip.dated"), "d", ds);
	s = web_fill(req, s, "m", ms);
	return web_fill(req, s, "y", ys);
}

/* Times, labels, the QR code and links of a slip view v of form f. */
static void decorate(struct request *req, json_t *v, enum slip_form f, const char *back)
{
	struct app *app = req_app(req);
	static const char *const times[] = { "submitted_at", "received_at", "due_at",
					     "promised_at", "finished_at", "returned_at",
					     "deadline" };
	int64_t at = json_integer_value(json_object_get(v, "event_at"));
	json_object_set_new(v, "dated", json_string(dated(req, at > 0 ? at : clock_now(&app->clock))));
	show_time(v, "event_at");
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		show_time(v, times[i]);
	json_object_set_new(v, "channel_label",
			    json_string(label(req, "channel",
					      json_string_value(json_object_get(v, "channel")))));
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(v, "handovers"), i, h) {
		show_time(h, "from_at");
		show_time(h, "due_at");
		show_time(h, "done_at");
		const char *r = json_string_value(json_object_get(h, "result"));
		json_object_set_new(h, "result_label",
				    json_string(r ? label(req, "slip.result", r) : ""));
	}
	json_object_set_new(v, "has_items",
			    json_boolean(json_array_size(json_object_get(v, "items")) > 0));
	json_object_set_new(v, "has_components",
			    json_boolean(json_array_size(json_object_get(v, "components")) > 0));
	json_object_set_new(v, "has_handovers",
			    json_boolean(json_array_size(json_object_get(v, "handovers")) > 0));
	const char *code = json_string_value(json_object_get(v, "code"));
	const char *qr = web_lookup_qr(req, code);
	/* qr_svg output: every text in it is escaped there (see receipt.html). */
	json_object_set_new(v, "qr", json_string(qr ? qr : ""));
	json_object_set_new(v, "back_href", json_string(back));
	char key[48];
	snprintf(key, sizeof(key), "slip.sign.%s_left", slip_form_name(f));
	const char *left = web_text(req, key);
	json_object_set_new(v, "sign_left", json_string(strcmp(left, key) ? left : ""));
	json_object_set_new(v, "sign_right", json_string(label(req, "slip.sign",
								slip_form_name(f))));
	json_object_set_new(v, "form_no",
			    json_string(label(req, "slip.number", slip_form_name(f))));
	json_object_set_new(v, "form_title",
			    json_string(label(req, "slip.title", slip_form_name(f))));
}

/* One slip page: as the dossier's owner or as staff. */
static void slip_page(struct request *req, struct response *res, bool as_owner)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *code = req_param(req, "code");
	int f = slip_form_parse(req_param(req, "form"));
	if (!u || f < 0) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct actor who = { u->id, u->role, u->unit_id };
	json_t *v = NULL;
	enum err e = slip_view(db, &who, as_owner, code, (enum slip_form)f, &v);
	const char *back = arena_printf(req_arena(req), as_owner ? "/ho-so/%s" : "/can-bo/ho-so/%s",
					code);
	if (e == E_REFUSED) {
		const char *name = slip_form_name((enum slip_form)f);
		json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "form_title",
					 label(req, "slip.title", name), "message",
					 label(req, "slip.missing", name), "back_href", back);
		web_page(req, res, 404, "slip_missing", web_text(req, "slip.missing_title"), data);
		return;
	}
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		log_error("slip %s of %s failed (%s)", slip_form_name((enum slip_form)f), code,
			  err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	decorate(req, v, (enum slip_form)f, back);
	const char *tpl = arena_printf(req_arena(req), "slip_%s", slip_form_name((enum slip_form)f));
	const char *title = arena_printf(req_arena(req), "%s %s",
					 json_string_value(json_object_get(v, "form_title")), code);
	web_page(req, res, 200, tpl, title, v);
}

/* See web.h. GET /can-bo/ho-so/:code/phieu/:form (staff of the dossier's unit subtree). */
void page_slip_staff(struct request *req, struct response *res)
{
	slip_page(req, res, false);
}

/* See web.h. GET /ho-so/:code/phieu/:form (the dossier's owner; 404 for anyone else). */
void page_slip_owner(struct request *req, struct response *res)
{
	slip_page(req, res, true);
}

/* The list of the slips of a dossier that apply now, as the owner or as staff. */
static void index_page(struct request *req, struct response *res, bool as_owner)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *code = req_param(req, "code");
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct actor who = { u->id, u->role, u->unit_id };
	bool avail[SLIP__MAX];
	enum err e = slip_available(db, &who, as_owner, code, avail);
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		log_error("slips of %s failed (%s)", code, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	const char *prefix = as_owner ? "/ho-so" : "/can-bo/ho-so";
	json_t *list = json_array();
	for (int f = 0; f < SLIP__MAX; f++) {
		if (!avail[f])
			continue;
		const char *name = slip_form_name((enum slip_form)f);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "href",
						      arena_printf(req_arena(req), "%s/%s/phieu/%s",
								   prefix, code, name),
						      "number", label(req, "slip.number", name),
						      "title", label(req, "slip.title", name)));
	}
	json_t *data = json_pack("{s:s, s:o, s:b, s:s}", "code", code, "slips", list, "none",
				 json_array_size(list) == 0, "back_href",
				 arena_printf(req_arena(req), "%s/%s", prefix, code));
	web_page(req, res, 200, "slip_index", web_text(req, "slip.index_title"), data);
}

/* See web.h. GET /can-bo/ho-so/:code/phieu: the slips of the dossier that apply now. */
void page_slip_index_staff(struct request *req, struct response *res)
{
	index_page(req, res, false);
}

/* See web.h. GET /ho-so/:code/phieu: the slips the owner may print now (404 for anyone else). */
void page_slip_index_owner(struct request *req, struct response *res)
{
	index_page(req, res, true);
}
