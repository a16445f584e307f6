/* catalog.h - read API of the public procedure catalogue (domain.md §2), as jansson values
 * ready for the views. Every json_t returned is new: the caller json_decref()s it. */
#ifndef MOTCUA_CATALOG_H
#define MOTCUA_CATALOG_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* Most results a search returns. */
#define CATALOG_SEARCH_LIMIT 200

/* Lists and search show published procedures only (docs/admin-catalog.md). */
/* *out = [{"id", "name", "procedures": count}] for every field, by folded name (fields whose
 * procedures all moved elsewhere are listed with 0). E_DB on failure (*out NULL). */
enum err catalog_fields(struct db *db, json_t **out);

/* *out = summaries of the procedures of field_id, by folded name:
 * [{"code", "name", "field", "online_level", "duration": {"value", "unit"}, "fee_total"}].
 * An unknown field gives an empty array. E_DB on failure. */
enum err catalog_field_procedures(struct db *db, int64_t field_id, json_t **out);

/* *out = summaries (as above) of procedures whose folded name or code contains every word of
 * text_fold(query) ("dang ky khai sinh" finds "Đăng ký khai sinh"), at most limit (capped at
 * CATALOG_SEARCH_LIMIT), by folded name. Only the first 8 words count. An empty query gives
 * an empty array. E_DB on failure. */
enum err catalog_search(struct db *db, const char *query, int limit, json_t **out);

/* *out = the whole procedure with this code, every catalogue field of domain.md §2:
 * code, name, field, department, levels, online_level, duration, duration_online (null when
 * the same), cutoff ("HH:MM" or null), supplement_policy, supplement_window_days, fees,
 * fee_total, components, form, result {"name", "is_document"}, delivery, steps, applicants,
 * steps_text, legal_basis, sample, published (offered to the public) and version (the live
 * one), published or not (dossiers of an unpublished procedure continue). E_NOTFOUND when no
 * such code, E_DB on failure. */
enum err catalog_get(struct db *db, const char *code, json_t **out);
/* The procedure as version `version` had it (a dossier's page: what it was submitted under):
 * catalog_get's object with the catalogue fields of that version (name, duration, fees and
 * fee_total, components, form, result, delivery, steps, ...) and "version"; the live object
 * when version is the live one or <= 0. E_NOTFOUND, E_DB. */
enum err catalog_get_version(struct db *db, const char *code, int version, json_t **out);
/* The same, for pages that offer the procedure (the public page, submission, counter
 * intake): E_NOTFOUND also when it is not published. */
enum err catalog_get_published(struct db *db, const char *code, json_t **out);

/* *out = [{"id", "code", "name", "level"}]: the units that implement procedure code (their
 * level is one of its levels), in tree order, at most CATALOG_UNITS_MAX; empty for an unknown
 * code. E_DB on failure. */
#define CATALOG_UNITS_MAX 500
enum err catalog_units(struct db *db, const char *code, json_t **out);

#endif
