/* admin_import.c - imports from the upload page: the audited import of units, calendar and
 * catalogue, dossier histories in a background thread with in-memory progress, and the job
 * rows kept for the admin (docs/admin-imports.md). */
#include "motcua/admin_import.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "motcua/admin_audit.h"
#include "motcua/dossier.h"
#include "motcua/import_dossiers.h"
#include "motcua/import_job_store.h"
#include "motcua/log.h"
#include "motcua/unit_store.h"
#include "motcua/xalloc.h"

static const char *const kind_names[] = { "units", "calendar", "catalog", "dossiers" };
#define NKINDS (int)(sizeof(kind_names) / sizeof(kind_names[0]))

/* See admin_import.h. */
const char *admin_import_kind_name(int kind)
{
	return kind >= 0 && kind < NKINDS ? kind_names[kind] : "?";
}

/* See admin_import.h. */
int admin_import_kind_parse(const char *s)
{
	for (int i = 0; s && i < NKINDS; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

/* See admin_import.h. */
enum err admin_import_allowed(struct db *db, int64_t admin_unit_id)
{
	if (admin_unit_id <= 0)
		return E_FORBIDDEN;
	struct unit_rec u;
	enum err e = unit_store_by_id(db, admin_unit_id, &u);
	if (e == E_NOTFOUND)
		return E_FORBIDDEN;
	if (e != E_OK)
		return e;
	bool root = u.parent_id == 0;
	unit_rec_free(&u);
	return root ? E_OK : E_FORBIDDEN;
}

/* What the commit hook records. */
struct audit_ctx {
	int64_t actor_id;
	const char *kind, *file_name;
};

/* Record the import in the administrative record (inside its transaction). */
static enum err record(const struct audit_ctx *a, struct db *db, json_t *after)
{
	char action[32], target[300];
	snprintf(action, sizeof(action), "import.%s", a->kind);
	snprintf(target, sizeof(target), "file:%s", a->file_name);
	json_object_set_new(after, "file", json_string(a->file_name));
	struct admin_change c = { a->actor_id, action, target, NULL, after, 0 };
	enum err e = admin_audit_record(db, &c);
	json_decref(after);
	return e;
}

/* import_commit_hook: units, calendar, catalogue. */
static enum err small_hook(void *ctx, struct db *db, const struct import_result *r)
{
	return record(ctx, db, json_pack("{s:I, s:I, s:I}", "rows", (json_int_t)r->rows,
					 "inserted", (json_int_t)r->inserted, "updated",
					 (json_int_t)r->updated));
}

/* The job row's result of a units/calendar/catalog import. */
static char *small_result(enum err e, const struct import_result *r)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s}", "rows",
			      (json_int_t)r->rows, "inserted", (json_int_t)r->inserted, "updated",
			      (json_int_t)r->updated, "line", (json_int_t)r->line, "element",
			      (json_int_t)r->element, "field", r->field, "message", r->message,
			      "error", e == E_OK ? "" : err_name(e));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/* Keep a finished job row (its own transaction); 0 when it cannot be written (logged). */
static int64_t keep_job(struct db *db, int64_t user_id, const char *kind, const char *file_name,
			bool ok, int64_t lines, const char *result)
{
	int64_t now = (int64_t)time(NULL), id = 0;
	struct import_job j = { 0, user_id, (char *)kind, (char *)file_name,
				(char *)(ok ? "done" : "failed"), lines, lines, (char *)result,
				now, now };
	if (import_job_store_insert(db, &j, &id) != E_OK) {
		log_error("import: the job row of %s cannot be written", file_name);
		return 0;
	}
	return id;
}

/* See admin_import.h. */
enum err admin_import_run(struct db *db, int64_t actor_id, int kind, const char *file_name,
			  const char *text, size_t len, struct import_result *r, int64_t *job_id)
{
	*job_id = 0;
	memset(r, 0, sizeof(*r));
	if (kind < 0 || kind >= IMPORT__MAX)
		return E_INVALID;
	struct audit_ctx a = { actor_id, kind_names[kind], file_name };
	enum err e = import_run_hooked(db, (enum import_kind)kind, text, len, r, small_hook, &a);
	if (e != E_OK)
		return e;	/* a refusal changes nothing, not even the job list */
	char *result = small_result(e, r);
	*job_id = keep_job(db, actor_id, kind_names[kind], file_name, true, r->rows, result);
	free(result);
	return e;
}

