/* test_index766.c - the Decision 766 configuration file, entered indicators in the total, the
 * PAR totals, the rankings with shared ties and the phrase users write. */
#include "harness.h"

#include <math.h>

#include "engine_fixture.h"
#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/index766.h"
#include "motcua/par.h"
#include "motcua/ranking.h"
#include "motcua/report.h"
#include "motcua/unit.h"

static struct fixture F;
static int64_t COMMUNE1, COMMUNE2, DISTRICT;

static const char MORE_UNITS[] =
	"[{\"code\": \"H29.23.02\", \"name\": \"UBND xã Bình Hưng\", \"level\": \"commune\","
	"  \"parent\": \"H29.23\"}]";

/* Read a shipped file (config/...) into b; aborts when it cannot be read. */
static void shipped(const char *sub, struct buf *b)
{
	char path[4096];
	if (file_read(share_path(path, sizeof(path), sub), 1 << 20, b) != E_OK)
		abort();
}

/* Id of a unit code. */
static int64_t unit_id(const char *code)
{
	struct unit_rec u;
	if (unit_get_by_code(F.db, code, &u) != E_OK)
		abort();
	int64_t id = u.id;
	unit_rec_free(&u);
	return id;
}

/* A dossier received at unit at `at` and resolved at `done` (NULL: left open). */
static void dossier(const char *unit, const char *at, const char *done)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = unit;
	in.channel = "counter";
	struct event_result r;
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, at, &in, &r), E_OK);
	memset(&in, 0, sizeof(in));
	CHECK_INT(fix_ev(&F, r.dossier_id, EV_ASSIGN, ROLE_CLERK, at, &in, NULL), E_OK);
	if (done)
		CHECK_INT(fix_ev(&F, r.dossier_id, EV_RESOLVE, ROLE_LEADER, done, &in, NULL), E_OK);
}

static void ranking_ties_share_a_rank(void)
{
	struct rank_item it[5] = {
		{ .unit_id = 1, .has_value = true, .value = 80 },
		{ .unit_id = 2, .has_value = true, .value = 90 },
		{ .unit_id = 3, .has_value = true, .value = 80.001 },	/* rounds to 80,00 */
		{ .unit_id = 4, .has_value = false },
		{ .unit_id = 5, .has_value = true, .value = 70 },
	};
	CHECK_INT(ranking_rank(it, 5), 4);
	CHECK_INT(it[0].unit_id, 2);
	CHECK_INT(it[0].rank, 1);
	CHECK_INT(it[1].unit_id, 1);
	CHECK_INT(it[1].rank, 2);
	CHECK_INT(it[2].unit_id, 3);
	CHECK_INT(it[2].rank, 2);
	CHECK_INT(it[3].unit_id, 5);
	CHECK_INT(it[3].rank, 4);
	CHECK_INT(it[4].unit_id, 4);	/* no value: last, unranked */
	CHECK_INT(it[4].rank, 0);
}

static void phrase_is_written_as_users_write_it(void)
{
	struct rank_item it = { .has_value = true, .has_prev = true, .value = 79.81,
				.prev = 70.82, .rank = 6 };
	struct buf b = BUF_INIT;
	ranking_phrase(&it, 12, RM_POINTS, "vi", &b);
	CHECK_STR(buf_str(&b), "thứ 6/12, 79,81 điểm, tăng 8,99");
	buf_reset(&b);
	ranking_phrase(&it, 12, RM_POINTS, "en", &b);
	CHECK_STR(buf_str(&b), "6th of 12, 79.81 points, up 8.99");
	it.prev = 81.31;
	it.rank = 1;
	buf_reset(&b);
	ranking_phrase(&it, 3, RM_PERCENT, "vi", &b);
	CHECK_STR(buf_str(&b), "thứ 1/3, 79,81%, giảm 1,50");
	it.rank = 2;
	it.has_prev = false;
	buf_reset(&b);
	ranking_phrase(&it, 3, RM_PERCENT, "en", &b);
	CHECK_STR(buf_str(&b), "2nd of 3, 79.81%");
	it.rank = 12;
	buf_reset(&b);
	ranking_phrase(&it, 13, RM_POINTS, "en", &b);
	CHECK_STR(buf_str(&b), "12th of 13, 79.81 points");
	buf_free(&b);
}

