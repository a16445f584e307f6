/* http.h - the generic HTTP layer over libmicrohttpd (src/http/). It knows no dossier, no
 * template and no database: the web layer hands it a route table and hooks.
 *
 * Request path (one way through; see docs/http.md):
 *   MHD callback -> request context (arena) -> identify hook -> 431 header check
 *   -> router (404 / 405 + Allow / 400 bad path) -> role check (403) -> 413 Content-Length
 *   -> query fields -> POST: form spec (route.form or route.form_for(req)); JSON only on
 *      routes with json_max (else 415), its CSRF header checked before any is kept
 *   -> body: urlencoded/multipart through MHD's post processor into declared fields,
 *      application/json into a buffer capped by json_max -> CSRF check (403) -> validation
 *      (invalid values withheld from req_form/req_query)
 *   -> handler -> response (security headers always) -> access log line on completion.
 * Static files under /static/ are served by the layer itself from http_limits.static_dir.
 *
 * Threads: handlers run on MHD's pool threads (thread pool + epoll). Everything reachable from
 * a request (strings, uploads, the arena) lives until the request completes. */
#ifndef MOTCUA_HTTP_H
#define MOTCUA_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/arena.h"
#include "motcua/buf.h"
#include "motcua/err.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP__MAX };	/* HEAD is served by GET routes */

/* Kinds of declared input fields; each has a validator (see field_validate). */
enum field_kind {
	FK_TEXT,	/* one line of UTF-8, no control characters */
	FK_TEXTAREA,	/* UTF-8, newlines and tabs allowed */
	FK_INT,		/* optional '-', 1..18 digits */
	FK_DATE,	/* dd/mm/yyyy (parse_dmy) */
	FK_ENUM,	/* one of spec.choices */
	FK_EMAIL,	/* local@domain.tld, at most 254 bytes */
	FK_PHONE,	/* Vietnamese: 0 + 9 digits or +84 + 9 digits; spaces . - ignored;
			   kept as 0 + 9 digits (contact.h) */
	FK_ID_NUMBER,	/* citizen identity number: exactly 12 digits */
	FK_CHECKBOX,	/* present = "1", absent = NULL */
	FK_FILE,	/* multipart file part streamed to disk; max = byte cap (0 = limits.file_max);
			   kinds = allowed UPLOAD_* bits */
	FK__MAX
};

/* Kinds of uploaded file, recognised by their first bytes (never by name or declared type);
 * bits, so a field can allow several. */
enum upload_kind {
	UPLOAD_NONE = 0,	/* not recognised: always refused */
	UPLOAD_PDF = 1 << 0,	/* "%PDF-" */
	UPLOAD_JPEG = 1 << 1,	/* FF D8 FF */
	UPLOAD_PNG = 1 << 2,	/* 89 "PNG" 0D 0A 1A 0A */
	/* Text for an importer (CSV, JSON, JSON Lines): none of the above, and the first bytes
	 * are printable (bytes >= 0x20, tab, CR, LF; a UTF-8 BOM allowed). Only fields that name
	 * it in kinds accept it (never stored as an attachment); upload_sniff never returns it. */
	UPLOAD_TEXT = 1 << 3,
};
#define UPLOAD_KINDS_ALL (UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG)

/* One declared field. max: length cap in characters (0 = only limits.field_max) for text
 * kinds, byte cap for FK_FILE. Arrays of specs end with an entry whose name is NULL.
 * Initialise with designated initialisers ({ .name = "x", .kind = FK_TEXT, .max = 100 }). */
struct field_spec {
	const char *name;
	enum field_kind kind;
	size_t max;
	bool required;
	const char *const *choices;	/* FK_ENUM, NULL-terminated */
	unsigned kinds;			/* FK_FILE: allowed UPLOAD_* bits (0 = UPLOAD_KINDS_ALL) */
};

/* An uploaded file (FK_FILE), streamed to a temporary file under <files_dir>/tmp/ while its
 * BLAKE2b hash was computed; no file data is held in memory. name: the client's file name
 * (untrusted: sanitise before showing or storing); mime: the client's declared Content-Type
 * (untrusted, informative only); kind: recognised from the content and allowed by the field;
 * hash: BLAKE2b-256 of the content, 64 lowercase hex digits; path: NULL until req_file_keep
 * moved the file into the store (<files_dir>/<hash[0..2]>/<hash>). A temporary file that is
 * not kept is removed when the request completes (also when it fails or is aborted). */
