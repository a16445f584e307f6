/* local_path.c - the one validator of return paths (?next= of /lang/:code and /dang-nhap):
 * closes the open redirect through "//host", "/\host" and "/<tab>/host" (browsers strip tabs
 * and newlines from URLs and read a backslash as a slash). */
#include <stdlib.h>
#include <string.h>

#include "motcua/web.h"
#include "motcua/xalloc.h"

#define LOCAL_PATH_MAX 2048

/* True when s starts with "/" not followed by '/' or '\\' and has no control character and
 * no backslash. */
static bool shape_ok(const char *s)
{
	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

/* See web.h. */
bool web_local_path_ok(const char *next)
{
	if (!next || strlen(next) > LOCAL_PATH_MAX || !shape_ok(next))
		return false;
	/* Once more decoded ("/%09/host" in the value itself): must still be local. */
	size_t n = strlen(next);
	char *copy = xstrdup(next);
	size_t m = url_decode(copy, n, false);
	bool ok = m != (size_t)-1 && strlen(copy) == m && shape_ok(copy);
	free(copy);
	return ok;
}

/* See web.h. */
const char *web_local_path(struct request *req, const char *next)
{
	if (!web_local_path_ok(next))
		return "/";
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(next);
	char *out = arena_alloc(req_arena(req), 3 * n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

/* See web.h. */
const char *web_next_param(struct request *req)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *path = req_path(req);
	char *out = arena_alloc(req_arena(req), 3 * strlen(path) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}
