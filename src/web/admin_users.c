/* admin_users.c - the accounts pages of the administration (docs/admin-users.md): the list
 * with search and filters (GET /quan-tri/nguoi-dung), the creation form (GET/POST
 * /quan-tri/nguoi-dung/moi) and one account with its role and unit form (GET/POST
 * /quan-tri/nguoi-dung/:user). The domain (admin_users.c) decides scope and checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_web.h"
#include "motcua/clock.h"
#include "motcua/text.h"

/* Roles as the filter and the forms offer them: [{name, label, selected}]. staff_only drops
 * citizen. */
static json_t *role_choices(struct request *req, const char *selected, bool staff_only)
{
	json_t *list = json_array();
	for (int r = staff_only ? ROLE_CLERK : ROLE_CITIZEN; r <= ROLE_ADMIN; r++) {
		const char *name = role_name((enum role)r);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:b}", "name", name, "label",
					web_text(req, arena_printf(req_arena(req), "role.%s", name)),
					"selected", selected && !strcmp(selected, name)));
	}
	return list;
}

/* The units of the actor's subtree with `selected` marked, or NULL after answering 500. */
static json_t *unit_choices(struct request *req, struct response *res,
			    const struct admin_actor *a, int64_t selected)
{
	json_t *units = NULL;
	if (admin_units(web_db(req), a, &units) != E_OK) {
		res_error(req, res, 500, NULL);
		return NULL;
	}
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) {
		int64_t id = json_integer_value(json_object_get(u, "id"));
		json_object_set_new(u, "selected", json_boolean(id == selected));
		int depth = (int)json_integer_value(json_object_get(u, "depth"));
		char indent[64] = "";
		for (int d = 0; d < depth && d < 20; d++)
			strcat(indent, "\xC2\xA0\xC2\xA0");	/* two no-break spaces a level */
		json_object_set_new(u, "indent", json_string(indent));
	}
	return units;
}

/* Add the display label of each row's role. */
static void label_roles(struct request *req, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *role = json_string_value(json_object_get(r, "role"));
		json_object_set_new(r, "role_label",
				    json_string(web_text(req, arena_printf(req_arena(req), "role.%s",
									   role ? role : "?"))));
	}
}

