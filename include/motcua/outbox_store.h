/* outbox_store.h - SQL for the notification outbox (migrations/0006_outbox.sql): queueing a
 * message inside the engine's transaction, the contact facts of a dossier, claiming due
 * messages, recording each attempt, and listing a dossier's messages for the portal.
 * See docs/notifications.md. */
#ifndef MOTCUA_OUTBOX_STORE_H
#define MOTCUA_OUTBOX_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

enum outbox_channel { OUTBOX_EMAIL, OUTBOX_SMS, OUTBOX_CHANNEL__MAX };
enum outbox_state { OUTBOX_QUEUED, OUTBOX_SENT, OUTBOX_FAILED, OUTBOX_STATE__MAX };

/* Stored names ("email", "sms"; "queued", "sent", "failed"); "?" when out of range. */
const char *outbox_channel_name(enum outbox_channel c);
const char *outbox_state_name(enum outbox_state s);
/* Parse a stored name; -1 when unknown. */
int outbox_channel_parse(const char *s);
int outbox_state_parse(const char *s);
/* The languages a message or an account may have, NULL-terminated: "vi", "en". */
extern const char *const outbox_lang_names[];

/* What a message is about: a dossier's event, or an account (outbox.kind). */
enum outbox_kind {
	OUTBOX_DOSSIER,
	OUTBOX_CONFIRM_EMAIL,
	OUTBOX_DIGEST,
	OUTBOX_PASSWORD_LINK,	/* a link to set or reset a password (migration 0014) */
	OUTBOX_KIND__MAX
};
/* Stored name ("dossier", "confirm_email", "digest": migration 0011); "?" when out of range. */
const char *outbox_kind_name(enum outbox_kind k);

/* A message to queue (strings borrowed). */
struct outbox_new {
	int64_t dossier_id, event_id;
	enum outbox_channel channel;
	const char *recipient, *lang, *subject, *body;
	int64_t now;			/* created_at and first next_at */
};
/* Insert a queued message (inside the caller's transaction). E_CONFLICT, E_DB. */
enum err outbox_store_insert(struct db *db, const struct outbox_new *m);

/* Insert a queued message about account user_id, tied to no dossier (kind is not
 * OUTBOX_DOSSIER; m->dossier_id and m->event_id are ignored), inside the caller's
 * transaction. E_INVALID for OUTBOX_DOSSIER, E_DB. */
enum err outbox_store_insert_account(struct db *db, enum outbox_kind kind, int64_t user_id,
				     const struct outbox_new *m);

/* Who a dossier's messages go to and what names they quote (every string owned, "" when
 * unknown): the applicant JSON as stored, the owner account's contact (has_owner false when
 * the dossier has none), the procedure's and the unit's names. */
struct outbox_contact {
	char *applicant;
	bool has_owner;
	char *owner_email, *owner_phone, *owner_lang;
	char *procedure, *unit;
};
/* Load them for dossier_id (visible inside the caller's transaction). E_NOTFOUND, E_DB. */
enum err outbox_store_contact(struct db *db, int64_t dossier_id, struct outbox_contact *c);
/* Free the strings of c (c itself is the caller's). */
void outbox_contact_free(struct outbox_contact *c);

/* A stored message (strings owned). kind is the event's kind ("submit", ...) or, for a
 * message tied to no dossier, its outbox kind ("confirm_email"); code the dossier's code
 * ("" without a dossier); dossier_id and event_id 0 without a dossier. last_error is for operators and logs: never show it to citizens. */
struct outbox_row {
	int64_t id, dossier_id, event_id;
	enum outbox_channel channel;
	enum outbox_state state;
	char *recipient, *lang, *subject, *body, *last_error, *kind, *code;
	int attempts;
	int64_t next_at, created_at, sent_at;	/* sent_at 0 unless sent */
};
void outbox_row_free(struct outbox_row *r);
void outbox_rows_free(struct outbox_row *rows, int n);

/* Claim the queued message due first (next_at <= now, then lowest id): its next_at moves to
 * lease_until so that another deliverer leaves it alone while it is sent (a deliverer that
 * dies mid-send leaves it to be retried at lease_until). *r receives it (caller frees with
 * outbox_row_free). E_NOTFOUND when nothing is due, E_DB. */
enum err outbox_store_claim(struct db *db, int64_t now, int64_t lease_until,
			    struct outbox_row *r);
/* Record a successful send at t. */
enum err outbox_store_sent(struct db *db, int64_t id, int64_t t);
/* Record a failed attempt: attempts, the error text, and either a retry at next_at (state
 * stays queued) or, with for_good, state failed. */
enum err outbox_store_attempt_failed(struct db *db, int64_t id, int attempts, const char *error,
				     bool for_good, int64_t next_at);
/* Every message of a dossier, oldest first (*rows: caller frees with outbox_rows_free). */
enum err outbox_store_list(struct db *db, int64_t dossier_id, struct outbox_row **rows,
			   int *n);
/* Number of messages in state s (all states when s is OUTBOX_STATE__MAX); -1 on failure. */
int64_t outbox_store_count(struct db *db, enum outbox_state s);

#endif
