/* test_form.c - the form accumulator (pieces, caps, undeclared fields) and the validators. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "motcua/arena.h"
#include "motcua/http.h"

static const char *const genders[] = { "nam", "nu", NULL };

static const struct field_spec fields[] = {
	{ .name = "ho_ten", .kind = FK_TEXT, .max = 100, .required = true },
	{ .name = "ghi_chu", .kind = FK_TEXTAREA },
	{ .name = "gioi_tinh", .kind = FK_ENUM, .required = true, .choices = genders },
	{ .name = "ngay_sinh", .kind = FK_DATE },
	{ .name = "dong_y", .kind = FK_CHECKBOX },
	{ .name = "giay_to", .kind = FK_FILE },
	{ .name = NULL },
};

/* files_dir: a scratch folder made by main(). */
static struct form_limits limits = { 1024, 4096, 2, NULL };

/* One field occurrence as the post processor would deliver it. */
struct piece {
	const char *key;
	const char *filename;
	const char *mime;
	const char *value;
	size_t len;
};

static const struct piece body[] = {
	{ "ho_ten", NULL, NULL, "Nguy\xe1\xbb\x85n V\xc4\x83n An", 16 },
	{ "undeclared", NULL, NULL, "dropped value", 13 },
	{ "ghi_chu", NULL, NULL, "d\xc3\xb2ng 1\r\nd\xc3\xb2ng 2 \xe2\x80\x94 h\xe1\xba\xbft", 26 },
	{ "gioi_tinh", NULL, NULL, "nu", 2 },
	{ "ngay_sinh", NULL, NULL, "1/2/1990", 8 },
	{ "dong_y", NULL, NULL, "on", 2 },
	{ "giay_to", "cccd.pdf", "application/pdf", "%PDF-1.4\0binary\xff data", 21 },
	{ "ho_ten", NULL, NULL, "second occurrence ignored", 25 },
};
#define NPIECES (sizeof(body) / sizeof(body[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ull;

/* Deterministic pseudo-random number (xorshift64). */
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Feed the whole body; each value split into chunks of 1..max_chunk bytes (0 = whole). */
static enum err feed_body(struct form *f, size_t max_chunk)
{
	for (size_t i = 0; i < NPIECES; i++) {
		const struct piece *p = &body[i];
		size_t off = 0;
		do {
			size_t n = p->len - off;
			if (max_chunk && n > 0) {
				size_t c = 1 + (size_t)(next_rand() % max_chunk);
				if (c < n)
					n = c;
			}
			enum err e = form_feed(f, p->key, p->filename, p->mime, off, p->value + off, n);
			if (e != E_OK)
				return e;
			off += n;
		} while (off < p->len);
	}
	return E_OK;
}

/* Describe every field of f into out for comparison. */
static void describe(const struct form *f, struct buf *out)
{
	for (const struct field_spec *s = fields; s->name; s++) {
		const char *v = form_value(f, s->name);
		buf_printf(out, "%s=%s|", s->name, v ? v : "(null)");
	}
	const struct upload *u = form_file(f, "giay_to");
	if (u) {
		buf_printf(out, "file=%s:%s:%llu:%s", u->name, u->mime,
			   (unsigned long long)u->size, u->hash);
	}
	buf_printf(out, "|err=%s|undeclared=%s", form_error(f) ? form_error(f) : "(null)",
		   form_value(f, "undeclared") ? "kept" : "dropped");
}

static void whole_body_gives_declared_fields(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	CHECK_INT(feed_body(f, 0), E_OK);
	form_finish(f);
	CHECK_STR(form_value(f, "ho_ten"), "Nguy\xe1\xbb\x85n V\xc4\x83n An");
	CHECK_STR(form_value(f, "gioi_tinh"), "nu");
	CHECK_STR(form_value(f, "dong_y"), "1");
	CHECK(form_value(f, "undeclared") == NULL);
	CHECK(form_error(f) == NULL);
	const struct upload *u = form_file(f, "giay_to");
	CHECK(u && u->size == 21 && u->kind == UPLOAD_PDF && strlen(u->hash) == 64);
	CHECK(u && strcmp(u->mime, "application/pdf") == 0 && strcmp(u->name, "cccd.pdf") == 0);
	form_free(f);
	arena_free(a);
}

