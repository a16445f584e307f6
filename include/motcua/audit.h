/* audit.h - the hash chain of the event log (docs/engine.md).
 * hash = BLAKE2b-256(prev_hash || canonical content), prev_hash = hash of the previous row in
 * id order (32 zero bytes for the first). */
#ifndef MOTCUA_AUDIT_H
#define MOTCUA_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "motcua/db.h"
#include "motcua/dossier_store.h"
#include "motcua/err.h"

/* Hash of r from r->prev_hash and its canonical content: the compact JSON array
 * [id, dossier_id, seq, at, actor_id|null, actor_role, kind, from|null, to, note, data]
 * where data is the stored text (itself compact JSON with sorted keys). */
void event_hash(const struct event_row *r, unsigned char out[32]);

/* The first broken link found by audit_verify. */
struct audit_break {
	int64_t id;
	int seq;
	char code[DOSSIER_CODE_MAX];
	const char *what;	/* "prev_hash" or "hash" */
};

/* Recompute the chain. *rows receives how many rows were checked; *broken is 0-filled when
 * the chain is intact, else names the first bad row. E_DB on failure. */
enum err audit_verify(struct db *db, int64_t *rows, struct audit_break *broken);

#endif
