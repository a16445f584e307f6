/* request.c - accessors of a request: path params, declared query/form fields, uploads,
 * cookies, headers, client address, id, arena, roles and user. */
#include "internal.h"

#include <string.h>

/* See http.h. */
enum http_method req_method(const struct request *r)
{
	return r->method;
}

/* See http.h. */
const char *req_path(const struct request *r)
{
	return r->path;
}

/* See http.h. */
const char *req_param(struct request *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->match.nparams; i++)
		if (r->match.name_lens[i] == n && memcmp(r->match.names[i], name, n) == 0)
			return r->match.values[i];
	return NULL;
}

/* See http.h. */
const char *req_query(struct request *r, const char *name)
{
	return r->query ? form_value(r->query, name) : NULL;
}

/* True when name is a declared form field of r (the implicit csrf slot is not). */
static bool form_declared(struct request *r, const char *name)
{
	if (!r->form || strcmp(name, "csrf") == 0)
		return false;
	for (const struct field_spec *f = r->form_spec; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return true;
	return false;
}

/* See http.h. */
const char *req_query_raw(struct request *r, const char *name)
{
	return r->query ? form_raw(r->query, name) : NULL;
}

/* See http.h. */
const char *req_form(struct request *r, const char *name)
{
	return form_declared(r, name) ? form_value(r->form, name) : NULL;
}

/* See http.h. */
const char *req_form_raw(struct request *r, const char *name)
{
	return form_declared(r, name) ? form_raw(r->form, name) : NULL;
}

/* See http.h. */
const char *req_field_reason(struct request *r, const char *name)
{
	const char *why = r->query ? form_reason(r->query, name) : NULL;
	if (!why && form_declared(r, name))
		why = form_reason(r->form, name);
	return why;
}

/* See http.h. */
const struct upload *req_file(struct request *r, const char *name)
{
	return r->form ? form_file(r->form, name) : NULL;
}

/* See http.h. */
enum err req_file_keep(struct request *r, const char *name)
{
	return r->form ? form_file_keep(r->form, name) : E_NOTFOUND;
}

/* See http.h. */
const char *req_field_error(struct request *r)
{
	const char *e = r->query ? form_error(r->query) : NULL;
	if (!e && r->form)
		e = form_error(r->form);
	return e;
}

/* See http.h. */
const char *req_body(struct request *r, size_t *len)
{
	if (!r->is_json || r->fail) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = r->json.len;
	return buf_str(&r->json);
}

/* See http.h. */
const char *req_cookie(struct request *r, const char *name)
{
	if (!r->conn)
		return NULL;
	if (r->srv->lim.cookie_secure)
		name = arena_printf(r->arena, "__Host-%s", name);
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* See http.h. */
const char *req_header(struct request *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

/* See http.h. */
const char *req_client_ip(struct request *r)
{
	return r->ip;
}

/* See http.h. */
const char *req_id(struct request *r)
{
	return r->id;
}

/* See http.h. */
struct arena *req_arena(struct request *r)
{
	return r->arena;
}

/* See http.h. */
void *req_app(struct request *r)
{
	return r->srv->hooks.app;
}

/* See http.h. */
unsigned req_roles(const struct request *r)
{
	return r->roles;
}

/* See http.h. */
void req_set_roles(struct request *r, unsigned roles)
{
	r->roles = roles;
}

/* See http.h. */
void req_set_user(struct request *r, void *user)
{
	r->user = user;
}

/* See http.h. */
void *req_user(struct request *r)
{
	return r->user;
}

/* See http.h. */
void req_set_local(struct request *r, void *p)
{
	r->local = p;
}

/* See http.h. */
void *req_local(struct request *r)
{
	return r->local;
}
