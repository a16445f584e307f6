/* dossier_store.c - dossier rows, code sequences and the facts the engine caches. */
#include "motcua/dossier_store.h"
#include "db_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

/* Column value or 0 for NULL. */
static int64_t col_i(sqlite3_stmt *st, int c)
{
	return sqlite3_column_int64(st, c);
}

/* Bind v, or NULL when v is 0 (optional instants and ids). */
static void bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, idx, v);
	else
		sqlite3_bind_null(st, idx);
}

/* Copy column text into a fixed buffer. */
static void col_copy(sqlite3_stmt *st, int c, char *out, size_t n)
{
	snprintf(out, n, "%s", db_col_text(st, c));
}

#define DOSSIER_COLS \
	"id, code, procedure_id, unit_id, channel, status, submitted_at, received_at, " \
	"clock_start, due_at, finished_at, returned_at, outcome, supplement_count, " \
	"waiting_since, waiting_from, waiting_seconds, supplement_deadline, apology_at, " \
	"promised_at, fee_amount, paid_online, digitised, result_file, delivery, " \
	"postal_tracking, rating, department_id, step, assignee_id, running_since, version, " \
	"lookup_hash, updated_at, step_due_at, fee_paid, coalesce(owner_id, 0), " \
	"coalesce(procedure_version, 0)"

static const char sql_load_id[] = "SELECT " DOSSIER_COLS " FROM dossiers WHERE id = ?";
static const char sql_load_code[] = "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = ?";

/* Fill d from a row of DOSSIER_COLS. */
static void read_row(sqlite3_stmt *st, struct dossier *d)
{
	memset(d, 0, sizeof(*d));
	d->id = col_i(st, 0);
	col_copy(st, 1, d->code, sizeof(d->code));
	d->procedure_id = col_i(st, 2);
	d->unit_id = col_i(st, 3);
	d->channel = (enum channel)channel_parse(db_col_text(st, 4));
	d->status = (enum dossier_status)dossier_status_parse(db_col_text(st, 5));
	d->submitted_at = col_i(st, 6);
	d->received_at = col_i(st, 7);
	d->clock_start = col_i(st, 8);
	d->due_at = col_i(st, 9);
	d->finished_at = col_i(st, 10);
	d->returned_at = col_i(st, 11);
	d->outcome = OUT_NONE;
	const char *o = db_col_text(st, 12);
	for (int i = 0; i < OUT__MAX; i++)
		if (!strcmp(o, outcome_name((enum outcome)i)))
			d->outcome = (enum outcome)i;
	d->supplement_count = (int)col_i(st, 13);
	d->waiting_since = col_i(st, 14);
	d->waiting_from = sqlite3_column_type(st, 15) == SQLITE_NULL ?
				  -1 : dossier_status_parse(db_col_text(st, 15));
	d->waiting_seconds = col_i(st, 16);
	d->supplement_deadline = col_i(st, 17);
	d->apology_at = col_i(st, 18);
	d->promised_at = col_i(st, 19);
	d->fee_amount = col_i(st, 20);
	d->paid_online = col_i(st, 21) != 0;
	d->digitised = col_i(st, 22) != 0;
	col_copy(st, 23, d->result_file, sizeof(d->result_file));
	col_copy(st, 24, d->delivery, sizeof(d->delivery));
	col_copy(st, 25, d->postal_tracking, sizeof(d->postal_tracking));
	d->rating = sqlite3_column_type(st, 26) == SQLITE_NULL ?
			    RATING_NONE : (enum rating)rating_parse(db_col_text(st, 26));
	d->rated = d->rating != RATING_NONE;
	d->department_id = col_i(st, 27);
	d->step = (int)col_i(st, 28);
	d->assignee_id = col_i(st, 29);
	d->running_since = col_i(st, 30);
	d->version = (int)col_i(st, 31);
	if (sqlite3_column_bytes(st, 32) == 32) {
		memcpy(d->lookup_hash, sqlite3_column_blob(st, 32), 32);
		d->has_lookup = true;
	}
	d->updated_at = col_i(st, 33);
	d->step_due_at = col_i(st, 34);
	d->fee_paid = col_i(st, 35) != 0;
	d->owner_id = col_i(st, 36);
	d->procedure_version = (int)col_i(st, 37);
}

