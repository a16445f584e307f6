/* test_format.c - display strings for đồng, counts, percentages and dates. */
#include "harness.h"

#include <math.h>
#include <stdio.h>

#include "motcua/clock.h"
#include "motcua/format.h"

static struct buf b = BUF_INIT;

/* The output of the last format call, then reset for the next one. */
static const char *take(void)
{
	static char last[128];
	snprintf(last, sizeof(last), "%s", buf_str(&b));
	buf_reset(&b);
	return last;
}

static void vnd_uses_dot_groups_and_dong_sign(void)
{
	format_vnd(1500000, "vi", &b);
	CHECK_STR(take(), "1.500.000 đ");
	format_vnd(0, "vi", &b);
	CHECK_STR(take(), "0 đ");
	format_vnd(999, NULL, &b);
	CHECK_STR(take(), "999 đ");
	format_vnd(1000, "vi", &b);
	CHECK_STR(take(), "1.000 đ");
	format_vnd(-25000, "vi", &b);
	CHECK_STR(take(), "-25.000 đ");
}

static void vnd_in_english_uses_commas_and_code(void)
{
	format_vnd(1500000, "en", &b);
	CHECK_STR(take(), "1,500,000 VND");
	format_vnd(INT64_MIN, "en", &b);
	CHECK_STR(take(), "-9,223,372,036,854,775,808 VND");
}

static void count_groups_thousands(void)
{
	format_count(12345, "vi", &b);
	CHECK_STR(take(), "12.345");
	format_count(5000000, "en", &b);
	CHECK_STR(take(), "5,000,000");
	format_count(100, "vi", &b);
	CHECK_STR(take(), "100");
}

static void percent_uses_comma_in_vietnamese(void)
{
	format_percent(94.34, "vi", &b);
	CHECK_STR(take(), "94,34%");
	format_percent(94.34, "en", &b);
	CHECK_STR(take(), "94.34%");
	format_percent(97.5, "vi", &b);
	CHECK_STR(take(), "97,5%");
	format_percent(100.0, "vi", &b);
	CHECK_STR(take(), "100%");
	format_percent(0.0, "en", &b);
	CHECK_STR(take(), "0%");
	format_percent(66.6666, "vi", &b);
	CHECK_STR(take(), "66,67%");
	format_percent(-0.001, "vi", &b);
	CHECK_STR(take(), "0%");
	format_percent(NAN, "vi", &b);
	CHECK_STR(take(), "–");
}

static void bytes_use_binary_units_and_local_decimal_mark(void)
{
	format_bytes(850, "vi", &b);
	CHECK_STR(take(), "850 B");
	format_bytes(12 * 1024, "vi", &b);
	CHECK_STR(take(), "12 KB");
	format_bytes(10 * 1024 * 1024, "vi", &b);
	CHECK_STR(take(), "10 MB");
	format_bytes(9 * 1024 * 1024 + 512 * 1024, "vi", &b);
	CHECK_STR(take(), "9,5 MB");
	format_bytes(9 * 1024 * 1024 + 512 * 1024, "en", &b);
	CHECK_STR(take(), "9.5 MB");
}

static void date_is_day_month_year(void)
{
	format_date(days_from_civil(2026, 1, 5), &b);
	CHECK_STR(take(), "05/01/2026");
	format_date(days_from_civil(2025, 12, 31), &b);
	CHECK_STR(take(), "31/12/2025");
}

static void datetime_is_local_time_then_date(void)
{
	format_datetime(local_instant(days_from_civil(2026, 1, 5), 8 * 3600 + 5 * 60), &b);
	CHECK_STR(take(), "08:05 05/01/2026");
	int64_t utc;
	CHECK(parse_iso8601("2025-12-31T17:30:00Z", &utc));
	format_datetime(utc, &b);
	CHECK_STR(take(), "00:30 01/01/2026");
}

int main(void)
{
	RUN(vnd_uses_dot_groups_and_dong_sign);
	RUN(vnd_in_english_uses_commas_and_code);
	RUN(count_groups_thousands);
	RUN(percent_uses_comma_in_vietnamese);
	RUN(bytes_use_binary_units_and_local_decimal_mark);
	RUN(date_is_day_month_year);
	RUN(datetime_is_local_time_then_date);
	buf_free(&b);
	return harness_done("test_format");
}
