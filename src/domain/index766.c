/* index766.c - Decision 766 indicators from the counters (domain.md §7). Maxima and
 * thresholds come from table index_config; pts(max, r, thr) = min(max, max * r / thr). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/index766.h"
#include "motcua/index_store.h"
#include "motcua/xalloc.h"
#include "report_internal.h"

/* Sums over the scope that the indicators need. */
struct index_sums {
	int64_t m[M__MAX];
	int procs, online_procs, online_used, fee_procs, fee_paid_online, fee_received;
};

/* Whether procedure pr is offered by the scope: every procedure without --unit, else those
 * whose levels include the unit's level. */
static bool offered(const struct report_ctx *c, const struct report_proc *pr)
{
	if (!c->root)
		return true;
	char want[40];
	snprintf(want, sizeof(want), "\"%s\"", c->root->level);
	return strstr(pr->levels, want) != NULL;
}

/* Fill s from the period sums of c. */
static void sum_up(const struct report_ctx *c, struct index_sums *s)
{
	memset(s, 0, sizeof(*s));
	int64_t *online_recv = xcalloc((size_t)c->nprocs + 1, sizeof(int64_t));
	int64_t *paid = xcalloc((size_t)c->nprocs + 1, sizeof(int64_t));
	int64_t *recv = xcalloc((size_t)c->nprocs + 1, sizeof(int64_t));
	for (int i = 0; i < c->period.n; i++) {
		const struct stat_row *r = &c->period.rows[i];
		if (!report_in_scope(c, r->unit_id))
			continue;
		for (int m = 0; m < M__MAX; m++)
			s->m[m] += r->v[m];
		const struct report_proc *pr = report_proc_by_id(c, r->procedure_id);
		if (!pr)
			continue;
		long k = pr - c->procs;
		online_recv[k] += r->v[M_RECEIVED_ONLINE];
		paid[k] += r->v[M_PAID_ONLINE];
		recv[k] += r->v[M_RECEIVED];
	}
	for (int k = 0; k < c->nprocs; k++) {
		const struct report_proc *pr = &c->procs[k];
		if (!offered(c, pr))
			continue;
		s->procs++;
		if (pr->online) {
			s->online_procs++;
			s->online_used += online_recv[k] > 0;
		}
		if (pr->fee) {
			s->fee_procs++;
			s->fee_paid_online += paid[k] > 0;
			s->fee_received += recv[k] > 0;
		}
	}
	free(online_recv);
	free(paid);
	free(recv);
}

/* Ratio or NAN when the denominator is 0. */
static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/* Figure of the on-time total as a double. */
static double fig(json_t *total, const char *name)
{
	return (double)json_integer_value(json_object_get(total, name));
}

/* Numerator and denominator of computed indicator id (domain.md §7); 5.4 is a composite:
 * *num receives its ratio and *den stays NAN. Unknown ids leave both NAN. */
static void computed_ratio(const char *id, const struct index_sums *s, json_t *total,
			   double sat, double *num, double *den)
{
	if (!strcmp(id, "2.1")) {
		*num = fig(total, "finished_early") + fig(total, "finished_on_time") +
		       fig(total, "open_in_time");
		*den = fig(total, "received") + fig(total, "carried_over");
	} else if (!strcmp(id, "3.1")) {
		*num = s->online_procs;
		*den = s->procs;
	} else if (!strcmp(id, "3.2")) {
		*num = s->online_used;
		*den = s->online_procs;
	} else if (!strcmp(id, "3.3")) {
		*num = (double)s->m[M_RECEIVED_ONLINE];
		*den = (double)s->m[M_RECEIVED];
	} else if (!strcmp(id, "payment.A")) {
		*num = (double)s->m[M_PAID_ONLINE];
		*den = (double)s->m[M_RECEIVED_FEE];
	} else if (!strcmp(id, "payment.B")) {
		*num = s->fee_paid_online;
		*den = s->fee_procs;
	} else if (!strcmp(id, "payment.C")) {
		*num = s->fee_received;
		*den = s->fee_procs;
	} else if (!strcmp(id, "4.1")) {
		*num = (double)s->m[M_FIN_EFILE];
		*den = (double)s->m[M_FIN_DOC];
	} else if (!strcmp(id, "4.2")) {
		*num = (double)s->m[M_RECEIVED_DIGITISED];
		*den = (double)s->m[M_RECEIVED];
	} else if (!strcmp(id, "5.4")) {
		*num = sat;
	}
}

