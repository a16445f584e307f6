/* stats_replay.c - recompute counters from the event log (stats verify / rebuild) and the
 * deltas of one dossier's events (reports for an as_of inside a day). */
#include "motcua/stats.h"

#include <string.h>

#include "motcua/dossier_store.h"

struct replay {
	int64_t dossier_id;
	struct stat_track track;
	struct stat_acc *acc;		/* whole-log replay */
	stats_delta_fn fn;		/* one-dossier replay */
	void *ctx;
	enum err err;
};

/* Feed one event row to the tracker of its dossier. */
static bool replay_row(void *ctx, const struct event_row *r, int64_t unit_id,
		       int64_t procedure_id, const char *code)
{
	(void)code;
	struct replay *rp = ctx;
	if (r->dossier_id != rp->dossier_id) {
		rp->dossier_id = r->dossier_id;
		memset(&rp->track, 0, sizeof(rp->track));
		rp->track.unit_id = unit_id;
		rp->track.procedure_id = procedure_id;
	}
	struct stat_event ev;
	if (stats_event_from_row(r->kind, r->from, r->to, r->at, r->data, &ev) != E_OK) {
		rp->err = E_INVALID;
		return false;
	}
	struct stat_delta d[STAT_DELTAS_MAX];
	int n = stats_track(&rp->track, &ev, d);
	if (rp->acc)
		stat_acc_add(rp->acc, unit_id, procedure_id, d, n);
	for (int i = 0; rp->fn && i < n; i++)
		rp->fn(rp->ctx, unit_id, procedure_id, r->at, &d[i]);
	return true;
}

/* See stats.h. */
enum err stats_replay_dossier(struct db *db, int64_t dossier_id, stats_delta_fn fn, void *ctx)
{
	struct replay rp;
	memset(&rp, 0, sizeof(rp));
	rp.fn = fn;
	rp.ctx = ctx;
	enum err e = event_store_each_of(db, dossier_id, replay_row, &rp);
	return e != E_OK ? e : rp.err;
}

/* See stats.h. Runs in one transaction (a write one when repairing) so the log and the
 * counters are read at the same instant. */
enum err stats_verify(struct db *db, bool repair, FILE *out, int64_t *diffs)
{
	*diffs = 0;
	enum err e = repair ? db_begin(db) : db_begin_read(db);
	if (e != E_OK)
		return e;
	struct replay rp;
	memset(&rp, 0, sizeof(rp));
	rp.acc = stat_acc_new();
	if ((e = stats_replay_table_create(db)) == E_OK &&
	    (e = event_store_each(db, true, replay_row, &rp)) == E_OK && (e = rp.err) == E_OK &&
	    (e = stat_acc_flush(rp.acc, db, true)) == E_OK)
		e = stats_compare(db, out, diffs);
	stat_acc_free(rp.acc);
	if (e == E_OK && repair && *diffs)
		e = stats_replace_from_replay(db);
	if (e == E_OK && repair)
		return db_commit(db);
	db_rollback(db);
	return e;
}
