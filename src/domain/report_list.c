/* report_list.c - the dossiers behind a figure (drill-down), from dossiers and events rather
 * than counters, so a test can hold the two against each other. */
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"
#include "motcua/dossier_store.h"
#include "report_internal.h"

struct state_at {
	int64_t t;
	enum dossier_status status;
	int64_t due_at;
};

/* Follow a dossier's events up to t: its state and due_at as they stood. */
static bool follow(void *ctx, const struct event_row *r, int64_t unit_id, int64_t procedure_id,
		   const char *code)
{
	(void)unit_id;
	(void)procedure_id;
	(void)code;
	struct state_at *s = ctx;
	if (r->at > s->t)
		return false;
	struct stat_event ev;
	if (stats_event_from_row(r->kind, r->from, r->to, r->at, r->data, &ev) != E_OK)
		return false;
	s->status = ev.to;
	if (ev.due_at)
		s->due_at = ev.due_at;
	return true;
}

/* qsort of C strings. */
static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* See report.h. */
enum err report_list(struct db *db, const struct report_params *p, enum figure f, json_t **out,
		     char *why, unsigned long n)
{
	char dummy[8];
	if (!why) {
		why = dummy;
		n = sizeof(dummy);
	}
	why[0] = '\0';
	struct report_ctx c;
	enum err e = report_ctx_open(db, p, &c, why, n);
	if (e != E_OK)
		return e;
	struct report_dossier *ds = NULL;
	int nds = 0;
	if ((e = report_store_received(db, c.t, &ds, &nds)) != E_OK) {
		report_ctx_free(&c);
		return e;
	}
	int64_t p_start = local_instant(c.from, 0);
	int64_t cut = p_start - 1 < c.t ? p_start - 1 : c.t;	/* end of "before P" */
	const char **codes = xcalloc((size_t)nds + 1, sizeof(*codes));
	int ncodes = 0;
	for (int i = 0; i < nds && e == E_OK; i++) {
		const struct report_dossier *d = &ds[i];
		if (!report_in_scope(&c, d->unit_id))
			continue;
		bool fin_in_p = d->finished_at && d->finished_at >= p_start && d->finished_at <= c.t;
		bool open_at_t = !d->finished_at || d->finished_at > c.t;
		bool hit = false;
		switch (f) {
		case FIG_RECEIVED:
			hit = d->received_at >= p_start;
			break;
		case FIG_CARRIED_OVER:
			hit = d->received_at <= cut && (!d->finished_at || d->finished_at > cut);
			break;
		case FIG_FINISHED_EARLY:
			hit = fin_in_p && !strcmp(d->outcome, "early");
			break;
		case FIG_FINISHED_ON_TIME:
			hit = fin_in_p && !strcmp(d->outcome, "on_time");
			break;
		case FIG_FINISHED_LATE:
			hit = fin_in_p && !strcmp(d->outcome, "late");
			break;
		case FIG_OPEN_IN_TIME:
		case FIG_OPEN_OVERDUE:
		case FIG_WAITING: {
			if (!open_at_t)
				break;
			struct state_at s = { c.t, DS__MAX, 0 };
			e = event_store_each_of(db, d->id, follow, &s);
			bool waiting = s.status == DS_SUPPLEMENT || s.status == DS_PAYMENT;
			bool overdue = local_day(s.due_at) < c.day_t;
			hit = f == FIG_WAITING ? waiting :
			      f == FIG_OPEN_OVERDUE ? !waiting && overdue : !waiting && !overdue;
			break;
		}
		case FIG__MAX:
			break;
		}
		if (hit)
			codes[ncodes++] = d->code;
	}
	if (e == E_OK) {
		qsort(codes, (size_t)ncodes, sizeof(*codes), by_str);
		json_t *arr = json_array();
		for (int i = 0; i < ncodes; i++)
			json_array_append_new(arr, json_string(codes[i]));
		*out = arr;
	}
	free(codes);
	free(ds);
	report_ctx_free(&c);
	return e;
}

/* What report_list_each carries from row to row. */
struct each_ctx {
	struct db *db;
	const struct report_ctx *c;
	enum figure f;
	enum report_group group;
	const char *key;
	int64_t p_start, cut;
	report_item_fn fn;
	void *ctx;
	enum err e;
	bool stop;	/* fn asked to stop */
};

