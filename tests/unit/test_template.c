/* test_template.c - the mustache-subset engine: escaping, names, sections, partials, strict
 * mode, parse errors, limits and pages in the layout. */
#include "harness.h"

#include <pthread.h>

#include <jansson.h>

#include "fixture_dir.h"
#include "motcua/buf.h"
#include "motcua/view.h"

static char why[256];

/* Compile tpl as "t.html" and render it over the JSON text data into out (appending).
 * Returns the first error of compiling or rendering. */
static enum err render(const char *tpl, const char *data, bool strict, struct buf *out)
{
	struct tmpl *t;
	why[0] = '\0';
	enum err e = tmpl_compile(tpl, strlen(tpl), "t.html", &t, why, sizeof(why));
	if (e != E_OK)
		return e;
	json_t *j = data ? json_loads(data, 0, NULL) : NULL;
	if (data && !j)
		abort();	/* a broken test */
	e = tmpl_render(t, j, strict, out, why, sizeof(why));
	json_decref(j);
	tmpl_free(t);
	return e;
}

/* Render non-strict and compare the output with want. */
static void check_render(const char *tpl, const char *data, const char *want)
{
	struct buf b = BUF_INIT;
	enum err e = render(tpl, data, false, &b);
	CHECK_STR(err_name(e), "ok");
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

/* Render strict and compare the error code and message. */
static void check_strict_error(const char *tpl, const char *data, enum err want,
			       const char *want_why)
{
	struct buf b = BUF_INIT;
	enum err e = render(tpl, data, true, &b);
	CHECK_STR(err_name(e), err_name(want));
	CHECK_STR(why, want_why);
	buf_free(&b);
}

/* Compile tpl and expect a parse error with message want_why. */
static void check_parse_error(const char *tpl, enum err want, const char *want_why)
{
	struct tmpl *t = (struct tmpl *)1;
	why[0] = '\0';
	enum err e = tmpl_compile(tpl, strlen(tpl), "t.html", &t, why, sizeof(why));
	CHECK_STR(err_name(e), err_name(want));
	CHECK(t == NULL);
	CHECK_STR(why, want_why);
}

static void variable_escapes_each_dangerous_character(void)
{
	check_render("{{x}}", "{\"x\": \"&\"}", "&amp;");
	check_render("{{x}}", "{\"x\": \"<\"}", "&lt;");
	check_render("{{x}}", "{\"x\": \">\"}", "&gt;");
	check_render("{{x}}", "{\"x\": \"\\\"\"}", "&quot;");
	check_render("{{x}}", "{\"x\": \"'\"}", "&#39;");
	check_render("<p title=\"{{x}}\">{{ x }}</p>", "{\"x\": \"\\\"><script>a('b')</script>\"}",
		     "<p title=\"&quot;&gt;&lt;script&gt;a(&#39;b&#39;)&lt;/script&gt;\">"
		     "&quot;&gt;&lt;script&gt;a(&#39;b&#39;)&lt;/script&gt;</p>");
}

static void triple_and_ampersand_do_not_escape(void)
{
	check_render("{{{x}}}", "{\"x\": \"<b class=\\\"a\\\">&'</b>\"}", "<b class=\"a\">&'</b>");
	check_render("{{& x}}", "{\"x\": \"<i>\"}", "<i>");
}

static void dotted_names_descend_into_objects(void)
{
	check_render("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"sâu\"}}}", "sâu");
	check_render("[{{a.x.c}}]", "{\"a\": {\"b\": 1}}", "[]");
	check_render("[{{a.b.c}}]", "{\"a\": {\"b\": \"not an object\"}}", "[]");
}

static void dot_is_the_current_item(void)
{
	check_render("{{#xs}}[{{.}}]{{/xs}}", "{\"xs\": [\"a\", \"<b>\", 3]}", "[a][&lt;b&gt;][3]");
}

static void section_repeats_for_each_array_element(void)
{
	check_render("<ul>{{#rows}}<li>{{code}}: {{name}}</li>{{/rows}}</ul>",
		     "{\"rows\": [{\"code\": \"1\", \"name\": \"Khai sinh\"},"
		     " {\"code\": \"2\", \"name\": \"Kết hôn\"}]}",
		     "<ul><li>1: Khai sinh</li><li>2: Kết hôn</li></ul>");
}

static void section_over_object_pushes_it_once(void)
{
	check_render("{{#unit}}{{code}} {{name}}{{/unit}}",
		     "{\"unit\": {\"code\": \"H29\", \"name\": \"TP. HCM\"}}", "H29 TP. HCM");
}

static void section_truthiness(void)
{
	const char *tpl = "{{#x}}yes{{/x}}";
	check_render(tpl, "{\"x\": true}", "yes");
	check_render(tpl, "{\"x\": \"chữ\"}", "yes");
	check_render(tpl, "{\"x\": 0}", "yes");
	check_render(tpl, "{\"x\": 2.5}", "yes");
	check_render(tpl, "{\"x\": {}}", "yes");
	check_render(tpl, "{\"x\": false}", "");
	check_render(tpl, "{\"x\": null}", "");
	check_render(tpl, "{\"x\": []}", "");
	check_render(tpl, "{\"x\": \"\"}", "");
	check_render(tpl, "{}", "");
}

static void inverted_section_renders_when_section_would_not(void)
{
	const char *tpl = "{{^x}}none{{/x}}";
	check_render(tpl, "{\"x\": false}", "none");
	check_render(tpl, "{\"x\": []}", "none");
	check_render(tpl, "{\"x\": null}", "none");
	check_render(tpl, "{}", "none");
	check_render(tpl, "{\"x\": [1]}", "");
	check_render(tpl, "{\"x\": true}", "");
}

static void lookup_walks_up_the_context_stack(void)
{
	check_render("{{#rows}}{{name}}@{{unit}};{{/rows}}",
		     "{\"unit\": \"H29\", \"rows\": [{\"name\": \"a\"}, {\"name\": \"b\", \"unit\": \"X\"}]}",
		     "a@H29;b@X;");
	/* Nested sections: the middle frame is searched before the top-level data. */
	check_render("{{#a}}{{#b}}{{v}}{{/b}}{{/a}}",
		     "{\"v\": 1, \"a\": {\"v\": 2, \"b\": {\"w\": 0}}}", "2");
}

static void dotted_name_resolves_only_its_first_segment_upwards(void)
{
	/* The inner `b` is found first; it has no `c`, and the outer b.c is not consulted. */
	check_render("{{#a}}[{{b.c}}]{{/a}}", "{\"b\": {\"c\": \"outer\"}, \"a\": {\"b\": {}}}", "[]");
}

static void numbers_render_as_integers_or_short_reals(void)
{
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
		     "{\"a\": 42, \"b\": -7, \"c\": 2.5, \"d\": 3.0, \"e\": 1.236, \"f\": -0.001}",
		     "42 -7 2.5 3 1.24 0");
	check_render("{{t}}/{{f}}/{{n}}", "{\"t\": true, \"f\": false, \"n\": null}", "true/false/");
}