static void random_splits_give_identical_fields(void)
{
	struct buf want = BUF_INIT, got = BUF_INIT;
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	feed_body(f, 0);
	form_finish(f);
	describe(f, &want);
	form_free(f);
	arena_free(a);
	int same = 0;
	for (int round = 0; round < 500; round++) {
		a = arena_new();
		f = form_new(a, fields, &limits, false);
		CHECK_INT(feed_body(f, 1 + (size_t)round % 9), E_OK);
		form_finish(f);
		buf_reset(&got);
		describe(f, &got);
		same += strcmp(buf_str(&got), buf_str(&want)) == 0;
		form_free(f);
		arena_free(a);
	}
	CHECK_INT(same, 500);
	buf_free(&want);
	buf_free(&got);
}

static void field_over_field_max_is_limit_error(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	char big[600];
	memset(big, 'a', sizeof(big));
	CHECK_INT(form_feed(f, "ho_ten", NULL, NULL, 0, big, sizeof(big)), E_OK);
	CHECK_INT(form_feed(f, "ho_ten", NULL, NULL, 600, big, sizeof(big)), E_LIMIT);
	form_free(f);
	arena_free(a);
}

static void file_over_file_max_is_field_error(void)
{
	static const struct field_spec one[] = { { .name = "giay_to", .kind = FK_FILE },
						 { .name = NULL } };
	struct arena *a = arena_new();
	struct form *f = form_new(a, one, &limits, false);
	char big[3000];
	memset(big, 'x', sizeof(big));
	memcpy(big, "%PDF-1.4", 8);
	CHECK_INT(form_feed(f, "giay_to", "a.pdf", "application/pdf", 0, big, 3000), E_OK);
	CHECK_INT(form_feed(f, "giay_to", "a.pdf", "application/pdf", 3000, big, 3000), E_OK);
	form_finish(f);
	CHECK(form_file(f, "giay_to") == NULL);
	CHECK_STR(form_error(f), "giay_to: too_large");
	form_free(f);
	arena_free(a);
}

static void too_many_files_is_limit_error(void)
{
	static const struct field_spec three[] = {
		{ .name = "a", .kind = FK_FILE },
		{ .name = "b", .kind = FK_FILE },
		{ .name = "c", .kind = FK_FILE },
		{ .name = NULL },
	};
	struct arena *a = arena_new();
	struct form *f = form_new(a, three, &limits, false);
	CHECK_INT(form_feed(f, "a", "1.png", "image/png", 0, "x", 1), E_OK);
	CHECK_INT(form_feed(f, "b", "2.png", "image/png", 0, "x", 1), E_OK);
	CHECK_INT(form_feed(f, "c", "3.png", "image/png", 0, "x", 1), E_LIMIT);
	form_free(f);
	arena_free(a);
}

static void undeclared_fields_are_dropped_even_when_huge(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	char big[5000];
	memset(big, 'z', sizeof(big));
	CHECK_INT(form_feed(f, "evil", NULL, NULL, 0, big, sizeof(big)), E_OK);
	CHECK_INT(form_feed(f, "evil", "x.exe", "application/x", 0, big, sizeof(big)), E_OK);
	form_finish(f);
	CHECK(form_value(f, "evil") == NULL);
	CHECK(form_value(f, "csrf") == NULL);
	form_free(f);
	arena_free(a);
}

static void csrf_kept_only_when_asked(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, true);
	CHECK_INT(form_feed(f, "csrf", NULL, NULL, 0, "abc", 3), E_OK);
	form_finish(f);
	CHECK_STR(form_value(f, "csrf"), "abc");
	form_free(f);
	arena_free(a);
}

