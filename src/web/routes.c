/* routes.c - the route table: every URL of the application in one greppable place, each
 * with its declared inputs (style rule 1: undeclared fields are dropped). */
#include "motcua/auth.h"
#include "motcua/lookup.h"
#include "motcua/web.h"

static const struct field_spec catalog_query[] = {
	{ "q", FK_TEXT, 100, false, NULL },
	{ "field", FK_INT, 0, false, NULL },
	{ NULL, 0, 0, false, NULL },
};

static const struct field_spec lookup_form_fields[] = {
	{ "code", FK_TEXT, LOOKUP_CODE_MAX, true, NULL },
	{ "secret", FK_TEXT, 16, true, NULL },
	{ NULL, 0, 0, false, NULL },
};

static const struct field_spec lang_query[] = {
	{ "next", FK_TEXT, 512, false, NULL },
	{ NULL, 0, 0, false, NULL },
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

static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0, false, NULL, NULL },
	{ HTTP_GET, "/thu-tuc", page_catalog, 0, false, catalog_query, NULL },
	{ HTTP_GET, "/thu-tuc/:code", page_procedure, 0, false, NULL, NULL },
	{ HTTP_GET, "/tra-cuu", page_lookup, 0, false, NULL, NULL },
	{ HTTP_POST, "/tra-cuu", page_lookup_post, 0, true, NULL, lookup_form_fields },
	{ HTTP_GET, "/lang/:code", page_lang, 0, false, lang_query, NULL },
	{ HTTP_GET, "/healthz", page_healthz, 0, false, NULL, NULL },
	{ HTTP_GET, "/dang-nhap", page_signin, 0, false, signin_query, NULL },
	{ HTTP_POST, "/dang-nhap", page_signin_post, 0, true, NULL, signin_form },
	{ HTTP_POST, "/dang-xuat", page_signout_post, 0, true, NULL, NULL },
	{ HTTP_GET, "/tai-khoan", page_account, ROLES_SIGNED_IN, false, account_query, NULL },
	{ HTTP_POST, "/tai-khoan/mat-khau", page_password_post, ROLES_SIGNED_IN, true, NULL,
	  password_form },
};

/* See web.h. */
const struct route *web_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
