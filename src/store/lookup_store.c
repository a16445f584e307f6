/* lookup_store.c - SQL behind the public status lookup. */
#include "motcua/lookup_store.h"

static const char SQL_DOSSIER_BY_CODE[] =
	"SELECT d.id, d.code, d.status, d.channel, d.applicant_name, p.code, p.name, u.name, "
	"d.received_at, d.due_at, d.finished_at, d.promised_at, d.lookup_hash "
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"JOIN units u ON u.id = d.unit_id WHERE d.code = ?1";
static const char SQL_EVENTS_OF[] =
	"SELECT at, kind, to_status, note FROM dossier_events WHERE dossier_id = ?1 ORDER BY seq";

/* See lookup_store.h. */
sqlite3_stmt *lookup_store_dossier(struct db *db, const char *code)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DOSSIER_BY_CODE);
	if (st)
		db_bind_text(st, 1, code);
	return st;
}

/* See lookup_store.h. */
sqlite3_stmt *lookup_store_events(struct db *db, int64_t dossier_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_EVENTS_OF);
	if (st)
		db_bind_int(st, 1, dossier_id);
	return st;
}
