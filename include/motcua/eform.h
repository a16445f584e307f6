/* eform.h - the electronic form (tờ khai điện tử) of a procedure: the catalogue's `form`
 * field list (shared/formats.md) parsed once, and what a citizen typed validated against it on
 * the server (issue 7, item 2). Pure: no database, no HTTP. Messages are i18n keys
 * ("eform.required", ...) that the web layer translates; limits come with them. */
#ifndef MOTCUA_EFORM_H
#define MOTCUA_EFORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/err.h"

#define EFORM_FIELDS_MAX 60		/* fields in one form */
#define EFORM_NAME_MAX 48		/* bytes of a field name: [a-z0-9_], starting with a letter */
#define EFORM_LABEL_MAX 300		/* characters of a label */
#define EFORM_OPTIONS_MAX 100		/* options of a select */
#define EFORM_TEXT_MAX 500		/* characters of a text field without "max" */
#define EFORM_TEXTAREA_MAX 4000		/* characters of a textarea without "max" (and at most) */

/* Field types of formats.md. */
enum eform_type {
	EF_TEXT, EF_TEXTAREA, EF_NUMBER, EF_DATE, EF_SELECT, EF_CHECKBOX, EF_ID_NUMBER, EF_PHONE,
	EF_EMAIL, EF__MAX
};

/* "text", "textarea", ...; "?" out of range. eform_type_parse: -1 when unknown. */
const char *eform_type_name(enum eform_type t);
int eform_type_parse(const char *s);

/* One field. Strings are owned by the form. max: characters for text/textarea (0: the type's
 * default cap), largest value for number (has_max says whether one was given). */
struct eform_field {
	const char *name;
	const char *label;
	enum eform_type type;
	bool required;
	bool has_max;
	int64_t max;
	const char *const *options;	/* select: noptions strings */
	int noptions;
};

struct eform;

/* Parse a catalogue `form` value (JSON array text; NULL or "" = no fields) into *out (free
 * with eform_free). E_INVALID with why (English, names the field's index) for a value that is
 * not an array of objects with a valid unique name, a known type, a label, options for a
 * select (1..EFORM_OPTIONS_MAX non-empty strings), a non-negative integer max; more than
 * EFORM_FIELDS_MAX fields. */
enum err eform_parse(const char *json, struct eform **out, char *why, size_t n);
void eform_free(struct eform *f);
int eform_count(const struct eform *f);
/* Field i (0 <= i < eform_count), NULL out of range. */
const struct eform_field *eform_field(const struct eform *f, int i);
/* Field named name, or NULL. */
const struct eform_field *eform_find(const struct eform *f, const char *name);

/* One failed field. key: "eform.required", "eform.too_long" (limit = max characters),
 * "eform.not_utf8", "eform.bad_text" (control characters in a one-line field),
 * "eform.not_number", "eform.too_large" (limit = max value), "eform.bad_date" (not a real
 * dd/mm/yyyy date), "eform.not_a_choice", "eform.bad_id_number" (not 12 digits),
 * "eform.bad_phone", "eform.bad_email". */
struct eform_error {
	int field;		/* index in the form */
	const char *key;
	int64_t limit;
};

/* What the citizen typed, by field name (NULL when absent; a checkbox is present when
 * checked). */
typedef const char *(*eform_get_fn)(void *ctx, const char *name);

/* Validate every field of f with get(ctx, name). Values are trimmed of surrounding spaces;
 * Vietnamese letters typed as a base letter plus combining marks (NFD, some phone keyboards)
 * are composed first, so lengths count characters as people see them; a date is kept as
 * dd/mm/yyyy with two-digit day and month; a phone as digits ("0" + 9, "+84" turned into
 * "0"); an ID number as its 12 digits; a number without leading zeros ("," or "." as the
 * decimal separator, kept as "."). *values receives a new JSON object (caller decrefs): for
 * every field with a non-empty value, name -> the normalised string (a checkbox -> true); in
 * draft mode also invalid values, as typed (trimmed, cut to the type's cap), so nothing
 * typed is lost. draft: a missing required value is not an error (saving unfinished work),
 * every other check applies. errs (capacity cap) receives the failures in field order;
 * returns their number (may exceed cap: only cap are written). */
int eform_validate(const struct eform *f, eform_get_fn get, void *ctx, bool draft,
		   json_t **values, struct eform_error *errs, int cap);

#endif