struct upload {
	const char *name;
	const char *mime;
	enum upload_kind kind;
	uint64_t size;
	char hash[65];
	const char *path;
};

struct request;		/* opaque; accessors below */
struct response;	/* opaque; setters below */
typedef void (*http_handler)(struct request *req, struct response *res);

/* One row of the route table. pattern: "/thu-tuc/:code" (":name" matches one segment); a
 * last segment "*" ("/files/" followed by "*") matches the rest, possibly empty, as param "*".
 * Exact match otherwise: "/a/" does not match "/a" (no trailing-slash folding). First match
 * wins. Write rows with designated initialisers (.method = ..., .pattern = ...): members not
 * named are zero, which is the safe default for each (public GET: no roles; POST: CSRF
 * checked, no JSON, no fields). */
struct route {
	enum http_method method;
	const char *pattern;
	http_handler handler;
	unsigned roles;				/* 0 = anyone; else any of these bits
					   (ROLE_BIT() of role.h, opaque here) */
	/* CSRF is on for every POST route: the "csrf" field (or X-CSRF-Token header) must match
	 * hooks.csrf_token. A POST route without it names the reason here ("signed gateway
	 * callback", "token-authenticated API"); an empty reason, or one on a GET route, makes
	 * http_server_start fail (E_INVALID). NULL = protected. */
	const char *csrf_exempt;
	const struct field_spec *query;		/* declared query fields, or NULL */
	const struct field_spec *form;		/* declared form fields (POST), or NULL */
	/* Form fields decided per request (POST; instead of form): called after routing, the
	 * identify hook and the role check, before any body is read, with req_param() and
	 * req_user() available. Returns a NULL-terminated spec that lives at least as long as
	 * the request (static or in req_arena()), or NULL for no fields. A malformed spec
	 * (bad kind, FK_ENUM without choices, more than HTTP_MAX_FIELDS) is answered 500. */
	const struct field_spec *(*form_for)(struct request *req);
	/* POST: largest application/json body accepted (also capped by limits.body_max);
	 * 0 = JSON not accepted here: 415 before any of the body is read. */
	size_t json_max;
};

/* True when POST route rt is checked for a CSRF token (every POST route not exempt). */
bool route_csrf(const struct route *rt);
/* The routes the layer serves by itself (GET /static/ followed by "*"), for listings. */
const struct route *http_builtin_routes(size_t *n);

#define HTTP_MAX_FIELDS 128	/* declared fields in one spec (static or per request) */

struct http_hooks {
	/* Called once per request before the role check: fills req's role bits (0 = anonymous)
	 * and user. May be NULL (everyone anonymous). */
	void (*identify)(struct request *req);
	/* Expected CSRF token for this request (NULL = none, which always fails), compared in
	 * constant time with the "csrf" form field (or the X-CSRF-Token header) on routes with
	 * csrf=true; a mismatch gives 403 via error_page. */
	const char *(*csrf_token)(struct request *req);
	/* Renders 400/403/404/405/413/429/431/500 pages (HTML or JSON) in the user's language:
	 * set the body and type; the status is already set. NULL: a plain built-in page. */
	void (*error_page)(struct request *req, struct response *res, int status,
			   const char *detail);
	void *app;	/* returned by req_app() */
};

/* Every limit is explicit. Defaults in http_limits_default() and docs/http.md. */
struct http_limits {
	unsigned port;			/* 0 = pick a free one (see http_server_port) */
	unsigned threads;		/* MHD thread pool size */
	unsigned connection_timeout_s;	/* idle connection timeout */
	unsigned per_ip_connections;	/* concurrent connections from one address */
	size_t header_memory;		/* request line + headers, bytes; above -> 431 */
	size_t body_max;		/* whole request body, bytes; above -> 413 */
	size_t field_max;		/* one form field, bytes; above -> 413 */
	size_t file_max;		/* one uploaded file, bytes; above -> 413 */
	unsigned files_max;		/* file parts per request; above -> 413 */
	const char *static_dir;		/* served under /static/; NULL = none */
	const char *files_dir;		/* file store for uploads (kept by reference); required
					   when a route declares an FK_FILE field */
	const char *bind;		/* "127.0.0.1" or NULL = any address */
	unsigned max_connections;	/* open connections in all (MHD_OPTION_CONNECTION_LIMIT),
					   shared out among the threads; >= threads */
	bool cookie_secure;		/* behind TLS: Secure + "__Host-" cookies, HSTS */
	const char *trusted_proxy;	/* reverse proxies whose X-Forwarded-For is believed:
					   addresses or CIDR ranges, comma-separated; NULL =
					   none (see req_client_ip) */
	unsigned defer_threads;		/* worker threads for req_defer; 0 = run deferred
					   work at once on the server thread */
	unsigned defer_queue;		/* deferred jobs waiting at most; more -> busy */
	unsigned defer_wait_ms;		/* a job queued longer is answered busy */
};

