/* test_server.c - a real server on a free port, spoken to in raw HTTP over a socket. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/http.h"
#include "motcua/role.h"
#include "motcua/log.h"
#include "raw_http.h"

static struct http_server *server;
static unsigned port;
static char tmpdir[64];
static int thread_exits;

/* GET / */
static void h_home(struct request *req, struct response *res)
{
	(void)req;
	buf_puts(res_body(res), "xin chao");
}

/* GET /thu-tuc/:code - echoes the decoded param. */
static void h_procedure(struct request *req, struct response *res)
{
	buf_printf(res_body(res), "code=[%s]", req_param(req, "code"));
}

/* POST /form - echoes declared fields, the first error and the upload. */
static void h_form(struct request *req, struct response *res)
{
	const struct upload *u = req_file(req, "doc");
	const char *name = req_form(req, "name");
	const char *junk = req_form(req, "junk");
	const char *err = req_field_error(req);
	const char *age = req_form(req, "age"), *age_raw = req_form_raw(req, "age");
	const char *why = req_field_reason(req, "age");
	buf_printf(res_body(res), "name=[%s] age=[%s] junk=[%s] err=[%s] file=[%s:%s:%llu:%s]",
		   name ? name : "-", age ? age : "-", junk ? junk : "-", err ? err : "-",
		   u ? u->name : "-", u ? u->mime : "-", u ? (unsigned long long)u->size : 0,
		   u ? upload_kind_name(u->kind) : "-");
	if (age_raw || why)
		buf_printf(res_body(res), " age_typed=[%s] age_why=[%s]", age_raw ? age_raw : "-",
			   why ? why : "-");
}

/* GET /admin - needs ROLE_BIT(ROLE_ADMIN). */
static void h_admin(struct request *req, struct response *res)
{
	(void)req;
	buf_puts(res_body(res), "admin");
}

/* POST /api - echoes the JSON body length. */
static void h_api(struct request *req, struct response *res)
{
	size_t n = 0;
	const char *b = req_body(req, &n);
	json_t *v = json_pack("{s:i,s:s}", "len", (int)n, "body", b ? b : "");
	res_json(res, 201, v);
	json_decref(v);
}

/* GET /tim - a declared query field. */
static void h_search(struct request *req, struct response *res)
{
	const char *q = req_query(req, "q");
	const char *e = req_field_error(req);
	const char *d = req_query(req, "d"), *d_raw = req_query_raw(req, "d");
	buf_printf(res_body(res), "q=[%s] x=[%s] err=[%s] d=[%s] d_typed=[%s] d_why=[%s]",
		   q ? q : "-", req_query(req, "x") ? "present" : "-", e ? e : "-", d ? d : "-",
		   d_raw ? d_raw : "-",
		   req_field_reason(req, "d") ? req_field_reason(req, "d") : "-");
	res_cookie(res, "lang", "vi", 3600, true);
}

static const struct field_spec form_fields[] = {
	{ .name = "name", .kind = FK_TEXT, .max = 20, .required = true },
	{ .name = "age", .kind = FK_INT, .max = 3 },
	{ .name = "doc", .kind = FK_FILE },
	{ .name = NULL },
};

/* POST /dyn/:kind - echoes the per-request field "n" and whether "other" came through. */
static void h_dyn(struct request *req, struct response *res)
{
	const char *n = req_form(req, "n"), *raw = req_form_raw(req, "n");
	const char *why = req_field_reason(req, "n");
	buf_printf(res_body(res), "n=[%s] typed=[%s] why=[%s] other=[%s]", n ? n : "-",
		   raw ? raw : "-", why ? why : "-", req_form(req, "other") ? "present" : "-");
}

static const char *const colours[] = { "do", "xanh", NULL };

/* Per-request spec of /dyn/:kind: "int" -> n is a required int up to 3 digits, "enum" -> n
 * is do|xanh, "bad" -> a malformed spec (enum without choices), else none. */
static const struct field_spec *dyn_form(struct request *req)
{
	const char *kind = req_param(req, "kind");
	struct field_spec *f = arena_alloc(req_arena(req), 2 * sizeof(*f));
	f[1] = (struct field_spec){ .name = NULL };
	if (strcmp(kind, "int") == 0)
		f[0] = (struct field_spec){ .name = "n", .kind = FK_INT, .max = 3, .required = true };
	else if (strcmp(kind, "enum") == 0)
		f[0] = (struct field_spec){ .name = "n", .kind = FK_ENUM, .choices = colours };
	else if (strcmp(kind, "bad") == 0)
		f[0] = (struct field_spec){ .name = "n", .kind = FK_ENUM };
	else
		return NULL;
	return f;
}

