/* test_stats.c - counters kept by the engine equal a replay of the event log. */
#include "harness.h"

#include "engine_fixture.h"
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

int main(void)
{
	fix_open(&F);
	RUN(random_histories_verify_without_difference);
	RUN(live_events_keep_counters_equal_to_replay);
	RUN(range_sum_crosses_months_and_years);
	RUN(tampered_counter_is_found_and_rebuilt);
	RUN(same_seed_same_history);
	fix_close(&F);
	return harness_done("test_stats");
}
