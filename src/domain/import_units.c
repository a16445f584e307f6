/* import_units.c - `motcua import units`: the JSON array of units (formats.md). Parents must
 * exist in the database or earlier in the file; re-importing a code updates that unit (and
 * moves its subtree when its parent changed). */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "motcua/buf.h"
#include "motcua/calendar.h"
#include "motcua/names.h"
#include "motcua/unit_store.h"

#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 300
#define UNIT_ADDRESS_MAX 500

static const char *const unit_keys[] = { "code", "name", "level", "parent", "hours", "address",
					 "sample", NULL };

/* Unit codes are letters, digits, '.' and '_' (they are the prefix of dossier codes, whose
 * parts are separated by '-'). */
static bool code_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_'))
			return false;
	return true;
}

/* Validate "hours" of obj; *out receives its normalised JSON text (caller frees) or NULL when
 * absent (inherit). */
static bool read_hours(struct jctx *c, json_t *obj, char **out)
{
	*out = NULL;
	json_t *v = json_object_get(obj, "hours");
	if (!v || json_is_null(v))
		return true;
	char *text = j_dump(v);
	struct office_hours h;
	char why[160];
	enum err e = office_hours_parse(text, &h, why, sizeof(why));
	free(text);
	if (e != E_OK)
		return jfail(c, "hours", "%s", why);
	struct buf b = BUF_INIT;
	office_hours_format(&h, &b);
	*out = buf_steal(&b);
	return true;
}

/* Insert or update one validated unit. Returns E_OK, E_INVALID (recorded in c) or E_DB. */
static enum err save_unit(struct db *db, struct jctx *c, const char *code, const char *name,
			  const char *level, const char *parent, const char *hours,
			  const char *address)
{
	struct unit_rec p = { 0 }, old = { 0 };
	enum err e = E_OK;
	if (parent) {
		e = unit_store_by_code(db, parent, &p);
		if (e == E_NOTFOUND) {
			e = import_fail(c->r, c->line, c->element, "parent",
					"'%s' is neither in the database nor earlier in this file",
					parent);
			goto out;
		}
		if (e != E_OK)
			goto out;
	}
	e = unit_store_by_code(db, code, &old);
	if (e == E_NOTFOUND) {
		int64_t id;
		e = unit_store_insert(db, code, name, level, p.id, hours, address, &id);
		if (e == E_OK)
			c->r->inserted++;
		goto out;
	}
	if (e != E_OK)
		goto out;
	if (p.id != old.parent_id) {
		if (p.id && !strncmp(p.path, old.path, strlen(old.path))) {
			e = import_fail(c->r, c->line, c->element, "parent",
					"'%s' is inside the subtree of '%s'", parent, code);
			goto out;
		}
		e = unit_store_move(db, old.id, old.path, p.id, p.path);
		if (e != E_OK)
			goto out;
	}
	e = unit_store_update(db, old.id, name, level, hours, address);
	if (e == E_OK)
		c->r->updated++;
out:
	unit_rec_free(&p);
	unit_rec_free(&old);
	return e;
}

/* Validate element obj and save it. */
static enum err import_one(struct db *db, struct jctx *c, json_t *obj, json_t *seen)
{
	const char *code, *name, *level, *parent, *address;
	if (!j_object(c, obj, "", unit_keys) ||
	    !j_string(c, obj, "code", "code", true, UNIT_CODE_MAX, &code) ||
	    !j_string(c, obj, "name", "name", true, UNIT_NAME_MAX, &name) ||
	    !j_enum(c, obj, "level", "level", true, unit_level_names, &level) ||
	    !j_string(c, obj, "parent", "parent", false, UNIT_CODE_MAX, &parent) ||
	    !j_string(c, obj, "address", "address", false, UNIT_ADDRESS_MAX, &address))
		return E_INVALID;
	bool sample = false;
	if (!j_bool(c, obj, "sample", "sample", &sample))
		return E_INVALID;
	if (!code_ok(code))
		return jfail(c, "code", "only letters, digits, '.' and '_' are allowed"), E_INVALID;
	json_t *first = json_object_get(seen, code);
	if (first)
		return jfail(c, "code", "'%s' repeats element %lld", code,
			     (long long)json_integer_value(first)), E_INVALID;
	json_object_set_new(seen, code, json_integer(c->element));
	if (parent && !strcmp(parent, code))
		return jfail(c, "parent", "a unit cannot be its own parent"), E_INVALID;
	char *hours;
	if (!read_hours(c, obj, &hours))
		return E_INVALID;
	enum err e = save_unit(db, c, code, name, level, parent, hours, address);
	free(hours);
	if (e == E_OK)
		e = unit_store_set_sample(db, code, sample);
	return e;
}

/* See import.h. */
enum err import_units(struct db *db, const char *text, size_t len, struct import_result *r)
{
	return import_json_elements(db, text, len, r, import_one);
}
