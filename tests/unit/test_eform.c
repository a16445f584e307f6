/* test_eform.c - the e-form: parsing the catalogue's `form` list and validating what a
 * citizen typed, type by type (valid, invalid, boundary, normalisation, draft mode). */
#include "harness.h"

#include <stdio.h>

#include "motcua/buf.h"
#include "motcua/eform.h"
#include "motcua/paths.h"
#include "motcua/text.h"

/* Typed values: name/value pairs, NULL-terminated. */
struct typed {
	const char *kv[40];
};

static const char *get_typed(void *ctx, const char *name)
{
	struct typed *t = ctx;
	for (int i = 0; t->kv[i]; i += 2)
		if (strcmp(t->kv[i], name) == 0)
			return t->kv[i + 1];
	return NULL;
}

/* Parse json, which must succeed. */
static struct eform *parse_ok(const char *json)
{
	struct eform *f = NULL;
	char why[200];
	enum err e = eform_parse(json, &f, why, sizeof(why));
	if (!CHECK_INT(e, E_OK))
		fprintf(stderr, "  why: %s\n", why);
	return f;
}

/* Parse json, which must fail with a reason containing want. */
static void parse_fails(const char *json, const char *want)
{
	struct eform *f = (struct eform *)1;
	char why[200] = "";
	CHECK_INT(eform_parse(json, &f, why, sizeof(why)), E_INVALID);
	CHECK(f == NULL);
	if (!CHECK(strstr(why, want) != NULL))
		fprintf(stderr, "  why: '%s', want '%s'\n", why, want);
}

/* One field of type type (and extra JSON members) validated with value v. Returns the error
 * key (NULL when valid); *out receives the stored value (string, "true" for a checkbox, NULL
 * when none; caller frees) and *limit the error's limit. */
static const char *one(const char *type, const char *extra, const char *v, bool draft,
		       char **out, int64_t *limit)
{
	char json[512];
	snprintf(json, sizeof(json), "[{\"name\": \"x\", \"label\": \"X\", \"type\": \"%s\"%s%s}]",
		 type, extra[0] ? ", " : "", extra);
	struct eform *f = parse_ok(json);
	*out = NULL;
	*limit = -1;
	if (!f)
		return "parse failed";
	struct typed t = { { "x", v, NULL } };
	if (!v)
		t.kv[0] = NULL;
	json_t *values = NULL;
	struct eform_error err[2];
	int n = eform_validate(f, get_typed, &t, draft, &values, err, 2);
	json_t *x = json_object_get(values, "x");
	if (json_is_string(x))
		*out = strdup(json_string_value(x));
	else if (json_is_true(x))
		*out = strdup("true");
	json_decref(values);
	eform_free(f);
	CHECK(n <= 1);
	if (n == 0)
		return NULL;
	CHECK_INT(err[0].field, 0);
	*limit = err[0].limit;
	return err[0].key;
}

/* v is valid for the field and is stored as want. */
#define VALID(type, extra, v, want) do { \
		char *o_; int64_t l_; \
		CHECK_STR(one(type, extra, v, false, &o_, &l_), NULL); \
		CHECK_STR(o_, want); \
		free(o_); \
	} while (0)

/* v is refused with key (and limit, -1 = do not care); nothing stored outside drafts. */
#define INVALID(type, extra, v, key, lim) do { \
		char *o_; int64_t l_; \
		CHECK_STR(one(type, extra, v, false, &o_, &l_), key); \
		CHECK(o_ == NULL); \
		if ((lim) >= 0) \
			CHECK_INT(l_, lim); \
		free(o_); \
	} while (0)

/* ---- parsing ---- */

static void parse_empty_or_null_has_no_fields(void)
{
	struct eform *f = parse_ok(NULL);
	CHECK_INT(eform_count(f), 0);
	eform_free(f);
	f = parse_ok("");
	CHECK_INT(eform_count(f), 0);
	CHECK(eform_field(f, 0) == NULL);
	eform_free(f);
	f = parse_ok("[]");
	CHECK_INT(eform_count(f), 0);
	eform_free(f);
}