static void periods_are_months_quarters_and_years(void)
{
	char k[16];
	int64_t from, to;
	CHECK(index_period_days("2026-02", &from, &to));
	index_period_key(from, to, k);
	CHECK_STR(k, "2026-02");
	CHECK_INT(to - from, 27);
	CHECK(index_period_days("2026-Q4", &from, &to));
	index_period_key(from, to, k);
	CHECK_STR(k, "2026-Q4");
	CHECK(index_period_prev("2026-Q1", k));
	CHECK_STR(k, "2025-Q4");
	CHECK(index_period_prev("2026-01", k));
	CHECK_STR(k, "2025-12");
	CHECK(index_period_prev("2026", k));
	CHECK_STR(k, "2025");
	index_period_key(from, to - 1, k);
	CHECK_STR(k, "");
	CHECK(!index_period_days("2026-13", &from, &to));
	CHECK(!index_period_days("2026-Q5", &from, &to));
	CHECK(!index_period_days("26-01", &from, &to));
	CHECK(!index_period_days("2026-1", &from, &to));
	double v;
	CHECK(index_parse_number("79,81", &v) && fabs(v - 79.81) < 1e-9);
	CHECK(index_parse_number(" 80 ", &v) && v == 80);
	CHECK(!index_parse_number("1.000,5", &v));
	CHECK(!index_parse_number("abc", &v));
	CHECK(!index_parse_number("", &v));
}

static void shipped_file_is_what_the_migration_seeds(void)
{
	char *before = index766_config_text(F.db);
	struct buf b = BUF_INIT;
	shipped("config/index766.json", &b);
	struct import_result r;
	CHECK_INT(index766_config_load(F.db, b.data, b.len, 0, &r), E_OK);
	char *after = index766_config_text(F.db);
	CHECK_STR(after, before);
	free(before);
	free(after);
	buf_free(&b);
}

static void bad_config_names_line_and_field_and_changes_nothing(void)
{
	char *before = index766_config_text(F.db);
	struct buf b = BUF_INIT;
	shipped("config/index766.json", &b);
	char *text = buf_steal(&b);
	char *k = strstr(text, "\"kind\": \"entered\"");	/* 1.1, element 7, line 8 */
	CHECK(k != NULL);
	memcpy(k + 9, "xntered", 7);
	struct import_result r;
	CHECK_INT(index766_config_load(F.db, text, strlen(text), 0, &r), E_INVALID);
	CHECK_INT(r.line, 8);
	CHECK_STR(r.field, "kind");
	free(text);
	/* groups that do not sum to 100: named at the first group's line */
	shipped("config/index766.json", &b);
	text = buf_steal(&b);
	k = strstr(text, "\"max\": 18}");
	CHECK(k != NULL);
	memcpy(k, "\"max\": 17}", 10);
	CHECK_INT(index766_config_load(F.db, text, strlen(text), 0, &r), E_INVALID);
	CHECK_INT(r.line, 2);
	CHECK_STR(r.field, "max");
	free(text);
	/* not JSON at all */
	CHECK_INT(index766_config_load(F.db, "[\n{\"type\": }\n]", 14, 0, &r), E_INVALID);
	CHECK_INT(r.line, 2);
	char *after = index766_config_text(F.db);
	CHECK_STR(after, before);
	free(before);
	free(after);
}

/* The January 2026 index of unit code (must succeed). */
static json_t *index_of(const char *code)
{
	struct clock clk = { T("2026-02-10T09:00") };
	struct report_params p = { .unit = code, .group = GROUP_UNIT, .clk = &clk };
	CHECK(index_period_days("2026-01", &p.from, &p.to));
	json_t *r = NULL;
	CHECK_INT(report_index766(F.db, &p, &r, NULL, 0), E_OK);
	return r;
}

