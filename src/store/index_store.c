/* index_store.c - SQL of the 766 configuration, entered indicators, PAR criteria and scores
 * (index_store.h). */
#include "motcua/index_store.h"
#include "db_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy column text. */
static void txt(sqlite3_stmt *st, int c, char *out, size_t n)
{
	snprintf(out, n, "%s", db_col_text(st, c));
}

static const char sql_groups[] =
	"SELECT id, name, name_en, max_points, sort FROM index_groups ORDER BY sort, id";

/* Row reader of sql_groups. */
static void read_group(sqlite3_stmt *st, void *row)
{
	struct index_group *g = row;
	txt(st, 0, g->id, sizeof(g->id));
	txt(st, 1, g->name, sizeof(g->name));
	txt(st, 2, g->name_en, sizeof(g->name_en));
	g->max_points = sqlite3_column_double(st, 3);
	g->sort = sqlite3_column_int(st, 4);
}

/* See index_store.h. */
enum err index_store_groups(struct db *db, struct index_group **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_groups);
	if (!st)
		return E_DB;
	return db_collect(db, st, sizeof(**out), read_group, NULL, (void **)out, n,
			  "index groups");
}

static const char sql_groups_clear[] = "DELETE FROM index_groups";
static const char sql_conf_clear[] = "DELETE FROM index_config";
static const char sql_group_add[] =
	"INSERT INTO index_groups (id, name, name_en, max_points, sort) VALUES (?, ?, ?, ?, ?)";
static const char sql_conf_add[] =
	"INSERT INTO index_config (id, name, name_en, grp, max_points, threshold, available, "
	"kind, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* Run a statement without parameters. */
static enum err run(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_step_done(db, st) : E_DB;
}

/* See index_store.h. */
enum err index_store_config_replace(struct db *db, const struct index_group *g, int ng,
				    const struct index_conf *c, int nc)
{
	enum err e;
	if ((e = run(db, sql_groups_clear)) != E_OK || (e = run(db, sql_conf_clear)) != E_OK)
		return e;
	for (int i = 0; i < ng; i++) {
		sqlite3_stmt *st = db_stmt(db, sql_group_add);
		if (!st)
			return E_DB;
		db_bind_text(st, 1, g[i].id);
		db_bind_text(st, 2, g[i].name);
		db_bind_text(st, 3, g[i].name_en);
		sqlite3_bind_double(st, 4, g[i].max_points);
		db_bind_int(st, 5, g[i].sort);
		if ((e = db_step_done(db, st)) != E_OK)
			return e;
	}
	for (int i = 0; i < nc; i++) {
		sqlite3_stmt *st = db_stmt(db, sql_conf_add);
		if (!st)
			return E_DB;
		db_bind_text(st, 1, c[i].id);
		db_bind_text(st, 2, c[i].name);
		db_bind_text(st, 3, c[i].name_en);
		db_bind_text(st, 4, c[i].group);
		sqlite3_bind_double(st, 5, c[i].max_points);
		sqlite3_bind_double(st, 6, c[i].threshold);
		db_bind_int(st, 7, c[i].available);
		db_bind_text(st, 8, c[i].kind);
		db_bind_int(st, 9, c[i].sort);
		if ((e = db_step_done(db, st)) != E_OK)
			return e;
	}
	return E_OK;
}

static const char sql_entries[] =
	"SELECT e.indicator, e.value, e.note, COALESCE(u.name, ''), e.at FROM index766_entries e "
	"LEFT JOIN users u ON u.id = e.by_user WHERE e.unit_id = ? AND e.period = ? "
	"ORDER BY e.indicator";

/* Row reader of sql_entries. */
static void read_entry(sqlite3_stmt *st, void *row)
{
	struct index_entry *e = row;
	txt(st, 0, e->indicator, sizeof(e->indicator));
	e->value = sqlite3_column_double(st, 1);
	txt(st, 2, e->note, sizeof(e->note));
	txt(st, 3, e->by, sizeof(e->by));
	e->at = sqlite3_column_int64(st, 4);
}

/* See index_store.h. */
enum err index_store_entries(struct db *db, int64_t unit_id, const char *period,
			     struct index_entry **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_entries);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, period);
	return db_collect(db, st, sizeof(**out), read_entry, NULL, (void **)out, n,
			  "index entries");
}

static const char sql_entry_put[] =
	"INSERT OR REPLACE INTO index766_entries (unit_id, period, indicator, value, note, "
	"by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?)";

/* See index_store.h. */
enum err index_store_entry_put(struct db *db, int64_t unit_id, const char *period,
			       const char *indicator, double value, const char *note,
			       int64_t by_user, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, sql_entry_put);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, period);
	db_bind_text(st, 3, indicator);
	sqlite3_bind_double(st, 4, value);
	db_bind_text(st, 5, note ? note : "");
	if (by_user > 0)
		db_bind_int(st, 6, by_user);
	db_bind_int(st, 7, at);
	return db_step_done(db, st);
}

static const char sql_areas[] =
	"SELECT id, name, name_en, max_points, sort FROM par_areas ORDER BY sort, id";

/* Row reader of sql_areas. */
static void read_area(sqlite3_stmt *st, void *row)
{
	struct par_area *a = row;
	txt(st, 0, a->id, sizeof(a->id));
	txt(st, 1, a->name, sizeof(a->name));
	txt(st, 2, a->name_en, sizeof(a->name_en));
	a->max_points = sqlite3_column_double(st, 3);
	a->sort = sqlite3_column_int(st, 4);
}

/* See index_store.h. */
enum err par_store_areas(struct db *db, struct par_area **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_areas);
	if (!st)
		return E_DB;
	return db_collect(db, st, sizeof(**out), read_area, NULL, (void **)out, n, "par areas");
}

