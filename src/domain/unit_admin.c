/* unit_admin.c - the units tree from the administration page (docs/admin-units.md). */
#include "motcua/unit_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/names.h"
#include "motcua/unit.h"
#include "motcua/unit_store.h"

/* Set *p and return E_INVALID. */
static enum err problem(struct unit_problem *p, const char *field, const char *key)
{
	p->field = field;
	p->key = key;
	return E_INVALID;
}

/* Whether s is given. */
static bool given(const char *s)
{
	return s && *s;
}

/* See unit_admin.h. */
bool unit_hours_text_parse(const char *text, struct office_hours *h)
{
	memset(h, 0, sizeof(*h));
	const char *s = text;
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == ';')
			s++;
		if (!*s)
			break;
		char a[6], b[6];
		int n = 0;
		if (h->n == OFFICE_PERIODS_MAX || sscanf(s, "%5[0-9:]-%5[0-9:]%n", a, b, &n) != 2 ||
		    !parse_hhmm(a, &h->start[h->n]) || !parse_hhmm(b, &h->end[h->n]))
			return false;
		h->n++;
		s += n;
	}
	return h->n > 0 && office_hours_check(h, NULL, 0) == E_OK;
}

/* See unit_admin.h. */
void unit_hours_text(const struct office_hours *h, char *out, unsigned long n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < h->n && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%02d:%02d-%02d:%02d", i ? ", " : "",
				 h->start[i] / 60, h->start[i] % 60, h->end[i] / 60, h->end[i] % 60);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Load the actor's unit (the root of its scope). */
static enum err actor_root(struct db *db, const struct unit_actor *a, struct unit_rec *root)
{
	return a->unit_id > 0 ? unit_get_by_id(db, a->unit_id, root) : E_NOTFOUND;
}

/* Load unit code when it is in the actor's subtree (else E_NOTFOUND). */
static enum err scoped(struct db *db, const struct unit_rec *root, const char *code,
		       struct unit_rec *u)
{
	if (!given(code) || strlen(code) > UNIT_CODE_MAX)
		return E_NOTFOUND;
	enum err e = unit_get_by_code(db, code, u);
	if (e != E_OK)
		return e;
	if (!unit_path_within(u->path, root->path)) {
		unit_rec_free(u);
		return E_NOTFOUND;
	}
	return E_OK;
}

/* JSON of a unit for the administrative record. */
static json_t *unit_json(const struct unit_rec *u, const char *parent)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "code", u->code, "name", u->name,
			 "level", u->level, "address", u->address ? u->address : "", "parent",
			 parent ? parent : "", "hours", u->hours);
}

/* Record one change (inside the transaction). */
static enum err record(struct db *db, const struct unit_actor *a, const char *action,
		       const char *code, json_t *before, json_t *after, int64_t now)
{
	char target[UNIT_CODE_MAX + 8];
	snprintf(target, sizeof(target), "unit:%s", code);
	struct admin_change c = { a->id, action, target, before, after, now };
	enum err e = admin_audit_record(db, &c);
	json_decref(before);
	json_decref(after);
	return e;
}

/* Check name, address and hours of f; hours JSON (or NULL: inherit) into hours_json. */
static enum err check_common(const struct unit_form *f, struct buf *hours_json,
			     bool *inherit, struct unit_problem *p)
{
	if (!given(f->name) || strlen(f->name) > UNIT_NAME_MAX)
		return problem(p, "name", "admin_units.err.name");
	if (f->address && strlen(f->address) > UNIT_ADDRESS_MAX)
		return problem(p, "address", "admin_units.err.address");
	*inherit = !given(f->hours);
	if (!*inherit) {
		struct office_hours h;
		if (strlen(f->hours) > UNIT_HOURS_TEXT_MAX || !unit_hours_text_parse(f->hours, &h))
			return problem(p, "hours", "admin_units.err.hours");
		office_hours_format(&h, hours_json);
	}
	return E_OK;
}

