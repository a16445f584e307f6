/* static.c - files under /static/ from the static folder: never outside it (decoded ".."
 * segments are refused by the router, hidden names here, symlinks out by realpath and a prefix
 * check), a MIME table, ETag (size + mtime) with If-None-Match -> 304, Cache-Control. */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum mime_kind { MT_CSS, MT_JS, MT_SVG, MT_PNG, MT_JPG, MT_JPEG, MT_WEBP, MT_ICO, MT_WOFF2, MT_TXT,
		 MT_JSON, MT_PDF, MT__MAX };

static const char *const mime_ext[MT__MAX] = {
	[MT_CSS] = "css", [MT_JS] = "js", [MT_SVG] = "svg", [MT_PNG] = "png", [MT_JPG] = "jpg",
	[MT_JPEG] = "jpeg", [MT_WEBP] = "webp", [MT_ICO] = "ico", [MT_WOFF2] = "woff2",
	[MT_TXT] = "txt", [MT_JSON] = "json", [MT_PDF] = "pdf",
};

static const char *const mime_type[MT__MAX] = {
	[MT_CSS] = "text/css; charset=utf-8",
	[MT_JS] = "text/javascript; charset=utf-8",
	[MT_SVG] = "image/svg+xml",
	[MT_PNG] = "image/png",
	[MT_JPG] = "image/jpeg",
	[MT_JPEG] = "image/jpeg",
	[MT_WEBP] = "image/webp",
	[MT_ICO] = "image/x-icon",
	[MT_WOFF2] = "font/woff2",
	[MT_TXT] = "text/plain; charset=utf-8",
	[MT_JSON] = "application/json",
	[MT_PDF] = "application/pdf",
};

/* Content type for a file name by its extension; NULL for an unknown one (not served). */
static const char *mime_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (int i = 0; i < MT__MAX; i++)
		if (strcasecmp(dot + 1, mime_ext[i]) == 0)
			return mime_type[i];
	return NULL;
}

/* True when any segment of rel is empty or starts with '.' (hidden files, dot segments). */
static bool hidden_or_empty(const char *rel)
{
	const char *p = rel;
	for (;;) {
		if (*p == '\0' || *p == '/' || *p == '.')
			return true;
		const char *e = strchr(p, '/');
		if (!e)
			return false;
		p = e + 1;
	}
}

/* True when the If-None-Match header lists etag (or "*"). */
static bool etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return false;
	size_t n = strlen(etag);
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p == '*' || (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
							      p[n] == ' ')))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* See internal.h. */
void static_serve(struct request *r, struct response *res)
{
	const char *rel = req_param(r, "*");
	const char *root = r->srv->static_real;
	const char *type = rel ? mime_of(rel) : NULL;
	if (!root || !rel || hidden_or_empty(rel) || !type) {
		response_error(r, 404, "static");
		return;
	}
	char *full = arena_printf(r->arena, "%s/%s", root, rel);
	char real[PATH_MAX];
	size_t rootlen = strlen(root);
	if (!realpath(full, real) || strncmp(real, root, rootlen) != 0 || real[rootlen] != '/') {
		response_error(r, 404, "static");
		return;
	}
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		response_error(r, 404, "static");
		return;
	}
	char etag[64];
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
			 (unsigned long long)st.st_mtim.tv_nsec);
	res_header(res, "ETag", etag);
	res_header(res, "Cache-Control", "public, max-age=3600");
	if (etag_matches(req_header(r, "If-None-Match"), etag)) {
		close(fd);
		res->status = 304;
		res->type = NULL;
		return;
	}
	res->status = 200;
	res->type = type;
	res->fd = fd;
	res->fd_size = (uint64_t)st.st_size;
}