static void parse_reads_every_member(void)
{
	struct eform *f = parse_ok(
		"[{\"name\": \"child_name\", \"label\": \"Họ, chữ đệm, tên của trẻ\", \"type\": \"text\","
		"  \"required\": true, \"max\": 100, \"help\": \"ignored\"},"
		" {\"name\": \"birth_date\", \"label\": \"Ngày sinh\", \"type\": \"date\"},"
		" {\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"select\","
		"  \"options\": [\"Nam\", \"Nữ\"]},"
		" {\"name\": \"copies\", \"label\": \"Số bản sao\", \"type\": \"number\", \"max\": 0}]");
	CHECK_INT(eform_count(f), 4);
	const struct eform_field *c = eform_field(f, 0);
	CHECK_STR(c->name, "child_name");
	CHECK_STR(c->label, "Họ, chữ đệm, tên của trẻ");
	CHECK_INT(c->type, EF_TEXT);
	CHECK(c->required);
	CHECK(c->has_max);
	CHECK_INT(c->max, 100);
	const struct eform_field *d = eform_find(f, "birth_date");
	CHECK(d == eform_field(f, 1));
	CHECK(!d->required && !d->has_max);
	const struct eform_field *s = eform_find(f, "sex");
	CHECK_INT(s->noptions, 2);
	CHECK_STR(s->options[1], "Nữ");
	const struct eform_field *n = eform_field(f, 3);
	CHECK(n->has_max);
	CHECK_INT(n->max, 0);
	CHECK(eform_find(f, "nope") == NULL);
	CHECK(eform_field(f, 4) == NULL);
	CHECK(eform_field(f, -1) == NULL);
	eform_free(f);
}

static void parse_refuses_what_is_not_an_array_of_objects(void)
{
	parse_fails("{\"name\": \"a\"}", "not an array");
	parse_fails("\"text\"", "not an array");
	parse_fails("[1, 2", "not JSON");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\"}, 3]",
		    "form[2]: not an object");
}

static void parse_refuses_bad_names(void)
{
	parse_fails("[{\"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": \"\", \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": \"Ho_ten\", \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": \"1a\", \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": \"a-b\", \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": \"tên\", \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	parse_fails("[{\"name\": 5, \"label\": \"A\", \"type\": \"text\"}]", "form[1].name");
	/* EFORM_NAME_MAX bytes pass, one more fails */
	char json[300], name[EFORM_NAME_MAX + 2];
	memset(name, 'a', EFORM_NAME_MAX);
	name[EFORM_NAME_MAX] = '\0';
	snprintf(json, sizeof(json), "[{\"name\": \"%s\", \"label\": \"A\", \"type\": \"text\"}]", name);
	struct eform *f = parse_ok(json);
	eform_free(f);
	strcat(name, "a");
	snprintf(json, sizeof(json), "[{\"name\": \"%s\", \"label\": \"A\", \"type\": \"text\"}]", name);
	parse_fails(json, "form[1].name");
}

static void parse_refuses_duplicate_names(void)
{
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\"},"
		    " {\"name\": \"b\", \"label\": \"B\", \"type\": \"text\"},"
		    " {\"name\": \"a\", \"label\": \"A2\", \"type\": \"date\"}]",
		    "form[3].name: 'a' is used by another field");
}

static void parse_refuses_unknown_types(void)
{
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"file\"}]", "form[1].type");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\"}]", "form[1].type");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"TEXT\"}]", "form[1].type");
	CHECK_INT(eform_type_parse("id_number"), EF_ID_NUMBER);
	CHECK_INT(eform_type_parse("nope"), -1);
	CHECK_INT(eform_type_parse(NULL), -1);
	CHECK_STR(eform_type_name(EF_EMAIL), "email");
	CHECK_STR(eform_type_name(EF__MAX), "?");
	for (int t = 0; t < EF__MAX; t++)
		CHECK_INT(eform_type_parse(eform_type_name((enum eform_type)t)), t);
}

static void parse_refuses_bad_labels_required_and_max(void)
{
	parse_fails("[{\"name\": \"a\", \"type\": \"text\"}]", "form[1].label");
	parse_fails("[{\"name\": \"a\", \"label\": \"\", \"type\": \"text\"}]", "form[1].label");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\", \"required\": 1}]",
		    "form[1].required");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\", \"max\": -1}]",
		    "form[1].max");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"number\", \"max\": 2.5}]",
		    "form[1].max");
	parse_fails("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\", \"max\": \"9\"}]",
		    "form[1].max");
	/* a label of EFORM_LABEL_MAX characters, each two bytes, passes; one more fails */
	struct buf b = BUF_INIT;
	buf_puts(&b, "[{\"name\": \"a\", \"type\": \"text\", \"label\": \"");
	for (int i = 0; i < EFORM_LABEL_MAX; i++)
		buf_puts(&b, "ữ");
	buf_puts(&b, "\"}]");
	struct eform *f = parse_ok(buf_str(&b));
	eform_free(f);
	buf_reset(&b);
	buf_puts(&b, "[{\"name\": \"a\", \"type\": \"text\", \"label\": \"");
	for (int i = 0; i <= EFORM_LABEL_MAX; i++)
		buf_puts(&b, "ữ");
	buf_puts(&b, "\"}]");
	parse_fails(buf_str(&b), "form[1].label");
	buf_free(&b);
}