static void comments_render_nothing(void)
{
	check_render("a{{! ghi chú: {{not a tag }}b", "{}", "ab");
}

static void standalone_tag_lines_are_removed(void)
{
	check_render("<ul>\n  {{#xs}}\n  <li>{{.}}</li>\n  {{/xs}}\n</ul>\n", "{\"xs\": [1, 2]}",
		     "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	check_render("{{! only a comment }}\r\nx", "{}", "x");
	/* A variable is never standalone; a section tag after another tag keeps its line. */
	check_render("  {{v}}\n", "{\"v\": 1}", "  1\n");
	check_render("{{v}} {{#s}}\nA{{/s}}", "{\"v\": 1, \"s\": true}", "1 \nA");
}

static void non_ascii_text_passes_through_unchanged(void)
{
	check_render("Thủ tục: {{name}} – {{{raw}}} ✓",
		     "{\"name\": \"Đăng ký khai sinh\", \"raw\": \"Ủy ban nhân dân\"}",
		     "Thủ tục: Đăng ký khai sinh – Ủy ban nhân dân ✓");
}

static void non_strict_missing_names_render_empty(void)
{
	check_render("[{{nope}}][{{{nope}}}][{{#nope}}x{{/nope}}]", "{}", "[][][]");
	check_render("[{{x}}]", NULL, "[]");
}

static void strict_undefined_variable_names_file_line_and_key(void)
{
	check_strict_error("<h1>\n{{title}}\n{{procedures}}</h1>", "{\"title\": \"a\"}",
			   E_INVALID, "t.html:3: undefined key 'procedures'");
}

static void strict_undefined_section_is_an_error(void)
{
	check_strict_error("{{#rows}}x{{/rows}}", "{}", E_INVALID, "t.html:1: undefined key 'rows'");
	check_strict_error("\n{{^rows}}x{{/rows}}", "{}", E_INVALID,
			   "t.html:2: undefined key 'rows'");
	check_strict_error("{{#a}}{{a.b}}{{/a}}", "{\"a\": {}}", E_INVALID,
			   "t.html:1: undefined key 'a.b'");
}

static void strict_object_as_variable_is_an_error(void)
{
	check_strict_error("{{a}}", "{\"a\": {}}", E_INVALID,
			   "t.html:1: key 'a' is an object, not a value");
}

static void strict_error_returns_nothing_half_rendered(void)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "before|");
	enum err e = render("long text before {{#xs}}{{.}}{{/xs}} then {{missing}}",
			    "{\"xs\": [1, 2, 3]}", true, &b);
	CHECK_STR(err_name(e), "invalid");
	CHECK_STR(buf_str(&b), "before|");
	buf_free(&b);
}

