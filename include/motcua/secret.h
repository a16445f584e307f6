/* secret.h - the server key: 32 random bytes kept beside the database as "<db>.key" (mode
 * 0600), created on first use. It keys the BLAKE2b hashes of lookup secrets and session
 * tokens, so a copy of the database alone cannot be used to test guesses offline. */
#ifndef MOTCUA_SECRET_H
#define MOTCUA_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/err.h"

#define SERVER_KEY_BYTES 32

/* Read "<db_path>.key", creating it with fresh random bytes when missing. E_IO after
 * logging when it cannot be read or written, or has the wrong size. A database that already
 * holds dossiers must not get a new key (their lookup secrets would stop matching): callers
 * check server_key_exists first (motcua serve refuses to start). */
enum err server_key_load(const char *db_path, unsigned char key[SERVER_KEY_BYTES]);

/* The key file of db_path ("<db_path>.key") into out (size n); NULL when it does not fit. */
char *server_key_path(const char *db_path, char *out, unsigned long n);

/* True when "<db_path>.key" exists (whatever its content). */
bool server_key_exists(const char *db_path);

/* Keyed BLAKE2b-256 of data into out (32 bytes). */
void keyed_hash(const unsigned char key[SERVER_KEY_BYTES], const void *data, size_t n,
		unsigned char out[32]);

#endif