static double num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static void entered_indicator_counts_in_total_and_maximum(void)
{
	json_t *r0 = index_of("H29.23");
	CHECK_STR(json_string_value(json_object_get(r0, "period")), "2026-01");
	CHECK_INT(json_integer_value(json_object_get(r0, "entered_missing")), 7);
	CHECK(fabs(num(r0, "config_max") - 100.5) < 1e-9);	/* payment rows 10.5, capped 10 */
	struct index_refusal why;
	/* refused: a computed indicator, a value over 100, a bad period; nothing saved */
	CHECK_INT(index766_enter(F.db, 0, DISTRICT, "H29.23", "2026-01", "2.1", 50, "", 1, &why),
		  E_INVALID);
	CHECK_STR(why.field, "indicator");
	CHECK_INT(index766_enter(F.db, 0, DISTRICT, "H29.23", "2026-01", "1.1", 100.5, "", 1,
				 &why), E_INVALID);
	CHECK_STR(why.field, "value");
	CHECK_INT(index766_enter(F.db, 0, DISTRICT, "H29.23", "2026-13", "1.1", 50, "", 1, &why),
		  E_INVALID);
	CHECK_STR(why.field, "period");
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM index766_entries"), 0);
	CHECK_INT(index766_enter(F.db, 0, DISTRICT, "H29.23", "2026-01", "1.1", 50,
				 "https://example.vn/bien-ban", T("2026-02-05T10:00"), &why), E_OK);
	json_t *r1 = index_of("H29.23");
	/* 6 x 0.5 / 1 = 3 points more, 6 more in the maximum */
	CHECK(fabs(num(r1, "total_points") - num(r0, "total_points") - 3) < 1e-9);
	CHECK(fabs(num(r1, "max_points") - num(r0, "max_points") - 6) < 1e-9);
	CHECK_INT(json_integer_value(json_object_get(r1, "entered_missing")), 6);
	size_t i;
	json_t *ind;
	int seen = 0;
	json_array_foreach(json_object_get(r1, "indicators"), i, ind) {
		const char *id = json_string_value(json_object_get(ind, "id"));
		if (!strcmp(id, "1.1")) {
			seen++;
			CHECK(fabs(num(ind, "points") - 3) < 1e-9);
			CHECK_STR(json_string_value(json_object_get(json_object_get(ind, "entered"),
								  "note")),
				  "https://example.vn/bien-ban");
		} else if (!strcmp(id, "1.4")) {	/* not available: never in the maximum */
			seen++;
			CHECK(json_is_null(json_object_get(ind, "points")));
			CHECK(json_is_false(json_object_get(ind, "available")));
		} else if (!strcmp(id, "2.1")) {	/* subtree: 3 on time of 5 */
			seen++;
			CHECK(fabs(num(ind, "numerator") - 3) < 1e-9);
			CHECK(fabs(num(ind, "denominator") - 5) < 1e-9);
		}
	}
	CHECK_INT(seen, 3);
	/* the same period of another unit, and another period, do not see the entry */
	json_t *r2 = index_of("H29.23.01");
	CHECK_INT(json_integer_value(json_object_get(r2, "entered_missing")), 7);
	/* replacing an entry replaces it */
	CHECK_INT(index766_enter(F.db, 0, DISTRICT, "H29.23", "2026-01", "1.1", 100, "", 2, &why),
		  E_OK);
	json_t *r3 = index_of("H29.23");
	CHECK(fabs(num(r3, "total_points") - num(r0, "total_points") - 6) < 1e-9);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM index766_entries"), 1);
	json_decref(r0);
	json_decref(r1);
	json_decref(r2);
	json_decref(r3);
}

