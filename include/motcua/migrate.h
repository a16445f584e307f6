/* migrate.h - apply migrations/NNNN_name.sql in order, tracked by PRAGMA user_version. */
#ifndef MOTCUA_MIGRATE_H
#define MOTCUA_MIGRATE_H

#include "motcua/db.h"

/* Highest migration number found in dir (0 when none); -1 when dir cannot be read. */
int migrate_latest(const char *dir);

/* Apply every migration in dir numbered above the database's user_version, each in its own
 * transaction together with the new user_version. A database whose user_version is above the
 * latest file is refused (E_REFUSED) with a message naming both numbers; a failing migration
 * is rolled back whole and named (E_DB). *applied (may be NULL) receives how many ran. */
enum err migrate_apply(struct db *db, const char *dir, int *applied);

#endif
