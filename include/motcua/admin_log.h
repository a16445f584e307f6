/* admin_log.h - the administrative record as the page /quan-tri/nhat-ky shows it (issue 10
 * §8, docs/accountability.md): filtered, scoped to the administrator's unit subtree, with the
 * state of the hash chains. */
#ifndef MOTCUA_ADMIN_LOG_H
#define MOTCUA_ADMIN_LOG_H

#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define ADMIN_LOG_PAGE 50	/* rows a page */

/* What the page asks for: action ("" = any; "user" also matches "user.create"), actor
 * username ("" = any), local days [from_day, to_day] (0 = open), page (0-based). */
struct admin_log_query {
	const char *action;
	const char *actor;
	int64_t from_day, to_day;
	int page;
};

/* One page for the administrator of unit admin_unit_id: the changes made by accounts of that
 * unit's subtree, or every change (the command line's too) for an administrator of a root
 * unit. *out = {"rows": [{"id","at","action","target","actor_name","actor_username",
 * "before","after" (JSON values or null),"changes": [{"key","before","after","changed"}]}],
 * "more": bool, "actions": [names used so far], "chain": {"ok": bool, "rows": n, "table",
 * "id", "what" (the first break when not ok)}}. E_FORBIDDEN for an account without a unit,
 * E_DB. */
enum err admin_log_page(struct db *db, int64_t admin_unit_id, const struct admin_log_query *q,
			json_t **out);

#endif
