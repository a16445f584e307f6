/* intake_store.h - SQL of the one-stop shop's intake (migration 0010, docs/intake.md): the
 * intake and results-ready queues of a unit subtree, the counter form's idempotency tokens
 * and the result delivery of a dossier received at the counter. Used by src/domain/intake.c. */
#ifndef MOTCUA_INTAKE_STORE_H
#define MOTCUA_INTAKE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* Which queue. */
enum intake_queue_kind { IQ_INTAKE, IQ_READY, IQ__MAX };

/* One queue row; strings valid during the callback only. */
struct intake_row {
	int64_t id, unit_id, submitted_at, finished_at;
	const char *code, *status, *channel, *applicant_name, *result_channel,
		*delivery_address, *procedure_code, *procedure_name;
	bool digitised;
};
typedef void (*intake_row_fn)(void *ctx, const struct intake_row *r);

/* Rows of queue kind in the units whose path starts with root_path: intake = submitted by
 * submission time, ready = resolved or stopped by finish time, oldest first (then id), from
 * offset, at most limit, each passed to fn. Reads dossiers_queue (one range per unit). E_DB. */
enum err intake_store_queue(struct db *db, enum intake_queue_kind kind, const char *root_path,
			    int limit, int offset, intake_row_fn fn, void *ctx);
/* Number of rows of the same queue into *n. E_DB. */
enum err intake_store_count(struct db *db, enum intake_queue_kind kind, const char *root_path,
			    int64_t *n);
/* The SQL text of the queue (for EXPLAIN QUERY PLAN in tests). */
const char *intake_store_queue_sql(enum intake_queue_kind kind);

/* Claim token for clerk_id at now: E_OK when new, E_CONFLICT when it was claimed already,
 * E_DB. */
enum err intake_store_token_claim(struct db *db, const char *token, int64_t clerk_id,
				  int64_t now);
/* The dossier a claimed token made: *dossier_id (0 while under way) and its code (n bytes,
 * "" while under way). E_NOTFOUND when the token was never claimed, E_DB. */
enum err intake_store_token_get(struct db *db, const char *token, int64_t *dossier_id,
				char *code, size_t n);
/* Record the dossier of token. E_DB. */
enum err intake_store_token_done(struct db *db, const char *token, int64_t dossier_id);
/* Forget a claim that made no dossier (the form may be sent again). E_DB. */
enum err intake_store_token_release(struct db *db, const char *token);
/* Set the result delivery the applicant chose (counter, post, online) and the postal address
 * of dossier id. E_DB. */
enum err intake_store_set_delivery(struct db *db, int64_t id, const char *channel,
				   const char *address);

#endif
