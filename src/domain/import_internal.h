/* import_internal.h - helpers shared by the import_*.c files (not a public interface). */
#ifndef MOTCUA_IMPORT_INTERNAL_H
#define MOTCUA_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/import.h"

/* Where a JSON value being validated came from. */
struct jctx {
	struct import_result *r;
	long element;	/* 1-based array element */
	long line;	/* its first source line */
};

/* Record an error at line/element/field in r with a printf message. Returns E_INVALID. */
enum err import_fail(struct import_result *r, long line, long element, const char *field,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reset r, check size and UTF-8, and parse text as a JSON array (duplicate keys rejected).
 * On success *root is the array (caller decrefs) and *lines a malloc'ed array of the first
 * source line of each element (caller frees). On failure r says why (E_INVALID, E_LIMIT). */
/* Validate and save one element of a JSON array file; seen maps codes already in the file to
 * their element number. */
typedef enum err (*import_element_fn)(struct db *db, struct jctx *c, json_t *obj, json_t *seen);

/* The commit hook of import_run_hooked on this thread (E_OK when none): call it inside the
 * transaction just before db_commit. */
enum err import_before_commit(struct db *db, const struct import_result *r);

/* Import a JSON array file in one transaction: parse text, then call one() for every element
 * in order; the first error rolls everything back (r says where and why). */
enum err import_json_elements(struct db *db, const char *text, size_t len,
			      struct import_result *r, import_element_fn one);

enum err import_json_array(const char *text, size_t len, struct import_result *r, json_t **root,
			   long **lines);

/* Validation helpers: each returns true when the value is acceptable, otherwise records
 * "field: reason" through import_fail and returns false. field names the value for the
 * message ("fees[2].amount"). */
bool jfail(struct jctx *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* obj must be an object whose keys are all in allowed (NULL-terminated). */
bool j_object(struct jctx *c, json_t *obj, const char *field, const char *const *allowed);
/* Non-empty (when required) UTF-8 string of at most maxchars characters; *out NULL when
 * absent or null and not required. */
bool j_string(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	      size_t maxchars, const char **out);
/* String that is one of choices (NULL-terminated); *out NULL when absent and not required. */
bool j_enum(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	    const char *const *choices, const char **out);
/* Integer in [min, max]; when absent and not required *out is left unchanged. */
bool j_int(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	   int64_t min, int64_t max, int64_t *out);
/* Boolean; when absent *out is left unchanged. */
bool j_bool(struct jctx *c, json_t *obj, const char *key, const char *field, bool *out);
/* Array (absent or null gives NULL in *out, an error when required). */
bool j_array(struct jctx *c, json_t *obj, const char *key, const char *field, bool required,
	     json_t **out);

/* Compact JSON text of v (caller frees), keeping UTF-8 as is. */
char *j_dump(const json_t *v);

#endif
