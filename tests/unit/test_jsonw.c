/* test_jsonw.c - the flat JSON writer prints exactly what jansson prints (the engine hashes
 * event data into the audit chain, so a single differing byte would break old chains). */
#include "harness.h"

#include <stdlib.h>

#include <jansson.h>

#include "motcua/buf.h"
#include "motcua/jsonw.h"

/* jansson's compact sorted dump of o (consumed). Caller frees. */
static char *jansson_dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/* The writer's dump of w. Caller frees. */
static char *jsonw_text(const struct jsonw *w)
{
	struct buf b = BUF_INIT;
	jsonw_dump(w, &b);
	return buf_steal(&b);
}

/* Compare one string value through both writers. */
static void check_string(const char *v)
{
	struct jsonw w;
	jsonw_init(&w);
	jsonw_str(&w, "reason", v);
	json_t *o = json_object();
	json_object_set_new(o, "reason", json_string(v));
	char *want = jansson_dump(o), *got = jsonw_text(&w);
	CHECK_STR(got, want);
	free(want);
	free(got);
}

static void empty_object_is_braces(void)
{
	struct jsonw w;
	jsonw_init(&w);
	char *got = jsonw_text(&w);
	CHECK_STR(got, "{}");
	free(got);
}

static void keys_come_out_sorted_like_jansson(void)
{
	struct jsonw w;
	jsonw_init(&w);
	json_t *o = json_object();
	jsonw_int(&w, "due_at", 1700000000);
	json_object_set_new(o, "due_at", json_integer(1700000000));
	jsonw_str(&w, "channel", "online");
	json_object_set_new(o, "channel", json_string("online"));
	jsonw_bool(&w, "fee", true);
	json_object_set_new(o, "fee", json_true());
	jsonw_bool(&w, "digitised", false);
	json_object_set_new(o, "digitised", json_false());
	jsonw_int(&w, "clock_start", -42);
	json_object_set_new(o, "clock_start", json_integer(-42));
	jsonw_int(&w, "a", INT64_MIN);
	json_object_set_new(o, "a", json_integer(INT64_MIN));
	jsonw_int(&w, "a_b", INT64_MAX);
	json_object_set_new(o, "a_b", json_integer(INT64_MAX));
	char *want = jansson_dump(o), *got = jsonw_text(&w);
	CHECK_STR(got, want);
	free(want);
	free(got);
}

static void setting_a_key_again_replaces_it(void)
{
	struct jsonw w;
	jsonw_init(&w);
	jsonw_int(&w, "due_at", 1);
	jsonw_int(&w, "waited", 5);
	jsonw_int(&w, "due_at", 2);
	char *got = jsonw_text(&w);
	CHECK_STR(got, "{\"due_at\":2,\"waited\":5}");
	free(got);
}

static void strings_are_escaped_like_jansson(void)
{
	check_string("Hồ sơ không thuộc thẩm quyền");
	check_string("quote \" backslash \\ slash /");
	check_string("tab\tnewline\nreturn\rback\bfeed\f");
	check_string("\x01\x02\x1f\x7f end");
	check_string("");
	check_string("emoji \xf0\x9f\x98\x80 and U+FFFD \xef\xbf\xbd");
}

static void every_control_character_matches_jansson(void)
{
	for (int c = 1; c < 0x20; c++) {
		char s[4] = { 'x', (char)c, 'y', 0 };
		check_string(s);
	}
}

static void invalid_utf8_is_left_out_like_jansson(void)
{
	static const char *const bad[] = {
		"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok \xff", "\xe0\x80\xaf",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct jsonw w;
		jsonw_init(&w);
		jsonw_int(&w, "n", 1);
		CHECK(!jsonw_str(&w, "reason", bad[i]));
		json_t *o = json_object();
		json_object_set_new(o, "n", json_integer(1));
		json_object_set_new(o, "reason", json_string(bad[i]));
		char *want = jansson_dump(o), *got = jsonw_text(&w);
		CHECK_STR(got, want);
		free(want);
		free(got);
	}
}

static void null_string_sets_nothing(void)
{
	struct jsonw w;
	jsonw_init(&w);
	CHECK(!jsonw_str(&w, "reason", NULL));
	CHECK_INT(w.n, 0);
}

static void random_bytes_match_jansson(void)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (int round = 0; round < 2000; round++) {
		char s[24];
		int n = (int)(x % 20);
		for (int i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			unsigned char c = (unsigned char)(x >> 24);
			/* mostly ASCII and UTF-8 lead/continuation bytes, never NUL */
			s[i] = (char)(c ? c : 'a');
		}
		s[n] = 0;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_string(s);
	}
}

static void digit_arrays_match_jansson(void)
{
	struct jsonw w;
	jsonw_init(&w);
	json_t *o = json_object();
	CHECK(jsonw_digits(&w, "criteria", "012210201"));
	json_t *a = json_array();
	const char *d = "012210201";
	for (const char *p = d; *p; p++)
		json_array_append_new(a, json_integer(*p - '0'));
	json_object_set_new(o, "criteria", a);
	jsonw_str(&w, "rating", "satisfied");
	json_object_set_new(o, "rating", json_string("satisfied"));
	CHECK(jsonw_digits(&w, "empty", ""));
	json_object_set_new(o, "empty", json_array());
	char *want = jansson_dump(o), *got = jsonw_text(&w);
	CHECK_STR(got, want);
	CHECK_STR(got, "{\"criteria\":[0,1,2,2,1,0,2,0,1],\"empty\":[],\"rating\":\"satisfied\"}");
	free(want);
	free(got);
	CHECK(!jsonw_digits(&w, "x", "01a"));
	CHECK(!jsonw_digits(&w, "x", NULL));
	CHECK_INT(w.n, 3);
}

int main(void)
{
	RUN(empty_object_is_braces);
	RUN(keys_come_out_sorted_like_jansson);
	RUN(setting_a_key_again_replaces_it);
	RUN(strings_are_escaped_like_jansson);
	RUN(every_control_character_matches_jansson);
	RUN(invalid_utf8_is_left_out_like_jansson);
	RUN(null_string_sets_nothing);
	RUN(random_bytes_match_jansson);
	RUN(digit_arrays_match_jansson);
	return harness_done("test_jsonw");
}
