/* router.c - route table lookup by method and path pattern (":param" segments, trailing "*").
 * The path is split on '/', and each segment percent-decoded exactly once before matching. */
#include "motcua/http.h"

#include <string.h>

#include "motcua/text.h"

#define MAX_SEGMENTS 64

/* One decoded path segment. */
struct seg {
	const char *s;	/* decoded, NUL-terminated, in the arena */
	size_t n;
};

/* Hex digit value or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* See http.h. */
size_t url_decode(char *s, size_t n, bool plus)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return (size_t)-1;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return (size_t)-1;
			c = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		s[o++] = c;
	}
	s[o] = '\0';
	return o;
}

/* True when segment p[0..n) of a pattern is "." or "..". */
static bool dot_segment(const char *p, size_t n)
{
	return (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.');
}

/* See http.h. */
bool router_pattern_valid(const char *pattern)
{
	if (!pattern || pattern[0] != '/')
		return false;
	if (pattern[1] == '\0')
		return true;
	size_t params = 0;
	const char *p = pattern + 1;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || dot_segment(p, n))
			return false;
		if (p[0] == '*' && (n != 1 || e))
			return false;
		if (p[0] == ':' && n == 1)
			return false;
		if (p[0] == ':' || p[0] == '*')
			params++;
		if (!e)
			break;
		p = e + 1;
	}
	return params <= HTTP_MAX_PARAMS;
}

/* Split and decode path into segs; returns the count, or -1 for a bad path (400), or -2 for a
 * path with too many segments (404). "/" has zero segments; "/a/" has "a" and "". */
static int split_path(const char *path, struct arena *a, struct seg *segs)
{
	if (path[0] != '/')
		return -1;
	if (path[1] == '\0')
		return 0;
	int count = 0;
	const char *p = path + 1;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (count == MAX_SEGMENTS)
			return -2;
		char *d = arena_strndup(a, p, n);
		size_t m = url_decode(d, n, false);
		if (m == (size_t)-1 || memchr(d, '\0', m) || memchr(d, '/', m) || !utf8_valid(d, m))
			return -1;
		if (dot_segment(d, m) || dot_segment(p, n))
			return -1;
		segs[count].s = d;
		segs[count].n = m;
		count++;
		if (!e)
			break;
		p = e + 1;
	}
	return count;
}

/* Join segs[from..count) with '/' into arena memory. */
static const char *join_rest(const struct seg *segs, int from, int count, struct arena *a)
{
	size_t len = 0;
	for (int i = from; i < count; i++)
		len += segs[i].n + 1;
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;
	for (int i = from; i < count; i++) {
		if (i > from)
			out[o++] = '/';
		memcpy(out + o, segs[i].s, segs[i].n);
		o += segs[i].n;
	}
	out[o] = '\0';
	return out;
}

/* Match one pattern against segs; fills params in out when it matches. */
static bool match_one(const char *pattern, const struct seg *segs, int count, struct arena *a,
		      struct route_match *out)
{
	out->nparams = 0;
	if (pattern[1] == '\0')
		return count == 0;
	const char *p = pattern + 1;
	int i = 0;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (p[0] == '*') {
			out->names[out->nparams] = p;
			out->name_lens[out->nparams] = 1;
			out->values[out->nparams++] = join_rest(segs, i, count, a);
			return true;
		}
		if (i >= count)
			return false;
		if (p[0] == ':') {
			if (segs[i].n == 0)
				return false;
			out->names[out->nparams] = p + 1;
			out->name_lens[out->nparams] = n - 1;
			out->values[out->nparams++] = segs[i].s;
		} else if (segs[i].n != n || memcmp(segs[i].s, p, n) != 0) {
			return false;
		}
		i++;
		if (!e)
			break;
		p = e + 1;
	}
	return i == count;
}

/* See http.h. */
int router_match(const struct route *routes, size_t n, enum http_method m, const char *path,
		 struct arena *a, struct route_match *out)
{
	struct seg segs[MAX_SEGMENTS];
	memset(out, 0, sizeof(*out));
	int count = split_path(path, a, segs);
	if (count == -1)
		return 400;
	if (count < 0)
		return 404;
	struct route_match tmp;
	for (size_t i = 0; i < n; i++) {
		memset(&tmp, 0, sizeof(tmp));
		if (!match_one(routes[i].pattern, segs, count, a, &tmp))
			continue;
		out->allow |= 1u << routes[i].method;
		if (routes[i].method == m && !out->route) {
			unsigned allow = out->allow;
			*out = tmp;
			out->allow = allow;
			out->route = &routes[i];
			return 0;
		}
	}
	return out->allow ? 405 : 404;
}
