/* lookup.c - public status lookup by dossier code and lookup secret. */
#include "motcua/lookup.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "motcua/buf.h"
#include "motcua/lookup_store.h"
#include "motcua/text.h"

/* Events whose note is written for the applicant (reasons); other notes stay internal. */
static const char *const public_note_kinds[] = {
	"refuse", "request_supplement", "stop", "apologise", "withdraw", NULL
};

/* See lookup.h. */
bool lookup_secret_normalise(const char *typed, char out[LOOKUP_SECRET_LEN + 1])
{
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (!isalnum(c) || n >= LOOKUP_SECRET_LEN)
			return false;
		out[n++] = (char)toupper(c);
	}
	out[n] = '\0';
	return n == LOOKUP_SECRET_LEN;
}

/* Column as a JSON integer, or JSON null when the column is NULL. */
static json_t *int_or_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(st, col));
}

/* True when kind's note may be shown to the applicant. */
static bool note_is_public(const char *kind)
{
	for (size_t i = 0; public_note_kinds[i]; i++)
		if (!strcmp(kind, public_note_kinds[i]))
			return true;
	return false;
}

/* Append the dossier's public timeline to view as "events". */
static enum err add_events(struct db *db, int64_t id, json_t *view)
{
	sqlite3_stmt *st = lookup_store_events(db, id);
	if (!st)
		return E_DB;
	json_t *events = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = db_col_text(st, 1);
		const char *note = db_col_text(st, 3);
		json_t *ev = json_object();
		json_object_set_new_nocheck(ev, "at", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new_nocheck(ev, "kind", json_string_nocheck(kind));
		json_object_set_new_nocheck(ev, "to_status", json_string_nocheck(db_col_text(st, 2)));
		json_object_set_new_nocheck(ev, "note",
					    json_string(note_is_public(kind) ? note : ""));
		json_array_append_new(events, ev);
	}
	sqlite3_reset(st);
	json_object_set_new(view, "events", events);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "lookup events");
}

/* See lookup.h. */
enum err lookup_dossier(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
			const char *code, const char *secret, json_t **out)
{
	char norm[LOOKUP_SECRET_LEN + 1];
	unsigned char want[32];
	bool secret_ok = lookup_secret_normalise(secret, norm);
	/* Hash even a malformed secret so both failures cost the same. */
	keyed_hash(key, norm, strlen(norm), want);
	if (strlen(code) > LOOKUP_CODE_MAX)
		return E_NOTFOUND;
	sqlite3_stmt *st = lookup_store_dossier(db, code);
	if (!st)
		return E_DB;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "lookup");
	}
	const void *stored = sqlite3_column_blob(st, 12);
	bool match = secret_ok && stored && sqlite3_column_bytes(st, 12) == 32 &&
		     sodium_memcmp(stored, want, 32) == 0;
	if (!match) {
		sqlite3_reset(st);
		return E_NOTFOUND;
	}
	int64_t id = sqlite3_column_int64(st, 0);
	struct buf masked = BUF_INIT;
	text_mask_name(db_col_text(st, 4), &masked);
	json_t *view = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", db_col_text(st, 1),
				 "status", db_col_text(st, 2), "channel", db_col_text(st, 3),
				 "applicant_masked", buf_str(&masked), "procedure_code",
				 db_col_text(st, 5), "procedure_name", db_col_text(st, 6),
				 "unit_name", db_col_text(st, 7));
	buf_free(&masked);
	json_object_set_new(view, "received_at", int_or_null(st, 8));
	json_object_set_new(view, "due_at", int_or_null(st, 9));
	json_object_set_new(view, "finished_at", int_or_null(st, 10));
	json_object_set_new(view, "promised_at", int_or_null(st, 11));
	sqlite3_reset(st);
	enum err e = add_events(db, id, view);
	if (e != E_OK) {
		json_decref(view);
		return e;
	}
	*out = view;
	return E_OK;
}
