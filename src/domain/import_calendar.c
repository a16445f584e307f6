/* import_calendar.c - `motcua import calendar`: CSV with the header date,working,name,source
 * (formats.md). Fields may be double-quoted (RFC 4180, "" for a quote) but not span lines.
 * Re-importing a date replaces its row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "motcua/calendar_store.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "motcua/xalloc.h"

#define CAL_FIELDS 4
#define CAL_FIELD_MAX 1000	/* bytes of one field */
#define CAL_NAME_MAX 200	/* characters */
#define CAL_SOURCE_MAX 300
#define CAL_YEAR_MIN 1970
#define CAL_YEAR_MAX 2199

static const char *const header[CAL_FIELDS] = { "date", "working", "name", "source" };

struct cal_line {
	long line;
	int64_t day;
	bool working;
	char date[11];
	char *name;
	char *source;
};

/* Split one line (without its newline) into at most CAL_FIELDS fields copied into f (each
 * CAL_FIELD_MAX + 1 bytes). Returns the number of fields, or -1 with *why set. */
static int split_csv(const char *s, size_t n, char f[CAL_FIELDS + 1][CAL_FIELD_MAX + 1],
		     const char **why)
{
	int nf = 0;
	size_t i = 0;
	for (;;) {
		if (nf > CAL_FIELDS) {
			*why = "more than 4 fields";
			return -1;
		}
		size_t len = 0;
		char *out = f[nf];
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					*why = "a quoted field is not closed on its line";
					return -1;
				}
				if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
					i++;
				} else if (s[i] == '"') {
					i++;
					break;
				}
				if (len >= CAL_FIELD_MAX) {
					*why = "a field is longer than 1000 bytes";
					return -1;
				}
				out[len++] = s[i++];
			}
			if (i < n && s[i] != ',') {
				*why = "text after a closing quote";
				return -1;
			}
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"') {
					*why = "a quote inside an unquoted field";
					return -1;
				}
				if (len >= CAL_FIELD_MAX) {
					*why = "a field is longer than 1000 bytes";
					return -1;
				}
				out[len++] = s[i++];
			}
		}
		out[len] = '\0';
		nf++;
		if (i >= n)
			return nf;
		i++;	/* the comma */
	}
}

/* Validate the fields of data line `line` into *out. E_INVALID recorded in r on error. */
static enum err parse_row(struct import_result *r, long line, int nf,
			  char f[CAL_FIELDS + 1][CAL_FIELD_MAX + 1], struct cal_line *out)
{
	if (nf != CAL_FIELDS)
		return import_fail(r, line, 0, NULL,
				   "4 fields expected (date,working,name,source), found %d", nf);
	int y, m, d;
	if (!parse_ymd(f[0], &out->day))
		return import_fail(r, line, 0, "date", "'%s' is not a date YYYY-MM-DD", f[0]);
	civil_from_days(out->day, &y, &m, &d);
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return import_fail(r, line, 0, "date", "year %d is outside %d..%d", y,
				   CAL_YEAR_MIN, CAL_YEAR_MAX);
	format_ymd(out->day, out->date);
	if (strcmp(f[1], "0") != 0 && strcmp(f[1], "1") != 0)
		return import_fail(r, line, 0, "working", "'%s' is not 0 (day off) or 1 (working)",
				   f[1]);
	out->working = f[1][0] == '1';
	if (!f[2][0])
		return import_fail(r, line, 0, "name", "must not be empty");
	if (utf8_length(f[2], strlen(f[2])) > CAL_NAME_MAX)
		return import_fail(r, line, 0, "name", "longer than %d characters", CAL_NAME_MAX);
	if (utf8_length(f[3], strlen(f[3])) > CAL_SOURCE_MAX)
		return import_fail(r, line, 0, "source", "longer than %d characters",
				   CAL_SOURCE_MAX);
	out->line = line;
	out->name = xstrdup(f[2]);
	out->source = xstrdup(f[3]);
	return E_OK;
}