/* "token\0junk" must not pass as "token" where the token is compared as a C string. */
static void csrf_with_a_nul_is_withheld(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, true);
	CHECK_INT(form_feed(f, "csrf", NULL, NULL, 0, "abc\0x", 5), E_OK);
	form_finish(f);
	CHECK(form_value(f, "csrf") == NULL);
	form_free(f);
	arena_free(a);
}

/* The raw value is shown again beside its message (through jansson and the templates): invalid
 * UTF-8 and NUL come back as U+FFFD, so it can always be shown; the value itself is withheld. */
static void raw_value_is_always_valid_utf8(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	CHECK_INT(form_feed(f, "ho_ten", NULL, NULL, 0, "a\xff\0b\xc3", 5), E_OK);
	CHECK_INT(form_feed(f, "ghi_chu", NULL, NULL, 0, "Nguy\xe1\xbb\x85n", 8), E_OK);
	form_finish(f);
	CHECK(form_value(f, "ho_ten") == NULL);
	CHECK_STR(form_reason(f, "ho_ten"), "not_utf8");
	CHECK_STR(form_raw(f, "ho_ten"), "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd");
	CHECK_STR(form_raw(f, "ghi_chu"), "Nguy\xe1\xbb\x85n");
	form_free(f);
	arena_free(a);
}

static void missing_required_field_is_reported_not_rejected(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	CHECK_INT(form_feed(f, "gioi_tinh", NULL, NULL, 0, "nam", 3), E_OK);
	CHECK_INT(form_feed(f, "ngay_sinh", NULL, NULL, 0, "31/02/2020", 10), E_OK);
	form_finish(f);
	CHECK_STR(form_error(f), "ho_ten: required");
	CHECK_STR(form_reason(f, "ho_ten"), "required");
	CHECK(form_value(f, "ho_ten") == NULL);
	/* An invalid date is withheld as a value, kept as typed for re-rendering. */
	CHECK(form_value(f, "ngay_sinh") == NULL);
	CHECK_STR(form_raw(f, "ngay_sinh"), "31/02/2020");
	CHECK_STR(form_reason(f, "ngay_sinh"), "invalid");
	CHECK_STR(form_value(f, "gioi_tinh"), "nam");
	CHECK(form_reason(f, "gioi_tinh") == NULL);
	form_free(f);
	arena_free(a);
}

static void bad_value_is_reported_with_field_name(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	form_feed(f, "ho_ten", NULL, NULL, 0, "An", 2);
	form_feed(f, "gioi_tinh", NULL, NULL, 0, "khac", 4);
	form_finish(f);
	CHECK_STR(form_error(f), "gioi_tinh: not_a_choice");
	CHECK(form_value(f, "gioi_tinh") == NULL);
	CHECK_STR(form_raw(f, "gioi_tinh"), "khac");
	CHECK_STR(form_reason(f, "gioi_tinh"), "not_a_choice");
	CHECK_STR(form_value(f, "ho_ten"), "An");
	form_free(f);
	arena_free(a);
}

static void phone_value_is_normalised_raw_is_as_typed(void)
{
	static const struct field_spec spec[] = {
		{ .name = "tel", .kind = FK_PHONE },
		{ .name = NULL },
	};
	struct arena *a = arena_new();
	struct form *f = form_new(a, spec, &limits, false);
	form_feed(f, "tel", NULL, NULL, 0, "090 123.45-67", 13);
	form_finish(f);
	CHECK_STR(form_value(f, "tel"), "0901234567");
	CHECK_STR(form_raw(f, "tel"), "090 123.45-67");
	CHECK(form_reason(f, "tel") == NULL);
	CHECK(form_raw(f, "nope") == NULL && form_reason(f, "nope") == NULL);
	form_free(f);
	arena_free(a);
}