/* Fill l with the defaults (port 8080, 4 threads, 30 s, 16 per IP, 16 KiB headers, 25 MiB
 * body, 64 KiB field, 10 MiB file, 10 files, no static dir, any address, 1000
 * connections). */
void http_limits_default(struct http_limits *l);

struct http_server;

/* Start listening with routes[0..n) (kept by reference: must outlive the server) and hooks
 * (copied). Blocks SIGTERM/SIGINT/SIGPIPE in the server threads so that
 * http_server_wait_for_signal() receives them. E_INVALID (logged with the route) for a bad
 * pattern, a bad CSRF exemption (empty, or on a GET route), a route with both form and
 * form_for, a malformed static spec, or bad limits; E_IO
 * when the port cannot be bound. *out is freed by http_server_stop(). */
enum err http_server_start(const struct http_limits *l, const struct route *routes, size_t n,
			   const struct http_hooks *hooks, struct http_server **out);
/* The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *s);
/* Stop accepting, let in-flight requests finish (up to connection_timeout_s), join the
 * threads (running the thread-exit function on each) and free s. NULL is allowed. */
void http_server_stop(struct http_server *s);
/* Block the calling thread until SIGTERM or SIGINT arrives; returns the signal number. */
int http_server_wait_for_signal(void);
/* Register fn to run on each server thread that handled a request, when that thread exits
 * (at http_server_stop): the place to close a _Thread_local database connection. Call
 * before http_server_start; NULL unregisters. */
void http_server_on_thread_exit(void (*fn)(void));

/* ---- request accessors ---- */
enum http_method req_method(const struct request *r);
/* The raw path as received (still percent-encoded, no query). */
const char *req_path(const struct request *r);
/* Path parameter ":name" (or "*"), percent-decoded; NULL when the route has no such name. */
const char *req_param(struct request *r, const char *name);
/* Declared query field (as received, or normalised for FK_PHONE/FK_CHECKBOX), or NULL when
 * absent or invalid: a value that failed validation is never returned here. */
const char *req_query(struct request *r, const char *name);
/* Declared query field as typed (even when invalid), to show it again; NULL when absent. */
const char *req_query_raw(struct request *r, const char *name);
/* Declared form field (static or per-request spec), or NULL when absent or invalid: a value
 * that failed validation is never returned here. */
const char *req_form(struct request *r, const char *name);
/* Declared form field as typed (even when invalid), to re-render the form; NULL when absent.
 * Never use it as a valid value. */
const char *req_form_raw(struct request *r, const char *name);
/* Declared FK_FILE field, NULL when no file was sent or when it was refused (too large,
 * kind not allowed: req_field_error then says "name: too_large" / "name: wrong_kind"). */
const struct upload *req_file(struct request *r, const char *name);
/* Move the temporary file of FK_FILE field name into the store under its hash (fsync of the
 * file and its folder; when that hash is already stored the temporary file is just removed)
 * and set its upload's path. E_NOTFOUND when the field has no accepted file, E_IO (logged)
 * when the file cannot be moved. Calling it again for a kept file does nothing. */
enum err req_file_keep(struct request *r, const char *name);
/* First validation failure "field: reason" (query first, then form) or NULL. Reasons:
 * required, too_long, not_utf8, invalid, not_a_choice. */
const char *req_field_error(struct request *r);
/* Detail given to hooks.error_page with 413 when the request carries files and is over the
 * caps (Content-Length above what its file fields allow, or more than files_max files). */
#define HTTP_DETAIL_FILE_TOO_LARGE "file_too_large"
#define HTTP_DETAIL_TOO_MANY_FILES "too_many_files"
/* Detail given to hooks.error_page with 503 when deferred work could not run (req_defer). */
#define HTTP_DETAIL_BUSY "busy"

/* Why declared field name (query first, then form) failed validation: one of the reasons
 * above, or NULL when it is valid, absent and optional, or not declared. */
