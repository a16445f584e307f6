/* app.c - per-thread database connections and the hooks given to the HTTP layer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/dossier.h"
#include "motcua/log.h"
#include "motcua/web.h"
#include "motcua/xalloc.h"

/* Every connection opened by a server thread, so that stop can close what threads left. */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **dbs;
static size_t ndbs;
static _Thread_local struct db *thread_db;
static _Thread_local struct engine *thread_engine;
static struct engine **engines;		/* every engine opened by a server thread */
static size_t nengines;
/* Bumped by web_engine_invalidate; a thread's engine reloads when its copy is older. */
static atomic_long config_generation;
static _Thread_local long thread_generation;

/* See web.h. */
struct db *web_db(struct request *req)
{
	if (thread_db)
		return thread_db;
	struct app *app = req_app(req);
	struct db *db;
	if (db_open(app->db_path, &db) != E_OK)
		return NULL;
	pthread_mutex_lock(&dbs_lock);
	dbs = xrealloc(dbs, (ndbs + 1) * sizeof(*dbs));
	dbs[ndbs++] = db;
	pthread_mutex_unlock(&dbs_lock);
	thread_db = db;
	return db;
}

/* See web.h. */
struct engine *web_engine(struct request *req)
{
	long now_generation = atomic_load(&config_generation);
	if (thread_engine) {
		if (thread_generation == now_generation)
			return thread_engine;
		struct db *rdb = web_db(req);
		if (rdb && engine_reload(thread_engine, rdb) == E_OK) {
			thread_generation = now_generation;
			return thread_engine;
		}
		log_error("engine: cannot reload the catalogue, units and calendar");
		return NULL;
	}
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	if (!db || engine_open(db, app->key, &thread_engine) != E_OK) {
		log_error("engine: cannot open for this server thread");
		thread_engine = NULL;
		return NULL;
	}
	pthread_mutex_lock(&dbs_lock);
	engines = xrealloc(engines, (nengines + 1) * sizeof(*engines));
	engines[nengines++] = thread_engine;
	pthread_mutex_unlock(&dbs_lock);
	thread_generation = now_generation;
	return thread_engine;
}

/* See web.h. */
void web_engine_invalidate(void)
{
	atomic_fetch_add(&config_generation, 1);
}

/* Remove db from the registry and close it. */
static void forget_db(struct db *db)
{
	pthread_mutex_lock(&dbs_lock);
	for (size_t i = 0; i < ndbs; i++) {
		if (dbs[i] == db) {
			dbs[i] = dbs[--ndbs];
			break;
		}
	}
	pthread_mutex_unlock(&dbs_lock);
	db_close(db);
}

/* See web.h. */
void web_thread_exit(void)
{
	if (thread_engine) {
		pthread_mutex_lock(&dbs_lock);
		for (size_t i = 0; i < nengines; i++) {
			if (engines[i] == thread_engine) {
				engines[i] = engines[--nengines];
				break;
			}
		}
		pthread_mutex_unlock(&dbs_lock);
		engine_free(thread_engine);
		thread_engine = NULL;
	}
	if (thread_db) {
		forget_db(thread_db);
		thread_db = NULL;
	}
}

/* See web.h. */
void web_close_dbs(void)
{
	pthread_mutex_lock(&dbs_lock);
	for (size_t i = 0; i < nengines; i++)
		engine_free(engines[i]);
	free(engines);
	engines = NULL;
	nengines = 0;
	for (size_t i = 0; i < ndbs; i++)
		db_close(dbs[i]);
	free(dbs);
	dbs = NULL;
	ndbs = 0;
	pthread_mutex_unlock(&dbs_lock);
}

/* See web.h. */
const struct web_user *web_user(struct request *req)
{
	return req_user(req);
}

/* Hook: identify the client from the session cookie: a live session of an active account
 * makes req signed in (web_user, role bit); anything else leaves it anonymous. Static files
 * are served without a database look-up. */
