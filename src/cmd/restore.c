/* restore.c - `motcua restore`: rebuild a server from a folder written by `motcua backup`:
 * the database (integrity-checked), the server key (mode 0600) and the file store, each file
 * checked against the manifest (size, and BLAKE2b when its name is the hash). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/backup_store.h"
#include "motcua/buf.h"
#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/fileio.h"
#include "motcua/filecopy.h"
#include "motcua/migrate.h"
#include "motcua/paths.h"
#include "motcua/secret.h"

/* What the MANIFEST says. */
struct manifest {
	char database[256];
	char key[256];
	int64_t dossiers;
	int schema;
	bool complete;		/* ends with "end" */
};

/* True when s is a plain file name (no '/', not "." or ".."). */
static bool plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* True when rel is a relative path without "." or ".." segments. */
static bool safe_rel(const char *rel)
{
	if (!*rel || *rel == '/')
		return false;
	for (const char *s = rel; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		s += n;
		if (*s == '/')
			s++;
	}
	return true;
}

/* The lowercase-hex length of name's last segment when it is 32..128 hex digits (a BLAKE2b
 * hash of 16..64 bytes), else 0. */
static size_t hash_name_len(const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	size_t n = strspn(base, "0123456789abcdef");
	return base[n] == '\0' && n % 2 == 0 && n >= 32 && n <= 128 ? n : 0;
}

/* True when the file at path has BLAKE2b hash (hex) equal to the hex_len-digit name. */
static bool hash_matches(const char *path, const char *rel, size_t hex_len)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	crypto_generichash_state st;
	size_t out_len = hex_len / 2;
	crypto_generichash_init(&st, NULL, 0, out_len);
	unsigned char block[65536], h[64];
	size_t r;
	while ((r = fread(block, 1, sizeof(block), f)) > 0)
		crypto_generichash_update(&st, block, r);
	bool ok = !ferror(f);
	fclose(f);
	crypto_generichash_final(&st, h, out_len);
	char hex[129];
	sodium_bin2hex(hex, sizeof(hex), h, out_len);
	return ok && strcmp(hex, base) == 0;
}

/* Check (verify) or list every "file REL SIZE" line of text against the tree at root.
 * Returns the number of files, or -1 after printing the first bad one. */
static long check_files(const char *text, const char *root)
{
	long n = 0;
	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "file ", 5) != 0)
			continue;
		size_t len = strcspn(line, "\n");
		char rel[PATH_MAX];
		uint64_t size;
		const char *sp = memrchr(line, ' ', len);
		if (!sp || sp <= line + 5 || (size_t)(sp - line - 5) >= sizeof(rel) ||
		    sscanf(sp + 1, "%" SCNu64, &size) != 1) {
			fprintf(stderr, "motcua restore: bad manifest line: %.*s\n", (int)len, line);
			return -1;
		}
		memcpy(rel, line + 5, (size_t)(sp - line - 5));
		rel[sp - line - 5] = '\0';
		char path[PATH_MAX];
		struct stat st;
		if (!safe_rel(rel) || snprintf(path, sizeof(path), "%s/%s", root, rel) >= (int)sizeof(path)) {
			fprintf(stderr, "motcua restore: bad file name in the manifest: %s\n", rel);
			return -1;
		}
		size_t hex = hash_name_len(rel);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size ||
		    (hex && !hash_matches(path, rel, hex))) {
			fprintf(stderr, "motcua restore: file %s is missing or damaged in %s\n", rel, root);
			return -1;
		}
		n++;
	}
	return n;
}

/* Parse the manifest text into *m. False when it is not a complete motcua backup. */
static bool manifest_parse(const char *text, struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	if (strncmp(text, "motcua-backup 1\n", 16) != 0)
		return false;
	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		int len = (int)strcspn(line, "\n");
		if (strncmp(line, "database ", 9) == 0)
			snprintf(m->database, sizeof(m->database), "%.*s", len - 9, line + 9);
		else if (strncmp(line, "key ", 4) == 0)
			snprintf(m->key, sizeof(m->key), "%.*s", len - 4, line + 4);
		else if (strncmp(line, "dossiers ", 9) == 0)
			m->dossiers = strtoll(line + 9, NULL, 10);
		else if (strncmp(line, "schema ", 7) == 0)
			m->schema = atoi(line + 7);
		else if (len == 3 && strncmp(line, "end", 3) == 0 && line[3] == '\n' && line[4] == '\0')
			m->complete = true;
	}
	return m->complete && plain_name(m->database) && plain_name(m->key);
}

/* backup_store_missing_files callback: true when the files folder ctx holds hash. */
static bool in_folder(void *ctx, const char *hash)
{
	char p[PATH_MAX];
	struct stat st;
	return snprintf(p, sizeof(p), "%s/%.2s/%s", (const char *)ctx, hash, hash) <
		       (int)sizeof(p) &&
	       stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Check the backup's database before anything is written: intact, of the schema its
 * MANIFEST says and this program knows, and every file it names present in from_files.
 * False after printing why. */
static bool snapshot_usable(const char *from, const struct manifest *m, const char *from_files)
{
	char p[PATH_MAX], mig[4096];
	struct backup_db_info info;
	snprintf(p, sizeof(p), "%s/%s", from, m->database);
	if (backup_store_check(p, &info) != E_OK) {
		fprintf(stderr, "motcua restore: the database %s is missing or damaged\n", p);
		return false;
	}
	if (info.schema != m->schema) {
		fprintf(stderr, "motcua restore: the MANIFEST of %s says schema %d but its database "
				"has schema %d: not a backup this program wrote; refused\n",
			from, m->schema, info.schema);
		return false;
	}
	const char *dir = share_path(mig, sizeof(mig), "migrations");
	int latest = dir ? migrate_latest(dir) : -1;
	if (latest > 0 && info.schema > latest) {
		fprintf(stderr, "motcua restore: the backup has schema %d, newer than this program "
				"knows (%d): restore it with the motcua that wrote it\n",
			info.schema, latest);
		return false;
	}
	int64_t missing = 0;
	char first[65];
	if (backup_store_missing_files(p, in_folder, (void *)from_files, &missing, first) != E_OK)
		return false;
	if (missing) {
		fprintf(stderr, "motcua restore: %s lacks %" PRId64 " file(s) its database names "
				"(first: %s): the backup is incomplete; refused\n",
			from, missing, first);
		return false;
	}
	return true;
}

/* Remove path if it exists; false (after printing) when it exists and cannot be removed. */
static bool remove_if_there(const char *path)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return true;
	fprintf(stderr, "motcua restore: cannot remove %s: %s\n", path, strerror(errno));
	return false;
}

