/* secret.c - the server key file and keyed hashes. */
#include "motcua/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/log.h"

/* Read exactly n bytes from fd; false on short read or error. */
static int read_all(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		got += (size_t)r;
	}
	char extra;
	return read(fd, &extra, 1) == 0;
}

/* See secret.h. */
enum err server_key_load(const char *db_path, unsigned char key[SERVER_KEY_BYTES])
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s.key", db_path) >= (int)sizeof(path))
		return E_IO;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		int ok = read_all(fd, key, SERVER_KEY_BYTES);
		close(fd);
		if (!ok) {
			sodium_memzero(key, SERVER_KEY_BYTES);
			log_error("server key %s is not %d bytes", path, SERVER_KEY_BYTES);
			return E_IO;
		}
		return E_OK;
	}
	if (errno != ENOENT) {
		log_error("cannot read server key %s: %s", path, strerror(errno));
		return E_IO;
	}
	randombytes_buf(key, SERVER_KEY_BYTES);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)	/* another process made it first: use theirs */
		return server_key_load(db_path, key);
	if (fd < 0 || write(fd, key, SERVER_KEY_BYTES) != SERVER_KEY_BYTES || fsync(fd) != 0) {
		log_error("cannot write server key %s: %s", path, strerror(errno));
		sodium_memzero(key, SERVER_KEY_BYTES);
		if (fd >= 0)
			close(fd);
		return E_IO;
	}
	close(fd);
	return E_OK;
}

/* See secret.h. */
char *server_key_path(const char *db_path, char *out, unsigned long n)
{
	int len = snprintf(out, n, "%s.key", db_path);
	return len < 0 || (unsigned long)len >= n ? NULL : out;
}

/* See secret.h. */
bool server_key_exists(const char *db_path)
{
	char path[4096];
	struct stat st;
	return server_key_path(db_path, path, sizeof(path)) && lstat(path, &st) == 0;
}

/* See secret.h. */
void keyed_hash(const unsigned char key[SERVER_KEY_BYTES], const void *data, size_t n,
		unsigned char out[32])
{
	crypto_generichash(out, 32, data, n, key, SERVER_KEY_BYTES);
}
