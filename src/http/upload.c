/* upload.c - the file store of uploads: a file part is written to a temporary file under
 * <files_dir>/tmp/ while its BLAKE2b hash is computed, then moved to <files_dir>/ab/<hash>
 * (content-addressed: the same bytes are stored once). Only a few hundred bytes of state per
 * part are held in memory, whatever the size of the file. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

#define HEAD_BYTES 8
/* A temporary file untouched this long is left over by a crash, not an upload in flight
 * (which writes at least every connection timeout) of another server on the same folder. */
#define STALE_SECONDS 600
#define HASH_BYTES 32

/* Bytes written between two starts of writeback. */
#define WRITEBACK_STEP ((uint64_t)1 << 20)

struct upload_sink {
	int fd;
	uint64_t size;
	uint64_t flushed;	/* bytes already handed to writeback (sync_file_range) */
	crypto_generichash_state state;
	unsigned char head[HEAD_BYTES];
	size_t head_len;
	char tmp[PATH_MAX];
};

/* Create folder path (0700) unless it exists; false (logged) on failure. */
static bool make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return true;
	log_error("upload: cannot create %s: %s", path, strerror(errno));
	return false;
}

/* fsync the folder path; false when it cannot be opened or synced. */
static bool sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

/* See http.h. */
enum err upload_dir_prepare(const char *files_dir)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s/tmp", files_dir) >= (int)sizeof(tmp))
		return E_IO;
	if (!make_dir(files_dir) || !make_dir(tmp))
		return E_IO;
	DIR *d = opendir(tmp);
	if (!d) {
		log_error("upload: cannot open %s: %s", tmp, strerror(errno));
		return E_IO;
	}
	int dfd = dirfd(d);
	unsigned removed = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (strncmp(e->d_name, "up-", 3) == 0 &&
		    strncmp(e->d_name, UPLOAD_HIDDEN_PREFIX, strlen(UPLOAD_HIDDEN_PREFIX)) != 0 &&
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_mtime < now - STALE_SECONDS && unlinkat(dfd, e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	if (removed)
		log_info("upload: removed %u stale temporary file(s) from %s", removed, tmp);
	return E_OK;
}

/* See http.h. */
enum upload_kind upload_sniff(const unsigned char *h, size_t n)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return UPLOAD_PDF;
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
		return UPLOAD_JPEG;
	if (n >= 8 && memcmp(h, png, 8) == 0)
		return UPLOAD_PNG;
	return UPLOAD_NONE;
}

/* See http.h. */
const char *upload_kind_name(enum upload_kind k)
{
	switch (k) {
	case UPLOAD_PDF:
		return "pdf";
	case UPLOAD_JPEG:
		return "jpeg";
	case UPLOAD_PNG:
		return "png";
	case UPLOAD_TEXT:
		return "text";
	case UPLOAD_NONE:
		break;
	}
	return NULL;
}

/* See http.h. */
enum upload_kind upload_kind_parse(const char *name)
{
	static const enum upload_kind all[] = { UPLOAD_PDF, UPLOAD_JPEG, UPLOAD_PNG };
	for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(name, upload_kind_name(all[i])) == 0)
			return all[i];
	return UPLOAD_NONE;
}

/* See http.h. */
const char *upload_kind_mime(enum upload_kind k)
{
	switch (k) {
	case UPLOAD_PDF:
		return "application/pdf";
	case UPLOAD_JPEG:
		return "image/jpeg";
	case UPLOAD_PNG:
		return "image/png";
	case UPLOAD_TEXT:
		return "text/plain; charset=utf-8";
	case UPLOAD_NONE:
		break;
	}
	return "application/octet-stream";
}

/* True when hash is 64 lowercase hex digits. */
static bool hash_valid(const char *hash)
{
	size_t i = 0;
	for (; hash && hash[i]; i++)
		if (!((hash[i] >= '0' && hash[i] <= '9') || (hash[i] >= 'a' && hash[i] <= 'f')))
			return false;
	return i == 2 * HASH_BYTES;
}

/* See http.h. */
char *upload_store_path(const char *files_dir, const char *hash, char *out, size_t n)
{
	if (!files_dir || !hash_valid(hash))
		return NULL;
	int w = snprintf(out, n, "%s/%.2s/%s", files_dir, hash, hash);
	return w > 0 && (size_t)w < n ? out : NULL;
}

