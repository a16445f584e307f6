/* fuzz_form.c - libFuzzer target: whole requests through MHD and the form layer.
 * A detached server (no listening socket) takes one socketpair per input. Input byte 0:
 *   bit 0-1: 0 urlencoded body, 1 multipart (boundary "XyZ"), 2 JSON, 3 raw request
 *   bit 2:   chunked transfer encoding instead of Content-Length
 * the rest is the body (or, in raw mode, the request, followed by an empty line). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/http.h"
#include "motcua/log.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = { "a", "b", NULL };

static const struct field_spec fields[] = {
	{ .name = "name", .kind = FK_TEXT, .max = 50, .required = true },
	{ .name = "note", .kind = FK_TEXTAREA },
	{ .name = "n", .kind = FK_INT },
	{ .name = "d", .kind = FK_DATE },
	{ .name = "e", .kind = FK_ENUM, .choices = choices },
	{ .name = "mail", .kind = FK_EMAIL },
	{ .name = "tel", .kind = FK_PHONE },
	{ .name = "id", .kind = FK_ID_NUMBER },
	{ .name = "ok", .kind = FK_CHECKBOX },
	{ .name = "f1", .kind = FK_FILE },
	{ .name = "f2", .kind = FK_FILE, .max = 100 },
	{ .name = NULL },
};

/* Reads every accessor so that the sanitizers see the values. */
static void handler(struct request *req, struct response *res)
{
	struct buf *b = res_body(res);
	for (const struct field_spec *f = fields; f->name; f++) {
		const char *v = req_form(req, f->name);
		const char *raw = req_form_raw(req, f->name);
		const char *why = req_field_reason(req, f->name);
		/* An invalid value is never handed out as valid (/f also declares the same names
		 * as query fields, whose reasons req_field_reason gives first). */
		if (v && why && strcmp(req_path(req), "/f") != 0)
			abort();
		buf_printf(b, "%s=%zu/%zu;", f->name, v ? strlen(v) : 0, raw ? strlen(raw) : 0);
		const struct upload *u = req_file(req, f->name);
		if (u && u->size)
			buf_printf(b, "%s:%s:%s;", u->mime, u->hash, upload_kind_name(u->kind));
	}
	const char *e = req_field_error(req);
	buf_puts(b, e ? e : "");
	size_t n;
	const char *body = req_body(req, &n);
	if (body && n)
		buf_printf(b, "%u", (unsigned char)body[n - 1]);
	const char *c = req_cookie(req, "sid");
	if (c)
		res_cookie(res, "sid", c, -1, true);
	res_header(res, "X-Echo", req_param(req, "x") ? req_param(req, "x") : "-");
}

/* Per-request form: every field for /d/all, only the first two for /d/two, none otherwise. */
static const struct field_spec *form_for(struct request *req)
{
	const char *x = req_param(req, "x");
	if (x && strcmp(x, "all") == 0)
		return fields;
	if (!x || strcmp(x, "two") != 0)
		return NULL;
	struct field_spec *two = arena_alloc(req_arena(req), 3 * sizeof(*two));
	two[0] = fields[0];
	two[1] = fields[1];
	two[2] = (struct field_spec){ .name = NULL };
	return two;
}

static const struct route routes[] = {
	{ .method = HTTP_POST, .pattern = "/f", .handler = handler, .csrf_exempt = "fuzzing",
	  .query = fields, .form = fields, .json_max = 16384 },
	{ .method = HTTP_POST, .pattern = "/c/:x", .handler = handler, .form = fields },
	{ .method = HTTP_POST, .pattern = "/d/:x", .handler = handler, .csrf_exempt = "fuzzing",
	  .form_for = form_for },
	{ .method = HTTP_GET, .pattern = "/g/:x", .handler = handler, .query = fields },
};

/* CSRF hook: a fixed token. */
static const char *token(struct request *req)
{
	(void)req;
	return "t";
}

static struct http_server *server;

/* Start the detached server once. */
static void start(void)
{
	struct http_limits l;
	http_limits_default(&l);
	l.threads = 1;
	l.header_memory = 4096;
	l.body_max = 32768;
	l.field_max = 1024;
	l.file_max = 4096;
	l.files_max = 2;
	l.connection_timeout_s = 1;
	static char files[] = "/tmp/motcua-fuzz-form-XXXXXX";
	if (!mkdtemp(files))
		abort();
	l.files_dir = files;
	struct http_hooks hooks = { NULL, token, NULL, NULL };
	log_set_level(LOG_ERROR);
	if (http_server_start_detached(&l, routes, sizeof(routes) / sizeof(routes[0]), &hooks,
				       &server) != E_OK)
		abort();
}

/* Build the request for this input into req. */
static void build(const uint8_t *data, size_t size, struct buf *req)
{
	unsigned mode = data[0] & 3;
	bool chunked = data[0] & 4;
	const char *body = (const char *)data + 1;
	size_t n = size - 1;
	if (mode == 3) {
		/* MHD waits out the timeout on an unterminated header at EOF: terminate it. */
		buf_append(req, body, n);
		buf_puts(req, "\r\n\r\n");
		return;
	}
	static const char *const paths[] = { "/f", "/c/x%20y", "/d/all", "/d/two" };
	static const char *const types[] = { "application/x-www-form-urlencoded",
					     "multipart/form-data; boundary=XyZ", "application/json" };
	buf_printf(req, "POST %s HTTP/1.1\r\nHost: f\r\nConnection: close\r\nContent-Type: %s\r\n",
		   paths[(data[0] >> 3) & 3], types[mode]);
	if (chunked) {
		buf_puts(req, "Transfer-Encoding: chunked\r\n\r\n");
		size_t off = 0;
		while (off < n) {
			size_t c = n - off > 7 ? 7 : n - off;
			buf_printf(req, "%zx\r\n", c);
			buf_append(req, body + off, c);
			buf_puts(req, "\r\n");
			off += c;
		}
		buf_puts(req, "0\r\n\r\n");
	} else {
		buf_printf(req, "Content-Length: %zu\r\n\r\n", n);
		buf_append(req, body, n);
	}
}

/* See libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	if (!server)
		start();
	struct buf req = BUF_INIT;
	build(data, size, &req);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	struct timeval tv = { 3, 0 };
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (http_server_add_socket(server, sv[0]) != E_OK) {
		close(sv[1]);
		buf_free(&req);
		return 0;
	}
	size_t off = 0;
	while (off < req.len) {
		ssize_t w = send(sv[1], req.data + off, req.len - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	char tmp[4096];
	while (recv(sv[1], tmp, sizeof(tmp), 0) > 0)
		;
	close(sv[1]);
	buf_free(&req);
	/* Let the server free the request before the next input. */
	for (int i = 0; i < 2000 && http_server_active(server) > 0; i++) {
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return 0;
}
