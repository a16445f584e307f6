/* format.h - display strings for money, counts, percentages, dates (src/view/format.c).
 * The template engine prints values as given; handlers format numbers for people with these
 * before putting them in the view's JSON. lang is "vi" or "en"; anything else means "vi". */
#ifndef MOTCUA_FORMAT_H
#define MOTCUA_FORMAT_H

#include <stdint.h>

#include "motcua/buf.h"

/* Append an amount of đồng: "1.500.000 đ" (vi), "1,500,000 VND" (en); 0 gives "0 đ";
 * negative amounts get a leading '-'. */
void format_vnd(int64_t amount, const char *lang, struct buf *out);

/* Append an integer with thousands separators: "12.345" (vi), "12,345" (en). */
void format_count(int64_t n, const char *lang, struct buf *out);

/* Append a percentage given in percent (94.34 means 94.34 %), rounded to two decimals with
 * trailing zeros dropped: "94,34%" / "97,5%" / "100%" (vi), "94.34%" (en). Not a finite number
 * gives "–". */
void format_percent(double percent, const char *lang, struct buf *out);

/* Append a file size: "850 B", "12 KB", "9,5 MB" (vi) / "9.5 MB" (en), in units of 1024,
 * one decimal above 1 KB with a trailing ",0" dropped ("10 MB"). */
void format_bytes(uint64_t n, const char *lang, struct buf *out);

/* Append a local day number (clock.h) as "dd/mm/yyyy" (both languages). */
void format_date(int64_t day, struct buf *out);

/* Append an instant (UTC epoch seconds) as local "hh:mm dd/mm/yyyy" (both languages). */
void format_datetime(int64_t t, struct buf *out);

#endif
