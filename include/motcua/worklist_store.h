/* worklist_store.h - SQL of the staff work lists, badges and search (migration 0011); used by
 * src/domain/worklist.c and src/domain/search.c only. Every query is an index range over the
 * partial indexes of 0011 (or 0001's dossiers_status) restricted to the units whose path
 * starts with root_path (a "/1/4/" path: the staff member's subtree). */
#ifndef MOTCUA_WORKLIST_STORE_H
#define MOTCUA_WORKLIST_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* One dossier of a list (strings owned: free with wl_rows_free). */
struct wl_row {
	int64_t id;
	char code[DOSSIER_CODE_MAX];
	char *applicant_name, *procedure_name, *unit_name, *status;
	int64_t submitted_at, received_at, due_at, supplement_deadline;	/* 0 when NULL */
	int version;	/* the dossier's version (desk_act's expect_version) */
};
void wl_rows_free(struct wl_row *rows, int n);

/* Which index a list reads. */
enum wl_source {
	WLS_OPEN_DUE,	/* received/processing with due_at in [from, to), by unit or department */
	WLS_SUPPLEMENT,	/* waiting for a supplement, by supplement_deadline, the same way */
	WLS_ASSIGNEE,	/* received/processing assigned to user `who` (any unit), by step due */
	WLS_SUBMITTED,	/* waiting for reception, by submission */
	WLS_RESOLVED,	/* results ready to return */
};

/* The rows of source within root_path (who: the assignee for WLS_ASSIGNEE), due in [from, to)
 * for WLS_OPEN_DUE, ordered by the source's time then id, limit rows after offset.
 * *rows (caller frees) and *n. E_DB. */
enum err wl_store_list(struct db *db, enum wl_source src, const char *root_path, int64_t who,
		       int64_t from, int64_t to, int limit, int offset, struct wl_row **rows,
		       int *n);
/* The number of rows wl_store_list would give without limit. E_DB. */
enum err wl_store_count(struct db *db, enum wl_source src, const char *root_path, int64_t who,
			int64_t from, int64_t to, int64_t *count);

/* Open feedback of the subtree (feedback_open). E_DB. */
enum err wl_store_count_feedback(struct db *db, const char *root_path, int64_t *count);

/* Search filters; NULL/0 = not given. At most one key (code prefix, name_key prefix, id
 * number, phone) drives the index; the others filter. */
struct search_filter {
	const char *code;		/* prefix of the dossier code (upper case) */
	const char *name_key;		/* prefix of text_fold(applicant name) */
	const char *id_number;		/* exact */
	const char *phone;		/* exact, as stored (0 + 9 digits) */
	const char *procedure_code;	/* exact */
	const char *status;		/* a state name */
	int64_t from, to;		/* submitted in [from, to) */
	int64_t who;			/* the staff member: dossiers assigned to them are in scope */
};
/* Dossiers (with a code) of root_path's subtree (the dossier's unit or the department it was
 * handed to), or assigned to f->who, matching f, limit after offset. E_DB. */
enum err search_store_find(struct db *db, const char *root_path, const struct search_filter *f,
			   int limit, int offset, struct wl_row **rows, int *n);
/* The same search's first limit rows in one statement, each handed to fn (its strings valid
 * during the call) without collecting them, so that an export streams; a non-zero return
 * from fn stops. E_DB. */
enum err search_store_each(struct db *db, const char *root_path, const struct search_filter *f,
			   int limit, int (*fn)(void *ctx, const struct wl_row *r), void *ctx);
/* Up to max ids and applicant names of dossiers with a code whose name_key is NULL: ids[]
 * and names[] (caller frees each name and both arrays). E_DB. */
enum err search_store_pending(struct db *db, int max, int64_t **ids, char ***names, int *n);
/* Set the name_key of dossier id. E_DB. */
enum err search_store_set_key(struct db *db, int64_t id, const char *key);

/* A staff account that may get the daily digest (strings valid during the callback). */
struct wl_staff {
	int64_t id, unit_id;
	const char *role, *name, *email, *lang, *unit_name;
};
/* Call fn for every active staff account (clerk, specialist, leader, admin) with a unit and
 * an email address, by id; a non-zero return stops. E_DB. */
enum err wl_store_staff_each(struct db *db, int (*fn)(void *ctx, const struct wl_staff *s),
			     void *ctx);
/* Whether account user_id has a digest queued at or after since. E_DB. */
enum err wl_store_digest_since(struct db *db, int64_t user_id, int64_t since, bool *found);

#endif
