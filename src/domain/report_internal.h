/* report_internal.h - what report.c shares with report_list.c and index766.c. */
#ifndef MOTCUA_REPORT_INTERNAL_H
#define MOTCUA_REPORT_INTERNAL_H

#include "motcua/report.h"
#include "motcua/report_store.h"
#include "motcua/stats.h"

/* Counter sums of a report: the period P clipped at T, before P, and the state at T. */
struct report_ctx {
	int64_t from, to, t, day_t;
	struct report_unit *units;	/* sorted by id */
	int nunits;
	struct report_proc *procs;	/* sorted by id */
	int nprocs;
	const struct report_unit *root;	/* --unit, or NULL */
	struct stat_rows period, before, state;
};

struct figures {
	int64_t v[FIG__MAX];
	int64_t proc_mdays;
};

/* Load units, procedures and the three sums (with the correction for an as_of inside a
 * day). E_INVALID / E_NOTFOUND with why; E_DB. Free with report_ctx_free. */
enum err report_ctx_open(struct db *db, const struct report_params *p, struct report_ctx *c,
			 char *why, unsigned long n);
void report_ctx_free(struct report_ctx *c);
/* Whether a unit is in the report's scope (the --unit subtree, or everything). */
bool report_in_scope(const struct report_ctx *c, int64_t unit_id);
const struct report_unit *report_unit_by_id(const struct report_ctx *c, int64_t id);
const struct report_proc *report_proc_by_id(const struct report_ctx *c, int64_t id);
/* Put the figures and rates of formats.md into o. */
void report_put_figures(json_t *o, const struct figures *f);

#endif