const char *req_field_reason(struct request *r, const char *name);
/* Body of an application/json request on a route with json_max (NUL-terminated, *len
 * bytes), or NULL. */
const char *req_body(struct request *r, size_t *len);
/* Cookie value, or NULL. With limits.cookie_secure the cookie is read from "__Host-name"
 * (res_cookie writes it so): a cookie without the prefix is ignored. */
const char *req_cookie(struct request *r, const char *name);
const char *req_header(struct request *r, const char *name);
/* Client address as text ("127.0.0.1", "::1"): the TCP peer; when the peer is one of
 * limits.trusted_proxy, the last X-Forwarded-For hop that is not a trusted proxy (walking
 * right to left; a malformed hop on the way keeps the peer). */
const char *req_client_ip(struct request *r);
/* Rate-limit key of the client (in the request arena): req_client_ip() for IPv4, its /64
 * prefix for IPv6 ("2001:db8:1:2::/64"), since one subscriber usually holds a whole /64. */
const char *req_client_key(struct request *r);
/* Random 16-hex-digit request id (also sent as X-Request-Id and logged). */
const char *req_id(struct request *r);
struct arena *req_arena(struct request *r);
void *req_app(struct request *r);
unsigned req_roles(const struct request *r);
void req_set_roles(struct request *r, unsigned roles);
void req_set_user(struct request *r, void *user);
void *req_user(struct request *r);
/* One pointer of application state for this request (e.g. values computed once per request),
 * NULL until set; allocate it in req_arena() so it is freed with the request. */
void req_set_local(struct request *r, void *p);
void *req_local(struct request *r);
/* Hand the rest of this request to a worker thread, as the handler's last act: once the
 * handler returns, the connection is suspended (its server thread goes on serving others) and
 * work(req, res) runs on one of lim.defer_threads workers; its response is sent when it
 * returns. The request (arena, form, query, headers, user, local) stays valid meanwhile; the
 * response built before the call is discarded. busy(req, res) builds the answer instead when
 * the job cannot run: the queue (lim.defer_queue) is full, it waited longer than
 * lim.defer_wait_ms, or the server is stopping; NULL = the 503 error page (detail
 * HTTP_DETAIL_BUSY) with Retry-After: 5. busy may run on any thread. A client that goes away
 * meanwhile changes nothing for work; its answer is dropped. With defer_threads 0, work runs
 * at once on the server thread. */
void req_defer(struct request *req, http_handler work, http_handler busy);

/* ---- response setters (the layer sends the response after the handler returns) ---- */
/* Status code (default 200). */
void res_status(struct response *res, int status);
/* Add a header; names or values with CR/LF are refused (logged, dropped). */
void res_header(struct response *res, const char *name, const char *value);
/* Set-Cookie: name=value; Path=/; SameSite=Lax; Max-Age when max_age_s >= 0 (-1 = session);
 * HttpOnly when asked. With limits.cookie_secure: "__Host-name=value; ...; Secure". */
void res_cookie(struct response *res, const char *name, const char *value, int max_age_s,
		bool http_only);
/* Body buffer to append HTML/JSON to (default type text/html; charset=utf-8). */
struct buf *res_body(struct response *res);
void res_type(struct response *res, const char *content_type);
/* Let pages of the same origin frame this response (a file shown inline in an <iframe> or
 * <object>): frame-ancestors 'self' and X-Frame-Options SAMEORIGIN instead of 'none'/DENY;
 * every other security header stays. */
void res_frame_self(struct response *res);
/* Send the open file fd (size bytes from its start) as the body; the response owns fd. */
void res_file(struct response *res, int fd, uint64_t size);
/* Redirect (302/303/307/308) to location; CR/LF in location gives 500. */
void res_redirect(struct response *res, int status, const char *location);
/* Status + compact JSON body of value (not stolen), application/json. */
void res_json(struct response *res, int status, const json_t *value);
/* Replace the body with the error page for status via hooks.error_page. */
void res_error(struct request *req, struct response *res, int status, const char *detail);

/* ---- rate limiter (src/http/ratelimit.c): sliding window per key, thread-safe ---- */
struct ratelimit;
/* A limiter allowing max events per key within window_s seconds; keeps at most 8192 keys
 * (evicting expired, then least recently seen). Free with ratelimit_free(). */
struct ratelimit *ratelimit_new(unsigned max, unsigned window_s);
/* Record one event for key at now; true when key now has more than max events within
 * (now - window_s, now]. */
bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now);
/* True when key already has max or more events in the window (the next hit would be over),
 * without recording. */
bool ratelimit_over(struct ratelimit *rl, const char *key, int64_t now);
void ratelimit_free(struct ratelimit *rl);

/* Write src (at most max bytes of it) into dst (cap bytes, NUL-terminated) for a log line:
 * valid printable UTF-8 is kept; control characters (C0, DEL, C1), '"', '\\' and bytes that
 * are not valid UTF-8 become \xNN; a longer src ends with "..." (never cutting a character).
 * NULL src gives "-". Returns dst. cap must be at least 4 * max + 4. */
char *http_log_escape(char *dst, size_t cap, const char *src, size_t max);

/* ---- building blocks, exposed for the unit tests and fuzz targets ---- */
/* Like http_server_start but with no listening socket: connections come only from
 * http_server_add_socket (fuzzing whole requests over a socketpair). */
enum err http_server_start_detached(const struct http_limits *l, const struct route *routes,
				    size_t n, const struct http_hooks *hooks,
				    struct http_server **out);
/* Hand a connected socket to the server (which closes it); E_IO when MHD refuses it. */
enum err http_server_add_socket(struct http_server *s, int fd);
/* Requests whose context is still alive (0 once every answered request was freed). */
unsigned http_server_active(const struct http_server *s);

/* A set of addresses and CIDR ranges (the trusted proxies). */
struct ip_set;
/* Parse "127.0.0.1, 10.0.0.0/8, ::1" (commas and/or spaces between entries; an IPv4-mapped
 * IPv6 entry counts as IPv4) into *out (free with ip_set_free); NULL or "" gives an empty set.
 * E_INVALID after logging for a malformed entry. */
enum err ip_set_parse(const char *spec, struct ip_set **out);
/* True when the address text addr is in set (false for a malformed addr or a NULL set). */
bool ip_set_has(const struct ip_set *set, const char *addr);
/* Number of entries of set (0 for NULL). */
size_t ip_set_count(const struct ip_set *set);
void ip_set_free(struct ip_set *set);
/* The client address of a request from peer carrying X-Forwarded-For xff (NULL = none), as
 * normalised text into out (n bytes, at least 46): peer unless peer is in trusted; then the
 * rightmost xff hop not in trusted, the leftmost hop when all are, or peer when a hop reached
 * is malformed (empty, a port, a name). */
void client_ip_resolve(const struct ip_set *trusted, const char *peer, const char *xff,
		       char *out, size_t n);
/* The rate-limit key of address ip into out (n bytes, at least 50): the IPv4 address, or the
 * IPv6 /64 prefix as "2001:db8:1:2::/64"; ip itself when it is not an address. */
void client_key_of(const char *ip, char *out, size_t n);

#define HTTP_MAX_PARAMS 8

struct route_match {
	const struct route *route;	/* NULL unless status 0 */
	unsigned allow;			/* bit (1 << method) for each method the path has */
	size_t nparams;
	const char *names[HTTP_MAX_PARAMS];	/* into the pattern, not NUL-terminated */
	size_t name_lens[HTTP_MAX_PARAMS];
	const char *values[HTTP_MAX_PARAMS];	/* decoded, in the arena */
};

/* True when pattern is well formed: starts with '/', no empty or "." / ".." segments,
 * ":name" segments with a name, "*" only as the last segment, at most HTTP_MAX_PARAMS. */
bool router_pattern_valid(const char *pattern);
/* Match the raw (percent-encoded) path for method m against routes[0..n). Each segment is
 * decoded once; a bad escape, NUL, '/' (%2F), invalid UTF-8 or a "."/".." segment gives 400.
 * Returns 0 (out->route set), 400, 404 (no route has the path) or 405 (out->allow says
 * which methods do). m may be HTTP__MAX (an unsupported method: 405 or 404). */
int router_match(const struct route *routes, size_t n, enum http_method m, const char *path,
		 struct arena *a, struct route_match *out);
/* Decode %XX escapes in s[0..n) in place (and '+' as space when plus); NUL-terminates.
 * Returns the new length, or (size_t)-1 for a malformed escape. */
size_t url_decode(char *s, size_t n, bool plus);

