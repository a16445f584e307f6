/* outbox_store.c - SQL for the notification outbox. */
#include "motcua/outbox_store.h"

#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

static const char *const channel_names[OUTBOX_CHANNEL__MAX] = { "email", "sms" };
static const char *const kind_names[OUTBOX_KIND__MAX] = { "dossier", "confirm_email",
								   "digest", "password_link" };
static const char *const state_names[OUTBOX_STATE__MAX] = { "queued", "sent", "failed" };
const char *const outbox_lang_names[] = { "vi", "en", NULL };

static const char SQL_INSERT[] =
	"INSERT INTO outbox (dossier_id, event_id, channel, recipient, lang, subject, body, "
	"next_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
static const char SQL_INSERT_ACCOUNT[] =
	"INSERT INTO outbox (kind, user_id, channel, recipient, lang, subject, body, "
	"next_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
static const char SQL_CONTACT[] =
	"SELECT d.applicant, d.owner_id IS NOT NULL, coalesce(u.email, ''), "
	"coalesce(u.phone, ''), coalesce(u.lang, ''), p.name, n.name "
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"JOIN units n ON n.id = d.unit_id LEFT JOIN users u ON u.id = d.owner_id "
	"WHERE d.id = ?1";
#define ROW_COLUMNS                                                                          \
	"o.id, o.dossier_id, o.event_id, o.channel, o.state, o.recipient, o.lang, o.subject, " \
	"o.body, o.last_error, coalesce(e.kind, o.kind), coalesce(d.code, ''), o.attempts, "   \
	"o.next_at, o.created_at, coalesce(o.sent_at, 0) "                                    \
	"FROM outbox o LEFT JOIN dossier_events e ON e.id = o.event_id "                      \
	"LEFT JOIN dossiers d ON d.id = o.dossier_id "
static const char SQL_DUE[] = "SELECT " ROW_COLUMNS
			      "WHERE o.state = 'queued' AND o.next_at <= ?1 "
			      "ORDER BY o.next_at, o.id LIMIT 1";
static const char SQL_LEASE[] =
	"UPDATE outbox SET next_at = ?3 WHERE id = ?1 AND state = 'queued' AND next_at = ?2";
static const char SQL_SENT[] =
	"UPDATE outbox SET state = 'sent', sent_at = ?2, next_at = ?2 WHERE id = ?1";
static const char SQL_FAILED[] =
	"UPDATE outbox SET state = ?2, attempts = ?3, last_error = ?4, next_at = ?5 "
	"WHERE id = ?1";
static const char SQL_LIST[] = "SELECT " ROW_COLUMNS "WHERE o.dossier_id = ?1 ORDER BY o.id";
static const char SQL_COUNT[] = "SELECT count(*) FROM outbox WHERE ?1 IS NULL OR state = ?1";

/* See outbox_store.h. */
const char *outbox_channel_name(enum outbox_channel c)
{
	return (unsigned)c < OUTBOX_CHANNEL__MAX ? channel_names[c] : "?";
}

/* See outbox_store.h. */
const char *outbox_kind_name(enum outbox_kind k)
{
	return (unsigned)k < OUTBOX_KIND__MAX ? kind_names[k] : "?";
}

/* See outbox_store.h. */
const char *outbox_state_name(enum outbox_state s)
{
	return (unsigned)s < OUTBOX_STATE__MAX ? state_names[s] : "?";
}

/* See outbox_store.h. */
int outbox_channel_parse(const char *s)
{
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		if (s && !strcmp(s, channel_names[i]))
			return i;
	return -1;
}

/* See outbox_store.h. */
int outbox_state_parse(const char *s)
{
	for (int i = 0; i < OUTBOX_STATE__MAX; i++)
		if (s && !strcmp(s, state_names[i]))
			return i;
	return -1;
}

/* See outbox_store.h. */
enum err outbox_store_insert(struct db *db, const struct outbox_new *m)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, m->dossier_id);
	db_bind_int(st, 2, m->event_id);
	db_bind_text(st, 3, outbox_channel_name(m->channel));
	db_bind_text(st, 4, m->recipient);
	db_bind_text(st, 5, m->lang);
	db_bind_text(st, 6, m->subject ? m->subject : "");
	db_bind_text(st, 7, m->body);
	db_bind_int(st, 8, m->now);
	return db_step_done(db, st);
}

/* See outbox_store.h. */
enum err outbox_store_insert_account(struct db *db, enum outbox_kind kind, int64_t user_id,
				     const struct outbox_new *m)
{
	if (kind == OUTBOX_DOSSIER || (unsigned)kind >= OUTBOX_KIND__MAX)
		return E_INVALID;
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT_ACCOUNT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, outbox_kind_name(kind));
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, outbox_channel_name(m->channel));
	db_bind_text(st, 4, m->recipient);
	db_bind_text(st, 5, m->lang);
	db_bind_text(st, 6, m->subject ? m->subject : "");
	db_bind_text(st, 7, m->body);
	db_bind_int(st, 8, m->now);
	return db_step_done(db, st);
}

