/* server.c - the MHD daemon (thread pool + epoll) and the request path: context on the
 * first callback, checks in a fixed order, body through the post processor, handler, response;
 * the context is freed in MHD_OPTION_NOTIFY_COMPLETED. */
#include "internal.h"

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

#define POST_BUFFER 65536
#define MHD_POOL_SLACK (128 * 1024)

/* The built-in static route: its "*" param is decoded and checked by the router. */
static const struct route static_routes[] = {
	{ .method = HTTP_GET, .pattern = "/static/*" },
};

/* See http.h. */
const struct route *http_builtin_routes(size_t *n)
{
	*n = sizeof(static_routes) / sizeof(static_routes[0]);
	return static_routes;
}

/* See http.h. */
bool route_csrf(const struct route *rt)
{
	return rt->method == HTTP_POST && !rt->csrf_exempt;
}

/* ---- per-thread exit hook ---- */
static void (*thread_exit_fn)(void);
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

/* Destructor of thread_key: runs the registered function on the exiting thread. */
static void thread_key_done(void *v)
{
	(void)v;
	if (thread_exit_fn)
		thread_exit_fn();
}

/* Create thread_key once. */
static void thread_key_make(void)
{
	pthread_key_create(&thread_key, thread_key_done);
}

/* See http.h. */
void http_server_on_thread_exit(void (*fn)(void))
{
	pthread_once(&thread_once, thread_key_make);
	thread_exit_fn = fn;
}

/* See internal.h. */
void http_mark_thread(void)
{
	if (!thread_exit_fn)
		return;
	pthread_once(&thread_once, thread_key_make);
	if (!pthread_getspecific(thread_key))
		pthread_setspecific(thread_key, (void *)1);
}

/* See http.h. */
void http_limits_default(struct http_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->port = 8080;
	l->threads = 4;
	l->connection_timeout_s = 30;
	l->per_ip_connections = 16;
	l->header_memory = 16 * 1024;
	l->body_max = 25 * 1024 * 1024;
	l->field_max = 64 * 1024;
	l->file_max = 10 * 1024 * 1024;
	l->files_max = 10;
	l->max_connections = 1000;
}

/* Microseconds of the monotonic clock. */
static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Identity unescape: MHD hands us the raw path and query so that the router decodes each
 * path segment exactly once (an encoded '/' stays distinguishable) and query values are
 * decoded here. */
static size_t unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* MHD's own messages go through our log, escaped: they may quote what a client sent. */
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512], esc[4 * sizeof(line) + 4];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warn("mhd: %s", http_log_escape(esc, sizeof(esc), line, sizeof(line)));
}

/* Method enum of an MHD method string; HEAD is GET; others HTTP__MAX. */
static enum http_method method_of(const char *m)
{
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
		return HTTP_GET;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	return HTTP__MAX;
}

/* A new request context for connection c, in its own arena. */
static struct request *request_new(struct http_server *s, struct MHD_Connection *c,
				   const char *url, const char *method)
{
	struct arena *a = arena_new();
	struct request *r = arena_alloc(a, sizeof(*r));
	r->srv = s;
	r->conn = c;
	r->arena = a;
	r->start_us = now_us();
	r->method_str = arena_strdup(a, method);
	r->method = method_of(method);
	r->path = arena_strdup(a, url);
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(r->id, sizeof(r->id), rnd, sizeof(rnd));
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strcpy(r->ip, "-");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  r->ip, sizeof(r->ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->ip,
				  sizeof(r->ip));
	}
	proxy_client_ip(s, c, r->ip, sizeof(r->ip));
	response_init(&r->res, r);
	atomic_fetch_add(&s->active, 1);
	return r;
}

/* Free everything of r (called when MHD says the request is done). */
static void request_free(struct request *r)
{
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	form_free(r->query);
	form_free(r->form);
	buf_free(&r->json);
	response_release(&r->res);
	struct http_server *s = r->srv;
	arena_free(r->arena);
	atomic_fetch_sub(&s->active, 1);
}

