/* admin_log.c - the administrative record for /quan-tri/nhat-ky: scope, filters, the
 * before/after comparison and the chains' state (docs/accountability.md). */
#include "motcua/admin_log.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/admin_audit_store.h"
#include "motcua/clock.h"
#include "motcua/unit_store.h"
#include "motcua/xalloc.h"

/* A stored JSON text as a value (null for NULL or unreadable text). */
static json_t *parse(const char *s)
{
	if (!s)
		return json_null();
	json_error_t je;
	json_t *v = json_loads(s, JSON_DECODE_ANY, &je);
	return v ? v : json_string(s);
}

/* A value as display text: strings as they are, others as compact JSON ("" for absent). */
static json_t *shown(const json_t *v)
{
	if (!v || json_is_null(v))
		return json_string("");
	if (json_is_string(v))
		return json_string(json_string_value(v));
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	json_t *o = json_string(s ? s : "");
	free(s);
	return o;
}

/* Member by member comparison of two objects (or the two values as one row "" when either
 * is not an object), keys sorted. */
static json_t *changes(const json_t *before, const json_t *after)
{
	json_t *list = json_array();
	if (!json_is_object(before) && !json_is_object(after)) {
		if (!json_is_null(before) || !json_is_null(after))
			json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:b}", "key", "",
							      "before", shown(before), "after",
							      shown(after), "changed",
							      !json_equal((json_t *)before,
									  (json_t *)after)));
		return list;
	}
	json_t *keys = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)before, k, v)
		json_object_set_new(keys, k, json_true());
	json_object_foreach((json_t *)after, k, v)
		json_object_set_new(keys, k, json_true());
	/* jansson iterates in insertion order: sort the names */
	size_t n = json_object_size(keys), i = 0;
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	json_object_foreach(keys, k, v)
		names[i++] = k;
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
			const char *t = names[b];
			names[b] = names[b - 1];
			names[b - 1] = t;
		}
	for (i = 0; i < n; i++) {
		json_t *x = json_is_object(before) ? json_object_get(before, names[i]) : NULL;
		json_t *y = json_is_object(after) ? json_object_get(after, names[i]) : NULL;
		bool same = x && y && json_equal(x, y);
		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:b}", "key", names[i],
						      "before", shown(x), "after", shown(y),
						      "changed", !same));
	}
	free(names);
	json_decref(keys);
	return list;
}

/* The chains' state. */
static enum err chain_state(struct db *db, json_t **out)
{
	int64_t rows = 0;
	struct admin_audit_break b;
	enum err e = admin_audit_verify(db, &rows, &b);
	if (e != E_OK)
		return e;
	*out = json_pack("{s:b, s:I, s:s, s:I, s:s}", "ok", b.id == 0, "rows", (json_int_t)rows,
			 "table", b.table ? b.table : "", "id", (json_int_t)b.id, "what",
			 b.what ? b.what : "");
	return E_OK;
}

/* See admin_log.h. */
enum err admin_log_page(struct db *db, int64_t admin_unit_id, const struct admin_log_query *q,
			json_t **out)
{
	*out = NULL;
	if (admin_unit_id <= 0)
		return E_FORBIDDEN;
	struct unit_rec u;
	enum err e = unit_store_by_id(db, admin_unit_id, &u);
	if (e != E_OK)
		return e == E_NOTFOUND ? E_FORBIDDEN : e;
	struct admin_audit_filter f = {
		.action = q->action ? q->action : "",
		.actor = q->actor ? q->actor : "",
		.from = q->from_day ? local_instant(q->from_day, 0) : 0,
		.to = q->to_day ? local_instant(q->to_day + 1, 0) : 0,
		.scope_path = u.parent_id ? u.path : NULL,
		.limit = ADMIN_LOG_PAGE + 1,
		.offset = (q->page > 0 ? q->page : 0) * ADMIN_LOG_PAGE,
	};
	struct admin_audit_entry *v = NULL;
	int n = 0;
	e = admin_audit_store_list(db, &f, &v, &n);
	unit_rec_free(&u);
	if (e != E_OK)
		return e;
	json_t *rows = json_array();
	for (int i = 0; i < n && i < ADMIN_LOG_PAGE; i++) {
		json_t *before = parse(v[i].before), *after = parse(v[i].after);
		json_t *r = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "id",
				      (json_int_t)v[i].id, "at", (json_int_t)v[i].at, "action",
				      v[i].action, "target", v[i].target, "actor_name",
				      v[i].actor_name, "actor_username", v[i].actor_username,
				      "changes", changes(before, after));
		json_object_set_new(r, "before", before);
		json_object_set_new(r, "after", after);
		json_array_append_new(rows, r);
	}
	bool more = n > ADMIN_LOG_PAGE;
	admin_audit_entries_free(v, n);
	char **names = NULL;
	int nn = 0;
	json_t *chain = NULL;
	if ((e = admin_audit_store_actions(db, &names, &nn)) == E_OK)
		e = chain_state(db, &chain);
	json_t *actions = json_array();
	for (int i = 0; i < nn; i++) {
		json_array_append_new(actions, json_string(names[i]));
		free(names[i]);
	}
	free(names);
	if (e != E_OK) {
		json_decref(rows);
		json_decref(actions);
		return e;
	}
	*out = json_pack("{s:o, s:b, s:o, s:o}", "rows", rows, "more", more, "actions", actions,
			 "chain", chain);
	return E_OK;
}
