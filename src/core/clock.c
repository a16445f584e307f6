/* clock.c - current instant and local civil time for Asia/Ho_Chi_Minh. */
#include "motcua/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* See clock.h. */
int64_t clock_now(const struct clock *c)
{
	if (c && c->fixed)
		return c->fixed;
	return (int64_t)time(NULL);
}

/* See clock.h. (Howard Hinnant's days-from-civil algorithm.) */
int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* See clock.h. */
void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Floor division for possibly negative numerators. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* See clock.h. */
int day_weekday(int64_t day)
{
	int64_t w = (day + 4) % 7;	/* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

/* See clock.h. */
int64_t local_day(int64_t t)
{
	return floor_div(t + LOCAL_UTC_OFFSET, 86400);
}

/* See clock.h. */
int local_minute(int64_t t)
{
	int64_t s = t + LOCAL_UTC_OFFSET - floor_div(t + LOCAL_UTC_OFFSET, 86400) * 86400;
	return (int)(s / 60);
}

/* See clock.h. */
int64_t local_instant(int64_t day, int64_t seconds)
{
	return day * 86400 + seconds - LOCAL_UTC_OFFSET;
}

/* Days in month m of year y. */
static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Read exactly n decimal digits at s into *out. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Build a day number from y-m-d after checking the date exists. */
static bool make_day(int y, int m, int d, int64_t *day)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

/* See clock.h. */
bool parse_ymd(const char *s, int64_t *day)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d))
		return false;
	return make_day(y, m, d, day);
}

/* See clock.h. */
bool parse_dmy(const char *s, int64_t *day)
{
	int part[3] = { 0, 0, 0 };
	int digits[3] = { 0, 0, 0 };
	int k = 0;
	if (!s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '/') {
			if (++k > 2)
				return false;
		} else if (*p >= '0' && *p <= '9') {
			if (++digits[k] > 4)
				return false;
			part[k] = part[k] * 10 + (*p - '0');
		} else {
			return false;
		}
	}
	if (k != 2 || digits[0] < 1 || digits[0] > 2 || digits[1] < 1 || digits[1] > 2 ||
	    digits[2] != 4)
		return false;
	return make_day(part[2], part[1], part[0], day);
}

/* See clock.h. */
bool parse_hhmm(const char *s, int *minutes)
{
	int h, m;
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	if (!read_digits(s, 2, &h) || !read_digits(s + 3, 2, &m) || h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* See clock.h. */
bool parse_iso8601(const char *s, int64_t *t)
{
	int64_t day;
	char date[11];
	if (!s || strlen(s) < 10)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!parse_ymd(date, &day))
		return false;
	const char *p = s + 10;
	if (*p == '\0') {
		*t = local_instant(day, 0);
		return true;
	}
	if (*p != 'T' && *p != ' ')
		return false;
	p++;
	int hh, mm, ss = 0;
	if (!read_digits(p, 2, &hh) || p[2] != ':' || !read_digits(p + 3, 2, &mm))
		return false;
	p += 5;
	if (*p == ':') {
		if (!read_digits(p + 1, 2, &ss))
			return false;
		p += 3;
		if (*p == '.') {	/* fractional seconds are accepted and dropped */
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return false;
	int64_t secs = (int64_t)hh * 3600 + mm * 60 + ss;
	if (*p == '\0') {
		*t = local_instant(day, secs);
		return true;
	}
	if (*p == 'Z' && p[1] == '\0') {
		*t = day * 86400 + secs;
		return true;
	}
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (!read_digits(p + 1, 2, &oh) || !read_digits(p + 4, 2, &om) || oh > 14 || om > 59)
			return false;
		int64_t off = (int64_t)oh * 3600 + om * 60;
		*t = day * 86400 + secs - (*p == '+' ? off : -off);
		return true;
	}
	return false;
}

/* Write v as exactly n decimal digits (zero-padded, taking v modulo 10^n) at out. */
static char *put_digits(char *out, int64_t v, int n)
{
	if (v < 0)
		v = -v;
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return out + n;
}

/* See clock.h. */
void format_dmy(int64_t day, char out[static 11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char *p = put_digits(out, d, 2);
	*p++ = '/';
	p = put_digits(p, m, 2);
	*p++ = '/';
	p = put_digits(p, y, 4);
	*p = '\0';
}

/* See clock.h. */
void format_ymd(int64_t day, char out[static 11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char *p = put_digits(out, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
}

/* See clock.h. */
void format_hm_dmy(int64_t t, char out[static 17])
{
	int minute = local_minute(t);
	char *p = put_digits(out, minute / 60, 2);
	*p++ = ':';
	p = put_digits(p, minute % 60, 2);
	*p++ = ' ';
	format_dmy(local_day(t), p);
}

/* See clock.h. */
void format_iso(int64_t t, char out[static 26])
{
	int64_t day = local_day(t);
	int64_t secs = t + LOCAL_UTC_OFFSET - day * 86400;
	format_ymd(day, out);
	char *p = out + 10;
	*p++ = 'T';
	p = put_digits(p, secs / 3600, 2);
	*p++ = ':';
	p = put_digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = put_digits(p, secs % 60, 2);
	memcpy(p, "+07:00", 7);
}