/* The query string of the list's filters with page p (for paging links). */
static const char *list_href(struct request *req, int64_t p)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/quan-tri/nguoi-dung?");
	const char *names[] = { "q", "vai_tro", "don_vi" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = req_query(req, names[i]);
		if (!v || !*v)
			continue;
		buf_printf(&b, "%s=", names[i]);
		for (const unsigned char *c = (const unsigned char *)v; *c; c++)
			if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
			    (*c >= '0' && *c <= '9') || strchr("-._~", *c))
				buf_putc(&b, (char)*c);
			else
				buf_printf(&b, "%%%02X", *c);
		buf_putc(&b, '&');
	}
	buf_printf(&b, "trang=%lld", (long long)p);
	const char *out = arena_printf(req_arena(req), "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

/* See web.h. GET /quan-tri/nguoi-dung?q=&vai_tro=&don_vi=&trang= */
void page_admin_users(struct request *req, struct response *res)
{
	struct admin_actor a;
	if (!admin_actor_of(req, res, &a))
		return;
	const char *page_s = req_query(req, "trang");
	const char *unit_s = req_query(req, "don_vi");
	int64_t page = page_s ? strtoll(page_s, NULL, 10) : 1;
	if (page < 1 || page > 1000000)
		page = 1;
	struct admin_user_query q = { req_query(req, "q"), req_query(req, "vai_tro"),
				      unit_s ? strtoll(unit_s, NULL, 10) : 0, page };
	json_t *rows = NULL;
	int64_t total = 0;
	if (admin_users_list(web_db(req), &a, &q, &rows, &total) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *units = unit_choices(req, res, &a, q.unit_id);
	if (!units) {
		json_decref(rows);
		return;
	}
	label_roles(req, rows);
	int64_t pages = (total + ADMIN_USERS_PAGE - 1) / ADMIN_USERS_PAGE;
	char count[32];
	snprintf(count, sizeof(count), "%lld", (long long)total);
	json_t *data = json_pack(
		"{s:o, s:o, s:o, s:s, s:s, s:b, s:o, s:o, s:s, s:s}", "rows", rows, "roles",
		role_choices(req, q.role, false), "units", units, "q", q.text ? q.text : "",
		"count", web_fill(req, web_text(req, "admin_users.count"), "n", count), "empty",
		total == 0, "prev", page > 1 ? json_string(list_href(req, page - 1)) : json_false(),
		"next", page < pages ? json_string(list_href(req, page + 1)) : json_false(), "page",
		arena_printf(req_arena(req), "%lld", (long long)page), "pages",
		arena_printf(req_arena(req), "%lld", (long long)(pages ? pages : 1)));
	web_page(req, res, 200, "admin_users", web_text(req, "admin_users.title"), data);
}

/* The messages of a form by field (false when none), from the domain's keys. */
static json_t *errors_json(struct request *req, const struct admin_errors *e, bool *any)
{
	static const char *const names[AF__MAX] = { "username", "name", "email",
						    "phone",	"role", "unit" };
	json_t *o = json_object();
	*any = false;
	for (int i = 0; i < AF__MAX; i++) {
		json_object_set_new(o, names[i], e->key[i] ? json_string(web_text(req, e->key[i]))
							   : json_false());
		*any = *any || e->key[i];
	}
	return o;
}

/* Render the creation form with what was typed and the messages. */
static void new_page(struct request *req, struct response *res, int status,
		     const struct admin_actor *a, const struct admin_errors *e)
{
	const char *unit_s = req_form_raw(req, "unit");
	json_t *units = unit_choices(req, res, a, unit_s ? strtoll(unit_s, NULL, 10) : 0);
	if (!units)
		return;
	bool any;
	json_t *err = errors_json(req, e, &any);
	const char *typed[] = { "username", "name", "email", "phone" };
	json_t *form = json_object();
	for (size_t i = 0; i < 4; i++) {
		const char *v = req_form_raw(req, typed[i]);
		json_object_set_new(form, typed[i], json_string(v && utf8_valid(v, strlen(v)) ? v : ""));
	}
	json_t *data = json_pack("{s:o, s:o, s:o, s:o, s:b}", "form", form, "err", err, "roles",
				 role_choices(req, req_form_raw(req, "role"), true), "units", units,
				 "has_errors", any);
	web_page(req, res, status, "admin_user_new", web_text(req, "admin_users.new_title"), data);
}

/* See web.h. GET /quan-tri/nguoi-dung/moi */
void page_admin_user_new(struct request *req, struct response *res)
{
	struct admin_actor a;
	if (!admin_actor_of(req, res, &a))
		return;
	struct admin_errors e = { { NULL } };
	new_page(req, res, 200, &a, &e);
}

/* Message key of a field the form layer refused, or NULL. */
static const char *layer_error(struct request *req, const char *field, const char *key)
{
	return req_field_reason(req, field) ? key : NULL;
}

/* The password link email in the request's language. */
static struct link_mail link_mail_of(struct request *req)
{
	struct app *app = req_app(req);
	struct link_mail m = { web_text(req, "admin_users.mail_subject"),
			       web_text(req, "admin_users.mail_body"), web_lang(req),
			       app->public_url };
	return m;
}

/* See web.h. POST /quan-tri/nguoi-dung/moi (username, name, email, phone, role, unit) */
void page_admin_user_create(struct request *req, struct response *res)
{
	struct admin_actor a;
	if (!admin_actor_of(req, res, &a))
		return;
	struct app *app = req_app(req);
	struct admin_errors e = { { NULL } };
	e.key[AF_USERNAME] = layer_error(req, "username", "admin_users.err.username");
	e.key[AF_NAME] = layer_error(req, "name", "admin_users.err.name");
	e.key[AF_EMAIL] = layer_error(req, "email", "admin_users.err.email");
	e.key[AF_PHONE] = layer_error(req, "phone", "admin_users.err.phone");
	const char *unit_s = req_form(req, "unit");
	struct new_staff s = { req_form(req, "username"), req_form(req, "name"),
			       req_form(req, "email"),	  req_form(req, "phone"),
			       req_form(req, "role"),	  unit_s ? strtoll(unit_s, NULL, 10) : 0 };
	struct link_mail m = link_mail_of(req);
	int64_t id = 0;	/* messages already in e (a refused phone) make the domain refuse too */
	enum err r = admin_user_create(web_db(req), &a, &s, &m, clock_now(&app->clock), &id, NULL,
				       &e);
	if (r == E_INVALID || r == E_CONFLICT) {
		new_page(req, res, r == E_CONFLICT ? 409 : 422, &a, &e);
		return;
	}
	if (r != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/nguoi-dung/%lld?xong=tao",
					    (long long)id));
}

/* The account of the path's :user in the actor's scope, or NULL after answering 404/500. */
static json_t *account_of_path(struct request *req, struct response *res,
			       const struct admin_actor *a, int64_t *id)
{
	const char *s = req_param(req, "user");
	size_t n = s ? strlen(s) : 0;
	bool digits = n > 0 && n <= 18;
	for (size_t i = 0; digits && i < n; i++)
		digits = s[i] >= '0' && s[i] <= '9';
	long long v = digits ? strtoll(s, NULL, 10) : 0;
	if (v <= 0) {
		res_error(req, res, 404, NULL);
		return NULL;
	}
	json_t *user = NULL;
	enum err e = admin_user_get(web_db(req), a, v, &user);
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 404 : 500, NULL);
		return NULL;
	}
	*id = v;
	return user;
}

