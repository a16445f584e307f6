/* paths.c - locate the share folder next to the binary or under PREFIX. */
#include "motcua/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MOTCUA_SHARE_DIR
#define MOTCUA_SHARE_DIR "/usr/local/share/motcua"
#endif

/* True when dir/templates is a folder. */
static int has_templates(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof(p), "%s/templates", dir) >= (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* See paths.h. */
const char *share_dir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	const char *env = getenv("MOTCUA_SHARE");
	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
		return dir;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		/* Walk up from the binary's folder at most four levels (build/asan/motcua). */
		for (int up = 0; up < 4; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash || slash == exe)
				break;
			*slash = '\0';
			if (has_templates(exe)) {
				snprintf(dir, sizeof(dir), "%s", exe);
				return dir;
			}
			/* An installed tree: PREFIX/bin/motcua next to PREFIX/share/motcua. */
			char installed[PATH_MAX];
			if (snprintf(installed, sizeof(installed), "%s/share/motcua", exe) <
				    (int)sizeof(installed) &&
			    has_templates(installed)) {
				snprintf(dir, sizeof(dir), "%s", installed);
				return dir;
			}
		}
	}
	if (has_templates("."))
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%s", MOTCUA_SHARE_DIR);
	return dir;
}

/* See paths.h. */
char *share_path(char *out, unsigned long n, const char *sub)
{
	snprintf(out, n, "%s/%s", share_dir(), sub);
	return out;
}

/* See paths.h. */
const char *default_db_path(void)
{
	const char *env = getenv("MOTCUA_DB");
	return env && *env ? env : "var/motcua.db";
}

/* See paths.h. */
char *files_dir_for_db(const char *db_path, char *out, unsigned long n)
{
	const char *slash = strrchr(db_path, '/');
	int dir_len = slash ? (int)(slash - db_path) : 0;
	int len = slash ? snprintf(out, n, "%.*s/files", dir_len, db_path)
			: snprintf(out, n, "files");
	if (len < 0 || (unsigned long)len >= n)
		return NULL;
	return out;
}