/* Iterator over GET arguments: decode and feed declared query fields. */
static enum MHD_Result on_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	struct request *r = cls;
	(void)kind;
	char *k = arena_strndup(r->arena, key, key_size);
	size_t kn = url_decode(k, key_size, true);
	if (kn == (size_t)-1 || strlen(k) != kn)
		return MHD_YES;
	char *v = arena_strndup(r->arena, value ? value : "", value ? value_size : 0);
	size_t vn = url_decode(v, value ? value_size : 0, true);
	if (vn == (size_t)-1) {
		r->fail = 400;
		r->fail_detail = "bad query escape";
		return MHD_NO;
	}
	if (form_feed(r->query, k, NULL, NULL, 0, v, vn) != E_OK) {
		r->fail = 400;
		r->fail_detail = "query field too long";
		return MHD_NO;
	}
	return MHD_YES;
}

/* Post processor iterator: feed the form accumulator. */
static enum MHD_Result on_post_data(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *filename, const char *content_type,
				    const char *transfer_encoding, const char *data, uint64_t off,
				    size_t size)
{
	struct request *r = cls;
	(void)kind;
	(void)transfer_encoding;
	if (form_feed(r->form, key, filename, content_type, off, data, size) != E_OK) {
		r->form_over = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* True when the Content-Type header starts with type (case-insensitive, then ';' or end). */
static bool content_type_is(struct request *r, const char *type)
{
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' ||
						       ct[n] == ' ');
}

/* The largest body a form with file fields can need: each file field (up to files_max) at its
 * cap, each other field at field_max, the csrf field, and 1 KiB of multipart framing per part;
 * never more than body_max. */
static uint64_t files_body_cap(const struct http_limits *l, const struct field_spec *fields)
{
	uint64_t cap = 256 + 1024;
	unsigned files = 0;
	for (size_t i = 0; fields && fields[i].name; i++) {
		if (fields[i].kind == FK_FILE) {
			if (files++ >= l->files_max)
				continue;
			cap += fields[i].max && fields[i].max < l->file_max ? fields[i].max
									   : l->file_max;
		} else {
			cap += l->field_max;
		}
		cap += 1024;
	}
	return cap < l->body_max ? cap : l->body_max;
}

/* 413 for a body over the caps; on a route with file fields the detail says so, for the
 * error page to name the file size limit. */
static int too_large(struct request *r)
{
	const struct route *rt = r->match.route;
	const struct field_spec *spec = r->form_spec ? r->form_spec : rt ? rt->form : NULL;
	if (r->method == HTTP_POST && form_has_files(spec))
		r->fail_detail = HTTP_DETAIL_FILE_TOO_LARGE;
	return 413;
}

/* Compare the request's CSRF field or header with the expected token (constant time). */
static bool csrf_ok(struct request *r)
{
	const char *want = r->srv->hooks.csrf_token ? r->srv->hooks.csrf_token(r) : NULL;
	const char *got = r->form ? form_value(r->form, "csrf") : NULL;
	if (!got)
		got = req_header(r, "X-CSRF-Token");
	if (!want || !got || !want[0])
		return false;
	size_t n = strlen(want);
	return strlen(got) == n && sodium_memcmp(want, got, n) == 0;
}

/* The POST part of the first callback: the route's fields (per request when it has
 * form_for), then the body's type. JSON is kept only on routes with json_max, after the CSRF
 * header check (a JSON body carries no form field); elsewhere 415 before reading it.
 * Returns 0 or the error status. */
static int request_begin_post(struct request *r, const struct route *rt,
			      const struct form_limits *fl, unsigned long long length)
{
	r->form_spec = rt->form_for ? rt->form_for(r) : rt->form;
	if (rt->form_for && !field_spec_valid(r->form_spec)) {
		log_error("http: %s gave a malformed form spec", rt->pattern);
		return 500;
	}
	if (form_has_files(r->form_spec) && length > files_body_cap(&r->srv->lim, r->form_spec))
		return too_large(r);
	r->form = form_new(r->arena, r->form_spec, fl, route_csrf(rt));
	if (content_type_is(r, "application/json")) {
		if (!rt->json_max)
			return 415;
		if (length > rt->json_max)
			return 413;
		if (route_csrf(rt) && !csrf_ok(r))
			return 403;
		r->is_json = true;
	} else if (content_type_is(r, MHD_HTTP_POST_ENCODING_FORM_URLENCODED) ||
		   content_type_is(r, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) {
		r->pp = MHD_create_post_processor(r->conn, POST_BUFFER, on_post_data, r);
	}
	return 0;
}

/* The checks of the first callback, in order. Returns 0 or the error status to answer. */
static int request_begin(struct request *r)
{
	struct http_server *s = r->srv;
	if (s->hooks.identify)
		s->hooks.identify(r);
	const union MHD_ConnectionInfo *hi =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (hi && hi->header_size > s->lim.header_memory)
		return 431;
	int st;
	if (s->static_real && strncmp(r->path, "/static/", 8) == 0) {
		r->is_static = true;
		st = router_match(static_routes, 1, r->method, r->path, r->arena, &r->match);
	} else {
		st = router_match(s->routes, s->nroutes, r->method, r->path, r->arena, &r->match);
	}
	if (st)
		return st;
	const struct route *rt = r->match.route;
	if (rt->roles && !(r->roles & rt->roles))
		return 403;
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (end == cl || n > s->lim.body_max)
			return too_large(r);
	}
	struct form_limits fl = { s->lim.field_max, s->lim.file_max, s->lim.files_max,
				  s->lim.files_dir };
	if (rt->query) {
		r->query = form_new(r->arena, rt->query, &fl, false);
		MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, on_query_arg, r);
		if (r->fail)
			return r->fail;
		form_finish(r->query);
	}
	if (r->method == HTTP_POST)
		return request_begin_post(r, rt, &fl, cl ? strtoull(cl, NULL, 10) : 0);
	return 0;
}

