/* par.h - the PAR index (Chỉ số cải cách hành chính, domain.md §8; docs/par.md): areas and
 * criteria from a file (config/par-sample.json, the Decision 876 areas), the procedure-reform
 * criteria pre-filled from the reports, the others entered with an evidence link per unit and
 * year, totals and the change from last year. */
#ifndef MOTCUA_PAR_H
#define MOTCUA_PAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/import.h"
#include "motcua/index766.h"

#define PAR_EVIDENCE_MAX 500	/* bytes of an evidence URL */
#define PAR_NOTE_MAX 500	/* characters of a note */
#define PAR_YEAR_MIN 2000
#define PAR_YEAR_MAX 2100

/* The data rules that pre-fill a criterion ("source" in the file), and "entered". */
enum par_source { PS_ENTERED, PS_ONTIME, PS_APOLOGIES, PS_ONLINE, PS_PAYMENT, PS_DIGITISED,
		  PS_SATISFACTION, PS__MAX };
const char *par_source_name(enum par_source s);
int par_source_parse(const char *s);	/* -1 when unknown */

/* Validate the criteria file text[0..len) (a JSON array of areas and criteria, docs/par.md)
 * and replace par_areas and par_criteria in one transaction with admin_audit_record (action
 * "setting.par"). Area maxima must sum to 100 and each area's criteria to its maximum.
 * E_INVALID (r->message: element, line, field; nothing changed), E_LIMIT, E_DB. */
enum err par_config_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			 struct import_result *r);
/* The current criteria as file text (one element a line); caller frees; NULL on E_DB. */
char *par_config_text(struct db *db);

/* Whether url may be stored as evidence: http:// or https:// then a host, at most
 * PAR_EVIDENCE_MAX bytes, no space or control character, no quote or angle bracket. */
bool par_evidence_ok(const char *url);

/* The PAR of the unit with this code and id for a year, as JSON:
 * {"year", "unit", "areas": [{"id","name","name_en","max","points","criteria": [{"id","name",
 * "name_en","max","points" (null: nothing yet),"source","ratio" (pre-filled rule's ratio or
 * null),"entered": {"by","at","evidence","note"} or null}]}], "total", "max",
 * "entered_count", "criteria_count"}. Pre-filled criteria use report_index766 of the unit's
 * subtree for the year up to clock now. E_DB / E_NOTFOUND. */
enum err par_unit_year(struct db *db, const char *unit_code, int64_t unit_id, int year,
		       const struct clock *clk, json_t **out);

/* Enter the points of criterion for a unit and year (0..its maximum; evidence required and
 * checked by par_evidence_ok; note optional). Pre-filled criteria may be overridden. One
 * transaction with admin_audit_record ("par.enter"). E_INVALID with *why; E_DB. */
enum err par_enter(struct db *db, int64_t actor_id, int64_t unit_id, const char *unit_code,
		   int year, const char *criterion, double points, const char *evidence,
		   const char *note, int64_t at, struct index_refusal *why);

#endif
