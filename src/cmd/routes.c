/* routes.c - `motcua routes [--format text|json]`: print the route table the server serves
 * (the application's routes, then the layer's built-in static route), with roles, CSRF
 * protection or its exemption, JSON cap and declared fields. The JSON drives outside test
 * batteries: every route is listed. See docs/http.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/http.h"
#include "motcua/role.h"
#include "motcua/web.h"

/* JSON array of the names of the UPLOAD_* bits in kinds (0 = every kind). */
static json_t *kinds_json(unsigned kinds)
{
	json_t *a = json_array();
	for (unsigned bit = 1; bit <= UPLOAD_TEXT; bit <<= 1)
		if ((kinds ? kinds : UPLOAD_KINDS_ALL) & bit)
			json_array_append_new(a, json_string(upload_kind_name((enum upload_kind)bit)));
	return a;
}

/* JSON array of the fields of spec (NULL = none): name, kind, max, required, choices for
 * FK_ENUM, and for FK_FILE the allowed kinds and the byte cap (max_bytes: the field's max
 * when below file_max, the server's --upload-max, else file_max). */
static json_t *fields_json(const struct field_spec *spec, size_t file_max)
{
	json_t *a = json_array();
	for (const struct field_spec *f = spec; f && f->name; f++) {
		json_t *o = json_pack("{s:s, s:s, s:I, s:b}", "name", f->name, "kind",
				      field_kind_name(f->kind), "max", (json_int_t)f->max,
				      "required", f->required);
		if (f->kind == FK_ENUM) {
			json_t *c = json_array();
			for (const char *const *p = f->choices; p && *p; p++)
				json_array_append_new(c, json_string(*p));
			json_object_set_new(o, "choices", c);
		}
		if (f->kind == FK_FILE) {
			size_t cap = f->max && f->max < file_max ? f->max : file_max;
			json_object_set_new(o, "kinds", kinds_json(f->kinds));
			json_object_set_new(o, "max_bytes", json_integer((json_int_t)cap));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* JSON array of the role names in mask (empty = public). */
static json_t *roles_json(unsigned mask)
{
	json_t *a = json_array();
	for (int r = 0; r < ROLE__MAX; r++)
		if (mask & ROLE_BIT(r))
			json_array_append_new(a, json_string(role_name((enum role)r)));
	return a;
}

/* One route as a JSON object (see docs/http.md for the members). */
static json_t *route_json(const struct route *rt, bool builtin, size_t file_max)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:I, s:b, s:b}", "method",
			      rt->method == HTTP_POST ? "POST" : "GET", "path", rt->pattern,
			      "roles", roles_json(rt->roles), "csrf", route_csrf(rt), "exempt",
			      rt->csrf_exempt ? json_string(rt->csrf_exempt) : json_null(),
			      "fields", fields_json(rt->form, file_max), "query",
			      fields_json(rt->query, file_max),
			      "json_max", (json_int_t)rt->json_max, "dynamic_form",
			      rt->form_for != NULL, "builtin", builtin);
	return o;
}

/* Fields of spec as "name:kind:max[*]" joined by commas into out ("-" when none). */
static void fields_text(const struct field_spec *spec, struct buf *out)
{
	if (!spec || !spec->name) {
		buf_puts(out, "-");
		return;
	}
	for (const struct field_spec *f = spec; f->name; f++)
		buf_printf(out, "%s%s:%s:%zu%s", f == spec ? "" : ",", f->name,
			   field_kind_name(f->kind), f->max, f->required ? "*" : "");
}

/* One route as a text line. */
static void route_text(const struct route *rt, FILE *out)
{
	struct buf line = BUF_INIT;
	buf_printf(&line, "%-4s %-28s roles=", rt->method == HTTP_POST ? "POST" : "GET",
		   rt->pattern);
	if (!rt->roles)
		buf_puts(&line, "public");
	for (int r = 0, first = 1; r < ROLE__MAX; r++)
		if (rt->roles & ROLE_BIT(r)) {
			buf_printf(&line, "%s%s", first ? "" : ",", role_name((enum role)r));
			first = 0;
		}
	if (rt->method == HTTP_POST)
		buf_printf(&line, " csrf=%s", route_csrf(rt) ? "yes" : "exempt");
	if (rt->csrf_exempt)
		buf_printf(&line, " (%s)", rt->csrf_exempt);
	if (rt->query) {
		buf_puts(&line, " query=");
		fields_text(rt->query, &line);
	}
	if (rt->form_for)
		buf_puts(&line, " form=per-request");
	else if (rt->form) {
		buf_puts(&line, " form=");
		fields_text(rt->form, &line);
	}
	if (rt->json_max)
		buf_printf(&line, " json_max=%zu", rt->json_max);
	fprintf(out, "%s\n", buf_str(&line));
	buf_free(&line);
}

/* See cmd.h. Exit 0, or 2 for a bad option. */
int cmd_routes(int argc, char **argv, int first)
{
	const char *format = "text";
	struct http_limits lim;
	http_limits_default(&lim);
	int64_t upload_max = (int64_t)lim.file_max;
	const struct cli_opt opts[] = {
		{ "format", NULL, CLI_STR, &format, 0, 0, "text (default) or json" },
		{ "upload-max", "MOTCUA_UPLOAD_MAX", CLI_INT, &upload_max, 1024, (int64_t)1 << 32,
		  "bytes per uploaded file, as given to serve (file fields' max_bytes)" },
	};
	const struct cli_spec spec = { "motcua routes", "print the route table", NULL, opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "text") != 0) {
		fprintf(stderr, "motcua routes: --format must be text or json, not '%s'\n", format);
		return 2;
	}
	size_t n, nb;
	const struct route *routes = web_routes(&n);
	const struct route *builtin = http_builtin_routes(&nb);
	json_t *all = json_array();
	for (size_t i = 0; i < n + nb; i++) {
		const struct route *rt = i < n ? &routes[i] : &builtin[i - n];
		if (json)
			json_array_append_new(all, route_json(rt, i >= n, (size_t)upload_max));
		else
			route_text(rt, stdout);
	}
	if (json) {
		char *s = json_dumps(all, JSON_INDENT(2));
		printf("%s\n", s);
		free(s);
	}
	json_decref(all);
	return 0;
}
