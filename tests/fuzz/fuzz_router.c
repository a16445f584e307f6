/* fuzz_router.c - libFuzzer target: router matching of arbitrary paths.
 * Input: first byte picks the method, the rest is the raw path. Checks the router's
 * promises: a match has a route, decoded params are valid UTF-8 without NUL, and ':' params
 * hold no '/'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/arena.h"
#include "motcua/http.h"
#include "motcua/text.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Never called. */
static void h(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
}

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = h },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code", .handler = h },
	{ .method = HTTP_POST, .pattern = "/thu-tuc/:code", .handler = h },
	{ .method = HTTP_GET, .pattern = "/ho-so/:code/su-kien/:seq", .handler = h },
	{ .method = HTTP_GET, .pattern = "/static/*", .handler = h },
	{ .method = HTTP_POST, .pattern = "/a/:b/:c/*", .handler = h },
};

/* See libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum http_method m = (enum http_method)(data[0] % (HTTP__MAX + 1));
	char *path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	struct arena *a = arena_new();
	struct route_match rm;
	int st = router_match(routes, sizeof(routes) / sizeof(routes[0]), m, path, a, &rm);
	if (st == 0) {
		if (!rm.route)
			abort();
		for (size_t i = 0; i < rm.nparams; i++) {
			const char *v = rm.values[i];
			if (!utf8_valid(v, strlen(v)))
				abort();
			if (rm.names[i][0] != '*' && strchr(v, '/'))
				abort();
			if (strcmp(v, "..") == 0)
				abort();
		}
	} else if (st != 400 && st != 404 && st != 405) {
		abort();
	}
	arena_free(a);
	free(path);
	/* The decoder alone, with '+' handling. */
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	size_t n = url_decode(copy, size, true);
	if (n != (size_t)-1 && n > size)
		abort();
	free(copy);
	return 0;
}