static void parse_refuses_select_without_options(void)
{
	parse_fails("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\"}]", "form[1].options");
	parse_fails("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\", \"options\": []}]",
		    "at least one option");
	parse_fails("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\", \"options\": [\"A\", \"\"]}]",
		    "option 2");
	parse_fails("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\", \"options\": [\"A\", 1]}]",
		    "option 2");
	parse_fails("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"text\", \"options\": [\"A\"]}]",
		    "only a select");
	struct buf b = BUF_INIT;
	buf_puts(&b, "[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\", \"options\": [\"o\"");
	for (int i = 1; i < EFORM_OPTIONS_MAX; i++)
		buf_printf(&b, ", \"o%d\"", i);
	struct buf more = BUF_INIT;
	buf_printf(&more, "%s, \"last\"]}]", buf_str(&b));
	buf_puts(&b, "]}]");
	struct eform *f = parse_ok(buf_str(&b));
	CHECK_INT(eform_field(f, 0)->noptions, EFORM_OPTIONS_MAX);
	eform_free(f);
	parse_fails(buf_str(&more), "more than 100 options");
	buf_free(&b);
	buf_free(&more);
}

static void parse_refuses_too_many_fields(void)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '[');
	for (int i = 0; i < EFORM_FIELDS_MAX; i++)
		buf_printf(&b, "%s{\"name\": \"f%d\", \"label\": \"F\", \"type\": \"text\"}", i ? ", " : "", i);
	struct buf more = BUF_INIT;
	buf_printf(&more, "%s, {\"name\": \"extra\", \"label\": \"E\", \"type\": \"text\"}]", buf_str(&b));
	buf_putc(&b, ']');
	struct eform *f = parse_ok(buf_str(&b));
	CHECK_INT(eform_count(f), EFORM_FIELDS_MAX);
	eform_free(f);
	parse_fails(buf_str(&more), "more than 60 fields");
	buf_free(&b);
	buf_free(&more);
}

static void parse_composes_decomposed_options(void)
{
	/* "Nữ" written u + horn + tilde in the catalogue; typed precomposed */
	struct eform *f = parse_ok("[{\"name\": \"s\", \"label\": \"S\", \"type\": \"select\","
				   " \"options\": [\"Nam\", \"Nu\\u031b\\u0303\"]}]");
	CHECK_STR(eform_field(f, 0)->options[1], "Nữ");
	eform_free(f);
	VALID("select", "\"options\": [\"Nam\", \"Nu\\u031b\\u0303\"]", "Nữ", "Nữ");
}

/* ---- composition ---- */