static void spec_validity_is_checked(void)
{
	static const char *const none[] = { NULL };
	static const struct field_spec dup[] = {
		{ .name = "a", .kind = FK_TEXT }, { .name = "a", .kind = FK_INT }, { .name = NULL },
	};
	static const struct field_spec no_choices[] = {
		{ .name = "e", .kind = FK_ENUM, .choices = none }, { .name = NULL },
	};
	static const struct field_spec bad_kind[] = {
		{ .name = "k", .kind = FK__MAX }, { .name = NULL },
	};
	static const struct field_spec csrf[] = {
		{ .name = "csrf", .kind = FK_TEXT }, { .name = NULL },
	};
	static const struct field_spec empty_name[] = {
		{ .name = "", .kind = FK_TEXT }, { .name = NULL },
	};
	CHECK(field_spec_valid(NULL));
	CHECK(field_spec_valid(fields));
	CHECK(!field_spec_valid(dup));
	CHECK(!field_spec_valid(no_choices));
	CHECK(!field_spec_valid(bad_kind));
	CHECK(!field_spec_valid(csrf));
	CHECK(!field_spec_valid(empty_name));
	struct field_spec many[HTTP_MAX_FIELDS + 2];
	char names[HTTP_MAX_FIELDS + 1][16];
	for (unsigned i = 0; i <= HTTP_MAX_FIELDS; i++) {
		snprintf(names[i], sizeof(names[i]), "f%u", i);
		many[i] = (struct field_spec){ .name = names[i], .kind = FK_TEXT };
	}
	many[HTTP_MAX_FIELDS + 1] = (struct field_spec){ .name = NULL };
	CHECK(!field_spec_valid(many));
	many[HTTP_MAX_FIELDS] = (struct field_spec){ .name = NULL };
	CHECK(field_spec_valid(many));
	CHECK_STR(field_kind_name(FK_ID_NUMBER), "id_number");
	CHECK_STR(field_kind_name(FK__MAX), "?");
}

/* Validate value as a field of kind with max. */
static const char *check(enum field_kind kind, size_t max, const char *value)
{
	struct field_spec s = { .name = "f", .kind = kind, .max = max, .choices = genders };
	return field_validate(&s, value, strlen(value));
}

static void text_validator(void)
{
	CHECK(check(FK_TEXT, 5, "Đăng ký") != NULL);	/* 7 characters */
	CHECK(check(FK_TEXT, 7, "Đăng ký") == NULL);	/* counted in characters, not bytes */
	CHECK_STR(check(FK_TEXT, 0, "a\xc3\x28"), "not_utf8");
	CHECK_STR(check(FK_TEXT, 0, "a\nb"), "invalid");
	CHECK(check(FK_TEXTAREA, 0, "a\r\nb\tc") == NULL);
	CHECK_STR(check(FK_TEXTAREA, 0, "a\x01"), "invalid");
}

static void int_validator(void)
{
	CHECK(check(FK_INT, 0, "0") == NULL);
	CHECK(check(FK_INT, 0, "-42") == NULL);
	CHECK(check(FK_INT, 0, "12a") != NULL);
	CHECK(check(FK_INT, 0, "-") != NULL);
	CHECK(check(FK_INT, 0, "1234567890123456789") != NULL);
	CHECK(check(FK_INT, 0, " 1") != NULL);
}

static void date_validator(void)
{
	CHECK(check(FK_DATE, 0, "29/02/2024") == NULL);
	CHECK(check(FK_DATE, 0, "1/2/2024") == NULL);
	CHECK(check(FK_DATE, 0, "29/02/2023") != NULL);
	CHECK(check(FK_DATE, 0, "2024-02-01") != NULL);
	CHECK(check(FK_DATE, 0, "32/01/2024") != NULL);
}

static void enum_validator(void)
{
	CHECK(check(FK_ENUM, 0, "nam") == NULL);
	CHECK_STR(check(FK_ENUM, 0, "na"), "not_a_choice");
	CHECK_STR(check(FK_ENUM, 0, "NAM"), "not_a_choice");
}

