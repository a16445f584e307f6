/* calendar_admin.c - one day of the calendar changed from the administration page, and the
 * due dates it moves (docs/calendar-changes.md). */
#include "motcua/calendar_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "motcua/admin_audit.h"
#include "motcua/calendar_store.h"
#include "motcua/unit.h"
#include "motcua/worktime.h"

/* Office hours of a few units, looked up once each. */
struct hours_cache {
	int64_t id[64];
	struct office_hours h[64];
	int n;
};

/* Office hours of unit id (the default when it cannot be read). */
static const struct office_hours *hours_of(struct db *db, struct hours_cache *hc, int64_t id)
{
	for (int i = 0; i < hc->n; i++)
		if (hc->id[i] == id)
			return &hc->h[i];
	static struct office_hours spare;
	struct office_hours *h = hc->n < 64 ? &hc->h[hc->n] : &spare;
	if (unit_office_hours(db, id, h) != E_OK)
		*h = OFFICE_HOURS_DEFAULT;
	if (hc->n < 64)
		hc->id[hc->n++] = id;
	return h;
}

/* One planned move. */
struct move {
	int64_t id, due_at, step_due_at;
};

/* `t` moved by the change: the office time from ref to t under old is counted again from ref
 * under new. Counted under both calendars and the difference applied, so a deadline the
 * change does not touch stays exactly where it is (also one at an opening time). */
static int64_t moved_instant(const struct calendar *old, const struct calendar *new,
			     const struct office_hours *h, int64_t ref, int64_t t)
{
	int64_t rem = worktime_between(old, h, ref, t);
	if (rem <= 0)
		return t;
	return t + worktime_add_seconds(new, h, ref, rem) - worktime_add_seconds(old, h, ref, rem);
}

/* The calendar as in the table, and the same with c applied. */
static enum err calendars(struct db *db, const struct calendar_edit *c, struct calendar **old,
			  struct calendar **new)
{
	*old = calendar_new();
	*new = calendar_new();
	enum err e = calendar_load(*old, db);
	if (e == E_OK)
		e = calendar_load(*new, db);
	if (e != E_OK)
		return e;
	int wd = day_weekday(c->day);
	calendar_set(*new, c->day, c->remove ? (wd != 0 && wd != 6) : c->working);
	return E_OK;
}

/* The dossiers c moves at now: *out (free) and *n. Nothing for a day on or before today or
 * when the day's working state does not change. */
static enum err plan(struct db *db, const struct calendar_edit *c, int64_t now, struct move **out,
		     int *n)
{
	*out = NULL;
	*n = 0;
	if (c->day <= local_day(now))
		return E_OK;
	struct calendar *old, *new;
	enum err e = calendars(db, c, &old, &new);
	if (e != E_OK || calendar_is_working(old, c->day) == calendar_is_working(new, c->day)) {
		calendar_free(old);
		calendar_free(new);
		return e;
	}
	int64_t from = local_instant(c->day, 0);
	struct due_candidate *cand;
	int nc;
	if ((e = calendar_store_due_from(db, from, &cand, &nc)) == E_OK) {
		struct hours_cache *hc = calloc(1, sizeof(*hc));
		struct move *m = nc ? malloc(sizeof(*m) * (size_t)nc) : NULL;
		if (!hc || (nc && !m))
			abort();
		for (int i = 0; i < nc; i++) {
			const struct due_candidate *k = &cand[i];
			const struct office_hours *h = hours_of(db, hc, k->unit_id);
			int64_t ref = k->waiting && k->waiting_since > 0 ? k->waiting_since : now;
			int64_t due = moved_instant(old, new, h, ref, k->due_at);
			int64_t step = 0;
			if (!k->waiting && k->step_due_at >= from)
				step = moved_instant(old, new, h, now, k->step_due_at);
			if (due == k->due_at)
				continue;
			m[*n] = (struct move){ k->id, due, step != k->step_due_at ? step : 0 };
			(*n)++;
		}
		free(hc);
		free(cand);
		*out = m;
	}
	calendar_free(old);
	calendar_free(new);
	return e;
}

/* Whether c is well formed. */
static enum err check(const struct calendar_edit *c)
{
	if (c->day < days_from_civil(1970, 1, 1) || c->day > days_from_civil(2199, 12, 31))
		return E_INVALID;
	if (!c->remove && (!c->name || !*c->name || strlen(c->name) > CALENDAR_NAME_MAX ||
			   (c->source && strlen(c->source) > CALENDAR_NAME_MAX)))
		return E_INVALID;
	return E_OK;
}

/* See calendar_admin.h. */
bool calendar_admin_may_edit(struct db *db, int64_t unit_id)
{
	struct unit_rec u;
	if (unit_id <= 0 || unit_get_by_id(db, unit_id, &u) != E_OK)
		return false;
	bool ok = u.parent_id == 0 || (u.level && !strcmp(u.level, "province"));
	unit_rec_free(&u);
	return ok;
}

/* FNV-1a over a string, continuing from h. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return (h ^ 0xff) * 1099511628211ull;	/* a separator, so "ab"+"c" != "a"+"bc" */
}

