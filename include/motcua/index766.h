/* index766.h - the Decision 766 configuration (groups, indicators, weights, thresholds: a
 * file, config/index766.json), the indicators entered per unit and period, and the periods
 * the index is entered for (domain.md §7; docs/index766.md). The figures themselves are
 * report_index766 (report.h), which adds the entered values of its unit and period. */
#ifndef MOTCUA_INDEX766_H
#define MOTCUA_INDEX766_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/import.h"

/* How an indicator gets its ratio. */
enum index_kind { IK_COMPUTED, IK_ENTERED, IK_UNAVAILABLE, IK__MAX };
const char *index_kind_name(enum index_kind k);
int index_kind_parse(const char *s);	/* -1 when unknown */

/* Limits of a configuration file and of an entry (every limit is explicit). */
#define INDEX_CONFIG_MAX_BYTES (256 * 1024)
#define INDEX_CONFIG_MAX_ROWS 200
#define INDEX_NOTE_MAX 500	/* characters of an entry's evidence link or note */
#define INDEX_PERIOD_MAX 8	/* "2026-Q4" */

/* The period key of the local days from..to: "YYYY-MM" for a whole calendar month,
 * "YYYY-Qn" for a whole quarter, "YYYY" for a whole year, "" otherwise (out: 16 bytes). */
void index_period_key(int64_t from, int64_t to, char out[16]);
/* The days of a period key (the inverse). false when key is not one. */
bool index_period_days(const char *key, int64_t *from, int64_t *to);

/* Validate the configuration file text[0..len) (a JSON array of groups and indicators,
 * docs/index766.md) and replace index_groups and index_config with it in one transaction,
 * recorded with admin_audit_record (action "setting.766", actor_id 0 = command line).
 * E_INVALID (r->message names the element, its line and the field; nothing changed),
 * E_LIMIT (too large), E_DB. */
enum err index766_config_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			      struct import_result *r);
/* The current configuration as the text of a configuration file (one element a line), to
 * edit it on the settings page. Caller frees. NULL on E_DB. */
char *index766_config_text(struct db *db);

/* Why an entry was refused: which field and the i18n key of the message. */
struct index_refusal {
	const char *field;	/* "indicator", "value", "note", "period" */
	const char *key;	/* "index.err.value", ... */
};

/* Enter (or replace) the ratio of an entered indicator for unit unit_id (code unit_code, for
 * the record) and period: percent 0..100, note at most INDEX_NOTE_MAX characters (an
 * evidence link or a note). One transaction with admin_audit_record (action "index766.enter",
 * before/after). E_INVALID with *why (nothing saved); E_DB. The caller checked the unit is in
 * the actor's subtree. */
enum err index766_enter(struct db *db, int64_t actor_id, int64_t unit_id, const char *unit_code,
			const char *period, const char *indicator, double percent,
			const char *note, int64_t at, struct index_refusal *why);

/* Parse a number as people type it: "79,81", "79.81", " 80 " (at most 2 decimals after
 * either separator, no thousands separator). false when it is not one. */
bool index_parse_number(const char *s, double *out);


/* The unit with this code when it is in the subtree of unit actor_unit_id (the leader area's
 * scope, docs/index766.md); code NULL or "" = the actor's own unit. E_NOTFOUND (absent or
 * outside the subtree: pages answer 404), E_DB. Free *out with unit_rec_free. */
struct unit_rec;
enum err index_scope_unit(struct db *db, int64_t actor_unit_id, const char *code,
			  struct unit_rec *out);

/* The period before key ("2026-01" -> "2025-12", "2026-Q1" -> "2025-Q4", "2026" -> "2025")
 * into out (16 bytes); false when key is not a period. */
bool index_period_prev(const char *key, char out[16]);

/* The units of the subtree of actor_unit_id as a JSON array of {"code", "name", "level",
 * "depth"} in tree order (a parent before its children), for the pages' unit picker. E_DB. */
enum err index_scope_units(struct db *db, int64_t actor_unit_id, json_t **out);

#endif