static void compose(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	text_compose_vi(in, strlen(in), &b);
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

static void compose_makes_vietnamese_letters(void)
{
	compose("Nguye\xcc\x82\xcc\x83n", "Nguyễn");		/* e + circumflex + tilde */
	compose("Nguye\xcc\x83\xcc\x82n", "Nguyễn");		/* marks in the other order */
	compose("Nguy\xc3\xaa\xcc\x83n", "Nguyễn");		/* ê + tilde */
	compose("a\xcc\xa3\xcc\x86", "ặ");				/* NFD order: dot below first */
	compose("O\xcc\x9b\xcc\xa3", "Ợ");
	compose("u\xcc\x9b\xcc\x80", "ừ");
	compose("y\xcc\x89", "ỷ");
	compose("I\xcc\x81", "Í");
	compose("a\xcd\x81", "á");					/* deprecated U+0341 */
	compose("Tr\xc3\xa2\xcc\x80n Thi\xcc\xa3", "Trần Thị");
	compose("\xc4\x90" "a\xcc\x86ng", "Đăng");
}

static void compose_leaves_the_rest(void)
{
	compose("", "");
	compose("plain ASCII", "plain ASCII");
	compose("Nguyễn", "Nguyễn");
	compose("\xcc\x81" "abc", "\xcc\x81" "abc");		/* a mark with no base */
	compose("i\xcc\x82", "i\xcc\x82");				/* î is no Vietnamese letter */
	compose("a\xcc\x81\xcc\x81", "á\xcc\x81");			/* a second tone stays */
	compose("n\xcc\x83", "n\xcc\x83");				/* ñ is not composed */
	compose("\xe6\x97\xa5\xe6\x9c\xac", "日本");
}

static void compose_covers_every_vietnamese_letter(void)
{
	/* 12 letters x 6 tones x 2 cases, less the 12 plain ASCII ones */
	static const char *const nfc =
		"aàáãảạăằắẵẳặâầấẫẩậeèéẽẻẹêềếễểệiìíĩỉịoòóõỏọôồốỗổộơờớỡởợuùúũủụưừứữửựyỳýỹỷỵ";
	static const char *const tones[] = { "", "\xcc\x80", "\xcc\x81", "\xcc\x83", "\xcc\x89",
					     "\xcc\xa3" };
	static const struct { char base; const char *mod; } letters[] = {
		{ 'a', "" }, { 'a', "\xcc\x86" }, { 'a', "\xcc\x82" }, { 'e', "" }, { 'e', "\xcc\x82" },
		{ 'i', "" }, { 'o', "" }, { 'o', "\xcc\x82" }, { 'o', "\xcc\x9b" }, { 'u', "" },
		{ 'u', "\xcc\x9b" }, { 'y', "" },
	};
	struct buf in = BUF_INIT, out = BUF_INIT;
	for (size_t l = 0; l < sizeof(letters) / sizeof(letters[0]); l++)
		for (int t = 0; t < 6; t++)
			buf_printf(&in, "%c%s%s", letters[l].base, letters[l].mod, tones[t]);
	text_compose_vi(in.data, in.len, &out);
	CHECK_STR(buf_str(&out), nfc);
	CHECK_INT(utf8_length(out.data, out.len), 72);
	/* upper case */
	buf_reset(&in);
	buf_reset(&out);
	for (size_t l = 0; l < sizeof(letters) / sizeof(letters[0]); l++)
		for (int t = 0; t < 6; t++)
			buf_printf(&in, "%c%s%s", letters[l].base - 32, letters[l].mod, tones[t]);
	text_compose_vi(in.data, in.len, &out);
	CHECK_STR(buf_str(&out),
		  "AÀÁÃẢẠĂẰẮẴẲẶÂẦẤẪẨẬEÈÉẼẺẸÊỀẾỄỂỆIÌÍĨỈỊOÒÓÕỎỌÔỒỐỖỔỘƠỜỚỠỞỢUÙÚŨỦỤƯỪỨỮỬỰYỲÝỸỶỴ");
	buf_free(&in);
	buf_free(&out);
}

/* ---- text and textarea ---- */

static void text_valid_trimmed_and_composed(void)
{
	VALID("text", "", "Nguyễn Văn An", "Nguyễn Văn An");
	VALID("text", "", "  Nguyễn Văn An \t", "Nguyễn Văn An");
	VALID("text", "", "\xc2\xa0Lan\xc2\xa0", "Lan");			/* no-break spaces */
	VALID("text", "", "Nguye\xcc\x82\xcc\x83n", "Nguyễn");
	VALID("text", "", "<script>&\"'", "<script>&\"'");		/* escaping is the view's job */
}

static void text_max_counts_characters_not_bytes(void)
{
	/* "Nguyễn" is 6 characters, 8 bytes */
	VALID("text", "\"max\": 6", "Nguyễn", "Nguyễn");
	INVALID("text", "\"max\": 5", "Nguyễn", "eform.too_long", 5);
	/* typed decomposed (10 bytes, 8 code points) it still counts 6 */
	VALID("text", "\"max\": 6", "Nguye\xcc\x82\xcc\x83n", "Nguyễn");
	/* 100 characters of "ữ" (300 bytes) */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "ữ");
	VALID("text", "\"max\": 100", buf_str(&b), buf_str(&b));
	buf_puts(&b, "a");
	INVALID("text", "\"max\": 100", buf_str(&b), "eform.too_long", 100);
	buf_free(&b);
	/* surrounding spaces do not count */
	VALID("text", "\"max\": 3", "  abc  ", "abc");
}

static void text_default_caps(void)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < EFORM_TEXT_MAX; i++)
		buf_puts(&b, "đ");
	VALID("text", "", buf_str(&b), buf_str(&b));
	VALID("text", "\"max\": 0", buf_str(&b), buf_str(&b));
	buf_puts(&b, "đ");
	INVALID("text", "", buf_str(&b), "eform.too_long", EFORM_TEXT_MAX);
	buf_reset(&b);
	for (int i = 0; i < EFORM_TEXTAREA_MAX; i++)
		buf_puts(&b, "ệ");
	VALID("textarea", "", buf_str(&b), buf_str(&b));
	buf_puts(&b, "x");
	INVALID("textarea", "", buf_str(&b), "eform.too_long", EFORM_TEXTAREA_MAX);
	/* a larger max is held to the textarea cap */
	INVALID("textarea", "\"max\": 100000", buf_str(&b), "eform.too_long", EFORM_TEXTAREA_MAX);
	INVALID("text", "\"max\": 100000", buf_str(&b), "eform.too_long", EFORM_TEXTAREA_MAX);
	buf_free(&b);
}

