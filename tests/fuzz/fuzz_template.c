/* fuzz_template.c - libFuzzer target: compile any bytes as a template and render it against a
 * fixed JSON value, strict and not, with every partial pointing back at the template itself
 * (so partial recursion and its depth cap are exercised). Must never crash, hang or leak. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "motcua/buf.h"
#include "motcua/view.h"

#include "../../src/view/internal.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_json[] =
	"{\"title\": \"Thủ tục <b>&\", \"n\": 42, \"r\": 2.5, \"yes\": true, \"no\": false,"
	" \"nil\": null, \"empty\": [], \"s\": \"\","
	" \"rows\": [{\"code\": \"1\", \"name\": \"Khai sinh\", \"rows\": [1, 2]},"
	"          {\"code\": \"2\", \"name\": \"Kết hôn\", \"unit\": {\"name\": \"UBND\"}}],"
	" \"a\": {\"b\": {\"c\": \"sâu\"}}, \"t\": {\"site\": {\"name\": \"Một cửa\"}}}";

/* tmpl_find_fn: every partial name resolves to the template under test. */
static const struct tmpl *find_self(void *ctx, const char *name, size_t len)
{
	(void)name;
	(void)len;
	return ctx;
}

/* libFuzzer entry: one input, compiled and rendered three ways; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *fixed;
	if (!fixed)
		fixed = json_loads(fixed_json, 0, NULL);
	char why[256];
	struct tmpl *t;
	if (tmpl_compile((const char *)data, size, "fuzz.html", &t, why, sizeof(why)) != E_OK)
		return 0;
	struct buf out = BUF_INIT;
	tmpl_render(t, fixed, true, &out, why, sizeof(why));
	tmpl_render(t, fixed, false, &out, why, sizeof(why));
	tmpl_link(t, find_self, t, why, sizeof(why));
	struct render_env env = { .strict = false, .lang = "vi", .content = "<p>x</p>",
				  .content_len = 8 };
	tmpl_render_env(t, fixed, &env, &out, why, sizeof(why));
	buf_free(&out);
	tmpl_free(t);
	return 0;
}