/* Take one piece of the body: count it against body_max, parse or keep it. */
static void request_body(struct request *r, const char *data, size_t size)
{
	r->body_len += size;
	if (r->body_len > r->srv->lim.body_max) {
		r->fail = too_large(r);
		if (!r->fail_detail)
			r->fail_detail = "body too large";
		return;
	}
	if (r->pp && MHD_post_process(r->pp, data, size) != MHD_YES) {
		r->fail = r->form_over ? 413 : 400;
		r->fail_detail = !r->form_over			  ? "malformed form"
				 : form_too_many_files(r->form) ? HTTP_DETAIL_TOO_MANY_FILES
								  : "form field too large";
	} else if (r->is_json) {
		if (r->json.len + size > r->match.route->json_max) {
			r->fail = 413;
			r->fail_detail = "JSON body too large";
			buf_free(&r->json);
			r->is_json = false;
			return;
		}
		buf_append(&r->json, data, size);
	}
}

/* The whole request is in: finish parsing, check CSRF, run the handler, queue. */
static enum MHD_Result request_end(struct request *r)
{
	if (r->pp) {
		MHD_destroy_post_processor(r->pp);
		r->pp = NULL;
	}
	if (r->fail) {
		response_error(r, r->fail, r->fail_detail);
		return response_queue(r);
	}
	if (r->form)
		form_finish(r->form);
	const struct route *rt = r->match.route;
	if (route_csrf(rt) && !r->is_json && !csrf_ok(r)) {
		response_error(r, 403, "csrf");
		return response_queue(r);
	}
	if (r->is_static)
		static_serve(r, &r->res);
	else
		rt->handler(r, &r->res);
	if (r->defer_fn)
		return defer_submit(r);
	return response_queue(r);
}

