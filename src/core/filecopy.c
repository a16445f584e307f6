/* filecopy.c - atomic file copies (temporary name, fsync, rename) and copying a tree of
 * content-addressed files, skipping those already there. */
#include "motcua/filecopy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "motcua/log.h"

/* The temporary name for dst: ".<base>.tmp-<pid>" in dst's folder, into out (size n). */
static bool tmp_name(const char *dst, char *out, size_t n)
{
	const char *slash = strrchr(dst, '/');
	int dir_len = slash ? (int)(slash - dst + 1) : 0;
	int len = snprintf(out, n, "%.*s.%s.tmp-%ld", dir_len, dst, slash ? slash + 1 : dst,
			   (long)getpid());
	return len > 0 && (size_t)len < n;
}

/* Write all n bytes of p to fd; false on error. */
static bool write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* Open a fresh temporary for dst into tmp (size n); -1 after logging. */
static int tmp_open(const char *dst, char *tmp, size_t n, mode_t mode)
{
	if (!tmp_name(dst, tmp, n)) {
		log_error("copy: path too long: %s", dst);
		return -1;
	}
	unlink(tmp);	/* left by an interrupted run of a process with the same pid */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		log_error("copy: cannot create %s: %s", tmp, strerror(errno));
	else
		fchmod(fd, mode);	/* whatever the umask */
	return fd;
}

/* fsync and close fd, then rename tmp to dst; removes tmp on failure. */
static enum err tmp_commit(int fd, const char *tmp, const char *dst, bool ok)
{
	if (ok && fsync(fd) != 0)
		ok = false;
	if (close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, dst) != 0)
		ok = false;
	if (!ok) {
		log_error("copy: cannot write %s: %s", dst, strerror(errno));
		unlink(tmp);
		return E_IO;
	}
	return E_OK;
}

/* See filecopy.h. */
enum err file_copy_atomic(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		log_error("copy: cannot open %s: %s", src, strerror(errno));
		return E_IO;
	}
	char tmp[PATH_MAX];
	int out = tmp_open(dst, tmp, sizeof(tmp), mode);
	if (out < 0) {
		close(in);
		return E_IO;
	}
	char block[65536];
	bool ok = true;
	for (;;) {
		ssize_t r = read(in, block, sizeof(block));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_error("copy: cannot read %s: %s", src, strerror(errno));
			ok = false;
		}
		if (r <= 0)
			break;
		if (!write_all(out, block, (size_t)r)) {
			ok = false;
			break;
		}
	}
	close(in);
	return tmp_commit(out, tmp, dst, ok);
}

/* See filecopy.h. */
enum err file_write_atomic(const char *dst, const void *data, size_t n, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd = tmp_open(dst, tmp, sizeof(tmp), mode);
	if (fd < 0)
		return E_IO;
	return tmp_commit(fd, tmp, dst, write_all(fd, data, n));
}

/* See filecopy.h. */
enum err dir_make(const char *path, mode_t mode)
{
	char p[PATH_MAX];
	if (!*path || snprintf(p, sizeof(p), "%s", path) >= (int)sizeof(p))
		return E_IO;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			log_error("cannot create folder %s: %s", p, strerror(errno));
			return E_IO;
		}
		*s = c;
		if (!c)
			break;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		log_error("%s is not a folder", path);
		return E_IO;
	}
	return E_OK;
}

/* See filecopy.h. */
enum err dir_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		log_error("cannot sync folder %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return E_IO;
	}
	close(fd);
	return E_OK;
}

/* tree_copy_new below from/rel (rel "" at the top). */
static enum err tree_walk(const char *from, const char *to, const char *rel, const char *skip,
			  mode_t file_mode, tree_file_fn each, void *ctx,
			  struct tree_copy_count *c)
{
	char src_dir[PATH_MAX];
	snprintf(src_dir, sizeof(src_dir), "%s%s%s", from, *rel ? "/" : "", rel);
	DIR *d = opendir(src_dir);
	if (!d) {
		if (errno == ENOENT && !*rel)
			return E_OK;
		log_error("copy: cannot read folder %s: %s", src_dir, strerror(errno));
		return E_IO;
	}
	enum err e = E_OK;
	bool made = false;
	struct dirent *de;
	while (e == E_OK && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (!*rel && skip && strcmp(de->d_name, skip) == 0))
			continue;
		char sub[PATH_MAX], src[PATH_MAX], dst[PATH_MAX];
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name) >=
			    (int)sizeof(sub) ||
		    snprintf(src, sizeof(src), "%s/%s", from, sub) >= (int)sizeof(src) ||
		    snprintf(dst, sizeof(dst), "%s/%s", to, sub) >= (int)sizeof(dst)) {
			e = E_IO;
			break;
		}
		struct stat st, have;
		if (lstat(src, &st) != 0)
			continue;	/* removed meanwhile */
		if (S_ISDIR(st.st_mode)) {
			e = tree_walk(from, to, sub, skip, file_mode, each, ctx, c);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;	/* no symlinks, sockets, devices */
		if (!made) {
			char dst_dir[PATH_MAX];
			snprintf(dst_dir, sizeof(dst_dir), "%s%s%s", to, *rel ? "/" : "", rel);
			if ((e = dir_make(dst_dir, 0700)) != E_OK)
				break;
			made = true;
		}
		int copied = 0;
		if (stat(dst, &have) == 0 && S_ISREG(have.st_mode) && have.st_size == st.st_size) {
			c->kept++;
		} else if ((e = file_copy_atomic(src, dst, file_mode)) == E_OK) {
			c->copied++;
			c->bytes += (uint64_t)st.st_size;
			copied = 1;
		}
		if (e == E_OK && each)
			each(ctx, sub, (uint64_t)st.st_size, copied);
	}
	closedir(d);
	if (e == E_OK && made) {
		char dst_dir[PATH_MAX];
		snprintf(dst_dir, sizeof(dst_dir), "%s%s%s", to, *rel ? "/" : "", rel);
		e = dir_sync(dst_dir);
	}
	return e;
}

/* See filecopy.h. */
enum err tree_copy_new(const char *from, const char *to, const char *skip, mode_t file_mode,
		       tree_file_fn each, void *ctx, struct tree_copy_count *c)
{
	return tree_walk(from, to, "", skip, file_mode, each, ctx, c);
}
