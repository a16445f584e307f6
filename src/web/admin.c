/* admin.c - the administration landing (/quan-tri: a link to every administration page) and
 * the two-factor policy (/quan-tri/cai-dat/bao-mat). Role admin (route table). */
#include <string.h>

#include "admin_web.h"
#include "motcua/clock.h"
#include "motcua/twofactor.h"

/* See admin_web.h. */
bool admin_actor_of(struct request *req, struct response *res, struct admin_actor *a)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	if (!db) {
		res_error(req, res, 500, NULL);
		return false;
	}
	char path[256];
	enum err e = u && u->unit_code ? admin_unit_path(db, u->unit_code, path, sizeof(path))
				       : E_NOTFOUND;
	if (e != E_OK) {
		res_error(req, res, e == E_NOTFOUND ? 403 : 500, NULL);
		return false;
	}
	a->id = u->id;
	a->unit_path = arena_printf(req_arena(req), "%s", path);
	return true;
}

/* The sections of the landing: path and message key of its title and summary. */
static const struct {
	const char *href, *key;
} sections[] = {
	{ "/quan-tri/nguoi-dung", "users" },	  { "/quan-tri/cai-dat/bao-mat", "security" },
	{ "/quan-tri/don-vi", "units" },	  { "/quan-tri/lich", "calendar" },
	{ "/quan-tri/thu-tuc", "catalog" },	  { "/quan-tri/nhap", "imports" },
	{ "/quan-tri/nhat-ky", "record" },	  { "/quan-tri/cai-dat/thong-bao", "templates" },
	{ "/quan-tri/cai-dat/766", "index766" },  { "/quan-tri/cai-dat/par", "par" },
	{ "/quan-tri/cai-dat/token", "tokens" },
};

/* See web.h. GET /quan-tri */
void page_admin_home(struct request *req, struct response *res)
{
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const char *k = sections[i].key;
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:s}", "href", sections[i].href, "title",
					web_text(req, arena_printf(req_arena(req),
								   "admin_users.section.%s", k)),
					"summary",
					web_text(req, arena_printf(req_arena(req),
								   "admin_users.section.%s_help", k))));
	}
	const struct web_user *u = web_user(req);
	json_t *data = json_pack("{s:o, s:s}", "sections", list, "unit",
				 u && u->unit_code ? u->unit_code : "");
	web_page(req, res, 200, "admin_home", web_text(req, "admin_users.home_title"), data);
}

/* The staff roles the policy may require, in page order. */
static const enum role policy_roles[] = { ROLE_CLERK, ROLE_SPECIALIST, ROLE_LEADER, ROLE_ADMIN };
#define POLICY_ROLES (sizeof(policy_roles) / sizeof(policy_roles[0]))

/* Render the policy page with the roles checked in `roles`. */
static void security_page(struct request *req, struct response *res, int status,
			  unsigned roles, bool saved)
{
	json_t *list = json_array();
	for (size_t i = 0; i < POLICY_ROLES; i++) {
		const char *name = role_name(policy_roles[i]);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:b}", "name", name, "label",
					web_text(req, arena_printf(req_arena(req), "role.%s", name)),
					"checked", (roles & ROLE_BIT(policy_roles[i])) != 0));
	}
	json_t *data = json_pack("{s:o, s:b}", "roles", list, "saved", saved);
	web_page(req, res, status, "admin_security", web_text(req, "admin_users.security_title"),
		 data);
}

/* See web.h. GET /quan-tri/cai-dat/bao-mat */
void page_admin_security(struct request *req, struct response *res)
{
	struct db *db = web_db(req);
	unsigned roles = 0;
	if (!db || twofactor_required(db, &roles) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	security_page(req, res, 200, roles, req_query(req, "saved") != NULL);
}

/* See web.h. POST /quan-tri/cai-dat/bao-mat (one checkbox per staff role, csrf) */
void page_admin_security_post(struct request *req, struct response *res)
{
	struct admin_actor a;
	if (!admin_actor_of(req, res, &a))
		return;
	unsigned roles = 0;
	for (size_t i = 0; i < POLICY_ROLES; i++)
		if (req_form(req, role_name(policy_roles[i])))
			roles |= ROLE_BIT(policy_roles[i]);
	struct app *app = req_app(req);
	if (twofactor_set_required(web_db(req), roles, a.id, clock_now(&app->clock)) != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	res_redirect(res, 303, "/quan-tri/cai-dat/bao-mat?saved=1");
}
