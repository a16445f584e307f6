/* admin_audit_store.h - rows of the administrative record (admin_audit) and of the
 * personal-data view record (view_log): chain tips, inserts, ordered walks, lists
 * (docs/accountability.md). The hashing is the domain's (src/domain/admin_audit.c). */
#ifndef MOTCUA_ADMIN_AUDIT_STORE_H
#define MOTCUA_ADMIN_AUDIT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One admin_audit row; strings borrowed (valid during a callback, or owned by the caller for
 * an insert). before / after are compact JSON text or NULL. */
struct admin_audit_row {
	int64_t id, at, actor_id;	/* actor_id 0 = NULL */
	const char *action, *target, *before, *after;
	unsigned char prev_hash[32], hash[32];
};

/* One view_log row. */
struct view_log_row {
	int64_t id, at, viewer_id, unit_id, dossier_id;	/* unit_id 0 = NULL */
	const char *what;
	unsigned char prev_hash[32], hash[32];
};

/* True while a transaction is open on the connection. */
bool db_in_transaction(struct db *db);

/* Id and hash of the last row of table "admin_audit" or "view_log" (0 and zero bytes when
 * empty). E_DB on failure. */
enum err admin_audit_store_tip(struct db *db, bool views, int64_t *id, unsigned char hash[32]);

/* Insert r (id included). E_CONFLICT / E_DB. */
enum err admin_audit_store_insert(struct db *db, const struct admin_audit_row *r);
enum err view_log_store_insert(struct db *db, const struct view_log_row *r);

/* The viewer's unit id (0 when none); E_NOTFOUND for no such user. */
enum err view_log_store_viewer_unit(struct db *db, int64_t viewer_id, int64_t *unit_id);

/* True when viewer viewed dossier at or after since. */
enum err view_log_store_recent(struct db *db, int64_t viewer_id, int64_t dossier_id,
			       int64_t since, bool *found);

/* Walk every row in id order until fn returns false. E_DB on failure. */
enum err admin_audit_store_each(struct db *db, bool (*fn)(void *ctx,
							    const struct admin_audit_row *r),
				void *ctx);
enum err view_log_store_each(struct db *db, bool (*fn)(void *ctx, const struct view_log_row *r),
			     void *ctx);

/* One view as the citizen is shown it. */
struct view_log_entry {
	int64_t at;
	char *viewer, *unit, *what;
};

/* The views of a dossier, newest first (at most limit): *out (caller frees with
 * view_log_entries_free), *n. E_DB. */
enum err view_log_store_for_dossier(struct db *db, int64_t dossier_id, int limit,
				    struct view_log_entry **out, int *n);
void view_log_entries_free(struct view_log_entry *v, int n);

/* A filter on the administrative record for /quan-tri/nhat-ky: action ("" = any; "user"
 * also matches "user.create"), actor username ("" = any), [from, to) epoch seconds (0 =
 * open), and the actors' scope: unit path prefix ("/1/4/"; NULL = everyone, including the
 * command line). */
struct admin_audit_filter {
	const char *action;
	const char *actor;
	int64_t from, to;
	const char *scope_path;
	int limit, offset;
};

/* One listed row: the stored row plus the actor's name and username ("" for the command
 * line). Strings owned. */
struct admin_audit_entry {
	int64_t id, at, actor_id;
	char *action, *target, *before, *after, *actor_name, *actor_username;
};

/* Rows matching f, newest first. *out (free with admin_audit_entries_free), *n. E_DB. */
enum err admin_audit_store_list(struct db *db, const struct admin_audit_filter *f,
				struct admin_audit_entry **out, int *n);
void admin_audit_entries_free(struct admin_audit_entry *v, int n);

/* Distinct action names used so far (for the filter's choices), sorted. *out, *n; caller
 * frees each and the array. E_DB. */
enum err admin_audit_store_actions(struct db *db, char ***out, int *n);

#endif
