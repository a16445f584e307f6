/* test_i18n.c - message catalogues (load, key parity, lookup) and the choice of language. */
#include "harness.h"

#include <string.h>

#include "fixture_dir.h"
#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/paths.h"
#include "motcua/view.h"

static char why[256];

/* Load a folder holding only the two catalogues vi and en; returns the error. */
static enum err load_catalogues(const char *vi, const char *en)
{
	char dir[64];
	fx_mkdir(dir);
	if (vi)
		fx_write(dir, "i18n/vi.json", vi);
	if (en)
		fx_write(dir, "i18n/en.json", en);
	struct view *v = (struct view *)1;
	why[0] = '\0';
	enum err e = view_load(dir, &v, why, sizeof(why));
	CHECK(e == E_OK ? v != NULL : v == NULL);
	view_free(v);
	fx_remove(dir);
	return e;
}

static void shipped_catalogues_load_with_the_same_keys(void)
{
	char path[4096];
	struct view *v = NULL;
	enum err e = view_load(share_path(path, sizeof(path), "templates"), &v, why, sizeof(why));
	if (!CHECK_STR(err_name(e), "ok"))
		printf("  why: %s\n", why);
	if (v) {
		CHECK_STR(i18n_text(v, "vi", "site.name"), "Một cửa điện tử");
		CHECK_STR(i18n_text(v, "en", "site.name"), "One-Stop Shop Online");
		CHECK_STR(i18n_text(v, "vi", "search"), "Tìm kiếm");
	}
	view_free(v);
}

/* Every refusal key the engine can return ("dossier.*" literals of src/domain/dossier.c) has
 * a message in both languages: `motcua event` and the pages show them. */
static void every_engine_refusal_has_a_message(void)
{
	char path[4096];
	struct view *v = NULL;
	struct buf src = BUF_INIT;
	if (!CHECK_INT(view_load(share_path(path, sizeof(path), "templates"), &v, why, sizeof(why)),
		       E_OK) ||
	    !CHECK_INT(file_read(share_path(path, sizeof(path), "src/domain/dossier.c"), 1 << 20,
				 &src), E_OK)) {
		view_free(v);
		buf_free(&src);
		return;
	}
	int keys = 0;
	for (const char *p = buf_str(&src); (p = strstr(p, "\"dossier.")); p++) {
		char key[80];
		size_t n = strcspn(p + 1, "\"");
		if (n >= sizeof(key))
			continue;
		memcpy(key, p + 1, n);
		key[n] = '\0';
		keys++;
		for (int l = 0; l < 2; l++) {
			const char *lang = l ? "en" : "vi";
			if (!CHECK(strcmp(i18n_text(v, lang, key), key) != 0))
				printf("  no %s message for %s\n", lang, key);
		}
	}
	CHECK(keys > 20);
	view_free(v);
	buf_free(&src);
}

static void key_missing_in_english_is_a_load_error(void)
{
	CHECK_STR(err_name(load_catalogues("{\"nav\": {\"home\": \"Trang chủ\", \"lookup\": \"Tra cứu\"}}",
					   "{\"nav\": {\"home\": \"Home\"}}")), "invalid");
	CHECK_STR(why, "i18n/en.json: missing key 'nav.lookup' (present in vi.json)");
}

static void key_missing_in_vietnamese_is_a_load_error(void)
{
	CHECK_STR(err_name(load_catalogues("{\"a\": \"A\"}", "{\"a\": \"A\", \"b\": \"B\"}")),
		  "invalid");
	CHECK_STR(why, "i18n/vi.json: missing key 'b' (present in en.json)");
}

static void group_against_message_is_a_load_error(void)
{
	CHECK_STR(err_name(load_catalogues("{\"a\": {\"b\": \"x\"}}", "{\"a\": \"x\"}")), "invalid");
	CHECK_STR(why, "i18n/en.json: key 'a' is a group in vi.json");
}

static void non_string_message_is_a_load_error(void)
{
	CHECK_STR(err_name(load_catalogues("{\"a\": {\"n\": 3}}", "{\"a\": {\"n\": \"3\"}}")),
		  "invalid");
	CHECK_STR(why, "i18n/vi.json: key 'a.n' is not a string");
}

static void broken_json_names_file_and_line(void)
{
	CHECK_STR(err_name(load_catalogues("{\"a\": \"A\"}", "{\n\"a\": \"A\",\n}")), "invalid");
	CHECK(strncmp(why, "i18n/en.json:3: ", 16) == 0);
	CHECK_STR(err_name(load_catalogues("{\"a\": \"A\", \"a\": \"B\"}", "{\"a\": \"A\"}")),
		  "invalid");
	CHECK(strncmp(why, "i18n/vi.json:1: ", 16) == 0);
}

