/* export.h - tables and dossier lists exported as CSV or XLSX (issue 9 §8), written row by
 * row into an unlinked temporary file so that memory never grows with the number of rows
 * (XLSX through libxlsxwriter in constant-memory mode), then sent with res_file().
 *
 * Use: export_open -> export_columns -> (export_text | export_int | export_real | export_empty)*
 * per cell, export_end_row after each row -> export_finish (gives the fd and size to send) or
 * export_abort. Cells of a row must be written left to right. Text cells are UTF-8; a text
 * starting with = + - @ is written so that spreadsheets do not run it as a formula. */
#ifndef MOTCUA_EXPORT_H
#define MOTCUA_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/err.h"

enum export_format { EXPORT_CSV, EXPORT_XLSX };

/* The format named s ("csv" or "xlsx"), or -1. */
int export_format_parse(const char *s);
/* "text/csv; charset=utf-8" or the XLSX media type. */
const char *export_content_type(enum export_format f);
/* "csv" or "xlsx". */
const char *export_extension(enum export_format f);

struct export;

/* Start an export in tmp_dir (a folder on the files volume; the file is unlinked at once).
 * sheet is the XLSX sheet name (at most 31 characters are used; ignored for CSV). CSV begins
 * with a UTF-8 byte-order mark. E_IO when the file cannot be made. */
enum err export_open(enum export_format f, const char *tmp_dir, const char *sheet,
		     struct export **out);
/* The header row (bold in XLSX). */
enum err export_columns(struct export *x, const char *const *names, int n);
enum err export_text(struct export *x, const char *s);	/* NULL = empty */
enum err export_int(struct export *x, int64_t v);
/* A number shown with `decimals` decimals (rates: 4; scores: 2). */
enum err export_real(struct export *x, double v, int decimals);
enum err export_empty(struct export *x);
enum err export_end_row(struct export *x);
/* Close the writer; *fd (positioned at 0, owned by the caller: pass it to res_file) and
 * *size receive the finished file. The export is freed. */
enum err export_finish(struct export *x, int *fd, uint64_t *size);
/* Abandon and free (NULL allowed). */
void export_abort(struct export *x);

#endif