static const struct field_spec query_fields[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 50 },
	{ .name = "d", .kind = FK_DATE },
	{ .name = NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = h_home },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code", .handler = h_procedure },
	{ .method = HTTP_POST, .pattern = "/form", .handler = h_form, .form = form_fields },
	{ .method = HTTP_POST, .pattern = "/open", .handler = h_form,
	  .csrf_exempt = "test: a form without CSRF", .form = form_fields },
	{ .method = HTTP_GET, .pattern = "/admin", .handler = h_admin,
	  .roles = ROLE_BIT(ROLE_ADMIN) },
	{ .method = HTTP_POST, .pattern = "/api", .handler = h_api,
	  .csrf_exempt = "test: token-authenticated API", .json_max = 1024 },
	{ .method = HTTP_POST, .pattern = "/japi", .handler = h_api, .json_max = 1024 },
	{ .method = HTTP_POST, .pattern = "/plain", .handler = h_home },
	{ .method = HTTP_POST, .pattern = "/dyn/:kind", .handler = h_dyn, .form_for = dyn_form },
	{ .method = HTTP_GET, .pattern = "/tim", .handler = h_search, .query = query_fields },
};

/* Test identify hook: roles from an X-Test-Role header. */
static void identify(struct request *req)
{
	const char *r = req_header(req, "X-Test-Role");
	req_set_roles(req, r ? (unsigned)atoi(r) : 0);
}

/* Test CSRF hook: a fixed token. */
static const char *csrf_token(struct request *req)
{
	(void)req;
	return "tok123";
}

/* Send raw[0..n) to the test server and read the whole answer. */
static void http_raw(const char *raw, size_t n, struct buf *out)
{
	raw_exchange(port, NULL, raw, n, out);
}

/* Send a request string. */
static void http(const char *raw, struct buf *out)
{
	http_raw(raw, strlen(raw), out);
}

/* A GET request for path. */
static void get(const char *path, struct buf *out)
{
	char req[1024];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	http(req, out);
}

/* A POST with a content type and body. */
static void post(const char *path, const char *type, const char *body, const char *extra,
		 struct buf *out)
{
	struct buf req = BUF_INIT;
	buf_printf(&req,
		   "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: %s\r\n"
		   "Content-Length: %zu\r\n%s\r\n%s",
		   path, type, strlen(body), extra ? extra : "", body);
	http_raw(req.data, req.len, out);
	buf_free(&req);
}

static void ok_page_has_body_and_security_headers(void)
{
	struct buf b = BUF_INIT;
	get("/", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "xin chao");
	CHECK(raw_has_header(&b, "X-Content-Type-Options", "nosniff"));
	CHECK(raw_has_header(&b, "X-Frame-Options", "DENY"));
	CHECK(raw_has_header(&b, "Referrer-Policy", "same-origin"));
	CHECK(raw_has_header(&b, "Content-Security-Policy",
			 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
			 "data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"));
	char id[64];
	CHECK(raw_header_value(&b, "X-Request-Id", id, sizeof(id)) && strlen(id) == 16);
	buf_free(&b);
}

static void unknown_path_is_404_with_security_headers(void)
{
	struct buf b = BUF_INIT;
	get("/khong-co", &b);
	CHECK_INT(raw_status(&b), 404);
	CHECK(raw_has_header(&b, "X-Content-Type-Options", "nosniff"));
	CHECK(raw_has_header(&b, "X-Frame-Options", "DENY"));
	CHECK(strstr(raw_body(&b), "404") != NULL);
	buf_free(&b);
}

