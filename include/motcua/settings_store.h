/* settings_store.h - the key/value settings table (demo texts, configuration rows). */
#ifndef MOTCUA_SETTINGS_STORE_H
#define MOTCUA_SETTINGS_STORE_H

#include "motcua/buf.h"
#include "motcua/db.h"

/* Insert or replace the value of key. E_DB on failure. */
enum err settings_set(struct db *db, const char *key, const char *value);
/* Append the value of key to out; E_NOTFOUND when there is none, E_DB on failure. */
enum err settings_get(struct db *db, const char *key, struct buf *out);

#endif