/* See report.h. */
enum err report_index766(struct db *db, const struct report_params *p, json_t **out, char *why,
			 unsigned long n)
{
	char dummy[8];
	if (!why) {
		why = dummy;
		n = sizeof(dummy);
	}
	why[0] = '\0';
	json_t *ontime;
	enum err e = report_ontime(db, p, &ontime, why, n);
	if (e != E_OK)
		return e;
	struct report_ctx c;
	if ((e = report_ctx_open(db, p, &c, why, n)) != E_OK) {
		json_decref(ontime);
		return e;
	}
	struct index_conf *conf = NULL;
	int nconf = 0;
	if ((e = report_store_index_conf(db, &conf, &nconf)) != E_OK) {
		report_ctx_free(&c);
		json_decref(ontime);
		return e;
	}
	struct index_sums s;
	sum_up(&c, &s);
	json_t *total = json_object_get(ontime, "total");
	int64_t finished = s.m[M_FIN_EARLY] + s.m[M_FIN_ON_TIME] + s.m[M_FIN_LATE];
	int64_t ratings = s.m[M_RATING_VERY] + s.m[M_RATING_SATISFIED] + s.m[M_RATING_DISSATISFIED];
	double late = ratio((double)s.m[M_FIN_LATE], (double)finished);
	double dis = ratio((double)s.m[M_RATING_DISSATISFIED], (double)ratings);
	double sat = finished || ratings ? 1.0 - ((isnan(late) ? 0 : late) + (isnan(dis) ? 0 : dis))
					 : NAN;
	/* Entered values of the scope's unit for the period, when the period is a month,
	 * quarter or year (docs/index766.md). */
	char period[16];
	index_period_key(c.from, c.to, period);
	struct index_entry *ent = NULL;
	int nent = 0;
	if (c.root && period[0] &&
	    (e = index_store_entries(db, c.root->id, period, &ent, &nent)) != E_OK) {
		free(conf);
		report_ctx_free(&c);
		json_decref(ontime);
		return e;
	}
	struct index_group *grp = NULL;
	int ngrp = 0;
	if ((e = index_store_groups(db, &grp, &ngrp)) != E_OK) {
		free(ent);
		free(conf);
		report_ctx_free(&c);
		json_decref(ontime);
		return e;
	}
	double *gpts = xcalloc((size_t)ngrp + 1, sizeof(double));
	double *gmax = xcalloc((size_t)ngrp + 1, sizeof(double));
	json_t *arr = json_array();
	double got = 0, max = 0, config_max = 0;
	int missing = 0;
	for (int i = 0; i < nconf; i++) {
		const struct index_conf *k = &conf[i];
		double r = NAN, num = NAN, den = NAN;
		const struct index_entry *en = NULL;
		bool entered = !strcmp(k->kind, "entered");
		if (entered) {
			for (int j = 0; j < nent && !en; j++)
				if (!strcmp(ent[j].indicator, k->id))
					en = &ent[j];
			if (en)
				r = en->value;
		} else {
			computed_ratio(k->id, &s, total, sat, &num, &den);
			r = isnan(den) && !isnan(num) ? num : ratio(num, den);
		}
		bool avail = k->available;
		int g = ngrp;	/* the spare slot: an indicator of no known group */
		for (int j = 0; j < ngrp; j++)
			if (!strcmp(grp[j].id, k->group))
				g = j;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(k->id));
		json_object_set_new(o, "name", json_string(k->name));
		json_object_set_new(o, "available", json_boolean(avail));
		json_object_set_new(o, "estimate", json_boolean(!strncmp(k->id, "payment", 7)));
		json_object_set_new(o, "max", json_real(k->max_points));
		json_object_set_new(o, "threshold", json_real(k->threshold));
		json_object_set_new(o, "name_en", json_string(k->name_en));
		json_object_set_new(o, "group", json_string(k->group));
		json_object_set_new(o, "kind", json_string(k->kind[0] ? k->kind : "computed"));
		json_object_set_new(o, "numerator", isnan(num) || isnan(den) ? json_null()
								     : json_real(num));
		json_object_set_new(o, "denominator", isnan(num) || isnan(den) ? json_null()
								       : json_real(den));
		config_max += k->max_points;
		if (avail && !isnan(r)) {
			if (r < 0)
				r = 0;
			double pts = k->threshold > 0 ? k->max_points * r / k->threshold : 0;
			if (pts > k->max_points)
				pts = k->max_points;
			pts = round(pts * 100) / 100;
			json_object_set_new(o, "ratio", json_real(round(r * 10000) / 10000));
			json_object_set_new(o, "points", json_real(pts));
			gpts[g] += pts;
		} else {
			json_object_set_new(o, "ratio", json_null());
			json_object_set_new(o, "points", json_null());
		}
		if (en)
			json_object_set_new(o, "entered", json_pack("{s:s, s:I, s:s}", "by", en->by,
								    "at", (json_int_t)en->at,
								    "note", en->note));
		else
			json_object_set_new(o, "entered", json_null());
		if (!avail)
			json_object_set_new(o, "note", json_string("not available"));
		else if (entered && !en)
			missing++;	/* not entered yet: outside the maximum */
		else
			gmax[g] += k->max_points;
		json_array_append_new(arr, o);
	}
	/* A group gives at most its maximum (payment: 6 + 2 + 2.5 capped at 10). */
	json_t *groups = json_array();
	for (int j = 0; j <= ngrp; j++) {
		double cap = j < ngrp ? grp[j].max_points : INFINITY;
		double gp = gpts[j] < cap ? gpts[j] : cap;
		double gm = gmax[j] < cap ? gmax[j] : cap;
		got += gp;
		max += gm;
		if (j < ngrp)
			json_array_append_new(groups,
				json_pack("{s:s, s:s, s:s, s:f, s:f, s:f}", "id", grp[j].id, "name",
					  grp[j].name, "name_en", grp[j].name_en, "max",
					  grp[j].max_points, "max_available", round(gm * 100) / 100,
					  "points", round(gp * 100) / 100));
	}
	free(gpts);
	free(gmax);
	free(grp);
	free(ent);
	json_t *res = json_object();
	json_object_set(res, "from", json_object_get(ontime, "from"));
	json_object_set(res, "to", json_object_get(ontime, "to"));
	json_object_set(res, "as_of", json_object_get(ontime, "as_of"));
	json_object_set_new(res, "unit", p->unit ? json_string(p->unit) : json_null());
	json_object_set_new(res, "indicators", arr);
	json_object_set_new(res, "total_points", json_real(round(got * 100) / 100));
	json_object_set_new(res, "max_points", json_real(round(max * 100) / 100));
	json_object_set_new(res, "groups", groups);
	json_object_set_new(res, "period", period[0] ? json_string(period) : json_null());
	json_object_set_new(res, "entered_missing", json_integer(missing));
	json_object_set_new(res, "config_max", json_real(round(config_max * 100) / 100));
	json_t *fig = json_object();
	json_object_set_new(fig, "received", json_integer(s.m[M_RECEIVED]));
	json_object_set_new(fig, "finished", json_integer(finished));
	json_object_set_new(fig, "finished_late", json_integer(s.m[M_FIN_LATE]));
	json_object_set(fig, "on_time_rate", json_object_get(total, "on_time_rate"));
	json_object_set_new(fig, "received_online", json_integer(s.m[M_RECEIVED_ONLINE]));
	json_object_set_new(fig, "received_post", json_integer(s.m[M_RECEIVED_POST]));
	json_object_set_new(fig, "received_fee", json_integer(s.m[M_RECEIVED_FEE]));
	json_object_set_new(fig, "paid_online", json_integer(s.m[M_PAID_ONLINE]));
	json_object_set_new(fig, "apologies", json_integer(s.m[M_APOLOGIES]));
	json_object_set_new(fig, "supplement_requests", json_integer(s.m[M_SUPPLEMENT_REQUESTS]));
	json_object_set_new(fig, "rating_very_satisfied", json_integer(s.m[M_RATING_VERY]));
	json_object_set_new(fig, "rating_satisfied", json_integer(s.m[M_RATING_SATISFIED]));
	json_object_set_new(fig, "rating_dissatisfied", json_integer(s.m[M_RATING_DISSATISFIED]));
	json_object_set_new(res, "figures", fig);
	free(conf);
	report_ctx_free(&c);
	json_decref(ontime);
	*out = res;
	return E_OK;
}