static void wrong_method_is_405_with_allow(void)
{
	struct buf b = BUF_INIT;
	post("/", "application/x-www-form-urlencoded", "a=1", NULL, &b);
	CHECK_INT(raw_status(&b), 405);
	CHECK(raw_has_header(&b, "Allow", "GET, HEAD"));
	get("/form", &b);
	CHECK_INT(raw_status(&b), 405);
	CHECK(raw_has_header(&b, "Allow", "POST"));
	http("DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &b);
	CHECK_INT(raw_status(&b), 405);
	buf_free(&b);
}

static void path_param_is_decoded_once(void)
{
	struct buf b = BUF_INIT;
	get("/thu-tuc/1.000%2541%20b", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "code=[1.000%41 b]");
	get("/thu-tuc/%C4%90", &b);
	CHECK_STR(raw_body(&b), "code=[\xc4\x90]");
	get("/thu-tuc/a%2Fb", &b);
	CHECK_INT(raw_status(&b), 400);
	get("/thu-tuc/%ff", &b);
	CHECK_INT(raw_status(&b), 400);
	buf_free(&b);
}

static void head_is_served_by_get_routes(void)
{
	struct buf b = BUF_INIT;
	http("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "");
	buf_free(&b);
}

static void big_content_length_is_413_before_reading(void)
{
	struct buf b = BUF_INIT;
	http("POST /open HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
	     "application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\n\r\nname=a",
	     &b);
	CHECK_INT(raw_status(&b), 413);
	CHECK(raw_has_header(&b, "X-Frame-Options", "DENY"));
	buf_free(&b);
}

static void chunked_body_growing_past_limit_is_413(void)
{
	struct buf req = BUF_INIT, b = BUF_INIT;
	buf_puts(&req, "POST /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
		       "application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 40; i++) {	/* 40 x 2000 > body_max 65536 */
		buf_printf(&req, "%x\r\n", 2000);
		for (int j = 0; j < 2000; j++)
			buf_putc(&req, 'a');
		buf_puts(&req, "\r\n");
	}
	buf_puts(&req, "0\r\n\r\n");
	http_raw(req.data, req.len, &b);
	CHECK_INT(raw_status(&b), 413);
	buf_free(&req);
	buf_free(&b);
}

static void header_above_header_memory_is_431(void)
{
	struct buf req = BUF_INIT, b = BUF_INIT;
	buf_puts(&req, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ");
	for (int i = 0; i < 6000; i++)	/* above header_memory 4096, inside MHD's pool */
		buf_putc(&req, 'a');
	buf_puts(&req, "\r\n\r\n");
	http_raw(req.data, req.len, &b);
	CHECK_INT(raw_status(&b), 431);
	CHECK(raw_has_header(&b, "X-Content-Type-Options", "nosniff"));
	buf_free(&req);
	buf_free(&b);
}

static void huge_header_beyond_mhd_pool_is_431(void)
{
	struct buf req = BUF_INIT, b = BUF_INIT;
	buf_puts(&req, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ");
	for (int i = 0; i < 200000; i++)
		buf_putc(&req, 'a');
	buf_puts(&req, "\r\n\r\n");
	http_raw(req.data, req.len, &b);
	CHECK_INT(raw_status(&b), 431);
	buf_free(&req);
	buf_free(&b);
}

static void static_file_has_etag_then_304(void)
{
	struct buf b = BUF_INIT;
	get("/static/css/app.css", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "body{}");
	CHECK(raw_has_header(&b, "Content-Type", "text/css; charset=utf-8"));
	CHECK(raw_has_header(&b, "X-Content-Type-Options", "nosniff"));
	CHECK(raw_has_header(&b, "Cache-Control", "public, max-age=3600"));
	char etag[128], req[512];
	CHECK(raw_header_value(&b, "ETag", etag, sizeof(etag)));
	snprintf(req, sizeof(req),
		 "GET /static/css/app.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		 "If-None-Match: %s\r\n\r\n",
		 etag);
	http(req, &b);
	CHECK_INT(raw_status(&b), 304);
	CHECK_STR(raw_body(&b), "");
	CHECK(raw_has_header(&b, "X-Frame-Options", "DENY"));
	buf_free(&b);
}

static void static_never_escapes_its_folder(void)
{
	struct buf b = BUF_INIT;
	const char *bad[] = { "/static/../Makefile", "/static/%2e%2e/secret.css",
			      "/static/css/..%2f..%2fsecret.css", "/static/evil.css",
			      "/static/css/%2E%2E/%2E%2E/secret.css", "/static/.hidden.css",
			      "/static/css", "/static/css/app.css%00.png" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		get(bad[i], &b);
		int st = raw_status(&b);
		if (!CHECK(st == 400 || st == 404))
			fprintf(stderr, "  %s gave %d\n", bad[i], st);
		CHECK(strstr(raw_body(&b), "TOP SECRET") == NULL);
	}
	buf_free(&b);
}

static void multipart_upload_of_small_file(void)
{
	struct buf b = BUF_INIT;
	const char *body = "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
			   "Nguy\xe1\xbb\x85n V\xc4\x83n An\r\n"
			   "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"junk\"\r\n\r\n"
			   "dropped\r\n"
			   "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
			   "tok123\r\n"
			   "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"doc\"; filename=\"don.pdf\"\r\n"
			   "Content-Type: text/plain\r\n\r\n"
			   "%PDF-1.7 noi dung\r\n"
			   "--XyZ--\r\n";
	post("/form", "multipart/form-data; boundary=XyZ", body, NULL, &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "name=[Nguy\xe1\xbb\x85n V\xc4\x83n An] age=[-] junk=[-] err=[-] "
			       "file=[don.pdf:text/plain:17:pdf]");
	buf_free(&b);
}

static void urlencoded_form_withholds_bad_values_keeps_them_as_typed(void)
{
	struct buf b = BUF_INIT;
	post("/open", "application/x-www-form-urlencoded", "name=L%C3%AA+V%C4%83n&age=abc&junk=1",
	     NULL, &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "name=[L\xc3\xaa V\xc4\x83n] age=[-] junk=[-] err=[age: invalid] "
			       "file=[-:-:0:-] age_typed=[abc] age_why=[invalid]");
	post("/open", "application/x-www-form-urlencoded", "age=12", NULL, &b);
	CHECK(strstr(raw_body(&b), "err=[name: required]") != NULL);
	buf_free(&b);
}

static void form_field_above_field_max_is_413(void)
{
	struct buf body = BUF_INIT, b = BUF_INIT;
	buf_puts(&body, "name=");
	for (int i = 0; i < 3000; i++)	/* field_max 2048 */
		buf_putc(&body, 'a');
	post("/open", "application/x-www-form-urlencoded", body.data, NULL, &b);
	CHECK_INT(raw_status(&b), 413);
	buf_free(&body);
	buf_free(&b);
}

static void csrf_mismatch_is_403(void)
{
	struct buf b = BUF_INIT;
	post("/form", "application/x-www-form-urlencoded", "name=a&csrf=wrong", NULL, &b);
	CHECK_INT(raw_status(&b), 403);
	post("/form", "application/x-www-form-urlencoded", "name=a", NULL, &b);
	CHECK_INT(raw_status(&b), 403);
	post("/form", "application/x-www-form-urlencoded", "name=a&csrf=tok123", NULL, &b);
	CHECK_INT(raw_status(&b), 200);
	post("/form", "application/x-www-form-urlencoded", "name=a", "X-CSRF-Token: tok123\r\n",
	     &b);
	CHECK_INT(raw_status(&b), 200);
	buf_free(&b);
}

static void role_check_is_403(void)
{
	struct buf b = BUF_INIT;
	get("/admin", &b);
	CHECK_INT(raw_status(&b), 403);
	CHECK(raw_has_header(&b, "X-Frame-Options", "DENY"));
	http("GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Test-Role: 2\r\n\r\n", &b);
	CHECK_INT(raw_status(&b), 403);
	http("GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Test-Role: 18\r\n\r\n", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "admin");
	buf_free(&b);
}

static void json_body_is_read(void)
{
	struct buf b = BUF_INIT;
	post("/api", "application/json", "{\"a\":1}", NULL, &b);
	CHECK_INT(raw_status(&b), 201);
	CHECK(raw_has_header(&b, "Content-Type", "application/json"));
	CHECK_STR(raw_body(&b), "{\"len\":7,\"body\":\"{\\\"a\\\":1}\"}");
	buf_free(&b);
}

static void query_fields_declared_decoded_and_validated(void)
{
	struct buf b = BUF_INIT;
	get("/tim?q=khai+sinh%21&x=1&d=31/02/2024", &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "q=[khai sinh!] x=[-] err=[d: invalid] d=[-] d_typed=[31/02/2024] "
			       "d_why=[invalid]");
	get("/tim?q=a%09b&d=1/2/2024", &b);	/* a tab in a one-line field: withheld */
	CHECK_STR(raw_body(&b), "q=[-] x=[-] err=[q: invalid] d=[1/2/2024] d_typed=[1/2/2024] "
			       "d_why=[-]");
	CHECK(raw_has_header(&b, "Set-Cookie", "lang=vi; Path=/; SameSite=Lax; Max-Age=3600; HttpOnly"));
	buf_free(&b);
}

static void post_route_has_csrf_by_default(void)
{
	struct buf b = BUF_INIT;
	post("/plain", "application/x-www-form-urlencoded", "a=1", NULL, &b);
	CHECK_INT(raw_status(&b), 403);
	post("/plain", "text/plain", "a=1", NULL, &b);
	CHECK_INT(raw_status(&b), 403);
	post("/plain", "application/x-www-form-urlencoded", "csrf=tok123", NULL, &b);
	CHECK_INT(raw_status(&b), 200);
	buf_free(&b);
}

static void per_request_form_is_validated_like_a_static_one(void)
{
	struct buf b = BUF_INIT;
	const char *form = "application/x-www-form-urlencoded";
	post("/dyn/int", form, "n=42&other=1&csrf=tok123", NULL, &b);
	CHECK_INT(raw_status(&b), 200);
	CHECK_STR(raw_body(&b), "n=[42] typed=[42] why=[-] other=[-]");
	post("/dyn/int", form, "n=4242&csrf=tok123", NULL, &b);
	CHECK_STR(raw_body(&b), "n=[-] typed=[4242] why=[too_long] other=[-]");
	post("/dyn/int", form, "n=4x&csrf=tok123", NULL, &b);
	CHECK_STR(raw_body(&b), "n=[-] typed=[4x] why=[invalid] other=[-]");
	post("/dyn/int", form, "csrf=tok123", NULL, &b);
	CHECK_STR(raw_body(&b), "n=[-] typed=[-] why=[required] other=[-]");
	post("/dyn/enum", form, "n=tim&csrf=tok123", NULL, &b);
	CHECK_STR(raw_body(&b), "n=[-] typed=[tim] why=[not_a_choice] other=[-]");
	post("/dyn/enum", form, "n=xanh&csrf=tok123", NULL, &b);
	CHECK_STR(raw_body(&b), "n=[xanh] typed=[xanh] why=[-] other=[-]");
	post("/dyn/none", form, "n=1&csrf=tok123", NULL, &b);	/* no spec: nothing declared */
	CHECK_STR(raw_body(&b), "n=[-] typed=[-] why=[-] other=[-]");
	post("/dyn/int", form, "n=1", NULL, &b);		/* CSRF still checked */
	CHECK_INT(raw_status(&b), 403);
	post("/dyn/bad", form, "n=1&csrf=tok123", NULL, &b);	/* a malformed spec: 500 */
	CHECK_INT(raw_status(&b), 500);
	CHECK(strstr(raw_body(&b), "n=[") == NULL);
	buf_free(&b);
}

static void json_only_where_declared_with_its_cap(void)
{
	struct buf b = BUF_INIT, big = BUF_INIT;
	post("/form", "application/json", "{\"name\":\"a\"}", "X-CSRF-Token: tok123\r\n", &b);
	CHECK_INT(raw_status(&b), 415);
	post("/open", "application/json; charset=utf-8", "{}", NULL, &b);
	CHECK_INT(raw_status(&b), 415);
	buf_puts(&big, "[");
	for (int i = 0; i < 600; i++)
		buf_puts(&big, "1,");
	buf_puts(&big, "1]");
	post("/api", "application/json", big.data, NULL, &b);	/* 1203 bytes > json_max 1024 */
	CHECK_INT(raw_status(&b), 413);
	/* A CSRF-protected JSON route: the header token is checked before the body is kept. */
	post("/japi", "application/json", "{}", NULL, &b);
	CHECK_INT(raw_status(&b), 403);
	post("/japi", "application/json", "{}", "X-CSRF-Token: nope\r\n", &b);
	CHECK_INT(raw_status(&b), 403);
	post("/japi", "application/json", "{}", "X-CSRF-Token: tok123\r\n", &b);
	CHECK_INT(raw_status(&b), 201);
	CHECK_STR(raw_body(&b), "{\"len\":2,\"body\":\"{}\"}");
	buf_free(&big);
	buf_free(&b);
}

/* E_INVALID from http_server_start for the one route r; when ok, start and stop. */
static enum err start_one(const struct route *r, unsigned max_connections)
{
	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.bind = "127.0.0.1";
	l.threads = 2;
	l.max_connections = max_connections;
	struct http_server *s = NULL;
	enum err e = http_server_start(&l, r, 1, NULL, &s);
	if (e != E_OK)
		CHECK(s == NULL);
	http_server_stop(s);
	return e;
}

static void start_refuses_post_route_without_csrf_or_reason(void)
{
	static const struct field_spec f[] = { { .name = "a", .kind = FK_TEXT }, { .name = NULL } };
	static const struct field_spec dup[] = {
		{ .name = "a", .kind = FK_TEXT }, { .name = "a", .kind = FK_TEXT }, { .name = NULL },
	};
	const struct route empty = { .method = HTTP_POST, .pattern = "/x", .handler = h_home,
				     .csrf_exempt = "" };
	const struct route blank = { .method = HTTP_POST, .pattern = "/x", .handler = h_home,
				     .csrf_exempt = " \t " };
	const struct route on_get = { .method = HTTP_GET, .pattern = "/x", .handler = h_home,
				      .csrf_exempt = "why" };
	const struct route both = { .method = HTTP_POST, .pattern = "/x", .handler = h_home,
				    .form = f, .form_for = dyn_form };
	const struct route json_get = { .method = HTTP_GET, .pattern = "/x", .handler = h_home,
					.json_max = 10 };
	const struct route bad_spec = { .method = HTTP_POST, .pattern = "/x", .handler = h_home,
					.form = dup };
	const struct route exempt = { .method = HTTP_POST, .pattern = "/x", .handler = h_home,
				      .csrf_exempt = "signed gateway callback" };
	const struct route plain = { .method = HTTP_POST, .pattern = "/x", .handler = h_home };
	CHECK_INT(start_one(&empty, 100), E_INVALID);
	CHECK_INT(start_one(&blank, 100), E_INVALID);
	CHECK_INT(start_one(&on_get, 100), E_INVALID);
	CHECK_INT(start_one(&both, 100), E_INVALID);
	CHECK_INT(start_one(&json_get, 100), E_INVALID);
	CHECK_INT(start_one(&bad_spec, 100), E_INVALID);
	CHECK_INT(start_one(&exempt, 100), E_OK);
	CHECK_INT(start_one(&plain, 100), E_OK);
	CHECK(route_csrf(&plain) && !route_csrf(&exempt) && !route_csrf(&on_get));
	CHECK_INT(start_one(&plain, 1), E_INVALID);	/* fewer connections than threads */
}

static void log_escape_neutralises_client_text(void)
{
	char out[4 * 40 + 4];
	CHECK_STR(http_log_escape(out, sizeof(out), "/thu-tuc/\xc4\x90\xe1\xbb\x93ng", 40),
		  "/thu-tuc/\xc4\x90\xe1\xbb\x93ng");	/* valid UTF-8 kept */
	CHECK_STR(http_log_escape(out, sizeof(out), "a\nb\r\x1b[31m\"\\\x7f", 40),
		  "a\\x0ab\\x0d\\x1b[31m\\x22\\x5c\\x7f");
	CHECK_STR(http_log_escape(out, sizeof(out), "\xff\xc4 \xc2\x85 \xed\xa0\x80", 40),
		  "\\xff\\xc4 \\xc2\\x85 \\xed\\xa0\\x80");	/* bad UTF-8, C1, surrogate */
	CHECK_STR(http_log_escape(out, sizeof(out), NULL, 40), "-");
	CHECK_STR(http_log_escape(out, sizeof(out), "0123456789\xc4\x90", 11), "0123456789...");
	CHECK_STR(http_log_escape(out, sizeof(out), "0123456789", 10), "0123456789");
}

static void connection_limit_holds_further_clients(void)
{
	static const struct route r[] = { { .method = HTTP_GET, .pattern = "/", .handler = h_home } };
	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.bind = "127.0.0.1";
	l.threads = 1;
	l.max_connections = 1;
	struct http_server *s = NULL;
	if (!CHECK_INT(http_server_start(&l, r, 1, NULL, &s), E_OK))
		return;
	unsigned p = http_server_port(s);
	const char *keep = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	const char *close_req = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct buf a = BUF_INIT, bb = BUF_INIT;
	int fa = raw_dial(p, NULL);
	send(fa, keep, strlen(keep), MSG_NOSIGNAL);
	CHECK(raw_read_until(fa, &a, "xin chao"));	/* the one slot, kept open */
	int fb = raw_dial(p, NULL);
	send(fb, close_req, strlen(close_req), MSG_NOSIGNAL);
	struct timeval tv = { 0, 300 * 1000 };
	setsockopt(fb, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CHECK(!raw_read_until(fb, &bb, "xin chao"));	/* not served while the slot is taken */
	close(fa);
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	setsockopt(fb, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CHECK(raw_read_until(fb, &bb, "xin chao"));	/* served once it frees */
	close(fb);
	buf_free(&a);
	buf_free(&bb);
	http_server_stop(s);
}

/* Thread-exit hook of the test server. */
static void on_exit_thread(void)
{
	__atomic_add_fetch(&thread_exits, 1, __ATOMIC_SEQ_CST);
}

static void start_rejects_bad_patterns(void)
{
	static const struct route bad[] = {
		{ .method = HTTP_GET, .pattern = "/a/*/b", .handler = h_home },
	};
	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	struct http_server *s = NULL;
	CHECK_INT(http_server_start(&l, bad, 1, NULL, &s), E_INVALID);
	CHECK(s == NULL);
}

static void wait_for_signal_returns_sigterm(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGTERM);	/* stays pending: every thread blocks it */
	CHECK_INT(http_server_wait_for_signal(), SIGTERM);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void stop_runs_thread_exit_hook(void)
{
	http_server_stop(server);
	server = NULL;
	CHECK(__atomic_load_n(&thread_exits, __ATOMIC_SEQ_CST) >= 1);
}

/* Write a file with content. */
static void write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

int main(void)
{
	log_set_level(LOG_WARN);
	strcpy(tmpdir, "/tmp/motcua-http-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	char p[256], q[256];
	snprintf(p, sizeof(p), "%s/static", tmpdir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/static/css", tmpdir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/static/css/app.css", tmpdir);
	write_file(p, "body{}");
	snprintf(p, sizeof(p), "%s/static/.hidden.css", tmpdir);
	write_file(p, "TOP SECRET");
	snprintf(p, sizeof(p), "%s/secret.css", tmpdir);
	write_file(p, "TOP SECRET");
	snprintf(p, sizeof(p), "%s/static/evil.css", tmpdir);
	snprintf(q, sizeof(q), "%s/secret.css", tmpdir);
	if (symlink(q, p) != 0)
		return 1;

	struct http_limits l;
	http_limits_default(&l);
	l.port = 0;
	l.threads = 2;
	l.bind = "127.0.0.1";
	l.header_memory = 4096;
	l.body_max = 65536;
	l.field_max = 2048;
	l.file_max = 4096;
	l.files_max = 2;
	snprintf(p, sizeof(p), "%s/static", tmpdir);
	l.static_dir = p;
	snprintf(q, sizeof(q), "%s/files", tmpdir);
	l.files_dir = q;
	struct http_hooks hooks = { identify, csrf_token, NULL, NULL };
	http_server_on_thread_exit(on_exit_thread);
	if (http_server_start(&l, routes, sizeof(routes) / sizeof(routes[0]), &hooks, &server) !=
	    E_OK)
		return 1;
	port = http_server_port(server);

	RUN(ok_page_has_body_and_security_headers);
	RUN(unknown_path_is_404_with_security_headers);
	RUN(wrong_method_is_405_with_allow);
	RUN(path_param_is_decoded_once);
	RUN(head_is_served_by_get_routes);
	RUN(big_content_length_is_413_before_reading);
	RUN(chunked_body_growing_past_limit_is_413);
	RUN(header_above_header_memory_is_431);
	RUN(huge_header_beyond_mhd_pool_is_431);
	RUN(static_file_has_etag_then_304);
	RUN(static_never_escapes_its_folder);
	RUN(multipart_upload_of_small_file);
	RUN(urlencoded_form_withholds_bad_values_keeps_them_as_typed);
	RUN(form_field_above_field_max_is_413);
	RUN(csrf_mismatch_is_403);
	RUN(role_check_is_403);
	RUN(json_body_is_read);
	RUN(query_fields_declared_decoded_and_validated);
	RUN(post_route_has_csrf_by_default);
	RUN(per_request_form_is_validated_like_a_static_one);
	RUN(json_only_where_declared_with_its_cap);
	RUN(start_refuses_post_route_without_csrf_or_reason);
	RUN(log_escape_neutralises_client_text);
	RUN(connection_limit_holds_further_clients);
	RUN(start_rejects_bad_patterns);
	RUN(wait_for_signal_returns_sigterm);
	RUN(stop_runs_thread_exit_hook);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return harness_done("test_server");
}
