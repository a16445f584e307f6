/* api.c - the JSON reports API (issue 9 §9; docs/api.md, docs/openapi.json):
 * GET /api/v1/reports/ontime and /api/v1/reports/index766 with the parameters of `motcua
 * report`, answered with exactly what `motcua report ... --format json` prints, for a leader's
 * or administrator's session or an API token (Authorization: Bearer), scoped to the account's
 * or the token's unit subtree. Errors are JSON {"error": {"code", "status", "message"}}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "motcua/api_token.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/report.h"
#include "motcua/unit.h"
#include "motcua/web.h"

#define API_MAX_YEARS 20	/* longest period asked at once */

/* See web.h. */
void web_identify_token(struct request *req, const char *authorization)
{
	req_set_roles(req, 0);
	const char *token = NULL;
	if (!strncasecmp(authorization, "Bearer ", 7)) {
		token = authorization + 7;
		while (*token == ' ')
			token++;
	}
	struct app *app = req_app(req);
	struct db *db = token ? web_db(req) : NULL;
	struct api_token_row *t = arena_alloc(req_arena(req), sizeof(*t));
	enum err e = db ? api_token_resolve(db, token, clock_now(&app->clock), t) : E_NOTFOUND;
	if (e == E_OK) {
		web_set_token(req, t, NULL);
		req_set_roles(req, ROLE_BIT_TOKEN);
		return;
	}
	web_set_token(req, NULL, e == E_FORBIDDEN ? "revoked_token" : "invalid_token");
}

/* See web.h. */
void web_api_error(struct request *req, struct response *res, int status, const char *code)
{
	char key[64];
	snprintf(key, sizeof(key), "api.error.%s", code);
	const char *message = web_text(req, key);
	if (!strcmp(message, key)) {
		snprintf(key, sizeof(key), "error.%d.title", status);
		message = web_text(req, key);
	}
	json_t *j = json_pack("{s:{s:s, s:i, s:s}}", "error", "code", code, "status", status,
			      "message", message);
	res_json(res, status, j);
	json_decref(j);
	if (status == 401)
		res_header(res, "WWW-Authenticate", "Bearer realm=\"motcua\"");
	res_header(res, "Cache-Control", "no-store");
}

/* The query parameter name when present and valid into *out; false (with *code set to
 * "invalid_<name>", or "missing_<name>" when required and absent) otherwise. */
static bool param(struct request *req, const char *name, bool required, const char **out,
		  const char **code)
{
	*out = req_query(req, name);
	const char *raw = req_query_raw(req, name);
	if (*out && **out)
		return true;
	*out = NULL;
	if (raw && *raw) {
		*code = arena_printf(req_arena(req), "invalid_%s", name);
		return false;
	}
	if (required) {
		*code = arena_printf(req_arena(req), "missing_%s", name);
		return false;
	}
	return true;
}

/* Read and check the parameters into p (p->unit: the unit asked, else the scope itself).
 * 0 when they are fine, else the status to answer with (*code set). */
static int read_params(struct request *req, struct report_params *p, const char **code)
{
	memset(p, 0, sizeof(*p));
	const char *from, *to, *as_of, *unit, *group;
	if (!param(req, "from", true, &from, code) || !param(req, "to", true, &to, code) ||
	    !param(req, "as_of", false, &as_of, code) || !param(req, "unit", false, &unit, code) ||
	    !param(req, "group", false, &group, code))
		return 400;
	if (!parse_ymd(from, &p->from)) {
		*code = "invalid_from";
		return 400;
	}
	if (!parse_ymd(to, &p->to)) {
		*code = "invalid_to";
		return 400;
	}
	if (p->to < p->from || p->to - p->from > API_MAX_YEARS * 366) {
		*code = "invalid_period";
		return 400;
	}
	if (as_of && !parse_iso8601(as_of, &p->as_of)) {
		*code = "invalid_as_of";
		return 400;
	}
	int g = report_group_parse(group ? group : "unit");
	if (g < 0) {
		*code = "invalid_group";
		return 400;
	}
	p->group = (enum report_group)g;
	/* the scope: the account's or the token's unit; a unit asked must be inside it */
	const struct web_user *u = web_user(req);
	const struct api_token_row *t = web_token(req);
	const char *scope = t ? t->unit_code : u ? u->unit_code : NULL;
	if (!scope) {
		*code = "unit_not_found";
		return 404;
	}
	p->unit = scope;
	if (!unit || !strcmp(unit, scope))
		return 0;
	struct db *db = web_db(req);
	struct unit_rec root, asked;
	memset(&root, 0, sizeof(root));
	memset(&asked, 0, sizeof(asked));
	enum err e = db ? unit_get_by_code(db, scope, &root) : E_DB;
	if (e == E_OK)
		e = unit_get_by_code(db, unit, &asked);
	bool inside = e == E_OK && unit_path_within(asked.path, root.path);
	unit_rec_free(&root);
	unit_rec_free(&asked);
	if (e == E_DB) {
		*code = "internal";
		return 500;
	}
	if (!inside) {
		*code = "unit_not_found";
		return 404;
	}
	p->unit = unit;
	return 0;
}

/* Answer one report (index: the Decision 766 index, else the on-time report). */
static void api_report(struct request *req, struct response *res, bool index)
{
	struct report_params p;
	const char *code = NULL;
	int status = read_params(req, &p, &code);
	if (status) {
		web_api_error(req, res, status, code);
		return;
	}
	struct app *app = req_app(req);
	p.clk = &app->clock;
	struct db *db = web_db(req);
	json_t *r = NULL;
	char why[256] = "";
	enum err e = !db ? E_DB : index ? report_index766(db, &p, &r, why, sizeof(why)) :
					  report_ontime(db, &p, &r, why, sizeof(why));
	if (e != E_OK) {
		if (e == E_DB || e == E_IO)
			log_error("api report: %s", why[0] ? why : err_name(e));
		web_api_error(req, res, e == E_INVALID ? 400 : e == E_NOTFOUND ? 404 : 500,
			      e == E_INVALID ? "invalid_period" :
			      e == E_NOTFOUND ? "unit_not_found" : "internal");
		return;
	}
	/* the same bytes as `motcua report ... --format json` (puts adds the newline) */
	char *s = report_dumps(r, false);
	json_decref(r);
	struct buf *b = res_body(res);
	buf_puts(b, s);
	buf_puts(b, "\n");
	free(s);
	res_status(res, 200);
	res_type(res, "application/json; charset=utf-8");
	res_header(res, "Cache-Control", "no-store");
}

/* See web.h. GET /api/v1/reports/ontime */
void api_report_ontime(struct request *req, struct response *res)
{
	api_report(req, res, false);
}

/* See web.h. GET /api/v1/reports/index766 */
void api_report_index766(struct request *req, struct response *res)
{
	api_report(req, res, true);
}
