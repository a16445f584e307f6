/* desk.h - the one-stop shop's side of a dossier (issue 8; docs/desk.md): what a staff member
 * (clerk, specialist, leader, admin) may see and do, always inside the subtree of their unit.
 * Scope is decided here and again by the engine (event_input.actor_unit_id): a dossier outside
 * the subtree, or a citizen's draft, is E_NOTFOUND (404) to staff; an event their role may not
 * perform is E_FORBIDDEN (403); nothing changes in either case. Views are jansson values ready
 * for templates (the caller json_decref()s them). */
#ifndef MOTCUA_DESK_H
#define MOTCUA_DESK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/attachment.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"
#include "motcua/portal.h"	/* struct actor, slots */

/* Whether who is a staff account (clerk, specialist, leader, admin) with a unit. */
bool desk_is_staff(const struct actor *who);

/* Whether who's role may ever perform kind (in some state of the transition table): the
 * pages answer 403 before looking at any dossier when it may not. Admins act on nothing. */
bool desk_may_ever(const struct actor *who, enum event_kind kind);

/* Whether who may hand many dossiers at once (the search page's bulk assign): clerks and
 * leaders, who dispatch; a specialist forwards one dossier at a time from its page. Each
 * dossier is still decided by desk_act. */
bool desk_may_assign_many(const struct actor *who);

/* Whether the dossier (by code, or by id when code is NULL) is within who's scope and not a
 * draft: its unit in who's unit subtree, or handed (assign/transfer) to a department in that
 * subtree, or assigned to who. E_OK, E_NOTFOUND (also for a dossier that does not exist),
 * E_DB. *id (may be NULL) receives its id. */
enum err desk_scope(struct db *db, const struct actor *who, const char *code, int64_t dossier_id,
		    int64_t *id);

/* *out = the whole dossier for staff: everything portal_dossier gives its owner (applicant
 * in full, form_data, files with slots, events with notes, payments, messages, rating,
 * feedback) plus "version" (the number of events: forms send it back, see desk_act),
 * "owner" (username or null), "department" {"code","name"} or null, "step" (index) and
 * "step_name", "step_due_at", "assignee" {"id","name"} or null, "supplement_count",
 * "apology_at", "outcome", "received_at", "clock_start", "waiting_since", "digitised",
 * "fee_paid" (bool), "channel", "intake" (counter/post/home details or null), "steps" (the
 * procedure's internal process), "handovers" (Form 05 rows: [{"step","step_name",
 * "department","assignee","from_at","due_at","done_at","result" early|on_time|late|null}]),
 * "actions" (what who may do now, by event name: {"receive": true, "refuse": false, ...}, every
 * staff event present: the transition table,
 * who's role and the dossier's state; the page shows only these). E_NOTFOUND as desk_scope.
 * Reads only: the page records the view (view_log_staff, admin_audit.h) on a GET. */
enum err desk_dossier(struct db *db, const struct actor *who, const char *code, json_t **out);

/* *out = {"departments": [{"id","code","name","unit","local"}], "specialists": [{"id","code",
 * "name","unit","local"}]}: whom an assign or transfer may hand to for staff working under
 * root_unit_id (every department and active specialist, those under root_unit_id first and
 * "local"; the others are liên thông). The same lists desk_dossier gives as "choices" (there
 * for the dossier's unit); the bulk assign of the search page offers them for who's unit.
 * E_DB. */
enum err desk_choices(struct db *db, int64_t root_unit_id, json_t **out);

/* Apply event in (its kind and typed data; dossier_id or code set by the caller) as who:
 * in->actor_id, in->role and in->actor_unit_id are set from who here. expect_version: the
 * version the form was shown with (0: no check). A dossier changed since gives E_CONFLICT
 * with out->msg_key "dossier.conflict.stale" and why naming what happened (the event, who,
 * when) and nothing applied: the same form sent twice applies once. E_FORBIDDEN first when
 * who's role may never perform the event (whatever the dossier); E_NOTFOUND outside who's
 * scope; the engine's errors otherwise. */
enum err desk_act(struct engine *e, struct db *db, const struct clock *clk,
		  const struct actor *who, struct event_input *in, int expect_version,
		  struct event_result *out, char *why, size_t n);

/* Attachment attachment_id of dossier code when the dossier is within who's scope (desk_scope:
 * a department's specialist reads the files of a dossier handed to the department), into
 * *out; E_NOTFOUND otherwise (one answer), E_DB. Recorded in the view log ("file"). */
enum err desk_file(struct db *db, const struct actor *who, const char *code,
		   int64_t attachment_id, struct attachment_row *out);

/* Attach the electronic result (slot SLOT_RESULT) to dossier_id as who before the `resolve`
 * that names it (file->hash becomes in->result_file), recorded with place(ctx) as
 * attachment_add does. Only within who's scope (E_NOTFOUND), by a role that may resolve
 * (E_FORBIDDEN), while the dossier is `processing` (E_REFUSED) and, under the write lock, at
 * expect_version (0: not checked; E_CONFLICT otherwise); attachment_add's errors. */
enum err desk_attach_result(struct db *db, const struct actor *who, int64_t dossier_id,
			    int expect_version, const struct attachment_new *file,
			    enum err (*place)(void *ctx), void *ctx, int64_t *id);

#endif
