/* payment_store.c - SQL for payments and payment_nonces. */
#include "motcua/payment_store.h"

#include <stdio.h>
#include <string.h>

#include "db_sql.h"

static const char SQL_DOSSIER[] =
	"SELECT d.id, coalesce(d.owner_id, 0), d.status, d.fee_amount, d.paid_online, "
	"p.online_level = 'full' FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"WHERE d.code = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO payments (dossier_id, owner_id, amount, reference, provider, state, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)";
#define ROW_COLUMNS                                                                          \
	"p.id, p.dossier_id, p.owner_id, p.amount, p.reference, p.provider, p.state, "       \
	"p.created_at, coalesce(p.finished_at, 0), coalesce(p.paid_at, 0), "                 \
	"coalesce(p.receipt_no, ''), coalesce(d.code, ''), pr.name, u.name "                  \
	"FROM payments p JOIN dossiers d ON d.id = p.dossier_id "                             \
	"JOIN procedures pr ON pr.id = d.procedure_id JOIN users u ON u.id = p.owner_id "
static const char SQL_PENDING[] = "SELECT " ROW_COLUMNS
	"WHERE p.dossier_id = ?1 AND p.owner_id = ?2 AND p.provider = ?3 AND p.state = 'pending' "
	"ORDER BY p.id DESC LIMIT 1";
static const char SQL_GET[] = "SELECT " ROW_COLUMNS "WHERE p.reference = ?1";
static const char SQL_SETTLE[] =
	"UPDATE payments SET state = ?2, finished_at = ?3, paid_at = ?4, receipt_no = ?5 "
	"WHERE id = ?1 AND state = 'pending'";
static const char SQL_FAIL[] =
	"UPDATE payments SET state = 'failed', finished_at = ?2, paid_at = NULL, "
	"receipt_no = NULL WHERE id = ?1";
static const char SQL_NONCE[] =
	"INSERT INTO payment_nonces (nonce, payment_id, at) VALUES (?1, ?2, ?3)";

static const char *const state_names[PAY__MAX] = { "pending", "paid", "cancelled", "failed" };

/* See payment_store.h. */
const char *const payment_provider_names[] = { "sandbox", NULL };

/* See payment_store.h. */
const char *payment_state_name(enum payment_state s)
{
	return (unsigned)s < PAY__MAX ? state_names[s] : "?";
}

/* See payment_store.h. */
int payment_state_parse(const char *s)
{
	for (int i = 0; s && i < PAY__MAX; i++)
		if (!strcmp(s, state_names[i]))
			return i;
	return -1;
}

/* See payment_store.h. */
enum err payment_store_dossier(struct db *db, const char *code, struct payment_dossier *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DOSSIER);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->owner_id = sqlite3_column_int64(st, 1);
		int s = dossier_status_parse(db_col_text(st, 2));
		out->status = s < 0 ? DS_DRAFT : (enum dossier_status)s;
		out->fee_amount = sqlite3_column_int64(st, 3);
		out->paid_online = sqlite3_column_int(st, 4) != 0;
		out->online_full = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_fail(db, "payment dossier");
}

/* See payment_store.h. */
enum err payment_store_insert(struct db *db, struct payment_row *p)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, p->dossier_id);
	db_bind_int(st, 2, p->owner_id);
	db_bind_int(st, 3, p->amount);
	db_bind_text(st, 4, p->reference);
	db_bind_text(st, 5, p->provider);
	db_bind_int(st, 6, p->created_at);
	enum err e = db_step_done(db, st);
	if (e == E_OK) {
		p->id = sqlite3_last_insert_rowid(db_handle(db));
		p->state = PAY_PENDING;
	}
	return e;
}

/* Copy the current row of st (ROW_COLUMNS) into r. */
static void read_row(sqlite3_stmt *st, struct payment_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->dossier_id = sqlite3_column_int64(st, 1);
	r->owner_id = sqlite3_column_int64(st, 2);
	r->amount = sqlite3_column_int64(st, 3);
	snprintf(r->reference, sizeof(r->reference), "%s", db_col_text(st, 4));
	snprintf(r->provider, sizeof(r->provider), "%s", db_col_text(st, 5));
	int s = payment_state_parse(db_col_text(st, 6));
	r->state = s < 0 ? PAY_FAILED : (enum payment_state)s;
	r->created_at = sqlite3_column_int64(st, 7);
	r->finished_at = sqlite3_column_int64(st, 8);
	r->paid_at = sqlite3_column_int64(st, 9);
	snprintf(r->receipt_no, sizeof(r->receipt_no), "%s", db_col_text(st, 10));
	snprintf(r->dossier_code, sizeof(r->dossier_code), "%s", db_col_text(st, 11));
	snprintf(r->procedure_name, sizeof(r->procedure_name), "%s", db_col_text(st, 12));
	snprintf(r->payer_name, sizeof(r->payer_name), "%s", db_col_text(st, 13));
}

/* Step st (bound) for at most one row into out. */
static enum err one_row(struct db *db, sqlite3_stmt *st, struct payment_row *out,
			const char *context)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_fail(db, context);
}

/* See payment_store.h. */
enum err payment_store_pending(struct db *db, int64_t dossier_id, int64_t owner_id,
			       const char *provider, struct payment_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, owner_id);
	db_bind_text(st, 3, provider);
	return one_row(db, st, out, "payment pending");
}

/* See payment_store.h. */
enum err payment_store_get(struct db *db, const char *reference, struct payment_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, reference);
	return one_row(db, st, out, "payment get");
}

/* See payment_store.h. */
enum err payment_store_settle(struct db *db, int64_t id, enum payment_state state,
			      int64_t finished_at, int64_t paid_at, const char *receipt_no)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SETTLE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, payment_state_name(state));
	db_bind_int(st, 3, finished_at);
	if (paid_at)
		db_bind_int(st, 4, paid_at);
	db_bind_text(st, 5, receipt_no && *receipt_no ? receipt_no : NULL);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		return E_REFUSED;
	return e;
}

/* See payment_store.h. */
enum err payment_store_fail(struct db *db, int64_t id, int64_t t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FAIL);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, t);
	return db_step_done(db, st);
}

/* See payment_store.h. */
enum err payment_store_nonce_use(struct db *db, const char *nonce, int64_t payment_id, int64_t t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_NONCE);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, nonce);
	db_bind_int(st, 2, payment_id);
	db_bind_int(st, 3, t);
	return db_step_done(db, st);
}
