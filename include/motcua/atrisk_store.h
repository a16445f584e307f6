/* atrisk_store.h - SQL of the leader's at-risk lists (issue 9 §4, docs/at-risk.md); used by
 * src/domain/atrisk.c only. Every list is an index range over the partial indexes of
 * migration 0011 (dossiers_open_due by unit, dossiers_dept_open_due by department) restricted
 * to the units whose path starts with root_path: open dossiers (received, processing) with
 * due_at before a bound, never a scan of all dossiers. */
#ifndef MOTCUA_ATRISK_STORE_H
#define MOTCUA_ATRISK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* One open dossier of an at-risk list (strings owned: free with atrisk_rows_free). */
struct atrisk_row {
	int64_t id, unit_id;
	char code[DOSSIER_CODE_MAX];
	char *applicant_name, *procedure_name, *unit_name, *status;
	char *department_name, *assignee_name;	/* "" when none */
	char *steps;				/* the procedure's steps JSON */
	char *duration_unit;			/* the procedure's duration unit name */
	int64_t duration_value;
	int step;
	int64_t due_at, received_at, apology_at;	/* 0 when NULL */
	int64_t step_started_at;	/* the last assign/transfer event's time, 0 when none */
	int version;
};
void atrisk_rows_free(struct atrisk_row *rows, int n);

/* Open dossiers of root_path's subtree (the dossier's unit, or the department it was handed
 * to from a unit outside the subtree, so none twice) with due_at < before; with
 * no_apology only those without an apology yet. Ordered by due_at then id (the most overdue
 * first, then the nearest due); limit rows after offset. *rows (caller frees) and *n. E_DB. */
enum err atrisk_store_list(struct db *db, const char *root_path, int64_t before, bool no_apology,
			   int limit, int offset, struct atrisk_row **rows, int *n);
/* Call fn for every row atrisk_store_list would give without limit, in the same order, from
 * one statement (nothing is collected: the strings of a row are valid during the call); a
 * non-zero return stops. E_DB. */
enum err atrisk_store_each(struct db *db, const char *root_path, int64_t before,
			   int (*fn)(void *ctx, const struct atrisk_row *r), void *ctx);
/* The number of rows atrisk_store_list would give without limit, and of them those with
 * due_at < now into *overdue (may be NULL). E_DB. */
enum err atrisk_store_count(struct db *db, const char *root_path, int64_t before,
			    bool no_apology, int64_t now, int64_t *count, int64_t *overdue);

#endif
