/* atrisk.c - at-risk lists, apologies due and the on-time projection (atrisk.h). */
#include "motcua/atrisk.h"

#include <math.h>
#include <string.h>

#include "motcua/atrisk_store.h"
#include "motcua/dossier.h"
#include "motcua/unit.h"
#include "motcua/worklist.h"
#include "motcua/worktime.h"

/* See atrisk.h. */
int64_t atrisk_window_end(const struct calendar *c, int64_t now, int days)
{
	if (days < 0)
		days = 0;
	if (days > ATRISK_DAYS_MAX)
		days = ATRISK_DAYS_MAX;
	int64_t today = local_day(now);
	int64_t last = days ? calendar_next_working(c, today, days) : today;
	return local_instant(last + 1, 0);
}

/* See atrisk.h. */
int64_t atrisk_step_seconds(const struct calendar *c, const struct office_hours *h, int64_t start,
			    int64_t now)
{
	if (start <= 0 || start >= now)
		return 0;
	return worktime_between(c, h, start, now);
}

/* See atrisk.h. */
int64_t atrisk_promise_day(const struct calendar *c, const struct office_hours *h, int64_t due_at,
			   int64_t now, int64_t value, enum duration_unit unit)
{
	int64_t days;
	if (unit == DU_WORKING_HOURS) {
		int per_day = office_minutes_per_day(h && h->n ? h : &OFFICE_HOURS_DEFAULT);
		int64_t minutes = value * 60;
		/* half the hours, in whole working days, rounded up */
		days = per_day > 0 ? (minutes + 2 * per_day - 1) / (2 * per_day) : 1;
	} else {
		days = (value + 1) / 2;
	}
	if (days < 1)
		days = 1;
	int64_t from = due_at > now ? due_at : now;
	return local_day(worktime_add(c, h, from, days, DU_WORKING_DAYS));
}

/* The name of step i of the procedure's steps JSON text, or NULL (copied into out). */
static const char *step_name(const char *steps, int i, char *out, size_t n)
{
	json_t *a = steps ? json_loads(steps, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(json_array_get(a, (size_t)i), "name"));
	const char *r = NULL;
	if (s) {
		snprintf(out, n, "%s", s);
		r = out;
	}
	json_decref(a);
	return r;
}

/* The office hours of the last unit seen (rows come mostly from few units). */
struct hours_memo {
	int64_t unit_id;
	struct office_hours h;
};

/* One row as JSON (atrisk.h), working time in step with the dossier unit's office hours. */
static json_t *row_json(struct db *db, const struct calendar *c, int64_t now,
			const struct actor *who, const struct atrisk_row *r, struct hours_memo *m)
{
	if (r->unit_id != m->unit_id) {
		if (unit_office_hours(db, r->unit_id, &m->h) != E_OK)
			m->h = OFFICE_HOURS_DEFAULT;
		m->unit_id = r->unit_id;
	}
	bool handed = r->step_started_at > 0;
	int64_t start = handed ? r->step_started_at : r->received_at;
	char name[256];
	const char *sn = handed ? step_name(r->steps, r->step, name, sizeof(name)) : NULL;
	int st = dossier_status_parse(r->status);
	bool may = st >= 0 && !r->apology_at &&
		   dossier_event_allowed(EV_APOLOGISE, (enum dossier_status)st, who->role);
	int du = duration_unit_parse(r->duration_unit);
	int64_t promised = atrisk_promise_day(c, &m->h, r->due_at, now, r->duration_value,
					      du < 0 ? DU_WORKING_DAYS : (enum duration_unit)du);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:i}",
			      "code", r->code, "applicant_name", r->applicant_name,
			      "procedure", r->procedure_name, "unit", r->unit_name,
			      "status", r->status, "due_at", (json_int_t)r->due_at,
			      "overdue", r->due_at < now, "department", r->department_name,
			      "assignee", r->assignee_name, "step", handed ? r->step : -1);
	json_object_set_new(o, "step_name", sn ? json_string(sn) : json_null());
	json_object_set_new(o, "step_started_at", json_integer(start));
	json_object_set_new(o, "step_seconds",
			    json_integer(atrisk_step_seconds(c, &m->h, start, now)));
	json_object_set_new(o, "apology_at", json_integer(r->apology_at));
	json_object_set_new(o, "may_apologise", json_boolean(may));
	json_object_set_new(o, "promised_day", json_integer(promised));
	json_object_set_new(o, "version", json_integer(r->version));
	return o;
}

/* The rows of one list page as JSON. */
static json_t *rows_json(struct db *db, const struct calendar *c, int64_t now,
			 const struct actor *who, const struct atrisk_row *rows, int n)
{
	json_t *list = json_array();
	struct hours_memo m = { 0, OFFICE_HOURS_DEFAULT };
	for (int i = 0; i < n; i++)
		json_array_append_new(list, row_json(db, c, now, who, &rows[i], &m));
	return list;
}