/* MHD access handler: called once with the headers, then with body pieces, then with 0. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct request *r = *con_cls;
	(void)version;
	http_mark_thread();
	if (!r) {
		r = request_new(s, c, url, method);
		*con_cls = r;
		int st = request_begin(r);
		if (st == 413 || st == 431) {	/* a body over the cap is not read */
			response_error(r, st, r->fail_detail);
			return response_queue(r);
		}
		/* Any other refusal is answered once the body (if any) has been read and dropped:
		 * answered now, MHD would close the connection on a client still sending, whose
		 * TCP stack then drops our answer on the reset (a 1 MB POST got no 403). */
		r->fail = st;
		return MHD_YES;
	}
	if (r->defer_state == DEFER_DONE) {	/* resumed: the worker built the answer */
		r->defer_state = DEFER_NONE;
		return response_queue(r);
	}
	if (r->queued)
		return MHD_YES;
	if (*upload_data_size) {
		if (!r->fail) {
			request_body(r, upload_data, *upload_data_size);
		} else {
			/* MHD 0.9.75 takes no response while the body is arriving: the rest is
			 * discarded and the error answered at its end, but a body that keeps
			 * growing past twice body_max gets the connection closed. */
			r->body_len += *upload_data_size;
			if (r->body_len > 2 * (uint64_t)r->srv->lim.body_max)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return request_end(r);
}

/* MHD_OPTION_NOTIFY_COMPLETED: access log line and the one place request memory is freed. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct request *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	if (defer_orphan(r))	/* the worker pool frees it when its job ends */
		return;
	int status = r->queued ? r->res.status : 0;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !r->queued)
		status = 499;
	request_finish(r, status,
		       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT));
}

/* See internal.h. */
void request_finish(struct request *r, int status, const char *user_agent)
{
	accesslog_line(r->id, r->method_str, r->path, status, now_us() - r->start_us, user_agent);
	request_free(r);
}

/* Parse the bind address into sa; false when it is not an IPv4/IPv6 literal. */
static bool bind_address(const char *bind, unsigned port, struct sockaddr_storage *sa)
{
	memset(sa, 0, sizeof(*sa));
	struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
	if (inet_pton(AF_INET, bind, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return true;
	}
	if (inet_pton(AF_INET6, bind, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		return true;
	}
	return false;
}

/* True when route rt (row i) is well formed; logs what is wrong otherwise. */
static bool route_valid(const struct route *rt, size_t i)
{
	const char *p = rt->pattern ? rt->pattern : "";
	const char *why = NULL;
	if (!router_pattern_valid(rt->pattern) || !rt->handler || rt->method >= HTTP__MAX)
		why = "bad pattern, handler or method";
	else if (rt->csrf_exempt && rt->method != HTTP_POST)
		why = "csrf_exempt on a route that is not POST";
	else if (rt->csrf_exempt && strspn(rt->csrf_exempt, " \t") == strlen(rt->csrf_exempt))
		why = "POST route without CSRF and no reason given in csrf_exempt";
	else if (rt->method != HTTP_POST && (rt->form || rt->form_for || rt->json_max))
		why = "form, form_for or json_max on a route that is not POST";
	else if (rt->form && rt->form_for)
		why = "both form and form_for";
	else if (!field_spec_valid(rt->query) || !field_spec_valid(rt->form))
		why = "malformed field spec";
	if (why)
		log_error("http: route %zu (%s %s): %s", i, rt->method == HTTP_POST ? "POST" : "GET",
			  p, why);
	return why == NULL;
}

/* Start a server; without listen it takes connections only from http_server_add_socket. */
static enum err server_start(const struct http_limits *l, const struct route *routes, size_t n,
			     const struct http_hooks *hooks, bool listen, struct http_server **out)
{
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!route_valid(&routes[i], i))
			return E_INVALID;
	}
	if (l->threads == 0 || l->port > 65535 || l->body_max == 0 || l->header_memory < 1024) {
		log_error("http: bad limits");
		return E_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		if (form_has_files(routes[i].form) && !l->files_dir) {
			log_error("http: route %s takes files but no files folder is set",
				  routes[i].pattern);
			return E_INVALID;
		}
	}
	if (l->files_dir && upload_dir_prepare(l->files_dir) != E_OK)
		return E_IO;
	if (l->max_connections < l->threads) {
		log_error("http: max_connections %u is below threads %u (each thread needs one)",
			  l->max_connections, l->threads);
		return E_INVALID;
	}
	if (sodium_init() < 0)
		return E_IO;
	struct sockaddr_storage sa;
	if (l->bind && !bind_address(l->bind, l->port, &sa)) {
		log_error("http: bad bind address %s", l->bind);
		return E_INVALID;
	}
	struct http_server *s = xcalloc(1, sizeof(*s));
	s->lim = *l;
	s->lim.static_dir = NULL;
	s->lim.bind = NULL;
	s->lim.trusted_proxy = NULL;
	if (l->trusted_proxy && ip_set_parse(l->trusted_proxy, &s->trusted) != E_OK) {
		free(s);
		return E_INVALID;
	}
	s->routes = routes;
	s->nroutes = n;
	if (hooks)
		s->hooks = *hooks;
	if (l->static_dir) {
		char real[PATH_MAX];
		if (!realpath(l->static_dir, real)) {
			log_error("http: static folder %s not found", l->static_dir);
			ip_set_free(s->trusted);
			free(s);
			return E_IO;
		}
		s->static_real = xstrdup(real);
	}
	/* Server threads inherit a mask with the shutdown signals blocked, so they reach the
	 * thread in http_server_wait_for_signal(). */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (l->defer_threads &&
	    !(s->pool = defer_pool_new(l->defer_threads, l->defer_queue, l->defer_wait_ms))) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		free(s->static_real);
		ip_set_free(s->trusted);
		free(s);
		return E_IO;
	}
	if (!listen)
		flags |= MHD_USE_NO_LISTEN_SOCKET;
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_CONNECTION_TIMEOUT, l->connection_timeout_s, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->per_ip_connections, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, l->max_connections, NULL },
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(l->header_memory + MHD_POOL_SLACK),
		  NULL },
		/* last: one thread is MHD's own polling thread, not a pool (which warns at 1) */
		{ l->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, l->threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)l->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_logger, NULL, MHD_OPTION_ARRAY, opts, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
		s, MHD_OPTION_UNESCAPE_CALLBACK, unescape_none, NULL,
		l->bind ? MHD_OPTION_SOCK_ADDR : MHD_OPTION_END, (struct sockaddr *)&sa,
		MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!s->daemon) {
		log_error("http: cannot listen on port %u", l->port);
		defer_pool_stop(s->pool);
		defer_pool_free(s->pool);
		free(s->static_real);
		ip_set_free(s->trusted);
		free(s);
		return E_IO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : l->port;
	*out = s;
	return E_OK;
}