static void par_totals_entries_and_ranking_ties(void)
{
	struct clock clk = { T("2026-12-20T09:00") };
	json_t *p0 = NULL;
	/* no criteria loaded yet: nothing to rank */
	CHECK_INT(par_unit_year(F.db, "H29.23.01", COMMUNE1, 2026, &clk, &p0), E_OK);
	CHECK_INT(json_integer_value(json_object_get(p0, "criteria_count")), 0);
	json_decref(p0);
	struct buf b = BUF_INIT;
	shipped("config/par-sample.json", &b);
	struct import_result r;
	CHECK_INT(par_config_load(F.db, b.data, b.len, 0, &r), E_OK);
	buf_free(&b);
	/* a bad file: an area whose criteria do not add up; nothing changes */
	char *before = par_config_text(F.db);
	const char bad[] = "[\n{\"type\": \"area\", \"id\": \"a\", \"name_vi\": \"A\", "
			   "\"name_en\": \"A\", \"max\": 100},\n{\"type\": \"criterion\", "
			   "\"id\": \"1\", \"area\": \"b\", \"name_vi\": \"x\", \"name_en\": \"x\", "
			   "\"max\": 100}\n]";
	CHECK_INT(par_config_load(F.db, bad, strlen(bad), 0, &r), E_INVALID);
	CHECK_INT(r.line, 3);
	CHECK_STR(r.field, "area");
	char *after = par_config_text(F.db);
	CHECK_STR(after, before);
	free(before);
	free(after);
	/* commune 1: 1 dossier on time in 2026 -> 3.1 (ontime, max 5) pre-filled to 5 */
	CHECK_INT(par_unit_year(F.db, "H29.23.01", COMMUNE1, 2026, &clk, &p0), E_OK);
	double base = num(p0, "total");
	size_t i, j;
	json_t *a, *c;
	bool found = false;
	json_array_foreach(json_object_get(p0, "areas"), i, a) {
		json_array_foreach(json_object_get(a, "criteria"), j, c) {
			if (!strcmp(json_string_value(json_object_get(c, "id")), "3.1")) {
				found = true;
				CHECK(fabs(num(c, "points") - 5) < 1e-9);
				CHECK(fabs(num(c, "ratio") - 1) < 1e-9);
			}
		}
	}
	CHECK(found);
	json_decref(p0);
	struct index_refusal why;
	CHECK_INT(par_enter(F.db, 0, COMMUNE1, "H29.23.01", 2026, "1.1", 2.5,
			    "javascript:alert(1)", "", 1, &why), E_INVALID);
	CHECK_STR(why.field, "evidence");
	CHECK_INT(par_enter(F.db, 0, COMMUNE1, "H29.23.01", 2026, "1.1", 3.5,
			    "https://example.vn/kh", "", 1, &why), E_INVALID);
	CHECK_STR(why.field, "points");
	CHECK_INT(par_enter(F.db, 0, COMMUNE1, "H29.23.01", 2026, "nope", 1,
			    "https://example.vn/kh", "", 1, &why), E_INVALID);
	CHECK_STR(why.field, "criterion");
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM par_scores"), 0);
	CHECK_INT(par_enter(F.db, 0, COMMUNE1, "H29.23.01", 2026, "1.1", 2.5,
			    "https://example.vn/kh", "kế hoạch", 1, &why), E_OK);
	CHECK_INT(par_unit_year(F.db, "H29.23.01", COMMUNE1, 2026, &clk, &p0), E_OK);
	CHECK(fabs(num(p0, "total") - base - 2.5) < 1e-9);
	CHECK_INT(json_integer_value(json_object_get(p0, "entered_count")), 1);
	json_decref(p0);
	/* commune 2: one late dossier -> on-time 0; it enters enough to tie commune 1 */
	json_t *p2 = NULL;
	CHECK_INT(par_unit_year(F.db, "H29.23.02", COMMUNE2, 2026, &clk, &p2), E_OK);
	double gap = base + 2.5 - num(p2, "total");
	json_decref(p2);
	CHECK(fabs(gap - 11.5) < 1e-9);	/* 5 on time + 2 apologies + 2 satisfaction + 2.5 */
	CHECK_INT(par_enter(F.db, 0, COMMUNE2, "H29.23.02", 2026, "8.1", 10,
			    "https://example.vn/khao-sat", "", 1, &why), E_OK);
	CHECK_INT(par_enter(F.db, 0, COMMUNE2, "H29.23.02", 2026, "8.2", gap - 10,
			    "https://example.vn/tac-dong", "", 1, &why), E_OK);
	/* last year: commune 2 had 1 point entered */
	CHECK_INT(par_enter(F.db, 0, COMMUNE2, "H29.23.02", 2025, "1.1", 1,
			    "http://example.vn/2025", "", 1, &why), E_OK);
	json_t *rk = NULL;
	CHECK_INT(index_ranking(F.db, DISTRICT, "commune", RB_PAR, NULL, 2026, &clk, "vi", &rk),
		  E_OK);
	json_t *rows = json_object_get(rk, "rows");
	CHECK_INT(json_array_size(rows), 2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(rows, 0), "rank")), 1);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(rows, 1), "rank")), 1);
	json_t *row2 = json_array_get(rows, 1);
	CHECK_STR(json_string_value(json_object_get(row2, "code")), "H29.23.02");
	char want[96];
	snprintf(want, sizeof(want), "thứ 1/2, %.2f điểm, tăng %.2f", base + 2.5, base + 2.5 - 1);
	for (char *d = want; (d = strchr(d, '.')); )
		*d = ',';
	CHECK_STR(json_string_value(json_object_get(row2, "phrase")), want);
	json_decref(rk);
	/* by on-time rate for December... January 2026: commune 1 100 %, commune 2 0 % */
	CHECK_INT(index_ranking(F.db, DISTRICT, NULL, RB_ONTIME, "2026-01", 0, &clk, "en", &rk),
		  E_OK);
	CHECK_STR(json_string_value(json_object_get(rk, "level")), "commune");
	rows = json_object_get(rk, "rows");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "phrase")),
		  "1st of 2, 100.00%");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1), "phrase")),
		  "2nd of 2, 0.00%");
	json_decref(rk);
	CHECK_INT(index_ranking(F.db, DISTRICT, NULL, RB_ONTIME, "2026-1", 0, &clk, "en", &rk),
		  E_INVALID);
}

