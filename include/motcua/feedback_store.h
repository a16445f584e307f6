/* feedback_store.h - SQL for the feedback table (migration 0008, domain.md §10); used by
 * src/domain/feedback.c only. */
#ifndef MOTCUA_FEEDBACK_STORE_H
#define MOTCUA_FEEDBACK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* One feedback with what staff need to see (strings owned; answer "" while open). */
struct feedback_row {
	int64_t id, dossier_id, unit_id, owner_id;
	char code[DOSSIER_CODE_MAX];	/* the dossier's */
	char *body, *answer, *unit_code, *unit_path;
	int64_t created_at, due_at, answered_by, answered_at;	/* 0 when NULL */
};
void feedback_row_free(struct feedback_row *r);
void feedback_rows_free(struct feedback_row *rows, int n);

/* Insert feedback; *id receives its id. E_DB. */
enum err feedback_store_insert(struct db *db, int64_t dossier_id, int64_t unit_id,
			       int64_t owner_id, const char *body, int64_t created_at,
			       int64_t due_at, int64_t *id);
/* Feedback id. E_NOTFOUND, E_DB. */
enum err feedback_store_get(struct db *db, int64_t id, struct feedback_row *out);
/* Record the answer of open feedback id. E_REFUSED when it was already answered, E_DB. */
enum err feedback_store_answer(struct db *db, int64_t id, const char *answer,
			       int64_t answered_by, int64_t at);
/* The feedback of dossier_id, oldest first (*rows: caller frees). E_DB. */
enum err feedback_store_of_dossier(struct db *db, int64_t dossier_id,
				   struct feedback_row **rows, int *n);
/* Open feedback of the units whose path starts with root_path ("" or NULL: every unit), by
 * due date then id, at most limit (*rows: caller frees). Reads feedback_open. E_DB. */
enum err feedback_store_open(struct db *db, const char *root_path, int limit,
			     struct feedback_row **rows, int *n);

#endif
