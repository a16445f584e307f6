/* migrate.c - ordered SQL migrations tracked by PRAGMA user_version. */
#include "motcua/migrate.h"
#include "db_sql.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/log.h"
#include "motcua/xalloc.h"

#define MIGRATIONS_MAX 1000
#define MIGRATION_MAX_BYTES (4 * 1024 * 1024)

struct migration {
	int number;
	char name[256];
};

/* Number of a file named "NNNN_something.sql", or -1 for any other name. */
static int migration_number(const char *name)
{
	size_t len = strlen(name);
	if (len < 9 || strcmp(name + len - 4, ".sql") != 0 || name[4] != '_')
		return -1;
	int n = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* qsort comparator by migration number. */
static int by_number(const void *a, const void *b)
{
	return ((const struct migration *)a)->number - ((const struct migration *)b)->number;
}

/* List migrations of dir sorted by number into list (capacity MIGRATIONS_MAX). Returns the
 * count, or -1 when the folder cannot be read or two files share a number. */
static int list_migrations(const char *dir, struct migration *list)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) && count < MIGRATIONS_MAX) {
		int n = migration_number(e->d_name);
		if (n <= 0 || strlen(e->d_name) >= sizeof(list[0].name))
			continue;
		list[count].number = n;
		snprintf(list[count].name, sizeof(list[count].name), "%s", e->d_name);
		count++;
	}
	closedir(d);
	qsort(list, (size_t)count, sizeof(*list), by_number);
	for (int i = 1; i < count; i++) {
		if (list[i].number == list[i - 1].number) {
			log_error("two migrations numbered %04d in %s", list[i].number, dir);
			return -1;
		}
	}
	return count;
}

/* See migrate.h. */
int migrate_latest(const char *dir)
{
	struct migration *list = xcalloc(MIGRATIONS_MAX, sizeof(*list));
	int count = list_migrations(dir, list);
	int latest = count < 0 ? -1 : count == 0 ? 0 : list[count - 1].number;
	free(list);
	return latest;
}

/* See migrate.h. */
enum err migrate_apply(struct db *db, const char *dir, int *applied)
{
	struct migration *list = xcalloc(MIGRATIONS_MAX, sizeof(*list));
	enum err result = E_OK;
	int ran = 0;
	int count = list_migrations(dir, list);
	if (count < 0) {
		log_error("cannot read migrations folder %s", dir);
		result = E_IO;
		goto out;
	}
	int current = db_user_version(db);
	int latest = count ? list[count - 1].number : 0;
	if (current > latest) {
		log_error("database schema version %d is newer than this program knows (%d): "
			  "use a newer motcua, or restore a backup", current, latest);
		result = E_REFUSED;
		goto out;
	}
	for (int i = 0; i < count; i++) {
		if (list[i].number <= current)
			continue;
		struct buf path = BUF_INIT, sql = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, list[i].name);
		if (file_read(buf_str(&path), MIGRATION_MAX_BYTES, &sql) != E_OK) {
			log_error("cannot read migration %s", buf_str(&path));
			result = E_IO;
		} else {
			buf_printf(&sql, "\n;PRAGMA user_version = %d;", list[i].number);
			if (db_exec(db, "BEGIN IMMEDIATE") != E_OK) {
				result = E_DB;
			} else if (db_exec(db, buf_str(&sql)) != E_OK) {
				db_rollback(db);
				log_error("migration %s failed; nothing of it was applied", list[i].name);
				result = E_DB;
			} else if (db_exec(db, "COMMIT") != E_OK) {
				db_rollback(db);
				result = E_DB;
			} else {
				ran++;
			}
		}
		buf_free(&path);
		buf_free(&sql);
		if (result != E_OK)
			break;
	}
out:
	free(list);
	if (applied)
		*applied = ran;
	return result;
}
