/* test_stats.c - counters kept by the engine equal a replay of the event log. */
#include "harness.h"

#include "engine_fixture.h"
#include <math.h>

#include "motcua/report.h"
#include "motcua/seedgen.h"
#include "motcua/stats.h"
#include "../../src/store/db_sql.h"

static struct fixture F;

static void random_histories_verify_without_difference(void)
{
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	struct seedgen_opts o = { .dossiers = 3000, .years = 1, .seed = 42,
				  .now = T("2026-06-30T12:00"), .batch = 500 };
	struct seedgen_result r;
	CHECK_INT(seedgen_run(F.db, key, &o, &r), E_OK);
	CHECK_INT(r.dossiers, 3000);
	CHECK(r.events > 3000 * 4);
	/* The last few would start after "now" and are not created. */
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers") > 2990);
	/* A realistic mix: some open, some late, some waiting, some withdrawn. */
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE status IN "
			  "('received','processing')") > 0);
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE outcome = 'late'") > 0);
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE outcome = 'early'") >
	      fix_int(&F, "SELECT count(*) FROM dossiers WHERE outcome = 'late'"));
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE status = 'withdrawn'") > 0);
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE paid_online = 1") > 0);
	CHECK(fix_int(&F, "SELECT count(*) FROM dossiers WHERE apology_at IS NOT NULL") > 0);
	int64_t diffs = -1;
	CHECK_INT(stats_verify(F.db, false, stderr, &diffs), E_OK);
	CHECK_INT(diffs, 0);
}

static void live_events_keep_counters_equal_to_replay(void)
{
	/* Events one transaction each (not batched) on top of the seeded data. */
	int64_t a = fix_receive(&F, "P5", "counter", "2026-06-30T08:00");
	fix_receive(&F, "R3", "online", "2026-06-30T09:00");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.method = "online";
	fix_ev(&F, a, EV_ASSIGN, ROLE_CLERK, "2026-06-30T08:30", NULL, NULL);
	fix_ev(&F, a, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-06-30T09:00", NULL, NULL);
	CHECK_INT(fix_ev(&F, a, EV_PAY, ROLE_CITIZEN, "2026-06-30T10:00", &in, NULL), E_OK);
	int64_t diffs = -1;
	CHECK_INT(stats_verify(F.db, false, stderr, &diffs), E_OK);
	CHECK_INT(diffs, 0);
}

static void tampered_counter_is_found_and_rebuilt(void)
{
	CHECK_INT(db_exec(F.db, "UPDATE stat_counters SET received = received + 1 "
				"WHERE level = 0 AND bucket = "
				"(SELECT min(bucket) FROM stat_counters WHERE level = 0)"),
		  E_OK);
	int64_t diffs = 0;
	CHECK_INT(stats_verify(F.db, false, NULL, &diffs), E_OK);
	CHECK(diffs > 0);
	CHECK_INT(stats_verify(F.db, true, NULL, &diffs), E_OK);
	CHECK(diffs > 0);
	CHECK_INT(stats_verify(F.db, false, NULL, &diffs), E_OK);
	CHECK_INT(diffs, 0);
}

static void same_seed_same_history(void)
{
	struct fixture g;
	fix_open(&g);
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	struct seedgen_opts o = { .dossiers = 300, .years = 1, .seed = 42,
				  .now = T("2026-06-30T12:00"), .batch = 500 };
	struct seedgen_result r1, r2;
	CHECK_INT(seedgen_run(g.db, key, &o, &r1), E_OK);
	int64_t h1 = fix_int(&g, "SELECT sum(at % 100003) + count(*) FROM dossier_events");
	fix_close(&g);
	fix_open(&g);
	CHECK_INT(seedgen_run(g.db, key, &o, &r2), E_OK);
	int64_t h2 = fix_int(&g, "SELECT sum(at % 100003) + count(*) FROM dossier_events");
	CHECK_INT(h1, h2);
	CHECK_STR(r1.first_code, r2.first_code);
	CHECK_STR(r1.first_secret, r2.first_secret);
	CHECK(dossier_lookup_ok(g.e, g.db, r2.first_code, r2.first_secret));
	fix_close(&g);
}

static void range_sum_crosses_months_and_years(void)
{
	/* Sum of received over a range equals the count of dossiers received in it. */
	struct stat_rows rows = { 0 };
	int64_t a = days_from_civil(2025, 8, 17), b = days_from_civil(2026, 3, 3);
	CHECK_INT(stats_sum_range(F.db, a, b, &rows), E_OK);
	int64_t sum = 0;
	for (int i = 0; i < rows.n; i++)
		sum += rows.rows[i].v[M_RECEIVED];
	stat_rows_free(&rows);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM dossiers WHERE received_at >= %lld "
		 "AND received_at < %lld", (long long)local_instant(a, 0),
		 (long long)local_instant(b + 1, 0));
	CHECK_INT(sum, fix_int(&F, sql));
	CHECK(sum > 0);
}

