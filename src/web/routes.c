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

/* The file first: req_field_error() reports the first failing field, and the page shows the
 * title's error itself. */
static const struct field_spec document_form[] = {
	{ .name = "file", .kind = FK_FILE, .required = true,
	  .kinds = UPLOAD_PDF | UPLOAD_JPEG | UPLOAD_PNG },
	{ .name = "title", .kind = FK_TEXT, .max = 200 },
	{ .name = NULL },
};

static const struct field_spec documents_query[] = {
	{ .name = "saved", .kind = FK_CHECKBOX },
	{ .name = "removed", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec signin_query[] = {
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

static const struct field_spec signin_form[] = {
	{ .name = "username", .kind = FK_TEXT, .max = 200 },	/* over 64 bytes: "missing" message */
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "next", .kind = FK_TEXT, .max = 512 },
	{ .name = NULL },
};

static const struct field_spec account_query[] = {
	{ .name = "changed", .kind = FK_CHECKBOX },
	{ .name = NULL },
};

static const struct field_spec password_form[] = {
	{ .name = "current", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "password", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = "confirm", .kind = FK_TEXT, .max = PASSWORD_MAX },
	{ .name = NULL },
};

static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0, false, NULL, NULL },
	{ HTTP_GET, "/thu-tuc", page_catalog, 0, false, catalog_query, NULL },
	{ HTTP_GET, "/thu-tuc/:code", page_procedure, 0, false, NULL, NULL },
	{ HTTP_GET, "/tra-cuu", page_lookup, 0, false, NULL, NULL },
	{ HTTP_POST, "/tra-cuu", page_lookup_post, 0, true, NULL, lookup_form_fields },
	{ HTTP_GET, "/lang/:code", page_lang, 0, false, lang_query, NULL },
	{ HTTP_GET, "/healthz", page_healthz, 0, false, NULL, NULL },
	{ HTTP_GET, "/tai-khoan/giay-to", page_documents, ROLES_SIGNED_IN, false, documents_query,
	  NULL },
	{ HTTP_POST, "/tai-khoan/giay-to", page_documents_upload, ROLES_SIGNED_IN, true, NULL,
	  document_form },
	{ HTTP_GET, "/tai-khoan/giay-to/:id", page_document_download, ROLES_SIGNED_IN, false, NULL,
	  NULL },
	{ HTTP_POST, "/tai-khoan/giay-to/:id/xoa", page_document_remove, ROLES_SIGNED_IN, true, NULL,
	  NULL },
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
