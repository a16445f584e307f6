/* index_settings.c - the administrator's settings pages /quan-tri/cai-dat/766 (groups,
 * indicators, weights and thresholds of the Decision 766 index) and /quan-tri/cai-dat/par
 * (the PAR criteria): the current file in a text area to edit, or the shipped file loaded
 * with one button; a refused file names its line and field and changes nothing
 * (docs/index766.md, docs/par.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_web.h"
#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/index766.h"
#include "motcua/par.h"
#include "motcua/paths.h"
#include "motcua/unit.h"

/* The two settings pages. */
struct kind {
	const char *path;	/* this page */
	const char *shipped;	/* the file under the share folder */
	const char *prefix;	/* i18n keys: <prefix>.title, ... */
	char *(*text)(struct db *db);
	enum err (*load)(struct db *db, const char *text, size_t len, int64_t actor,
			 struct import_result *r);
};

static const struct kind K766 = { "/quan-tri/cai-dat/766", "config/index766.json",
				  "index.set766", index766_config_text, index766_config_load };
static const struct kind KPAR = { "/quan-tri/cai-dat/par", "config/par-sample.json",
				  "index.setpar", par_config_text, par_config_load };

/* Whether the signed-in administrator may change these province-wide settings: only an
 * administrator of a root unit (the province); others get 403 after this answers it. */
static bool province_admin(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	struct unit_rec u;
	if (!db || unit_get_by_id(db, web_user(req)->unit_id, &u) != E_OK) {
		res_error(req, res, 500, NULL);
		return false;
	}
	bool root = u.parent_id == 0;
	unit_rec_free(&u);
	if (!root)
		res_error(req, res, 403, NULL);
	return root;
}

/* The message of key under the page's prefix. */
static const char *msg(struct request *req, const struct kind *k, const char *key)
{
	return web_text(req, arena_printf(req_arena(req), "%s.%s", k->prefix, key));
}

/* Render the page; typed (may be NULL) is the refused text, r its refusal. */
static void render(struct request *req, struct response *res, int status, const struct kind *k,
		   const char *typed, const struct import_result *r)
{
	struct db *db = web_db(req);
	char *cur = db ? k->text(db) : NULL;
	if (!cur) {
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "action", k->path, "hint",
				 msg(req, k, "hint"), "shipped_label", msg(req, k, "shipped"),
				 "heading", msg(req, k, "title"), "text", typed ? typed : cur,
				 "max", INDEX_CONFIG_MAX_BYTES / 4);
	free(cur);
	if (r) {
		struct arena *a = req_arena(req);
		const char *where = r->line > 0
			? web_fill(req, web_fill(req, web_text(req, "index.set.error_at"), "line",
						 arena_printf(a, "%ld", r->line)),
				   "field", r->field[0] ? r->field : "—")
			: web_text(req, "index.set.error_file");
		json_object_set_new(data, "error", json_pack("{s:s, s:s}", "where", where, "detail",
							     r->message));
	} else {
		json_object_set_new(data, "error", json_false());
	}
	json_object_set_new(data, "notice", req_query(req, "da_luu") && !r
		? json_string(web_text(req, "index.set.saved")) : json_false());
	web_page(req, res, status, "index_settings", msg(req, k, "title"), data);
}

/* POST: load the text area, or the shipped file when "mau" was pressed. */
static void post(struct request *req, struct response *res, const struct kind *k)
{
	if (!province_admin(req, res))
		return;
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return;
	}
	struct buf file = BUF_INIT;
	const char *text = req_form(req, "noi_dung");
	const char *raw = req_form_raw(req, "noi_dung");
	struct import_result r;
	memset(&r, 0, sizeof(r));
	enum err e;
	if (req_form(req, "mau")) {
		char path[4096];
		e = file_read(share_path(path, sizeof(path), k->shipped), INDEX_CONFIG_MAX_BYTES,
			      &file);
		if (e == E_OK)
			e = k->load(db, file.data ? file.data : "", file.len, web_user(req)->id, &r);
		raw = NULL;
	} else if (!text) {
		snprintf(r.message, sizeof(r.message), "%s",
			 web_text(req, raw && *raw ? "index.set.too_long" : "index.set.empty"));
		e = E_INVALID;
	} else {
		e = k->load(db, text, strlen(text), web_user(req)->id, &r);
	}
	buf_free(&file);
	if (e == E_OK)
		res_redirect(res, 303, arena_printf(req_arena(req), "%s?da_luu=1", k->path));
	else if (e == E_INVALID || e == E_LIMIT)
		render(req, res, 400, k, raw, &r);
	else
		res_error(req, res, 500, NULL);
}

/* See web.h. GET /quan-tri/cai-dat/766 */
void page_settings_766(struct request *req, struct response *res)
{
	if (!province_admin(req, res))
		return;
	render(req, res, 200, &K766, NULL, NULL);
}

/* See web.h. POST /quan-tri/cai-dat/766 (noi_dung | mau) */
void page_settings_766_post(struct request *req, struct response *res)
{
	post(req, res, &K766);
}

/* See web.h. GET /quan-tri/cai-dat/par */
void page_settings_par(struct request *req, struct response *res)
{
	if (!province_admin(req, res))
		return;
	render(req, res, 200, &KPAR, NULL, NULL);
}

/* See web.h. POST /quan-tri/cai-dat/par (noi_dung | mau) */
void page_settings_par_post(struct request *req, struct response *res)
{
	post(req, res, &KPAR);
}
