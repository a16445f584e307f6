/* test_calendar.c - working-day lookup, counting and skipping, office hours parsing, and
 * loading the calendar table from a migrated database. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "motcua/buf.h"
#include "motcua/calendar.h"
#include "motcua/calendar_store.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/log.h"
#include "motcua/migrate.h"

/* Day number of a literal date. */
static int64_t ymd(const char *s)
{
	int64_t d = 0;
	CHECK(parse_ymd(s, &d));
	return d;
}

static void weekends_are_off_without_rows(void)
{
	struct calendar *c = calendar_new();
	CHECK(calendar_is_working(c, ymd("2026-03-02")));	/* Monday */
	CHECK(calendar_is_working(c, ymd("2026-03-06")));	/* Friday */
	CHECK(!calendar_is_working(c, ymd("2026-03-07")));	/* Saturday */
	CHECK(!calendar_is_working(c, ymd("2026-03-08")));	/* Sunday */
	calendar_free(c);
}

static void rows_override_the_weekday_rule(void)
{
	struct calendar *c = calendar_new();
	calendar_set(c, ymd("2026-02-17"), false);
	calendar_set(c, ymd("2026-04-25"), true);	/* a make-up Saturday */
	CHECK(!calendar_is_working(c, ymd("2026-02-17")));
	CHECK(calendar_is_working(c, ymd("2026-04-25")));
	CHECK(calendar_is_working(c, ymd("2026-03-02")));	/* between the rows: weekday rule */
	CHECK(!calendar_is_working(c, ymd("2026-03-07")));
	calendar_set(c, ymd("2026-02-17"), true);	/* a later row replaces the earlier one */
	CHECK(calendar_is_working(c, ymd("2026-02-17")));
	calendar_free(c);
}

static void out_of_range_rows_are_ignored(void)
{
	struct calendar *c = calendar_new();
	log_set_level(LOG_ERROR);
	calendar_set(c, 10000000, true);	/* year ~29000 */
	log_set_level(LOG_INFO);
	CHECK(!calendar_is_working(c, ymd("2026-03-07")));
	calendar_free(c);
}

/* A calendar with Tết 2026 and a make-up Saturday, for the counting tests. */
static struct calendar *sample(void)
{
	struct calendar *c = calendar_new();
	for (int64_t d = ymd("2026-02-14"); d <= ymd("2026-02-22"); d++)
		calendar_set(c, d, false);
	calendar_set(c, ymd("2026-04-25"), true);
	calendar_set(c, ymd("2026-09-02"), false);
	return c;
}

static void count_working_matches_day_by_day(void)
{
	struct calendar *c = sample();
	int64_t lo = ymd("2025-11-01"), hi = ymd("2026-12-31");
	for (int64_t a = lo; a < hi; a += 11) {
		int64_t n = 0;
		for (int64_t b = a; b < hi; b += 1) {
			if (!CHECK_INT(calendar_count_working(c, a, b), n))
				goto out;
			n += calendar_is_working(c, b);
		}
	}
	CHECK_INT(calendar_count_working(c, ymd("2026-02-13"), ymd("2026-02-24")), 2);
	CHECK_INT(calendar_count_working(c, ymd("2026-03-02"), ymd("2026-03-02")), 0);
	CHECK_INT(calendar_count_working(c, ymd("2026-03-09"), ymd("2026-03-02")), 0);
out:
	calendar_free(c);
}

static void next_working_matches_day_by_day(void)
{
	struct calendar *c = sample();
	for (int64_t a = ymd("2025-06-01"); a < ymd("2026-12-31"); a += 13) {
		int64_t d = a;
		for (int64_t k = 1; k <= 400; k++) {
			do
				d++;
			while (!calendar_is_working(c, d));
			if (!CHECK_INT(calendar_next_working(c, a, k), d))
				goto out;
		}
	}
	CHECK_INT(calendar_next_working(c, ymd("2026-02-13"), 1), ymd("2026-02-23"));
	CHECK_INT(calendar_next_working(c, ymd("2026-04-24"), 1), ymd("2026-04-25"));
out:
	calendar_free(c);
}

static void empty_calendar_counts_weekdays(void)
{
	struct calendar *c = calendar_new();
	CHECK_INT(calendar_count_working(c, ymd("2026-03-02"), ymd("2026-03-09")), 5);
	CHECK_INT(calendar_next_working(c, ymd("2026-03-06"), 1), ymd("2026-03-09"));
	CHECK_INT(calendar_next_working(c, ymd("2026-03-06"), 11), ymd("2026-03-23"));
	calendar_free(c);
}

