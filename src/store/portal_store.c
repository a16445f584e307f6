/* portal_store.c - SQL of the citizen portal: drafts, the portal's dossier rows, files by slot,
 * payments of a dossier. */
#include "motcua/portal_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

static const char SQL_ANY_UNIT[] = "SELECT min(id) FROM units";
static const char SQL_BY_TOKEN[] =
	"SELECT id FROM dossiers WHERE owner_id = ?1 AND draft_token = ?2";
static const char SQL_DRAFT_INSERT[] =
	"INSERT INTO dossiers (procedure_id, unit_id, unit_chosen, channel, applicant, "
	"applicant_name, owner_id, status, form_data, on_behalf, result_channel, "
	"delivery_address, updated_at, draft_token, procedure_version) VALUES (?1, ?2, ?3, "
	"'online', ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10, ?11, ?12, "
	"(SELECT version FROM procedures WHERE id = ?1))";
static const char SQL_DRAFT_UPDATE[] =
	"UPDATE dossiers SET unit_id = ?2, unit_chosen = ?3, applicant = ?4, applicant_name = ?5, "
	"form_data = ?7, on_behalf = ?8, result_channel = ?9, delivery_address = ?10, "
	"updated_at = ?11 WHERE id = ?12 AND owner_id = ?6 AND status = 'draft'";
static const char SQL_DRAFT_FILES_DELETE[] =
	"DELETE FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ?1 AND EXISTS "
	"(SELECT 1 FROM dossiers WHERE id = ?1 AND owner_id = ?2 AND status = 'draft')";
static const char SQL_DRAFT_DELETE[] =
	"DELETE FROM dossiers WHERE id = ?1 AND owner_id = ?2 AND status = 'draft'";
static const char SQL_TOUCH[] = "UPDATE dossiers SET updated_at = ?2 WHERE id = ?1";

#define ROW_COLUMNS                                                                           \
	"d.id, coalesce(d.owner_id, 0), d.unit_id, d.procedure_id, d.unit_chosen, d.code, "   \
	"d.status, d.channel, p.code, p.name, p.online_level, p.components, p.delivery, "    \
	"p.fee_total, d.fee_amount, d.paid_online, d.on_behalf, d.applicant, "               \
	"d.applicant_name, d.form_data, d.result_channel, d.delivery_address, d.delivery, "  \
	"d.postal_tracking, d.result_file, d.rating, u.code, u.name, u.address, u.path, "    \
	"u.level, d.updated_at, d.submitted_at, d.received_at, d.due_at, d.promised_at, "    \
	"d.supplement_deadline, d.waiting_since, d.finished_at, d.returned_at, "             \
	"coalesce(d.procedure_version, 1) "                                                  \
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "                        \
	"JOIN units u ON u.id = d.unit_id "
static const char SQL_GET_ID[] = "SELECT " ROW_COLUMNS "WHERE d.id = ?1";
static const char SQL_GET_CODE[] = "SELECT " ROW_COLUMNS "WHERE d.code = ?1";
/* Both branches read the index dossiers_owner_updated backwards (no sort, no scan). */
static const char SQL_LIST[] = "SELECT " ROW_COLUMNS
			       "WHERE d.owner_id = ?1 ORDER BY d.updated_at DESC, d.id DESC "
			       "LIMIT ?2";
static const char SQL_LIST_BEFORE[] = "SELECT " ROW_COLUMNS
				      "WHERE d.owner_id = ?1 AND d.updated_at < ?3 "
				      "ORDER BY d.updated_at DESC, d.id DESC LIMIT ?2";

#define FILE_COLUMNS                                                                          \
	"a.id, a.owner_id, a.file_hash, f.kind, f.size, a.title, a.file_name, "               \
	"coalesce(a.uploaded_by, 0), a.uploaded_at, coalesce(a.slot, 0) "                     \
	"FROM attachments a JOIN stored_files f ON f.hash = a.file_hash "                     \
	"WHERE a.owner_kind = 'dossier' AND a.owner_id = ?1 "
static const char SQL_FILES[] = "SELECT " FILE_COLUMNS
				"ORDER BY a.slot < 0, abs(a.slot), a.id";
static const char SQL_FILE[] = "SELECT " FILE_COLUMNS "AND a.id = ?2";
static const char SQL_FILE_COUNT[] =
	"SELECT count(*) FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ?1";
static const char SQL_SLOT_COUNT[] =
	"SELECT count(*) FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ?1 "
	"AND slot = ?2 AND uploaded_at >= ?3";
static const char SQL_PAYMENTS[] =
	"SELECT reference, amount, state, coalesce(receipt_no, ''), coalesce(paid_at, 0) "
	"FROM payments WHERE dossier_id = ?1 ORDER BY id";

