/* catalog_admin.c - the versioned catalogue editor's rules (catalog_admin.h): drafts,
 * publishing, unpublishing, the list and the history, each change with its administrative
 * record in the same transaction. */
#include "motcua/catalog_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/catalog.h"
#include "motcua/eform.h"
#include "motcua/procedure_version_store.h"
#include "motcua/text.h"
#include "motcua/unit.h"
#include "motcua/xalloc.h"

/* The catalogue fields in the order of formats.md (the history's change list follows it). */
static const char *const data_keys[] = {
	"code", "name", "field", "department", "levels", "online_level", "duration",
	"duration_online", "cutoff", "supplement_policy", "supplement_window_days", "fees",
	"components", "form", "result", "delivery", "steps", "applicants", "steps_text",
	"legal_basis", NULL
};

/* See catalog_admin.h. */
enum err catalog_admin_may(struct db *db, enum role role, int64_t unit_id, bool *may)
{
	*may = false;
	if (role != ROLE_ADMIN || unit_id <= 0)
		return E_OK;
	struct unit_rec u;
	enum err e = unit_get_by_id(db, unit_id, &u);
	if (e == E_NOTFOUND)
		return E_OK;
	if (e != E_OK)
		return e;
	*may = u.parent_id == 0;
	unit_rec_free(&u);
	return E_OK;
}

/* pv_list_fn: append a row to the array ctx. */
static bool add_list_row(const struct pv_list_row *r, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:i, s:b, s:b}", "code", r->code,
					     "name", r->name, "field", r->field, "version",
					     r->version, "published", r->published, "has_draft",
					     r->has_draft));
	return true;
}

/* See catalog_admin.h. */
enum err catalog_admin_list(struct db *db, const struct catalog_admin_query *q, json_t **out)
{
	struct pv_list_query lq = { .field_id = q->field_id > 0 ? q->field_id : 0,
				    .limit = CATALOG_ADMIN_PAGE };
	const char *st = q->state ? q->state : "";
	lq.filter = !strcmp(st, "published") ? PV_PUBLISHED : !strcmp(st, "unpublished") ?
		    PV_UNPUBLISHED : !strcmp(st, "draft") ? PV_HAS_DRAFT : PV_ALL;
	struct buf fold = BUF_INIT;
	if (q->q)
		text_fold(q->q, strlen(q->q), &fold);
	char *words = xstrdup(buf_str(&fold));
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w && lq.nwords < PV_WORDS;
	     w = strtok_r(NULL, " ", &save))
		lq.words[lq.nwords++] = w;
	int64_t page = q->page > 0 ? q->page : 1;
	if (page > 1000000)
		page = 1000000;
	lq.offset = (int)((page - 1) * CATALOG_ADMIN_PAGE);
	json_t *rows = json_array();
	int64_t total = 0;
	enum err e = pv_store_list(db, &lq, add_list_row, rows, &total);
	free(words);
	buf_free(&fold);
	if (e != E_OK) {
		json_decref(rows);
		*out = NULL;
		return e;
	}
	int64_t pages = (total + CATALOG_ADMIN_PAGE - 1) / CATALOG_ADMIN_PAGE;
	*out = json_pack("{s:o, s:I, s:I, s:I}", "rows", rows, "total", (json_int_t)total, "page",
			 (json_int_t)page, "pages", (json_int_t)(pages ? pages : 1));
	return E_OK;
}

/* Whether two member values are the same (absent and null are). */
static bool same_value(const json_t *a, const json_t *b)
{
	if (!a || json_is_null(a))
		return !b || json_is_null(b);
	return b && json_equal((json_t *)a, (json_t *)b);
}

/* See catalog_admin.h. */
json_t *catalog_admin_changes(const json_t *a, const json_t *b)
{
	json_t *keys = json_array();
	for (int i = 0; data_keys[i]; i++)
		if (!same_value(json_object_get(a, data_keys[i]), json_object_get(b, data_keys[i])))
			json_array_append_new(keys, json_string(data_keys[i]));
	return keys;
}

/* pv_row_fn: append a version (its data parsed) to the array ctx. */
static bool add_version(const struct pv_row *r, void *ctx)
{
	json_t *data = json_loads(r->data, 0, NULL);
	json_array_append_new(ctx, json_pack("{s:i, s:s, s:s, s:I, s:I, s:o}", "version",
					     r->version, "state", r->state, "by", r->created_by,
					     "created_at", (json_int_t)r->created_at,
					     "published_at", (json_int_t)r->published_at, "data",
					     data ? data : json_null()));
	return true;
}

