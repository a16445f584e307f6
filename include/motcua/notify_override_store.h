/* notify_override_store.h - notification templates edited on /quan-tri/cai-dat/thong-bao
 * (notify_overrides, migration 0017; docs/accountability.md): name "<lang>/<event>", text in
 * the file format of templates/notify ("Subject: ...\nSMS: ...\n\nbody"). */
#ifndef MOTCUA_NOTIFY_OVERRIDE_STORE_H
#define MOTCUA_NOTIFY_OVERRIDE_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* *text (caller frees) of override name; E_NOTFOUND when there is none, E_DB. */
enum err notify_override_store_get(struct db *db, const char *name, char **text);
/* Insert or replace override name. E_DB. */
enum err notify_override_store_put(struct db *db, const char *name, const char *text,
				   int64_t now, int64_t user_id);
/* Remove override name (nothing when there is none). E_DB. */
enum err notify_override_store_delete(struct db *db, const char *name);
/* The names of every override (*names, caller frees each and the array), *n. E_DB. */
enum err notify_override_store_names(struct db *db, char ***names, int *n);

#endif