/* Apply kind to dossier id (0: submit a new online P5 dossier) at `at`; the id. */
static int64_t step(int64_t id, enum event_kind kind, enum role role, const char *at,
		    const char *method)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "P5";
	in.unit_code = "H29.23";
	in.channel = "online";
	in.method = method;
	in.reason = "lý do";
	struct event_result r;
	if (!CHECK_INT(fix_ev(&F, id, kind, role, at, &in, &r), E_OK))
		fprintf(stderr, "  %s at %s\n", event_kind_name(kind), at);
	return r.dossier_id;
}

/* Sum of metric m over local days of [from, to] (YYYY-MM-DD). */
static int64_t period_sum(const char *from, const char *to, enum metric m)
{
	int64_t a, b, sum = 0;
	parse_ymd(from, &a);
	parse_ymd(to, &b);
	struct stat_rows rows = { 0 };
	CHECK_INT(stats_sum_range(F.db, a, b, &rows), E_OK);
	for (int i = 0; i < rows.n; i++)
		sum += rows.rows[i].v[m];
	stat_rows_free(&rows);
	return sum;
}

static void paid_before_receipt_counts_once_live_and_replayed(void)
{
	/* After the seed's "now": the week of Mon 2026-07-06 holds only these dossiers. */
	int64_t a = step(0, EV_SUBMIT, ROLE_CITIZEN, "2026-07-06T08:00", NULL);
	step(a, EV_PAY, ROLE_CITIZEN, "2026-07-06T08:05", "online");	/* level 4 */
	step(a, EV_RECEIVE, ROLE_CLERK, "2026-07-06T09:00", NULL);
	step(a, EV_ASSIGN, ROLE_CLERK, "2026-07-06T09:30", NULL);
	step(a, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-07-07T09:00", NULL);
	step(a, EV_PAY, ROLE_CITIZEN, "2026-07-07T10:00", "online");	/* a second charge */
	step(a, EV_RESOLVE, ROLE_SPECIALIST, "2026-07-08T10:00", NULL);
	int64_t b = step(0, EV_SUBMIT, ROLE_CITIZEN, "2026-07-06T10:00", NULL);
	step(b, EV_RECEIVE, ROLE_CLERK, "2026-07-06T10:30", NULL);	/* not paid */
	int64_t c = step(0, EV_SUBMIT, ROLE_CITIZEN, "2026-07-06T11:00", NULL);
	step(c, EV_PAY, ROLE_CITIZEN, "2026-07-06T11:05", "online");
	step(c, EV_WITHDRAW, ROLE_CITIZEN, "2026-07-06T11:30", NULL);	/* never received */
	/* Live counters: paid online once (on the day of reception), two fee-bearing. */
	CHECK_INT(period_sum("2026-07-06", "2026-07-06", M_PAID_ONLINE), 1);
	CHECK_INT(period_sum("2026-07-06", "2026-07-10", M_PAID_ONLINE), 1);
	CHECK_INT(period_sum("2026-07-06", "2026-07-10", M_RECEIVED_FEE), 2);
	CHECK_INT(period_sum("2026-07-06", "2026-07-10", M_RECEIVED), 2);
	/* The replay of the event log gives the same counters. */
	int64_t diffs = -1;
	CHECK_INT(stats_verify(F.db, false, stderr, &diffs), E_OK);
	CHECK_INT(diffs, 0);
	/* 766 payment A = paid online / with fees = 1 / 2. */
	struct clock clk = { T("2026-07-20T09:00") };
	struct report_params p = { .group = GROUP_UNIT, .clk = &clk };
	parse_ymd("2026-07-06", &p.from);
	parse_ymd("2026-07-10", &p.to);
	json_t *r = NULL;
	CHECK_INT(report_index766(F.db, &p, &r, NULL, 0), E_OK);
	json_t *fig = json_object_get(r, "figures");
	CHECK_INT(json_integer_value(json_object_get(fig, "paid_online")), 1);
	CHECK_INT(json_integer_value(json_object_get(fig, "received_fee")), 2);
	size_t i;
	json_t *ind;
	int seen = 0;
	json_array_foreach(json_object_get(r, "indicators"), i, ind) {
		if (strcmp(json_string_value(json_object_get(ind, "id")), "payment.A"))
			continue;
		CHECK(fabs(json_real_value(json_object_get(ind, "ratio")) - 0.5) < 1e-9);
		seen++;
	}
	CHECK_INT(seen, 1);
	json_decref(r);
}

int main(void)
{
	fix_open(&F);
	RUN(random_histories_verify_without_difference);
	RUN(live_events_keep_counters_equal_to_replay);
	RUN(paid_before_receipt_counts_once_live_and_replayed);
	RUN(range_sum_crosses_months_and_years);
	RUN(tampered_counter_is_found_and_rebuilt);
	RUN(same_seed_same_history);
	fix_close(&F);
	return harness_done("test_stats");
}