/* See portal_store.h. */
enum err portal_store_any_unit(struct db *db, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ANY_UNIT);
	if (!st)
		return E_DB;
	enum err e = db_int_step(db, st, id);
	return e == E_OK && *id == 0 ? E_NOTFOUND : e;
}

/* See portal_store.h. */
enum err portal_store_draft_by_token(struct db *db, int64_t owner_id, const char *token,
				     int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_TOKEN);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, owner_id);
	db_bind_text(st, 2, token);
	return db_int_step(db, st, id);
}

/* Bind the draft fields shared by insert and update (?2 .. ?11; ?6 the owner). */
static void bind_draft(sqlite3_stmt *st, int64_t owner_id, const struct portal_draft *p)
{
	db_bind_int(st, 2, p->unit_id);
	db_bind_int(st, 3, p->unit_chosen);
	db_bind_text(st, 4, p->applicant ? p->applicant : "{}");
	db_bind_text(st, 5, p->applicant_name ? p->applicant_name : "");
	db_bind_int(st, 6, owner_id);
	db_bind_text(st, 7, p->form_data ? p->form_data : "{}");
	db_bind_int(st, 8, p->on_behalf);
	db_bind_text(st, 9, p->result_channel);
	db_bind_text(st, 10, p->delivery_address);
	db_bind_int(st, 11, p->now);
}

/* See portal_store.h. */
enum err portal_store_draft_insert(struct db *db, int64_t owner_id, const struct portal_draft *p,
				   int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DRAFT_INSERT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, p->procedure_id);
	bind_draft(st, owner_id, p);
	db_bind_text(st, 12, p->token);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* See portal_store.h. */
enum err portal_store_draft_update(struct db *db, int64_t owner_id, int64_t id,
				   const struct portal_draft *p)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DRAFT_UPDATE);
	if (!st)
		return E_DB;
	bind_draft(st, owner_id, p);
	db_bind_int(st, 12, id);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_NOTFOUND;
	return e;
}

/* See portal_store.h. */
enum err portal_store_draft_delete(struct db *db, int64_t owner_id, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DRAFT_FILES_DELETE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, owner_id);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	if (!(st = db_stmt(db, SQL_DRAFT_DELETE)))
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, owner_id);
	e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_NOTFOUND;
	return e;
}

/* See portal_store.h. */
enum err portal_store_touch(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOUCH);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_step_done(db, st);
}

/* Owned copy of column c ("" for NULL). */
static char *col_dup(sqlite3_stmt *st, int c)
{
	return xstrdup(db_col_text(st, c));
}

/* Copy the current row of st (ROW_COLUMNS) into r. */
static void read_row(sqlite3_stmt *st, struct portal_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->owner_id = sqlite3_column_int64(st, 1);
	r->unit_id = sqlite3_column_int64(st, 2);
	r->procedure_id = sqlite3_column_int64(st, 3);
	r->unit_chosen = sqlite3_column_int(st, 4) != 0;
	snprintf(r->code, sizeof(r->code), "%s", db_col_text(st, 5));
	int s = dossier_status_parse(db_col_text(st, 6));
	r->status = s < 0 ? DS_DRAFT : (enum dossier_status)s;
	int c = channel_parse(db_col_text(st, 7));
	r->channel = c < 0 ? CH_ONLINE : (enum channel)c;
	r->procedure_code = col_dup(st, 8);
	r->procedure_name = col_dup(st, 9);
	r->online_level = col_dup(st, 10);
	r->components = col_dup(st, 11);
	r->delivery_options = col_dup(st, 12);
	r->fee_total = sqlite3_column_int64(st, 13);
	r->fee_amount = sqlite3_column_int64(st, 14);
	r->paid_online = sqlite3_column_int(st, 15) != 0;
	r->on_behalf = sqlite3_column_int(st, 16) != 0;
	r->applicant = col_dup(st, 17);
	r->applicant_name = col_dup(st, 18);
	r->form_data = col_dup(st, 19);
	r->result_channel = col_dup(st, 20);
	r->delivery_address = col_dup(st, 21);
	r->returned_via = col_dup(st, 22);
	r->postal_tracking = col_dup(st, 23);
	r->result_file = col_dup(st, 24);
	r->rating = col_dup(st, 25);
	r->unit_code = col_dup(st, 26);
	r->unit_name = col_dup(st, 27);
	r->unit_address = col_dup(st, 28);
	r->unit_path = col_dup(st, 29);
	r->unit_level = col_dup(st, 30);
	int64_t *t[] = { &r->updated_at, &r->submitted_at, &r->received_at, &r->due_at,
			 &r->promised_at, &r->supplement_deadline, &r->waiting_since,
			 &r->finished_at, &r->returned_at };
	for (int i = 0; i < (int)(sizeof(t) / sizeof(t[0])); i++)
		*t[i] = sqlite3_column_int64(st, 31 + i);
	r->procedure_version = sqlite3_column_int(st, 40);
}

