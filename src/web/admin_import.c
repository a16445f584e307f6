/* admin_import.c - /quan-tri/nhap: imports as upload pages (issue 10 §5,
 * docs/admin-imports.md). Units, calendar and catalogue are imported during the request;
 * dossier histories in a background thread whose page refreshes itself until done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "motcua/admin_import.h"
#include "motcua/arena.h"
#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/fileio.h"
#include "motcua/log.h"
#include "motcua/text.h"
#include "motcua/web.h"
#include "motcua/xalloc.h"

/* Longest file name kept, in bytes. */
#define FILE_NAME_MAX 120

/* The client's file name made safe to show and store (arena): the part after the last '/'
 * or '\\', control characters dropped, cut to FILE_NAME_MAX bytes on a character boundary;
 * "upload" when nothing valid is left. */
static const char *safe_name(struct request *req, const char *name)
{
	if (!name)
		return "upload";
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char out[FILE_NAME_MAX + 1];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)base; *p && n < FILE_NAME_MAX; p++)
		if (*p >= 0x20 && *p != 0x7f)
			out[n++] = (char)*p;
	while (n > 0 && !utf8_valid(out, n))
		n--;
	out[n] = '\0';
	return n ? arena_strdup(req_arena(req), out) : "upload";
}

/* Recent jobs shown on the page. */
#define JOBS_SHOWN 20

/* "hh:mm dd/mm/yyyy" of t, or "" for 0 (arena). */
static const char *when(struct request *req, int64_t t)
{
	char s[17] = "";
	if (t > 0)
		format_hm_dmy(t, s);
	return arena_strdup(req_arena(req), s);
}

/* Labels and links of one job for the templates. */
static void decorate(struct request *req, json_t *j)
{
	char key[64];
	snprintf(key, sizeof(key), "admin_audit.import.kind.%s",
		 json_string_value(json_object_get(j, "kind")));
	json_object_set_new(j, "kind_label", json_string(web_text(req, key)));
	const char *state = json_string_value(json_object_get(j, "state"));
	snprintf(key, sizeof(key), "admin_audit.import.state.%s", state);
	json_object_set_new(j, "state_label", json_string(web_text(req, key)));
	json_object_set_new(j, "href", json_string(arena_printf(req_arena(req), "/quan-tri/nhap/%lld",
		(long long)json_integer_value(json_object_get(j, "id")))));
	json_object_set_new(j, "created_text",
			    json_string(when(req, json_integer_value(json_object_get(j, "created_at")))));
	json_object_set_new(j, "finished_text",
			    json_string(when(req, json_integer_value(json_object_get(j, "finished_at")))));
	json_object_set_new(j, "running", json_boolean(!strcmp(state, "running")));
	json_object_set_new(j, "done", json_boolean(!strcmp(state, "done")));
	json_object_set_new(j, "failed", json_boolean(!strcmp(state, "failed")));
	json_object_set_new(j, "interrupted", json_boolean(!strcmp(state, "interrupted")));
}

/* Where and why a refused file was refused, in the user's language (arena): "Dòng 7 (phần tử
 * 3), trường "level"" from the importer's line, element and field. */
static const char *where_text(struct request *req, long line, long element, const char *field)
{
	struct buf b = BUF_INIT;
	if (line > 0)
		buf_puts(&b, web_fill(req, web_text(req, "admin_audit.import.at_line"), "line",
				      arena_printf(req_arena(req), "%ld", line)));
	if (element > 0)
		buf_printf(&b, " %s", web_fill(req, web_text(req, "admin_audit.import.at_element"),
					      "element", arena_printf(req_arena(req), "%ld", element)));
	if (field && *field)
		buf_printf(&b, "%s%s", b.len ? ", " : "",
			   web_fill(req, web_text(req, "admin_audit.import.at_field"), "field", field));
	const char *s = arena_strdup(req_arena(req), b.len ? buf_str(&b) : "");
	buf_free(&b);
	return s;
}

/* The kinds for the form's select, the chosen one marked. */
static json_t *kinds(struct request *req, const char *chosen)
{
	json_t *a = json_array();
	for (int k = 0; k <= ADMIN_IMPORT_DOSSIERS; k++) {
		const char *name = admin_import_kind_name(k);
		char key[64];
		snprintf(key, sizeof(key), "admin_audit.import.kind.%s", name);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", name, "label",
						   web_text(req, key), "selected",
						   chosen && !strcmp(chosen, name)));
	}
	return a;
}

/* Render the upload page with status, the errors beside their fields (NULL = none). */
static void imports_page(struct request *req, struct response *res, int status,
			 const char *kind_error, const char *file_error, json_t *refusal)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	json_t *jobs = NULL;
	if (!db || admin_import_jobs(db, u->id, JOBS_SHOWN, &jobs) != E_OK) {
		res_error(req, res, 500, NULL);
		json_decref(refusal);
		return;
	}
	size_t i;
	json_t *j;
	json_array_foreach(jobs, i, j)
		decorate(req, j);
	enum err allowed = admin_import_allowed(db, u->unit_id);
	const char *chosen = req_method(req) == HTTP_POST ? req_form(req, "kind") : NULL;
	json_t *data = json_pack("{s:o, s:b, s:o, s:b, s:o, s:o, s:o, s:s}", "jobs", jobs,
				 "has_jobs", json_array_size(jobs) > 0, "kinds", kinds(req, chosen),
				 "allowed", allowed == E_OK,
				 "kind_error", kind_error ? json_string(kind_error) : json_false(),
				 "file_error", file_error ? json_string(file_error) : json_false(),
				 "refusal", refusal ? refusal : json_false(),
				 "file_hint", web_text(req, "admin_audit.import.file_hint"));
	web_page(req, res, status, "admin_imports", web_text(req, "admin_audit.import.title"),
		 data);
}

