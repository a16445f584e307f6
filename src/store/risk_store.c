/* risk_store.c - units of a subtree for the chart pickers (risk_store.h). */
#include "motcua/risk_store.h"

#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

static const char SQL_UNITS[] =
	"SELECT id, coalesce(parent_id, 0), code, name, level FROM units "
	"WHERE path LIKE ?1 || '%' ORDER BY path";

/* db_collect drop: the strings of one row. */
static void drop_row(void *p)
{
	struct risk_unit_row *r = p;
	free(r->code);
	free(r->name);
	free(r->level);
}

/* db_collect reader. */
static void read_row(sqlite3_stmt *st, void *p)
{
	struct risk_unit_row *r = p;
	r->id = sqlite3_column_int64(st, 0);
	r->parent_id = sqlite3_column_int64(st, 1);
	r->code = xstrdup(db_col_text(st, 2));
	r->name = xstrdup(db_col_text(st, 3));
	r->level = xstrdup(db_col_text(st, 4));
}

/* See risk_store.h. */
void risk_units_free(struct risk_unit_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		drop_row(&rows[i]);
	free(rows);
}

/* See risk_store.h. */
enum err risk_store_units(struct db *db, const char *root_path, struct risk_unit_row **rows,
			  int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UNITS);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	void *list = NULL;
	enum err e = db_collect(db, st, sizeof(struct risk_unit_row), read_row, drop_row, &list, n,
				"subtree units");
	*rows = list;
	return e;
}
