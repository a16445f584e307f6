/* jsonw.h - a small writer for flat JSON objects (integers, booleans, strings) whose output is
 * byte for byte what jansson's json_dumps(JSON_COMPACT | JSON_SORT_KEYS) prints for the same
 * object. The engine records event data with it: the text is hashed into the audit chain, so
 * it must never change, and building a jansson object per event cost more than the rest of
 * the event's own work (docs/engine.md, "Speed of the batch path"). */
#ifndef MOTCUA_JSONW_H
#define MOTCUA_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/buf.h"

#define JSONW_MAX 24	/* members per object; more is a programming error (abort) */

enum jsonw_type { JW_INT, JW_BOOL, JW_STR, JW_DIGITS, JW__MAX };

struct jsonw_member {
	const char *key;		/* static or outliving the writer */
	enum jsonw_type type;
	int64_t i;			/* JW_INT, JW_BOOL (0/1) */
	const char *s;			/* JW_STR, JW_DIGITS: borrowed, must outlive jsonw_dump */
};

struct jsonw {
	struct jsonw_member m[JSONW_MAX];
	int n;
};

/* Empty object. */
void jsonw_init(struct jsonw *w);
/* Set key to an integer / boolean, replacing an earlier value of the same key. */
void jsonw_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_bool(struct jsonw *w, const char *key, bool v);
/* Set key to the string v (borrowed). Like json_object_set_new(o, k, json_string(v)): when v
 * is NULL or not valid UTF-8 nothing is set and false is returned. */
bool jsonw_str(struct jsonw *w, const char *key, const char *v);
/* Set key to an array of one-digit integers, one per character of digits ("012" ->
 * [0,1,2]), as jansson prints an array of integers. digits (borrowed) must be only '0'..'9';
 * otherwise (or NULL) nothing is set and false is returned. */
bool jsonw_digits(struct jsonw *w, const char *key, const char *digits);
/* Append the object as compact JSON with keys in strcmp order to out. */
void jsonw_dump(const struct jsonw *w, struct buf *out);

/* Append v in decimal. */
void jsonw_put_int(struct buf *out, int64_t v);
/* Append s as a JSON string escaped the way jansson does (\" \\ \b \f \n \r \t, other
 * control characters as \u00XX in upper-case hex, other bytes as they are). */
void jsonw_put_string(struct buf *out, const char *s);

#endif