/* See dossier_store.h. */
enum err dossier_store_load(struct db *db, int64_t id, const char *code, struct dossier *d)
{
	sqlite3_stmt *st = db_stmt(db, code ? sql_load_code : sql_load_id);
	if (!st)
		return E_DB;
	if (code)
		db_bind_text(st, 1, code);
	else
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, d);
		sqlite3_reset(st);
		return E_OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "dossier load");
}

/* Bind text, or NULL for "". */
static void bind_opt_text(sqlite3_stmt *st, int idx, const char *s)
{
	db_bind_text(st, idx, s && *s ? s : NULL);
}

/* Bind the columns the engine changes as ?1 (id, NULL when 0) .. ?33; shared by INSERT and
 * UPDATE so both write exactly the same values. */
static void bind_state(sqlite3_stmt *st, const struct dossier *d)
{
	bind_opt(st, 1, d->id);
	bind_opt_text(st, 2, d->code);
	db_bind_text(st, 3, dossier_status_name(d->status));
	bind_opt(st, 4, d->submitted_at);
	bind_opt(st, 5, d->received_at);
	bind_opt(st, 6, d->clock_start);
	bind_opt(st, 7, d->due_at);
	bind_opt(st, 8, d->finished_at);
	bind_opt(st, 9, d->returned_at);
	db_bind_text(st, 10, d->outcome == OUT_NONE ? NULL : outcome_name(d->outcome));
	sqlite3_bind_int(st, 11, d->supplement_count);
	bind_opt(st, 12, d->waiting_since);
	db_bind_text(st, 13, d->waiting_from < 0 ? NULL :
			     dossier_status_name((enum dossier_status)d->waiting_from));
	sqlite3_bind_int64(st, 14, d->waiting_seconds);
	bind_opt(st, 15, d->supplement_deadline);
	bind_opt(st, 16, d->apology_at);
	bind_opt(st, 17, d->promised_at);
	sqlite3_bind_int64(st, 18, d->fee_amount);
	sqlite3_bind_int(st, 19, d->paid_online);
	sqlite3_bind_int(st, 20, d->digitised);
	bind_opt_text(st, 21, d->result_file);
	bind_opt_text(st, 22, d->delivery);
	bind_opt_text(st, 23, d->postal_tracking);
	db_bind_text(st, 24, d->rating == RATING_NONE ? NULL : rating_name(d->rating));
	bind_opt(st, 25, d->department_id);
	sqlite3_bind_int(st, 26, d->step);
	bind_opt(st, 27, d->assignee_id);
	bind_opt(st, 28, d->running_since);
	sqlite3_bind_int(st, 29, d->version);
	if (d->has_lookup)
		sqlite3_bind_blob(st, 30, d->lookup_hash, 32, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 30);
	bind_opt(st, 31, d->updated_at);
	bind_opt(st, 32, d->step_due_at);
	sqlite3_bind_int(st, 33, d->fee_paid);
}

static const char sql_insert[] =
	"INSERT INTO dossiers (id, code, status, submitted_at, received_at, clock_start, due_at, "
	"finished_at, returned_at, outcome, supplement_count, waiting_since, waiting_from, "
	"waiting_seconds, supplement_deadline, apology_at, promised_at, fee_amount, paid_online, "
	"digitised, result_file, delivery, postal_tracking, rating, department_id, step, "
	"assignee_id, running_since, version, lookup_hash, updated_at, step_due_at, fee_paid, "
	"procedure_id, unit_id, channel, applicant, applicant_name, owner_id, form_data, "
	"procedure_version) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	"?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, "
	"?37, ?38, ?39, ?40, ?41)";

