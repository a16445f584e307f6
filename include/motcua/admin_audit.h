/* admin_audit.h - accountability (issue 10 §8): an append-only, hash-chained record of every
 * administrative change (who, when, what, before and after) and a record of every view of a
 * dossier's personal data by staff. Both tables are append-only (triggers refuse UPDATE and
 * DELETE) and hash-chained like the event log (audit.h): hash = BLAKE2b-256(prev_hash ||
 * canonical content). `motcua audit verify` checks the event log and both records.
 *
 * Every page or command that changes users, units, the catalogue, the calendar, settings, API
 * tokens, 766 entries or PAR scores calls admin_audit_record INSIDE the same transaction as
 * the change (so a change is never saved without its record, nor a record without its
 * change). */
#ifndef MOTCUA_ADMIN_AUDIT_H
#define MOTCUA_ADMIN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/role.h"

/* One administrative change. action is a dotted name of what was done ("user.create",
 * "user.disable", "unit.close", "procedure.publish", "calendar.add", "token.revoke",
 * "setting.766", ...); target names the thing changed ("user:motcua.xa01", "unit:H29.23.01",
 * "procedure:1.000948@3", "day:2027-01-02", "token:7"). before / after are JSON values
 * (NULL = none: a creation has no before, a deletion no after); they are stored as compact
 * JSON with sorted keys and are not stolen. Secrets (password hashes, TOTP secrets, tokens)
 * must never be put in them. */
struct admin_change {
	int64_t actor_id;	/* 0 = the command line / system */
	const char *action;
	const char *target;
	const json_t *before, *after;
	int64_t at;		/* epoch seconds; 0 = now */
};

/* Append c to the administrative record, chained to the previous row. Call inside the
 * caller's write transaction (db_begin ... db_commit). E_INVALID for an empty action or
 * target, E_DB on failure. */
enum err admin_audit_record(struct db *db, const struct admin_change *c);

/* Record that staff member viewer_id opened the personal data of dossier dossier_id at `at`
 * (0 = now); `what` says which page ("dossier", "file", "slip", "search-export"). One row per
 * view; a reload within 60 seconds by the same viewer of the same dossier adds nothing.
 * Runs its own small transaction when none is open. E_DB on failure (callers log it and
 * still show the page). */
enum err view_log_record(struct db *db, int64_t viewer_id, int64_t dossier_id, const char *what,
			 int64_t at);

/* For the pages that show personal data: view_log_record(db, viewer_id, dossier_id, what, 0)
 * when role is a staff role (clerk, specialist, leader, admin), nothing for others (the owner
 * reading their own dossier). A failure is logged, never returned: the page is still shown. */
void view_log_staff(struct db *db, int64_t viewer_id, enum role role, int64_t dossier_id,
		    const char *what);

/* The same view of n dossiers at once (a search export, docs/accountability.md), throttled
 * like view_log_record, in write transactions of at most VIEW_LOG_BATCH rows (never inside
 * the caller's transaction). E_INVALID for a bad viewer, E_DB on failure (the batches already
 * committed stay). */
#define VIEW_LOG_BATCH 1000
enum err view_log_record_many(struct db *db, int64_t viewer_id, const int64_t *dossier_ids,
			      size_t n, const char *what, int64_t at);

/* The views of one dossier, newest first, as a JSON array of
 * {"at": epoch, "viewer": name, "unit": unit name, "what": ...} (at most limit rows). */
enum err view_log_for_dossier(struct db *db, int64_t dossier_id, int limit, json_t **out);

/* The first broken link of a record (0-filled when intact). */
struct admin_audit_break {
	int64_t id;
	const char *table;	/* "admin_audit" or "view_log" */
	const char *what;	/* "prev_hash" or "hash" */
};

/* Recompute both chains. *rows receives how many rows were checked. E_DB on failure. */
enum err admin_audit_verify(struct db *db, int64_t *rows, struct admin_audit_break *broken);

#endif
