/* test_worktime.c - golden table for clock start, deadlines, pauses and working time between
 * instants (domain.md §3). Every expected instant was worked out by hand and is written as a
 * literal local time.
 *
 * The test's own calendar (2026):
 *   Tết Nguyên đán: Saturday 14/02 .. Sunday 22/02 off (9 days; the 2026 plan announced for
 *     civil servants, the same block as the demo calendar).
 *   Saturday 25/04 a make-up working day and Monday 27/04 a compensatory day off: test data
 *     after the formats.md example, not a claim about the real 2026 schedule.
 *   Thursday 30/04 and Friday 01/05 off (Reunification Day, Labour Day).
 * Useful weekdays: 2026-03-02 is a Monday, 2026-03-06 a Friday, 2026-02-13 a Friday. */
#include "harness.h"

#include <stdio.h>

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/worktime.h"

static struct calendar *cal;

static const struct office_hours UNIT_HOURS = {	/* a unit with its own office hours */
	.n = 2, .start = { 7 * 60 + 30, 13 * 60 }, .end = { 11 * 60 + 30, 16 * 60 + 30 },
};

/* Local ISO text -> instant; a malformed literal fails the test. */
static int64_t at(const char *s)
{
	int64_t t = 0;
	if (!CHECK(parse_iso8601(s, &t)))
		fprintf(stderr, "  bad literal %s\n", s);
	return t;
}

/* Compare two instants, printing both as local times on failure. */
static void check_at(int64_t got, const char *want, int line)
{
	char g[26];
	format_iso(got, g);
	if (!harness_check(got == at(want), "instant", __FILE__, line))
		fprintf(stderr, "  got %s, want %s\n", g, want);
}
#define CHECK_AT(got, want) check_at((got), (want), __LINE__)

/* clock start with the default hours and no cutoff */
static int64_t start(const char *s)
{
	return worktime_clock_start(cal, NULL, at(s), -1);
}

/* deadline with default hours from a reception: clock start, then the duration */
static int64_t due(const char *reception, int cutoff, int64_t value, enum duration_unit u)
{
	int64_t s = worktime_clock_start(cal, NULL, at(reception), cutoff);
	return worktime_add(cal, NULL, s, value, u);
}

static void set_day(const char *ymd, bool working)
{
	int64_t d;
	if (CHECK(parse_ymd(ymd, &d)))
		calendar_set(cal, d, working);
}

static void setup_calendar(void)
{
	cal = calendar_new();
	static const char *const tet[] = { "2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17",
					   "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21",
					   "2026-02-22" };
	for (size_t i = 0; i < sizeof(tet) / sizeof(tet[0]); i++)
		set_day(tet[i], false);
	set_day("2026-04-25", true);
	set_day("2026-04-27", false);
	set_day("2026-04-30", false);
	set_day("2026-05-01", false);
}

static void start_inside_office_hours_is_the_reception(void)
{
	CHECK_AT(start("2026-03-03T09:15"), "2026-03-03T09:15");
	CHECK_AT(start("2026-03-03T07:00"), "2026-03-03T07:00");
	CHECK_AT(start("2026-03-03T13:30"), "2026-03-03T13:30");
}

static void start_during_lunch_is_afternoon_opening(void)
{
	CHECK_AT(start("2026-03-03T12:15"), "2026-03-03T13:30");
	CHECK_AT(start("2026-03-03T11:30"), "2026-03-03T13:30");	/* half-open: 11:30 is lunch */
}

static void start_before_opening_is_same_day_opening(void)
{
	CHECK_AT(start("2026-03-03T06:10"), "2026-03-03T07:00");
}

static void start_after_closing_is_next_working_day(void)
{
	CHECK_AT(start("2026-03-03T17:20"), "2026-03-04T07:00");
	CHECK_AT(start("2026-03-03T17:00"), "2026-03-04T07:00");	/* 17:00 is closed */
	CHECK_AT(start("2026-03-03T23:59"), "2026-03-04T07:00");
}

static void start_on_friday_evening_and_weekend_is_monday(void)
{
	CHECK_AT(start("2026-03-06T17:30"), "2026-03-09T07:00");
	CHECK_AT(start("2026-03-07T09:00"), "2026-03-09T07:00");	/* Saturday */
	CHECK_AT(start("2026-03-08T15:00"), "2026-03-09T07:00");	/* Sunday */
}