static const char sql_criteria[] =
	"SELECT id, area, name, name_en, max_points, threshold, source, sort FROM par_criteria "
	"ORDER BY sort, id";

/* Row reader of sql_criteria. */
static void read_criterion(sqlite3_stmt *st, void *row)
{
	struct par_criterion *c = row;
	txt(st, 0, c->id, sizeof(c->id));
	txt(st, 1, c->area, sizeof(c->area));
	txt(st, 2, c->name, sizeof(c->name));
	txt(st, 3, c->name_en, sizeof(c->name_en));
	c->max_points = sqlite3_column_double(st, 4);
	c->threshold = sqlite3_column_double(st, 5);
	txt(st, 6, c->source, sizeof(c->source));
	c->sort = sqlite3_column_int(st, 7);
}

/* See index_store.h. */
enum err par_store_criteria(struct db *db, struct par_criterion **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_criteria);
	if (!st)
		return E_DB;
	return db_collect(db, st, sizeof(**out), read_criterion, NULL, (void **)out, n,
			  "par criteria");
}

static const char sql_areas_clear[] = "DELETE FROM par_areas";
static const char sql_criteria_clear[] = "DELETE FROM par_criteria";
static const char sql_area_add[] =
	"INSERT INTO par_areas (id, name, name_en, max_points, sort) VALUES (?, ?, ?, ?, ?)";
static const char sql_criterion_add[] =
	"INSERT INTO par_criteria (id, area, name, name_en, max_points, threshold, source, sort) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/* See index_store.h. */
enum err par_store_replace(struct db *db, const struct par_area *a, int na,
			   const struct par_criterion *c, int nc)
{
	enum err e;
	if ((e = run(db, sql_criteria_clear)) != E_OK || (e = run(db, sql_areas_clear)) != E_OK)
		return e;
	for (int i = 0; i < na; i++) {
		sqlite3_stmt *st = db_stmt(db, sql_area_add);
		if (!st)
			return E_DB;
		db_bind_text(st, 1, a[i].id);
		db_bind_text(st, 2, a[i].name);
		db_bind_text(st, 3, a[i].name_en);
		sqlite3_bind_double(st, 4, a[i].max_points);
		db_bind_int(st, 5, a[i].sort);
		if ((e = db_step_done(db, st)) != E_OK)
			return e;
	}
	for (int i = 0; i < nc; i++) {
		sqlite3_stmt *st = db_stmt(db, sql_criterion_add);
		if (!st)
			return E_DB;
		db_bind_text(st, 1, c[i].id);
		db_bind_text(st, 2, c[i].area);
		db_bind_text(st, 3, c[i].name);
		db_bind_text(st, 4, c[i].name_en);
		sqlite3_bind_double(st, 5, c[i].max_points);
		sqlite3_bind_double(st, 6, c[i].threshold);
		db_bind_text(st, 7, c[i].source);
		db_bind_int(st, 8, c[i].sort);
		if ((e = db_step_done(db, st)) != E_OK)
			return e;
	}
	return E_OK;
}

static const char sql_scores[] =
	"SELECT s.criterion, s.points, s.evidence, s.note, COALESCE(u.name, ''), s.at "
	"FROM par_scores s LEFT JOIN users u ON u.id = s.by_user "
	"WHERE s.unit_id = ? AND s.year = ? ORDER BY s.criterion";

/* Row reader of sql_scores. */
static void read_score(sqlite3_stmt *st, void *row)
{
	struct par_score *s = row;
	txt(st, 0, s->criterion, sizeof(s->criterion));
	s->points = sqlite3_column_double(st, 1);
	txt(st, 2, s->evidence, sizeof(s->evidence));
	txt(st, 3, s->note, sizeof(s->note));
	txt(st, 4, s->by, sizeof(s->by));
	s->at = sqlite3_column_int64(st, 5);
}

/* See index_store.h. */
enum err par_store_scores(struct db *db, int64_t unit_id, int year, struct par_score **out,
			  int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_scores);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	return db_collect(db, st, sizeof(**out), read_score, NULL, (void **)out, n, "par scores");
}

static const char sql_score_put[] =
	"INSERT OR REPLACE INTO par_scores (unit_id, year, criterion, points, evidence, note, "
	"by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/* See index_store.h. */
enum err par_store_score_put(struct db *db, int64_t unit_id, int year, const char *criterion,
			     double points, const char *evidence, const char *note,
			     int64_t by_user, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, sql_score_put);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, criterion);
	sqlite3_bind_double(st, 4, points);
	db_bind_text(st, 5, evidence ? evidence : "");
	db_bind_text(st, 6, note ? note : "");
	if (by_user > 0)
		db_bind_int(st, 7, by_user);
	db_bind_int(st, 8, at);
	return db_step_done(db, st);
}

static const char sql_children[] =
	"SELECT id, code, name, path, level FROM units WHERE parent_id = ? ORDER BY code";

/* Row reader of sql_children. */
static void read_unit(sqlite3_stmt *st, void *row)
{
	struct report_unit *u = row;
	u->id = sqlite3_column_int64(st, 0);
	txt(st, 1, u->code, sizeof(u->code));
	txt(st, 2, u->name, sizeof(u->name));
	txt(st, 3, u->path, sizeof(u->path));
	txt(st, 4, u->level, sizeof(u->level));
}

/* See index_store.h. */
enum err index_store_children(struct db *db, int64_t parent_id, struct report_unit **out,
			      int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_children);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, parent_id);
	return db_collect(db, st, sizeof(**out), read_unit, NULL, (void **)out, n, "child units");
}
