/* export.c - tables written as CSV or XLSX into an unlinked temporary file (export.h).
 * CSV goes through a stdio buffer; XLSX through libxlsxwriter in constant-memory mode, which
 * keeps one row in memory and spools the sheet into its own temporary files under tmp_dir. */
#include "motcua/export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define XLSX_MAX_ROWS 1048576u	/* a sheet's rows, header included */
#define XLSX_MAX_TEXT 32767u	/* a cell's characters */
#define XLSX_MAX_COLS 16384u

struct export {
	enum export_format format;
	int fd;			/* the unlinked result file */
	char path[PATH_MAX];	/* its name while libxlsxwriter still has to open it */
	uint32_t row, col;	/* the next cell */
	FILE *csv;		/* CSV: a stdio stream on a dup of fd */
	lxw_workbook *book;	/* XLSX */
	lxw_worksheet *sheet;
	lxw_format *bold;
	lxw_format *fixed[7];	/* number formats "0", "0.0", ... "0.000000", made on demand */
	bool failed;		/* a write failed: finish reports E_IO */
};

/* See export.h. */
int export_format_parse(const char *s)
{
	if (s && !strcmp(s, "csv"))
		return EXPORT_CSV;
	if (s && !strcmp(s, "xlsx"))
		return EXPORT_XLSX;
	return -1;
}

/* See export.h. */
const char *export_content_type(enum export_format f)
{
	return f == EXPORT_XLSX ? XLSX_TYPE : "text/csv; charset=utf-8";
}

/* See export.h. */
const char *export_extension(enum export_format f)
{
	return f == EXPORT_XLSX ? "xlsx" : "csv";
}

/* Copy the sheet name s into out (at most 31 bytes cut on a UTF-8 boundary), replacing the
 * characters Excel refuses in a sheet name ([ ] : * ? / \) by a space; "Sheet1" when empty. */
static void sheet_name(const char *s, char out[32])
{
	size_t n = 0;
	for (const char *p = s ? s : ""; *p && n < 31; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80 || !((unsigned char)*p & 0x80)) {
			out[n++] = strchr("[]:*?/\\", *p) ? ' ' : *p;
			continue;
		}
		/* a lead byte: copy the whole sequence or stop */
		size_t len = ((unsigned char)*p >= 0xF0) ? 4 : ((unsigned char)*p >= 0xE0) ? 3 : 2;
		if (n + len > 31)
			break;
		for (size_t i = 0; i < len && p[i]; i++)
			out[n++] = p[i];
		p += len - 1;
	}
	out[n] = '\0';
	/* Excel also refuses a name that begins or ends with an apostrophe */
	if (n && out[0] == '\'')
		out[0] = ' ';
	if (n && out[n - 1] == '\'')
		out[n - 1] = ' ';
	if (!n)
		snprintf(out, 32, "Sheet1");
}

/* Make the unlinked result file in tmp_dir. False (logged) when it cannot be made. */
static bool make_file(struct export *x, const char *tmp_dir)
{
	if (snprintf(x->path, sizeof(x->path), "%s/export-XXXXXX", tmp_dir) >=
	    (int)sizeof(x->path))
		return false;
	x->fd = mkostemp(x->path, O_CLOEXEC);
	if (x->fd < 0) {
		log_error("export: cannot create a file in %s: %s", tmp_dir, strerror(errno));
		return false;
	}
	/* libxlsxwriter opens its output by name when it closes the workbook: on Linux the
	 * descriptor's /proc name reopens the same (already unlinked) file. */
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", x->fd);
	if (x->format == EXPORT_CSV || access(proc, W_OK) == 0) {
		unlink(x->path);
		snprintf(x->path, sizeof(x->path), "%s", proc);
		if (x->format == EXPORT_XLSX)
			return true;
		x->path[0] = '\0';
	}
	return true;
}

