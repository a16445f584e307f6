/* desk_view.c - the whole dossier for staff (desk.h desk_dossier): the owner's view plus the
 * engine's tracking columns, the staff timeline with actors, the Form 05 handovers and what
 * the staff member may do now. docs/desk.md. */
#include "motcua/desk.h"
#include "portal_internal.h"

#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/desk_store.h"
#include "motcua/dossier_store.h"

/* Events staff may perform from the dossier page, in the page's order. */
static const enum event_kind staff_events[] = {
	EV_RECEIVE, EV_REFUSE, EV_REQUEST_SUPPLEMENT, EV_SUPPLEMENT, EV_ASSIGN, EV_TRANSFER,
	EV_REQUEST_PAYMENT, EV_PAY, EV_APOLOGISE, EV_RESOLVE, EV_STOP, EV_WITHDRAW, EV_RETURN,
};

/* An instant, or null for 0. */
static json_t *time_or_null(int64_t t)
{
	return t ? json_integer(t) : json_null();
}

/* A string, or null for "". */
static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* Name of step i of the procedure's steps (array), or NULL. */
static const char *step_name(json_t *steps, int i)
{
	return json_string_value(json_object_get(json_array_get(steps, (size_t)i), "name"));
}

/* What the walk over the events builds. */
struct walk {
	json_t *timeline, *handovers, *steps;
	json_t *open;		/* the handover row not done yet (borrowed from handovers) */
	char department[64], department_name[256], assignee[128];
};

/* Form 05 result of a handover: late after its due time, early when done on an earlier
 * local date than its due date, else on time (docs/desk.md). */
static const char *handover_result(int64_t done, int64_t due)
{
	if (!done || !due)
		return NULL;
	if (done > due)
		return "late";
	return local_day(done) < local_day(due) ? "early" : "on_time";
}

/* Close the open handover at `at`. */
static void close_handover(struct walk *w, int64_t at)
{
	if (!w->open)
		return;
	json_object_set_new(w->open, "done_at", json_integer(at));
	json_int_t due = json_integer_value(json_object_get(w->open, "due_at"));
	json_object_set_new(w->open, "result", str_or_null(handover_result(at, due)));
	w->open = NULL;
}

/* A new handover row from an assign/transfer event with data. */
static void open_handover(struct walk *w, const struct desk_event *ev, json_t *data)
{
	close_handover(w, ev->at);
	if (ev->department_code[0]) {
		snprintf(w->department, sizeof(w->department), "%s", ev->department_code);
		snprintf(w->department_name, sizeof(w->department_name), "%s",
			 ev->department_name);
	}
	if (ev->assignee[0])
		snprintf(w->assignee, sizeof(w->assignee), "%s", ev->assignee);
	int step = (int)json_integer_value(json_object_get(data, "step"));
	json_t *h = json_object();
	json_object_set_new(h, "step", json_integer(step));
	json_object_set_new(h, "step_name", str_or_null(step_name(w->steps, step)));
	json_object_set_new(h, "department",
			    w->department[0] ? json_pack("{ss ss}", "code", w->department, "name",
							 w->department_name)
					     : json_null());
	json_object_set_new(h, "assignee", str_or_null(w->assignee));
	json_object_set_new(h, "by", str_or_null(ev->actor));
	json_object_set_new(h, "from_at", json_integer(ev->at));
	json_t *due = json_object_get(data, "step_due_at");
	json_object_set_new(h, "due_at", json_is_integer(due) ? json_incref(due) : json_null());
	json_object_set_new(h, "done_at", json_null());
	json_object_set_new(h, "result", json_null());
	json_array_append_new(w->handovers, h);
	w->open = h;
}

