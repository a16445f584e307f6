/* index_scope.c - the leader area's scope: a unit of the account's subtree. */
#include "motcua/index766.h"

#include "motcua/unit.h"

/* See index766.h. */
enum err index_scope_unit(struct db *db, int64_t actor_unit_id, const char *code,
			  struct unit_rec *out)
{
	struct unit_rec mine = { 0 };
	enum err e = unit_get_by_id(db, actor_unit_id, &mine);
	if (e != E_OK)
		return e;
	if (!code || !*code) {
		*out = mine;
		return E_OK;
	}
	e = unit_get_by_code(db, code, out);
	if (e == E_OK && !unit_path_within(out->path, mine.path)) {
		unit_rec_free(out);
		e = E_NOTFOUND;
	}
	unit_rec_free(&mine);
	return e;
}
