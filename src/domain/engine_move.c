/* engine_move.c - the counter side of move_unit (docs/admin-units.md, docs/reports.md):
 * reports follow a dossier's current unit, so when an event moves a dossier to another unit
 * its whole counter history moves with it, in the same transaction. */
#include "engine_internal.h"



/* The replayed deltas of one dossier: each added negated to `from` and as is to `to`. */
struct move_ctx {
	struct stat_acc *acc;
	int64_t from, to, procedure_id;
};

/* stats_delta_fn: one replayed delta. */
static void move_delta(void *ctx, int64_t unit_id, int64_t procedure_id, int64_t at,
		       const struct stat_delta *d)
{
	(void)unit_id;
	(void)procedure_id;
	(void)at;
	struct move_ctx *m = ctx;
	struct stat_delta neg = *d;
	neg.value = -d->value;
	stat_acc_add(m->acc, m->from, m->procedure_id, &neg, 1);
	stat_acc_add(m->acc, m->to, m->procedure_id, d, 1);
}

/* See engine_internal.h. Batch mode adds to the batch's accumulator (written at commit);
 * a live event upserts at once. */
enum err engine_move_counters(struct engine *e, struct db *db, int64_t dossier_id,
			      int64_t procedure_id, int64_t from, int64_t to)
{
	enum err err;
	if (from == to)
		return E_OK;
	if (e->batch && (err = engine_flush_cur(e, db)) != E_OK)
		return err;
	if ((err = dossier_store_set_unit(db, dossier_id, to)) != E_OK)
		return err;
	struct move_ctx m = { NULL, from, to, procedure_id };
	m.acc = e->batch ? e->acc : stat_acc_new();
	err = stats_replay_dossier(db, dossier_id, move_delta, &m);
	if (!e->batch) {
		if (err == E_OK)
			err = stat_acc_flush(m.acc, db, false);
		stat_acc_free(m.acc);
	}
	return err;
}
