/* import_job_store.h - the imports run from the administrator's upload page (import_jobs,
 * migration 0017; docs/admin-imports.md): one row per upload, kept for the admin who ran it. */
#ifndef MOTCUA_IMPORT_JOB_STORE_H
#define MOTCUA_IMPORT_JOB_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* One row; strings owned (import_job_free). */
struct import_job {
	int64_t id, user_id;
	char *kind;		/* units | calendar | catalog | dossiers */
	char *file_name;
	char *state;		/* running | done | failed */
	int64_t done_lines, total_lines;
	char *result;		/* JSON text: the summary, or the refusal (docs/admin-imports.md) */
	int64_t created_at, finished_at;	/* finished_at 0 while running */
};

/* Insert a row; *id receives its id. E_CONFLICT / E_DB. */
enum err import_job_store_insert(struct db *db, const struct import_job *j, int64_t *id);
/* Set the state, lines done, result and finished_at of row id. E_NOTFOUND / E_DB. */
enum err import_job_store_finish(struct db *db, int64_t id, const char *state,
				 int64_t done_lines, const char *result, int64_t finished_at);
/* Row id into *out. E_NOTFOUND / E_DB. */
enum err import_job_store_get(struct db *db, int64_t id, struct import_job *out);
/* The newest rows of user_id (at most limit): *out (free with import_jobs_free), *n. */
enum err import_job_store_list(struct db *db, int64_t user_id, int limit,
			       struct import_job **out, int *n);
void import_job_free(struct import_job *j);
void import_jobs_free(struct import_job *v, int n);

#endif
