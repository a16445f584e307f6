/* keyguard.c - refuse to make a new server key for a database that holds dossiers. */
#include "motcua/keyguard.h"

#include <stdint.h>
#include <stdio.h>

#include "motcua/backup_store.h"
#include "motcua/secret.h"

/* See keyguard.h. */
bool server_key_may_load(struct db *db, const char *db_path, const char *command)
{
	if (server_key_exists(db_path))
		return true;
	int64_t n = 0;
	if (backup_store_dossier_count(db, &n) != E_OK)
		return false;
	if (n == 0)
		return true;
	char key[4096];
	if (!server_key_path(db_path, key, sizeof(key)))
		return false;
	fprintf(stderr,
		"%s: the server key %s is missing, but %s holds %lld dossiers: without\n"
		"that key no printed lookup code (mã hồ sơ + mã tra cứu) can be checked, so motcua\n"
		"will not make a new one. Restore it from a backup:\n"
		"  motcua restore --from BACKUP_DIR --db %s --force   (database, key and files)\n"
		"or copy BACKUP_DIR/motcua.key to %s (mode 0600, owned by the server's user).\n",
		command, key, db_path, (long long)n, db_path, key);
	return false;
}
