/* report_store.c - SQL of the reports besides the counters. */
#include "motcua/report_store.h"
#include "db_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

/* Grow *v (element size sz) to hold one more than *n. */
static void *more(void *v, int n, int *cap, size_t sz)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(v, (size_t)*cap * sz);
}

/* Copy column text. */
static void txt(sqlite3_stmt *st, int c, char *out, size_t n)
{
	snprintf(out, n, "%s", db_col_text(st, c));
}

static const char sql_units[] = "SELECT id, code, name, path, level FROM units ORDER BY id";

/* See report_store.h. */
enum err report_store_units(struct db *db, struct report_unit **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_units);
	if (!st)
		return E_DB;
	struct report_unit *v = NULL;
	int cnt = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = more(v, cnt, &cap, sizeof(*v));
		struct report_unit *u = &v[cnt++];
		u->id = sqlite3_column_int64(st, 0);
		txt(st, 1, u->code, sizeof(u->code));
		txt(st, 2, u->name, sizeof(u->name));
		txt(st, 3, u->path, sizeof(u->path));
		txt(st, 4, u->level, sizeof(u->level));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, "report units");
	}
	*out = v;
	*n = cnt;
	return E_OK;
}

static const char sql_procs[] =
	"SELECT p.id, p.code, p.name, f.name, p.online_level <> 'info', p.fee_total > 0, p.levels "
	"FROM procedures p JOIN fields f ON f.id = p.field_id ORDER BY p.id";

/* See report_store.h. */
enum err report_store_procs(struct db *db, struct report_proc **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_procs);
	if (!st)
		return E_DB;
	struct report_proc *v = NULL;
	int cnt = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = more(v, cnt, &cap, sizeof(*v));
		struct report_proc *p = &v[cnt++];
		p->id = sqlite3_column_int64(st, 0);
		txt(st, 1, p->code, sizeof(p->code));
		txt(st, 2, p->name, sizeof(p->name));
		txt(st, 3, p->field, sizeof(p->field));
		p->online = sqlite3_column_int(st, 4) != 0;
		p->fee = sqlite3_column_int(st, 5) != 0;
		txt(st, 6, p->levels, sizeof(p->levels));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, "report procedures");
	}
	*out = v;
	*n = cnt;
	return E_OK;
}

static const char sql_index_conf[] =
	"SELECT id, name, max_points, threshold, available, name_en, grp, kind, sort "
	"FROM index_config ORDER BY sort, id";

/* See report_store.h. */
enum err report_store_index_conf(struct db *db, struct index_conf **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_index_conf);
	if (!st)
		return E_DB;
	struct index_conf *v = NULL;
	int cnt = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = more(v, cnt, &cap, sizeof(*v));
		struct index_conf *c = &v[cnt++];
		txt(st, 0, c->id, sizeof(c->id));
		txt(st, 1, c->name, sizeof(c->name));
		c->max_points = sqlite3_column_double(st, 2);
		c->threshold = sqlite3_column_double(st, 3);
		c->available = sqlite3_column_int(st, 4) != 0;
		txt(st, 5, c->name_en, sizeof(c->name_en));
		txt(st, 6, c->group, sizeof(c->group));
		txt(st, 7, c->kind, sizeof(c->kind));
		c->sort = sqlite3_column_int(st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, "index config");
	}
	*out = v;
	*n = cnt;
	return E_OK;
}

static const char sql_received[] =
	"SELECT id, unit_id, received_at, finished_at, code, outcome FROM dossiers "
	"WHERE received_at IS NOT NULL AND received_at <= ? ORDER BY id";

/* See report_store.h. */
enum err report_store_received(struct db *db, int64_t t, struct report_dossier **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_received);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, t);
	struct report_dossier *v = NULL;
	int cnt = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = more(v, cnt, &cap, sizeof(*v));
		struct report_dossier *d = &v[cnt++];
		d->id = sqlite3_column_int64(st, 0);
		d->unit_id = sqlite3_column_int64(st, 1);
		d->received_at = sqlite3_column_int64(st, 2);
		d->finished_at = sqlite3_column_int64(st, 3);
		txt(st, 4, d->code, sizeof(d->code));
		txt(st, 5, d->outcome, sizeof(d->outcome));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, "report dossiers");
	}
	*out = v;
	*n = cnt;
	return E_OK;
}

#define EACH_COLUMNS \
	"SELECT id, unit_id, procedure_id, received_at, due_at, finished_at, code, outcome, " \
	"applicant_name FROM dossiers "
/* Index dossiers_unit_received (unit_id, received_at) gives the range; finished_at is
 * filtered in the scan, so only the figure's dossiers reach the caller. */
static const char sql_each_received[] = EACH_COLUMNS
	"WHERE unit_id = ?1 AND received_at BETWEEN ?2 AND ?3 ORDER BY received_at, id";
static const char sql_each_finished[] = EACH_COLUMNS
	"WHERE unit_id = ?1 AND received_at <= ?3 AND finished_at BETWEEN ?2 AND ?3 "
	"ORDER BY received_at, id";
static const char sql_each_open[] = EACH_COLUMNS
	"WHERE unit_id = ?1 AND received_at <= ?3 "
	"AND (finished_at IS NULL OR finished_at > ?3) ORDER BY received_at, id";

/* See report_store.h. */
enum err report_store_each_received(struct db *db, int64_t unit_id, enum report_scan scan,
				    int64_t lo, int64_t hi,
				    bool (*fn)(void *ctx, const struct report_list_row *r),
				    void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, scan == SCAN_FINISHED ? sql_each_finished
				       : scan == SCAN_OPEN   ? sql_each_open
							     : sql_each_received);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_list_row r = {
			.id = sqlite3_column_int64(st, 0),
			.unit_id = sqlite3_column_int64(st, 1),
			.procedure_id = sqlite3_column_int64(st, 2),
			.received_at = sqlite3_column_int64(st, 3),
			.due_at = sqlite3_column_int64(st, 4),
			.finished_at = sqlite3_column_int64(st, 5),
			.code = db_col_text(st, 6),
			.outcome = db_col_text(st, 7),
			.applicant_name = db_col_text(st, 8),
		};
		if (!fn(ctx, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "report list");
}
