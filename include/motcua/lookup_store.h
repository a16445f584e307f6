/* lookup_store.h - reads behind the public status lookup (store layer). */
#ifndef MOTCUA_LOOKUP_STORE_H
#define MOTCUA_LOOKUP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* A NULL instant column. */
#define LOOKUP_NO_TIME INT64_MIN

/* The facts of one dossier the lookup may show, plus its lookup hash. Strings are never NULL
 * ("" for NULL) and, like lookup_hash, are valid only during the callback. */
struct lookup_row {
	int64_t id;
	const char *code, *status, *channel, *applicant_name;
	const char *procedure_code, *procedure_name, *unit_name;
	int64_t received_at, due_at, finished_at, promised_at;	/* LOOKUP_NO_TIME when NULL */
	const unsigned char *lookup_hash;	/* NULL when the dossier has none */
	size_t lookup_hash_len;
};

/* One event of a dossier's timeline; strings valid during the callback only. */
struct lookup_event {
	int64_t at;
	const char *kind, *to_status, *note;
};

/* Call fn once with the dossier whose code is code. E_OK, E_NOTFOUND when no dossier has that
 * code (fn not called), E_DB after logging. No allocation. */
enum err lookup_store_dossier(struct db *db, const char *code,
			      void (*fn)(void *ctx, const struct lookup_row *r), void *ctx);
/* Call fn for each event of the dossier, in order (seq). E_OK or E_DB after logging. */
enum err lookup_store_events(struct db *db, int64_t dossier_id,
			     void (*fn)(void *ctx, const struct lookup_event *ev), void *ctx);

#endif