/* desk_store_events callback: one timeline entry and the handovers. */
static bool add_event(void *ctx, const struct desk_event *ev)
{
	struct walk *w = ctx;
	json_t *data = json_loads(ev->data, 0, NULL);
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_t *t = json_object();
	json_object_set_new(t, "seq", json_integer(ev->seq));
	json_object_set_new(t, "at", json_integer(ev->at));
	json_object_set_new(t, "kind", json_string(ev->kind));
	json_object_set_new(t, "from_status", str_or_null(ev->from));
	json_object_set_new(t, "to_status", json_string(ev->to));
	json_object_set_new(t, "actor", str_or_null(ev->actor));
	json_object_set_new(t, "role", json_string(ev->role));
	const char *reason = json_string_value(json_object_get(data, "reason"));
	json_object_set_new(t, "note", str_or_null(reason ? reason : ev->note));
	json_object_set_new(t, "department", str_or_null(ev->department_name));
	json_object_set_new(t, "assignee", str_or_null(ev->assignee));
	json_object_set_new(t, "data", json_incref(data));
	json_array_append_new(w->timeline, t);
	if (!strcmp(ev->kind, "assign") || !strcmp(ev->kind, "transfer"))
		open_handover(w, ev, data);
	else if (!strcmp(ev->kind, "resolve") || !strcmp(ev->kind, "stop") ||
		 !strcmp(ev->kind, "withdraw"))
		close_handover(w, ev->at);
	json_decref(data);
	return true;
}

/* Whether who may perform kind on d now: the transition table, who's role, and the guards
 * the page can know beforehand (one apology; a fee due and not paid). */
static bool may(const struct actor *who, const struct dossier *d, enum event_kind kind)
{
	if (who->role == ROLE_ADMIN || !dossier_event_allowed(kind, d->status, who->role))
		return false;
	switch (kind) {
	case EV_PAY:
		if (d->status == DS_PAYMENT)
			return true;
		return d->fee_amount > 0 && !d->fee_paid && !d->paid_online;
	case EV_APOLOGISE:
		return d->apology_at == 0;
	default:
		return true;
	}
}

/* desk_store_departments/specialists callback: append a choice. */
static bool add_choice(void *ctx, const struct desk_choice *c)
{
	json_array_append_new(ctx, json_pack("{sI ss ss ss sb}", "id", (json_int_t)c->id, "code",
					     c->code, "name", c->name, "unit", c->unit, "local",
					     c->local));
	return true;
}

/* The "intake" member: null for an online dossier; otherwise {"channel" counter|post|home,
 * "postal_tracking", "home" {"address","visit_at"}, "originals_seen" [component indexes],
 * "fee_collected" (VND)} from what the counter intake stored in form_data._intake
 * (docs/intake.md), each member present only when stored; the dossier's channel alone when
 * nothing was (e.g. a postal dossier received by the engine elsewhere). */
static json_t *intake_member(json_t *o, const struct dossier *d)
{
	if (d->channel == CH_ONLINE)
		return json_null();
	json_t *in = json_object_get(json_object_get(o, "form_data"), "_intake");
	json_t *r = json_pack("{ss}", "channel", channel_name(d->channel));
	if (!json_is_object(in))
		return r;
	json_t *v = json_object_get(in, "channel");
	if (json_is_string(v) && (!strcmp(json_string_value(v), "counter") ||
				  !strcmp(json_string_value(v), "post") ||
				  !strcmp(json_string_value(v), "home")))
		json_object_set(r, "channel", v);
	if (json_is_string(v = json_object_get(in, "postal_tracking")) && *json_string_value(v))
		json_object_set(r, "postal_tracking", v);
	json_t *home = json_object_get(in, "home");
	if (json_is_object(home)) {
		json_t *h = json_object();
		if (json_is_string(v = json_object_get(home, "address")))
			json_object_set(h, "address", v);
		if (json_is_integer(v = json_object_get(home, "visit_at")))
			json_object_set_new(h, "visit_at", time_or_null(json_integer_value(v)));
		json_object_set_new(r, "home", h);
	}
	if (json_is_array(v = json_object_get(in, "originals_seen")))
		json_object_set(r, "originals_seen", v);
	if (json_is_integer(v = json_object_get(in, "fee_collected")) && json_integer_value(v) > 0)
		json_object_set(r, "fee_collected", v);
	return r;
}

