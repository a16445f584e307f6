/* response.c - building the response: status, headers (security headers always), cookies,
 * body, and handing it to MHD. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "motcua/log.h"

/* Sent on every response, errors and static files included. */
static const char *const security_headers[][2] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
};

/* The CSP and frame header of a response that pages of the site may frame (res_frame_self):
 * the same policy with frame-ancestors 'self'. */
static const char csp_frame_self[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

/* See http.h. */
void res_frame_self(struct response *res)
{
	res->frame_self = true;
}

/* Sent with cookie_secure (served over TLS): browsers use only HTTPS for a year. Without
 * includeSubDomains: other hosts of the domain may still be plain HTTP. */
#define HSTS_VALUE "max-age=31536000"

/* See internal.h. */
void response_init(struct response *res, struct request *r)
{
	memset(res, 0, sizeof(*res));
	res->req = r;
	res->status = 200;
	res->type = "text/html; charset=utf-8";
	res->fd = -1;
}

/* See internal.h. */
void response_release(struct response *res)
{
	buf_free(&res->body);
	if (res->fd >= 0)
		close(res->fd);
	res->fd = -1;
}

/* True when s has CR, LF or another control byte (header injection). */
static bool bad_header_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return true;
	return false;
}

/* See http.h. */
void res_file(struct response *res, int fd, uint64_t size)
{
	if (res->fd >= 0)
		close(res->fd);
	buf_reset(&res->body);
	res->fd = fd;
	res->fd_size = size;
}

/* See http.h. */
void res_status(struct response *res, int status)
{
	res->status = status;
}

/* See http.h. */
void res_header(struct response *res, const char *name, const char *value)
{
	if (!name || !value || !name[0] || bad_header_text(name) || bad_header_text(value) ||
	    strchr(name, ':')) {
		char esc[4 * 64 + 4];
		log_warn("http %s: refused header %s", res->req->id,
			 http_log_escape(esc, sizeof(esc), name, 64));
		return;
	}
	struct arena *a = res->req->arena;
	struct header_kv *h = arena_alloc(a, sizeof(*h));
	h->name = arena_strdup(a, name);
	h->value = arena_strdup(a, value);
	h->next = res->headers;
	res->headers = h;
}

/* True when s is a token allowed in a cookie name or value (RFC 6265 cookie-octet). */
static bool cookie_text_ok(const char *s, bool name)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\')
			return false;
		if (name && (c == '=' || c == '(' || c == ')' || c == '/' || c == ':' || c == '<' ||
			     c == '>' || c == '?' || c == '@' || c == '[' || c == ']' || c == '{' ||
			     c == '}'))
			return false;
	}
	return true;
}

/* See http.h. */
void res_cookie(struct response *res, const char *name, const char *value, int max_age_s,
		bool http_only)
{
	if (!name || !name[0] || !value || !cookie_text_ok(name, true) ||
	    !cookie_text_ok(value, false)) {
		char esc[4 * 64 + 4];
		log_warn("http %s: refused cookie %s", res->req->id,
			 http_log_escape(esc, sizeof(esc), name, 64));
		return;
	}
	char age[32] = "";
	if (max_age_s >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%d", max_age_s);
	/* Behind TLS the "__Host-" prefix makes browsers refuse the cookie unless it is Secure,
	 * Path=/ and without Domain: a subdomain or plain-HTTP page cannot plant it. */
	bool secure = res->req->srv->lim.cookie_secure;
	const char *v = arena_printf(res->req->arena, "%s%s=%s; Path=/; SameSite=Lax%s%s%s",
				     secure ? "__Host-" : "", name, value, age,
				     http_only ? "; HttpOnly" : "", secure ? "; Secure" : "");
	res_header(res, "Set-Cookie", v);
}

/* See http.h. */
struct buf *res_body(struct response *res)
{
	return &res->body;
}

/* See http.h. */
void res_type(struct response *res, const char *content_type)
{
	if (content_type && !bad_header_text(content_type))
		res->type = arena_strdup(res->req->arena, content_type);
}

/* See http.h. */
void res_redirect(struct response *res, int status, const char *location)
{
	if (!location || bad_header_text(location)) {
		response_error(res->req, 500, "bad redirect");
		return;
	}
	res->status = status;
	res_header(res, "Location", location);
}

/* See http.h. */
void res_json(struct response *res, int status, const json_t *value)
{
	res->status = status;
	res->type = "application/json";
	buf_reset(&res->body);
	char *s = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s) {
		buf_puts(&res->body, s);
		free(s);
	}
}