static void text_refuses_control_characters(void)
{
	INVALID("text", "", "a\tb", "eform.bad_text", 0);
	INVALID("text", "", "a\nb", "eform.bad_text", 0);
	INVALID("text", "", "a\x1b[31mb", "eform.bad_text", 0);
	INVALID("text", "", "a\x7f", "eform.bad_text", 0);
	INVALID("text", "", "a\xc2\x85" "b", "eform.bad_text", 0);	/* C1 NEL */
	INVALID("text", "", "a\xe2\x80\xa8" "b", "eform.bad_text", 0);	/* line separator */
	INVALID("textarea", "", "a\x01", "eform.bad_text", 0);
}

static void textarea_keeps_lines_as_one_character_each(void)
{
	VALID("textarea", "", "dòng 1\r\ndòng 2\rdòng 3\n\tthụt", "dòng 1\ndòng 2\ndòng 3\n\tthụt");
	VALID("textarea", "\"max\": 3", "a\r\nb", "a\nb");
	INVALID("textarea", "\"max\": 2", "a\r\nb", "eform.too_long", 2);
	VALID("textarea", "", "\r\n  nội dung \r\n", "nội dung");
}

static void text_refuses_invalid_utf8(void)
{
	INVALID("text", "", "Nguy\xe1\xbb", "eform.not_utf8", 0);
	INVALID("textarea", "", "\xc0\xaf", "eform.not_utf8", 0);
	INVALID("number", "", "1\xff", "eform.not_utf8", 0);
}

/* ---- number ---- */

static void number_valid_and_normalised(void)
{
	VALID("number", "", "0", "0");
	VALID("number", "", "42", "42");
	VALID("number", "", " 007 ", "7");
	VALID("number", "", "1234.5", "1234.5");
	VALID("number", "", "1234,5", "1234.5");
	VALID("number", "", "1,50", "1.5");
	VALID("number", "", "2.000", "2");
	VALID("number", "", "0,25", "0.25");
	VALID("number", "", "999999999999999", "999999999999999");
	VALID("number", "", "1.123456", "1.123456");
}

static void number_refuses_what_is_not_a_plain_number(void)
{
	INVALID("number", "", "abc", "eform.not_number", 0);
	INVALID("number", "", "1.234,5", "eform.not_number", 0);	/* thousands separator */
	INVALID("number", "", "1,234.5", "eform.not_number", 0);
	INVALID("number", "", "1 234", "eform.not_number", 0);
	INVALID("number", "", "-5", "eform.not_number", 0);
	INVALID("number", "", "+5", "eform.not_number", 0);
	INVALID("number", "", "5.", "eform.not_number", 0);
	INVALID("number", "", ",5", "eform.not_number", 0);
	INVALID("number", "", "1e3", "eform.not_number", 0);
	INVALID("number", "", "１２", "eform.not_number", 0);		/* full-width digits */
	INVALID("number", "", "1.1234567", "eform.not_number", 0);	/* 7 decimals */
	INVALID("number", "", "1000000000000000", "eform.too_large", 999999999999999LL);
}

static void number_max_is_a_value(void)
{
	VALID("number", "\"max\": 10", "10", "10");
	VALID("number", "\"max\": 10", "9,99", "9.99");
	VALID("number", "\"max\": 10", "10.000", "10");
	INVALID("number", "\"max\": 10", "10.01", "eform.too_large", 10);
	INVALID("number", "\"max\": 10", "11", "eform.too_large", 10);
	INVALID("number", "\"max\": 10", "0000011", "eform.too_large", 10);
	VALID("number", "\"max\": 0", "0", "0");
	INVALID("number", "\"max\": 0", "0.5", "eform.too_large", 0);
}

/* ---- date ---- */

static void date_valid_and_normalised(void)
{
	VALID("date", "", "01/02/2026", "01/02/2026");
	VALID("date", "", "1/2/2026", "01/02/2026");
	VALID("date", "", " 29/02/2024 ", "29/02/2024");
	VALID("date", "", "31/12/1900", "31/12/1900");
}

static void date_refuses_impossible_and_other_formats(void)
{
	INVALID("date", "", "31/02/2026", "eform.bad_date", 0);
	INVALID("date", "", "29/02/2026", "eform.bad_date", 0);
	INVALID("date", "", "32/01/2026", "eform.bad_date", 0);
	INVALID("date", "", "01/13/2026", "eform.bad_date", 0);
	INVALID("date", "", "2026-02-01", "eform.bad_date", 0);
	INVALID("date", "", "01/02/26", "eform.bad_date", 0);
	INVALID("date", "", "01.02.2026", "eform.bad_date", 0);
	INVALID("date", "", "001/02/2026", "eform.bad_date", 0);
	INVALID("date", "", "hôm nay", "eform.bad_date", 0);
}

