/* fixture_dir.h - throw-away template folders for the view tests (test_template, test_i18n). */
#ifndef MOTCUA_FIXTURE_DIR_H
#define MOTCUA_FIXTURE_DIR_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Create a fresh empty folder under /tmp and write its path into out. Aborts on failure. */
static inline void fx_mkdir(char out[static 64])
{
	snprintf(out, 64, "/tmp/motcua-view-XXXXXX");
	if (!mkdtemp(out))
		abort();
}

/* Write text to root/rel, creating the folders of rel. Aborts on failure. */
static inline void fx_write(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

/* Write small matching i18n/vi.json and i18n/en.json into root. */
static inline void fx_catalogues(const char *root)
{
	fx_write(root, "i18n/vi.json", "{\"site\": {\"name\": \"Một cửa điện tử\"}, \"search\": \"Tìm kiếm\"}");
	fx_write(root, "i18n/en.json", "{\"site\": {\"name\": \"One-Stop Shop\"}, \"search\": \"Search\"}");
}

/* nftw callback: remove one entry. */
static inline int fx_unlink(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove root and everything below it. */
static inline void fx_remove(const char *root)
{
	nftw(root, fx_unlink, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