/* The tracking members of the engine's row d and the names behind its ids. */
static void tracking(json_t *o, const struct dossier *d, const struct desk_names *nm,
		     json_t *steps)
{
	json_object_set_new(o, "version", json_integer(d->version));
	json_object_set_new(o, "owner", str_or_null(nm->owner));
	json_object_set_new(o, "department",
			    nm->department_code[0] ? json_pack("{ss ss}", "code", nm->department_code,
							       "name", nm->department_name)
						   : json_null());
	json_object_set_new(o, "step", json_integer(d->step));
	json_object_set_new(o, "step_name", str_or_null(step_name(steps, d->step)));
	json_object_set_new(o, "step_due_at", time_or_null(d->step_due_at));
	json_object_set_new(o, "assignee", d->assignee_id ? json_pack("{sI ss}", "id",
								      (json_int_t)d->assignee_id,
								      "name", nm->assignee)
							  : json_null());
	json_object_set_new(o, "supplement_count", json_integer(d->supplement_count));
	json_object_set_new(o, "apology_at", time_or_null(d->apology_at));
	json_object_set_new(o, "outcome",
			    d->outcome == OUT_NONE ? json_null() : json_string(outcome_name(d->outcome)));
	json_object_set_new(o, "received_at", time_or_null(d->received_at));
	json_object_set_new(o, "clock_start", time_or_null(d->clock_start));
	json_object_set_new(o, "waiting_since", time_or_null(d->waiting_since));
	json_object_set_new(o, "digitised", json_boolean(d->digitised));
	json_object_set_new(o, "fee_paid", json_boolean(d->fee_paid || d->paid_online));
	json_object_set_new(o, "channel", json_string(channel_name(d->channel)));
	json_object_set_new(o, "intake", intake_member(o, d));
	json_object_set(o, "steps", steps);
}

/* The staff members of o for dossier id. */
static enum err staff_members(struct db *db, const struct actor *who, int64_t id,
			      int64_t unit_id, json_t *o)
{
	struct dossier d;
	struct desk_names nm;
	enum err e = dossier_store_load(db, id, NULL, &d);
	if (e == E_OK)
		e = desk_store_names(db, id, &nm);
	if (e != E_OK)
		return e;
	json_t *steps = json_object_get(json_object_get(o, "procedure"), "steps");
	steps = json_is_array(steps) ? json_incref(steps) : json_array();
	tracking(o, &d, &nm, steps);
	struct walk w = { json_array(), json_array(), steps, NULL, "", "", "" };
	e = desk_store_events(db, id, add_event, &w);
	json_object_set_new(o, "timeline", w.timeline);
	json_object_set_new(o, "handovers", w.handovers);
	json_decref(steps);
	if (e != E_OK)
		return e;
	json_t *actions = json_object();
	for (size_t i = 0; i < sizeof(staff_events) / sizeof(staff_events[0]); i++)
		json_object_set_new(actions, event_kind_name(staff_events[i]),
				    json_boolean(may(who, &d, staff_events[i])));
	bool hand = json_is_true(json_object_get(actions, "assign")) ||
		    json_is_true(json_object_get(actions, "transfer"));
	json_object_set_new(o, "actions", actions);
	json_t *ch = NULL;
	if (hand && (e = desk_choices(db, unit_id, &ch)) != E_OK)
		return e;
	json_object_set_new(o, "choices",
			    ch ? ch : json_pack("{s[] s[]}", "departments", "specialists"));
	return E_OK;
}

/* See desk.h. */
enum err desk_choices(struct db *db, int64_t root_unit_id, json_t **out)
{
	*out = NULL;
	json_t *deps = json_array(), *specs = json_array();
	enum err e = desk_store_departments(db, root_unit_id, add_choice, deps);
	if (e == E_OK)
		e = desk_store_specialists(db, root_unit_id, add_choice, specs);
	if (e != E_OK) {
		json_decref(deps);
		json_decref(specs);
		return e;
	}
	*out = json_pack("{so so}", "departments", deps, "specialists", specs);
	return E_OK;
}

/* See desk.h. */
enum err desk_dossier(struct db *db, const struct actor *who, const char *code, json_t **out)
{
	*out = NULL;
	int64_t id;
	enum err e = desk_scope(db, who, code, 0, &id);
	if (e != E_OK)
		return e;
	struct portal_row r;
	if ((e = portal_store_get(db, id, NULL, &r)) != E_OK)
		return e;
	json_t *o;
	e = portal_view(db, &r, &o);
	int64_t unit_id = r.unit_id;
	portal_row_free(&r);
	if (e == E_OK && (e = staff_members(db, who, id, unit_id, o)) != E_OK)
		json_decref(o);
	if (e == E_OK) {
		*out = o;
		view_log_staff(db, who->user_id, who->role, id, "dossier");
	}
	return e;
}
