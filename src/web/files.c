/* files.c - sending a stored file (by its hash) as a download: the file store's path, the
 * type from the recognised kind, a Content-Disposition that every browser reads. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/log.h"
#include "motcua/web.h"

/* name made plain ASCII for the Content-Disposition filename= fallback: each non-ASCII
 * character, quote, backslash, percent sign or control byte becomes one '_' (arena). */
static const char *ascii_name(struct request *req, const char *name)
{
	char *s = arena_strdup(req_arena(req), name);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80 && *p < 0xc0)
			continue;	/* continuation byte: already replaced */
		bool plain = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '%';
		s[o++] = plain ? (char)*p : '_';
	}
	s[o] = '\0';
	return s;
}


/* RFC 5987 percent-encoding of name for filename*= (arena). */
static const char *ext_value(struct request *req, const char *name)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}


static void send_stored(struct request *req, struct response *res, const char *hash,
			const char *kind, const char *file_name, bool show);

/* See web.h. */
void web_send_file(struct request *req, struct response *res, const char *hash, const char *kind,
		   const char *file_name)
{
	send_stored(req, res, hash, kind, file_name, false);
}

/* See web.h. */
void web_show_file(struct request *req, struct response *res, const char *hash, const char *kind,
		   const char *file_name)
{
	send_stored(req, res, hash, kind, file_name, true);
}

/* The stored file of hash as an attachment, or inline (framable by the site's pages). */
static void send_stored(struct request *req, struct response *res, const char *hash,
			const char *kind, const char *file_name, bool show)
{
	struct app *app = req_app(req);
	char path[PATH_MAX];
	int fd = -1;
	struct stat st;
	if (upload_store_path(app->files_dir, hash, path, sizeof(path)))
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("stored file %s cannot be read: %s", hash, strerror(errno));
		if (fd >= 0)
			close(fd);
		res_error(req, res, 500, NULL);
		return;
	}
	res_file(res, fd, (uint64_t)st.st_size);
	res_type(res, upload_kind_mime(upload_kind_parse(kind)));
	res_header(res, "Content-Disposition",
		   arena_printf(req_arena(req), "%s; filename=\"%s\"; filename*=UTF-8''%s",
				show ? "inline" : "attachment", ascii_name(req, file_name),
				ext_value(req, file_name)));
	if (show)
		res_frame_self(res);
	res_header(res, "Cache-Control", "private, no-store");
}
