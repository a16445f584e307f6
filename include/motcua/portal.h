/* portal.h - the citizen's side of dossiers (issue 7; docs/citizen.md): drafts, submission
 * through the engine, "my dossiers", the dossier's files and who may read them, supplement
 * answers, withdrawal, rating and feedback. Every state change is an engine event
 * (dossier_apply); a draft is a dossiers row in state `draft` with no code, seen only by its
 * owner. Views are jansson values ready for templates (the caller json_decref()s them). */
#ifndef MOTCUA_PORTAL_H
#define MOTCUA_PORTAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/attachment.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"
#include "motcua/role.h"

#define PORTAL_LIST_MAX 100		/* dossiers on one page of "my dossiers" */
#define PORTAL_FILES_MAX 40		/* attachments of one dossier (all slots) */
#define DRAFT_TOKEN_HEX 32		/* idempotency token of a blank submission form */
#define FEEDBACK_TEXT_MAX 2000		/* characters of a feedback or an answer */
#define FEEDBACK_DAYS 15		/* working days staff have to answer (domain.md §10) */
#define RATING_CRITERIA 9		/* criteria of the old agency evaluation, each 0..2 */
#define WITHDRAW_REASON_MAX 500		/* characters */

/* Attachment slots of a dossier (attachments.slot): a component of the procedure (0, 1, ...,
 * its index in the catalogue's `components`), or one of these. */
enum {
	SLOT_AUTHORISATION = -1,	/* giấy ủy quyền: submitting on behalf of someone else */
	SLOT_SUPPLEMENT = -2,		/* items sent in answer to a supplement request */
	SLOT_RESULT = -3,		/* the electronic result (staff) */
};

/* Who is asking: a signed-in account. unit_id: the staff account's unit (0 for citizens). */
struct actor {
	int64_t user_id;
	enum role role;
	int64_t unit_id;
};

/* What a draft holds besides its files. Strings may be NULL (= empty). */
struct draft_fields {
	int64_t unit_id;		/* receiving unit (0: not chosen yet) */
	const char *applicant;		/* JSON object text {"name","id_number","phone","email",
					   "address"} */
	const char *form_data;		/* JSON object text: e-form values (eform_validate) */
	bool on_behalf;			/* the account submits for the applicant */
	const char *delivery;		/* result delivery chosen: "counter", "post", "online", or
					   NULL / "" while not chosen */
	const char *delivery_address;	/* post: where to send the result */
};

/* --- drafts ------------------------------------------------------------------------------ */

/* Create a draft of procedure_code for owner_id at now with f. token: DRAFT_TOKEN_HEX lowercase
 * hex digits from the blank form (or NULL): a second call with the same owner and token does
 * nothing and gives the first draft's id with *created = false (a form sent twice makes one
 * draft). E_NOTFOUND unknown procedure or unit; E_REFUSED when the procedure cannot be
 * submitted online (online level "info") or the unit does not implement it (its level is not
 * in the procedure's levels); E_INVALID for a malformed applicant/form JSON or delivery name;
 * E_DB. */
enum err draft_create(struct db *db, int64_t owner_id, const char *procedure_code,
		      const struct draft_fields *f, const char *token, int64_t now, int64_t *id,
		      bool *created);
/* Replace the fields of draft id of owner_id at now. E_NOTFOUND when id is not a draft of
 * this owner (never existed, someone else's, or no longer a draft); other errors as
 * draft_create. Nothing changes on error. */
enum err draft_update(struct db *db, int64_t owner_id, int64_t id, const struct draft_fields *f,
		      int64_t now);
/* Delete draft id of owner_id with its attachment rows (stored files stay). E_NOTFOUND as
 * draft_update. */
enum err draft_delete(struct db *db, int64_t owner_id, int64_t id);

/* Submit draft id of owner_id: the engine's `submit` (role citizen, channel online) in one
 * transaction, with `digitised` set when a component file is attached; the code and the
 * lookup secret come back in *out (the secret is shown once: it is stored only as a keyed
 * hash). Before the event, the draft must be complete: the receiving unit, the applicant's
 * name, a delivery choice among the procedure's options (online only for level "full", post
 * with an address), a file for every required component, the authorisation file when
 * on_behalf. A missing piece gives E_INVALID with out->msg_key "portal.incomplete.<what>"
 * (unit, applicant, delivery, address, component, authorisation) and why naming it.
 * E_NOTFOUND as draft_update, E_REFUSED when it was submitted meanwhile (out->msg_key
 * "dossier.refused.transition"), the engine's errors otherwise. */
enum err draft_submit(struct engine *e, struct db *db, const struct clock *clk,
		      int64_t owner_id, int64_t id, struct event_result *out, char *why,
		      size_t n);

/* --- reading -------------------------------------------------------------------------- */

/* *out = owner_id's dossiers, drafts included, newest change first, at most limit (capped at
 * PORTAL_LIST_MAX), those changed before `before` (epoch seconds; 0: from the newest):
 * [{"id", "code" (null for a draft), "status", "status_code" (national 1..10, 0 draft),
 *   "procedure_code", "procedure_name", "online_level", "updated_at", "submitted_at",
 *   "due_at", "promised_at", "supplement_deadline", "finished_at" (epoch or null),
 *   "next"}] where next is what the citizen must do now: "continue_draft", "supplement",
 * "pay" (level-4 fees due, or a payment wait), "rate" (returned, not rated), "collect"
 * (resolved: result at the one-stop shop), or null (nothing: waiting for staff, or
 * finished). Read from an index on (owner_id, updated_at): never a scan of all dossiers. */
enum err portal_list(struct db *db, int64_t owner_id, int64_t before, int limit, json_t **out);