/* See outbox_store.h. */
enum err outbox_store_contact(struct db *db, int64_t dossier_id, struct outbox_contact *c)
{
	memset(c, 0, sizeof(*c));
	sqlite3_stmt *st = db_stmt(db, SQL_CONTACT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		c->applicant = xstrdup(db_col_text(st, 0));
		c->has_owner = sqlite3_column_int(st, 1) != 0;
		c->owner_email = xstrdup(db_col_text(st, 2));
		c->owner_phone = xstrdup(db_col_text(st, 3));
		c->owner_lang = xstrdup(db_col_text(st, 4));
		c->procedure = xstrdup(db_col_text(st, 5));
		c->unit = xstrdup(db_col_text(st, 6));
	} else {
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "outbox contact");
	}
	sqlite3_reset(st);
	return e;
}

/* See outbox_store.h. */
void outbox_contact_free(struct outbox_contact *c)
{
	free(c->applicant);
	free(c->owner_email);
	free(c->owner_phone);
	free(c->owner_lang);
	free(c->procedure);
	free(c->unit);
	memset(c, 0, sizeof(*c));
}

/* Copy the current row of st (ROW_COLUMNS) into r. */
static void read_row(sqlite3_stmt *st, struct outbox_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->dossier_id = sqlite3_column_int64(st, 1);
	r->event_id = sqlite3_column_int64(st, 2);
	int c = outbox_channel_parse(db_col_text(st, 3));
	r->channel = c < 0 ? OUTBOX_CHANNEL__MAX : (enum outbox_channel)c;
	int s = outbox_state_parse(db_col_text(st, 4));
	r->state = s < 0 ? OUTBOX_STATE__MAX : (enum outbox_state)s;
	r->recipient = xstrdup(db_col_text(st, 5));
	r->lang = xstrdup(db_col_text(st, 6));
	r->subject = xstrdup(db_col_text(st, 7));
	r->body = xstrdup(db_col_text(st, 8));
	r->last_error = xstrdup(db_col_text(st, 9));
	r->kind = xstrdup(db_col_text(st, 10));
	r->code = xstrdup(db_col_text(st, 11));
	r->attempts = sqlite3_column_int(st, 12);
	r->next_at = sqlite3_column_int64(st, 13);
	r->created_at = sqlite3_column_int64(st, 14);
	r->sent_at = sqlite3_column_int64(st, 15);
}

/* See outbox_store.h. */
void outbox_row_free(struct outbox_row *r)
{
	if (!r)
		return;
	free(r->recipient);
	free(r->lang);
	free(r->subject);
	free(r->body);
	free(r->last_error);
	free(r->kind);
	free(r->code);
	memset(r, 0, sizeof(*r));
}

/* See outbox_store.h. */
void outbox_rows_free(struct outbox_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		outbox_row_free(&rows[i]);
	free(rows);
}

/* See outbox_store.h. */
enum err outbox_store_claim(struct db *db, int64_t now, int64_t lease_until,
			    struct outbox_row *r)
{
	memset(r, 0, sizeof(*r));
	for (int tries = 0; tries < 100; tries++) {
		sqlite3_stmt *st = db_stmt(db, SQL_DUE);
		if (!st)
			return E_DB;
		db_bind_int(st, 1, now);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			sqlite3_reset(st);
			return E_NOTFOUND;
		}
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return db_fail(db, "outbox due");
		}
		read_row(st, r);
		sqlite3_reset(st);
		/* Take it only if nobody else did since the read. */
		sqlite3_stmt *up = db_stmt(db, SQL_LEASE);
		if (!up) {
			outbox_row_free(r);
			return E_DB;
		}
		db_bind_int(up, 1, r->id);
		db_bind_int(up, 2, r->next_at);
		db_bind_int(up, 3, lease_until);
		enum err e = db_step_done(db, up);
		if (e != E_OK) {
			outbox_row_free(r);
			return e;
		}
		if (sqlite3_changes(db_handle(db)) == 1)
			return E_OK;
		outbox_row_free(r);
	}
	return E_NOTFOUND;
}

/* See outbox_store.h. */
enum err outbox_store_sent(struct db *db, int64_t id, int64_t t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SENT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, t);
	return db_step_done(db, st);
}

/* See outbox_store.h. */
enum err outbox_store_attempt_failed(struct db *db, int64_t id, int attempts, const char *error,
				     bool for_good, int64_t next_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FAILED);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, outbox_state_name(for_good ? OUTBOX_FAILED : OUTBOX_QUEUED));
	db_bind_int(st, 3, attempts);
	db_bind_text(st, 4, error ? error : "");
	db_bind_int(st, 5, next_at);
	return db_step_done(db, st);
}

/* See outbox_store.h. */
enum err outbox_store_list(struct db *db, int64_t dossier_id, struct outbox_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*rows = xrealloc(*rows, (size_t)cap * sizeof(**rows));
		}
		read_row(st, &(*rows)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		outbox_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return db_fail(db, "outbox list");
	}
	return E_OK;
}

/* See outbox_store.h. */
int64_t outbox_store_count(struct db *db, enum outbox_state s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);
	if (!st)
		return -1;
	db_bind_text(st, 1, s < OUTBOX_STATE__MAX ? outbox_state_name(s) : NULL);
	int64_t n = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}
