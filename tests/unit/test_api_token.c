/* test_api_token.c - API tokens (api_token.h): an issued token resolves to its unit, only its
 * hash is stored, a malformed or unknown one is not found, a revoked one is refused, revoking
 * is scoped to the revoker's subtree and happens once, lists are scoped, and every issue and
 * revoke is in the administrative record. */
#include "harness.h"

#include <stdio.h>

#include "engine_fixture.h"
#include "motcua/api_token.h"

static struct fixture F;

/* The id of unit code in the fixture. */
static int64_t unit_id(const char *code)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT id FROM units WHERE code = '%s'", code);
	return fix_int(&F, sql);
}

static void issued_token_resolves_and_only_its_hash_is_stored(void)
{
	fix_open(&F);
	char token[API_TOKEN_LEN + 1];
	int64_t id = 0;
	const char *bad = NULL;
	CHECK_INT(api_token_issue(F.db, "Cổng dữ liệu", "H29.23", 0, 0, 1767600000, token, &id,
				  &bad), E_OK);
	CHECK_INT(strlen(token), API_TOKEN_LEN);
	CHECK(!strncmp(token, "mct_", 4));
	struct api_token_row t;
	CHECK_INT(api_token_resolve(F.db, token, 1767600100, &t), E_OK);
	CHECK_STR(t.unit_code, "H29.23");
	CHECK_STR(t.name, "Cổng dữ liệu");
	CHECK_INT(t.last_used_at, 1767600100);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM api_tokens WHERE length(token_hash) = 32"), 1);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_tokens WHERE hex(token_hash) "
		 "LIKE '%%%.16s%%' COLLATE NOCASE", token + 4);
	CHECK_INT(fix_int(&F, sql), 0);
	/* one character changed, cut, upper case, other prefix: unknown */
	char other[API_TOKEN_LEN + 1];
	memcpy(other, token, sizeof(other));
	other[10] = other[10] == 'a' ? 'b' : 'a';
	CHECK_INT(api_token_resolve(F.db, other, 0, &t), E_NOTFOUND);
	other[10] = token[10];
	other[API_TOKEN_LEN - 1] = '\0';
	CHECK_INT(api_token_resolve(F.db, other, 0, &t), E_NOTFOUND);
	CHECK_INT(api_token_resolve(F.db, "", 0, &t), E_NOTFOUND);
	CHECK_INT(api_token_resolve(F.db, NULL, 0, &t), E_NOTFOUND);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action = 'token.issue' "
			      "AND after NOT LIKE '%mct_%'"), 1);
	fix_close(&F);
}

static void bad_name_or_unit_saves_nothing(void)
{
	fix_open(&F);
	char token[API_TOKEN_LEN + 1];
	int64_t id = 0;
	const char *bad = NULL;
	CHECK_INT(api_token_issue(F.db, "", "H29.23", 0, 0, 0, token, &id, &bad), E_INVALID);
	CHECK_STR(bad, "name");
	char long_name[200];
	memset(long_name, 'a', 81);
	long_name[81] = '\0';
	CHECK_INT(api_token_issue(F.db, long_name, "H29.23", 0, 0, 0, token, &id, &bad), E_INVALID);
	CHECK_INT(api_token_issue(F.db, "a\nb", "H29.23", 0, 0, 0, token, &id, &bad), E_INVALID);
	CHECK_INT(api_token_issue(F.db, "ok", "NOPE", 0, 0, 0, token, &id, &bad), E_INVALID);
	CHECK_STR(bad, "unit");
	/* an administrator of H29.23 cannot issue for the province */
	CHECK_INT(api_token_issue(F.db, "ok", "H29", unit_id("H29.23"), 0, 0, token, &id, &bad),
		  E_NOTFOUND);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM api_tokens"), 0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit"), 0);
	fix_close(&F);
}

static void revoked_token_is_refused_and_revoke_is_scoped_and_once(void)
{
	fix_open(&F);
	char token[API_TOKEN_LEN + 1];
	int64_t id = 0;
	const char *bad = NULL;
	CHECK_INT(api_token_issue(F.db, "x", "H29", 0, 0, 0, token, &id, &bad), E_OK);
	CHECK_INT(api_token_revoke(F.db, id, unit_id("H29.23"), 0, 100), E_NOTFOUND);
	CHECK_INT(api_token_revoke(F.db, id + 99, 0, 0, 100), E_NOTFOUND);
	struct api_token_row t;
	CHECK_INT(api_token_resolve(F.db, token, 50, &t), E_OK);
	CHECK_INT(api_token_revoke(F.db, id, unit_id("H29"), 0, 100), E_OK);
	CHECK_INT(api_token_resolve(F.db, token, 200, &t), E_FORBIDDEN);
	CHECK_INT(api_token_revoke(F.db, id, 0, 0, 300), E_CONFLICT);
	CHECK_INT(fix_int(&F, "SELECT revoked_at FROM api_tokens"), 100);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM admin_audit WHERE action = 'token.revoke'"), 1);
	fix_close(&F);
}

static void lists_are_scoped_to_the_subtree(void)
{
	fix_open(&F);
	char token[API_TOKEN_LEN + 1];
	int64_t id = 0;
	const char *bad = NULL;
	CHECK_INT(api_token_issue(F.db, "tỉnh", "H29", 0, 0, 0, token, &id, &bad), E_OK);
	CHECK_INT(api_token_issue(F.db, "xã", "H29.23.01", 0, 0, 0, token, &id, &bad), E_OK);
	json_t *all = NULL, *mine = NULL, *units = NULL;
	CHECK_INT(api_token_list(F.db, 0, &all), E_OK);
	CHECK_INT(api_token_list(F.db, unit_id("H29.23"), &mine), E_OK);
	CHECK_INT(json_array_size(all), 2);
	CHECK_INT(json_array_size(mine), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(mine, 0), "unit")), "H29.23.01");
	CHECK_INT(api_token_units(F.db, unit_id("H29.23"), &units), E_OK);
	CHECK(json_array_size(units) >= 2);
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
		CHECK(!strncmp(json_string_value(json_object_get(u, "code")), "H29.23", 6));
	json_decref(all);
	json_decref(mine);
	json_decref(units);
	fix_close(&F);
}

int main(void)
{
	RUN(issued_token_resolves_and_only_its_hash_is_stored);
	RUN(bad_name_or_unit_saves_nothing);
	RUN(revoked_token_is_refused_and_revoke_is_scoped_and_once);
	RUN(lists_are_scoped_to_the_subtree);
	return harness_done("test_api_token");
}