/* Whether code is letters, digits, '.' and '_' (it prefixes dossier codes). */
static bool code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > UNIT_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* Whether level names a unit level. */
static bool level_ok(const char *level)
{
	for (int i = 0; level && unit_level_names[i]; i++)
		if (!strcmp(level, unit_level_names[i]))
			return true;
	return false;
}

/* Context of the tree walk. */
struct tree {
	json_t *arr;
	size_t root_depth;
	json_t *codes;	/* id -> code, for the parent's code */
};

/* Slashes in a path: its depth + 1. */
static size_t depth_of(const char *path)
{
	size_t n = 0;
	for (; *path; path++)
		n += *path == '/';
	return n;
}

/* unit_store_each_within callback. */
static bool tree_row(const struct unit_list_row *r, void *ctx)
{
	struct tree *t = ctx;
	char key[24], hours[UNIT_HOURS_TEXT_MAX + 1] = "";
	if (r->hours) {
		struct office_hours h;
		if (office_hours_parse(r->hours, &h, NULL, 0) == E_OK)
			unit_hours_text(&h, hours, sizeof(hours));
	}
	snprintf(key, sizeof(key), "%lld", (long long)r->parent_id);
	const char *parent = json_string_value(json_object_get(t->codes, key));
	size_t d = depth_of(r->path);
	if (!t->root_depth)
		t->root_depth = d;
	json_array_append_new(
		t->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "id",
				  (json_int_t)r->id, "code", r->code, "name", r->name, "level",
				  r->level, "address", r->address, "hours", hours, "parent",
				  parent ? parent : "", "depth", (json_int_t)(d - t->root_depth),
				  "closed_at", (json_int_t)r->closed_at, "replaced_by",
				  r->replaced_by));
	snprintf(key, sizeof(key), "%lld", (long long)r->id);
	json_object_set_new(t->codes, key, json_string(r->code));
	return true;
}

/* See unit_admin.h. */
enum err unit_admin_tree(struct db *db, const struct unit_actor *a, json_t **out)
{
	struct unit_rec root;
	enum err e = actor_root(db, a, &root);
	if (e != E_OK)
		return e;
	struct tree t = { json_array(), 0, json_object() };
	e = unit_store_each_within(db, root.path, tree_row, &t);
	unit_rec_free(&root);
	json_decref(t.codes);
	if (e != E_OK) {
		json_decref(t.arr);
		return e;
	}
	*out = t.arr;
	return E_OK;
}

