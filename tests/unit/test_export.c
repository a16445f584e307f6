/* test_export.c - CSV and XLSX exports (export.h): the CSV text byte for byte, and the XLSX
 * file as a zip whose sheet1.xml holds the same numbers and texts (read with unzip -p). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "motcua/export.h"
#include "motcua/xalloc.h"

/* A fresh folder under /tmp for the exports' temporary files. */
static void tmp_folder(char out[64])
{
	snprintf(out, 64, "/tmp/motcua-export-XXXXXX");
	if (!mkdtemp(out))
		abort();
}

/* Read all of fd (size bytes, positioned at 0) into a NUL-terminated copy. Caller frees. */
static char *slurp(int fd, uint64_t size)
{
	char *s = xmalloc(size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, s + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	s[got] = '\0';
	return s;
}

/* The number of entries left in folder (the temporary files must all be gone). */
static int entries(const char *folder)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", folder);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

/* Write the small table used by both formats. */
static void write_table(struct export *x)
{
	static const char *const head[] = { "Mã", "Tên", "Số", "Tỉ lệ" };
	CHECK_INT(export_columns(x, head, 4), E_OK);
	CHECK_INT(export_text(x, "H29.23"), E_OK);
	CHECK_INT(export_text(x, "Phường \"Bình\", Chánh"), E_OK);
	CHECK_INT(export_int(x, 1234567), E_OK);
	CHECK_INT(export_real(x, 0.79815, 4), E_OK);
	CHECK_INT(export_end_row(x), E_OK);
	CHECK_INT(export_text(x, "=HYPERLINK(\"x\")"), E_OK);
	CHECK_INT(export_empty(x), E_OK);
	CHECK_INT(export_int(x, -5), E_OK);
	CHECK_INT(export_real(x, 79.8123, 2), E_OK);
	CHECK_INT(export_end_row(x), E_OK);
}

static void test_csv_quotes_guards_and_numbers(void)
{
	char dir[64];
	tmp_folder(dir);
	struct export *x = NULL;
	CHECK_INT(export_open(EXPORT_CSV, dir, "ignored", &x), E_OK);
	write_table(x);
	CHECK_INT(entries(dir), 0);	/* unlinked at once */
	int fd = -1;
	uint64_t size = 0;
	CHECK_INT(export_finish(x, &fd, &size), E_OK);
	char *s = slurp(fd, size);
	CHECK_STR(s, "\xEF\xBB\xBF"
		     "Mã,Tên,Số,Tỉ lệ\r\n"
		     "H29.23,\"Phường \"\"Bình\"\", Chánh\",1234567,0.7982\r\n"
		     "\"'=HYPERLINK(\"\"x\"\")\",,-5,79.81\r\n");
	CHECK_INT(size, strlen(s));
	free(s);
	close(fd);
	rmdir(dir);
}

static void test_csv_line_break_and_leading_signs_are_quoted(void)
{
	char dir[64];
	tmp_folder(dir);
	struct export *x = NULL;
	CHECK_INT(export_open(EXPORT_CSV, dir, NULL, &x), E_OK);
	CHECK_INT(export_text(x, "a\nb"), E_OK);
	CHECK_INT(export_text(x, "+84 90"), E_OK);
	CHECK_INT(export_text(x, "@x"), E_OK);
	CHECK_INT(export_text(x, NULL), E_OK);
	CHECK_INT(export_end_row(x), E_OK);
	int fd = -1;
	uint64_t size = 0;
	CHECK_INT(export_finish(x, &fd, &size), E_OK);
	char *s = slurp(fd, size);
	CHECK_STR(s, "\xEF\xBB\xBF\"a\nb\",\"'+84 90\",\"'@x\",\r\n");
	free(s);
	close(fd);
	rmdir(dir);
}

/* unzip -p of one member of the file behind fd (copied to a named file first). Caller
 * frees; NULL when unzip fails. */
static char *unzip_member(const char *dir, int fd, uint64_t size, const char *member)
{
	char path[128], cmd[256];
	snprintf(path, sizeof(path), "%s/copy.xlsx", dir);
	char *data = slurp(fd, size);
	FILE *f = fopen(path, "wb");
	if (!f) {
		free(data);
		return NULL;
	}
	fwrite(data, 1, size, f);
	fclose(f);
	free(data);
	snprintf(cmd, sizeof(cmd), "unzip -p %s %s", path, member);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *out = xmalloc(cap);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 1024)
			out = xrealloc(out, cap *= 2);
	}
	out[len] = '\0';
	int rc = pclose(p);
	unlink(path);
	if (rc != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void test_xlsx_is_a_zip_with_the_numbers_in_sheet1(void)
{
	char dir[64];
	tmp_folder(dir);
	struct export *x = NULL;
	CHECK_INT(export_open(EXPORT_XLSX, dir, "Tìm kiếm: [hồ sơ]", &x), E_OK);
	write_table(x);
	int fd = -1;
	uint64_t size = 0;
	CHECK_INT(export_finish(x, &fd, &size), E_OK);
	CHECK_INT(entries(dir), 0);	/* the result and libxlsxwriter's spool are unlinked */
	CHECK(size > 100);
	char *sheet = unzip_member(dir, fd, size, "xl/worksheets/sheet1.xml");
	CHECK(sheet != NULL);
	if (sheet) {
		CHECK(strstr(sheet, "<v>1234567</v>") != NULL);
		CHECK(strstr(sheet, "<v>0.79815</v>") != NULL);
		CHECK(strstr(sheet, "<v>-5</v>") != NULL);
		CHECK(strstr(sheet, "Phường &quot;Bình&quot;, Chánh") != NULL ||
		      strstr(sheet, "Phường \"Bình\", Chánh") != NULL);
		/* text is a string cell, never a formula */
		CHECK(strstr(sheet, "<f>") == NULL);
		CHECK(strstr(sheet, "HYPERLINK") != NULL);
	}
	free(sheet);
	lseek(fd, 0, SEEK_SET);
	char *book = unzip_member(dir, fd, size, "xl/workbook.xml");
	CHECK(book && strstr(book, "name=\"Tìm kiếm   hồ sơ \"") != NULL);
	free(book);
	close(fd);
	rmdir(dir);
}

static void test_xlsx_many_rows_finish(void)
{
	char dir[64];
	tmp_folder(dir);
	struct export *x = NULL;
	CHECK_INT(export_open(EXPORT_XLSX, dir, "rows", &x), E_OK);
	for (int i = 0; i < 20000; i++) {
		export_int(x, i);
		export_text(x, "hồ sơ");
		export_end_row(x);
	}
	int fd = -1;
	uint64_t size = 0;
	CHECK_INT(export_finish(x, &fd, &size), E_OK);
	char *sheet = unzip_member(dir, fd, size, "xl/worksheets/sheet1.xml");
	CHECK(sheet && strstr(sheet, "<v>19999</v>") != NULL);
	free(sheet);
	close(fd);
	rmdir(dir);
}

static void test_open_in_missing_folder_is_io_error(void)
{
	struct export *x = (struct export *)1;
	CHECK_INT(export_open(EXPORT_CSV, "/nonexistent/motcua", NULL, &x), E_IO);
	CHECK(x == NULL);
	CHECK_INT(export_open(EXPORT_XLSX, "/nonexistent/motcua", NULL, &x), E_IO);
	export_abort(NULL);
}

static void test_abort_leaves_nothing(void)
{
	char dir[64];
	tmp_folder(dir);
	struct export *x = NULL;
	CHECK_INT(export_open(EXPORT_XLSX, dir, "a", &x), E_OK);
	export_int(x, 1);
	export_abort(x);
	CHECK_INT(export_open(EXPORT_CSV, dir, "a", &x), E_OK);
	export_int(x, 1);
	export_abort(x);
	CHECK_INT(entries(dir), 0);
	rmdir(dir);
}

static void test_format_names(void)
{
	CHECK_INT(export_format_parse("csv"), EXPORT_CSV);
	CHECK_INT(export_format_parse("xlsx"), EXPORT_XLSX);
	CHECK_INT(export_format_parse("pdf"), -1);
	CHECK_INT(export_format_parse(NULL), -1);
	CHECK_STR(export_extension(EXPORT_XLSX), "xlsx");
	CHECK_STR(export_content_type(EXPORT_CSV), "text/csv; charset=utf-8");
	CHECK(strstr(export_content_type(EXPORT_XLSX), "spreadsheetml") != NULL);
}

int main(void)
{
	RUN(test_csv_quotes_guards_and_numbers);
	RUN(test_csv_line_break_and_leading_signs_are_quoted);
	RUN(test_xlsx_is_a_zip_with_the_numbers_in_sheet1);
	RUN(test_xlsx_many_rows_finish);
	RUN(test_open_in_missing_folder_is_io_error);
	RUN(test_abort_leaves_nothing);
	RUN(test_format_names);
	return harness_done("test_export");
}
