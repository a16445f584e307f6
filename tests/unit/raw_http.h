/* raw_http.h - HTTP spoken in raw bytes over a loopback socket, for the tests that run a real
 * server (test_server, test_defer, test_proxy): requests exactly as written, answers read
 * whole, then picked apart. Header-only (static inline), like fixture_dir.h. */
#ifndef MOTCUA_RAW_HTTP_H
#define MOTCUA_RAW_HTTP_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "motcua/buf.h"

/* Connect to 127.0.0.1:port, from the local address src when given (NULL = any), with a 5 s
 * receive timeout; the socket, or -1. */
static inline int raw_dial(unsigned port, const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sa = { 0 };
	sa.sin_family = AF_INET;
	if (src && (inet_pton(AF_INET, src, &sa.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)) {
		close(fd);
		return -1;
	}
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = { 5, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send raw[0..n) to port (from src, see raw_dial) and read the whole answer into out (the
 * request should say Connection: close); out is empty when the connection failed. */
static inline void raw_exchange(unsigned port, const char *src, const char *raw, size_t n,
				struct buf *out)
{
	buf_reset(out);
	int fd = raw_dial(port, src);
	if (fd < 0) {
		buf_str(out);
		return;
	}
	size_t off = 0;
	while (off < n) {
		ssize_t w = send(fd, raw + off, n - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	char tmp[4096];
	ssize_t r;
	while ((r = recv(fd, tmp, sizeof(tmp), 0)) > 0)
		buf_append(out, tmp, (size_t)r);
	close(fd);
	buf_str(out);
}

/* Read from fd into out until it holds needle, EOF or the receive timeout. */
static inline bool raw_read_until(int fd, struct buf *out, const char *needle)
{
	char tmp[1024];
	ssize_t r;
	while (!strstr(buf_str(out), needle) && (r = recv(fd, tmp, sizeof(tmp), 0)) > 0)
		buf_append(out, tmp, (size_t)r);
	return strstr(buf_str(out), needle) != NULL;
}

/* Status code of a raw answer (0 when none). */
static inline int raw_status(struct buf *b)
{
	int st = 0;
	if (b->len > 12)
		sscanf(buf_str(b), "HTTP/1.%*d %d", &st);
	return st;
}

/* True when the raw answer's header block has the line "name: value" (name in any case). */
static inline bool raw_has_header(struct buf *b, const char *name, const char *value)
{
	char want[512];
	snprintf(want, sizeof(want), "\r\n%s: %s\r\n", name, value);
	const char *s = buf_str(b);
	const char *end = strstr(s, "\r\n\r\n");
	for (const char *p = s; (p = strcasestr(p, want)) != NULL; p++)
		if (!end || p < end)
			return true;
	return false;
}

/* Value of header name of a raw answer, into out (cap bytes); false when absent or too long. */
static inline bool raw_header_value(struct buf *b, const char *name, char *out, size_t cap)
{
	char want[128];
	snprintf(want, sizeof(want), "\r\n%s: ", name);
	const char *p = strcasestr(buf_str(b), want);
	if (!p)
		return false;
	p += strlen(want);
	size_t n = strcspn(p, "\r\n");
	if (n >= cap)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* Body of a raw answer ("" when it has none). */
static inline const char *raw_body(struct buf *b)
{
	const char *p = strstr(buf_str(b), "\r\n\r\n");
	return p ? p + 4 : "";
}

#endif
