/* test_router.c - route matching: params, wildcard, 404 vs 405, trailing slash, encodings. */
#include "harness.h"

#include "motcua/arena.h"
#include "motcua/http.h"

/* Never called: the router only compares addresses. */
static void h(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
}

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = h },
	{ .method = HTTP_GET, .pattern = "/thu-tuc", .handler = h },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code", .handler = h },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/su-kien/:seq", .handler = h },
	{ .method = HTTP_POST, .pattern = "/ho-so/:code/su-kien/:seq", .handler = h },
	{ .method = HTTP_POST, .pattern = "/dang-nhap", .handler = h },
	{ .method = HTTP_GET, .pattern = "/files/*", .handler = h },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Match path for method; returns the status and fills m. */
static int match(enum http_method meth, const char *path, struct arena *a, struct route_match *m)
{
	return router_match(routes, NROUTES, meth, path, a, m);
}

/* Value of param name in m, or NULL. */
static const char *param(const struct route_match *m, const char *name)
{
	for (size_t i = 0; i < m->nparams; i++)
		if (m->name_lens[i] == strlen(name) && memcmp(m->names[i], name, m->name_lens[i]) == 0)
			return m->values[i];
	return NULL;
}

static void static_paths_match_exactly(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/", a, &m), 0);
	CHECK(m.route == &routes[0]);
	CHECK_INT(match(HTTP_GET, "/thu-tuc", a, &m), 0);
	CHECK(m.route == &routes[1]);
	CHECK_INT(m.nparams, 0);
	arena_free(a);
}

static void params_capture_segments(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/thu-tuc/1.000948", a, &m), 0);
	CHECK(m.route == &routes[2]);
	CHECK_STR(param(&m, "code"), "1.000948");
	CHECK_INT(match(HTTP_POST, "/ho-so/H29-001/su-kien/7", a, &m), 0);
	CHECK(m.route == &routes[4]);
	CHECK_STR(param(&m, "code"), "H29-001");
	CHECK_STR(param(&m, "seq"), "7");
	CHECK(param(&m, "other") == NULL);
	arena_free(a);
}

static void empty_param_does_not_match(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/ho-so//su-kien/1", a, &m), 404);
	arena_free(a);
}

static void wildcard_takes_the_rest(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/files/css/app.css", a, &m), 0);
	CHECK(m.route == &routes[6]);
	CHECK_STR(param(&m, "*"), "css/app.css");
	CHECK_INT(match(HTTP_GET, "/files/", a, &m), 0);
	CHECK_STR(param(&m, "*"), "");
	CHECK_INT(match(HTTP_GET, "/files/a%20b/c", a, &m), 0);
	CHECK_STR(param(&m, "*"), "a b/c");
	arena_free(a);
}

static void unknown_path_is_404(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/khong-co", a, &m), 404);
	CHECK(m.route == NULL);
	CHECK_INT(match(HTTP_GET, "/thu-tuc/a/b", a, &m), 404);
	CHECK_INT(match(HTTP_POST, "/nowhere", a, &m), 404);
	arena_free(a);
}

static void known_path_wrong_method_is_405_with_allow(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_POST, "/thu-tuc", a, &m), 405);
	CHECK_INT(m.allow, 1u << HTTP_GET);
	CHECK_INT(match(HTTP_GET, "/dang-nhap", a, &m), 405);
	CHECK_INT(m.allow, 1u << HTTP_POST);
	CHECK_INT(match(HTTP__MAX, "/ho-so/x/su-kien/1", a, &m), 405);
	CHECK_INT(m.allow, (1u << HTTP_GET) | (1u << HTTP_POST));
	arena_free(a);
}

static void trailing_slash_is_a_different_path(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/thu-tuc/", a, &m), 404);
	CHECK_INT(match(HTTP_GET, "/thu-tuc/abc/", a, &m), 404);
	CHECK_INT(match(HTTP_GET, "//", a, &m), 404);
	arena_free(a);
}

static void encoded_segments_decode_once(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/thu-tuc/%C4%90%C4%83ng", a, &m), 0);
	CHECK_STR(param(&m, "code"), "Đăng");
	CHECK_INT(match(HTTP_GET, "/thu-tuc/%2541", a, &m), 0);
	CHECK_STR(param(&m, "code"), "%41");
	CHECK_INT(match(HTTP_GET, "/thu-tuc/a+b", a, &m), 0);
	CHECK_STR(param(&m, "code"), "a+b");
	CHECK_INT(match(HTTP_GET, "/%74hu-tuc", a, &m), 0);
	CHECK(m.route == &routes[1]);
	arena_free(a);
}

static void bad_encodings_are_400(void)
{
	struct arena *a = arena_new();
	struct route_match m;
	CHECK_INT(match(HTTP_GET, "/thu-tuc/a%2Fb", a, &m), 400);	/* encoded slash */
	CHECK_INT(match(HTTP_GET, "/thu-tuc/a%00b", a, &m), 400);	/* NUL */
	CHECK_INT(match(HTTP_GET, "/thu-tuc/%C3%28", a, &m), 400);	/* invalid UTF-8 */
	CHECK_INT(match(HTTP_GET, "/thu-tuc/%zz", a, &m), 400);
	CHECK_INT(match(HTTP_GET, "/thu-tuc/%4", a, &m), 400);
	CHECK_INT(match(HTTP_GET, "/files/../etc/passwd", a, &m), 400);
	CHECK_INT(match(HTTP_GET, "/files/%2e%2e/x", a, &m), 400);
	CHECK_INT(match(HTTP_GET, "/files/./x", a, &m), 400);
	CHECK_INT(match(HTTP_GET, "thu-tuc", a, &m), 400);	/* not absolute */
	arena_free(a);
}

static void pattern_validation(void)
{
	CHECK(router_pattern_valid("/"));
	CHECK(router_pattern_valid("/a/:b/*"));
	CHECK(!router_pattern_valid(""));
	CHECK(!router_pattern_valid("a"));
	CHECK(!router_pattern_valid("/a/*/b"));
	CHECK(!router_pattern_valid("/a//b"));
	CHECK(!router_pattern_valid("/a/:"));
	CHECK(!router_pattern_valid("/a/../b"));
	CHECK(!router_pattern_valid("/a/"));
	CHECK(!router_pattern_valid("/:a/:b/:c/:d/:e/:f/:g/:h/:i"));
}

static void url_decode_plus_and_errors(void)
{
	char s[] = "a+b%20c";
	CHECK_INT(url_decode(s, strlen(s), true), 5);
	CHECK_STR(s, "a b c");
	char t[] = "a+b";
	CHECK_INT(url_decode(t, strlen(t), false), 3);
	CHECK_STR(t, "a+b");
	char u[] = "%g1";
	CHECK(url_decode(u, strlen(u), false) == (size_t)-1);
	char v[] = "ab%";
	CHECK(url_decode(v, strlen(v), false) == (size_t)-1);
}

int main(void)
{
	RUN(static_paths_match_exactly);
	RUN(params_capture_segments);
	RUN(empty_param_does_not_match);
	RUN(wildcard_takes_the_rest);
	RUN(unknown_path_is_404);
	RUN(known_path_wrong_method_is_405_with_allow);
	RUN(trailing_slash_is_a_different_path);
	RUN(encoded_segments_decode_once);
	RUN(bad_encodings_are_400);
	RUN(pattern_validation);
	RUN(url_decode_plus_and_errors);
	return harness_done("test_router");
}
