/* index_scope.c - the leader area's scope: a unit of the account's subtree. */
#include "motcua/index766.h"

#include <stdlib.h>

#include "motcua/report_store.h"
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

/* qsort by path (a parent's path is a prefix of its children's, so it sorts first). Paths
 * are "/1/4/9/": compare the id lists numerically. */
static int by_path(const void *a, const void *b)
{
	const char *p = ((const struct report_unit *)a)->path;
	const char *q = ((const struct report_unit *)b)->path;
	while (*p && *q) {
		if (*p == '/' && *q == '/') {
			p++;
			q++;
			continue;
		}
		long x = strtol(p, (char **)&p, 10), y = strtol(q, (char **)&q, 10);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return *p ? 1 : *q ? -1 : 0;
}

/* See index766.h. */
enum err index_scope_units(struct db *db, int64_t actor_unit_id, json_t **out)
{
	struct unit_rec mine = { 0 };
	enum err e = unit_get_by_id(db, actor_unit_id, &mine);
	if (e != E_OK)
		return e;
	struct report_unit *u = NULL;
	int n = 0;
	if ((e = report_store_units(db, &u, &n)) != E_OK) {
		unit_rec_free(&mine);
		return e;
	}
	qsort(u, (size_t)n, sizeof(*u), by_path);
	int base = 0;
	for (const char *c = mine.path; *c; c++)
		base += *c == '/';
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		if (!unit_path_within(u[i].path, mine.path))
			continue;
		int depth = -base;
		for (const char *c = u[i].path; *c; c++)
			depth += *c == '/';
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:i}", "code", u[i].code,
						   "name", u[i].name, "level", u[i].level, "depth",
						   depth));
	}
	free(u);
	unit_rec_free(&mine);
	*out = a;
	return E_OK;
}