/* See internal.h. */
struct upload_sink *upload_sink_open(const char *files_dir)
{
	struct upload_sink *s = xcalloc(1, sizeof(*s));
	if (!files_dir ||
	    snprintf(s->tmp, sizeof(s->tmp), "%s/tmp/up-XXXXXX", files_dir) >= (int)sizeof(s->tmp)) {
		free(s);
		return NULL;
	}
	s->fd = mkostemp(s->tmp, O_CLOEXEC);	/* mode 0600 */
	if (s->fd < 0) {
		log_error("upload: cannot create a temporary file in %s/tmp: %s", files_dir,
			  strerror(errno));
		free(s);
		return NULL;
	}
	crypto_generichash_init(&s->state, NULL, 0, HASH_BYTES);
	return s;
}

/* See internal.h. */
enum err upload_sink_write(struct upload_sink *s, const char *data, size_t n)
{
	if (s->head_len < HEAD_BYTES) {
		size_t take = n < HEAD_BYTES - s->head_len ? n : HEAD_BYTES - s->head_len;
		memcpy(s->head + s->head_len, data, take);
		s->head_len += take;
	}
	crypto_generichash_update(&s->state, (const unsigned char *)data, n);
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(s->fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("upload: write to %s: %s", s->tmp, strerror(errno));
			return E_IO;
		}
		done += (size_t)w;
	}
	s->size += n;
	/* Start writing each MiB back to disk now, while the rest arrives and is hashed, so the
	 * fsync at the end waits for little (Linux; advisory, durability still comes from the
	 * fsync in upload_sink_keep). */
	if (s->size - s->flushed >= WRITEBACK_STEP) {
		(void)sync_file_range(s->fd, (off_t)s->flushed, (off_t)(s->size - s->flushed),
				      SYNC_FILE_RANGE_WRITE);
		s->flushed = s->size;
	}
	return E_OK;
}

/* See internal.h. */
uint64_t upload_sink_size(const struct upload_sink *s)
{
	return s->size;
}

/* See internal.h. */
enum upload_kind upload_sink_kind(const struct upload_sink *s)
{
	enum upload_kind k = upload_sniff(s->head, s->head_len);
	if (k != UPLOAD_NONE || s->head_len == 0)
		return k;
	size_t i = s->head_len >= 3 && !memcmp(s->head, "\xEF\xBB\xBF", 3) ? 3 : 0;
	for (; i < s->head_len; i++)
		if (s->head[i] < 0x20 && s->head[i] != '\t' && s->head[i] != '\n' &&
		    s->head[i] != '\r')
			return UPLOAD_NONE;
	return UPLOAD_TEXT;
}

/* See internal.h. */
bool upload_sink_head_full(const struct upload_sink *s)
{
	return s->head_len == HEAD_BYTES;
}

/* See internal.h. */
void upload_sink_hash(struct upload_sink *s, char hex[65])
{
	unsigned char h[HASH_BYTES];
	crypto_generichash_final(&s->state, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* See internal.h. */
enum err upload_sink_keep(struct upload_sink *s, const char *files_dir, const char *hash,
			  char *out, size_t n)
{
	char dir[PATH_MAX];
	if (!upload_store_path(files_dir, hash, out, n) ||
	    snprintf(dir, sizeof(dir), "%s/%.2s", files_dir, hash) >= (int)sizeof(dir)) {
		upload_sink_drop(s);
		return E_IO;
	}
	struct stat st;
	if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
		upload_sink_drop(s);	/* the same bytes are already stored */
		return E_OK;
	}
	bool fresh_dir = stat(dir, &st) != 0;
	if (fsync(s->fd) != 0 || !make_dir(dir)) {
		log_error("upload: cannot store %s: %s", hash, strerror(errno));
		upload_sink_drop(s);
		return E_IO;
	}
	if (rename(s->tmp, out) != 0) {
		log_error("upload: rename %s -> %s: %s", s->tmp, out, strerror(errno));
		upload_sink_drop(s);
		return E_IO;
	}
	s->tmp[0] = '\0';
	upload_sink_drop(s);
	if (!sync_dir(dir) || (fresh_dir && !sync_dir(files_dir))) {
		log_error("upload: fsync of %s failed: %s", dir, strerror(errno));
		return E_IO;
	}
	return E_OK;
}

/* See internal.h. */
void upload_sink_drop(struct upload_sink *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmp[0])
		unlink(s->tmp);
	sodium_memzero(&s->state, sizeof(s->state));
	free(s);
}