/* *out = the whole dossier for its owner, by code (id 0) or by id (code NULL, for drafts):
 * the list item's members plus "unit" {"id", "code", "name", "address"}, "channel",
 * "applicant" (object), "form_data" (object), "on_behalf", "delivery" (chosen, or null),
 * "delivery_address", "returned_via" (return's channel or null), "postal_tracking",
 * "fee_amount", "paid_online", "procedure" (catalog_get's object), "events" (public timeline:
 * [{"at", "kind", "to_status", "note", "items", "deadline"}], notes only where they are meant
 * for the applicant: reasons of refuse/supplement/stop/apologise, items of a supplement
 * request), "files" ([{"id", "slot", "title", "file_name", "kind", "size", "uploaded_at"}],
 * slot order then id), "payments" ([{"reference", "amount", "state", "receipt_no",
 * "paid_at"}]), "messages" (the outbox of this dossier: [{"channel" "email"|"sms",
 * "event", "recipient" masked, "state" "queued"|"sent"|"failed", "attempts", "created_at",
 * "sent_at"}]), "rating" (null or {"rating", "comment", "criteria" [9 ints] or null, "at"}),
 * "feedback" ([{"id", "body", "created_at", "due_at", "answer", "answered_at"}]),
 * "can" {"edit", "submit", "withdraw", "supplement", "pay", "rate", "feedback",
 * "download_result"} (booleans: what the owner may do now).
 * E_NOTFOUND when there is no such dossier or it is not owner_id's (one answer for both). */
enum err portal_dossier(struct db *db, int64_t owner_id, const char *code, int64_t id,
			json_t **out);

/* Whether who may read the files of dossier id: its owner (drafts included), or staff
 * (clerk, specialist, leader) whose unit's subtree holds the dossier's unit, or an admin; never
 * anyone for someone else's draft. E_OK yes, E_NOTFOUND no (or no such dossier), E_DB. */
enum err portal_may_read(struct db *db, const struct actor *who, int64_t dossier_id);

/* Attachment attachment_id of the dossier with this code (or id when code is NULL) when
 * portal_may_read allows who, into *out; E_NOTFOUND otherwise (one answer). A staff reader
 * is recorded in the view log ("file"; admin_audit.h). */
enum err portal_file(struct db *db, const struct actor *who, const char *code,
		     int64_t dossier_id, int64_t attachment_id, struct attachment_row *out);

/* --- changes by the owner ----------------------------------------------------------------- */

/* A file for a dossier of owner_id (slot as above; title: the component's name or the
 * citizen's label), recorded with place(ctx) as attachment_add does. Component and
 * authorisation files only while a draft; supplement files only while the dossier waits in
 * `supplement`. E_NOTFOUND not this owner's dossier; E_REFUSED wrong state or slot (slot
 * beyond the procedure's components); E_LIMIT when the dossier already has PORTAL_FILES_MAX
 * files; attachment_add's errors. */
enum err portal_attach(struct db *db, int64_t owner_id, int64_t dossier_id, int slot,
		       const char *title, const struct attachment_new *file,
		       enum err (*place)(void *ctx), void *ctx, int64_t *id);
/* Remove attachment attachment_id from draft dossier_id of owner_id (drafts only; stored files
 * are left for a sweep). E_NOTFOUND, E_REFUSED when no longer a draft. */
enum err portal_detach(struct db *db, int64_t owner_id, int64_t dossier_id,
		       int64_t attachment_id);

/* Answer the supplement request of dossier code of owner_id: the engine's `supplement` as the
 * citizen, note optional. At least one SLOT_SUPPLEMENT file uploaded since the request is
 * needed (E_INVALID, out->msg_key "portal.incomplete.supplement"). E_NOTFOUND not the
 * owner's; the engine's refusals (window passed, not waiting). */
enum err portal_supplement(struct engine *e, struct db *db, const struct clock *clk,
			   int64_t owner_id, const char *code, const char *note,
			   struct event_result *out, char *why, size_t n);
/* Withdraw dossier code of owner_id (reason optional, at most WITHDRAW_REASON_MAX characters:
 * E_INVALID beyond): the engine's `withdraw` as the citizen; refused once a result exists. */
enum err portal_withdraw(struct engine *e, struct db *db, const struct clock *clk,
			 int64_t owner_id, const char *code, const char *reason,
			 struct event_result *out, char *why, size_t n);
/* Rate dossier code of owner_id once after its return: rating "very_satisfied", "satisfied"
 * or "dissatisfied", comment optional (<= 1000 characters), criteria NULL or RATING_CRITERIA
 * scores 0..2 (E_INVALID otherwise); the engine's `rate` carries them in its event data. */
enum err portal_rate(struct engine *e, struct db *db, const struct clock *clk, int64_t owner_id,
		     const char *code, const char *rating, const char *comment,
		     const int *criteria, struct event_result *out, char *why, size_t n);

/* --- feedback (phản ánh, kiến nghị), domain.md §10 ------------------------------------------ */

/* Feedback about dossier code from its owner at now (body: 1..FEEDBACK_TEXT_MAX characters,
 * E_INVALID otherwise); due FEEDBACK_DAYS working days later by the engine's calendar and the
 * dossier unit's office hours. *id receives its id. E_NOTFOUND not the owner's; drafts have
 * no feedback (E_REFUSED). */
enum err feedback_send(struct engine *e, struct db *db, int64_t owner_id, const char *code,
		       const char *body, int64_t now, int64_t *id);
/* Answer feedback id as who (staff of a unit whose subtree holds the dossier's unit, or
 * admin), once. E_NOTFOUND not visible to who; E_REFUSED already answered; E_INVALID empty
 * or too long. */
enum err feedback_answer(struct db *db, const struct actor *who, int64_t id, const char *answer,
			 int64_t now);

#endif
