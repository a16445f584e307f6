/* slip_handovers.c - the rows of Form 05 (Phiếu kiểm soát quá trình giải quyết hồ sơ) from a
 * dossier's event log. Written here until the desk helper's desk_dossier "handovers" lands;
 * the rule is the same (docs/slips.md). */
#include "slip_internal.h"

#include <string.h>

#include "motcua/clock.h"
#include "motcua/slip_store.h"
#include "motcua/unit.h"
#include "motcua/worktime.h"

/* What the walk over the events carries. */
struct walk {
	struct db *db;
	json_t *steps, *rows, *open;	/* open: the row not yet closed, or NULL */
	const struct calendar *cal;
	const struct office_hours *hours;
	char department[64];		/* code of the last department named */
	int64_t assignee;		/* the last assignee named */
	enum err err;
};

/* See slip_internal.h. */
const char *slip_step_result(int64_t done, int64_t due)
{
	if (!done || !due)
		return NULL;
	if (done > due)
		return "late";
	return local_day(done) < local_day(due) ? "early" : "on_time";
}

/* Close the open row at `at`. */
static void close_row(struct walk *w, int64_t at)
{
	if (!w->open)
		return;
	json_object_set_new(w->open, "done_at", json_integer(at));
	const char *r = slip_step_result(at, json_integer_value(json_object_get(w->open,
										 "due_at")));
	json_object_set_new(w->open, "result", r ? json_string(r) : json_null());
	w->open = NULL;
}

/* Open a row for an assign/transfer event at `at` with its data. */
static void open_row(struct walk *w, int64_t at, json_t *data)
{
	const char *dep = json_string_value(json_object_get(data, "department"));
	if (dep)
		snprintf(w->department, sizeof(w->department), "%s", dep);
	json_int_t step = json_integer_value(json_object_get(data, "step"));
	json_t *assignee = json_object_get(data, "assignee");
	if (json_is_integer(assignee))
		w->assignee = json_integer_value(assignee);
	char dep_name[256] = "", who[256] = "";
	if (w->department[0]) {
		struct unit_rec u;
		enum err e = unit_get_by_code(w->db, w->department, &u);
		if (e == E_OK)
			snprintf(dep_name, sizeof(dep_name), "%s", u.name);
		unit_rec_free(&u);
		if (e == E_DB)
			w->err = e;
	}
	if (w->assignee && slip_store_user_name(w->db, w->assignee, who, sizeof(who)) == E_DB)
		w->err = E_DB;
	json_t *s = json_array_get(w->steps, (size_t)step);
	const char *step_name = json_string_value(json_object_get(s, "name"));
	json_int_t hours = json_integer_value(json_object_get(s, "hours"));
	int64_t due = w->cal && hours > 0 ? worktime_add(w->cal, w->hours, at, hours,
							    DU_WORKING_HOURS)
					  : 0;
	json_t *row = json_object();
	json_object_set_new(row, "n", json_integer((json_int_t)json_array_size(w->rows) + 1));
	json_object_set_new(row, "step", json_integer(step));
	json_object_set_new(row, "step_name", json_string(step_name ? step_name : ""));
	json_object_set_new(row, "department", json_string(dep_name[0] ? dep_name
								       : w->department));
	json_object_set_new(row, "assignee", json_string(who));
	json_object_set_new(row, "from_at", json_integer(at));
	json_object_set_new(row, "due_at", json_integer(due));
	json_object_set_new(row, "done_at", json_integer(0));
	json_object_set_new(row, "result", json_null());
	json_array_append_new(w->rows, row);
	w->open = row;
}

/* event_store_each_of callback. */
static bool on_event(void *ctx, const struct event_row *r, int64_t unit_id, int64_t procedure_id,
		     const char *code)
{
	(void)unit_id;
	(void)procedure_id;
	(void)code;
	struct walk *w = ctx;
	if (!strcmp(r->kind, "assign") || !strcmp(r->kind, "transfer")) {
		json_t *data = json_loads(r->data ? r->data : "{}", 0, NULL);
		close_row(w, r->at);
		open_row(w, r->at, data);
		json_decref(data);
	} else if (!strcmp(r->kind, "resolve") || !strcmp(r->kind, "stop") ||
		   !strcmp(r->kind, "withdraw")) {
		close_row(w, r->at);
	}
	return w->err == E_OK;
}

/* See slip_internal.h. */
enum err slip_handovers(struct db *db, int64_t dossier_id, json_t *steps,
			const struct calendar *cal, const struct office_hours *hours, json_t **out)
{
	struct walk w = { db, steps, json_array(), NULL, cal, hours, "", 0, E_OK };
	enum err e = event_store_each_of(db, dossier_id, on_event, &w);
	if (e == E_OK)
		e = w.err;
	if (e != E_OK) {
		json_decref(w.rows);
		return e;
	}
	*out = w.rows;
	return E_OK;
}
