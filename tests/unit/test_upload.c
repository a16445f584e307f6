/* test_upload.c - file parts streamed to disk: the hash equals a one-shot BLAKE2b whatever the
 * piece sizes, memory stays flat for a big file, temporary files go away on abort and refusal,
 * the kind is recognised by content only, identical files are stored once. */
#include "harness.h"

#include <dirent.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "motcua/arena.h"
#include "motcua/http.h"

static char dir[64];
static char tmp[96];
static struct form_limits limits = { 1024, 1 << 20, 4, NULL };

static const struct field_spec doc_fields[] = {
	{ .name = "title", .kind = FK_TEXT, .max = 100 },
	{ .name = "doc", .kind = FK_FILE, .kinds = UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG },
	{ .name = NULL },
};

static const struct field_spec pdf_only[] = {
	{ .name = "doc", .kind = FK_FILE, .kinds = UPLOAD_PDF },
	{ .name = NULL },
};

/* Entries of folder path other than . and .. */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* n deterministic bytes starting with head. */
static unsigned char *make_bytes(size_t n, const char *head, size_t head_len)
{
	unsigned char *b = malloc(n);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		b[i] = (unsigned char)x;
	}
	memcpy(b, head, head_len);
	return b;
}

/* Feed data[0..n) as the value of key in pieces of odd, varying sizes. */
static enum err feed_pieces(struct form *f, const char *key, const char *filename,
			    const char *mime, const unsigned char *data, size_t n)
{
	static const size_t sizes[] = { 1, 3, 7, 13, 8191, 5, 65537, 2, 999 };
	size_t off = 0, i = 0;
	while (off < n) {
		size_t c = sizes[i++ % (sizeof(sizes) / sizeof(sizes[0]))];
		if (c > n - off)
			c = n - off;
		enum err e = form_feed(f, key, filename, mime, off, (const char *)data + off, c);
		if (e != E_OK)
			return e;
		off += c;
	}
	return E_OK;
}

/* One-shot BLAKE2b-256 of data in hex. */
static void one_shot(const unsigned char *data, size_t n, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), data, n, NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

static void hash_equals_one_shot_blake2b_fed_in_odd_pieces(void)
{
	size_t n = 300001;
	unsigned char *data = make_bytes(n, "%PDF-1.7\n", 9);
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &limits, false);
	CHECK_INT(feed_pieces(f, "doc", "hồ sơ.pdf", "application/pdf", data, n), E_OK);
	form_finish(f);
	const struct upload *u = form_file(f, "doc");
	char want[65];
	one_shot(data, n, want);
	CHECK(u != NULL);
	if (u) {
		CHECK_STR(u->hash, want);
		CHECK_INT(u->size, n);
		CHECK_INT(u->kind, UPLOAD_PDF);
		CHECK_STR(u->name, "hồ sơ.pdf");
		CHECK(u->path == NULL);
	}
	CHECK_INT(count_entries(tmp), 1);	/* still a temporary file until kept */
	form_free(f);
	arena_free(a);
	free(data);
}

static void big_file_fed_piecewise_keeps_memory_flat(void)
{
	struct form_limits big = limits;
	big.file_max = (size_t)64 << 20;
	static char piece[65536];
	memset(piece, 'x', sizeof(piece));
	memcpy(piece, "%PDF-1.4", 8);
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &big, false);
	CHECK_INT(form_feed(f, "doc", "big.pdf", "application/pdf", 0, piece, sizeof(piece)), E_OK);
	size_t before = mallinfo2().uordblks;
	size_t peak = before;
	uint64_t off = sizeof(piece);
	for (int i = 1; i < 512; i++) {	/* 32 MiB in total */
		CHECK_INT(form_feed(f, "doc", "big.pdf", "application/pdf", off, piece, sizeof(piece)),
			  E_OK);
		off += sizeof(piece);
		size_t now = mallinfo2().uordblks;
		if (now > peak)
			peak = now;
	}
	form_finish(f);
	const struct upload *u = form_file(f, "doc");
	CHECK(u && u->size == off);
	CHECK(peak - before < 16 * 1024);	/* no file data on the heap */
	form_free(f);
	arena_free(a);
	CHECK_INT(count_entries(tmp), 0);
}

static void temporary_file_removed_on_abort(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &limits, false);
	CHECK_INT(form_feed(f, "doc", "a.pdf", "application/pdf", 0, "%PDF-1.4 part", 13), E_OK);
	CHECK_INT(count_entries(tmp), 1);
	form_free(f);	/* the connection went away before the end of the body */
	arena_free(a);
	CHECK_INT(count_entries(tmp), 0);
}

