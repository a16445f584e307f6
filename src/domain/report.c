/* report.c - the on-time report and its drill-down lists from the counters
 * (domain.md §6, formats.md; decisions in docs/reports.md). */
#include "motcua/xalloc.h"
#include "motcua/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/dossier_store.h"
#include "motcua/report_store.h"
#include "motcua/stats.h"
#include "report_internal.h"

static const char *const group_names[GROUP__MAX] = { "unit", "field", "procedure" };
static const char *const figure_names[FIG__MAX] = {
	"received", "carried_over", "finished_early", "finished_on_time", "finished_late",
	"open_in_time", "open_overdue", "waiting",
};

/* See report.h. */
const char *report_group_name(enum report_group g)
{
	return g < GROUP__MAX ? group_names[g] : "?";
}

/* See report.h. */
int report_group_parse(const char *s)
{
	for (int i = 0; s && i < GROUP__MAX; i++)
		if (!strcmp(s, group_names[i]))
			return i;
	return -1;
}

/* See report.h. */
const char *figure_name(enum figure f)
{
	return f < FIG__MAX ? figure_names[f] : "?";
}

/* See report.h. */
int figure_parse(const char *s)
{
	for (int i = 0; s && i < FIG__MAX; i++)
		if (!strcmp(s, figure_names[i]))
			return i;
	return -1;
}

/* See report_internal.h. */
void report_ctx_free(struct report_ctx *c)
{
	free(c->units);
	free(c->procs);
	stat_rows_free(&c->period);
	stat_rows_free(&c->before);
	stat_rows_free(&c->state);
	memset(c, 0, sizeof(*c));
}

