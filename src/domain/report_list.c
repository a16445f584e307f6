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
