/* documents.c - "Giấy tờ của tôi": the signed-in account's personal documents (căn cước,
 * giấy khai sinh, ...) kept to be reused across dossiers. Uploads arrive already streamed to
 * a temporary file and hashed by src/http/; this file decides, names and lists them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "motcua/attachment.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/web.h"

#define DOCUMENTS_PATH "/tai-khoan/giay-to"

/* A file size for people, in the request's language (arena). */
static const char *size_text(struct request *req, uint64_t n)
{
	struct buf b = BUF_INIT;
	format_bytes(n, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* See web.h. */
const char *web_upload_limit_text(struct request *req, const char *key)
{
	struct app *app = req_app(req);
	char n[16];
	snprintf(n, sizeof(n), "%u", app->uploads_max);
	const char *t = web_fill(req, web_text(req, key), "max", size_text(req, app->upload_max));
	return web_fill(req, t, "n", n);
}

/* The signed-in account, or NULL after answering 403 (the route's roles should make this
 * unreachable). */
static const struct web_user *signed_in(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	if (!u)
		res_error(req, res, 403, NULL);
	return u;
}

/* 404 for a document that is not (or no longer) in the signed-in account's list, whether it
 * never existed, belongs to another account, or was removed by an earlier submit: one answer
 * for all three, saying what is missing. */
static void not_found(struct request *req, struct response *res)
{
	const char *title = web_text(req, "documents.not_found_title");
	json_t *data = json_pack("{s:{s:s, s:s}}", "error", "title", title, "message",
				 web_text(req, "documents.not_found"));
	web_page(req, res, 404, "error", title, data);
}

/* The owner's documents as view rows. */
static json_t *document_rows(struct request *req, const struct attachment_row *rows, int n)
{
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		const struct attachment_row *r = &rows[i];
		char date[11];
		format_dmy(local_day(r->uploaded_at), date);
		char kind[8];
		size_t k = 0;
		for (; r->kind[k] && k + 1 < sizeof(kind); k++)
			kind[k] = (char)(r->kind[k] >= 'a' && r->kind[k] <= 'z' ? r->kind[k] - 32
										  : r->kind[k]);
		kind[k] = '\0';
		json_array_append_new(
			list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
					(json_int_t)r->id, "title", r->title, "file_name",
					r->file_name, "kind", kind, "size",
					size_text(req, (uint64_t)r->size), "date", date, "href",
					arena_printf(req_arena(req), DOCUMENTS_PATH "/%lld",
						     (long long)r->id),
					"remove",
					arena_printf(req_arena(req), DOCUMENTS_PATH "/%lld/xoa",
						     (long long)r->id)));
	}
	return list;
}

/* Render the page with the owner's list and the upload form (form: its values and errors,
 * stolen; NULL for an empty form). */
static void render(struct request *req, struct response *res, int status, json_t *form,
		   const char *notice)
{
	const struct web_user *u = signed_in(req, res);
	if (!u) {
		json_decref(form);
		return;
	}
	struct db *db = web_db(req);
	struct attachment_row *rows = NULL;
	int n = 0;
	if (!db || attachment_list(db, ATTACH_OWNER_USER, u->id, &rows, &n) != E_OK) {
		json_decref(form);
		log_error("documents: list failed for user %lld", (long long)u->id);
		res_error(req, res, 500, NULL);
		return;
	}
	if (!form)
		form = json_pack("{s:s, s:s, s:s}", "title", "", "title_error", "", "file_error",
				 "");
	json_t *data = json_pack("{s:o, s:b, s:o, s:s, s:s}", "documents",
				 document_rows(req, rows, n), "empty", n == 0, "form", form,
				 "file_hint", web_upload_limit_text(req, "documents.file_hint"),
				 "notice", notice ? notice : "");
	free(rows);
	web_page(req, res, status, "documents", web_text(req, "documents.title"), data);
}

/* See web.h. GET /tai-khoan/giay-to[?saved=1|removed=1] */
void page_documents(struct request *req, struct response *res)
{
	const char *notice = req_query(req, "saved")	 ? web_text(req, "documents.saved")
			     : req_query(req, "removed") ? web_text(req, "documents.removed")
							 : NULL;
	render(req, res, 200, NULL, notice);
}

/* Place callback of attachment_add: move the request's file into the store. */
static enum err place_file(void *ctx)
{
	return req_file_keep(ctx, "file");
}

