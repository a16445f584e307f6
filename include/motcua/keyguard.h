/* keyguard.h - never make a new server key for a database that already holds dossiers: their
 * lookup secrets are hashed with the old key, so a new one would silently break every
 * printed lookup code. Used by the commands that load the key (serve, import). */
#ifndef MOTCUA_KEYGUARD_H
#define MOTCUA_KEYGUARD_H

#include <stdbool.h>

#include "motcua/db.h"

/* True when command may go on to server_key_load(db_path): the key file exists, or db (the
 * open database at db_path) holds no dossier. Otherwise prints to stderr, as command, that the
 * key is missing and how to restore it (`motcua restore`, or copying the backup's key), and
 * returns false; also false after logging when the count fails. */
bool server_key_may_load(struct db *db, const char *db_path, const char *command);

#endif
