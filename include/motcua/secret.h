/* secret.h - the server key: 32 random bytes kept beside the database as "<db>.key" (mode
 * 0600), created on first use. It keys the BLAKE2b hashes of lookup secrets and session
 * tokens, so a copy of the database alone cannot be used to test guesses offline. */
#ifndef MOTCUA_SECRET_H
#define MOTCUA_SECRET_H

#include <stddef.h>

#include "motcua/err.h"

#define SERVER_KEY_BYTES 32

/* Read "<db_path>.key", creating it with fresh random bytes when missing. E_IO after
 * logging when it cannot be read or written, or has the wrong size. */
enum err server_key_load(const char *db_path, unsigned char key[SERVER_KEY_BYTES]);

/* Keyed BLAKE2b-256 of data into out (32 bytes). */
void keyed_hash(const unsigned char key[SERVER_KEY_BYTES], const void *data, size_t n,
		unsigned char out[32]);

#endif