/* See export.h. */
enum err export_open(enum export_format f, const char *tmp_dir, const char *sheet,
		     struct export **out)
{
	*out = NULL;
	struct export *x = xcalloc(1, sizeof(*x));
	x->format = f;
	x->fd = -1;
	if (!tmp_dir || !make_file(x, tmp_dir)) {
		export_abort(x);
		return E_IO;
	}
	if (f == EXPORT_CSV) {
		int d = dup(x->fd);
		x->csv = d < 0 ? NULL : fdopen(d, "w");
		if (!x->csv) {
			if (d >= 0)
				close(d);
			export_abort(x);
			return E_IO;
		}
		setvbuf(x->csv, NULL, _IOFBF, 64 * 1024);
		fputs("\xEF\xBB\xBF", x->csv);	/* BOM: spreadsheets then read UTF-8 */
		*out = x;
		return E_OK;
	}
	lxw_workbook_options o;
	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	o.tmpdir = (char *)tmp_dir;
	o.use_zip64 = LXW_FALSE;
	x->book = workbook_new_opt(x->path, &o);
	char name[32];
	sheet_name(sheet, name);
	x->sheet = x->book ? workbook_add_worksheet(x->book, name) : NULL;
	if (!x->sheet) {
		log_error("export: libxlsxwriter could not start a workbook in %s", tmp_dir);
		export_abort(x);
		return E_IO;
	}
	x->bold = workbook_add_format(x->book);
	format_set_bold(x->bold);
	*out = x;
	return E_OK;
}

/* Write one CSV field: quoted (RFC 4180) when it holds a comma, quote or line break, and with
 * a leading ' when it begins like a formula (= + - @, tab or carriage return). */
static void csv_field(struct export *x, const char *s)
{
	if (x->col > 0)
		fputc(',', x->csv);
	bool formula = *s && strchr("=+-@\t\r", *s);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, x->csv);
		return;
	}
	fputc('"', x->csv);
	if (formula)
		fputc('\'', x->csv);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', x->csv);
		fputc(*p, x->csv);
	}
	fputc('"', x->csv);
}

/* Check that a cell may be written at the current position: E_LIMIT past the sheet's last
 * row or column (the export then fails as a whole). */
static enum err cell_room(struct export *x)
{
	if (x->row >= XLSX_MAX_ROWS || x->col >= XLSX_MAX_COLS) {
		x->failed = true;
		return E_LIMIT;
	}
	return E_OK;
}

/* Note a libxlsxwriter error. */
static enum err xlsx_result(struct export *x, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return E_OK;
	log_error("export: %s", lxw_strerror(e));
	x->failed = true;
	return E_IO;
}

/* Write text s as the next cell, bold when asked (the header). */
static enum err put_text(struct export *x, const char *s, bool bold)
{
	enum err e = cell_room(x);
	if (e != E_OK)
		return e;
	if (!s)
		s = "";
	if (x->format == EXPORT_CSV) {
		csv_field(x, s);
		x->col++;
		return E_OK;
	}
	if (*s) {
		/* a cell holds at most 32,767 characters: cut longer text on a UTF-8 boundary */
		char *cut = NULL;
		if (strlen(s) > XLSX_MAX_TEXT) {
			size_t n = XLSX_MAX_TEXT;
			while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;
			cut = xstrndup(s, n);
		}
		/* libxlsxwriter writes text as a string cell: never a formula */
		e = xlsx_result(x, worksheet_write_string(x->sheet, x->row, (lxw_col_t)x->col,
							 cut ? cut : s, bold ? x->bold : NULL));
		free(cut);
	}
	x->col++;
	return e;
}

/* See export.h. */
enum err export_columns(struct export *x, const char *const *names, int n)
{
	/* XLSX: each column as wide as its header and at least 14 characters (constant-memory
	 * mode takes column settings only before the first row) */
	for (int i = 0; x->book && x->row == 0 && i < n && (unsigned)i < XLSX_MAX_COLS; i++) {
		size_t chars = names[i] ? strlen(names[i]) : 0;
		double width = chars < 14 ? 14 : chars > 60 ? 60 : (double)chars;
		worksheet_set_column(x->sheet, (lxw_col_t)i, (lxw_col_t)i, width, NULL);
	}
	for (int i = 0; i < n; i++) {
		enum err e = put_text(x, names[i], true);
		if (e != E_OK)
			return e;
	}
	return export_end_row(x);
}

