/* dossier.c - the state machine (domain.md §4-5) and the single event function. */
#include "engine_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "motcua/audit.h"
#include "motcua/buf.h"
#include "motcua/jsonw.h"
#include "motcua/log.h"
#include "motcua/paths.h"
#include "motcua/xalloc.h"

#define S(x) (1u << (x))
#define NEW_DOSSIER (1u << DS__MAX)	/* pseudo-state: no dossier yet */
#define R(x) (1u << (x))
#define TO_WAIT_ORIGIN (-1)		/* back to the state the wait was requested from */
#define RATING_CRITERIA 9		/* rate: the nine criteria, each scored 0..2 */

_Static_assert(sizeof(((struct event_result *)0)->code) == sizeof(((struct dossier *)0)->code),
	       "write_all copies the code with memcpy");

/* One row of the transition table of domain.md §4. */
struct transition {
	unsigned from;		/* S(state) mask, NEW_DOSSIER when it creates one */
	int to;			/* enum dossier_status or TO_WAIT_ORIGIN */
	unsigned roles;		/* R(role) mask; ROLE_SYSTEM may always act */
};

static const struct transition transitions[EV__MAX] = {
	[EV_SUBMIT] = { S(DS_DRAFT) | NEW_DOSSIER, DS_SUBMITTED, R(ROLE_CITIZEN) | R(ROLE_CLERK) },
	[EV_RECEIVE] = { S(DS_SUBMITTED) | NEW_DOSSIER, DS_RECEIVED, R(ROLE_CLERK) },
	[EV_REFUSE] = { S(DS_SUBMITTED), DS_REFUSED, R(ROLE_CLERK) },
	[EV_REQUEST_SUPPLEMENT] = { S(DS_SUBMITTED) | S(DS_RECEIVED) | S(DS_PROCESSING),
				    DS_SUPPLEMENT, R(ROLE_CLERK) | R(ROLE_SPECIALIST) },
	[EV_SUPPLEMENT] = { S(DS_SUPPLEMENT), TO_WAIT_ORIGIN, R(ROLE_CITIZEN) | R(ROLE_CLERK) },
	[EV_EXPIRE_SUPPLEMENT] = { S(DS_SUPPLEMENT), DS_STOPPED, 0 },
	[EV_ASSIGN] = { S(DS_RECEIVED) | S(DS_PROCESSING), DS_PROCESSING,
			R(ROLE_CLERK) | R(ROLE_LEADER) | R(ROLE_SPECIALIST) },
	[EV_TRANSFER] = { S(DS_RECEIVED) | S(DS_PROCESSING), DS_PROCESSING,
			  R(ROLE_CLERK) | R(ROLE_LEADER) | R(ROLE_SPECIALIST) },
	[EV_REQUEST_PAYMENT] = { S(DS_PROCESSING), DS_PAYMENT, R(ROLE_SPECIALIST) },
	/* pay from submitted: a level-4 citizen pays online before reception; it stays
	 * submitted (decide() sets step.stays). */
	/* pay while submitted or received: the fees due at the counter (or online while
	 * submitted), the dossier stays where it is (docs/desk.md). */
	[EV_PAY] = { S(DS_PAYMENT) | S(DS_SUBMITTED) | S(DS_RECEIVED), DS_PROCESSING,
		     R(ROLE_CITIZEN) | R(ROLE_CLERK) },
	[EV_APOLOGISE] = { S(DS_PROCESSING), DS_PROCESSING, R(ROLE_LEADER) },
	[EV_RESOLVE] = { S(DS_PROCESSING), DS_RESOLVED, R(ROLE_LEADER) | R(ROLE_SPECIALIST) },
	[EV_STOP] = { S(DS_PROCESSING), DS_STOPPED, R(ROLE_LEADER) },
	[EV_WITHDRAW] = { S(DS_SUBMITTED) | S(DS_RECEIVED) | S(DS_PROCESSING) | S(DS_SUPPLEMENT) |
				  S(DS_PAYMENT),
			  DS_WITHDRAWN, R(ROLE_CITIZEN) | R(ROLE_CLERK) },
	[EV_RETURN] = { S(DS_RESOLVED) | S(DS_STOPPED), DS_RETURNED, R(ROLE_CLERK) },
	[EV_RATE] = { S(DS_RETURNED), DS_RETURNED, R(ROLE_CITIZEN) },
};

/* Everything one event needs while it is being decided. */
struct step {
	struct engine *e;
	struct db *db;
	const struct event_input *in;
	int64_t now;
	const struct proc_facts *proc;
	const struct unit_cache *unit;
	struct dossier d;		/* the row after the event */
	enum dossier_status from;	/* DS__MAX for a new dossier */
	bool is_new;
	bool issue_code;
	bool stays;			/* the event keeps the dossier in its state (pay before
					 * reception) */
	char applicant_name[256];
	struct jsonw data;		/* the event's data member */
	struct stat_event sev;
	struct event_result *out;
	char *why;
	size_t n;
};