/* ---- select ---- */

static void select_takes_only_an_option(void)
{
	const char *opts = "\"options\": [\"Cha\", \"Mẹ\", \"Ông, bà\"]";
	VALID("select", opts, "Mẹ", "Mẹ");
	VALID("select", opts, " Ông, bà ", "Ông, bà");
	VALID("select", opts, "Me\xcc\xa3", "Mẹ");			/* typed decomposed */
	INVALID("select", opts, "me", "eform.not_a_choice", 0);
	INVALID("select", opts, "Me", "eform.not_a_choice", 0);
	INVALID("select", opts, "Chú", "eform.not_a_choice", 0);
}

/* ---- checkbox ---- */

static void checkbox_is_present_when_checked(void)
{
	VALID("checkbox", "", "on", "true");
	VALID("checkbox", "", "", "true");
	VALID("checkbox", "", NULL, NULL);
	INVALID("checkbox", "\"required\": true", NULL, "eform.required", 0);
	VALID("checkbox", "\"required\": true", "on", "true");
	char *o;
	int64_t l;
	CHECK_STR(one("checkbox", "\"required\": true", NULL, true, &o, &l), NULL);
	CHECK(o == NULL);
}

/* ---- id_number ---- */

static void id_number_is_twelve_digits(void)
{
	VALID("id_number", "", "079203001234", "079203001234");
	VALID("id_number", "", " 079 203 001 234 ", "079203001234");
	INVALID("id_number", "", "07920300123", "eform.bad_id_number", 0);	/* 11 */
	INVALID("id_number", "", "0792030012345", "eform.bad_id_number", 0);	/* 13 */
	INVALID("id_number", "", "07920300123a", "eform.bad_id_number", 0);
	INVALID("id_number", "", "079-203-001-234", "eform.bad_id_number", 0);
	INVALID("id_number", "", "０７９２０３００１２３４", "eform.bad_id_number", 0);
}

/* ---- phone ---- */

static void phone_is_vietnamese_and_normalised(void)
{
	VALID("phone", "", "0909123456", "0909123456");
	VALID("phone", "", "+84909123456", "0909123456");
	VALID("phone", "", "+84 909 123 456", "0909123456");
	VALID("phone", "", "0909.123.456", "0909123456");
	VALID("phone", "", "0909-123-456", "0909123456");
	INVALID("phone", "", "090912345", "eform.bad_phone", 0);	/* 9 digits */
	INVALID("phone", "", "09091234567", "eform.bad_phone", 0);	/* 11 */
	INVALID("phone", "", "0009123456", "eform.bad_phone", 0);
	INVALID("phone", "", "+840909123456", "eform.bad_phone", 0);
	INVALID("phone", "", "84909123456", "eform.bad_phone", 0);
	INVALID("phone", "", "+1 202 555 0100", "eform.bad_phone", 0);
	INVALID("phone", "", "0909 abc 456", "eform.bad_phone", 0);
	INVALID("phone", "", "0909123456789012345678901234567890", "eform.bad_phone", 0);
}

/* ---- email ---- */

static void email_plausible_addresses(void)
{
	VALID("email", "", "an.nguyen@example.vn", "an.nguyen@example.vn");
	VALID("email", "", " An+tag@Mail.Example.COM ", "An+tag@Mail.Example.COM");
	INVALID("email", "", "an.nguyen", "eform.bad_email", 0);
	INVALID("email", "", "@example.vn", "eform.bad_email", 0);
	INVALID("email", "", "an@", "eform.bad_email", 0);
	INVALID("email", "", "an@example", "eform.bad_email", 0);
	INVALID("email", "", "an@@example.vn", "eform.bad_email", 0);
	INVALID("email", "", "an@ex..vn", "eform.bad_email", 0);
	INVALID("email", "", "an nguyen@example.vn", "eform.bad_email", 0);
	INVALID("email", "", "an@example.vn.", "eform.bad_email", 0);
	INVALID("email", "", "an@ví-dụ.vn", "eform.bad_email", 0);
	INVALID("email", "", "<an@example.vn>", "eform.bad_email", 0);
}

/* ---- required, draft, several fields ---- */