static void identify(struct request *req)
{
	req_set_roles(req, 0);
	if (!strncmp(req_path(req), "/static/", 8))
		return;
	/* An API token (docs/api.md) replaces the session: the cookie is not read. */
	const char *authorization = req_header(req, "Authorization");
	if (authorization) {
		web_identify_token(req, authorization);
		return;
	}
	const char *token = req_cookie(req, SESSION_COOKIE);
	if (!token)
		return;
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	struct session_row s;
	struct account_row a;
	if (!db || session_resolve(db, &app->accounts->policy, &app->clock, token, &s, &a) != E_OK)
		return;
	int role = role_parse(a.role);
	if (role < 0 || !role_is_account((enum role)role))
		return;
	struct arena *ar = req_arena(req);
	struct web_user *u = arena_alloc(ar, sizeof(*u));
	u->id = a.id;
	u->session_id = s.id;
	u->role = (enum role)role;
	u->unit_id = a.unit_id;
	u->username = arena_strdup(ar, a.username);
	u->name = arena_strdup(ar, a.name);
	u->unit_code = a.unit_code[0] ? arena_strdup(ar, a.unit_code) : NULL;
	req_set_user(req, u);
	req_set_roles(req, ROLE_BIT(role));
}

/* Hook: the CSRF token this request must carry (see csrf.c). */
static const char *csrf_token(struct request *req)
{
	return web_csrf_expected(req);
}

/* True when the client asked for JSON (API paths). */
static bool wants_json(struct request *req)
{
	return strncmp(req_path(req), "/api/", 5) == 0;
}

/* The stable code of a JSON error answered by the layer for status. */
static const char *status_code_name(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 429: return "too_many_requests";
	case 431: return "headers_too_large";
	case 503: return "busy";
	default: return status >= 500 ? "internal" : "bad_request";
	}
}

/* Hook: error pages in the user's language, or a JSON error for API paths. */
static void error_page(struct request *req, struct response *res, int status, const char *detail)
{
	/* A page for signed-in users asked for anonymously (or with a dead session): the
	 * sign-in form, which comes back here. */
	if (status == 403 && !detail && !web_user(req) && req_method(req) == HTTP_GET &&
	    !wants_json(req)) {
		web_signin_required(req, res);
		return;
	}
	char key[48];
	snprintf(key, sizeof(key), "error.%d.title", status);
	const char *title = web_text(req, key);
	if (!strcmp(title, key)) {	/* no message for this status: use the generic one */
		status = status >= 500 ? 500 : 400;
		snprintf(key, sizeof(key), "error.%d.title", status);
		title = web_text(req, key);
	}
	snprintf(key, sizeof(key), "error.%d.message", status);
	const char *message = web_text(req, key);
	if (status == 413 && detail && !strcmp(detail, HTTP_DETAIL_FILE_TOO_LARGE)) {
		title = web_text(req, "upload.too_large_title");
		message = web_upload_limit_text(req, "upload.too_large");
	} else if (status == 413 && detail && !strcmp(detail, HTTP_DETAIL_TOO_MANY_FILES)) {
		title = web_text(req, "upload.too_large_title");
		message = web_upload_limit_text(req, "upload.too_many");
	}
	/* The API without valid credentials: 401 naming why (docs/api.md). */
	if (wants_json(req) && status == 403 && !web_user(req) && !web_token(req)) {
		const char *why = web_token_refused(req);
		web_api_error(req, res, 401, why ? why : "unauthorized");
		return;
	}
	if (wants_json(req)) {
		json_t *j = json_pack("{s:{s:s, s:i, s:s, s:s}}", "error", "code",
				      status_code_name(status), "status", status, "message",
				      message, "detail", detail ? detail : "");
		res_json(res, status, j);
		json_decref(j);
		return;
	}
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title", title, "message", message);
	web_page(req, res, status, "error", title, data);
}

/* See web.h. */
struct http_hooks web_hooks(struct app *app)
{
	struct http_hooks h = { identify, csrf_token, error_page, app };
	return h;
}
