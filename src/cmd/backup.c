/* backup.c - `motcua backup`: everything a new machine needs, copied into a folder while the
 * server runs: a consistent snapshot of the database, the server key and the file store
 * (content-addressed, so a second backup into the same folder copies only new files). The
 * MANIFEST is written last: a folder without it (or with an older one) never looks like a
 * newer complete backup. Layout and format: docs/operations.md. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "motcua/backup_store.h"
#include "motcua/buf.h"
#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/fileio.h"
#include "motcua/filecopy.h"
#include "motcua/paths.h"
#include "motcua/secret.h"

#define BACKUP_KEY_NAME "motcua.key"
#define BACKUP_FILES_DIR "files"
#define SNAPSHOT_ATTEMPTS 5	/* snapshots taken before giving up on a store that keeps losing files */

/* True when path ends with suffix. */
static bool ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && strcmp(path + n - m, suffix) == 0;
}

/* The older form `--to FILE`: the database alone, copied to FILE (through a temporary name). */
static int backup_db_only(const char *db_file, const char *to)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", to, (long)getpid()) >= (int)sizeof(tmp))
		return 1;
	unlink(tmp);
	struct backup_db_info info;
	if (backup_store_copy(db_file, tmp) != E_OK || backup_store_check(tmp, &info) != E_OK ||
	    chmod(tmp, 0600) != 0 || rename(tmp, to) != 0) {
		unlink(tmp);
		fprintf(stderr, "motcua backup: copy of %s failed\n", db_file);
		return 1;
	}
	printf("motcua backup: %s copied to %s (the database only: the key %s.key and the "
	       "files are not in it; use --to DIR for a backup that restores everything)\n",
	       db_file, to, db_file);
	return 0;
}

/* Remove the temporaries (".NAME.tmp-PID") an interrupted copy left in each folder of
 * dir/files/ (the fan-out folders of the file store). */
static void remove_file_strays(const char *dir)
{
	char files[PATH_MAX];
	if (snprintf(files, sizeof(files), "%s/" BACKUP_FILES_DIR, dir) >= (int)sizeof(files))
		return;
	DIR *top = opendir(files);
	if (!top)
		return;
	struct dirent *de;
	while ((de = readdir(top)) != NULL) {
		char sub[PATH_MAX];
		if (de->d_name[0] == '.' ||
		    snprintf(sub, sizeof(sub), "%s/%s", files, de->d_name) >= (int)sizeof(sub))
			continue;
		DIR *d = opendir(sub);
		if (!d)
			continue;
		struct dirent *fe;
		while ((fe = readdir(d)) != NULL)
			if (fe->d_name[0] == '.' && strstr(fe->d_name, ".tmp-"))
				unlinkat(dirfd(d), fe->d_name, 0);
		closedir(d);
	}
	closedir(top);
}

/* Remove what an interrupted backup left in dir: temporaries (also in the folders of files/)
 * and database copies that no MANIFEST names (keep is the one that does, or NULL). */
static void remove_strays(const char *dir, const char *keep)
{
	remove_file_strays(dir);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		bool tmp = n[0] == '.' && strstr(n, ".tmp-");
		bool old_db = strncmp(n, "motcua-", 7) == 0 && ends_with(n, ".db") &&
			      (!keep || strcmp(n, keep) != 0);
		if (!tmp && !old_db)
			continue;
		char p[PATH_MAX];
		if (snprintf(p, sizeof(p), "%s/%s", dir, n) < (int)sizeof(p))
			unlink(p);
	}
	closedir(d);
}

/* The "database NAME" line of dir/MANIFEST into out (size n), or "" when there is none. */
static void manifest_database(const char *dir, char *out, size_t n)
{
	out[0] = '\0';
	char p[PATH_MAX];
	struct buf m = BUF_INIT;
	if (snprintf(p, sizeof(p), "%s/MANIFEST", dir) < (int)sizeof(p) &&
	    file_read(p, 1 << 26, &m) == E_OK) {
		const char *s = strstr(buf_str(&m), "\ndatabase ");
		if (s)
			snprintf(out, n, "%.*s", (int)strcspn(s + 10, "\n"), s + 10);
	}
	buf_free(&m);
}