/* Whether row r belongs to figure x->f; *due receives due_at as it stood at T. */
static bool in_figure(struct each_ctx *x, const struct report_list_row *r, int64_t *due)
{
	const struct report_ctx *c = x->c;
	bool fin_in_p = r->finished_at && r->finished_at >= x->p_start && r->finished_at <= c->t;
	*due = r->due_at;
	switch (x->f) {
	case FIG_RECEIVED:
		return r->received_at >= x->p_start;
	case FIG_CARRIED_OVER:
		return r->received_at <= x->cut && (!r->finished_at || r->finished_at > x->cut);
	case FIG_FINISHED_EARLY:
		return fin_in_p && !strcmp(r->outcome, "early");
	case FIG_FINISHED_ON_TIME:
		return fin_in_p && !strcmp(r->outcome, "on_time");
	case FIG_FINISHED_LATE:
		return fin_in_p && !strcmp(r->outcome, "late");
	case FIG_OPEN_IN_TIME:
	case FIG_OPEN_OVERDUE:
	case FIG_WAITING: {
		if (r->finished_at && r->finished_at <= c->t)
			return false;
		struct state_at s = { c->t, DS__MAX, 0 };
		x->e = event_store_each_of(x->db, r->id, follow, &s);
		*due = s.due_at;
		bool waiting = s.status == DS_SUPPLEMENT || s.status == DS_PAYMENT;
		bool overdue = local_day(s.due_at) < c->day_t;
		return x->f == FIG_WAITING ? waiting :
		       x->f == FIG_OPEN_OVERDUE ? !waiting && overdue : !waiting && !overdue;
	}
	case FIG__MAX:
		break;
	}
	return false;
}

/* One stored dossier: filter by row key and figure, hand it to the caller. */
static bool each_row(void *ctx, const struct report_list_row *r)
{
	struct each_ctx *x = ctx;
	const struct report_proc *pr = report_proc_by_id(x->c, r->procedure_id);
	if (x->key && x->group == GROUP_FIELD && (!pr || strcmp(pr->field, x->key)))
		return true;
	if (x->key && x->group == GROUP_PROCEDURE && (!pr || strcmp(pr->code, x->key)))
		return true;
	int64_t due = 0;
	bool hit = in_figure(x, r, &due);
	if (x->e != E_OK)
		return false;
	if (!hit)
		return true;
	const struct report_unit *u = report_unit_by_id(x->c, r->unit_id);
	bool fin = r->finished_at && r->finished_at <= x->c->t;
	struct report_item it = {
		.code = r->code, .applicant_name = r->applicant_name,
		.outcome = fin ? r->outcome : "",
		.unit_code = u ? u->code : "", .unit_name = u ? u->name : "",
		.procedure_code = pr ? pr->code : "", .procedure_name = pr ? pr->name : "",
		.field = pr ? pr->field : "",
		.received_at = r->received_at, .due_at = due, .finished_at = fin ? r->finished_at : 0,
	};
	if (!x->fn(x->ctx, &it))
		x->stop = true;
	return !x->stop;
}

/* qsort of unit pointers by code. */
static int unit_by_code(const void *a, const void *b)
{
	return strcmp((*(const struct report_unit *const *)a)->code,
		      (*(const struct report_unit *const *)b)->code);
}

/* See report.h. */
enum err report_list_each(struct db *db, const struct report_params *p, enum figure f,
			  const char *key, report_item_fn fn, void *ctx, char *why,
			  unsigned long n)
{
	char dummy[8];
	if (!why) {
		why = dummy;
		n = sizeof(dummy);
	}
	why[0] = '\0';
	if (f >= FIG__MAX) {
		snprintf(why, n, "unknown figure");
		return E_INVALID;
	}
	struct report_ctx c;
	enum err e = report_ctx_open(db, p, &c, why, n);
	if (e != E_OK)
		return e;
	int64_t p_start = local_instant(c.from, 0);
	struct each_ctx x = { db, &c, f, p->group, key, p_start,
			      p_start - 1 < c.t ? p_start - 1 : c.t, fn, ctx, E_OK, false };
	const struct report_unit **us = xcalloc((size_t)c.nunits + 1, sizeof(*us));
	int nus = 0;
	for (int i = 0; i < c.nunits; i++)
		if (report_in_scope(&c, c.units[i].id) &&
		    (!key || p->group != GROUP_UNIT || !strcmp(c.units[i].code, key)))
			us[nus++] = &c.units[i];
	qsort(us, (size_t)nus, sizeof(*us), unit_by_code);
	/* Narrow in SQL by the figure; in_figure still decides each row. */
	enum report_scan scan = f == FIG_RECEIVED ? SCAN_RECEIVED
				: f == FIG_FINISHED_EARLY || f == FIG_FINISHED_ON_TIME ||
					  f == FIG_FINISHED_LATE ? SCAN_FINISHED : SCAN_OPEN;
	int64_t lo = scan == SCAN_OPEN ? 0 : p_start;
	int64_t hi = f == FIG_CARRIED_OVER ? x.cut : c.t;
	for (int i = 0; i < nus && e == E_OK && !x.stop; i++) {
		e = report_store_each_received(db, us[i]->id, scan, lo, hi, each_row, &x);
		if (e == E_OK && x.e != E_OK)
			e = x.e;
	}
	free(us);
	report_ctx_free(&c);
	return e;
}