/* See portal_store.h. */
void portal_row_free(struct portal_row *r)
{
	char **s[] = { &r->procedure_code, &r->procedure_name, &r->online_level, &r->components,
		       &r->delivery_options, &r->applicant, &r->applicant_name, &r->form_data,
		       &r->result_channel, &r->delivery_address, &r->returned_via,
		       &r->postal_tracking, &r->result_file, &r->rating, &r->unit_code,
		       &r->unit_name, &r->unit_address, &r->unit_path, &r->unit_level };
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
}

/* See portal_store.h. */
void portal_rows_free(struct portal_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		portal_row_free(&rows[i]);
	free(rows);
}

/* db_collect adapters for read_row and portal_row_free. */
static void read_row_any(sqlite3_stmt *st, void *row)
{
	read_row(st, row);
}
static void drop_row_any(void *row)
{
	portal_row_free(row);
}

/* See portal_store.h. */
enum err portal_store_get(struct db *db, int64_t id, const char *code, struct portal_row *out)
{
	sqlite3_stmt *st = db_stmt(db, code ? SQL_GET_CODE : SQL_GET_ID);
	if (!st)
		return E_DB;
	if (code)
		db_bind_text(st, 1, code);
	else
		db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_row(st, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "portal dossier");
	sqlite3_reset(st);
	return e;
}

/* See portal_store.h. */
enum err portal_store_list(struct db *db, int64_t owner_id, int64_t before, int limit,
			   struct portal_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, before ? SQL_LIST_BEFORE : SQL_LIST);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, owner_id);
	db_bind_int(st, 2, limit);
	if (before)
		db_bind_int(st, 3, before);
	return db_collect(db, st, sizeof(**rows), read_row_any, drop_row_any, (void **)rows, n,
			  "portal list");
}

/* Copy the current row of st (FILE_COLUMNS) into r. */
static void read_file(sqlite3_stmt *st, struct portal_file_row *r)
{
	memset(r, 0, sizeof(*r));
	r->a.id = sqlite3_column_int64(st, 0);
	r->a.owner_id = sqlite3_column_int64(st, 1);
	snprintf(r->a.hash, sizeof(r->a.hash), "%s", db_col_text(st, 2));
	snprintf(r->a.kind, sizeof(r->a.kind), "%s", db_col_text(st, 3));
	r->a.size = sqlite3_column_int64(st, 4);
	snprintf(r->a.title, sizeof(r->a.title), "%s", db_col_text(st, 5));
	snprintf(r->a.file_name, sizeof(r->a.file_name), "%s", db_col_text(st, 6));
	r->a.uploaded_by = sqlite3_column_int64(st, 7);
	r->a.uploaded_at = sqlite3_column_int64(st, 8);
	r->slot = sqlite3_column_int(st, 9);
}

/* db_collect adapter for read_file. */
static void read_file_any(sqlite3_stmt *st, void *row)
{
	read_file(st, row);
}

/* See portal_store.h. */
enum err portal_store_files(struct db *db, int64_t dossier_id, struct portal_file_row **rows,
			    int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_FILES);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	return db_collect(db, st, sizeof(**rows), read_file_any, NULL, (void **)rows, n,
			  "portal files");
}

/* See portal_store.h. */
enum err portal_store_file(struct db *db, int64_t dossier_id, int64_t attachment_id,
			   struct portal_file_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FILE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, attachment_id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_file(st, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "portal file");
	sqlite3_reset(st);
	return e;
}

/* See portal_store.h. */
enum err portal_store_file_count(struct db *db, int64_t dossier_id, bool any_slot, int slot,
				 int64_t since, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, any_slot ? SQL_FILE_COUNT : SQL_SLOT_COUNT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	if (!any_slot) {
		db_bind_int(st, 2, slot);
		db_bind_int(st, 3, since);
	}
	return db_int_step(db, st, n);
}

/* See portal_store.h. */
enum err portal_store_payments(struct db *db, int64_t dossier_id, struct portal_payment **rows,
			       int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_PAYMENTS);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			*rows = xrealloc(*rows, (size_t)cap * sizeof(**rows));
		}
		struct portal_payment *p = &(*rows)[(*n)++];
		memset(p, 0, sizeof(*p));
		snprintf(p->reference, sizeof(p->reference), "%s", db_col_text(st, 0));
		p->amount = sqlite3_column_int64(st, 1);
		snprintf(p->state, sizeof(p->state), "%s", db_col_text(st, 2));
		snprintf(p->receipt_no, sizeof(p->receipt_no), "%s", db_col_text(st, 3));
		p->paid_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return db_fail(db, "portal payments");
	}
	return E_OK;
}
