/* worklist.c - work lists and badges in working time (worklist.h). */
#include "motcua/worklist.h"

#include <stdio.h>
#include <string.h>

#include "motcua/unit.h"
#include "motcua/unit_store.h"
#include "motcua/worklist_store.h"

static const char *const NAMES[WL__MAX] = {
	[WL_OVERDUE] = "overdue", [WL_TODAY] = "today", [WL_DAYS1] = "days1",
	[WL_DAYS2] = "days2", [WL_DAYS3] = "days3", [WL_SUPPLEMENT] = "supplement",
	[WL_MINE] = "mine", [WL_INTAKE] = "intake", [WL_RETURN] = "return",
};

/* See worklist.h. */
const char *worklist_name(enum worklist l)
{
	return (unsigned)l < WL__MAX ? NAMES[l] : "?";
}

/* See worklist.h. */
int worklist_parse(const char *s)
{
	for (int i = 0; s && i < WL__MAX; i++)
		if (!strcmp(s, NAMES[i]))
			return i;
	return -1;
}

/* See worklist.h. */
void worklist_window(const struct calendar *c, int64_t now, enum worklist l, int64_t *from,
		     int64_t *to)
{
	int64_t today = local_day(now);
	*from = now;
	switch (l) {
	case WL_OVERDUE:
		*from = INT64_MIN;
		*to = now;
		break;
	case WL_TODAY:
		*to = local_instant(today + 1, 0);
		break;
	case WL_DAYS1:
	case WL_DAYS2:
	case WL_DAYS3:
		*to = local_instant(calendar_next_working(c, today, l - WL_TODAY) + 1, 0);
		break;
	default:
		*to = INT64_MAX;
		break;
	}
}

/* See worklist.h. */
enum err worklist_root(struct db *db, const struct actor *who, char *out, size_t n)
{
	if (!who || !who->unit_id)
		return E_NOTFOUND;
	struct unit_rec u;
	enum err e = unit_get_by_id(db, who->unit_id, &u);
	if (e != E_OK)
		return e;
	snprintf(out, n, "%s", u.path);
	unit_rec_free(&u);
	return E_OK;
}

/* The store's source of list l. */
static enum wl_source source_of(enum worklist l)
{
	switch (l) {
	case WL_SUPPLEMENT:
		return WLS_SUPPLEMENT;
	case WL_MINE:
		return WLS_ASSIGNEE;
	case WL_INTAKE:
		return WLS_SUBMITTED;
	case WL_RETURN:
		return WLS_RESOLVED;
	default:
		return WLS_OPEN_DUE;
	}
}

/* See worklist.h. */
enum err worklist_page(struct db *db, const struct calendar *c, const struct clock *clk,
		       const struct actor *who, enum worklist l, int page, json_t **out)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	if (page < 0)
		page = 0;
	int64_t from, to;
	worklist_window(c, clock_now(clk), l, &from, &to);
	struct wl_row *rows = NULL;
	int n = 0;
	int64_t total = 0;
	e = wl_store_list(db, source_of(l), root, who->user_id, from, to, WORKLIST_PAGE + 1,
			  page * WORKLIST_PAGE, &rows, &n);
	if (e == E_OK)
		e = wl_store_count(db, source_of(l), root, who->user_id, from, to, &total);
	if (e != E_OK) {
		wl_rows_free(rows, n);
		return e;
	}
	json_t *list = json_array();
	for (int i = 0; i < n && i < WORKLIST_PAGE; i++)
		json_array_append_new(list, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "code", rows[i].code,
			"applicant_name", rows[i].applicant_name, "procedure",
			rows[i].procedure_name, "unit", rows[i].unit_name, "status", rows[i].status,
			"submitted_at", (json_int_t)rows[i].submitted_at, "received_at",
			(json_int_t)rows[i].received_at, "due_at", (json_int_t)rows[i].due_at,
			"supplement_deadline", (json_int_t)rows[i].supplement_deadline));
	*out = json_pack("{s:o, s:I, s:i, s:b}", "rows", list, "total", (json_int_t)total, "page",
			 page, "more", n > WORKLIST_PAGE);
	wl_rows_free(rows, n);
	return E_OK;
}

/* See worklist.h. */
enum err worklist_counts(struct db *db, const struct calendar *c, const struct clock *clk,
			 const struct actor *who, json_t **out)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	int64_t now = clock_now(clk);
	json_t *o = json_object();
	for (int l = 0; l < WL__MAX && e == E_OK; l++) {
		int64_t from, to, count = 0;
		worklist_window(c, now, (enum worklist)l, &from, &to);
		e = wl_store_count(db, source_of((enum worklist)l), root, who->user_id, from, to,
				   &count);
		json_object_set_new(o, NAMES[l], json_integer(count));
	}
	int64_t fb = 0;
	if (e == E_OK)
		e = wl_store_count_feedback(db, root, &fb);
	json_object_set_new(o, "feedback", json_integer(fb));
	if (e != E_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return E_OK;
}

/* See worklist.h. */
enum err worklist_count(struct db *db, const struct calendar *c, const struct clock *clk,
			const struct actor *who, enum worklist l, int64_t *count)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	int64_t from, to;
	worklist_window(c, clock_now(clk), l, &from, &to);
	return wl_store_count(db, source_of(l), root, who->user_id, from, to, count);
}