static void temporary_file_removed_when_over_the_cap(void)
{
	struct form_limits small = limits;
	small.file_max = 1000;
	unsigned char *data = make_bytes(1001, "%PDF-1.4", 8);
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &small, false);
	CHECK_INT(feed_pieces(f, "doc", "a.pdf", "application/pdf", data, 1001), E_OK);
	CHECK_INT(count_entries(tmp), 0);	/* removed at once, before the request ends */
	form_finish(f);
	CHECK(form_file(f, "doc") == NULL);
	CHECK_STR(form_error(f), "doc: too_large");
	CHECK_INT(form_file_keep(f, "doc"), E_NOTFOUND);
	form_free(f);
	arena_free(a);
	free(data);
}

static void file_at_exactly_the_cap_is_accepted(void)
{
	struct form_limits small = limits;
	small.file_max = 1000;
	unsigned char *data = make_bytes(1000, "%PDF-1.4", 8);
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &small, false);
	CHECK_INT(feed_pieces(f, "doc", "a.pdf", "application/pdf", data, 1000), E_OK);
	form_finish(f);
	CHECK(form_file(f, "doc") != NULL);
	CHECK(form_error(f) == NULL);
	form_free(f);
	arena_free(a);
	free(data);
}

static void kind_is_sniffed_from_content(void)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0 };
	static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F' };
	CHECK_INT(upload_sniff((const unsigned char *)"%PDF-1.7", 8), UPLOAD_PDF);
	CHECK_INT(upload_sniff(jpeg, sizeof(jpeg)), UPLOAD_JPEG);
	CHECK_INT(upload_sniff(png, sizeof(png)), UPLOAD_PNG);
	CHECK_INT(upload_sniff(png, 7), UPLOAD_NONE);	/* a truncated signature */
	CHECK_INT(upload_sniff((const unsigned char *)"%PDF", 4), UPLOAD_NONE);
	CHECK_INT(upload_sniff((const unsigned char *)"<!doctype html>", 15), UPLOAD_NONE);
	CHECK_INT(upload_sniff((const unsigned char *)" %PDF-1.7", 9), UPLOAD_NONE);
	CHECK_STR(upload_kind_mime(UPLOAD_PNG), "image/png");
	CHECK_STR(upload_kind_name(UPLOAD_JPEG), "jpeg");
	CHECK_INT(upload_kind_parse("pdf"), UPLOAD_PDF);
	CHECK_INT(upload_kind_parse("exe"), UPLOAD_NONE);
}

/* Feed one whole file part into a fresh form over fields; returns the form error. */
static const char *one_file(const struct field_spec *fields, const char *name, const char *mime,
			    const void *data, size_t n)
{
	static char err[64];
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	feed_pieces(f, "doc", name, mime, data, n);
	form_finish(f);
	snprintf(err, sizeof(err), "%s", form_error(f) ? form_error(f) : "-");
	if (form_file(f, "doc") && form_error(f))
		snprintf(err, sizeof(err), "file handed over with an error");
	form_free(f);
	arena_free(a);
	return err;
}

static void html_named_pdf_is_refused(void)
{
	const char *html = "<!doctype html><script>alert(1)</script>";
	CHECK_STR(one_file(doc_fields, "giay-to.pdf", "application/pdf", html, strlen(html)),
		  "doc: wrong_kind");
	CHECK_INT(count_entries(tmp), 0);
}

static void kind_not_allowed_by_the_field_is_refused(void)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2 };
	CHECK_STR(one_file(pdf_only, "a.pdf", "application/pdf", png, sizeof(png)), "doc: wrong_kind");
	CHECK_STR(one_file(doc_fields, "a.png", "image/png", png, sizeof(png)), "-");
	CHECK_STR(one_file(pdf_only, "a.pdf", "application/pdf", "%P", 2), "doc: wrong_kind");
	CHECK_INT(count_entries(tmp), 0);
}

/* Upload data as field "doc" and keep it; the stored path into out. */
static enum err upload_and_keep(const unsigned char *data, size_t n, char *out, size_t cap)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &limits, false);
	feed_pieces(f, "doc", "x.pdf", "application/pdf", data, n);
	form_finish(f);
	enum err e = form_file_keep(f, "doc");
	const struct upload *u = form_file(f, "doc");
	if (e == E_OK && u && u->path)
		snprintf(out, cap, "%s", u->path);
	CHECK_INT(form_file_keep(f, "doc"), E_OK);	/* twice is harmless */
	form_free(f);
	arena_free(a);
	return e;
}