/* tree_copy_new callback: one "file REL SIZE" line of the manifest. */
static void list_file(void *ctx, const char *rel, uint64_t size, int copied)
{
	(void)copied;
	buf_printf(ctx, "file %s %" PRIu64 "\n", rel, size);
}

/* backup_store_missing_files callback: true when the backup's files folder (ctx) holds hash. */
static bool in_backup(void *ctx, const char *hash)
{
	char p[PATH_MAX];
	struct stat st;
	return snprintf(p, sizeof(p), "%s/%.2s/%s", (const char *)ctx, hash, hash) <
		       (int)sizeof(p) &&
	       stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Compare the key file of the database with the one in the backup folder: 0 the same or none
 * there yet, 1 different (another server's backup), -1 unreadable. */
static int key_differs(const char *key_file, const char *backup_key)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int r;
	if (file_read(key_file, 4096, &a) != E_OK)
		r = -1;
	else if (file_read(backup_key, 4096, &b) != E_OK)
		r = errno == ENOENT ? 0 : -1;
	else
		r = a.len != b.len || memcmp(buf_str(&a), buf_str(&b), a.len) != 0;
	buf_free(&a);
	buf_free(&b);
	return r;
}

/* The full backup of db_file and its file store files (NULL = files_dir_for_db) into the
 * folder dir. Returns the exit status. */
static int backup_folder(const char *db_file, const char *files, const char *dir)
{
	char key_file[PATH_MAX], files_dir[PATH_MAX], p[PATH_MAX], tmp_db[PATH_MAX];
	char db_name[64], old_db[256];
	if (!server_key_path(db_file, key_file, sizeof(key_file)) ||
	    !files_dir_for_db(db_file, files_dir, sizeof(files_dir)))
		return 1;
	if (files && *files)
		snprintf(files_dir, sizeof(files_dir), "%s", files);
	if (!server_key_exists(db_file)) {
		fprintf(stderr, "motcua backup: the server key %s is missing: a backup without it "
				"cannot check any lookup code. Restore the key first.\n", key_file);
		return 1;
	}
	if (dir_make(dir, 0700) != E_OK)
		return 1;
	snprintf(p, sizeof(p), "%s/" BACKUP_KEY_NAME, dir);
	int diff = key_differs(key_file, p);
	if (diff != 0) {
		fprintf(stderr, diff > 0 ? "motcua backup: %s holds the backup of another server "
					   "(its key differs): use an empty folder\n"
					 : "motcua backup: cannot read the key files in %s\n", dir);
		return 1;
	}
	manifest_database(dir, old_db, sizeof(old_db));
	remove_strays(dir, old_db[0] ? old_db : NULL);

	/* 1. The database snapshot first: every file it refers to is then already in the
	 * store (uploads are stored before the row that names them). */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(db_name, sizeof(db_name), "motcua-%Y%m%dT%H%M%SZ.db", &tm);
	if (strcmp(db_name, old_db) == 0)	/* two backups within one second */
		snprintf(db_name, sizeof(db_name), "motcua-%04d%02d%02dT%02d%02d%02dZ-%ld.db",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, (long)getpid());
	snprintf(tmp_db, sizeof(tmp_db), "%s/.%s.tmp-%ld", dir, db_name, (long)getpid());
	struct backup_db_info info;
	struct buf list = BUF_INIT;
	struct tree_copy_count count = { 0, 0, 0 };
	enum err e = E_OK;
	char backup_files[PATH_MAX];
	snprintf(backup_files, sizeof(backup_files), "%s/" BACKUP_FILES_DIR, dir);
	for (int attempt = 1;; attempt++) {
		if (backup_store_copy(db_file, tmp_db) != E_OK ||
		    backup_store_check(tmp_db, &info) != E_OK) {
			unlink(tmp_db);
			buf_free(&list);
			fprintf(stderr, "motcua backup: copy of %s failed\n", db_file);
			return 1;
		}
		chmod(tmp_db, 0600);

		/* 2. New files of the file store (tmp/ holds uploads still arriving). */
		buf_reset(&list);
		count = (struct tree_copy_count){ 0, 0, 0 };
		e = tree_copy_new(files_dir, backup_files, "tmp", 0600, list_file, &list, &count);
		if (e != E_OK)
			break;
		/* A file removed after the snapshot was taken and before it was copied would be
		 * named by the snapshot and missing from the backup: take a newer snapshot. */
		int64_t missing = 0;
		char first[65];
		e = backup_store_missing_files(tmp_db, in_backup, backup_files, &missing, first);
		if (e != E_OK || missing == 0)
			break;
		unlink(tmp_db);
		if (attempt == SNAPSHOT_ATTEMPTS) {
			buf_free(&list);
			fprintf(stderr, "motcua backup: the database names %" PRId64 " file(s) that are "
					"not in the file store %s (first: %s); the backup would not restore. "
					"Run it again; if this persists the file store is damaged.\n",
				missing, files_dir, first);
			return 1;
		}
		fprintf(stderr, "motcua backup: %" PRId64 " file(s) removed while copying; taking a "
				"newer snapshot\n", missing);
	}

	/* 3. The key, then the database under its final name, then the manifest. */
	snprintf(p, sizeof(p), "%s/" BACKUP_KEY_NAME, dir);
	if (e == E_OK)
		e = file_copy_atomic(key_file, p, 0600);
	char final_db[PATH_MAX];
	snprintf(final_db, sizeof(final_db), "%s/%s", dir, db_name);
	if (e == E_OK && rename(tmp_db, final_db) != 0)
		e = E_IO;
	if (e != E_OK) {
		unlink(tmp_db);
		buf_free(&list);
		fprintf(stderr, "motcua backup: writing into %s failed\n", dir);
		return 1;
	}
	char created[32];
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct buf m = BUF_INIT;
	buf_printf(&m, "motcua-backup 1\ncreated %s\ndatabase %s\nschema %d\ndossiers %" PRId64
		       "\nkey " BACKUP_KEY_NAME "\n%send\n",
		   created, db_name, info.schema, info.dossiers, buf_str(&list));
	snprintf(p, sizeof(p), "%s/MANIFEST", dir);
	e = file_write_atomic(p, buf_str(&m), m.len, 0600);
	buf_free(&m);
	buf_free(&list);
	if (e != E_OK || dir_sync(dir) != E_OK) {
		fprintf(stderr, "motcua backup: writing the manifest into %s failed\n", dir);
		return 1;
	}
	remove_strays(dir, db_name);	/* the previous snapshot, now superseded */
	printf("motcua backup: %s -> %s: database %s (%" PRId64 " dossiers), key, files: %u new "
	       "(%" PRIu64 " bytes), %u already there\n",
	       db_file, dir, db_name, info.dossiers, count.copied, count.bytes, count.kept);
	return 0;
}

/* See cmd.h. */
int cmd_backup(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *to = NULL, *files = NULL;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "files", "MOTCUA_FILES", CLI_STR, &files, 0, 0,
		  "file store folder (default: files/ beside the database)" },
		{ "to", NULL, CLI_STR, &to, 0, 0,
		  "backup folder (required): database, key and files; a name ending in .db "
		  "(or an existing file) copies the database alone" },
	};
	const struct cli_spec spec = { "motcua backup",
				       "copy the database, the server key and the files while the "
				       "server runs", NULL, opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!to || !*to) {
		fprintf(stderr, "motcua backup: --to DIR is required\n");
		return 2;
	}
	struct stat st;
	bool exists = stat(to, &st) == 0;
	if ((exists && S_ISREG(st.st_mode)) ||
	    (!exists && (ends_with(to, ".db") || ends_with(to, ".sqlite") ||
			 ends_with(to, ".sqlite3"))))
		return backup_db_only(db_file, to);
	return backup_folder(db_file, files, to);
}
