/* routes.c - the route table: every URL of the application in one greppable place, each
 * with its declared inputs (style rule 1: undeclared fields are dropped). */
#include "motcua/auth.h"
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

static const struct field_spec signin_query[] = {
	{ "next", FK_TEXT, 512, false, NULL },
	{ NULL, 0, 0, false, NULL },
};

static const struct field_spec signin_form[] = {
	{ "username", FK_TEXT, 200, false, NULL },	/* over 64 bytes: "missing" message */
	{ "password", FK_TEXT, PASSWORD_MAX, false, NULL },
	{ "next", FK_TEXT, 512, false, NULL },
	{ NULL, 0, 0, false, NULL },
};

static const struct field_spec account_query[] = {
	{ "changed", FK_CHECKBOX, 0, false, NULL },
	{ NULL, 0, 0, false, NULL },
};

static const struct field_spec password_form[] = {
	{ "current", FK_TEXT, PASSWORD_MAX, false, NULL },
	{ "password", FK_TEXT, PASSWORD_MAX, false, NULL },
	{ "confirm", FK_TEXT, PASSWORD_MAX, false, NULL },
	{ NULL, 0, 0, false, NULL },
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
	{ .method = HTTP_GET, .pattern = "/dang-nhap", .handler = page_signin,
	  .query = signin_query },
	{ .method = HTTP_POST, .pattern = "/dang-nhap", .handler = page_signin_post,
	  .form = signin_form },
	{ .method = HTTP_POST, .pattern = "/dang-xuat", .handler = page_signout_post },
	{ .method = HTTP_GET, .pattern = "/tai-khoan", .handler = page_account,
	  .roles = ROLES_SIGNED_IN, .query = account_query },
	{ .method = HTTP_POST, .pattern = "/tai-khoan/mat-khau", .handler = page_password_post,
	  .roles = ROLES_SIGNED_IN, .form = password_form },
};

/* See web.h. */
const struct route *web_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
