/* admin_import.h - imports from the administrator's upload page /quan-tri/nhap (issue 10 §5,
 * docs/admin-imports.md): units, calendar and catalogue at once, dossier histories in a
 * background thread with progress; each import recorded with admin_audit_record inside its own
 * transaction and kept in import_jobs for the admin who ran it. */
#ifndef MOTCUA_ADMIN_IMPORT_H
#define MOTCUA_ADMIN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/import.h"
#include "motcua/secret.h"

/* What an upload may hold: the three import.h kinds, then dossier histories. */
#define ADMIN_IMPORT_DOSSIERS IMPORT__MAX

/* "units" / "calendar" / "catalog" / "dossiers" <-> kind; parse gives -1 when unknown. */
const char *admin_import_kind_name(int kind);
int admin_import_kind_parse(const char *s);

/* Whether admin unit admin_unit_id may import: the province's data (units, calendar,
 * catalogue) and dossier histories of any unit are the root's, so only an administrator of
 * a root unit (no parent). E_OK yes, E_FORBIDDEN no, E_DB. */
enum err admin_import_allowed(struct db *db, int64_t admin_unit_id);

/* Import text[0..len) of kind (units, calendar or catalog) for admin actor_id, file_name as
 * uploaded: one transaction holding the rows and the admin_audit row ("import.<kind>",
 * target "file:<name>", after {"file","rows","inserted","updated"}). After a success a job
 * row is kept (*job_id, 0 when that failed); a refusal writes nothing at all. E_OK;
 * E_INVALID / E_LIMIT with r saying where and why (nothing imported); E_DB. */
enum err admin_import_run(struct db *db, int64_t actor_id, int kind, const char *file_name,
			  const char *text, size_t len, struct import_result *r, int64_t *job_id);

/* Start importing dossier histories text (stolen: freed by the thread) in a background
 * thread with its own connection to db_path and its own engine (key copied): a job row
 * "running" is written first (*job_id); the thread replays the file in one transaction whose
 * admin_audit row is "import.dossiers", then sets the row done or failed. E_DB when the row
 * cannot be written, E_IO when the thread cannot start (the row is then failed). */
enum err admin_import_dossiers_start(struct db *db, const char *db_path,
				     const unsigned char key[SERVER_KEY_BYTES], int64_t actor_id,
				     const char *file_name, char *text, size_t len,
				     int64_t *job_id);

/* Job job_id as {"id","kind","file_name","state" (running|done|failed|interrupted),
 * "created_at","finished_at","result" {...}, "done_bytes","total_bytes","line","percent"
 * (while running)} when it belongs to user_id; E_NOTFOUND otherwise (one answer), E_DB.
 * "interrupted": the row says running but no thread of this process runs it (a restart). */
enum err admin_import_job(struct db *db, int64_t user_id, int64_t job_id, json_t **out);
/* The newest jobs of user_id (as admin_import_job, at most limit) as a JSON array. */
enum err admin_import_jobs(struct db *db, int64_t user_id, int limit, json_t **out);

#endif
