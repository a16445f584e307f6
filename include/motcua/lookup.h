/* lookup.h - public status lookup by dossier code + lookup secret (domain.md §4).
 * The secret is not a password: it is compared through its keyed BLAKE2b hash (secret.h).
 * A wrong code and a wrong secret give the same answer, so codes cannot be probed. */
#ifndef MOTCUA_LOOKUP_H
#define MOTCUA_LOOKUP_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/secret.h"

#define LOOKUP_CODE_MAX 40
#ifndef LOOKUP_SECRET_LEN
#define LOOKUP_SECRET_LEN 8	/* also defined by dossier.h, which issues the secrets */
#endif

/* Normalise a typed secret into out (9 bytes): spaces and dashes dropped, letters upper-cased.
 * Returns false when what remains is not LOOKUP_SECRET_LEN characters of [A-Z0-9]. */
bool lookup_secret_normalise(const char *typed, char out[LOOKUP_SECRET_LEN + 1]);

/* Find the dossier with this code whose lookup hash matches the secret. On E_OK *out is a new
 * object (caller decrefs) with the public facts only:
 *   code, status, channel, applicant_masked, procedure_code, procedure_name, unit_name,
 *   received_at, due_at, finished_at, promised_at (epoch seconds or null),
 *   events: [{at, kind, to_status, note}] (note only where it is meant for the applicant).
 * No address, phone or identity number ever leaves this function. E_NOTFOUND for an unknown
 * code or a wrong secret alike; E_DB on storage failure. */
enum err lookup_dossier(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
			const char *code, const char *secret, json_t **out);

#endif