/* See export.h. */
enum err export_text(struct export *x, const char *s)
{
	return put_text(x, s, false);
}

/* See export.h. */
enum err export_int(struct export *x, int64_t v)
{
	enum err e = cell_room(x);
	if (e != E_OK)
		return e;
	if (x->format == EXPORT_CSV) {
		if (x->col > 0)
			fputc(',', x->csv);
		fprintf(x->csv, "%" PRId64, v);
	} else {
		e = xlsx_result(x, worksheet_write_number(x->sheet, x->row, (lxw_col_t)x->col,
							 (double)v, NULL));
	}
	x->col++;
	return e;
}

/* The XLSX number format with `decimals` decimals (0..6), made once. */
static lxw_format *fixed_format(struct export *x, int decimals)
{
	if (!x->fixed[decimals]) {
		char pattern[16] = "0";
		if (decimals > 0) {
			pattern[1] = '.';
			memset(pattern + 2, '0', (size_t)decimals);
			pattern[2 + decimals] = '\0';
		}
		x->fixed[decimals] = workbook_add_format(x->book);
		format_set_num_format(x->fixed[decimals], pattern);
	}
	return x->fixed[decimals];
}

/* See export.h. */
enum err export_real(struct export *x, double v, int decimals)
{
	enum err e = cell_room(x);
	if (e != E_OK)
		return e;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	if (x->format == EXPORT_CSV) {
		if (x->col > 0)
			fputc(',', x->csv);
		if (v == v && v - v == 0)	/* finite */
			fprintf(x->csv, "%.*f", decimals, v);
	} else if (v == v && v - v == 0) {
		e = xlsx_result(x, worksheet_write_number(x->sheet, x->row, (lxw_col_t)x->col, v,
							 fixed_format(x, decimals)));
	}
	x->col++;
	return e;
}

/* See export.h. */
enum err export_empty(struct export *x)
{
	return put_text(x, NULL, false);
}

/* See export.h. */
enum err export_end_row(struct export *x)
{
	if (x->format == EXPORT_CSV) {
		fputs("\r\n", x->csv);
		if (ferror(x->csv)) {
			x->failed = true;
			return E_IO;
		}
	}
	x->row++;
	x->col = 0;
	return E_OK;
}

/* See export.h. */
enum err export_finish(struct export *x, int *fd, uint64_t *size)
{
	*fd = -1;
	*size = 0;
	bool ok = !x->failed;
	if (x->csv) {
		ok = fclose(x->csv) == 0 && ok;
		x->csv = NULL;
	}
	if (x->book) {
		lxw_error e = workbook_close(x->book);
		x->book = NULL;
		if (e != LXW_NO_ERROR) {
			log_error("export: closing the workbook: %s", lxw_strerror(e));
			ok = false;
		}
	}
	if (x->path[0] && strncmp(x->path, "/proc/", 6))
		unlink(x->path);	/* the name kept for libxlsxwriter (no /proc) */
	x->path[0] = '\0';
	struct stat st;
	if (ok && (fstat(x->fd, &st) != 0 || lseek(x->fd, 0, SEEK_SET) != 0))
		ok = false;
	if (!ok) {
		export_abort(x);
		return E_IO;
	}
	*fd = x->fd;
	*size = (uint64_t)st.st_size;
	x->fd = -1;
	export_abort(x);
	return E_OK;
}

/* See export.h. */
void export_abort(struct export *x)
{
	if (!x)
		return;
	if (x->csv)
		fclose(x->csv);
	if (x->book) {
		/* libxlsxwriter has no discard: closing writes the file, which is then dropped */
		workbook_close(x->book);
	}
	if (x->path[0] && strncmp(x->path, "/proc/", 6))
		unlink(x->path);
	if (x->fd >= 0)
		close(x->fd);
	free(x);
}