/* See dossier_store.h. */
enum err dossier_store_insert(struct db *db, struct dossier *d, const char *applicant,
			      const char *applicant_name, int64_t owner_id, const char *form_data)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	if (!st)
		return E_DB;
	bind_state(st, d);
	sqlite3_bind_int64(st, 34, d->procedure_id);
	sqlite3_bind_int64(st, 35, d->unit_id);
	db_bind_text(st, 36, channel_name(d->channel));
	db_bind_text(st, 37, applicant ? applicant : "{}");
	db_bind_text(st, 38, applicant_name ? applicant_name : "");
	bind_opt(st, 39, owner_id);
	db_bind_text(st, 40, form_data ? form_data : "{}");
	bind_opt(st, 41, d->procedure_version);
	enum err e = db_step_done(db, st);
	if (e == E_OK && !d->id)
		d->id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

static const char sql_update[] =
	"UPDATE dossiers SET code = ?2, status = ?3, submitted_at = ?4, received_at = ?5, "
	"clock_start = ?6, due_at = ?7, finished_at = ?8, returned_at = ?9, outcome = ?10, "
	"supplement_count = ?11, waiting_since = ?12, waiting_from = ?13, waiting_seconds = ?14, "
	"supplement_deadline = ?15, apology_at = ?16, promised_at = ?17, fee_amount = ?18, "
	"paid_online = ?19, digitised = ?20, result_file = ?21, delivery = ?22, "
	"postal_tracking = ?23, rating = ?24, department_id = ?25, step = ?26, "
	"assignee_id = ?27, running_since = ?28, version = ?29, lookup_hash = ?30, "
	"updated_at = ?31, step_due_at = ?32, fee_paid = ?33, "
	"procedure_version = coalesce(?34, procedure_version) WHERE id = ?1";

/* See dossier_store.h. */
enum err dossier_store_update(struct db *db, const struct dossier *d)
{
	sqlite3_stmt *st = db_stmt(db, sql_update);
	if (!st)
		return E_DB;
	bind_state(st, d);
	bind_opt(st, 34, d->procedure_version);
	return db_step_done(db, st);
}

/* Not part of sql_update: the unit changes only on move_unit (every other event would
 * otherwise rewrite the unit's index entries). */
static const char sql_set_unit[] = "UPDATE dossiers SET unit_id = ?2 WHERE id = ?1";

/* See dossier_store.h. */
enum err dossier_store_set_unit(struct db *db, int64_t id, int64_t unit_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_unit);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, unit_id);
	return db_step_done(db, st);
}

static const char sql_max_id[] = "SELECT coalesce(max(id), 0) FROM dossiers";

/* See dossier_store.h. */
enum err dossier_store_max_id(struct db *db, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_max_id);
	if (!st)
		return E_DB;
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : db_fail(db, "max dossier id");
}

/* See dossier_store.h. */
int64_t dossier_store_count(struct db *db)
{
	static const char sql[] = "SELECT count(*) FROM dossiers";
	int64_t n = -1;
	return db_int(db, sql, &n) == E_OK ? n : -1;
}

/* Two statements rather than one upsert with RETURNING: SQLite 3.40 runs RETURNING through a
 * temporary b-tree, which costs more than a second primary-key lookup. Both run inside the
 * caller's write transaction, so nobody can slip in between. */
static const char sql_next_number[] =
	"INSERT INTO dossier_seq (unit_id, day, last) VALUES (?1, ?2, 1) "
	"ON CONFLICT (unit_id, day) DO UPDATE SET last = last + 1";
static const char sql_number[] = "SELECT last FROM dossier_seq WHERE unit_id = ?1 AND day = ?2";

/* See dossier_store.h. */
enum err dossier_store_next_number(struct db *db, int64_t unit_id, int64_t day, int64_t *number)
{
	sqlite3_stmt *st = db_stmt(db, sql_next_number);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, day);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e == E_CONFLICT ? db_fail(db, "dossier_seq") : e;
	if (!(st = db_stmt(db, sql_number)))
		return E_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, day);
	if (sqlite3_step(st) != SQLITE_ROW) {
		e = db_fail(db, "dossier_seq");
		sqlite3_reset(st);
		return e;
	}
	*number = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return E_OK;
}

