/* index766_entry.c - an entered Decision 766 indicator saved with its administrative record
 * (before and after) in one transaction. */
#include "motcua/index766.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/index_store.h"
#include "motcua/report_store.h"
#include "motcua/text.h"

/* Refuse with field and message key. */
static enum err refuse(struct index_refusal *why, const char *field, const char *key)
{
	if (why) {
		why->field = field;
		why->key = key;
	}
	return E_INVALID;
}

/* Whether indicator id is configured as "entered". E_OK / E_NOTFOUND / E_DB. */
static enum err entered_kind(struct db *db, const char *id)
{
	struct index_conf *c = NULL;
	int n = 0;
	enum err e = report_store_index_conf(db, &c, &n);
	if (e != E_OK)
		return e;
	e = E_NOTFOUND;
	for (int i = 0; i < n; i++)
		if (!strcmp(c[i].id, id) && !strcmp(c[i].kind, "entered"))
			e = E_OK;
	free(c);
	return e;
}

/* The entry of indicator among the unit's entries of period as JSON, or NULL. */
static json_t *entry_json(struct db *db, int64_t unit_id, const char *period,
			  const char *indicator)
{
	struct index_entry *v = NULL;
	int n = 0;
	json_t *o = NULL;
	if (index_store_entries(db, unit_id, period, &v, &n) != E_OK)
		return NULL;
	for (int i = 0; i < n && !o; i++)
		if (!strcmp(v[i].indicator, indicator))
			o = json_pack("{s:f, s:s}", "value", v[i].value, "note", v[i].note);
	free(v);
	return o;
}

/* See index766.h. */
enum err index766_enter(struct db *db, int64_t actor_id, int64_t unit_id, const char *unit_code,
			const char *period, const char *indicator, double percent,
			const char *note, int64_t at, struct index_refusal *why)
{
	int64_t from, to;
	if (!period || !index_period_days(period, &from, &to))
		return refuse(why, "period", "index.err.period");
	if (!indicator || !*indicator || strlen(indicator) > 15)
		return refuse(why, "indicator", "index.err.indicator");
	if (!isfinite(percent) || percent < 0 || percent > 100)
		return refuse(why, "value", "index.err.value");
	if (!note)
		note = "";
	size_t nl = strlen(note);
	if (!utf8_valid(note, nl) || utf8_length(note, nl) > INDEX_NOTE_MAX)
		return refuse(why, "note", "index.err.note");
	if (db_begin(db) != E_OK)
		return E_DB;
	enum err e = entered_kind(db, indicator);
	if (e == E_NOTFOUND) {
		db_rollback(db);
		return refuse(why, "indicator", "index.err.indicator");
	}
	json_t *before = NULL, *after = NULL;
	if (e == E_OK) {
		before = entry_json(db, unit_id, period, indicator);
		e = index_store_entry_put(db, unit_id, period, indicator,
					  round(percent * 100) / 10000.0, note, actor_id, at);
	}
	if (e == E_OK) {
		after = json_pack("{s:f, s:s}", "value", round(percent * 100) / 10000.0, "note",
				  note);
		char target[128];
		snprintf(target, sizeof(target), "index766:%s/%s/%s", unit_code ? unit_code : "?",
			 period, indicator);
		struct admin_change ch = { actor_id, "index766.enter", target, before, after, at };
		e = admin_audit_record(db, &ch);
	}
	json_decref(before);
	json_decref(after);
	if (e == E_OK)
		e = db_commit(db);
	if (e != E_OK)
		db_rollback(db);
	return e;
}
