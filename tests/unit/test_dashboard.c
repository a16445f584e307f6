/* test_dashboard.c - the leader's dashboard domain (dashboard.h): the period picker, the
 * previous period and the same period last year, and the scope of an account (its unit
 * subtree: another district's unit is not found). */
#include "harness.h"

#include <math.h>

#include "engine_fixture.h"
#include "motcua/dashboard.h"

static int64_t D(const char *ymd)
{
	int64_t d = 0;
	parse_ymd(ymd, &d);
	return d;
}

/* Resolve a pick against today = 2026-12-01; checks [from, to] or E_INVALID (want_from NULL). */
static void resolves(enum dash_period k, int year, int num, const char *want_from,
		     const char *want_to)
{
	struct dash_pick p = { k, year, num, 0, 0 };
	int64_t f = 0, t = 0;
	enum err e = dash_resolve(&p, D("2026-12-01"), &f, &t);
	if (!want_from) {
		CHECK_INT(e, E_INVALID);
		return;
	}
	CHECK_INT(e, E_OK);
	CHECK_INT(f, D(want_from));
	CHECK_INT(t, D(want_to));
}

static void calendar_periods_resolve(void)
{
	resolves(DP_MONTH, 0, 0, "2026-12-01", "2026-12-31");
	resolves(DP_MONTH, 2024, 2, "2024-02-01", "2024-02-29");
	resolves(DP_QUARTER, 0, 0, "2026-10-01", "2026-12-31");
	resolves(DP_QUARTER, 2026, 1, "2026-01-01", "2026-03-31");
	resolves(DP_YEAR, 2025, 0, "2025-01-01", "2025-12-31");
	resolves(DP_MONTH, 2026, 13, NULL, NULL);
	resolves(DP_QUARTER, 2026, 5, NULL, NULL);
	resolves(DP_YEAR, 1999, 0, NULL, NULL);
	resolves(DP_YEAR, 2101, 0, NULL, NULL);
}

static void custom_periods_are_checked(void)
{
	int64_t f, t;
	struct dash_pick ok = { DP_CUSTOM, 0, 0, D("2026-01-12"), D("2026-01-16") };
	CHECK_INT(dash_resolve(&ok, D("2026-12-01"), &f, &t), E_OK);
	CHECK_INT(t - f, 4);
	struct dash_pick back = { DP_CUSTOM, 0, 0, D("2026-01-16"), D("2026-01-12") };
	CHECK_INT(dash_resolve(&back, D("2026-12-01"), &f, &t), E_INVALID);
	struct dash_pick huge = { DP_CUSTOM, 0, 0, D("2000-01-01"), D("2026-01-01") };
	CHECK_INT(dash_resolve(&huge, D("2026-12-01"), &f, &t), E_INVALID);
	CHECK_INT(dash_period_parse("quarter"), DP_QUARTER);
	CHECK_INT(dash_period_parse("week"), -1);
	CHECK_INT(dash_period_parse(NULL), -1);
}

static void previous_and_last_year(void)
{
	int64_t f, t;
	dash_previous(DP_MONTH, D("2026-03-01"), D("2026-03-31"), &f, &t);
	CHECK_INT(f, D("2026-02-01"));
	CHECK_INT(t, D("2026-02-28"));
	dash_previous(DP_QUARTER, D("2026-01-01"), D("2026-03-31"), &f, &t);
	CHECK_INT(f, D("2025-10-01"));
	CHECK_INT(t, D("2025-12-31"));
	dash_previous(DP_YEAR, D("2026-01-01"), D("2026-12-31"), &f, &t);
	CHECK_INT(f, D("2025-01-01"));
	CHECK_INT(t, D("2025-12-31"));
	dash_previous(DP_CUSTOM, D("2026-01-12"), D("2026-01-16"), &f, &t);
	CHECK_INT(f, D("2026-01-07"));
	CHECK_INT(t, D("2026-01-11"));
	dash_last_year(D("2024-02-01"), D("2024-02-29"), &f, &t);
	CHECK_INT(f, D("2023-02-01"));
	CHECK_INT(t, D("2023-02-28"));
	double pts = 0;
	json_t *a = json_real(0.8333), *b = json_real(0.81), *n = json_null();
	CHECK(dash_change_points(a, b, &pts));
	CHECK(fabs(pts - 2.33) < 1e-9);
	CHECK(!dash_change_points(a, n, &pts));
	json_decref(a);
	json_decref(b);
	json_decref(n);
}

static void scope_is_the_account_subtree(void)
{
	struct fixture f;
	fix_open(&f);
	int64_t district = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23'");
	int64_t commune = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23.01'");
	char code[64];
	CHECK_INT(dash_scope(f.db, district, NULL, code), E_OK);
	CHECK_STR(code, "H29.23");
	CHECK_INT(dash_scope(f.db, district, "", code), E_OK);
	CHECK_STR(code, "H29.23");
	CHECK_INT(dash_scope(f.db, district, "H29.23.01", code), E_OK);
	CHECK_STR(code, "H29.23.01");
	CHECK_INT(dash_scope(f.db, district, "H29", code), E_NOTFOUND);
	CHECK_INT(dash_scope(f.db, commune, "H29.23", code), E_NOTFOUND);
	CHECK_INT(dash_scope(f.db, commune, "H29.23.TP", code), E_NOTFOUND);
	CHECK_INT(dash_scope(f.db, district, "NOPE", code), E_NOTFOUND);
	json_t *units = NULL;
	CHECK_INT(dash_units(f.db, "H29.23", &units), E_OK);
	CHECK_INT(json_array_size(units), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(units, 0), "code")), "H29.23");
	json_decref(units);
	CHECK_INT(dash_units(f.db, "NOPE", &units), E_NOTFOUND);
	fix_close(&f);
}

int main(void)
{
	RUN(calendar_periods_resolve);
	RUN(custom_periods_are_checked);
	RUN(previous_and_last_year);
	RUN(scope_is_the_account_subtree);
	return harness_done("test_dashboard");
}