static const char sql_bump_number[] =
	"INSERT INTO dossier_seq (unit_id, day, last) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (unit_id, day) DO UPDATE SET last = max(last, excluded.last)";

/* See dossier_store.h. */
enum err dossier_store_bump_number(struct db *db, int64_t unit_id, int64_t day, int64_t number)
{
	sqlite3_stmt *st = db_stmt(db, sql_bump_number);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int64(st, 3, number);
	return db_step_done(db, st);
}

static const char sql_code_exists[] = "SELECT 1 FROM dossiers WHERE code = ?";

/* See dossier_store.h. */
enum err dossier_store_code_exists(struct db *db, const char *code, bool *exists)
{
	sqlite3_stmt *st = db_stmt(db, sql_code_exists);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "code exists");
	*exists = rc == SQLITE_ROW;
	return E_OK;
}

static const char sql_expired[] =
	"SELECT id FROM dossiers WHERE status = 'supplement' AND supplement_deadline <= ? "
	"ORDER BY id";

/* See dossier_store.h. */
enum err dossier_store_expired(struct db *db, int64_t t, int64_t **ids, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_expired);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, t);
	return db_int_list(db, st, "expired", ids, n);
}

static const char sql_unit_within[] =
	"SELECT substr(u.path, 1, length(a.path)) = a.path FROM units u, units a "
	"WHERE u.id = ?1 AND a.id = ?2";

/* See dossier_store.h. */
enum err dossier_store_unit_within(struct db *db, int64_t unit_id, int64_t ancestor_id,
				   bool *within)
{
	sqlite3_stmt *st = db_stmt(db, sql_unit_within);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, ancestor_id);
	int rc = sqlite3_step(st);
	*within = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_fail(db, "unit within");
}

static const char sql_last_event[] =
	"SELECT e.kind, coalesce(u.name, ''), e.actor_role, e.at FROM dossier_events e "
	"LEFT JOIN users u ON u.id = e.actor_id WHERE e.dossier_id = ? ORDER BY e.seq DESC "
	"LIMIT 1";

/* See dossier_store.h. */
enum err dossier_store_last_event(struct db *db, int64_t dossier_id, struct last_event *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_last_event);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_ROW) {
		col_copy(st, 0, out->kind, sizeof(out->kind));
		col_copy(st, 1, out->actor, sizeof(out->actor));
		col_copy(st, 2, out->role, sizeof(out->role));
		out->at = col_i(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return E_OK;
	return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "last event");
}

static const char sql_lookup_hash[] = "SELECT lookup_hash FROM dossiers WHERE code = ?";

/* See dossier_store.h. */
enum err dossier_store_lookup_hash(struct db *db, const char *code, unsigned char out[32])
{
	sqlite3_stmt *st = db_stmt(db, sql_lookup_hash);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	enum err e = E_NOTFOUND;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
		memcpy(out, sqlite3_column_blob(st, 0), 32);
		e = E_OK;
	}
	sqlite3_reset(st);
	return e;
}

static const char sql_proc_steps[] =
	"SELECT coalesce(json_extract(s.value, '$.hours'), 0) FROM procedures p, "
	"json_each(p.steps) s WHERE p.id = ? ORDER BY s.key";

/* The working hours of p's steps (p->id set). */
static enum err proc_steps_load(struct db *db, struct proc_facts *p)
{
	sqlite3_stmt *st = db_stmt(db, sql_proc_steps);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, p->id);
	int rc;
	p->nsteps = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (p->nsteps < PROC_STEPS_MAX)
			p->step_hours[p->nsteps++] = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "procedure steps");
}

#define PROC_COLS \
	"id, code, duration_value, duration_unit, duration_online_value, cutoff_minute, " \
	"supplement_policy, supplement_window_days, fee_total, result_is_document, version, " \
	"published"