static void default_office_hours_are_eight_hours(void)
{
	CHECK_INT(office_minutes_per_day(&OFFICE_HOURS_DEFAULT), 480);
	struct buf b = BUF_INIT;
	office_hours_format(&OFFICE_HOURS_DEFAULT, &b);
	CHECK_STR(buf_str(&b), "[[\"07:00\",\"11:30\"],[\"13:30\",\"17:00\"]]");
	buf_free(&b);
}

static void office_hours_parse_accepts_periods(void)
{
	struct office_hours h;
	CHECK_INT(office_hours_parse("[[\"07:30\",\"11:30\"],[\"13:00\",\"16:30\"]]", &h, NULL, 0),
		  E_OK);
	CHECK_INT(h.n, 2);
	CHECK_INT(h.start[0], 450);
	CHECK_INT(h.end[1], 990);
	CHECK_INT(office_minutes_per_day(&h), 450);
	CHECK_INT(office_hours_parse("[[\"08:00\",\"12:00\"]]", &h, NULL, 0), E_OK);
	CHECK_INT(h.n, 1);
}

static void office_hours_parse_rejects_bad_periods(void)
{
	struct office_hours h = OFFICE_HOURS_DEFAULT;
	char why[128] = "";
	CHECK_INT(office_hours_parse("[[\"11:30\",\"07:00\"]]", &h, why, sizeof(why)), E_INVALID);
	CHECK(why[0] != '\0');
	CHECK_INT(office_hours_parse("[[\"07:00\",\"12:00\"],[\"11:00\",\"17:00\"]]", &h, why,
				     sizeof(why)), E_INVALID);
	CHECK_INT(office_hours_parse("[[\"7h\",\"12:00\"]]", &h, why, sizeof(why)), E_INVALID);
	CHECK_INT(office_hours_parse("[]", &h, why, sizeof(why)), E_INVALID);
	CHECK_INT(office_hours_parse("[[\"07:00\"]]", &h, why, sizeof(why)), E_INVALID);
	CHECK_INT(office_hours_parse("not json", &h, NULL, 0), E_INVALID);
	CHECK_INT(office_hours_parse("[[\"01:00\",\"02:00\"],[\"03:00\",\"04:00\"],[\"05:00\","
				     "\"06:00\"],[\"07:00\",\"08:00\"],[\"09:00\",\"10:00\"]]",
				     &h, NULL, 0), E_INVALID);
	CHECK_INT(h.n, 2);	/* untouched on error */
	CHECK_INT(h.start[0], 420);
}

/* Folder of the repository's migrations: $MOTCUA_SHARE/migrations or ./migrations. */
static const char *migrations_dir(void)
{
	static char dir[4096];
	const char *share = getenv("MOTCUA_SHARE");
	snprintf(dir, sizeof(dir), "%s/migrations", share && *share ? share : ".");
	return dir;
}

static void load_reads_the_calendar_table(void)
{
	char path[] = "/tmp/motcua-test-calendar-XXXXXX";
	int fd = mkstemp(path);
	if (!CHECK(fd >= 0))
		return;
	close(fd);
	struct db *db = NULL;
	if (!CHECK_INT(db_open(path, &db), E_OK))
		goto out;
	if (!CHECK_INT(migrate_apply(db, migrations_dir(), NULL), E_OK))
		goto out;
	struct calendar_row off = { ymd("2026-02-17"), "2026-02-17", false, "Tết Nguyên đán", "" };
	struct calendar_row on = { ymd("2026-04-25"), "2026-04-25", true, "Làm bù", "TB" };
	CHECK_INT(calendar_store_upsert(db, &off), E_OK);
	CHECK_INT(calendar_store_upsert(db, &on), E_OK);
	CHECK_INT(calendar_store_upsert(db, &on), E_OK);	/* same day again: replaced */
	CHECK_INT(calendar_store_count(db), 2);
	struct calendar *c = calendar_new();
	CHECK_INT(calendar_load(c, db), E_OK);
	CHECK(!calendar_is_working(c, ymd("2026-02-17")));
	CHECK(calendar_is_working(c, ymd("2026-04-25")));
	CHECK(calendar_is_working(c, ymd("2026-02-16")));
	CHECK_INT(calendar_count_working(c, ymd("2026-02-16"), ymd("2026-02-23")), 4);
	calendar_free(c);
out:
	db_close(db);
	unlink(path);
	char side[sizeof(path) + 8];
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	RUN(weekends_are_off_without_rows);
	RUN(rows_override_the_weekday_rule);
	RUN(out_of_range_rows_are_ignored);
	RUN(count_working_matches_day_by_day);
	RUN(next_working_matches_day_by_day);
	RUN(empty_calendar_counts_weekdays);
	RUN(default_office_hours_are_eight_hours);
	RUN(office_hours_parse_accepts_periods);
	RUN(office_hours_parse_rejects_bad_periods);
	RUN(load_reads_the_calendar_table);
	return harness_done("test_calendar");
}