/* A page of the list of open dossiers due before `before` (optionally without apology). */
static enum err list_page(struct db *db, const struct calendar *c, const struct clock *clk,
			  const struct actor *who, int64_t before, bool no_apology, int page,
			  json_t **out)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	if (page < 0)
		page = 0;
	int64_t now = clock_now(clk), total = 0, overdue = 0;
	struct atrisk_row *rows = NULL;
	int n = 0;
	e = atrisk_store_list(db, root, before, no_apology, ATRISK_PAGE + 1, page * ATRISK_PAGE,
			      &rows, &n);
	if (e == E_OK)
		e = atrisk_store_count(db, root, before, no_apology, now, &total, &overdue);
	if (e != E_OK) {
		atrisk_rows_free(rows, n);
		return e;
	}
	json_t *list = rows_json(db, c, now, who, rows, n < ATRISK_PAGE ? n : ATRISK_PAGE);
	*out = json_pack("{s:o, s:I, s:I, s:i, s:b, s:I}", "rows", list, "total",
			 (json_int_t)total, "overdue", (json_int_t)overdue, "page", page, "more",
			 n > ATRISK_PAGE, "window_end", (json_int_t)before);
	atrisk_rows_free(rows, n);
	return E_OK;
}

/* See atrisk.h. */
enum err atrisk_page(struct db *db, const struct calendar *c, const struct clock *clk,
		     const struct actor *who, int days, int page, json_t **out)
{
	if (days < ATRISK_DAYS_MIN)
		days = ATRISK_DAYS_MIN;
	if (days > ATRISK_DAYS_MAX)
		days = ATRISK_DAYS_MAX;
	return list_page(db, c, clk, who, atrisk_window_end(c, clock_now(clk), days), false, page,
			 out);
}

/* See atrisk.h. */
enum err atrisk_apologies(struct db *db, const struct calendar *c, const struct clock *clk,
			  const struct actor *who, int page, json_t **out)
{
	return list_page(db, c, clk, who, atrisk_window_end(c, clock_now(clk), 1), true, page, out);
}

struct each_ctx {
	struct db *db;
	const struct calendar *c;
	int64_t now;
	const struct actor *who;
	struct hours_memo m;
	int (*fn)(void *ctx, json_t *row);
	void *ctx;
};

/* atrisk_store_each callback: the row as JSON to the caller's fn. */
static int each_row(void *p, const struct atrisk_row *r)
{
	struct each_ctx *x = p;
	json_t *o = row_json(x->db, x->c, x->now, x->who, r, &x->m);
	int stop = x->fn(x->ctx, o);
	json_decref(o);
	return stop;
}

/* See atrisk.h. */
enum err atrisk_each(struct db *db, const struct calendar *c, const struct clock *clk,
		     const struct actor *who, int days, int (*fn)(void *ctx, json_t *row),
		     void *ctx)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	if (days < ATRISK_DAYS_MIN)
		days = ATRISK_DAYS_MIN;
	if (days > ATRISK_DAYS_MAX)
		days = ATRISK_DAYS_MAX;
	int64_t now = clock_now(clk);
	struct each_ctx x = { db, c, now, who, { 0, OFFICE_HOURS_DEFAULT }, fn, ctx };
	return atrisk_store_each(db, root, atrisk_window_end(c, now, days), each_row, &x);
}

/* num / den rounded to 4 decimals, or null when den is 0. */
static json_t *rate(int64_t num, int64_t den)
{
	return den > 0 ? json_real(round((double)num / (double)den * 10000.0) / 10000.0)
		       : json_null();
}

/* See atrisk.h. */
json_t *atrisk_projection(const json_t *total)
{
	int64_t early = json_integer_value(json_object_get(total, "finished_early"));
	int64_t on_time = json_integer_value(json_object_get(total, "finished_on_time"));
	int64_t late = json_integer_value(json_object_get(total, "finished_late"));
	int64_t in_time = json_integer_value(json_object_get(total, "open_in_time"));
	int64_t overdue = json_integer_value(json_object_get(total, "open_overdue"));
	int64_t good = early + on_time, finished = good + late;
	json_t *o = json_pack("{s:I, s:I, s:I}", "finished", (json_int_t)finished, "open_in_time",
			      (json_int_t)in_time, "open_overdue", (json_int_t)overdue);
	json_object_set_new(o, "current", rate(good, finished));
	json_object_set_new(o, "if_due", rate(good + in_time, finished + in_time));
	json_object_set_new(o, "if_late", rate(good + in_time, finished + in_time + overdue));
	return o;
}