/* A dossier import running in this process. */
struct job {
	int64_t id, user_id;
	char *db_path, *file_name, *text;
	size_t len;
	unsigned char key[SERVER_KEY_BYTES];
	atomic_size_t done;
	atomic_long line;
	struct job *next;
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;	/* running, newest first */

/* Progress of job id: true when it runs here. */
static bool job_progress(int64_t id, size_t *done, size_t *total, long *line)
{
	bool found = false;
	pthread_mutex_lock(&jobs_lock);
	for (struct job *j = jobs; j; j = j->next)
		if (j->id == id) {
			*done = atomic_load(&j->done);
			*total = j->len;
			*line = atomic_load(&j->line);
			found = true;
			break;
		}
	pthread_mutex_unlock(&jobs_lock);
	return found;
}

/* Unlink and free j. */
static void job_drop(struct job *j)
{
	pthread_mutex_lock(&jobs_lock);
	for (struct job **p = &jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	pthread_mutex_unlock(&jobs_lock);
	sodium_memzero(j->key, sizeof(j->key));
	free(j->db_path);
	free(j->file_name);
	free(j->text);
	free(j);
}

/* import_dossiers_hooks.progress */
static void on_progress(void *ctx, size_t done, long line)
{
	struct job *j = ctx;
	atomic_store(&j->done, done);
	atomic_store(&j->line, line);
}

/* import_dossiers_hooks.before_commit */
static enum err on_commit(void *ctx, struct db *db, const struct import_dossiers_result *r)
{
	struct job *j = ctx;
	struct audit_ctx a = { j->user_id, "dossiers", j->file_name };
	return record(&a, db, json_pack("{s:I, s:I, s:I}", "dossiers", (json_int_t)r->dossiers,
					"events", (json_int_t)r->events, "lines",
					(json_int_t)atomic_load(&j->line)));
}

/* The thread: replay, then finish the row. */
static void *job_main(void *arg)
{
	struct job *j = arg;
	struct db *db = NULL;
	struct engine *e = NULL;
	struct import_dossiers_result r;
	memset(&r, 0, sizeof(r));
	enum err err = db_open(j->db_path, &db);
	if (err == E_OK)
		err = engine_open(db, j->key, &e);
	if (err == E_OK) {
		struct import_dossiers_hooks h = { on_progress, on_commit, j };
		err = import_dossiers_hooked(e, db, j->text, j->len, &r, &h);
	}
	json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s}", "dossiers", (json_int_t)r.dossiers,
			      "events", (json_int_t)r.events, "line", (json_int_t)r.line,
			      "message", r.message, "error", err == E_OK ? "" : err_name(err));
	char *result = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!db || import_job_store_finish(db, j->id, err == E_OK ? "done" : "failed",
					   atomic_load(&j->line), result,
					   (int64_t)time(NULL)) != E_OK)
		log_error("import: job %lld cannot be finished", (long long)j->id);
	else
		log_info("import: job %lld (%s) %s", (long long)j->id, j->file_name,
			 err == E_OK ? "done" : "failed");
	free(result);
	engine_free(e);
	db_close(db);
	job_drop(j);
	return NULL;
}

/* Lines in text (a last line without a newline counts). */
static int64_t count_lines(const char *text, size_t len)
{
	int64_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n + (len && text[len - 1] != '\n');
}

/* See admin_import.h. */
enum err admin_import_dossiers_start(struct db *db, const char *db_path,
				     const unsigned char key[SERVER_KEY_BYTES], int64_t actor_id,
				     const char *file_name, char *text, size_t len,
				     int64_t *job_id)
{
	*job_id = 0;
	int64_t now = (int64_t)time(NULL);
	struct import_job row = { 0, actor_id, "dossiers", (char *)file_name, "running", 0,
				  count_lines(text, len), "{}", now, 0 };
	enum err e = import_job_store_insert(db, &row, job_id);
	if (e != E_OK) {
		free(text);
		return E_DB;
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->id = *job_id;
	j->user_id = actor_id;
	j->db_path = xstrdup(db_path);
	j->file_name = xstrdup(file_name);
	j->text = text;
	j->len = len;
	memcpy(j->key, key, SERVER_KEY_BYTES);
	pthread_mutex_lock(&jobs_lock);
	j->next = jobs;
	jobs = j;
	pthread_mutex_unlock(&jobs_lock);
	pthread_t t;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&t, &at, job_main, j);
	pthread_attr_destroy(&at);
	if (rc != 0) {
		log_error("import: the background thread cannot start");
		import_job_store_finish(db, *job_id, "failed", 0,
					"{\"error\":\"io\",\"message\":\"\"}", now);
		job_drop(j);
		return E_IO;
	}
	return E_OK;
}

/* A job row as JSON (with the progress of a running one). */
static json_t *job_json(const struct import_job *j)
{
	json_error_t je;
	json_t *result = json_loads(j->result, 0, &je);
	const char *state = j->state;
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:o, s:I}", "id", (json_int_t)j->id,
			      "kind", j->kind, "file_name", j->file_name, "created_at",
			      (json_int_t)j->created_at, "finished_at", (json_int_t)j->finished_at,
			      "result", result ? result : json_object(), "total_lines",
			      (json_int_t)j->total_lines);
	if (!strcmp(state, "running")) {
		size_t done = 0, total = 0;
		long line = 0;
		if (job_progress(j->id, &done, &total, &line)) {
			json_object_set_new(o, "done_bytes", json_integer((json_int_t)done));
			json_object_set_new(o, "total_bytes", json_integer((json_int_t)total));
			json_object_set_new(o, "line", json_integer(line));
			json_object_set_new(o, "percent",
					    json_integer(total ? (json_int_t)(done * 100 / total)
							       : 0));
		} else {
			state = "interrupted";
		}
	}
	json_object_set_new(o, "state", json_string(state));
	return o;
}

/* See admin_import.h. */
enum err admin_import_job(struct db *db, int64_t user_id, int64_t job_id, json_t **out)
{
	*out = NULL;
	struct import_job j;
	enum err e = import_job_store_get(db, job_id, &j);
	if (e != E_OK)
		return e;
	if (j.user_id == user_id)
		*out = job_json(&j);
	else
		e = E_NOTFOUND;
	import_job_free(&j);
	return e;
}

/* See admin_import.h. */
enum err admin_import_jobs(struct db *db, int64_t user_id, int limit, json_t **out)
{
	*out = NULL;
	struct import_job *v;
	int n;
	enum err e = import_job_store_list(db, user_id, limit, &v, &n);
	if (e != E_OK)
		return e;
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, job_json(&v[i]));
	import_jobs_free(v, n);
	*out = a;
	return E_OK;
}