/* Write a refusal: message key and English sentence. Returns err. */
static enum err refuse(struct step *s, enum err err, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum err refuse(struct step *s, enum err err, const char *key, const char *fmt, ...)
{
	s->out->msg_key = key;
	if (s->why && s->n) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->why, s->n, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* Whether a text field is present. */
static bool given(const char *s)
{
	return s && *s;
}

/* First given text of a and b, or NULL. */
static const char *either(const char *a, const char *b)
{
	return given(a) ? a : given(b) ? b : NULL;
}

/* Duration value for the dossier's channel. */
static int duration_value(const struct step *s)
{
	if (s->d.channel == CH_ONLINE && s->proc->duration_online_value > 0)
		return s->proc->duration_online_value;
	return s->proc->duration_value;
}

/* Set clock start and due_at from instant t (reception or restart). */
static void start_clock(struct step *s, int64_t t)
{
	const struct calendar *cal = s->e->cal;
	const struct office_hours *h = &s->unit->hours;
	s->d.clock_start = worktime_clock_start(cal, h, t, s->proc->cutoff_minute);
	s->d.due_at = worktime_add(cal, h, s->d.clock_start, duration_value(s),
				   s->proc->duration_unit);
	s->d.waiting_seconds = 0;
	s->d.running_since = t;
	jsonw_int(&s->data, "clock_start", s->d.clock_start);
	jsonw_int(&s->data, "due_at", s->d.due_at);
}

/* End the current wait at now: working seconds waited are returned and added to
 * waiting_seconds. */
static int64_t end_wait(struct step *s)
{
	int64_t waited = 0;
	if (s->d.waiting_since && s->d.received_at)
		waited = worktime_between(s->e->cal, &s->unit->hours, s->d.waiting_since, s->now);
	s->d.waiting_seconds += waited;
	s->d.waiting_since = 0;
	s->d.waiting_from = -1;
	return waited;
}

/* Resume the clock after a wait under the pause rule: due_at moves by the waited time. */
static void resume_pause(struct step *s)
{
	int64_t waited = end_wait(s);
	s->d.due_at = worktime_add_seconds(s->e->cal, &s->unit->hours, s->d.due_at, waited);
	s->d.running_since = s->now;
	jsonw_int(&s->data, "waited", waited);
	jsonw_int(&s->data, "due_at", s->d.due_at);
}

/* finished_at, outcome (§5) and processing milli-days for resolve/stop/withdraw/expiry. */
static void finish(struct step *s)
{
	if (s->d.finished_at)
		return;
	if (s->d.waiting_since)
		end_wait(s);
	s->d.finished_at = s->now;
	s->d.running_since = 0;
	if (!s->d.received_at)
		return;
	int64_t worked = worktime_between(s->e->cal, &s->unit->hours, s->d.clock_start, s->now) -
			 s->d.waiting_seconds;
	if (worked < 0)
		worked = 0;
	int64_t mdays = (worked * 1000 + s->unit->day_seconds / 2) / s->unit->day_seconds;
	int64_t fd = local_day(s->now), dd = local_day(s->d.due_at);
	enum outcome o = fd < dd ? OUT_EARLY : fd == dd ? OUT_ON_TIME : OUT_LATE;
	if (s->d.supplement_count > 1)
		o = OUT_LATE;
	s->d.outcome = o;
	s->sev.outcome = o;
	s->sev.proc_mdays = mdays;
	jsonw_str(&s->data, "outcome", outcome_name(o));
	jsonw_int(&s->data, "proc_mdays", mdays);
}

/* Set a string member when given. */
static void put_str(struct jsonw *o, const char *k, const char *v)
{
	if (given(v))
		jsonw_str(o, k, v);
}

/* Whether c is the nine rating criteria of domain.md §10: exactly 9 characters '0'..'2'. */
static bool criteria_ok(const char *c)
{
	size_t i = 0;
	for (; c[i]; i++)
		if (i >= RATING_CRITERIA || c[i] < '0' || c[i] > '2')
			return false;
	return i == RATING_CRITERIA;
}

/* pay while submitted (docs/payments.md, level 4: online) or at the counter while submitted or
 * received (docs/desk.md): only once, only when a fee is due, for the fee due; the dossier
 * stays where it is, no clock or wait changes. */
static enum err pay_before_receipt(struct step *s, const char *method)
{
	const struct event_input *in = s->in;
	struct dossier *d = &s->d;
	bool online = !strcmp(method, "online"), counter = !strcmp(method, "counter");
	if (s->from == DS_RECEIVED && !counter)
		return refuse(s, E_REFUSED, "dossier.refused.counter_only",
			      "a received dossier not waiting for payment is paid at the counter");
	if (!online && !counter)
		return refuse(s, E_REFUSED, "dossier.refused.online_only",
			      "before reception a dossier can only be paid online or at the counter");
	if (d->paid_online || d->fee_paid)
		return refuse(s, E_REFUSED, "dossier.refused.already_paid",
			      "this dossier has already been paid");
	if (d->fee_amount <= 0)
		return refuse(s, E_REFUSED, "dossier.refused.nothing_due",
			      "there is no fee to pay for this dossier");
	if (in->amount && in->amount != d->fee_amount)
		return refuse(s, E_INVALID, "dossier.invalid.amount",
			      "the amount must be the fee due (%lld)", (long long)d->fee_amount);
	jsonw_str(&s->data, "method", method);
	jsonw_int(&s->data, "amount", d->fee_amount);
	jsonw_bool(&s->data, "before_receipt", s->from == DS_SUBMITTED);
	if (online)
		d->paid_online = true;
	d->fee_paid = true;
	s->stays = true;
	/* Counted at reception (stats_track), as the fee-bearing dossier itself is. */
	return E_OK;
}

/* assign/transfer: the current step is due its working hours (catalogue steps[i].hours)
 * after now, in the dossier unit's office hours; none when the step has no hours. */
static void step_due(struct step *s)
{
	struct dossier *d = &s->d;
	int hours = d->step < s->proc->nsteps ? s->proc->step_hours[d->step] : 0;
	d->step_due_at = 0;
	if (hours <= 0)
		return;
	const struct calendar *cal = s->e->cal;
	const struct office_hours *h = &s->unit->hours;
	int64_t start = worktime_clock_start(cal, h, s->now, -1);
	d->step_due_at = worktime_add(cal, h, start, hours, DU_WORKING_HOURS);
	jsonw_int(&s->data, "step_due_at", d->step_due_at);
}

/* Decide the event's effects on s->d (no writes yet). */
static enum err decide(struct step *s)
{
	const struct event_input *in = s->in;
	struct dossier *d = &s->d;
	bool sys = in->role == ROLE_SYSTEM;
	const char *reason = either(in->reason, in->note);
	switch (in->kind) {
	case EV_SUBMIT:
		d->submitted_at = s->now;
		d->fee_amount = s->proc->fee_total;	/* level 4: paid online before reception */
		d->digitised = d->digitised || in->digitised;
		s->issue_code = true;
		jsonw_str(&s->data, "channel", channel_name(d->channel));
		break;
	case EV_RECEIVE:
		d->received_at = s->now;
		d->digitised = d->digitised || in->digitised;
		d->fee_amount = s->proc->fee_total;
		s->issue_code = !d->code[0];
		start_clock(s, s->now);
		jsonw_str(&s->data, "channel", channel_name(d->channel));
		jsonw_bool(&s->data, "fee", s->proc->fee_total > 0);
		jsonw_bool(&s->data, "digitised", d->digitised);
		if (d->paid_online)	/* paid online before reception: counted now */
			jsonw_bool(&s->data, "paid_online", true);
		s->sev.paid_online = d->paid_online;
		s->sev.channel = d->channel;
		s->sev.fee = s->proc->fee_total > 0;
		s->sev.digitised = d->digitised;
		break;
	case EV_REFUSE:
		if (!reason)
			return refuse(s, E_REFUSED, "dossier.refused.reason_required",
				      "a refusal needs a reason");
		put_str(&s->data, "reason", reason);
		break;
	case EV_REQUEST_SUPPLEMENT: {
		if (!reason)
			return refuse(s, E_REFUSED, "dossier.refused.reason_required",
				      "a supplement request needs a reason");
		if (!given(in->items) && !sys)
			return refuse(s, E_REFUSED, "dossier.refused.items_required",
				      "a supplement request needs the list of missing items");
		d->waiting_since = s->now;
		d->waiting_from = (int)s->from;
		if (d->received_at) {
			d->supplement_count++;
			d->running_since = 0;
		}
		int days = s->proc->supplement_window_days > 0 ? s->proc->supplement_window_days
							       : 15;
		int64_t start = worktime_clock_start(s->e->cal, &s->unit->hours, s->now, -1);
		d->supplement_deadline = worktime_add(s->e->cal, &s->unit->hours, start, days,
						      DU_WORKING_DAYS);
		put_str(&s->data, "reason", reason);
		put_str(&s->data, "items", in->items);
		jsonw_int(&s->data, "deadline", d->supplement_deadline);
		break;
	}
	case EV_SUPPLEMENT:
		d->supplement_deadline = 0;
		if (!d->received_at) {
			end_wait(s);
			break;
		}
		jsonw_str(&s->data, "policy", s->proc->pause ? "pause" : "restart");
		if (s->proc->pause) {
			resume_pause(s);
		} else {
			end_wait(s);
			start_clock(s, s->now);
		}
		s->sev.due_at = d->due_at;
		break;
	case EV_EXPIRE_SUPPLEMENT:
		if (s->now < d->supplement_deadline)
			return refuse(s, E_REFUSED, "dossier.refused.window_open",
				      "the supplement window is still open");
		d->supplement_deadline = 0;
		finish(s);
		break;
	case EV_ASSIGN:
	case EV_TRANSFER:
		if (given(in->department)) {
			const struct unit_cache *dep;
			enum err err = engine_unit(s->e, s->db, 0, in->department, &dep);
			if (err == E_NOTFOUND)
				return refuse(s, E_NOTFOUND, "dossier.notfound.department",
					      "no department with code '%s'", in->department);
			if (err != E_OK)
				return err;
			d->department_id = dep->id;
			put_str(&s->data, "department", in->department);
		}
		if (in->step < 0)
			return refuse(s, E_INVALID, "dossier.invalid.step", "step must be >= 0");
		d->step = in->step;
		if (in->step)
			jsonw_int(&s->data, "step", in->step);
		if (in->assignee_id) {
			d->assignee_id = in->assignee_id;
			jsonw_int(&s->data, "assignee", in->assignee_id);
		}
		step_due(s);
		break;
	case EV_REQUEST_PAYMENT:
		if (in->amount < 0)
			return refuse(s, E_INVALID, "dossier.invalid.amount", "amount must be >= 0");
		if (in->amount)
			d->fee_amount = in->amount;
		d->fee_paid = false;
		d->waiting_since = s->now;
		d->waiting_from = DS_PROCESSING;
		d->running_since = 0;
		if (in->amount)
			jsonw_int(&s->data, "amount", in->amount);
		break;
	case EV_PAY: {
		static const char *const methods[] = { "online", "counter", "transfer" };
		const char *m = given(in->method) ? in->method : NULL;
		bool ok = false;
		for (size_t i = 0; m && i < sizeof(methods) / sizeof(methods[0]); i++)
			ok = ok || !strcmp(m, methods[i]);
		if (!ok)
			return refuse(s, E_INVALID, "dossier.invalid.method",
				      "payment method must be online, counter or transfer");
		if (in->amount < 0)
			return refuse(s, E_INVALID, "dossier.invalid.amount", "amount must be >= 0");
		if (s->from == DS_SUBMITTED || s->from == DS_RECEIVED)
			return pay_before_receipt(s, m);
		d->fee_paid = true;
		jsonw_str(&s->data, "method", m);
		jsonw_int(&s->data, "amount", in->amount);
		s->sev.pay_online = !strcmp(m, "online");
		if (s->sev.pay_online)
			d->paid_online = true;
		resume_pause(s);
		s->sev.due_at = d->due_at;
		break;
	}
	case EV_APOLOGISE: {
		if (d->apology_at)
			return refuse(s, E_REFUSED, "dossier.refused.apology_once",
				      "this dossier already has an apology");
		if (!reason)
			return refuse(s, E_REFUSED, "dossier.refused.reason_required",
				      "an apology needs a reason");
		if (in->promised_at <= 0)
			return refuse(s, E_REFUSED, "dossier.refused.promised_required",
				      "an apology needs the new promised date");
		d->apology_at = s->now;
		d->promised_at = in->promised_at;
		int64_t ahead = worktime_between(s->e->cal, &s->unit->hours, s->now, d->due_at);
		s->out->flagged = ahead < s->unit->day_seconds;
		put_str(&s->data, "reason", reason);
		jsonw_int(&s->data, "promised_at", in->promised_at);
		jsonw_bool(&s->data, "late_notice", s->out->flagged);
		break;
	}
	case EV_RESOLVE:
		if (given(in->result_file))
			snprintf(d->result_file, sizeof(d->result_file), "%s", in->result_file);
		put_str(&s->data, "result_file", in->result_file);
		jsonw_bool(&s->data, "result_doc", s->proc->result_is_document);
		s->sev.result_doc = s->proc->result_is_document;
		s->sev.result_file = given(in->result_file);
		finish(s);
		break;
	case EV_STOP:
		if (!reason)
			return refuse(s, E_REFUSED, "dossier.refused.reason_required",
				      "stopping needs a reason");
		put_str(&s->data, "reason", reason);
		finish(s);
		break;
	case EV_WITHDRAW:
		put_str(&s->data, "reason", reason);
		finish(s);
		break;
	case EV_RETURN: {
		int c = channel_parse(in->delivery ? in->delivery : "counter");
		if (c < 0)
			return refuse(s, E_INVALID, "dossier.invalid.delivery",
				      "delivery must be counter, post or online");
		if (c == CH_POST && !given(in->postal_tracking) && !sys)
			return refuse(s, E_REFUSED, "dossier.refused.tracking_required",
				      "a return by post needs the postal tracking number");
		d->returned_at = s->now;
		snprintf(d->delivery, sizeof(d->delivery), "%s", channel_name((enum channel)c));
		if (given(in->postal_tracking))
			snprintf(d->postal_tracking, sizeof(d->postal_tracking), "%s",
				 in->postal_tracking);
		jsonw_str(&s->data, "delivery", d->delivery);
		put_str(&s->data, "postal_tracking", in->postal_tracking);
		break;
	}
	case EV_RATE: {
		if (d->rated)
			return refuse(s, E_REFUSED, "dossier.refused.rating_once",
				      "this dossier has already been rated");
		int r = rating_parse(in->rating);
		if (r < 0)
			return refuse(s, E_INVALID, "dossier.invalid.rating",
				      "rating must be very_satisfied, satisfied or dissatisfied");
		if (in->criteria && !criteria_ok(in->criteria))
			return refuse(s, E_INVALID, "dossier.invalid.criteria",
				      "criteria must be %d digits, each 0, 1 or 2", RATING_CRITERIA);
		d->rating = (enum rating)r;
		d->rated = true;
		s->sev.rating = d->rating;
		jsonw_str(&s->data, "rating", rating_name(d->rating));
		put_str(&s->data, "comment", in->comment);
		if (in->criteria)
			jsonw_digits(&s->data, "criteria", in->criteria);
		break;
	}
	case EV__MAX:
		break;
	}
	return E_OK;
}

/* The engine's own scope checks (dossier.h, docs/desk.md): a staff actor (actor_unit_id > 0)
 * acts only on dossiers of units in its subtree, or handed to a department in its subtree, or
 * assigned to it; a citizen (actor_id > 0) only on its own. One answer, E_NOTFOUND, for both
 * and for "no such dossier". d: the dossier, or NULL for a new one at unit_id. */
static enum err check_actor(struct step *s, int64_t unit_id, const struct dossier *d)
{
	const struct event_input *in = s->in;
	int64_t owner_id = d ? d->owner_id : 0;
	if (in->role == ROLE_SYSTEM)
		return E_OK;
	if (in->actor_unit_id > 0) {
		bool within = d && d->assignee_id && d->assignee_id == in->actor_id;
		enum err err = within ? E_OK
				      : dossier_store_unit_within(s->db, unit_id, in->actor_unit_id,
								  &within);
		if (err == E_OK && !within && d && d->department_id)
			err = dossier_store_unit_within(s->db, d->department_id,
							in->actor_unit_id, &within);
		if (err != E_OK)
			return err;
		if (!within)
			return refuse(s, E_NOTFOUND, "dossier.notfound.dossier", "no such dossier");
	}
	if (d && in->role == ROLE_CITIZEN && in->actor_id > 0 && owner_id != in->actor_id)
		return refuse(s, E_NOTFOUND, "dossier.notfound.dossier", "no such dossier");
	return E_OK;
}

/* The version the actor's form was shown with (dossier.h): another one is E_CONFLICT and
 * why names the event that changed the dossier since. */
static enum err check_version(struct step *s)
{
	if (s->in->expect_version <= 0 || s->in->expect_version == s->d.version)
		return E_OK;
	struct last_event le;
	enum err err = dossier_store_last_event(s->db, s->d.id, &le);
	if (err == E_NOTFOUND)
		return refuse(s, E_CONFLICT, "dossier.conflict.stale",
			      "the dossier has changed since the form was shown");
	if (err != E_OK)
		return err;
	char at[17];
	format_hm_dmy(le.at, at);
	return refuse(s, E_CONFLICT, "dossier.conflict.stale",
		      "the dossier has changed since the form was shown: %s by %s at %s", le.kind,
		      le.actor[0] ? le.actor : le.role, at);
}

/* Load (or prepare) the dossier and its facts; check the transition and role. */
static enum err prepare(struct step *s)
{
	const struct event_input *in = s->in;
	if (in->kind >= EV__MAX || in->role >= ROLE__MAX)
		return refuse(s, E_INVALID, "dossier.invalid.event", "unknown event or role");
	const struct transition *t = &transitions[in->kind];
	if (in->role != ROLE_SYSTEM && !(t->roles & R(in->role)))
		return refuse(s, E_FORBIDDEN, "dossier.forbidden.role",
			      "a %s may not %s a dossier", role_name(in->role),
			      event_kind_name(in->kind));
	enum err err;
	bool cached = s->e->batch && s->e->cur_valid && in->dossier_id &&
		      in->dossier_id == s->e->cur.id && !given(in->code);
	if (s->e->batch && !cached && (err = engine_flush_cur(s->e, s->db)) != E_OK)
		return err;
	if (cached) {
		s->d = s->e->cur;
		err = E_OK;
	}
	if (in->dossier_id || given(in->code)) {
		if (!cached)
			err = dossier_store_load(s->db, in->dossier_id,
						 given(in->code) ? in->code : NULL, &s->d);
		if (err == E_NOTFOUND)
			return refuse(s, err, "dossier.notfound.dossier", "no such dossier");
		if (err != E_OK)
			return err;
		if ((err = check_actor(s, s->d.unit_id, &s->d)) != E_OK ||
		    (err = check_version(s)) != E_OK)
			return err;
		s->from = s->d.status;
		if (!(t->from & S(s->from)))
			return refuse(s, E_REFUSED, "dossier.refused.transition",
				      "'%s' is not allowed for a dossier in state '%s'",
				      event_kind_name(in->kind), dossier_status_name(s->from));
		if ((err = engine_proc(s->e, s->db, s->d.procedure_id, NULL, &s->proc)) != E_OK ||
		    (err = engine_unit(s->e, s->db, s->d.unit_id, NULL, &s->unit)) != E_OK)
			return err;
		return E_OK;
	}
	if (!(t->from & NEW_DOSSIER))
		return refuse(s, E_REFUSED, "dossier.refused.transition",
			      "'%s' needs an existing dossier", event_kind_name(in->kind));
	memset(&s->d, 0, sizeof(s->d));
	s->is_new = true;
	s->from = DS__MAX;
	s->d.status = DS_DRAFT;
	s->d.outcome = OUT_NONE;
	s->d.rating = RATING_NONE;
	s->d.waiting_from = -1;
	int c = channel_parse(given(in->channel) ? in->channel :
				       in->kind == EV_SUBMIT ? "online" : "counter");
	if (c < 0 || (in->kind == EV_SUBMIT && c == CH_COUNTER) ||
	    (in->kind == EV_RECEIVE && c == CH_ONLINE))
		return refuse(s, E_INVALID, "dossier.invalid.channel",
			      "channel '%s' cannot start with '%s'", in->channel ? in->channel : "",
			      event_kind_name(in->kind));
	s->d.channel = (enum channel)c;
	err = engine_proc(s->e, s->db, in->procedure_id,
			  given(in->procedure_code) ? in->procedure_code : NULL, &s->proc);
	if (err == E_NOTFOUND)
		return refuse(s, err, "dossier.notfound.procedure", "unknown procedure '%s'",
			      in->procedure_code ? in->procedure_code : "");
	if (err != E_OK)
		return err;
	err = engine_unit(s->e, s->db, in->unit_id, given(in->unit_code) ? in->unit_code : NULL,
			  &s->unit);
	if (err == E_NOTFOUND)
		return refuse(s, err, "dossier.notfound.unit", "unknown unit '%s'",
			      in->unit_code ? in->unit_code : "");
	if (err != E_OK)
		return err;
	s->d.procedure_id = s->proc->id;
	s->d.unit_id = s->unit->id;
	s->d.owner_id = in->owner_id;
	/* A new dossier has no owner to check yet: only the staff scope. */
	return check_actor(s, s->unit->id, NULL);
}

/* Code and lookup secret for a dossier getting its code now. */
static enum err issue_code(struct step *s)
{
	const struct event_input *in = s->in;
	struct dossier *d = &s->d;
	if (given(in->preset_code)) {
		enum err err;
		snprintf(d->code, sizeof(d->code), "%s", in->preset_code);
		char unit[DOSSIER_CODE_MAX];
		int64_t day, number;
		if (dossier_code_parse(d->code, unit, &day, &number) &&
		    !strcmp(unit, s->unit->code)) {
			err = dossier_store_bump_number(s->db, d->unit_id, day, number);
			if (err != E_OK)
				return err;
		}
	} else {
		int64_t day = local_day(s->now), number;
		enum err err = dossier_store_next_number(s->db, d->unit_id, day, &number);
		if (err != E_OK)
			return err;
		dossier_code_format(d->code, s->unit->code, day, number);
	}
	if (given(in->preset_secret)) {
		snprintf(s->out->secret, sizeof(s->out->secret), "%s", in->preset_secret);
	} else {
		lookup_secret_new(s->out->secret);
	}
	keyed_hash(s->e->key, s->out->secret, LOOKUP_SECRET_LEN, d->lookup_hash);
	d->has_lookup = true;
	return E_OK;
}

/* Checks of the new-dossier and preset fields that must pass before anything is written. */
static enum err check_inputs(struct step *s)
{
	const struct event_input *in = s->in;
	if (s->is_new && given(in->applicant)) {
		json_t *a = json_loads(in->applicant, 0, NULL);
		if (!json_is_object(a)) {
			json_decref(a);
			return refuse(s, E_INVALID, "dossier.invalid.applicant",
				      "applicant must be a JSON object");
		}
		const char *name = json_string_value(json_object_get(a, "name"));
		snprintf(s->applicant_name, sizeof(s->applicant_name), "%s", name ? name : "");
		json_decref(a);
	}
	if ((given(in->preset_code) || given(in->preset_secret)) && in->role != ROLE_SYSTEM)
		return refuse(s, E_FORBIDDEN, "dossier.forbidden.preset",
			      "only the system may preset a code or a lookup secret");
	if (given(in->preset_secret) && !lookup_secret_valid(in->preset_secret))
		return refuse(s, E_INVALID, "dossier.invalid.secret",
			      "a lookup secret is %d characters of %s", LOOKUP_SECRET_LEN,
			      LOOKUP_ALPHABET);
	if (s->issue_code && given(in->preset_code)) {
		bool exists;
		enum err err = dossier_store_code_exists(s->db, in->preset_code, &exists);
		if (err != E_OK)
			return err;
		if (exists || strlen(in->preset_code) >= DOSSIER_CODE_MAX)
			return refuse(s, E_CONFLICT, "dossier.conflict.code",
				      "code '%s' is already used", in->preset_code);
	}
	return E_OK;
}

/* The stat_track of a dossier row before the event. */
static void track_of(const struct step *s, struct stat_track *t)
{
	memset(t, 0, sizeof(*t));
	t->unit_id = s->d.unit_id;
	t->procedure_id = s->d.procedure_id;
	if (s->is_new)
		return;
	/* s->d already changed by decide(); these fields come from the saved "before" row. */
}

/* Write the dossier row, the event row and the counters. */
static enum err write_all(struct step *s, const struct dossier *before)
{
	struct dossier *d = &s->d;
	enum err err;
	if (s->issue_code && (err = issue_code(s)) != E_OK)
		return err;
	d->version++;
	d->updated_at = s->now;	/* "my dossiers" orders by the last change */
	/* The dossier row: one INSERT of a new dossier in its state after the event (batch:
	 * deferred to engine_flush_cur, with the id taken now), else one UPDATE. */
	if (s->is_new && s->e->batch)
		err = engine_batch_new_dossier(s->e, s->db, d, s->in->applicant, s->applicant_name,
					       s->in->owner_id, s->in->form_data);
	else if (s->is_new)
		err = dossier_store_insert(s->db, d, s->in->applicant, s->applicant_name,
					   s->in->owner_id, s->in->form_data);
	else if (!s->e->batch)
		err = dossier_store_update(s->db, d);
	else
		err = E_OK;
	if (err != E_OK)
		return err;
	if (s->e->batch) {
		s->e->cur = *d;
		s->e->cur_valid = s->e->cur_dirty = true;
	}

	/* Event row, chained to the log's tail. */
	struct event_row r;
	memset(&r, 0, sizeof(r));
	if (!s->e->batch || !s->e->last_valid) {
		if ((err = event_store_last(s->db, &s->e->last_id, s->e->last_hash)) != E_OK)
			return err;
	}
	r.id = s->e->last_id + 1;
	r.dossier_id = d->id;
	r.seq = d->version;
	r.at = s->now;
	r.actor_id = s->in->actor_id;
	r.actor_role = role_name(s->in->role);
	r.kind = event_kind_name(s->in->kind);
	r.from = s->is_new ? NULL : dossier_status_name(s->from);
	r.to = dossier_status_name(d->status);
	r.note = s->in->note ? s->in->note : "";
	struct buf data = BUF_INIT;
	jsonw_dump(&s->data, &data);
	r.data = buf_str(&data);
	memcpy(r.prev_hash, s->e->last_hash, 32);
	event_hash(&r, r.hash);
	if (s->e->batch) {
		engine_batch_event(s->e, &r);	/* written after the dossier's row */
		err = E_OK;
	} else {
		err = event_store_insert(s->db, &r);
	}
	buf_free(&data);
	if (err != E_OK)
		return err;
	s->e->last_id = r.id;
	memcpy(s->e->last_hash, r.hash, 32);
	s->e->last_valid = s->e->batch;

	/* Counters. */
	struct stat_track t;
	track_of(s, &t);
	if (!s->is_new) {
		t.received = before->received_at != 0;
		t.running = before->running_since != 0 &&
			    (before->status == DS_RECEIVED || before->status == DS_PROCESSING);
		t.waiting = t.received &&
			    (before->status == DS_SUPPLEMENT || before->status == DS_PAYMENT);
		t.finished = before->finished_at != 0;
		/* "already counted": an online payment before reception is counted by the
		 * receive event (stats_track), so only once the dossier has been received. */
		t.paid_online = before->paid_online && before->received_at != 0;
		t.run_day = before->running_since ? local_day(before->running_since) : 0;
		t.due_day = before->due_at ? local_day(before->due_at) : 0;
	}
	s->sev.kind = s->in->kind;
	s->sev.from = s->from;
	s->sev.to = d->status;
	s->sev.at = s->now;
	if (!s->sev.due_at)
		s->sev.due_at = d->due_at;
	struct stat_delta deltas[STAT_DELTAS_MAX];
	int nd = stats_track(&t, &s->sev, deltas);
	if (nd) {
		if (s->e->batch)
			stat_acc_add(s->e->acc, d->unit_id, d->procedure_id, deltas, nd);
		else if ((err = stats_add(s->db, d->unit_id, d->procedure_id, deltas, nd)) != E_OK)
			return err;
	}
	s->out->dossier_id = d->id;
	s->out->event_id = r.id;
	s->out->seq = r.seq;
	memcpy(s->out->code, d->code, sizeof(s->out->code));	/* same size, NUL-terminated */
	s->out->from = s->from;
	s->out->to = d->status;
	s->out->due_at = d->due_at;
	s->out->outcome = d->outcome;
	return E_OK;
}

/* Queue the email and SMS of the event just written (live mode). Loads the templates on
 * first use; E_IO when they cannot be read (the event is rolled back). */
static enum err queue_notifications(struct step *s)
{
	if (!s->e->notify) {
		char dir[4096], why[512];
		share_path(dir, sizeof(dir), "templates/notify");
		enum err err = notify_templates_load_db(dir, s->db, &s->e->notify, why, sizeof(why));
		if (err != E_OK) {
			log_error("notifications: %s", why);
			return refuse(s, err, NULL, "notification templates: %s", why);
		}
	}
	const struct dossier *d = &s->d;
	const struct event_input *in = s->in;
	int64_t amount = 0;	/* what was asked for, or paid */
	if (in->kind == EV_REQUEST_PAYMENT)
		amount = d->fee_amount;
	else if (in->kind == EV_PAY)
		amount = in->amount > 0 ? in->amount : d->fee_amount;
	struct notify_facts f = {
		.code = d->code,
		.due_at = d->due_at,
		.deadline = d->supplement_deadline,
		.promised_at = in->kind == EV_APOLOGISE ? d->promised_at : 0,
		.amount = amount,
		.items = in->items,
		.reason = either(in->reason, in->note),
		.tracking = d->postal_tracking,
	};
	return notify_queue(s->db, s->e->notify, d->id, s->out->event_id, in->kind, &f, s->now);
}

/* The event inside an open write transaction. Nothing is written unless every check
 * passes; a DB error after the first write leaves the rollback to the caller. */
static enum err apply_locked(struct step *s)
{
	enum err err = prepare(s);
	if (err != E_OK)
		return err;
	struct dossier before = s->d;
	s->sev.outcome = OUT_NONE;
	s->sev.rating = RATING_NONE;
	s->sev.channel = s->d.channel;
	if ((err = decide(s)) != E_OK)
		return err;
	const struct transition *t = &transitions[s->in->kind];
	s->d.status = s->stays		    ? before.status
		      : t->to == TO_WAIT_ORIGIN ? (enum dossier_status)before.waiting_from
						: (enum dossier_status)t->to;
	if (t->to == TO_WAIT_ORIGIN && (before.waiting_from < 0 || before.waiting_from >= DS__MAX))
		return refuse(s, E_REFUSED, "dossier.refused.transition",
			      "the dossier has no state to return to");
	if ((err = check_inputs(s)) != E_OK)
		return err;
	if ((err = write_all(s, &before)) != E_OK)
		return err;
	/* Live events that concern the applicant queue their messages in this transaction;
	 * batch mode (seed, import of history) queues nothing (docs/notifications.md) unless
	 * engine_batch_notify said the batch holds live events. */
	if (!notify_concerns(s->in->kind) || (s->e->batch && !s->e->batch_notify))
		return E_OK;
	/* A batch of live events: the outbox rows refer to this event's row, so write it now. */
	if (s->e->batch && (err = engine_flush_cur(s->e, s->db)) != E_OK)
		return err;
	return queue_notifications(s);
}

/* See dossier.h. */
enum err dossier_apply(struct engine *e, struct db *db, const struct clock *clk,
		       const struct event_input *in, struct event_result *out, char *why,
		       size_t n)
{
	struct event_result dummy;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	out->outcome = OUT_NONE;
	if (why && n)
		why[0] = '\0';
	struct step s;
	memset(&s, 0, sizeof(s));
	s.e = e;
	s.db = db;
	s.in = in;
	s.now = clock_now(clk);
	s.out = out;
	s.why = why;
	s.n = n;
	jsonw_init(&s.data);
	enum err err;
	if (e->batch) {
		err = apply_locked(&s);
	} else if ((err = db_begin(db)) == E_OK) {
		err = apply_locked(&s);
		if (err == E_OK)
			err = db_commit(db);
		else
			db_rollback(db);
	}
	if (err != E_OK) {
		sodium_memzero(out->secret, sizeof(out->secret));
		if (why && n && !why[0])
			snprintf(why, n, "%s", err_name(err));
	}
	return err;
}

/* See dossier.h. */
bool dossier_event_allowed(enum event_kind kind, enum dossier_status from, enum role role)
{
	if (kind >= EV__MAX || from >= DS__MAX || role >= ROLE__MAX)
		return false;
	const struct transition *t = &transitions[kind];
	return (t->from & S(from)) && (role == ROLE_SYSTEM || (t->roles & R(role)));
}

/* See dossier.h. */
enum err dossier_expire_due(struct engine *e, struct db *db, const struct clock *clk, int *count)
{
	int64_t *ids = NULL;
	int nids = 0;
	if (count)
		*count = 0;
	enum err err = dossier_store_expired(db, clock_now(clk), &ids, &nids);
	if (err != E_OK)
		return err;
	for (int i = 0; i < nids; i++) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.dossier_id = ids[i];
		in.kind = EV_EXPIRE_SUPPLEMENT;
		in.role = ROLE_SYSTEM;
		struct event_result r;
		err = dossier_apply(e, db, clk, &in, &r, NULL, 0);
		if (err == E_REFUSED) {
			err = E_OK;	/* changed meanwhile by another writer */
			continue;
		}
		if (err != E_OK)
			break;
		if (count)
			(*count)++;
	}
	free(ids);
	return err;
}

/* See dossier.h. */
bool dossier_lookup_ok(struct engine *e, struct db *db, const char *code, const char *secret)
{
	unsigned char want[32], got[32];
	if (!lookup_secret_valid(secret) || dossier_store_lookup_hash(db, code, want) != E_OK)
		return false;
	keyed_hash(e->key, secret, LOOKUP_SECRET_LEN, got);
	bool ok = sodium_memcmp(want, got, 32) == 0;
	sodium_memzero(got, sizeof(got));
	return ok;
}