static void scope_is_the_account_subtree(void)
{
	struct unit_rec u;
	CHECK_INT(index_scope_unit(F.db, DISTRICT, "H29.23.01", &u), E_OK);
	unit_rec_free(&u);
	CHECK_INT(index_scope_unit(F.db, DISTRICT, NULL, &u), E_OK);
	CHECK_STR(u.code, "H29.23");
	unit_rec_free(&u);
	CHECK_INT(index_scope_unit(F.db, COMMUNE1, "H29.23", &u), E_NOTFOUND);
	CHECK_INT(index_scope_unit(F.db, COMMUNE1, "H29.23.02", &u), E_NOTFOUND);
	CHECK_INT(index_scope_unit(F.db, DISTRICT, "NOPE", &u), E_NOTFOUND);
}

int main(void)
{
	fix_open(&F);
	struct import_result r;
	if (import_units(F.db, MORE_UNITS, strlen(MORE_UNITS), &r) != E_OK)
		abort();
	engine_free(F.e);	/* reload the units */
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	if (engine_open(F.db, key, &F.e) != E_OK)
		abort();
	DISTRICT = unit_id("H29.23");
	COMMUNE1 = unit_id("H29.23.01");
	COMMUNE2 = unit_id("H29.23.02");
	/* January 2026 (R3: 3 working days): H29.23 two on time and one late, commune 1 on
	 * time, commune 2 late (the district's subtree: 3 on time of 5). */
	dossier("H29.23", "2026-01-05T09:00", "2026-01-06T09:00");
	dossier("H29.23", "2026-01-12T09:00", "2026-01-13T09:00");
	dossier("H29.23", "2026-01-19T09:00", "2026-01-29T09:00");
	dossier("H29.23.01", "2026-01-05T09:00", "2026-01-06T09:00");
	dossier("H29.23.02", "2026-01-05T09:00", "2026-01-20T09:00");
	RUN(ranking_ties_share_a_rank);
	RUN(phrase_is_written_as_users_write_it);
	RUN(periods_are_months_quarters_and_years);
	RUN(shipped_file_is_what_the_migration_seeds);
	RUN(bad_config_names_line_and_field_and_changes_nothing);
	RUN(entered_indicator_counts_in_total_and_maximum);
	RUN(par_totals_entries_and_ranking_ties);
	RUN(scope_is_the_account_subtree);
	fix_close(&F);
	return harness_done("test_index766");
}
