/* admin_calendar.c - /quan-tri/lich: each year's holidays, compensatory days off and make-up
 * working days with name and source document; add, edit, remove a day, always through a
 * preview that says how many open dossiers' due dates the change moves (issue 10 §4,
 * docs/calendar-changes.md). Rules in src/domain/calendar_admin.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/calendar_admin.h"
#include "motcua/calendar_store.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/web.h"

/* The form as typed and its checked meaning. */
struct day_form {
	struct calendar_edit edit;
	const char *date;	/* as typed */
	json_t *err;		/* field -> message */
};

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

/* Message of key in the request's language. */
static json_t *msg(struct request *req, const char *key)
{
	return json_string(web_text(req, key));
}

/* Typed value of form field name ("" when absent). */
static const char *typed(struct request *req, const char *name)
{
	const char *v = req_form_raw(req, name);
	return v ? v : "";
}

/* Collect the rows of the page's year. */
static bool add_row(const struct calendar_row *r, void *ctx)
{
	json_t *rows = ctx;
	char dmy[11];
	format_dmy(r->day, dmy);
	json_array_append_new(rows, json_pack("{s:s, s:b, s:s, s:s, s:I}", "date", dmy, "working",
					      r->working, "name", r->name, "source", r->source,
					      "wd", (json_int_t)day_weekday(r->day)));
	return true;
}

/* Year of the page: ?nam, else the year of `day` (0: today). */
static int page_year(struct request *req, int64_t day)
{
	const char *q = req_query(req, "nam");
	int y, m, d;
	civil_from_days(day ? day : local_day(now_of(req)), &y, &m, &d);
	if (!day && q) {
		long v = strtol(q, NULL, 10);
		if (v >= 1970 && v <= 2199)
			y = (int)v;
	}
	return y;
}

/* Render the page: the year's rows, the form (f: values and errors, NULL for a blank or
 * ?ngay-prefilled form) and, when preview >= 0, the confirmation step. */
