/* unit.c - units: lookup, inherited office hours, subtree membership. */
#include "motcua/unit.h"

#include <string.h>

#include "motcua/log.h"

#define UNIT_DEPTH_MAX 32	/* guards the walk up against a corrupt parent cycle */

/* See unit.h. */
enum err unit_get_by_code(struct db *db, const char *code, struct unit_rec *out)
{
	return unit_store_by_code(db, code, out);
}

/* See unit.h. */
enum err unit_get_by_id(struct db *db, int64_t id, struct unit_rec *out)
{
	return unit_store_by_id(db, id, out);
}

/* See unit.h. */
enum err unit_office_hours(struct db *db, int64_t id, struct office_hours *out)
{
	*out = OFFICE_HOURS_DEFAULT;
	if (id <= 0)
		return E_NOTFOUND;
	for (int depth = 0; id && depth < UNIT_DEPTH_MAX; depth++) {
		struct unit_rec u;
		enum err e = unit_store_by_id(db, id, &u);
		if (e != E_OK)
			return depth > 0 && e == E_NOTFOUND ? E_OK : e;
		if (u.hours) {
			char why[128];
			if (office_hours_parse(u.hours, out, why, sizeof(why)) == E_OK) {
				unit_rec_free(&u);
				return E_OK;
			}
			log_warn("unit %s: stored office hours ignored: %s", u.code, why);
		}
		id = u.parent_id;
		unit_rec_free(&u);
	}
	return E_OK;
}

/* See unit.h. */
bool unit_path_within(const char *path, const char *root_path)
{
	return !strncmp(path, root_path, strlen(root_path));
}