/* Unit by id (units are sorted by id), or NULL. */
const struct report_unit *report_unit_by_id(const struct report_ctx *c, int64_t id)
{
	int lo = 0, hi = c->nunits - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (c->units[mid].id == id)
			return &c->units[mid];
		if (c->units[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Procedure by id (sorted by id), or NULL. */
const struct report_proc *report_proc_by_id(const struct report_ctx *c, int64_t id)
{
	int lo = 0, hi = c->nprocs - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (c->procs[mid].id == id)
			return &c->procs[mid];
		if (c->procs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* See report_internal.h. */
bool report_in_scope(const struct report_ctx *c, int64_t unit_id)
{
	if (!c->root)
		return true;
	const struct report_unit *u = report_unit_by_id(c, unit_id);
	return u && !strncmp(u->path, c->root->path, strlen(c->root->path));
}

/* Add every row of from into to. */
static void add_rows(struct stat_rows *to, const struct stat_rows *from)
{
	for (int i = 0; i < from->n; i++) {
		const struct stat_row *r = &from->rows[i];
		struct stat_row *t = stat_rows_get(to, r->unit_id, r->procedure_id);
		for (int m = 0; m < M__MAX; m++)
			t->v[m] += r->v[m];
	}
}

/* Take back a delta of an event after T on T's day from the sums that include that day. */
static void subtract(void *ctx, int64_t unit_id, int64_t procedure_id, int64_t at,
		     const struct stat_delta *d)
{
	struct report_ctx *c = ctx;
	if (at <= c->t || d->day > c->day_t)
		return;
	if (c->from <= c->day_t)
		stat_rows_get(&c->period, unit_id, procedure_id)->v[d->metric] -= d->value;
	else
		stat_rows_get(&c->before, unit_id, procedure_id)->v[d->metric] -= d->value;
	stat_rows_get(&c->state, unit_id, procedure_id)->v[d->metric] -= d->value;
}

/* See report_internal.h. */
enum err report_ctx_open(struct db *db, const struct report_params *p, struct report_ctx *c,
			 char *why, unsigned long n)
{
	memset(c, 0, sizeof(*c));
	if (p->to < p->from) {
		snprintf(why, n, "--to is before --from");
		return E_INVALID;
	}
	struct clock real = { 0 };
	int64_t as_of = p->as_of ? p->as_of : clock_now(p->clk ? p->clk : &real);
	int64_t end = local_instant(p->to + 1, 0) - 1;
	c->from = p->from;
	c->to = p->to;
	c->t = as_of < end ? as_of : end;
	c->day_t = local_day(c->t);
	enum err e;
	if ((e = report_store_units(db, &c->units, &c->nunits)) != E_OK ||
	    (e = report_store_procs(db, &c->procs, &c->nprocs)) != E_OK)
		goto fail;
	if (p->unit && *p->unit) {
		for (int i = 0; i < c->nunits; i++)
			if (!strcmp(c->units[i].code, p->unit))
				c->root = &c->units[i];
		if (!c->root) {
			snprintf(why, n, "no unit with code '%s'", p->unit);
			e = E_NOTFOUND;
			goto fail;
		}
	}
	int64_t p_end = p->to < c->day_t ? p->to : c->day_t;
	int64_t b_end = p->from - 1 < c->day_t ? p->from - 1 : c->day_t;
	if ((e = stats_sum_range(db, p->from, p_end, &c->period)) != E_OK ||
	    (e = stats_sum_range(db, 0, b_end, &c->before)) != E_OK)
		goto fail;
	/* The state at T sums [epoch, day(T)], which is exactly before + period: day(T) <= to,
	 * so period = [from, day(T)] and before = [epoch, from - 1] when from <= day(T), and
	 * period is empty and before = [epoch, day(T)] otherwise. Added in memory instead of a
	 * third pass over the counters (the dashboard computes several reports per page). */
	add_rows(&c->state, &c->before);
	add_rows(&c->state, &c->period);
	/* as_of inside a day: take back what that day's later events added. */
	int64_t *ids = NULL;
	int nids = 0;
	e = event_store_dossiers_between(db, c->t + 1, local_instant(c->day_t + 1, 0) - 1, &ids,
					 &nids);
	for (int i = 0; e == E_OK && i < nids; i++)
		e = stats_replay_dossier(db, ids[i], subtract, c);
	free(ids);
	if (e == E_OK)
		return E_OK;
fail:
	if (why[0] == '\0')
		snprintf(why, n, "%s", err_name(e));
	report_ctx_free(c);
	return e;
}

/* Add the figures of one counter row into f. */
static void add_figures(struct figures *f, const struct stat_row *period,
			const struct stat_row *before, const struct stat_row *state)
{
	if (period) {
		f->v[FIG_RECEIVED] += period->v[M_RECEIVED];
		f->v[FIG_FINISHED_EARLY] += period->v[M_FIN_EARLY];
		f->v[FIG_FINISHED_ON_TIME] += period->v[M_FIN_ON_TIME];
		f->v[FIG_FINISHED_LATE] += period->v[M_FIN_LATE];
		f->proc_mdays += period->v[M_PROC_MDAYS];
	}
	if (before)
		f->v[FIG_CARRIED_OVER] += before->v[M_RECEIVED] - before->v[M_FIN_EARLY] -
					  before->v[M_FIN_ON_TIME] - before->v[M_FIN_LATE];
	if (state) {
		f->v[FIG_OPEN_IN_TIME] += state->v[M_OPEN_DELTA] - state->v[M_OVERDUE_DELTA];
		f->v[FIG_OPEN_OVERDUE] += state->v[M_OVERDUE_DELTA];
		f->v[FIG_WAITING] += state->v[M_WAITING_DELTA];
	}
}

/* x rounded to `places` decimals. */
static double round_to(double x, int places)
{
	double k = places == 4 ? 10000.0 : 100.0;
	return round(x * k) / k;
}

/* A rate as JSON: rounded, or null when the denominator is 0. */
static json_t *rate(double num, double den, int places)
{
	return den > 0 ? json_real(round_to(num / den, places)) : json_null();
}

/* See report_internal.h. */
void report_put_figures(json_t *o, const struct figures *f)
{
	for (int i = 0; i < FIG__MAX; i++)
		json_object_set_new(o, figure_names[i], json_integer(f->v[i]));
	int64_t good = f->v[FIG_FINISHED_EARLY] + f->v[FIG_FINISHED_ON_TIME];
	int64_t finished = good + f->v[FIG_FINISHED_LATE];
	int64_t base = f->v[FIG_RECEIVED] + f->v[FIG_CARRIED_OVER];
	json_object_set_new(o, "on_time_rate", rate((double)good, (double)finished, 4));
	double progress = (double)(good + f->v[FIG_OPEN_IN_TIME]);
	json_object_set_new(o, "progress_766", rate(progress, (double)base, 4));
	json_object_set_new(o, "score_2_1", rate(20.0 * progress, (double)base, 2));
	json_object_set_new(o, "avg_processing_days",
			    rate((double)f->proc_mdays / 1000.0, (double)finished, 2));
}

struct group_row {
	const char *key, *name;
	struct figures f;
};

/* qsort by key (byte order). */
static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct group_row *)a)->key, ((const struct group_row *)b)->key);
}

/* qsort of (unit, procedure) pairs. */
static int by_pair(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* The per-scope figures of the period (the "figures" of report_index766's document). */
static json_t *scope_figures(const struct report_ctx *c)
{
	static const struct {
		const char *name;
		enum metric m;
	} fig[] = {
		{ "received", M_RECEIVED }, { "received_online", M_RECEIVED_ONLINE },
		{ "received_post", M_RECEIVED_POST }, { "received_fee", M_RECEIVED_FEE },
		{ "paid_online", M_PAID_ONLINE }, { "apologies", M_APOLOGIES },
		{ "supplement_requests", M_SUPPLEMENT_REQUESTS },
		{ "rating_very_satisfied", M_RATING_VERY },
		{ "rating_satisfied", M_RATING_SATISFIED },
		{ "rating_dissatisfied", M_RATING_DISSATISFIED },
	};
	int64_t sum[sizeof(fig) / sizeof(fig[0])] = { 0 };
	for (int i = 0; i < c->period.n; i++)
		if (report_in_scope(c, c->period.rows[i].unit_id))
			for (size_t k = 0; k < sizeof(fig) / sizeof(fig[0]); k++)
				sum[k] += c->period.rows[i].v[fig[k].m];
	json_t *o = json_object();
	for (size_t k = 0; k < sizeof(fig) / sizeof(fig[0]); k++)
		json_object_set_new(o, fig[k].name, json_integer(sum[k]));
	return o;
}

static enum err ontime(struct db *db, const struct report_params *p, bool figures, json_t **out,
		       char *why, unsigned long n);

/* See report.h. */
enum err report_ontime(struct db *db, const struct report_params *p, json_t **out, char *why,
		       unsigned long n)
{
	return ontime(db, p, false, out, why, n);
}

/* See report.h. */
enum err report_ontime_figures(struct db *db, const struct report_params *p, json_t **out,
			       char *why, unsigned long n)
{
	return ontime(db, p, true, out, why, n);
}

/* report_ontime, with the per-scope figures when asked. */
static enum err ontime(struct db *db, const struct report_params *p, bool figures, json_t **out,
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
	/* Every (unit, procedure) with any counter, in scope: the state's keys hold those of
	 * period and before (report_ctx_open). */
	int64_t (*pairs)[2] = xcalloc((size_t)c.state.n + 1, sizeof(*pairs));
	int npairs = 0;
	for (int i = 0; i < c.state.n; i++)
		if (report_in_scope(&c, c.state.rows[i].unit_id)) {
			pairs[npairs][0] = c.state.rows[i].unit_id;
			pairs[npairs][1] = c.state.rows[i].procedure_id;
			npairs++;
		}
	qsort(pairs, (size_t)npairs, sizeof(*pairs), by_pair);
	int uniq = 0;
	for (int i = 0; i < npairs; i++)
		if (!uniq || by_pair(pairs[i], pairs[uniq - 1]))
			memcpy(pairs[uniq++], pairs[i], sizeof(pairs[0]));
	npairs = uniq;
	struct group_row *rows = xcalloc((size_t)npairs + 1, sizeof(*rows));
	int nrows = 0;
	struct figures total;
	memset(&total, 0, sizeof(total));
	for (int i = 0; i < npairs; i++) {
		const struct report_unit *u = report_unit_by_id(&c, pairs[i][0]);
		const struct report_proc *pr = report_proc_by_id(&c, pairs[i][1]);
		const char *key = "?", *name = "?";
		if (p->group == GROUP_UNIT && u) {
			key = u->code;
			name = u->name;
		} else if (p->group == GROUP_FIELD && pr) {
			key = name = pr->field;
		} else if (p->group == GROUP_PROCEDURE && pr) {
			key = pr->code;
			name = pr->name;
		}
		struct figures f;
		memset(&f, 0, sizeof(f));
		add_figures(&f, stat_rows_find(&c.period, pairs[i][0], pairs[i][1]),
			    stat_rows_find(&c.before, pairs[i][0], pairs[i][1]),
			    stat_rows_find(&c.state, pairs[i][0], pairs[i][1]));
		rows[nrows].key = key;
		rows[nrows].name = name;
		rows[nrows].f = f;
		nrows++;
	}
	qsort(rows, (size_t)nrows, sizeof(*rows), by_key);
	json_t *arr = json_array();
	for (int i = 0; i < nrows;) {
		struct group_row g = rows[i];
		int j = i + 1;
		for (; j < nrows && !strcmp(rows[j].key, g.key); j++) {
			for (int k = 0; k < FIG__MAX; k++)
				g.f.v[k] += rows[j].f.v[k];
			g.f.proc_mdays += rows[j].f.proc_mdays;
		}
		i = j;
		bool any = false;
		for (int k = 0; k < FIG__MAX; k++)
			any = any || g.f.v[k] != 0;
		if (!any)
			continue;
		for (int k = 0; k < FIG__MAX; k++)
			total.v[k] += g.f.v[k];
		total.proc_mdays += g.f.proc_mdays;
		json_t *o = json_object();
		json_object_set_new(o, "key", json_string(g.key));
		json_object_set_new(o, "name", json_string(g.name));
		report_put_figures(o, &g.f);
		json_array_append_new(arr, o);
	}
	char from[11], to[11], asof[26];
	format_ymd(p->from, from);
	format_ymd(p->to, to);
	format_iso(c.t, asof);
	json_t *r = json_object();
	json_object_set_new(r, "from", json_string(from));
	json_object_set_new(r, "to", json_string(to));
	json_object_set_new(r, "as_of", json_string(asof));
	json_object_set_new(r, "group", json_string(report_group_name(p->group)));
	json_object_set_new(r, "rows", arr);
	json_t *t = json_object();
	report_put_figures(t, &total);
	json_object_set_new(r, "total", t);
	if (figures)
		json_object_set_new(r, "figures", scope_figures(&c));
	free(rows);
	free(pairs);
	report_ctx_free(&c);
	*out = r;
	return E_OK;
}

/* See report.h. */
char *report_dumps(const json_t *report, bool compact)
{
	size_t flags = JSON_REAL_PRECISION(10) | (compact ? JSON_COMPACT : JSON_INDENT(2));
	return json_dumps(report, flags);
}
