/* internal.h - state shared by the files of src/http/ (not part of the public API). */
#ifndef MOTCUA_HTTP_INTERNAL_H
#define MOTCUA_HTTP_INTERNAL_H

#include <stdatomic.h>
#include <microhttpd.h>

#include "motcua/http.h"

/* One extra response header, in the request arena. */
struct header_kv {
	const char *name;
	const char *value;
	struct header_kv *next;
};

struct response {
	struct request *req;
	int status;
	const char *type;		/* Content-Type; NULL = none (304) */
	struct buf body;
	struct header_kv *headers;	/* in order of res_header calls, reversed */
	int fd;				/* static file to send, or -1 */
	uint64_t fd_size;
	bool frame_self;		/* res_frame_self: may be framed by the site's pages */
};

struct request {
	struct http_server *srv;
	struct MHD_Connection *conn;
	struct arena *arena;
	enum http_method method;
	const char *method_str;
	const char *path;
	struct route_match match;
	bool is_static;
	struct form *query;
	struct form *form;
	const struct field_spec *form_spec;	/* route.form or what route.form_for gave */
	struct MHD_PostProcessor *pp;
	bool is_json;
	struct buf json;
	uint64_t body_len;
	bool form_over;			/* a form cap was hit (413) */
	int fail;			/* answer this error instead of running the handler */
	const char *fail_detail;
	bool queued;
	unsigned roles;
	void *user;
	void *local;	/* the application's per-request state (req_local) */
	char id[17];
	char ip[64];
	int64_t start_us;
	struct response res;
	/* deferred work (src/http/defer.c); state and orphan under the pool's lock */
	http_handler defer_fn;		/* set by req_defer */
	http_handler defer_busy;
	enum { DEFER_NONE, DEFER_QUEUED, DEFER_RUNNING, DEFER_DONE } defer_state;
	bool defer_orphan;		/* on_completed came while the pool held it */
	int64_t defer_since;		/* when queued, monotonic us */
	struct request *defer_next;
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_limits lim;
	const struct route *routes;
	size_t nroutes;
	struct http_hooks hooks;
	unsigned port;
	char *static_real;		/* realpath of static_dir, or NULL */
	struct ip_set *trusted;		/* parsed lim.trusted_proxy, or NULL */
	atomic_int active;		/* requests with a context */
	struct defer_pool *pool;	/* NULL when lim.defer_threads is 0 */
};

/* ---- deferred work (src/http/defer.c) ---- */
struct defer_pool;
/* Start threads workers over a FIFO of at most queue_max jobs, each waiting at most wait_ms
 * before it is answered busy. NULL (logged) when no thread could start. Call with the
 * shutdown signals blocked (the workers inherit the mask). */
struct defer_pool *defer_pool_new(unsigned threads, unsigned queue_max, unsigned wait_ms);
/* After the handler of r called req_defer: suspend r's connection and queue the job (MHD_YES),
 * or answer busy at once when the queue is full or the pool stopping; without a pool, run the
 * work now. Called from the access handler. */
enum MHD_Result defer_submit(struct request *r);
/* From on_completed: true when the pool still holds r (then marked orphaned; the pool frees
 * it when its job ends), false when r is the caller's to free. */
bool defer_orphan(struct request *r);
/* Stop taking jobs, answer the queued ones busy, let running ones finish, resume every
 * connection and join the workers. Later submissions are answered busy. NULL is allowed. */
void defer_pool_stop(struct defer_pool *p);
/* Free a stopped pool; NULL is allowed. */
void defer_pool_free(struct defer_pool *p);
/* Access-log line with status (and user_agent, may be NULL) and free r: the end of every
 * request. */
void request_finish(struct request *r, int status, const char *user_agent);
/* Mark the calling thread so the http_server_on_thread_exit hook runs when it ends. */
void http_mark_thread(void);

/* Prepare res for r: status 200, text/html, no fd. */
void response_init(struct response *res, struct request *r);
/* Release what res still holds (body, fd). */
void response_release(struct response *res);
/* Build the MHD response from r->res (security headers always) and queue it. */
enum MHD_Result response_queue(struct request *r);
/* Reset r->res to the error page for status (hooks.error_page or a built-in page), with an
 * Allow header for 405. */
void response_error(struct request *r, int status, const char *detail);

/* Serve the file named by the route's "*" param from the static folder into res (200, 304 or
 * 404 via response_error). */
void static_serve(struct request *r, struct response *res);

/* Replace the peer address ip (n bytes) by the client address of X-Forwarded-For when the
 * peer is a trusted proxy of s (see client_ip_resolve). */
void proxy_client_ip(struct http_server *s, struct MHD_Connection *c, char *ip, size_t n);

/* ---- a file part being written (src/http/upload.c) ---- */
struct upload_sink;
/* A new temporary file (mkstemp, 0600) under files_dir/tmp/ with a fresh BLAKE2b state; NULL
 * (logged) when it cannot be created. */
struct upload_sink *upload_sink_open(const char *files_dir);
/* Append data[0..n) to the file and the hash. E_IO (logged) on a write error. */
enum err upload_sink_write(struct upload_sink *s, const char *data, size_t n);
/* Bytes written so far. */
uint64_t upload_sink_size(const struct upload_sink *s);
/* The kind recognised from the bytes written so far, and whether enough bytes have arrived to
 * be sure (8, or every byte once the part ended). */
enum upload_kind upload_sink_kind(const struct upload_sink *s);
bool upload_sink_head_full(const struct upload_sink *s);
/* Finish the hash into hex (65 bytes, lowercase). Call once, after the last write. */
void upload_sink_hash(struct upload_sink *s, char hex[65]);
/* fsync the temporary file and move it to upload_store_path(files_dir, hash) (creating the
 * fan-out folder; fsync of the folders), or remove it when that file already exists. The
 * sink is closed either way; the stored path is written into out (size n). E_IO (logged). */
enum err upload_sink_keep(struct upload_sink *s, const char *files_dir, const char *hash,
			  char *out, size_t n);
/* Close and free s, removing its temporary file if still there; NULL is allowed. */
void upload_sink_drop(struct upload_sink *s);

/* One access-log line: id, method, path, status, microseconds, user agent (the client's
 * text escaped with http_log_escape and truncated). */
void accesslog_line(const char *id, const char *method, const char *path, int status,
		    int64_t micros, const char *user_agent);

#endif