/* qsort comparator: by day, then by line. */
static int by_day(const void *a, const void *b)
{
	const struct cal_line *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Parse the whole file into rows (*rows malloc'ed, *n of them). E_INVALID recorded in r. */
static enum err parse_file(const char *text, size_t len, struct import_result *r,
			   struct cal_line **rows, size_t *n)
{
	char(*f)[CAL_FIELD_MAX + 1] = xmalloc((CAL_FIELDS + 1) * (CAL_FIELD_MAX + 1));
	size_t cap = 0;
	enum err e = E_OK;
	long line = 0;
	bool seen_header = false;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	for (size_t pos = 0; pos < len && e == E_OK;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t ll = end - pos;
		const char *s = text + pos;
		pos = end + 1;
		line++;
		if (ll && s[ll - 1] == '\r')
			ll--;
		if (ll == 0)
			continue;	/* blank lines (a trailing newline) are allowed */
		const char *why = NULL;
		int nf = split_csv(s, ll, f, &why);
		if (nf < 0) {
			e = import_fail(r, line, 0, NULL, "%s", why);
			break;
		}
		if (!seen_header) {
			for (int i = 0; i < CAL_FIELDS && e == E_OK; i++)
				if (nf != CAL_FIELDS || strcmp(f[i], header[i]) != 0)
					e = import_fail(r, line, 0, NULL,
							"the header must be date,working,name,source");
			seen_header = true;
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = xrealloc(*rows, cap * sizeof(**rows));
		}
		e = parse_row(r, line, nf, f, &(*rows)[*n]);
		if (e == E_OK)
			(*n)++;
	}
	if (e == E_OK && !seen_header)
		e = import_fail(r, 1, 0, NULL, "empty file: the header date,working,name,source "
				"is missing");
	free(f);
	if (e != E_OK || *n < 2)
		return e;
	struct cal_line *sorted = xmalloc(*n * sizeof(*sorted));
	memcpy(sorted, *rows, *n * sizeof(*sorted));
	qsort(sorted, *n, sizeof(*sorted), by_day);
	for (size_t i = 1; i < *n && e == E_OK; i++)
		if (sorted[i].day == sorted[i - 1].day)
			e = import_fail(r, sorted[i].line, 0, "date", "%s repeats line %ld",
					sorted[i].date, sorted[i - 1].line);
	free(sorted);
	return e;
}

/* Write the rows in one transaction. */
static enum err save_rows(struct db *db, struct cal_line *rows, size_t n, struct import_result *r)
{
	if (db_begin(db) != E_OK)
		return import_fail(r, 0, 0, NULL, "the database is busy or cannot be written"),
		       E_DB;
	int64_t before = calendar_store_count(db);
	enum err e = before < 0 ? E_DB : E_OK;
	for (size_t i = 0; i < n && e == E_OK; i++) {
		struct calendar_row row = { rows[i].day, rows[i].date, rows[i].working,
					    rows[i].name, rows[i].source };
		e = calendar_store_upsert(db, &row);
		if (e != E_OK)
			import_fail(r, rows[i].line, 0, NULL, "database error (%s); nothing imported",
				    err_name(e));
	}
	int64_t after = e == E_OK ? calendar_store_count(db) : -1;
	if (e == E_OK && after < 0)
		e = E_DB;
	if (e == E_OK) {
		r->inserted = after - before;
		r->updated = (int64_t)n - r->inserted;
		e = import_before_commit(db, r);
	}
	if (e == E_OK)
		e = db_commit(db);
	if (e != E_OK) {
		r->inserted = r->updated = 0;
		db_rollback(db);
		if (!r->message[0])
			import_fail(r, 0, 0, NULL, "database error (%s); nothing imported",
				    err_name(e));
		return e;
	}
	return E_OK;
}

/* See import.h. */
enum err import_calendar(struct db *db, const char *text, size_t len, struct import_result *r)
{
	memset(r, 0, sizeof(*r));
	if (len > (size_t)IMPORT_MAX_BYTES)
		return import_fail(r, 0, 0, NULL, "file larger than %ld bytes", IMPORT_MAX_BYTES),
		       E_LIMIT;
	if (!utf8_valid(text, len))
		return import_fail(r, 0, 0, NULL, "file is not valid UTF-8");
	struct cal_line *rows = NULL;
	size_t n = 0;
	enum err e = parse_file(text, len, r, &rows, &n);
	r->rows = (int64_t)n;
	if (e == E_OK)
		e = save_rows(db, rows, n, r);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].source);
	}
	free(rows);
	return e;
}
