/* config_file.c - the frame of the configuration files loaded by an administrator
 * (config_file.h). */
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/index766.h"

#include "config_file.h"

/* See config_file.h. */
char *config_file_text(struct db *db, json_t *(*current)(struct db *db))
{
	json_t *a = current(db);
	if (!a)
		return NULL;
	struct buf b = BUF_INIT;
	buf_puts(&b, "[\n");
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o) {
		char *line = j_dump(o);
		buf_printf(&b, "%s%s\n", line, i + 1 < json_array_size(a) ? "," : "");
		free(line);
	}
	buf_puts(&b, "]\n");
	json_decref(a);
	return buf_steal(&b);
}

/* Replace the stored configuration by f->loaded and record the change, in one transaction.
 * E_DB on failure (nothing changed). */
static enum err save(struct db *db, int64_t actor_id, const struct config_file *f)
{
	if (db_begin(db) != E_OK)
		return E_DB;
	json_t *before = f->current(db);
	enum err e = before ? f->replace(db, f->loaded) : E_DB;
	json_t *after = e == E_OK ? f->current(db) : NULL;
	if (e == E_OK) {
		struct admin_change ch = { actor_id, f->action, f->target, before, after, 0 };
		e = after ? admin_audit_record(db, &ch) : E_DB;
	}
	json_decref(after);
	json_decref(before);
	if (e == E_OK)
		e = db_commit(db);
	if (e != E_OK)
		db_rollback(db);
	return e;
}

/* See config_file.h. */
enum err config_file_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			  const struct config_file *f, struct import_result *r)
{
	memset(r, 0, sizeof(*r));
	if (len > INDEX_CONFIG_MAX_BYTES) {
		import_fail(r, 0, 0, NULL, "the file is larger than %d bytes",
			    INDEX_CONFIG_MAX_BYTES);
		return E_LIMIT;
	}
	json_t *root;
	long *lines;
	enum err e = import_json_array(text, len, r, &root, &lines);
	if (e != E_OK)
		return e;
	bool ok = json_array_size(root) <= INDEX_CONFIG_MAX_ROWS;
	if (!ok)
		import_fail(r, 0, 0, NULL, "more than %d elements", INDEX_CONFIG_MAX_ROWS);
	size_t i;
	json_t *o;
	json_array_foreach(root, i, o) {
		struct jctx c = { r, (long)i + 1, lines[i] };
		if (!ok || !(ok = f->one(&c, o, f->loaded)))
			break;
	}
	if (ok)
		ok = f->whole(r, f->loaded);
	e = ok ? E_OK : E_INVALID;
	if (ok) {
		e = save(db, actor_id, f);
		if (e != E_OK)
			import_fail(r, 0, 0, NULL, "the database could not be written; nothing "
				    "changed");
		else
			r->inserted = f->count(f->loaded);
	}
	json_decref(root);
	free(lines);
	return e;
}