/* See web.h. POST /tai-khoan/giay-to (multipart: file, title, csrf) */
void page_documents_upload(struct request *req, struct response *res)
{
	const struct web_user *u = signed_in(req, res);
	if (!u)
		return;
	const struct upload *up = req_file(req, "file");
	const char *title = req_form(req, "title");	/* NULL when invalid */
	const char *typed = req_form_raw(req, "title");	/* as typed, to show it again */
	const char *file_why = req_field_reason(req, "file");
	const char *title_why = req_field_reason(req, "title");
	const char *file_error = NULL, *title_error = NULL;
	int status = 400;
	if (file_why && !strcmp(file_why, "too_large")) {
		file_error = web_upload_limit_text(req, "upload.too_large");
		status = 413;
	} else if (file_why && !strcmp(file_why, "wrong_kind")) {
		file_error = web_text(req, "upload.wrong_kind");
		status = 415;
	} else if (file_why && !strcmp(file_why, "not_saved")) {
		file_error = web_text(req, "upload.not_saved");
		status = 500;
	} else if (!up) {
		file_error = web_text(req, "upload.required");
	}
	size_t tl = title ? strlen(title) : 0;
	while (tl > 0 && title[tl - 1] == ' ')
		tl--;
	if (title_why && strcmp(title_why, "required") != 0)
		title_error = web_text(req, "documents.title_invalid");
	else if (!title || tl == 0)
		title_error = web_text(req, "documents.title_required");
	if (file_error || title_error) {
		json_t *form = json_pack("{s:s, s:s, s:s}", "title", typed ? typed : "",
					 "file_error", file_error ? file_error : "", "title_error",
					 title_error ? title_error : "");
		render(req, res, file_error ? status : 400, form, NULL);
		return;
	}
	struct db *db = web_db(req);
	char *clean_title = arena_strndup(req_arena(req), title, tl);
	while (*clean_title == ' ')
		clean_title++;
	struct attachment_new a = {
		.owner = ATTACH_OWNER_USER,
		.owner_id = u->id,
		.hash = up->hash,
		.kind = upload_kind_name(up->kind),
		.size = (int64_t)up->size,
		.title = clean_title,
		.file_name = up->name,
		.uploaded_by = u->id,
		.now = clock_now(NULL),
	};
	int64_t id = 0;
	enum err e = db ? attachment_add(db, &a, place_file, req, &id) : E_DB;
	if (e != E_OK) {
		log_error("documents: upload failed for user %lld: %s", (long long)u->id,
			  err_name(e));
		json_t *form = json_pack("{s:s, s:s, s:s}", "title", title, "file_error",
					 web_text(req, "upload.not_saved"), "title_error", "");
		render(req, res, 500, form, NULL);
		return;
	}
	log_info("documents: user %lld stored %s (%s, %llu bytes) as attachment %lld",
		 (long long)u->id, up->hash, a.kind, (unsigned long long)up->size, (long long)id);
	res_redirect(res, 303, DOCUMENTS_PATH "?saved=1");
}

/* The numeric :id of the path, or 0 when it is not 1..18 digits. */
static int64_t path_id(struct request *req)
{
	const char *s = req_param(req, "id");
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return 0;
	return strtoll(s, NULL, 10);
}

/* See web.h. GET /tai-khoan/giay-to/:id - the owner's file, 404 for anyone else. */
void page_document_download(struct request *req, struct response *res)
{
	const struct web_user *u = signed_in(req, res);
	if (!u)
		return;
	struct db *db = web_db(req);
	int64_t id = path_id(req);
	struct attachment_row row;
	enum err e = id > 0 && db ? attachment_get(db, ATTACH_OWNER_USER, u->id, id, &row)
				  : id > 0 ? E_DB : E_NOTFOUND;
	if (e == E_NOTFOUND) {
		not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("documents: attachment %lld cannot be read: %s", (long long)id, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	web_send_file(req, res, row.hash, row.kind, row.file_name);
}

/* Where a file being removed waits for the commit (under tmp/; web_startup settles one a
 * crash left there). */
static char *hidden_path(struct app *app, const char *hash, char *out, size_t n)
{
	int w = snprintf(out, n, "%s/tmp/" UPLOAD_HIDDEN_PREFIX "%s", app->files_dir, hash);
	return w > 0 && (size_t)w < n ? out : NULL;
}

/* attachment_unstore.hide: move the stored file out of the store. */
static enum err hide_file(void *ctx, const char *hash)
{
	char from[PATH_MAX], to[PATH_MAX];
	if (!upload_store_path(((struct app *)ctx)->files_dir, hash, from, sizeof(from)) ||
	    !hidden_path(ctx, hash, to, sizeof(to)))
		return E_IO;
	if (rename(from, to) != 0 && errno != ENOENT) {
		log_error("documents: cannot remove %s: %s", from, strerror(errno));
		return E_IO;
	}
	return E_OK;
}

/* attachment_unstore.restore: put a hidden file back. */
static void restore_file(void *ctx, const char *hash)
{
	char from[PATH_MAX], to[PATH_MAX];
	if (upload_store_path(((struct app *)ctx)->files_dir, hash, to, sizeof(to)) &&
	    hidden_path(ctx, hash, from, sizeof(from)))
		rename(from, to);
}

/* attachment_unstore.purge: delete a hidden file for good. */
static void purge_file(void *ctx, const char *hash)
{
	char p[PATH_MAX];
	if (hidden_path(ctx, hash, p, sizeof(p)))
		unlink(p);
}

/* See web.h. */
unsigned documents_settle_hidden(struct app *app, struct db *db)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s/tmp", app->files_dir) >= (int)sizeof(tmp))
		return 0;
	DIR *d = opendir(tmp);
	if (!d)
		return 0;
	struct attachment_unstore files = { app, hide_file, restore_file, purge_file };
	const size_t plen = strlen(UPLOAD_HIDDEN_PREFIX);
	unsigned settled = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *hash = e->d_name + plen;
		if (strncmp(e->d_name, UPLOAD_HIDDEN_PREFIX, plen) != 0 || strlen(hash) != 64 ||
		    strspn(hash, "0123456789abcdef") != 64)
			continue;
		if (attachment_settle_hidden(db, hash, &files) == E_OK)
			settled++;
	}
	closedir(d);
	return settled;
}

/* See web.h. POST /tai-khoan/giay-to/:id/xoa - remove from my list. */
void page_document_remove(struct request *req, struct response *res)
{
	const struct web_user *u = signed_in(req, res);
	if (!u)
		return;
	struct app *app = req_app(req);
	struct db *db = web_db(req);
	int64_t id = path_id(req);
	struct attachment_unstore files = { app, hide_file, restore_file, purge_file };
	enum err e = id <= 0 ? E_NOTFOUND
		   : db	     ? attachment_remove(db, ATTACH_OWNER_USER, u->id, id, &files)
			     : E_DB;
	if (e == E_NOTFOUND) {
		not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("documents: removal of %lld failed: %s", (long long)id, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	res_redirect(res, 303, DOCUMENTS_PATH "?removed=1");
}