static void render(struct request *req, struct response *res, int status, struct day_form *f,
		   int64_t preview, const char *fp, const char *notice_key)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	if (!db) {
		if (f)
			json_decref(f->err);
		res_error(req, res, 500, NULL);
		return;
	}
	int64_t pick = 0;
	const char *ngay = req_query(req, "ngay");
	if (f && f->edit.day)
		pick = f->edit.day;
	else if (ngay && !parse_dmy(ngay, &pick))
		pick = 0;
	int year = page_year(req, pick);
	json_t *rows = json_array();
	enum err e = calendar_store_each_range(db, days_from_civil(year, 1, 1),
					       days_from_civil(year + 1, 1, 1), add_row, rows);
	if (e != E_OK) {
		json_decref(rows);
		if (f)
			json_decref(f->err);
		res_error(req, res, 500, NULL);
		return;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		char key[48];
		snprintf(key, sizeof(key), "admin_units.cal.wd%d",
			 (int)json_integer_value(json_object_get(r, "wd")));
		json_object_set_new(r, "weekday", msg(req, key));
		json_object_set_new(r, "kind", msg(req, json_is_true(json_object_get(r, "working"))
								? "admin_units.cal.makeup"
								: "admin_units.cal.off"));
		json_object_set_new(r, "edit",
				    json_string(arena_printf(req_arena(req), "/quan-tri/lich?nam=%d&ngay=%s",
							     year,
							     json_string_value(
								     json_object_get(r, "date")))));
	}
	/* The form: as typed, else the row of ?ngay, else blank. */
	json_t *form = json_pack("{s:s, s:b, s:s, s:s}", "date", "", "working", 0, "name", "",
				 "source", "");
	if (f) {
		json_object_set_new(form, "date", json_string(f->date ? f->date : ""));
		json_object_set_new(form, "working", json_boolean(f->edit.working));
		json_object_set_new(form, "name", json_string(typed(req, "name")));
		json_object_set_new(form, "source", json_string(typed(req, "source")));
	} else if (pick) {
		char name[CALENDAR_NAME_MAX * 2 + 1], source[CALENDAR_NAME_MAX * 2 + 1], dmy[11];
		struct calendar_row row;
		format_dmy(pick, dmy);
		json_object_set_new(form, "date", json_string(dmy));
		if (calendar_store_get(db, pick, &row, name, sizeof(name), source, sizeof(source)) ==
		    E_OK) {
			json_object_set_new(form, "working", json_boolean(row.working));
			json_object_set_new(form, "name", json_string(name));
			json_object_set_new(form, "source", json_string(source));
		}
	}
	bool may = calendar_admin_may_edit(db, u ? u->unit_id : 0);
	json_t *data = json_pack("{s:i, s:i, s:i, s:o, s:b, s:o, s:b}", "year", year, "prev",
				 year - 1, "next", year + 1, "rows", rows, "empty",
				 json_array_size(rows) == 0, "form", form, "may_edit", may);
	json_t *err = json_pack("{s:b, s:b, s:b, s:b}", "date", 0, "working", 0, "name", 0,
				"source", 0);
	if (f && f->err)
		json_object_update(err, f->err);
	if (f)
		json_decref(f->err);
	json_object_set_new(data, "err", err);
	if (preview >= 0 && f) {
		struct buf n = BUF_INIT;
		format_count(preview, web_lang(req), &n);
		const char *key = f->edit.remove ? "admin_units.cal.preview_remove"
				  : f->edit.working ? "admin_units.cal.preview_makeup"
						    : "admin_units.cal.preview_off";
		const char *text = web_fill(req, web_text(req, key), "n", buf_str(&n));
		buf_free(&n);
		bool past = f->edit.day <= local_day(now_of(req));
		json_object_set_new(
			data, "confirm",
			json_pack("{s:s, s:s, s:b, s:I, s:s, s:s, s:b, s:s, s:s}", "text", text,
				  "date", f->date, "working", f->edit.working, "count",
				  (json_int_t)preview, "fp", fp ? fp : "", "remove",
				  f->edit.remove ? "1" : "", "past", past, "name",
				  f->edit.name ? f->edit.name : "", "source",
				  f->edit.source ? f->edit.source : ""));
	} else {
		json_object_set_new(data, "confirm", json_false());
	}
	const char *saved = req_query(req, "da_luu");
	if (notice_key) {
		json_object_set_new(data, "notice", msg(req, notice_key));
	} else if (saved) {
		struct buf n = BUF_INIT;
		format_count(strtoll(saved, NULL, 10), web_lang(req), &n);
		json_object_set_new(data, "notice",
				    json_string(web_fill(req, web_text(req, "admin_units.cal.saved"),
							 "n", buf_str(&n))));
		buf_free(&n);
	} else {
		json_object_set_new(data, "notice", json_false());
	}
	web_page(req, res, status, "admin_calendar", web_text(req, "admin_units.cal.title"), data);
}

/* See web.h. GET /quan-tri/lich (?nam=YYYY, ?ngay=dd/mm/yyyy to edit that day) */
void page_admin_calendar(struct request *req, struct response *res)
{
	render(req, res, 200, NULL, -1, NULL, NULL);
}

/* Read and check the form into *f; false (f->err set) when a field is wrong. */
static bool read_form(struct request *req, struct day_form *f)
{
	memset(f, 0, sizeof(*f));
	f->err = json_object();
	f->date = typed(req, "date");
	f->edit.remove = req_form(req, "remove") != NULL;
	const char *w = req_form(req, "working");
	f->edit.working = w && !strcmp(w, "1");
	f->edit.name = req_form(req, "name");
	f->edit.source = req_form(req, "source");
	const char *date = req_form(req, "date");
	int64_t day;
	if (!date || !parse_dmy(date, &day) || day < days_from_civil(1970, 1, 1) ||
	    day > days_from_civil(2199, 12, 31))
		json_object_set_new(f->err, "date", msg(req, "admin_units.cal.err_date"));
	else
		f->edit.day = day;
	if (!f->edit.remove && (!f->edit.name || !*f->edit.name))
		json_object_set_new(f->err, "name", msg(req, "admin_units.cal.err_name"));
	if (req_field_reason(req, "source"))
		json_object_set_new(f->err, "source", msg(req, "admin_units.cal.err_source"));
	if (!f->edit.remove && !w)
		json_object_set_new(f->err, "working", msg(req, "admin_units.cal.err_working"));
	return json_object_size(f->err) == 0;
}