/* See calendar_admin.h. */
enum err calendar_admin_fingerprint(struct db *db, int64_t day, char fp[CALENDAR_FP_LEN + 1])
{
	struct calendar_row row;
	char name[CALENDAR_NAME_MAX * 2 + 1], source[CALENDAR_NAME_MAX * 2 + 1];
	enum err e = calendar_store_get(db, day, &row, name, sizeof(name), source, sizeof(source));
	uint64_t h = 14695981039346656037ull;
	if (e == E_NOTFOUND) {
		h = fnv(h, "none");
	} else if (e == E_OK) {
		h = fnv(fnv(fnv(h, row.working ? "1" : "0"), name), source);
	} else {
		return e;
	}
	snprintf(fp, CALENDAR_FP_LEN + 1, "%016llx", (unsigned long long)h);
	return E_OK;
}

/* See calendar_admin.h. */
enum err calendar_admin_preview(struct db *db, const struct clock *clk,
				const struct calendar_edit *c, int64_t *count,
				char fp[CALENDAR_FP_LEN + 1])
{
	*count = 0;
	if (check(c) != E_OK)
		return E_INVALID;
	enum err e = db_begin_read(db);
	if (e != E_OK)
		return e;
	struct move *m = NULL;
	int n = 0;
	if ((e = calendar_admin_fingerprint(db, c->day, fp)) == E_OK)
		e = plan(db, c, clock_now(clk), &m, &n);
	free(m);
	db_rollback(db);
	*count = n;
	return e;
}

/* The row of c as JSON for the administrative record (NULL: none). */
static json_t *row_json(bool exists, bool working, const char *name, const char *source)
{
	if (!exists)
		return NULL;
	return json_pack("{s:b, s:s, s:s}", "working", working, "name", name ? name : "",
			 "source", source ? source : "");
}

/* Write the row of c and its administrative record (inside the transaction). */
static enum err write_day(struct db *db, int64_t actor_id, const struct calendar_edit *c,
			  int64_t moved, int64_t now)
{
	struct calendar_row was = { 0 };
	char name[CALENDAR_NAME_MAX * 2 + 1] = "", source[CALENDAR_NAME_MAX * 2 + 1] = "";
	enum err e = calendar_store_get(db, c->day, &was, name, sizeof(name), source,
					sizeof(source));
	if (e != E_OK && e != E_NOTFOUND)
		return e;
	bool existed = e == E_OK;
	char ymd[11];
	format_ymd(c->day, ymd);
	if (c->remove) {
		e = calendar_store_delete(db, c->day);
	} else {
		struct calendar_row row = { c->day, ymd, c->working, c->name, c->source };
		e = calendar_store_upsert(db, &row);
	}
	if (e != E_OK)
		return e;
	json_t *before = row_json(existed, was.working, name, source);
	json_t *after = row_json(!c->remove, c->working, c->name, c->source);
	if (after)
		json_object_set_new(after, "moved", json_integer(moved));
	char target[32];
	snprintf(target, sizeof(target), "day:%s", ymd);
	struct admin_change ch = {
		.actor_id = actor_id,
		.action = c->remove ? "calendar.remove" : existed ? "calendar.edit" : "calendar.add",
		.target = target,
		.before = before,
		.after = after,
		.at = now,
	};
	if (c->remove) {
		json_t *gone = json_pack("{s:I}", "moved", (json_int_t)moved);
		ch.after = gone;
		e = admin_audit_record(db, &ch);
		json_decref(gone);
	} else {
		e = admin_audit_record(db, &ch);
	}
	json_decref(before);
	json_decref(after);
	return e;
}

/* See calendar_admin.h. */
enum err calendar_admin_save(struct engine *e, struct db *db, const struct clock *clk,
			     int64_t actor_id, const struct calendar_edit *c, const char *fp,
			     int64_t expect, int64_t *moved)
{
	*moved = 0;
	if (check(c) != E_OK)
		return E_INVALID;
	int64_t now = clock_now(clk);
	enum err err = engine_batch_begin(e, db);
	if (err != E_OK)
		return err;
	char cur[CALENDAR_FP_LEN + 1] = "";
	struct move *m = NULL;
	int n = 0;
	if ((err = calendar_admin_fingerprint(db, c->day, cur)) != E_OK)
		goto fail;
	if (!fp || strcmp(fp, cur)) {
		err = E_CONFLICT;
		goto fail;
	}
	if ((err = plan(db, c, now, &m, &n)) != E_OK)
		goto fail;
	if (n != expect) {
		*moved = n;
		err = E_REFUSED;
		goto fail;
	}
	char ymd[11];
	format_ymd(c->day, ymd);
	for (int i = 0; i < n; i++) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.dossier_id = m[i].id;
		in.kind = EV_RESCHEDULE;
		in.role = ROLE_ADMIN;
		in.actor_id = actor_id;
		in.new_due_at = m[i].due_at;
		in.new_step_due_at = m[i].step_due_at;
		in.reason = "calendar";
		in.day = ymd;
		if ((err = dossier_apply(e, db, clk, &in, NULL, NULL, 0)) != E_OK)
			goto fail;
	}
	if ((err = write_day(db, actor_id, c, n, now)) != E_OK)
		goto fail;
	free(m);
	if ((err = engine_batch_commit(e, db)) != E_OK)
		return err;
	*moved = n;
	return engine_reload(e, db);
fail:
	free(m);
	engine_batch_rollback(e, db);
	return err;
}
