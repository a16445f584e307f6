/* format.c - display strings: đồng, counts, percentages and dates, Vietnamese or English. */
#include "motcua/format.h"

#include <stdio.h>
#include <string.h>

#include "motcua/clock.h"

/* True when lang asks for English conventions. */
static int is_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}

/* Append n in decimal with sep between groups of three digits. */
static void put_grouped(int64_t n, char sep, struct buf *out)
{
	char tmp[32];
	char *p = tmp + sizeof(tmp);
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	int digits = 0;
	do {
		if (digits && digits % 3 == 0)
			*--p = sep;
		*--p = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u);
	if (n < 0)
		*--p = '-';
	buf_append(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* See format.h. */
void format_vnd(int64_t amount, const char *lang, struct buf *out)
{
	put_grouped(amount, is_en(lang) ? ',' : '.', out);
	buf_puts(out, is_en(lang) ? " VND" : " đ");
}

/* See format.h. */
void format_count(int64_t n, const char *lang, struct buf *out)
{
	put_grouped(n, is_en(lang) ? ',' : '.', out);
}

/* See format.h. */
void format_percent(double percent, const char *lang, struct buf *out)
{
	char tmp[64];
	/* Also rejects NaN (every comparison is false) and values too big for tmp. */
	if (!(percent > -1e15 && percent < 1e15)) {
		buf_puts(out, "–");
		return;
	}
	int k = snprintf(tmp, sizeof(tmp), "%.2f", percent);
	if (k <= 0 || (size_t)k >= sizeof(tmp))
		return;
	while (tmp[k - 1] == '0')
		k--;
	if (tmp[k - 1] == '.')
		k--;
	tmp[k] = '\0';
	if (strcmp(tmp, "-0") == 0)
		strcpy(tmp, "0");
	char *dot = strchr(tmp, '.');
	if (dot && !is_en(lang))
		*dot = ',';
	buf_puts(out, tmp);
	buf_putc(out, '%');
}

/* See format.h. */
void format_bytes(uint64_t n, const char *lang, struct buf *out)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	if (n < 1024) {
		buf_printf(out, "%llu B", (unsigned long long)n);
		return;
	}
	double v = (double)n / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%.1f", v);
	size_t k = strlen(tmp);
	if (k >= 2 && strcmp(tmp + k - 2, ".0") == 0)
		tmp[k - 2] = '\0';
	char *dot = strchr(tmp, '.');
	if (dot && !is_en(lang))
		*dot = ',';
	buf_printf(out, "%s %s", tmp, units[u]);
}

/* See format.h. */
void format_date(int64_t day, struct buf *out)
{
	char s[11];
	format_dmy(day, s);
	buf_puts(out, s);
}

/* See format.h. */
void format_datetime(int64_t t, struct buf *out)
{
	char s[17];
	format_hm_dmy(t, s);
	buf_puts(out, s);
}