static void strict_accepts_null_and_false(void)
{
	struct buf b = BUF_INIT;
	CHECK_STR(err_name(render("[{{n}}]{{^f}}no{{/f}}", "{\"n\": null, \"f\": false}", true, &b)),
		  "ok");
	CHECK_STR(buf_str(&b), "[]no");
	buf_free(&b);
}

static void parse_errors_name_file_and_line(void)
{
	check_parse_error("a\n{{#rows}}\nb", E_INVALID, "t.html:2: section 'rows' is not closed");
	check_parse_error("{{#a}}\n{{#b}}\n{{/a}}", E_INVALID,
			  "t.html:3: '{{/a}}' does not close '{{#b}}' opened at line 2");
	check_parse_error("x\n\n{{name", E_INVALID, "t.html:3: unterminated tag");
	check_parse_error("{{{raw}}", E_INVALID, "t.html:1: unterminated tag");
	check_parse_error("{{/a}}", E_INVALID, "t.html:1: '{{/a}}' closes no section");
	check_parse_error("{{a b}}", E_INVALID, "t.html:1: bad name 'a b' in a tag");
	check_parse_error("{{}}", E_INVALID, "t.html:1: bad name '' in a tag");
	check_parse_error("{{a..b}}", E_INVALID, "t.html:1: bad name 'a..b' in a tag");
	check_parse_error("{{=<% %>=}}", E_INVALID,
			  "t.html:1: changing delimiters is not supported");
}

