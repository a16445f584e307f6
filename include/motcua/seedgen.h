/* seedgen.h - realistic dossier histories at scale for demos, tests and benchmarks, created
 * through the engine (dossier_apply in batch transactions), deterministic for a seed. Units,
 * catalogue and calendar must be loaded first. */
#ifndef MOTCUA_SEEDGEN_H
#define MOTCUA_SEEDGEN_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/secret.h"

struct seedgen_opts {
	int64_t dossiers;	/* how many */
	int years;		/* receptions spread over the `years` years before now */
	uint64_t seed;		/* same seed, same data (codes, secrets, histories) */
	int64_t now;		/* the end of the history; 0: the current time */
	int batch;		/* dossiers per transaction; 0: 10000 */
	bool bulk;		/* db_bulk_begin/db_bulk_end around the run (a new file only) */
	/* Called after each batch with dossiers done so far; may be NULL. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	void *ctx;
	/* Called once per dossier created, with its code and lookup secret (e.g. to write a
	 * list for benchmarks and demos); may be NULL. Strings are valid during the call. */
	void (*created)(void *ctx, const char *code, const char *secret);
};

struct seedgen_result {
	int64_t dossiers, events;
	char first_code[64];	/* the first dossier and its lookup secret, for demos */
	char first_secret[16];
};

/* Generate o->dossiers histories. Each dossier gets its lookup secret from the seed's PRNG.
 * E_INVALID when no unit offers any procedure; E_DB (the current batch rolled back, earlier
 * batches kept) on failure. */
enum err seedgen_run(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
		     const struct seedgen_opts *o, struct seedgen_result *out);

#endif