/* Form accumulator: declared fields fed in pieces (as MHD's post processor gives them). */
struct form;
struct form_limits {
	size_t field_max;
	size_t file_max;
	unsigned files_max;
	const char *files_dir;	/* file store (temporary files in its tmp/); NULL refuses files */
};
/* A new accumulator for fields (NULL = none declared) allocated in a; keep_csrf also keeps a
 * "csrf" field (up to 256 bytes). Free its buffers with form_free() (the arena holds the
 * rest). */
struct form *form_new(struct arena *a, const struct field_spec *fields,
		      const struct form_limits *l, bool keep_csrf);
/* Feed one piece of the value of key: size bytes of data at offset off of that value (off 0
 * starts a new occurrence; a repeated field keeps its first occurrence). filename non-NULL
 * marks a file part: a declared FK_FILE part is written to a temporary file while hashed
 * (memory stays constant whatever its size); one over its cap or of a kind the field does not
 * allow is dropped at once (temporary file removed) and reported by form_finish as the field
 * error "too_large" / "wrong_kind". Undeclared keys are dropped. E_LIMIT when field_max or
 * files_max is exceeded (the form should then be answered with 413). */
enum err form_feed(struct form *f, const char *key, const char *filename, const char *mime,
		   uint64_t off, const char *data, size_t size);
/* Validate every declared field once all pieces are in (sets the first error). */
void form_finish(struct form *f);
/* Value of a declared field (after form_finish), or NULL when absent or invalid. */
const char *form_value(const struct form *f, const char *name);
/* The value as typed (after form_finish), even when invalid; NULL when absent. */
const char *form_raw(const struct form *f, const char *name);
/* Validation failure reason of name (after form_finish), or NULL. */
const char *form_reason(const struct form *f, const char *name);
/* True when the NULL-terminated spec is well formed: names set and unique, kinds in range,
 * FK_ENUM with choices, at most HTTP_MAX_FIELDS entries. */
bool field_spec_valid(const struct field_spec *spec);
/* Name of kind k for listings ("text", "textarea", "int", "date", "enum", "email",
 * "phone", "id_number", "checkbox", "file"); "?" out of range. */
const char *field_kind_name(enum field_kind k);
/* Declared file field with an accepted file, or NULL. */
const struct upload *form_file(const struct form *f, const char *name);
/* See req_file_keep. */
enum err form_file_keep(struct form *f, const char *name);
/* True when form_feed refused a part because of files_max. */
bool form_too_many_files(const struct form *f);
/* True when the form has at least one FK_FILE field. */
bool form_has_files(const struct field_spec *fields);
/* First validation failure "field: reason", or NULL. */
const char *form_error(const struct form *f);
/* Release the field buffers and remove every temporary file not kept; NULL is allowed. */
void form_free(struct form *f);
/* Validate value[0..n) (NUL-terminated) as spec's kind; NULL when good, else a reason
 * ("too_long", "not_utf8", "invalid", "not_a_choice"). */
const char *field_validate(const struct field_spec *spec, const char *value, size_t n);

/* ---- the file store (src/http/upload.c) ---- */
/* Name prefix, under files_dir/tmp/, of a stored file the application moved aside while it
 * removes it (followed by the hash). upload_dir_prepare never deletes these: after a crash
 * only the database can say whether the removal committed (web_startup settles them). */
#define UPLOAD_HIDDEN_PREFIX "up-del-"
/* Create files_dir and files_dir/tmp (0700) when missing and remove the stale temporary
 * files in tmp/ (up-* but not UPLOAD_HIDDEN_PREFIX; left by a crash: untouched for 10
 * minutes, so that the uploads in flight of another server on the same folder are spared).
 * E_IO (logged) when the folders cannot be made. */
enum err upload_dir_prepare(const char *files_dir);
/* The kind of a file from its first n bytes (UPLOAD_NONE when not recognised). */
enum upload_kind upload_sniff(const unsigned char *head, size_t n);
/* "pdf", "jpeg", "png", or NULL for another value. */
const char *upload_kind_name(enum upload_kind k);
/* UPLOAD_* of a name given by upload_kind_name, UPLOAD_NONE otherwise. */
enum upload_kind upload_kind_parse(const char *name);
/* "application/pdf", "image/jpeg", "image/png", or "application/octet-stream". */
const char *upload_kind_mime(enum upload_kind k);
/* Path of the stored file with this hash: files_dir + "/" + hash[0..2] + "/" + hash, into out
 * (size n). NULL when hash is not 64 lowercase hex digits or out is too small. */
char *upload_store_path(const char *files_dir, const char *hash, char *out, size_t n);

#endif