static const char *const FORM =
	"[{\"name\": \"child_name\", \"label\": \"Họ tên\", \"type\": \"text\", \"required\": true,"
	"  \"max\": 10},"
	" {\"name\": \"birth_date\", \"label\": \"Ngày sinh\", \"type\": \"date\", \"required\": true},"
	" {\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"select\", \"required\": true,"
	"  \"options\": [\"Nam\", \"Nữ\"]},"
	" {\"name\": \"copies\", \"label\": \"Số bản sao\", \"type\": \"number\", \"max\": 10},"
	" {\"name\": \"phone\", \"label\": \"Điện thoại\", \"type\": \"phone\"},"
	" {\"name\": \"note\", \"label\": \"Ghi chú\", \"type\": \"textarea\"}]";

static void required_fields_missing_or_blank(void)
{
	struct eform *f = parse_ok(FORM);
	struct typed t = { { "child_name", "   ", "sex", "", NULL } };
	json_t *v = NULL;
	struct eform_error e[10];
	int n = eform_validate(f, get_typed, &t, false, &v, e, 10);
	CHECK_INT(n, 3);
	CHECK_INT(e[0].field, 0);
	CHECK_STR(e[0].key, "eform.required");
	CHECK_INT(e[1].field, 1);
	CHECK_STR(e[1].key, "eform.required");
	CHECK_INT(e[2].field, 2);
	CHECK_INT(json_object_size(v), 0);
	json_decref(v);
	eform_free(f);
}

static void complete_form_gives_normalised_values(void)
{
	struct eform *f = parse_ok(FORM);
	struct typed t = { { "child_name", " Nguye\xcc\x82\xcc\x83n An ", "birth_date", "5/1/2026",
			     "sex", "Nữ", "copies", "02", "phone", "+84 909 123 456",
			     "note", "", "unknown", "dropped", NULL } };
	json_t *v = NULL;
	struct eform_error e[10];
	CHECK_INT(eform_validate(f, get_typed, &t, false, &v, e, 10), 0);
	char *s = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
	CHECK_STR(s, "{\"birth_date\":\"05/01/2026\",\"child_name\":\"Nguy\\u1EC5n An\","
		  "\"copies\":\"2\",\"phone\":\"0909123456\",\"sex\":\"N\\u1EEF\"}");
	free(s);
	json_decref(v);
	/* values may be NULL: only the check */
	CHECK_INT(eform_validate(f, get_typed, &t, false, NULL, NULL, 0), 0);
	eform_free(f);
}

static void draft_skips_required_and_keeps_invalid_values(void)
{
	struct eform *f = parse_ok(FORM);
	struct typed t = { { "child_name", " Nguyễn Văn Anh Tuấn ", "birth_date", "31/02/2026",
			     "copies", "1.234,5", "phone", "12345", NULL } };
	json_t *v = NULL;
	struct eform_error e[10];
	int n = eform_validate(f, get_typed, &t, true, &v, e, 10);
	CHECK_INT(n, 4);	/* sex is required but missing: no error in a draft */
	CHECK_STR(e[0].key, "eform.too_long");
	CHECK_INT(e[0].limit, 10);
	CHECK_STR(e[1].key, "eform.bad_date");
	CHECK_INT(e[2].field, 3);
	CHECK_STR(e[2].key, "eform.not_number");
	CHECK_INT(e[3].field, 4);
	CHECK_STR(e[3].key, "eform.bad_phone");
	CHECK_STR(json_string_value(json_object_get(v, "child_name")), "Nguyễn Văn Anh Tuấn");
	CHECK_STR(json_string_value(json_object_get(v, "birth_date")), "31/02/2026");
	CHECK_STR(json_string_value(json_object_get(v, "copies")), "1.234,5");
	CHECK_STR(json_string_value(json_object_get(v, "phone")), "12345");
	CHECK(json_object_get(v, "sex") == NULL);
	json_decref(v);
	/* the same outside a draft: the invalid values are not kept, sex is required */
	n = eform_validate(f, get_typed, &t, false, &v, e, 10);
	CHECK_INT(n, 5);
	CHECK_STR(e[2].key, "eform.required");
	CHECK_INT(json_object_size(v), 0);
	json_decref(v);
	eform_free(f);
}