/* See http.h. */
void res_error(struct request *req, struct response *res, int status, const char *detail)
{
	(void)res;
	response_error(req, status, detail);
}

/* Reason phrase for the built-in error page. */
static const char *reason(int status)
{
	const char *s = MHD_get_reason_phrase_for((unsigned)status);
	return s ? s : "Error";
}

/* See internal.h. */
void response_error(struct request *r, int status, const char *detail)
{
	struct response *res = &r->res;
	if (res->fd >= 0)
		close(res->fd);
	res->fd = -1;
	buf_reset(&res->body);
	res->headers = NULL;
	res->status = status;
	res->type = "text/html; charset=utf-8";
	if (status == 405) {
		unsigned a = r->match.allow;
		res_header(res, "Allow", (a & 1u << HTTP_GET) && (a & 1u << HTTP_POST) ? "GET, HEAD, POST"
					 : (a & 1u << HTTP_POST)			 ? "POST"
											 : "GET, HEAD");
	}
	if (r->srv->hooks.error_page) {
		r->srv->hooks.error_page(r, res, status, detail);
		/* the status stays, but a 403 the hook turned into 401 (credentials missing or
		 * refused: an API request, see http.h) */
		if (!(status == 403 && res->status == 401))
			res->status = status;
		return;
	}
	buf_printf(&res->body, "<!doctype html><meta charset=utf-8><title>%d</title><h1>%d %s</h1>\n",
		   status, status, reason(status));
}

/* Add every header of res and the security headers to m. */
static void add_headers(struct request *r, struct MHD_Response *m)
{
	struct response *res = &r->res;
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++) {
		const char *v = security_headers[i][1];
		if (res->frame_self && !strcmp(security_headers[i][0], "Content-Security-Policy"))
			v = csp_frame_self;
		else if (res->frame_self && !strcmp(security_headers[i][0], "X-Frame-Options"))
			v = "SAMEORIGIN";
		MHD_add_response_header(m, security_headers[i][0], v);
	}
	if (r->srv->lim.cookie_secure)
		MHD_add_response_header(m, "Strict-Transport-Security", HSTS_VALUE);
	MHD_add_response_header(m, "X-Request-Id", r->id);
	if (res->type && res->status != 304)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, res->type);
	/* The list is newest first; send in call order. */
	struct header_kv *list[64];
	size_t n = 0;
	for (struct header_kv *h = res->headers; h && n < 64; h = h->next)
		list[n++] = h;
	while (n > 0) {
		n--;
		MHD_add_response_header(m, list[n]->name, list[n]->value);
	}
}

/* See internal.h. */
enum MHD_Result response_queue(struct request *r)
{
	struct response *res = &r->res;
	struct MHD_Response *m;
	if (res->fd >= 0) {
		m = MHD_create_response_from_fd((size_t)res->fd_size, res->fd);
		if (m)
			res->fd = -1;	/* MHD owns it now */
	} else {
		size_t len = res->body.len;
		char *data = buf_steal(&res->body);
		m = MHD_create_response_from_buffer_with_free_callback(len, data, free);
		if (!m)
			free(data);
	}
	if (!m)
		return MHD_NO;
	add_headers(r, m);
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)res->status, m);
	MHD_destroy_response(m);
	if (ok == MHD_YES)
		r->queued = true;
	return ok;
}
