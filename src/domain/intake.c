/* intake.c - the intake and results-ready queues of a unit subtree, and the counter intake
 * (docs/intake.md). Scope is decided here: only the staff member's unit subtree is read, and
 * the engine checks the unit again on receive (event_input.actor_unit_id). */
#include "motcua/intake.h"

#include <stdio.h>
#include <string.h>

#include "motcua/log.h"
#include "motcua/unit.h"

#define UNIT_CACHE 32

/* See intake.h. */
bool intake_may_see(const struct actor *who)
{
	return who && who->unit_id > 0 &&
	       (who->role == ROLE_CLERK || who->role == ROLE_LEADER || who->role == ROLE_ADMIN);
}

/* See intake.h. */
bool intake_may_receive(const struct actor *who)
{
	return who && who->unit_id > 0 && who->role == ROLE_CLERK;
}

/* See intake.h. */
struct intake_age intake_age_split(int64_t seconds, int64_t per_day)
{
	if (per_day <= 0)
		per_day = 8 * 3600;
	if (seconds < 0)
		seconds = 0;
	struct intake_age a = {
		.days = seconds / per_day,
		.hours = seconds % per_day / 3600,
		.minutes = seconds % per_day % 3600 / 60,
	};
	return a;
}

/* What the queue callback needs: the output, the calendar, now, office hours by unit. */
struct queue_ctx {
	struct db *db;
	const struct calendar *cal;
	enum intake_queue_kind kind;
	int64_t now;
	json_t *rows;
	int nunits;
	int64_t unit_ids[UNIT_CACHE];
	struct office_hours hours[UNIT_CACHE];
};

/* Office hours of unit id, cached for the page (when the cache is full its last slot is
 * reused); the default hours when they cannot be read. */
static const struct office_hours *hours_of(struct queue_ctx *q, int64_t id)
{
	for (int i = 0; i < q->nunits; i++)
		if (q->unit_ids[i] == id)
			return &q->hours[i];
	int slot = q->nunits < UNIT_CACHE ? q->nunits++ : UNIT_CACHE - 1;
	q->unit_ids[slot] = id;
	if (unit_office_hours(q->db, id, &q->hours[slot]) != E_OK)
		q->hours[slot] = OFFICE_HOURS_DEFAULT;
	return &q->hours[slot];
}

/* intake_row_fn: one row of the queue as a JSON object. */
static void add_row(void *ctx, const struct intake_row *r)
{
	struct queue_ctx *q = ctx;
	const struct office_hours *h = hours_of(q, r->unit_id);
	int64_t since = q->kind == IQ_READY ? r->finished_at : r->submitted_at;
	int64_t secs = since > 0 ? worktime_between(q->cal, h, since, q->now) : 0;
	struct intake_age a = intake_age_split(secs, (int64_t)office_minutes_per_day(h) * 60);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:s, s:s, s:I, s:I,"
			      " s:I, s:I}",
			      "code", r->code, "status", r->status, "channel", r->channel,
			      "procedure_code", r->procedure_code, "procedure_name",
			      r->procedure_name, "applicant", r->applicant_name, "digitised",
			      r->digitised, "submitted_at", (json_int_t)r->submitted_at,
			      "finished_at", (json_int_t)r->finished_at, "result_channel",
			      r->result_channel, "delivery_address", r->delivery_address,
			      "work_seconds", (json_int_t)secs, "days", (json_int_t)a.days, "hours",
			      (json_int_t)a.hours, "minutes", (json_int_t)a.minutes);
	json_array_append_new(q->rows, o);
}

/* See intake.h. */
enum err intake_queue(struct db *db, const struct calendar *cal, const struct actor *who,
		      enum intake_queue_kind kind, int page, int64_t now, json_t **out)
{
	*out = NULL;
	if (!intake_may_see(who))
		return E_FORBIDDEN;
	struct unit_rec u;
	memset(&u, 0, sizeof(u));
	enum err e = unit_get_by_id(db, who->unit_id, &u);
	if (e != E_OK) {
		unit_rec_free(&u);
		return e == E_NOTFOUND ? E_FORBIDDEN : e;
	}
	if (page < 1)
		page = 1;
	int64_t total = 0;
	struct queue_ctx q;
	memset(&q, 0, sizeof(q));
	q.db = db;
	q.cal = cal;
	q.kind = kind;
	q.now = now;
	q.rows = json_array();
	e = intake_store_count(db, kind, u.path, &total);
	if (e == E_OK)
		e = intake_store_queue(db, kind, u.path, INTAKE_PAGE_SIZE,
				       (page - 1) * INTAKE_PAGE_SIZE, add_row, &q);
	unit_rec_free(&u);
	if (e != E_OK) {
		json_decref(q.rows);
		return e;
	}
	int64_t pages = (total + INTAKE_PAGE_SIZE - 1) / INTAKE_PAGE_SIZE;
	*out = json_pack("{s:o, s:I, s:i, s:I}", "rows", q.rows, "total", (json_int_t)total,
			 "page", page, "pages", (json_int_t)(pages ? pages : 1));
	return E_OK;
}