static void email_validator(void)
{
	CHECK(check(FK_EMAIL, 0, "an.nguyen@hanoi.gov.vn") == NULL);
	CHECK(check(FK_EMAIL, 0, "a+b@x.vn") == NULL);
	CHECK(check(FK_EMAIL, 0, "no-at.vn") != NULL);
	CHECK(check(FK_EMAIL, 0, "a@b") != NULL);
	CHECK(check(FK_EMAIL, 0, "a@@b.vn") != NULL);
	CHECK(check(FK_EMAIL, 0, "a b@x.vn") != NULL);
	CHECK(check(FK_EMAIL, 0, "@x.vn") != NULL);
	CHECK(check(FK_EMAIL, 0, "a@x..vn") != NULL);
}

static void phone_validator(void)
{
	CHECK(check(FK_PHONE, 0, "0912345678") == NULL);
	CHECK(check(FK_PHONE, 0, "0912 345 678") == NULL);
	CHECK(check(FK_PHONE, 0, "+84912345678") == NULL);
	CHECK(check(FK_PHONE, 0, "091234567") != NULL);	/* 9 digits */
	CHECK(check(FK_PHONE, 0, "09123456789") != NULL);	/* 11 digits */
	CHECK(check(FK_PHONE, 0, "1912345678") != NULL);
	CHECK(check(FK_PHONE, 0, "0012345678") != NULL);
	CHECK(check(FK_PHONE, 0, "+8491234567a") != NULL);
}

static void phone_is_normalised(void)
{
	static const struct field_spec p[] = { { .name = "dt", .kind = FK_PHONE, .required = true },
					       { .name = NULL } };
	struct arena *a = arena_new();
	struct form *f = form_new(a, p, &limits, false);
	form_feed(f, "dt", NULL, NULL, 0, "0912.345.678", 12);
	form_finish(f);
	CHECK_STR(form_value(f, "dt"), "0912345678");
	CHECK(form_error(f) == NULL);
	form_free(f);
	arena_free(a);
}

static void id_number_validator(void)
{
	CHECK(check(FK_ID_NUMBER, 0, "001090012345") == NULL);
	CHECK(check(FK_ID_NUMBER, 0, "00109001234") != NULL);
	CHECK(check(FK_ID_NUMBER, 0, "0010900123456") != NULL);
	CHECK(check(FK_ID_NUMBER, 0, "00109001234a") != NULL);
}

static void checkbox_absent_is_null(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	form_finish(f);
	CHECK(form_value(f, "dong_y") == NULL);
	CHECK(form_file(f, "giay_to") == NULL);
	form_free(f);
	arena_free(a);
}

static void empty_file_part_is_no_file(void)
{
	struct arena *a = arena_new();
	struct form *f = form_new(a, fields, &limits, false);
	CHECK_INT(form_feed(f, "giay_to", "", "application/octet-stream", 0, "", 0), E_OK);
	form_finish(f);
	CHECK(form_file(f, "giay_to") == NULL);
	form_free(f);
	arena_free(a);
}

int main(void)
{
	char dir[] = "/tmp/motcua-test-form-XXXXXX";
	if (!mkdtemp(dir) || upload_dir_prepare(dir) != E_OK)
		return 1;
	limits.files_dir = dir;
	RUN(whole_body_gives_declared_fields);
	RUN(random_splits_give_identical_fields);
	RUN(field_over_field_max_is_limit_error);
	RUN(file_over_file_max_is_field_error);
	RUN(too_many_files_is_limit_error);
	RUN(undeclared_fields_are_dropped_even_when_huge);
	RUN(csrf_kept_only_when_asked);
	RUN(csrf_with_a_nul_is_withheld);
	RUN(raw_value_is_always_valid_utf8);
	RUN(missing_required_field_is_reported_not_rejected);
	RUN(bad_value_is_reported_with_field_name);
	RUN(text_validator);
	RUN(int_validator);
	RUN(date_validator);
	RUN(enum_validator);
	RUN(email_validator);
	RUN(phone_validator);
	RUN(phone_is_normalised);
	RUN(id_number_validator);
	RUN(checkbox_absent_is_null);
	RUN(empty_file_part_is_no_file);
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	RUN(phone_value_is_normalised_raw_is_as_typed);
	RUN(spec_validity_is_checked);
	return harness_done("test_form");
}