static void cutoff_applies_only_after_it(void)
{
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-03-03T14:59"), 900), "2026-03-03T14:59");
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-03-03T15:00"), 900), "2026-03-03T15:00");
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-03-03T15:01"), 900), "2026-03-04T07:00");
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-03-06T15:30"), 900), "2026-03-09T07:00");
	/* Lunch before the cutoff still starts at the afternoon opening. */
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-03-03T12:00"), 900), "2026-03-03T13:30");
}

static void cutoff_deadlines(void)
{
	/* 14:59 Tue + 480 min: 121 Tue, 270 Wed morning, 89 from 13:30 -> 14:59 Wed. */
	CHECK_AT(due("2026-03-03T14:59", 900, 1, DU_WORKING_DAYS), "2026-03-04T14:59");
	/* 15:01 Tue: the clock starts Wed 07:00, one working day ends at Wed 17:00. */
	CHECK_AT(due("2026-03-03T15:01", 900, 1, DU_WORKING_DAYS), "2026-03-04T17:00");
}

static void one_working_day_from_opening_ends_at_closing(void)
{
	CHECK_AT(due("2026-03-02T07:00", -1, 1, DU_WORKING_DAYS), "2026-03-02T17:00");
}

static void one_working_day_from_eight_ends_next_day_at_eight(void)
{
	CHECK_AT(due("2026-03-02T08:00", -1, 1, DU_WORKING_DAYS), "2026-03-03T08:00");
}

static void friday_afternoon_runs_into_monday(void)
{
	/* 16:00 Fri: 60 min Fri, 270 Mon morning, 150 from 13:30 -> 16:00 Mon. */
	CHECK_AT(due("2026-03-06T16:00", -1, 1, DU_WORKING_DAYS), "2026-03-09T16:00");
}

static void saturday_reception_counts_from_monday(void)
{
	CHECK_AT(due("2026-03-07T09:00", -1, 1, DU_WORKING_DAYS), "2026-03-09T17:00");
	CHECK_AT(due("2026-03-07T09:00", -1, 5, DU_WORKING_DAYS), "2026-03-13T17:00");
}

static void tet_block_is_skipped(void)
{
	/* Fri 13/02 10:00, 3 days = 1440 min: 300 on Fri, 480 Mon 23, 480 Tue 24,
	 * 180 on Wed 25 -> 10:00. */
	CHECK_AT(due("2026-02-13T10:00", -1, 3, DU_WORKING_DAYS), "2026-02-25T10:00");
	CHECK_AT(start("2026-02-17T09:00"), "2026-02-23T07:00");
	CHECK_AT(worktime_clock_start(cal, NULL, at("2026-02-13T16:00"), 900), "2026-02-23T07:00");
	CHECK_AT(due("2026-02-13T16:00", 900, 1, DU_WORKING_DAYS), "2026-02-23T17:00");
}

static void make_up_saturday_is_a_working_day(void)
{
	/* Fri 24/04 16:00: 60 min Fri, 270 + 150 on the make-up Saturday -> 16:00 Sat. */
	CHECK_AT(due("2026-04-24T16:00", -1, 1, DU_WORKING_DAYS), "2026-04-25T16:00");
	CHECK_AT(start("2026-04-25T08:00"), "2026-04-25T08:00");
	/* Sat 25/04 after closing: Sun off, Mon 27 compensatory off -> Tue 28. */
	CHECK_AT(start("2026-04-25T17:30"), "2026-04-28T07:00");
}

static void holidays_end_of_period_lands_on_closing(void)
{
	/* Tue 28/04 07:00, 3 days: Tue, Wed 29, (30/04, 01/05, weekend off), Mon 04/05 whole. */
	CHECK_AT(due("2026-04-28T07:00", -1, 3, DU_WORKING_DAYS), "2026-05-04T17:00");
}