/* Render one account with its forms; e (may be NULL) the role/unit form's messages. */
static void account_page(struct request *req, struct response *res, int status,
			 const struct admin_actor *a, json_t *user, const struct admin_errors *e,
			 const char *done)
{
	int64_t id = json_integer_value(json_object_get(user, "id"));
	const char *role = json_string_value(json_object_get(user, "role"));
	int64_t unit_id = json_integer_value(json_object_get(user, "unit_id"));
	const char *sel_role = e ? req_form_raw(req, "role") : role;
	const char *sel_unit = e ? req_form_raw(req, "unit") : NULL;
	json_t *units = unit_choices(req, res, a, sel_unit ? strtoll(sel_unit, NULL, 10) : unit_id);
	if (!units) {
		json_decref(user);
		return;
	}
	struct admin_errors none = { { NULL } };
	bool any;
	json_t *err = errors_json(req, e ? e : &none, &any);
	json_t *one = json_array();
	json_array_append(one, user);
	label_roles(req, one);
	json_decref(one);
	bool self = id == a->id;
	bool staff = json_is_true(json_object_get(user, "staff"));
	const char *done_text = done ? web_text(req, arena_printf(req_arena(req),
								  "admin_users.done.%s", done))
				     : NULL;
	json_t *data = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:o, s:s}", "account", user,
				 "roles", role_choices(req, sel_role, true), "units", units, "err",
				 err, "self", self, "editable", staff && !self, "has_errors", any,
				 "done", done_text ? json_string(done_text) : json_false(), "base",
				 arena_printf(req_arena(req), "/quan-tri/nguoi-dung/%lld",
					      (long long)id));
	web_page(req, res, status, "admin_user", web_text(req, "admin_users.user_title"), data);
}

/* See web.h. GET /quan-tri/nguoi-dung/:user?xong= */
void page_admin_user(struct request *req, struct response *res)
{
	struct admin_actor a;
	int64_t id;
	if (!admin_actor_of(req, res, &a))
		return;
	json_t *user = account_of_path(req, res, &a, &id);
	if (user)
		account_page(req, res, 200, &a, user, NULL, req_query(req, "xong"));
}

/* See web.h. POST /quan-tri/nguoi-dung/:user (role, unit, csrf) */
void page_admin_user_update(struct request *req, struct response *res)
{
	struct admin_actor a;
	int64_t id;
	if (!admin_actor_of(req, res, &a))
		return;
	json_t *user = account_of_path(req, res, &a, &id);
	if (!user)
		return;
	struct app *app = req_app(req);
	struct admin_errors e = { { NULL } };
	const char *unit_s = req_form(req, "unit");
	enum err r = admin_user_change(web_db(req), &a, id, req_form(req, "role"),
				       unit_s ? strtoll(unit_s, NULL, 10) : 0,
				       clock_now(&app->clock), &e);
	if (r == E_INVALID) {
		account_page(req, res, 422, &a, user, &e, NULL);
		return;
	}
	json_decref(user);
	if (r != E_OK) {
		res_error(req, res, r == E_FORBIDDEN ? 403 : r == E_NOTFOUND ? 404 : 500, NULL);
		return;
	}
	res_redirect(res, 303, arena_printf(req_arena(req), "/quan-tri/nguoi-dung/%lld?xong=luu",
					    (long long)id));
}

/* See admin_web.h. */
struct link_mail admin_link_mail(struct request *req)
{
	return link_mail_of(req);
}

/* See admin_web.h. */
json_t *admin_account_of_path(struct request *req, struct response *res,
			      const struct admin_actor *a, int64_t *id)
{
	return account_of_path(req, res, a, id);
}