static void draft_cuts_and_repairs_what_it_keeps(void)
{
	char *o;
	int64_t l;
	struct buf b = BUF_INIT;
	for (int i = 0; i < EFORM_TEXT_MAX + 20; i++)
		buf_puts(&b, "ơ");
	CHECK_STR(one("text", "\"max\": 10", buf_str(&b), true, &o, &l), "eform.too_long");
	CHECK_INT(l, 10);
	CHECK_INT(utf8_length(o, strlen(o)), EFORM_TEXT_MAX);
	free(o);
	CHECK_STR(one("number", "", buf_str(&b), true, &o, &l), "eform.not_number");
	CHECK_INT(utf8_length(o, strlen(o)), EFORM_TEXT_MAX);
	free(o);
	buf_free(&b);
	/* malformed UTF-8 kept with U+FFFD so the draft can be stored and shown */
	CHECK_STR(one("text", "", " Nguy\xe1\xbb n ", true, &o, &l), "eform.not_utf8");
	CHECK_STR(o, "Nguy\xef\xbf\xbd\xef\xbf\xbd n");	/* one U+FFFD a bad byte */
	free(o);
	/* a valid draft value is normalised like any other */
	CHECK_STR(one("phone", "", "+84909123456", true, &o, &l), NULL);
	CHECK_STR(o, "0909123456");
	free(o);
	/* a blank value is simply absent */
	CHECK_STR(one("text", "\"required\": true", "  ", true, &o, &l), NULL);
	CHECK(o == NULL);
}

static void errors_beyond_capacity_are_counted(void)
{
	struct eform *f = parse_ok(FORM);
	struct typed t = { { "copies", "x", "phone", "x", "note", "\x01", NULL } };
	struct eform_error e[2] = { { -1, NULL, 0 }, { -1, NULL, 0 } };
	json_t *v = NULL;
	CHECK_INT(eform_validate(f, get_typed, &t, false, &v, e, 1), 6);
	CHECK_INT(e[0].field, 0);
	CHECK_STR(e[0].key, "eform.required");
	CHECK_INT(e[1].field, -1);	/* untouched */
	json_decref(v);
	CHECK_INT(eform_validate(f, get_typed, &t, false, &v, NULL, 0), 6);
	json_decref(v);
	eform_free(f);
}

static void empty_form_accepts_anything(void)
{
	struct eform *f = parse_ok("[]");
	struct typed t = { { "x", "y", NULL } };
	json_t *v = NULL;
	CHECK_INT(eform_validate(f, get_typed, &t, false, &v, NULL, 0), 0);
	CHECK_INT(json_object_size(v), 0);
	json_decref(v);
	eform_free(f);
}

static void demo_catalogue_forms_parse(void)
{
	/* every procedure's form in the demo catalogue parses */
	json_error_t jerr;
	char path[512];
	json_t *cat = json_load_file(share_path(path, sizeof(path), "data/demo/catalog.json"), 0,
				     &jerr);
	if (!CHECK(cat != NULL))
		return;
	size_t i;
	json_t *p;
	int with_form = 0;
	json_array_foreach(cat, i, p) {
		json_t *form = json_object_get(p, "form");
		if (!form)
			continue;
		char *s = json_dumps(form, 0);
		struct eform *f = parse_ok(s);
		CHECK(eform_count(f) == (int)json_array_size(form));
		with_form++;
		eform_free(f);
		free(s);
	}
	CHECK(with_form > 0);
	json_decref(cat);
}

int main(void)
{
	RUN(parse_empty_or_null_has_no_fields);
	RUN(parse_reads_every_member);
	RUN(parse_refuses_what_is_not_an_array_of_objects);
	RUN(parse_refuses_bad_names);
	RUN(parse_refuses_duplicate_names);
	RUN(parse_refuses_unknown_types);
	RUN(parse_refuses_bad_labels_required_and_max);
	RUN(parse_refuses_select_without_options);
	RUN(parse_refuses_too_many_fields);
	RUN(parse_composes_decomposed_options);
	RUN(compose_makes_vietnamese_letters);
	RUN(compose_leaves_the_rest);
	RUN(compose_covers_every_vietnamese_letter);
	RUN(text_valid_trimmed_and_composed);
	RUN(text_max_counts_characters_not_bytes);
	RUN(text_default_caps);
	RUN(text_refuses_control_characters);
	RUN(textarea_keeps_lines_as_one_character_each);
	RUN(text_refuses_invalid_utf8);
	RUN(number_valid_and_normalised);
	RUN(number_refuses_what_is_not_a_plain_number);
	RUN(number_max_is_a_value);
	RUN(date_valid_and_normalised);
	RUN(date_refuses_impossible_and_other_formats);
	RUN(select_takes_only_an_option);
	RUN(checkbox_is_present_when_checked);
	RUN(id_number_is_twelve_digits);
	RUN(phone_is_vietnamese_and_normalised);
	RUN(email_plausible_addresses);
	RUN(required_fields_missing_or_blank);
	RUN(complete_form_gives_normalised_values);
	RUN(draft_skips_required_and_keeps_invalid_values);
	RUN(draft_cuts_and_repairs_what_it_keeps);
	RUN(errors_beyond_capacity_are_counted);
	RUN(empty_form_accepts_anything);
	RUN(demo_catalogue_forms_parse);
	return harness_done("test_eform");
}
