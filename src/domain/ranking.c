/* ranking.c - ranks with shared ties and the phrase users write ("thứ 6/12, 79,81 điểm,
 * tăng 8,99"). */
#include "motcua/ranking.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v in hundredths, rounded half away from zero (so 79.805 and 79.81 tie). */
static long long cents(double v)
{
	return llround(v * 100);
}

/* Competition ranks of items by one value (has / value picked by prev). */
static void rank_by(struct rank_item *items, int n, bool prev)
{
	for (int i = 0; i < n; i++) {
		bool has = prev ? items[i].has_prev : items[i].has_value;
		int r = 0;
		if (has) {
			long long mine = cents(prev ? items[i].prev : items[i].value);
			r = 1;
			for (int j = 0; j < n; j++) {
				bool hj = prev ? items[j].has_prev : items[j].has_value;
				if (hj && cents(prev ? items[j].prev : items[j].value) > mine)
					r++;
			}
		}
		if (prev)
			items[i].prev_rank = r;
		else
			items[i].rank = r;
	}
}

/* See ranking.h. */
int ranking_rank(struct rank_item *items, int n)
{
	rank_by(items, n, false);
	rank_by(items, n, true);
	/* insertion sort: stable, n is a handful of units */
	for (int i = 1; i < n; i++) {
		struct rank_item x = items[i];
		int kx = x.rank ? x.rank : n + 1;
		int j = i - 1;
		while (j >= 0 && (items[j].rank ? items[j].rank : n + 1) > kx) {
			items[j + 1] = items[j];
			j--;
		}
		items[j + 1] = x;
	}
	int ranked = 0;
	for (int i = 0; i < n; i++)
		ranked += items[i].has_value;
	return ranked;
}

/* Append v with two decimals and the language's decimal separator. */
static void number(struct buf *out, double v, bool vi)
{
	char s[64];
	snprintf(s, sizeof(s), "%.2f", (double)cents(v) / 100.0);
	if (vi) {
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
	}
	buf_printf(out, "%s", s);
}

/* English ordinal suffix of n. */
static const char *ordinal(int n)
{
	int t = n % 100;
	if (t >= 11 && t <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

/* See ranking.h. */
void ranking_phrase(const struct rank_item *it, int ranked, enum rank_measure m,
		    const char *lang, struct buf *out)
{
	bool vi = !lang || strcmp(lang, "en") != 0;
	if (!it->has_value) {
		buf_puts(out, "—");
		return;
	}
	if (vi)
		buf_printf(out, "thứ %d/%d, ", it->rank, ranked);
	else
		buf_printf(out, "%d%s of %d, ", it->rank, ordinal(it->rank), ranked);
	number(out, it->value, vi);
	if (m == RM_PERCENT)
		buf_putc(out, '%');
	else
		buf_puts(out, vi ? " điểm" : " points");
	if (!it->has_prev)
		return;
	long long d = cents(it->value) - cents(it->prev);
	if (d == 0) {
		buf_puts(out, vi ? ", không đổi" : ", unchanged");
		return;
	}
	buf_puts(out, d > 0 ? (vi ? ", tăng " : ", up ") : (vi ? ", giảm " : ", down "));
	number(out, (double)(d > 0 ? d : -d) / 100.0, vi);
}