/* See catalog_admin.h. */
enum err catalog_admin_get(struct db *db, const char *code, json_t **out)
{
	*out = NULL;
	int64_t id;
	int version;
	bool published;
	enum err e = pv_store_proc(db, code, &id, &version, &published);
	if (e == E_NOTFOUND) {
		*out = json_pack("{s:s, s:b, s:i, s:b, s:n, s:n, s:i, s:[], s:s}", "code", code,
				 "exists", false, "version", 0, "published", false, "live",
				 "draft", "draft_version", 0, "history", "stamp", "0-0-0");
		return E_OK;
	}
	if (e != E_OK)
		return e;
	json_t *hist = json_array();
	if ((e = pv_store_history(db, id, CATALOG_ADMIN_HISTORY, add_version, hist)) != E_OK) {
		json_decref(hist);
		return e;
	}
	json_t *live = NULL, *draft = NULL;
	int draft_version = 0;
	json_int_t draft_saved = 0;
	size_t n = json_array_size(hist);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(hist, i);
		const char *st = json_string_value(json_object_get(v, "state"));
		int num = (int)json_integer_value(json_object_get(v, "version"));
		if (!strcmp(st, "draft")) {
			draft = json_object_get(v, "data");
			draft_version = num;
			draft_saved = json_integer_value(json_object_get(v, "created_at"));
		} else if (num == version) {
			live = json_object_get(v, "data");
		}
		/* Versions come newest first: compare with the next older one. */
		json_t *older = i + 1 < n ? json_object_get(json_array_get(hist, i + 1), "data")
					  : NULL;
		json_object_set_new(v, "changes", older ? catalog_admin_changes(older,
						  json_object_get(v, "data")) : json_array());
		json_object_set_new(v, "first", json_boolean(!older));
	}
	*out = json_pack("{s:s, s:b, s:i, s:b, s:O?, s:O?, s:i, s:O}", "code", code, "exists",
			 true, "version", version, "published", published, "live", live, "draft",
			 draft, "draft_version", draft_version, "history", hist);
	/* What the editor's form was built from: the live version, the draft and when it was
	 * saved. A save that carries another stamp was made on a stale page. */
	char stamp[64];
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a of the draft: two saves in one second */
	char *text = draft ? json_dumps(draft, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	for (const char *p = text; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	free(text);
	snprintf(stamp, sizeof(stamp), "%d-%d-%lld-%016llx", version, draft_version,
		 (long long)draft_saved, (unsigned long long)h);
	json_object_set_new(*out, "stamp", json_string(stamp));
	/* History rows keep their data only for the comparison above. */
	for (size_t i = 0; i < n; i++)
		json_object_del(json_array_get(json_object_get(*out, "history"), i), "data");
	json_decref(hist);
	return E_OK;
}

/* See catalog_admin.h. Besides the importer's checks, the e-form must parse as the
 * citizen's form parses it (eform_parse: at most EFORM_FIELDS_MAX fields, 1..100 options, a
 * name of at most 48 bytes), so a published version never breaks the submission page. */
enum err catalog_admin_check(struct db *db, json_t *data, struct import_result *r)
{
	enum err e = import_catalog_check(db, data, r);
	if (e != E_OK)
		return e;
	json_t *form = json_object_get(data, "form");
	char *text = form ? json_dumps(form, JSON_COMPACT) : NULL;
	struct eform *f = NULL;
	char why[200];
	e = eform_parse(text, &f, why, sizeof(why));
	free(text);
	eform_free(f);
	if (e == E_INVALID) {
		/* "form[3]: ..." names the field; keep that part as the field of the error. */
		const char *colon = strchr(why, ':');
		size_t len = colon && (size_t)(colon - why) < sizeof(r->field) ?
				     (size_t)(colon - why) : 0;
		memcpy(r->field, len ? why : "form", len ? len : 4);
		r->field[len ? len : 4] = '\0';
		snprintf(r->message, sizeof(r->message), "%s", why);
	}
	return e;
}

/* Target of a record: "procedure:CODE@N". */
static void target_of(char *out, size_t n, const char *code, int version)
{
	snprintf(out, n, "procedure:%s@%d", code, version);
}

/* Record one change (inside the caller's transaction). */
static enum err record(struct db *db, int64_t user_id, int64_t now, const char *action,
		       const char *code, int version, const json_t *before, const json_t *after)
{
	char target[160];
	target_of(target, sizeof(target), code, version);
	struct admin_change c = { .actor_id = user_id, .action = action, .target = target,
				  .before = before, .after = after, .at = now };
	return admin_audit_record(db, &c);
}

/* Data text of the draft of procedure id, parsed (NULL when none or unreadable). */
static json_t *draft_of(struct db *db, int64_t id, int *version)
{
	char *text = NULL;
	if (pv_store_draft(db, id, version, &text) != E_OK)
		return NULL;
	json_t *v = json_loads(text, 0, NULL);
	free(text);
	return v;
}

/* See catalog_admin.h. */
enum err catalog_admin_save(struct db *db, json_t *data, int64_t user_id, int64_t now,
			    struct import_result *r, int *version)
{
	enum err e = catalog_admin_check(db, data, r);
	if (e != E_OK)
		return e;
	const char *code = json_string_value(json_object_get(data, "code"));
	char *text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if ((e = db_begin(db)) != E_OK) {
		free(text);
		return e;
	}
	int64_t id;
	int live;
	bool published;
	json_t *before = NULL;
	e = pv_store_proc(db, code, &id, &live, &published);
	if (e == E_NOTFOUND) {
		/* A new procedure: its row holds the draft's fields, hidden until published. */
		e = import_catalog_write(db, data, r, &id);
		if (e == E_OK)
			e = pv_store_set_published(db, id, false);
	} else if (e == E_OK) {
		int old;
		before = draft_of(db, id, &old);
	}
	if (e == E_OK)
		e = pv_store_draft_put(db, id, text, user_id, now, version);
	if (e == E_OK)
		e = record(db, user_id, now, "procedure.draft", code, *version, before, data);
	json_decref(before);
	free(text);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* The published data of procedure id at version (NULL when missing). */
static json_t *version_data(struct db *db, int64_t id, int version)
{
	json_t *hist = json_array(), *found = NULL;
	if (pv_store_history(db, id, CATALOG_ADMIN_HISTORY, add_version, hist) == E_OK) {
		size_t i;
		json_t *v;
		json_array_foreach(hist, i, v)
			if (json_integer_value(json_object_get(v, "version")) == version &&
			    strcmp(json_string_value(json_object_get(v, "state")), "draft"))
				found = json_incref(json_object_get(v, "data"));
	}
	json_decref(hist);
	return found;
}

/* See catalog_admin.h. */
enum err catalog_admin_publish(struct db *db, const char *code, int64_t user_id, int64_t now,
			       struct import_result *r, int *version)
{
	memset(r, 0, sizeof(*r));
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	int64_t id;
	int live, dv;
	bool published;
	json_t *draft = NULL, *before = NULL;
	e = pv_store_proc(db, code, &id, &live, &published);
	if (e == E_OK && !(draft = draft_of(db, id, &dv)))
		e = E_NOTFOUND;
	if (e == E_OK) {
		before = version_data(db, id, live);
		int64_t same;
		e = import_catalog_write(db, draft, r, &same);
	}
	if (e == E_OK)
		e = pv_store_publish_draft(db, id, user_id, now, version);
	if (e == E_OK)
		e = pv_store_set_live(db, id, *version);
	if (e == E_OK)
		e = pv_store_set_published(db, id, true);
	if (e == E_OK)
		e = record(db, user_id, now, "procedure.publish", code, *version, before, draft);
	json_decref(draft);
	json_decref(before);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* See catalog_admin.h. */
enum err catalog_admin_set_published(struct db *db, const char *code, bool published,
				     int64_t user_id, int64_t now)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	int64_t id;
	int live;
	bool was;
	e = pv_store_proc(db, code, &id, &live, &was);
	json_t *live_data = e == E_OK ? version_data(db, id, live) : NULL;
	if (e == E_OK && !live_data)
		e = E_REFUSED;	/* never published: publish the draft instead */
	if (e == E_OK && was != published) {
		e = pv_store_set_published(db, id, published);
		json_t *b = json_pack("{s:b}", "published", was);
		json_t *a = json_pack("{s:b}", "published", published);
		if (e == E_OK)
			e = record(db, user_id, now,
				   published ? "procedure.republish" : "procedure.unpublish", code,
				   live, b, a);
		json_decref(b);
		json_decref(a);
	}
	json_decref(live_data);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* See catalog_admin.h. */
enum err catalog_admin_discard(struct db *db, const char *code, int64_t user_id, int64_t now)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	int64_t id;
	int live, dv = 0;
	bool published;
	json_t *draft = NULL;
	e = pv_store_proc(db, code, &id, &live, &published);
	if (e == E_OK && !(draft = draft_of(db, id, &dv)))
		e = E_NOTFOUND;
	if (e == E_OK)
		e = pv_store_draft_drop(db, id);
	if (e == E_OK)
		e = record(db, user_id, now, "procedure.discard", code, dv, draft, NULL);
	json_decref(draft);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}