static void identical_files_are_stored_once_under_their_hash(void)
{
	size_t n = 5000;
	unsigned char *data = make_bytes(n, "%PDF-1.5", 8);
	char hash[65], want[512], p1[512] = "", p2[512] = "";
	one_shot(data, n, hash);
	upload_store_path(dir, hash, want, sizeof(want));
	CHECK_INT(upload_and_keep(data, n, p1, sizeof(p1)), E_OK);
	CHECK_INT(upload_and_keep(data, n, p2, sizeof(p2)), E_OK);
	CHECK_STR(p1, want);
	CHECK_STR(p2, want);
	char fan[128];
	snprintf(fan, sizeof(fan), "%s/%.2s", dir, hash);
	CHECK_INT(count_entries(fan), 1);
	CHECK_INT(count_entries(tmp), 0);
	struct stat st;
	CHECK(stat(want, &st) == 0 && st.st_size == (off_t)n && (st.st_mode & 0777) == 0600);
	FILE *fp = fopen(want, "rb");
	unsigned char *back = malloc(n);
	CHECK(fp && fread(back, 1, n, fp) == n && memcmp(back, data, n) == 0);
	if (fp)
		fclose(fp);
	free(back);
	free(data);
}

static void store_path_refuses_what_is_not_a_hash(void)
{
	char out[256];
	CHECK(upload_store_path(dir, "../../etc/passwd", out, sizeof(out)) == NULL);
	CHECK(upload_store_path(dir, "ABCDEF", out, sizeof(out)) == NULL);
	char h[65];
	memset(h, 'a', 64);
	h[64] = '\0';
	CHECK(upload_store_path(dir, h, out, sizeof(out)) != NULL);
	CHECK(upload_store_path(dir, h, out, 10) == NULL);
}

static void stale_temporary_files_removed_at_start(void)
{
	char stale[160], fresh[160];
	snprintf(stale, sizeof(stale), "%s/up-stale1", tmp);
	snprintf(fresh, sizeof(fresh), "%s/up-fresh1", tmp);
	FILE *fp = fopen(stale, "w");
	if (fp)
		fclose(fp);
	fp = fopen(fresh, "w");
	if (fp)
		fclose(fp);
	struct timeval old[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };
	CHECK(utimes(stale, old) == 0);
	CHECK_INT(count_entries(tmp), 2);
	CHECK_INT(upload_dir_prepare(dir), E_OK);
	CHECK(access(stale, F_OK) != 0);	/* left by a crash an hour ago */
	CHECK(access(fresh, F_OK) == 0);	/* maybe another server's upload in flight */
	unlink(fresh);
}

static void no_files_folder_refuses_the_file(void)
{
	struct form_limits none = limits;
	none.files_dir = NULL;
	struct arena *a = arena_new();
	struct form *f = form_new(a, doc_fields, &none, false);
	CHECK_INT(form_feed(f, "doc", "a.pdf", "application/pdf", 0, "%PDF-1.4", 8), E_OK);
	form_finish(f);
	CHECK(form_file(f, "doc") == NULL);
	CHECK_STR(form_error(f), "doc: not_saved");
	form_free(f);
	arena_free(a);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	snprintf(dir, sizeof(dir), "/tmp/motcua-test-upload-XXXXXX");
	if (!mkdtemp(dir) || upload_dir_prepare(dir) != E_OK)
		return 1;
	snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
	limits.files_dir = dir;
	RUN(hash_equals_one_shot_blake2b_fed_in_odd_pieces);
	RUN(big_file_fed_piecewise_keeps_memory_flat);
	RUN(temporary_file_removed_on_abort);
	RUN(temporary_file_removed_when_over_the_cap);
	RUN(file_at_exactly_the_cap_is_accepted);
	RUN(kind_is_sniffed_from_content);
	RUN(html_named_pdf_is_refused);
	RUN(kind_not_allowed_by_the_field_is_refused);
	RUN(identical_files_are_stored_once_under_their_hash);
	RUN(store_path_refuses_what_is_not_a_hash);
	RUN(stale_temporary_files_removed_at_start);
	RUN(no_files_folder_refuses_the_file);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done("test_upload");
}