/* See http.h. */
enum err http_server_start(const struct http_limits *l, const struct route *routes, size_t n,
			   const struct http_hooks *hooks, struct http_server **out)
{
	return server_start(l, routes, n, hooks, true, out);
}

/* See http.h. */
enum err http_server_start_detached(const struct http_limits *l, const struct route *routes,
				    size_t n, const struct http_hooks *hooks,
				    struct http_server **out)
{
	return server_start(l, routes, n, hooks, false, out);
}

/* See http.h. */
enum err http_server_add_socket(struct http_server *s, int fd)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(s->daemon, fd, (const struct sockaddr *)&sa, sizeof(sa)) != MHD_YES)
		return E_IO;
	return E_OK;
}

/* See http.h. */
unsigned http_server_active(const struct http_server *s)
{
	int n = atomic_load(&((struct http_server *)(uintptr_t)s)->active);
	return n > 0 ? (unsigned)n : 0;
}

/* See http.h. */
unsigned http_server_port(const struct http_server *s)
{
	return s->port;
}

/* See http.h. */
void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	/* Deferred jobs end first (queued ones answered busy, their connections resumed), so
	 * that no connection is left suspended when the daemon stops. */
	defer_pool_stop(s->pool);
	int64_t deadline = now_us() + (int64_t)s->lim.connection_timeout_s * 1000000;
	while (atomic_load(&s->active) > 0 && now_us() < deadline) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->daemon);
	defer_pool_free(s->pool);
	free(s->static_real);
	ip_set_free(s->trusted);
	free(s);
}

/* See http.h. */
int http_server_wait_for_signal(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return sig;
}
