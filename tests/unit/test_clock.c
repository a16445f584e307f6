/* test_clock.c - local civil time for Asia/Ho_Chi_Minh and date parsing. */
#include "harness.h"

#include "motcua/clock.h"

static void civil_round_trip(void)
{
	CHECK_INT(days_from_civil(1970, 1, 1), 0);
	CHECK_INT(days_from_civil(2026, 1, 1), 20454);
	int y, m, d;
	civil_from_days(20454, &y, &m, &d);
	CHECK(y == 2026 && m == 1 && d == 1);
	CHECK_INT(day_weekday(days_from_civil(2026, 11, 22)), 0);	/* a Sunday */
}

static void local_time_is_utc_plus_7(void)
{
	int64_t t;
	CHECK(parse_iso8601("2026-01-05T09:12:00+07:00", &t));
	CHECK_INT(t, 1767579120);
	CHECK_INT(local_minute(t), 9 * 60 + 12);
	CHECK_INT(local_day(t), days_from_civil(2026, 1, 5));
	/* 23:30 UTC is already the next local day. */
	CHECK(parse_iso8601("2026-01-04T23:30:00Z", &t));
	CHECK_INT(local_day(t), days_from_civil(2026, 1, 5));
	char out[26];
	format_iso(t, out);
	CHECK_STR(out, "2026-01-05T06:30:00+07:00");
	char hm[17];
	format_hm_dmy(t, hm);
	CHECK_STR(hm, "06:30 05/01/2026");
}

static void parsing_rejects_impossible_dates(void)
{
	int64_t day, t;
	int min;
	CHECK(parse_ymd("2024-02-29", &day));
	CHECK(!parse_ymd("2026-02-29", &day));
	CHECK(!parse_ymd("2026-13-01", &day));
	CHECK(!parse_ymd("2026-1-01", &day));
	CHECK(parse_dmy("5/1/2026", &day) && day == days_from_civil(2026, 1, 5));
	CHECK(parse_dmy("31/12/2026", &day));
	CHECK(!parse_dmy("31/11/2026", &day));
	CHECK(!parse_dmy("01/01/26", &day));
	CHECK(!parse_iso8601("2026-01-05T25:00", &t));
	CHECK(!parse_iso8601("2026-01-05T10:00+7", &t));
	CHECK(parse_hhmm("15:00", &min) && min == 900);
	CHECK(!parse_hhmm("24:00", &min));
	char s[11];
	format_dmy(days_from_civil(2026, 4, 30), s);
	CHECK_STR(s, "30/04/2026");
}

int main(void)
{
	RUN(civil_round_trip);
	RUN(local_time_is_utc_plus_7);
	RUN(parsing_rejects_impossible_dates);
	return harness_done("test_clock");
}