/* See web.h. GET /quan-tri/nhap */
void page_admin_imports(struct request *req, struct response *res)
{
	imports_page(req, res, 200, NULL, NULL, NULL);
}

/* See web.h. POST /quan-tri/nhap (multipart: kind, file) */
void page_admin_import_post(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct app *app = req_app(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	enum err e = admin_import_allowed(db, u->unit_id);
	if (e == E_FORBIDDEN) {
		res_error(req, res, 403, web_text(req, "admin_audit.import.root_only"));
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	int kind = admin_import_kind_parse(req_form(req, "kind"));
	const struct upload *up = req_file(req, "file");
	const char *kind_error = kind < 0 ? web_text(req, "admin_audit.import.choose_kind") : NULL;
	const char *file_error = NULL;
	if (!up) {
		const char *why = req_field_reason(req, "file");
		file_error = web_text(req, !why || !strcmp(why, "required")
						   ? "admin_audit.import.choose_file"
					   : !strcmp(why, "too_large") ? "admin_audit.import.too_large"
								       : "admin_audit.import.not_text");
	}
	if (kind_error || file_error) {
		imports_page(req, res, 422, kind_error, file_error, NULL);
		return;
	}
	size_t max = kind == ADMIN_IMPORT_DOSSIERS ? (size_t)IMPORT_DOSSIERS_MAX_BYTES
						   : (size_t)IMPORT_MAX_BYTES;
	/* Into the file store to read it, then away: an import file is not kept (its rows are). */
	struct buf text = BUF_INIT;
	if (req_file_keep(req, "file") != E_OK || !up->path ||
	    file_read(up->path, max, &text) != E_OK) {
		log_error("import: the uploaded file cannot be read");
		buf_free(&text);
		res_error(req, res, 500, NULL);
		return;
	}
	unlink(up->path);
	const char *name = safe_name(req, up->name);
	int64_t job = 0;
	if (kind == ADMIN_IMPORT_DOSSIERS) {
		size_t len = text.len;
		char *owned = buf_steal(&text);
		e = admin_import_dossiers_start(db, app->db_path, app->key, u->id, name,
						owned ? owned : xstrdup(""), len, &job);
		if (e != E_OK) {
			res_error(req, res, 500, NULL);
			return;
		}
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/nhap/%lld",
						    (long long)job));
		return;
	}
	struct import_result r;
	e = admin_import_run(db, u->id, kind, name, text.data ? text.data : "", text.len, &r, &job);
	buf_free(&text);
	if (e == E_OK) {
		web_engine_invalidate();	/* every thread's engine reloads units, calendar, catalogue */
		res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/nhap/%lld",
						    (long long)job));
		return;
	}
	if (e == E_DB) {
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *refusal = json_pack("{s:s, s:s, s:s}", "where",
				    where_text(req, r.line, r.element, r.field), "detail", r.message,
				    "file", name);
	imports_page(req, res, 422, NULL, web_text(req, "admin_audit.import.refused"), refusal);
}

/* See web.h. GET /quan-tri/nhap/:id: one import, its summary or refusal; while a dossier
 * import runs, its progress (the page refreshes itself every 2 seconds). 404 for another
 * admin's import. */
void page_admin_import_job(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *s = req_param(req, "id");
	size_t n = s ? strlen(s) : 0;
	int64_t id = n > 0 && n <= 18 && strspn(s, "0123456789") == n ? strtoll(s, NULL, 10) : 0;
	json_t *j = NULL;
	enum err e = id <= 0 ? E_NOTFOUND : db ? admin_import_job(db, u->id, id, &j) : E_DB;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	decorate(req, j);
	json_t *r = json_object_get(j, "result");
	json_object_set_new(j, "where",
			    json_string(where_text(req, (long)json_integer_value(json_object_get(r, "line")),
						   (long)json_integer_value(json_object_get(r, "element")),
						   json_string_value(json_object_get(r, "field")))));
	json_object_set_new(j, "is_dossiers",
			    json_boolean(!strcmp(json_string_value(json_object_get(j, "kind")),
						 "dossiers")));
	bool running = json_is_true(json_object_get(j, "running"));
	if (running) {
		json_int_t done = json_integer_value(json_object_get(j, "done_bytes"));
		json_int_t total = json_integer_value(json_object_get(j, "total_bytes"));
		json_object_set_new(j, "progress_text",
				    json_string(web_fill(req, web_fill(req, web_fill(req,
					web_text(req, "admin_audit.import.progress"), "line",
					arena_printf(req_arena(req), "%lld",
						     (long long)json_integer_value(json_object_get(j, "line")))),
					"total", arena_printf(req_arena(req), "%lld",
							      (long long)json_integer_value(
								      json_object_get(j, "total_lines")))),
					"percent", arena_printf(req_arena(req), "%lld",
								(long long)(total ? done * 100 / total : 0)))));
	}
	json_t *data = json_pack("{s:o}", "job", j);
	if (running)
		json_object_set_new(data, "refresh", json_integer(2));
	web_page(req, res, 200, "admin_import_job", web_text(req, "admin_audit.import.job_title"),
		 data);
}
