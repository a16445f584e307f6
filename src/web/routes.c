/* routes.c - the route table: every URL of the application in one greppable place, each
 * with its declared inputs (style rule 1: undeclared fields are dropped). */
#include "motcua/lookup.h"
#include "motcua/web.h"

static const struct field_spec catalog_query[] = {
	{ .name = "q", .kind = FK_TEXT, .max = 100 },
	{ .name = "field", .kind = FK_INT },
	{ .name = NULL },
};

static const struct field_spec lookup_form_fields[] = {
	{ .name = "code", .kind = FK_TEXT, .max = LOOKUP_CODE_MAX, .required = true },
	{ .name = "secret", .kind = FK_TEXT, .max = 16, .required = true },
	{ .name = NULL },
};

static const struct field_spec lang_query[] = {
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

/* Designated initialisers: members not named are zero (no roles, CSRF on for POST, no JSON,
 * no fields), so adding a member to struct route touches no row. */
static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = page_home },
	{ .method = HTTP_GET, .pattern = "/thu-tuc", .handler = page_catalog,
	  .query = catalog_query },
	{ .method = HTTP_GET, .pattern = "/thu-tuc/:code", .handler = page_procedure },
	{ .method = HTTP_GET, .pattern = "/tra-cuu", .handler = page_lookup },
	{ .method = HTTP_POST, .pattern = "/tra-cuu", .handler = page_lookup_post,
	  .form = lookup_form_fields },
	{ .method = HTTP_GET, .pattern = "/lang/:code", .handler = page_lang, .query = lang_query },
	{ .method = HTTP_GET, .pattern = "/healthz", .handler = page_healthz },
};

/* See web.h. */
const struct route *web_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