/* The restore of the backup folder from into db_file and the file store files (NULL =
 * files_dir_for_db). Returns the exit status. */
static int restore(const char *from, const char *db_file, const char *files, bool force)
{
	char p[PATH_MAX], key_file[PATH_MAX], files_dir[PATH_MAX], tmp_db[PATH_MAX];
	struct buf text = BUF_INIT;
	struct manifest m;
	int result = 1;
	snprintf(p, sizeof(p), "%s/MANIFEST", from);
	if (file_read(p, 1 << 28, &text) != E_OK || !manifest_parse(buf_str(&text), &m)) {
		fprintf(stderr, "motcua restore: %s holds no complete backup (no valid MANIFEST): "
				"a backup that was interrupted is not usable\n", from);
		goto out;
	}
	struct stat st;
	if (stat(db_file, &st) == 0 && !force) {
		fprintf(stderr, "motcua restore: %s already exists: stop the server and add --force "
				"to replace it\n", db_file);
		goto out;
	}
	if (!server_key_path(db_file, key_file, sizeof(key_file)) ||
	    !files_dir_for_db(db_file, files_dir, sizeof(files_dir)))
		goto out;
	if (files && *files)
		snprintf(files_dir, sizeof(files_dir), "%s", files);
	char from_files[PATH_MAX];
	snprintf(from_files, sizeof(from_files), "%s/files", from);
	long nfiles = check_files(buf_str(&text), from_files);
	if (nfiles < 0 || !snapshot_usable(from, &m, from_files))
		goto out;
	const char *slash = strrchr(db_file, '/');
	if (slash && slash != db_file) {
		snprintf(p, sizeof(p), "%.*s", (int)(slash - db_file), db_file);
		if (dir_make(p, 0700) != E_OK)
			goto out;
	}

	/* Files and key first: a database that appears is never missing its key. */
	struct tree_copy_count count = { 0, 0, 0 };
	if (tree_copy_new(from_files, files_dir, "tmp", 0600, NULL, NULL, &count) != E_OK ||
	    check_files(buf_str(&text), files_dir) != nfiles)
		goto out;
	snprintf(p, sizeof(p), "%s/%s", from, m.key);
	if (file_copy_atomic(p, key_file, 0600) != E_OK)
		goto out;

	/* The database: copied beside its final name, checked, then renamed over. */
	snprintf(p, sizeof(p), "%s/%s", from, m.database);
	snprintf(tmp_db, sizeof(tmp_db), "%s.restore-%ld", db_file, (long)getpid());
	struct backup_db_info info;
	if (file_copy_atomic(p, tmp_db, 0600) != E_OK)
		goto out;
	if (backup_store_check(tmp_db, &info) != E_OK || info.dossiers != m.dossiers) {
		fprintf(stderr, "motcua restore: the database in %s is damaged (integrity check or "
				"dossier count)\n", from);
		unlink(tmp_db);
		goto out;
	}
	/* A -wal left by the database being replaced would be replayed into the new one. */
	static const char *const side[] = { "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db_file, side[i]);
		if (!remove_if_there(p)) {
			unlink(tmp_db);
			goto out;
		}
	}
	if (rename(tmp_db, db_file) != 0) {
		fprintf(stderr, "motcua restore: cannot write %s: %s\n", db_file, strerror(errno));
		unlink(tmp_db);
		goto out;
	}
	snprintf(p, sizeof(p), "%.*s", slash ? (int)(slash - db_file) : 1, slash ? db_file : ".");
	dir_sync(slash == db_file ? "/" : p);
	printf("motcua restore: %s -> %s: %" PRId64 " dossiers (schema %d), key %s, %ld files "
	       "(%u copied, %u already there)\nstart it with: motcua serve --db %s\n",
	       from, db_file, info.dossiers, info.schema, key_file, nfiles, count.copied,
	       count.kept, db_file);
	result = 0;
out:
	buf_free(&text);
	return result;
}

/* See cmd.h. */
int cmd_restore(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *from = NULL, *files = NULL;
	bool force = false;
	const struct cli_opt opts[] = {
		{ "from", NULL, CLI_STR, &from, 0, 0, "backup folder written by motcua backup (required)" },
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file to create (default var/motcua.db)" },
		{ "files", "MOTCUA_FILES", CLI_STR, &files, 0, 0,
		  "file store folder to fill (default: files/ beside the database)" },
		{ "force", NULL, CLI_BOOL, &force, 0, 0, "replace an existing database (stop the server first)" },
	};
	const struct cli_spec spec = { "motcua restore",
				       "rebuild the database, server key and files from a backup",
				       NULL, opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!from || !*from) {
		fprintf(stderr, "motcua restore: --from DIR is required\n");
		return 2;
	}
	return restore(from, db_file, files, force);
}