static void working_hours_durations(void)
{
	CHECK_AT(due("2026-03-02T07:00", -1, 4, DU_WORKING_HOURS), "2026-03-02T11:00");
	/* 09:30 + 2 h runs out exactly at 11:30: the deadline is 11:30, not 13:30. */
	CHECK_AT(due("2026-03-02T09:30", -1, 2, DU_WORKING_HOURS), "2026-03-02T11:30");
	CHECK_AT(due("2026-03-02T10:00", -1, 4, DU_WORKING_HOURS), "2026-03-02T16:00");
	/* Mon 15:00 + 16 h: 120 Mon, 480 Tue, 270 + 90 Wed -> 15:00 Wed. */
	CHECK_AT(due("2026-03-02T15:00", -1, 16, DU_WORKING_HOURS), "2026-03-04T15:00");
}

static void calendar_days_on_a_working_day_keep_the_time(void)
{
	CHECK_AT(due("2026-03-03T09:00", -1, 7, DU_CALENDAR_DAYS), "2026-03-10T09:00");
}

static void calendar_days_landing_on_sunday_move_to_next_closing(void)
{
	CHECK_AT(due("2026-03-03T09:00", -1, 5, DU_CALENDAR_DAYS), "2026-03-09T17:00");
	/* Landing inside Tết: next working day is Mon 23/02. */
	CHECK_AT(due("2026-02-10T10:00", -1, 7, DU_CALENDAR_DAYS), "2026-02-23T17:00");
}

static void unit_office_hours(void)
{
	const struct office_hours *h = &UNIT_HOURS;	/* 07:30-11:30, 13:00-16:30: 450 min */
	CHECK_INT(office_minutes_per_day(h), 450);
	CHECK_AT(worktime_clock_start(cal, h, at("2026-03-03T07:10"), -1), "2026-03-03T07:30");
	CHECK_AT(worktime_clock_start(cal, h, at("2026-03-03T12:00"), -1), "2026-03-03T13:00");
	CHECK_AT(worktime_clock_start(cal, h, at("2026-03-03T16:40"), -1), "2026-03-04T07:30");
	CHECK_AT(worktime_add(cal, h, at("2026-03-03T07:30"), 1, DU_WORKING_DAYS),
		 "2026-03-03T16:30");
	/* 10:00: 90 + 210 on Tue, 150 from 07:30 Wed -> 10:00 Wed. */
	CHECK_AT(worktime_add(cal, h, at("2026-03-03T10:00"), 1, DU_WORKING_DAYS),
		 "2026-03-04T10:00");
	CHECK_AT(worktime_add(cal, h, at("2026-03-03T09:00"), 5, DU_CALENDAR_DAYS),
		 "2026-03-09T16:30");
	CHECK_INT(worktime_between(cal, h, at("2026-03-03T00:00"), at("2026-03-04T00:00")),
		  450 * 60);
}

static void pause_moves_due_by_waiting_time(void)
{
	/* A deadline at Monday's closing moved by one working hour -> Tuesday 08:00. */
	CHECK_AT(worktime_add_seconds(cal, NULL, at("2026-03-02T17:00"), 3600), "2026-03-03T08:00");
	/* A deadline at 11:00 moved by 30 min ends exactly at 11:30. */
	CHECK_AT(worktime_add_seconds(cal, NULL, at("2026-03-02T11:00"), 1800), "2026-03-02T11:30");
	/* Waiting that spans Tết. */
	CHECK_AT(worktime_add_seconds(cal, NULL, at("2026-02-13T16:00"), 2 * 3600),
		 "2026-02-23T08:00");
}

static void zero_pause_does_not_move_due(void)
{
	CHECK_AT(worktime_add_seconds(cal, NULL, at("2026-03-02T17:00"), 0), "2026-03-02T17:00");
	CHECK_AT(worktime_add(cal, NULL, at("2026-03-02T17:00"), 0, DU_WORKING_DAYS),
		 "2026-03-02T17:00");
}

static void between_zero_length_is_zero(void)
{
	int64_t t = at("2026-03-03T09:00");
	CHECK_INT(worktime_between(cal, NULL, t, t), 0);
	CHECK_INT(worktime_between(cal, NULL, t + 60, t), 0);
	CHECK_INT(worktime_between(cal, NULL, at("2026-03-03T11:40"), at("2026-03-03T13:20")), 0);
	CHECK_INT(worktime_between(cal, NULL, at("2026-03-07T08:00"), at("2026-03-07T16:00")), 0);
}