/* See unit_admin.h. */
enum err unit_admin_add(struct db *db, const struct unit_actor *a, const struct unit_form *f,
			int64_t now, struct unit_problem *p)
{
	if (!given(f->code) || !code_ok(f->code))
		return problem(p, "code", "admin_units.err.code");
	if (!level_ok(f->level))
		return problem(p, "level", "admin_units.err.level");
	struct buf hours = BUF_INIT;
	bool inherit;
	enum err e = check_common(f, &hours, &inherit, p);
	if (e != E_OK) {
		buf_free(&hours);
		return e;
	}
	if ((e = db_begin(db)) != E_OK) {
		buf_free(&hours);
		return e;
	}
	struct unit_rec root, parent, u;
	memset(&parent, 0, sizeof(parent));
	memset(&u, 0, sizeof(u));
	int64_t id = 0;
	if ((e = actor_root(db, a, &root)) != E_OK)
		goto out;
	e = scoped(db, &root, f->parent, &parent);
	unit_rec_free(&root);
	if (e == E_NOTFOUND || (e == E_OK && parent.closed_at)) {
		e = problem(p, "parent", "admin_units.err.parent");
		goto out;
	}
	if (e != E_OK)
		goto out;
	e = unit_store_insert(db, f->code, f->name, f->level, parent.id,
			      inherit ? NULL : buf_str(&hours), f->address ? f->address : "", &id);
	if (e == E_CONFLICT) {
		e = problem(p, "code", "admin_units.err.code_taken");
		goto out;
	}
	if (e != E_OK || (e = unit_get_by_id(db, id, &u)) != E_OK)
		goto out;
	e = record(db, a, "unit.add", f->code, NULL, unit_json(&u, parent.code), now);
out:
	unit_rec_free(&parent);
	unit_rec_free(&u);
	buf_free(&hours);
	if (e == E_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* Code of unit id ("" when none), copied into out. */
static void code_of(struct db *db, int64_t id, char *out, size_t n)
{
	struct unit_rec r;
	out[0] = '\0';
	if (id > 0 && unit_get_by_id(db, id, &r) == E_OK) {
		snprintf(out, n, "%s", r.code);
		unit_rec_free(&r);
	}
}

/* See unit_admin.h. */
enum err unit_admin_edit(struct db *db, const struct unit_actor *a, const char *code,
			 const struct unit_form *f, int64_t now, struct unit_problem *p)
{
	struct buf hours = BUF_INIT;
	bool inherit;
	enum err e = check_common(f, &hours, &inherit, p);
	if (e != E_OK || (e = db_begin(db)) != E_OK) {
		buf_free(&hours);
		return e;
	}
	struct unit_rec root, u, after;
	memset(&u, 0, sizeof(u));
	memset(&after, 0, sizeof(after));
	char parent[UNIT_CODE_MAX * 2 + 1];
	if ((e = actor_root(db, a, &root)) != E_OK)
		goto out;
	e = scoped(db, &root, code, &u);
	unit_rec_free(&root);
	if (e != E_OK)
		goto out;
	code_of(db, u.parent_id, parent, sizeof(parent));
	if ((e = unit_store_update(db, u.id, f->name, u.level, inherit ? NULL : buf_str(&hours),
				   f->address ? f->address : "")) != E_OK ||
	    (e = unit_get_by_id(db, u.id, &after)) != E_OK)
		goto out;
	e = record(db, a, "unit.edit", u.code, unit_json(&u, parent), unit_json(&after, parent),
		   now);
out:
	unit_rec_free(&u);
	unit_rec_free(&after);
	buf_free(&hours);
	if (e == E_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* See unit_admin.h. */
enum err unit_admin_move(struct db *db, const struct unit_actor *a, const char *code,
			 const char *parent_code, int64_t now, struct unit_problem *p)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	struct unit_rec root, u, parent;
	memset(&u, 0, sizeof(u));
	memset(&parent, 0, sizeof(parent));
	memset(&root, 0, sizeof(root));
	char was[UNIT_CODE_MAX * 2 + 1];
	if ((e = actor_root(db, a, &root)) != E_OK || (e = scoped(db, &root, code, &u)) != E_OK)
		goto out;
	if (u.id == root.id) {
		e = problem(p, "parent", "admin_units.err.move_own");
		goto out;
	}
	e = scoped(db, &root, parent_code, &parent);
	if (e == E_NOTFOUND || (e == E_OK && (parent.closed_at || parent.id == u.id ||
					      unit_path_within(parent.path, u.path)))) {
		e = problem(p, "parent", "admin_units.err.parent");
		goto out;
	}
	if (e != E_OK)
		goto out;
	code_of(db, u.parent_id, was, sizeof(was));
	if (parent.id == u.parent_id)
		goto out;	/* nothing to do */
	if ((e = unit_store_move(db, u.id, u.path, parent.id, parent.path)) != E_OK)
		goto out;
	e = record(db, a, "unit.move", u.code, json_pack("{s:s}", "parent", was),
		   json_pack("{s:s}", "parent", parent.code), now);
out:
	unit_rec_free(&root);
	unit_rec_free(&u);
	unit_rec_free(&parent);
	if (e == E_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* The checks of a closure: u (the unit, in scope, open, not the actor's own) and r (the
 * replacement: in scope, open, not a department, not u). Both loaded on E_OK. */
static enum err close_checks(struct db *db, const struct unit_actor *a, const char *code,
			     const char *replacement, struct unit_rec *u, struct unit_rec *r,
			     struct unit_problem *p)
{
	struct unit_rec root;
	memset(u, 0, sizeof(*u));
	memset(r, 0, sizeof(*r));
	enum err e = actor_root(db, a, &root);
	if (e != E_OK)
		return e;
	if ((e = scoped(db, &root, code, u)) != E_OK)
		goto out;
	if (u->id == root.id) {
		e = problem(p, "replacement", "admin_units.err.close_own");
		goto out;
	}
	if (u->closed_at) {
		e = problem(p, "replacement", "admin_units.err.closed");
		goto out;
	}
	e = scoped(db, &root, replacement, r);
	if (e == E_NOTFOUND || (e == E_OK && (r->closed_at || r->id == u->id ||
					      !strcmp(r->level, "department"))))
		e = problem(p, "replacement", "admin_units.err.replacement");
out:
	unit_rec_free(&root);
	return e;
}

/* See unit_admin.h. */
enum err unit_admin_close_preview(struct db *db, const struct unit_actor *a, const char *code,
				  const char *replacement, int64_t *count, struct unit_problem *p)
{
	*count = 0;
	enum err e = db_begin_read(db);
	if (e != E_OK)
		return e;
	struct unit_rec u, r;
	int64_t *ids = NULL;
	int n = 0;
	if ((e = close_checks(db, a, code, replacement, &u, &r, p)) == E_OK &&
	    (e = unit_store_open_dossiers(db, u.id, &ids, &n)) == E_OK)
		*count = n;
	free(ids);
	unit_rec_free(&u);
	unit_rec_free(&r);
	db_rollback(db);
	return e;
}

/* See unit_admin.h. */
enum err unit_admin_close(struct engine *e, struct db *db, const struct clock *clk,
			  const struct unit_actor *a, const char *code, const char *replacement,
			  int64_t expect, int64_t *moved, struct unit_problem *p)
{
	*moved = 0;
	int64_t now = clock_now(clk);
	enum err err = engine_batch_begin(e, db);
	if (err != E_OK)
		return err;
	struct unit_rec u, r;
	int64_t *ids = NULL, drafts = 0;
	int n = 0;
	if ((err = close_checks(db, a, code, replacement, &u, &r, p)) != E_OK ||
	    (err = unit_store_open_dossiers(db, u.id, &ids, &n)) != E_OK)
		goto fail;
	if (n != expect) {
		*moved = n;
		err = E_REFUSED;
		goto fail;
	}
	if ((err = unit_store_close(db, u.id, now, r.id)) != E_OK)
		goto fail;
	for (int i = 0; i < n; i++) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.dossier_id = ids[i];
		in.kind = EV_MOVE_UNIT;
		in.role = ROLE_ADMIN;
		in.actor_id = a->id;
		in.actor_unit_id = a->unit_id;
		in.to_unit_id = r.id;
		if ((err = dossier_apply(e, db, clk, &in, NULL, NULL, 0)) != E_OK)
			goto fail;
	}
	if ((err = unit_store_move_drafts(db, u.id, r.id, &drafts)) != E_OK)
		goto fail;
	err = record(db, a, "unit.close", u.code, json_pack("{s:b}", "closed", 0),
		     json_pack("{s:b, s:I, s:s, s:I, s:I}", "closed", 1, "closed_at",
			       (json_int_t)now, "replaced_by", r.code, "moved", (json_int_t)n,
			       "drafts", (json_int_t)drafts),
		     now);
	if (err != E_OK)
		goto fail;
	free(ids);
	unit_rec_free(&u);
	unit_rec_free(&r);
	if ((err = engine_batch_commit(e, db)) != E_OK)
		return err;
	*moved = n;
	return engine_reload(e, db);
fail:
	free(ids);
	unit_rec_free(&u);
	unit_rec_free(&r);
	engine_batch_rollback(e, db);
	return err;
}