/* See web.h. POST /quan-tri/lich (date, working, name, source, remove, fp, count, confirm):
 * without confirm the preview; with it the save, refused when the day changed since the
 * preview (stale) or the number of dossiers to move changed (shown again). */
void page_admin_calendar_post(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct engine *eng = web_engine(req);
	const struct web_user *u = web_user(req);
	if (!db || !eng || !u) {
		res_error(req, res, 500, NULL);
		return;
	}
	if (!calendar_admin_may_edit(db, u->unit_id)) {
		res_error(req, res, 403, NULL);
		return;
	}
	struct day_form f;
	if (!read_form(req, &f)) {
		render(req, res, 400, &f, -1, NULL, NULL);
		return;
	}
	struct clock clk = app_clock(req);
	char fp[CALENDAR_FP_LEN + 1];
	int64_t count = 0;
	const char *sent_count = req_form(req, "count");
	const char *sent_fp = req_form(req, "fp");
	if (!req_form(req, "confirm") || !sent_count || !sent_fp) {
		enum err e = calendar_admin_preview(db, &clk, &f.edit, &count, fp);
		if (e != E_OK) {
			json_decref(f.err);
			res_error(req, res, e == E_INVALID ? 400 : 500, NULL);
			return;
		}
		render(req, res, 200, &f, count, fp, NULL);
		return;
	}
	int64_t moved = 0;
	enum err e = calendar_admin_save(eng, db, &clk, u->id, &f.edit, sent_fp,
					 strtoll(sent_count, NULL, 10), &moved);
	if (e == E_OK) {
		json_decref(f.err);
		web_engine_invalidate();
		int y, m, d;
		civil_from_days(f.edit.day, &y, &m, &d);
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/lich?nam=%d&da_luu=%lld",
						    y, (long long)moved));
		return;
	}
	if (e == E_REFUSED || e == E_CONFLICT) {
		/* Show the preview again with today's figures and say why. */
		if (calendar_admin_preview(db, &clk, &f.edit, &count, fp) != E_OK) {
			json_decref(f.err);
			res_error(req, res, 500, NULL);
			return;
		}
		render(req, res, 409, &f, count, fp,
		       e == E_REFUSED ? "admin_units.cal.count_changed" : "admin_units.cal.stale");
		return;
	}
	json_decref(f.err);
	res_error(req, res, e == E_INVALID ? 400 : 500, NULL);
}

/* See web.h. */
void web_admin_event_note(struct request *req, json_t *ev)
{
	const char *kind = json_string_value(json_object_get(ev, "kind"));
	json_t *data = json_object_get(ev, "data");
	if (!kind || !json_is_object(data))
		return;
	const char *text = NULL;
	if (!strcmp(kind, "reschedule")) {
		char before[17], after[17], day[11] = "";
		int64_t d;
		format_hm_dmy(json_integer_value(json_object_get(data, "due_at_before")), before);
		format_hm_dmy(json_integer_value(json_object_get(data, "due_at")), after);
		const char *ymd = json_string_value(json_object_get(data, "day"));
		if (ymd && parse_ymd(ymd, &d))
			format_dmy(d, day);
		text = web_fill(req, web_text(req, "admin_units.tl.reschedule"), "before", before);
		text = web_fill(req, text, "after", after);
		text = web_fill(req, text, "day", day);
	} else if (!strcmp(kind, "move_unit")) {
		const char *from = json_string_value(json_object_get(data, "from"));
		const char *to = json_string_value(json_object_get(data, "to"));
		text = web_fill(req, web_text(req, "admin_units.tl.move_unit"), "from", from ? from : "");
		text = web_fill(req, text, "to", to ? to : "");
	}
	if (text)
		json_object_set_new(ev, "note", json_string(text));
}