static void between_counts_office_hours_only(void)
{
	/* 11:00-14:00: 30 min before lunch + 30 after. */
	CHECK_INT(worktime_between(cal, NULL, at("2026-03-03T11:00"), at("2026-03-03T14:00")),
		  3600);
	CHECK_INT(worktime_between(cal, NULL, at("2026-03-02T00:00"), at("2026-03-03T00:00")),
		  8 * 3600);
}

static void between_spanning_a_weekend(void)
{
	/* Fri 16:00 -> Mon 08:00: 60 min Friday, 60 min Monday. */
	CHECK_INT(worktime_between(cal, NULL, at("2026-03-06T16:00"), at("2026-03-09T08:00")),
		  7200);
	/* Across Tết: only Friday 13/02 counts. */
	CHECK_INT(worktime_between(cal, NULL, at("2026-02-13T07:00"), at("2026-02-23T07:00")),
		  8 * 3600);
	CHECK(worktime_days_between(cal, NULL, at("2026-02-13T07:00"), at("2026-02-23T11:00")) ==
	      1.5);
}

static void between_inverts_add(void)
{
	/* For every start in a grid of office moments and durations up to 400 working days,
	 * the office time from start to the deadline is the duration. */
	int64_t base = at("2026-01-05T07:00");
	for (int day = 0; day < 140; day += 3) {
		for (int m = 0; m < 480; m += 45) {
			int64_t s = worktime_clock_start(cal, NULL, base + day * 86400 + m * 60, -1);
			for (int64_t n = 1; n <= 400; n = n * 3 + 1) {
				int64_t d = worktime_add(cal, NULL, s, n, DU_WORKING_DAYS);
				if (!CHECK_INT(worktime_between(cal, NULL, s, d), n * 480 * 60))
					return;
			}
		}
	}
}

static void long_durations_are_arithmetic(void)
{
	/* 1000 working days from Mon 05/01/2026 07:00: whole weeks after the exception range.
	 * 1000 = 5 x 200 weeks; minus the 5 Tết weekdays, 25/04 adds one, 27/04, 30/04, 01/05
	 * remove three: the calendar has 7 fewer working days, so the last day is 1000 weekdays
	 * + 7 later. Checked against a day-by-day count. */
	int64_t s = at("2026-01-05T07:00");
	int64_t d = worktime_add(cal, NULL, s, 1000, DU_WORKING_DAYS);
	int64_t day = local_day(s), n = 0;
	while (n < 1000) {
		if (calendar_is_working(cal, day))
			n++;
		day++;
	}
	CHECK_INT(local_day(d), day - 1);
	CHECK_INT(local_minute(d), 17 * 60);
}

static void duration_unit_names_round_trip(void)
{
	for (int u = 0; u < DU__MAX; u++)
		CHECK_INT(duration_unit_parse(duration_unit_name(u)), u);
	CHECK_INT(duration_unit_parse("days"), -1);
	CHECK_INT(duration_unit_parse(NULL), -1);
}

int main(void)
{
	setup_calendar();
	RUN(start_inside_office_hours_is_the_reception);
	RUN(start_during_lunch_is_afternoon_opening);
	RUN(start_before_opening_is_same_day_opening);
	RUN(start_after_closing_is_next_working_day);
	RUN(start_on_friday_evening_and_weekend_is_monday);
	RUN(cutoff_applies_only_after_it);
	RUN(cutoff_deadlines);
	RUN(one_working_day_from_opening_ends_at_closing);
	RUN(one_working_day_from_eight_ends_next_day_at_eight);
	RUN(friday_afternoon_runs_into_monday);
	RUN(saturday_reception_counts_from_monday);
	RUN(tet_block_is_skipped);
	RUN(make_up_saturday_is_a_working_day);
	RUN(holidays_end_of_period_lands_on_closing);
	RUN(working_hours_durations);
	RUN(calendar_days_on_a_working_day_keep_the_time);
	RUN(calendar_days_landing_on_sunday_move_to_next_closing);
	RUN(unit_office_hours);
	RUN(pause_moves_due_by_waiting_time);
	RUN(zero_pause_does_not_move_due);
	RUN(between_zero_length_is_zero);
	RUN(between_counts_office_hours_only);
	RUN(between_spanning_a_weekend);
	RUN(between_inverts_add);
	RUN(long_durations_are_arithmetic);
	RUN(duration_unit_names_round_trip);
	calendar_free(cal);
	return harness_done("test_worktime");
}