static void nesting_deeper_than_the_limit_is_refused(void)
{
	struct buf src = BUF_INIT;
	for (int i = 0; i <= VIEW_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	struct tmpl *t;
	CHECK_STR(err_name(tmpl_compile(src.data, src.len, "t.html", &t, why, sizeof(why))),
		  "limit");
	buf_free(&src);
}

static void runaway_render_hits_the_step_limit(void)
{
	/* 16^6 = 16.7 million visits: more than VIEW_MAX_STEPS. */
	struct buf b = BUF_INIT;
	enum err e = render("{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}x{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}",
			    "{\"a\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}", false, &b);
	CHECK_STR(err_name(e), "limit");
	CHECK_INT(b.len, 0);
	buf_free(&b);
}

static void partial_in_string_template_is_empty_or_strict_error(void)
{
	check_render("a{{>row}}b", "{}", "ab");
	check_strict_error("{{>row}}", "{}", E_INVALID, "t.html:1: unknown partial 'row'");
}

/* --- whole views loaded from a folder --- */

/* A view of the fixture folder dir; strict. Fails the test when it does not load. */
static struct view *load(const char *dir)
{
	struct view *v = NULL;
	why[0] = '\0';
	enum err e = view_load(dir, &v, why, sizeof(why));
	if (!CHECK_STR(err_name(e), "ok"))
		printf("  why: %s\n", why);
	if (v)
		view_set_strict(v, true);
	return v;
}

/* Render name from v with data (JSON text) in lang; page selects the layout. */
static enum err render_view(struct view *v, const char *name, const char *data, const char *lang,
			    bool page, struct buf *out)
{
	json_t *j = json_loads(data, 0, NULL);
	why[0] = '\0';
	enum err e = page ? view_render_page(v, name, j, lang, out, why, sizeof(why))
			  : view_render(v, name, j, lang, out, why, sizeof(why));
	json_decref(j);
	return e;
}

static void partials_render_with_the_current_context(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	fx_write(dir, "list.html", "<ul>\n{{#rows}}\n{{>row}}\n{{/rows}}\n</ul>\n");
	fx_write(dir, "partials/row.html", "<li>{{name}} ({{unit}})</li>\n");
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		CHECK(view_has(v, "list"));
		CHECK(view_has(v, "partials/row"));
		CHECK(!view_has(v, "row"));
		enum err e = render_view(v, "list", "{\"unit\": \"H29\", \"rows\": [{\"name\": \"a\"},"
				       " {\"name\": \"b\"}]}", "vi", false, &b);
		CHECK_STR(err_name(e), "ok");
		CHECK_STR(buf_str(&b), "<ul>\n<li>a (H29)</li>\n<li>b (H29)</li>\n</ul>\n");
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

static void unknown_partial_is_a_load_error_naming_the_file(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	fx_write(dir, "slips/01.html", "a\n\n{{>header}}\n");
	struct view *v = (struct view *)1;
	enum err e = view_load(dir, &v, why, sizeof(why));
	CHECK_STR(err_name(e), "invalid");
	CHECK(v == NULL);
	CHECK_STR(why, "slips/01.html:3: unknown partial 'header' (partials/header.html)");
	fx_remove(dir);
}

static void parse_error_in_a_file_is_a_load_error(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	fx_write(dir, "ok.html", "fine");
	fx_write(dir, "partials/bad.html", "<p>\n{{#rows}}\n</p>");
	struct view *v = (struct view *)1;
	enum err e = view_load(dir, &v, why, sizeof(why));
	CHECK_STR(err_name(e), "invalid");
	CHECK(v == NULL);
	CHECK_STR(why, "partials/bad.html:2: section 'rows' is not closed");
	fx_remove(dir);
}

static void missing_folder_is_an_io_error(void)
{
	struct view *v = (struct view *)1;
	CHECK_STR(err_name(view_load("/nonexistent/motcua", &v, why, sizeof(why))), "io");
	CHECK(v == NULL);
}

static void partial_recursion_is_capped(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	fx_write(dir, "page.html", "{{>loop}}");
	fx_write(dir, "partials/loop.html", "x{{>loop}}");
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		enum err e = render_view(v, "page", "{}", "vi", false, &b);
		CHECK_STR(err_name(e), "limit");
		CHECK_STR(why, "partials/loop.html:1: partials nested deeper than 16");
		CHECK_INT(b.len, 0);
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

/* Layout and page used by the page tests. */
static void write_site(const char *dir)
{
	fx_catalogues(dir);
	fx_write(dir, "layout.html",
		 "<html lang=\"{{lang}}\"><title>{{title}} – {{t.site.name}}</title>\n"
		 "<main>{{{content}}}</main>{{#lang_vi}}[vi]{{/lang_vi}}{{#lang_en}}[en]{{/lang_en}}"
		 "</html>\n");
	fx_write(dir, "catalog.html", "<h1>{{title}}</h1>\n<p>{{t.search}}: {{q}}</p>\n");
}

static void page_renders_inside_the_layout(void)
{
	char dir[64];
	fx_mkdir(dir);
	write_site(dir);
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		const char *data = "{\"title\": \"Thủ tục\", \"q\": \"<khai sinh>\"}";
		CHECK_STR(err_name(render_view(v, "catalog", data, "vi", true, &b)), "ok");
		CHECK_STR(buf_str(&b),
			  "<html lang=\"vi\"><title>Thủ tục – Một cửa điện tử</title>\n"
			  "<main><h1>Thủ tục</h1>\n<p>Tìm kiếm: &lt;khai sinh&gt;</p>\n</main>[vi]"
			  "</html>\n");
		buf_reset(&b);
		CHECK_STR(err_name(render_view(v, "catalog", data, "en", true, &b)), "ok");
		CHECK_STR(buf_str(&b),
			  "<html lang=\"en\"><title>Thủ tục – One-Stop Shop</title>\n"
			  "<main><h1>Thủ tục</h1>\n<p>Search: &lt;khai sinh&gt;</p>\n</main>[en]"
			  "</html>\n");
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

static void injected_names_win_over_top_level_data(void)
{
	char dir[64];
	fx_mkdir(dir);
	write_site(dir);
	fx_write(dir, "names.html", "{{lang}} {{t.search}}{{#rows}} {{lang}}{{/rows}}");
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		const char *data = "{\"lang\": \"xx\", \"t\": {}, \"rows\": [{\"lang\": \"row\"}]}";
		CHECK_STR(err_name(render_view(v, "names", data, "fr", false, &b)), "ok");
		CHECK_STR(buf_str(&b), "vi Tìm kiếm row");
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

static void strict_page_error_names_the_page_file(void)
{
	char dir[64];
	fx_mkdir(dir);
	write_site(dir);
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		CHECK_STR(err_name(render_view(v, "catalog", "{\"title\": \"x\"}", "vi", true, &b)),
			  "invalid");
		CHECK_STR(why, "catalog.html:2: undefined key 'q'");
		CHECK_INT(b.len, 0);
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

static void unknown_template_or_missing_layout_is_not_found(void)
{
	char dir[64];
	fx_mkdir(dir);
	fx_catalogues(dir);
	fx_write(dir, "alone.html", "x");
	struct view *v = load(dir);
	struct buf b = BUF_INIT;
	if (v) {
		CHECK_STR(err_name(render_view(v, "nope", "{}", "vi", false, &b)), "not_found");
		CHECK_STR(why, "nope.html: no such template");
		CHECK_STR(err_name(render_view(v, "alone", "{}", "vi", true, &b)), "not_found");
		CHECK_STR(why, "layout.html: no such template");
		CHECK_INT(b.len, 0);
	}
	buf_free(&b);
	view_free(v);
	fx_remove(dir);
}

struct shared_render {
	struct view *v;
	json_t *data;
	int mismatches;
};

/* Thread body: render the same page many times and count outputs that differ. */
static void *render_many(void *arg)
{
	struct shared_render *s = arg;
	struct buf first = BUF_INIT, b = BUF_INIT;
	char w[128];
	view_render_page(s->v, "catalog", s->data, "vi", &first, w, sizeof(w));
	for (int i = 0; i < 200; i++) {
		buf_reset(&b);
		if (view_render_page(s->v, "catalog", s->data, "vi", &b, w, sizeof(w)) != E_OK ||
		    strcmp(buf_str(&b), buf_str(&first)) != 0)
			__atomic_add_fetch(&s->mismatches, 1, __ATOMIC_RELAXED);
	}
	buf_free(&first);
	buf_free(&b);
	return NULL;
}

static void concurrent_renders_share_one_view(void)
{
	char dir[64];
	fx_mkdir(dir);
	write_site(dir);
	struct view *v = load(dir);
	if (v) {
		struct shared_render s = { v, json_pack("{s:s, s:s}", "title", "T", "q", "x"), 0 };
		pthread_t th[4];
		for (int i = 0; i < 4; i++)
			pthread_create(&th[i], NULL, render_many, &s);
		for (int i = 0; i < 4; i++)
			pthread_join(th[i], NULL);
		CHECK_INT(s.mismatches, 0);
		json_decref(s.data);
	}
	view_free(v);
	fx_remove(dir);
}

int main(void)
{
	RUN(variable_escapes_each_dangerous_character);
	RUN(triple_and_ampersand_do_not_escape);
	RUN(dotted_names_descend_into_objects);
	RUN(dot_is_the_current_item);
	RUN(section_repeats_for_each_array_element);
	RUN(section_over_object_pushes_it_once);
	RUN(section_truthiness);
	RUN(inverted_section_renders_when_section_would_not);
	RUN(lookup_walks_up_the_context_stack);
	RUN(dotted_name_resolves_only_its_first_segment_upwards);
	RUN(numbers_render_as_integers_or_short_reals);
	RUN(comments_render_nothing);
	RUN(standalone_tag_lines_are_removed);
	RUN(non_ascii_text_passes_through_unchanged);
	RUN(non_strict_missing_names_render_empty);
	RUN(strict_undefined_variable_names_file_line_and_key);
	RUN(strict_undefined_section_is_an_error);
	RUN(strict_object_as_variable_is_an_error);
	RUN(strict_error_returns_nothing_half_rendered);
	RUN(strict_accepts_null_and_false);
	RUN(parse_errors_name_file_and_line);
	RUN(nesting_deeper_than_the_limit_is_refused);
	RUN(runaway_render_hits_the_step_limit);
	RUN(partial_in_string_template_is_empty_or_strict_error);
	RUN(partials_render_with_the_current_context);
	RUN(unknown_partial_is_a_load_error_naming_the_file);
	RUN(parse_error_in_a_file_is_a_load_error);
	RUN(missing_folder_is_an_io_error);
	RUN(partial_recursion_is_capped);
	RUN(page_renders_inside_the_layout);
	RUN(injected_names_win_over_top_level_data);
	RUN(strict_page_error_names_the_page_file);
	RUN(unknown_template_or_missing_layout_is_not_found);
	RUN(concurrent_renders_share_one_view);
	return harness_done("test_template");
}