static const char sql_proc_id[] = "SELECT " PROC_COLS " FROM procedures WHERE id = ?";
static const char sql_proc_code[] = "SELECT " PROC_COLS " FROM procedures WHERE code = ?";

/* See dossier_store.h. */
enum err proc_facts_load(struct db *db, int64_t id, const char *code, struct proc_facts *p)
{
	sqlite3_stmt *st = db_stmt(db, code ? sql_proc_code : sql_proc_id);
	if (!st)
		return E_DB;
	if (code)
		db_bind_text(st, 1, code);
	else
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "procedure facts");
	}
	memset(p, 0, sizeof(*p));
	p->id = col_i(st, 0);
	col_copy(st, 1, p->code, sizeof(p->code));
	p->duration_value = (int)col_i(st, 2);
	int u = duration_unit_parse(db_col_text(st, 3));
	p->duration_unit = u < 0 ? DU_WORKING_DAYS : (enum duration_unit)u;
	p->duration_online_value = (int)col_i(st, 4);
	p->cutoff_minute = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : (int)col_i(st, 5);
	p->pause = !strcmp(db_col_text(st, 6), "pause");
	p->supplement_window_days = (int)col_i(st, 7);
	p->fee_total = col_i(st, 8);
	p->result_is_document = col_i(st, 9) != 0;
	p->version = (int)col_i(st, 10);
	p->published = col_i(st, 11) != 0;
	sqlite3_reset(st);
	return proc_steps_load(db, p);
}

static const char sql_unit_id[] =
	"SELECT id, code, parent_id, hours, closed_at FROM units WHERE id = ?";
static const char sql_unit_code[] =
	"SELECT id, code, parent_id, hours, closed_at FROM units WHERE code = ?";
static const char sql_version_data[] =
	"SELECT data FROM procedure_versions WHERE procedure_id = ?1 AND version = ?2";

/* See dossier_store.h. */
enum err proc_version_data(struct db *db, int64_t id, int version, char **data)
{
	sqlite3_stmt *st = db_stmt(db, sql_version_data);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	int rc = sqlite3_step(st);
	*data = rc == SQLITE_ROW ? xstrdup(db_col_text(st, 0)) : NULL;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND :
	       db_fail(db, "procedure version");
}


/* See dossier_store.h. */
enum err unit_facts_load(struct db *db, int64_t id, const char *code, struct unit_facts *u)
{
	sqlite3_stmt *st = db_stmt(db, code ? sql_unit_code : sql_unit_id);
	if (!st)
		return E_DB;
	if (code)
		db_bind_text(st, 1, code);
	else
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "unit facts");
	}
	memset(u, 0, sizeof(*u));
	u->id = col_i(st, 0);
	col_copy(st, 1, u->code, sizeof(u->code));
	u->parent_id = col_i(st, 2);
	u->hours_json = sqlite3_column_type(st, 3) == SQLITE_NULL ?
				NULL : xstrdup(db_col_text(st, 3));
	u->closed_at = col_i(st, 4);
	sqlite3_reset(st);
	return E_OK;
}

static const char sql_seed_pairs[] =
	"SELECT u.id, p.id, p.online_level <> 'info', p.fee_total > 0 FROM units u "
	"JOIN procedures p ON EXISTS (SELECT 1 FROM json_each(p.levels) WHERE value = u.level) "
	"WHERE u.level <> 'department' ORDER BY u.id, p.id";

/* See dossier_store.h. */
enum err dossier_store_seed_pairs(struct db *db, struct seed_pair **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_seed_pairs);
	if (!st)
		return E_DB;
	int cap = 64, count = 0, rc;
	struct seed_pair *v = xmalloc(sizeof(*v) * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof(*v) * (size_t)cap);
		}
		v[count].unit_id = sqlite3_column_int64(st, 0);
		v[count].procedure_id = sqlite3_column_int64(st, 1);
		v[count].online = sqlite3_column_int(st, 2) != 0;
		v[count].fee = sqlite3_column_int(st, 3) != 0;
		count++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, "seed pairs");
	}
	*out = v;
	*n = count;
	return E_OK;
}