static void missing_catalogue_is_an_io_error(void)
{
	CHECK_STR(err_name(load_catalogues("{\"a\": \"A\"}", NULL)), "io");
	CHECK(strncmp(why, "i18n/en.json:", 13) == 0);
}

static void text_falls_back_to_the_key(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	struct view *v = NULL;
	CHECK_STR(err_name(view_load(dir, &v, why, sizeof(why))), "ok");
	if (v) {
		CHECK_STR(i18n_text(v, "en", "site.name"), "One-Stop Shop");
		CHECK_STR(i18n_text(v, "xx", "site.name"), "Một cửa điện tử");
		CHECK_STR(i18n_text(v, NULL, "search"), "Tìm kiếm");
		CHECK_STR(i18n_text(v, "vi", "site.nope"), "site.nope");
		CHECK_STR(i18n_text(v, "vi", "site"), "site");
		CHECK_STR(i18n_text(v, "vi", "search.deeper"), "search.deeper");
		CHECK_STR(i18n_text(v, "vi", ""), "");
		CHECK(json_is_object(i18n_catalogue(v, "en")));
	}
	view_free(v);
	fx_remove(dir);
}

static void pick_prefers_a_valid_cookie(void)
{
	CHECK_STR(i18n_pick("en", "vi"), "en");
	CHECK_STR(i18n_pick("vi", "en-US,en"), "vi");
	CHECK_STR(i18n_pick("fr", "en"), "en");
	CHECK_STR(i18n_pick("EN", NULL), "vi");
	CHECK_STR(i18n_pick("", NULL), "vi");
}

static void pick_follows_accept_language_q_values(void)
{
	CHECK_STR(i18n_pick(NULL, "en-US,en;q=0.9,vi;q=0.8"), "en");
	CHECK_STR(i18n_pick(NULL, "fr-FR, vi;q=0.5, en;q=0.4"), "vi");
	CHECK_STR(i18n_pick(NULL, "vi;q=0.5,en"), "en");
	CHECK_STR(i18n_pick(NULL, "en-GB;q=0.3, vi-VN;q=0.31"), "vi");
	CHECK_STR(i18n_pick(NULL, "EN-us"), "en");
	CHECK_STR(i18n_pick(NULL, "en ; q=0.7 , fr"), "en");
}

static void pick_takes_the_first_on_a_tie(void)
{
	CHECK_STR(i18n_pick(NULL, "en;q=0.8,vi;q=0.8"), "en");
	CHECK_STR(i18n_pick(NULL, "vi;q=0.8,en;q=0.8"), "vi");
}

static void pick_defaults_to_vietnamese(void)
{
	CHECK_STR(i18n_pick(NULL, NULL), "vi");
	CHECK_STR(i18n_pick(NULL, ""), "vi");
	CHECK_STR(i18n_pick(NULL, "fr, de;q=0.9, *;q=0.1"), "vi");
	CHECK_STR(i18n_pick(NULL, "en;q=0"), "vi");
	CHECK_STR(i18n_pick(NULL, "english"), "vi");
}

static void pick_tolerates_garbage(void)
{
	CHECK_STR(i18n_pick(NULL, ";;;,,,q=;="), "vi");
	CHECK_STR(i18n_pick(NULL, "en;q=2"), "vi");
	CHECK_STR(i18n_pick(NULL, "en;q=abc,vi;q=0.1"), "vi");
	CHECK_STR(i18n_pick(NULL, "en;q=0.5;q"), "en");
	CHECK_STR(i18n_pick(NULL, "\xff\xfe,en"), "en");
	CHECK_STR(i18n_pick("\xff", "  ,  ; , en-"), "en");
}

int main(void)
{
	RUN(shipped_catalogues_load_with_the_same_keys);
	RUN(every_engine_refusal_has_a_message);
	RUN(key_missing_in_english_is_a_load_error);
	RUN(key_missing_in_vietnamese_is_a_load_error);
	RUN(group_against_message_is_a_load_error);
	RUN(non_string_message_is_a_load_error);
	RUN(broken_json_names_file_and_line);
	RUN(missing_catalogue_is_an_io_error);
	RUN(text_falls_back_to_the_key);
	RUN(pick_prefers_a_valid_cookie);
	RUN(pick_follows_accept_language_q_values);
	RUN(pick_takes_the_first_on_a_tie);
	RUN(pick_defaults_to_vietnamese);
	RUN(pick_tolerates_garbage);
	return harness_done("test_i18n");
}
