/* idcheck.h - structure checks of Vietnamese identifiers used at registration: the 12-digit
 * citizen ID number (số định danh cá nhân / CCCD) and the tax code (mã số thuế), and the
 * list of common passwords a new password may not be. */
#ifndef MOTCUA_IDCHECK_H
#define MOTCUA_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/err.h"

/* Why a citizen ID number was refused (CCCD_OK when it is well formed). */
enum cccd_result {
	CCCD_OK = 0,
	CCCD_FORMAT,	/* not exactly 12 ASCII digits */
	CCCD_PROVINCE,	/* the first 3 digits (province of birth) are not 001..096 */
	CCCD_CENTURY,	/* the 4th digit (century and sex) names a century after 2000-2099 */
	CCCD_YEAR,	/* the birth year (century digit + digits 5-6) is after this_year */
};

/* Check the structure of a 12-digit citizen ID number s: digits 1-3 the province of birth
 * (001..096), digit 4 the century and sex (0/1 1900s male/female, 2/3 2000s), digits 5-6
 * the year of birth within the century (the resulting year must not be after this_year),
 * digits 7-12 a serial (not checkable). There is no public check digit. */
enum cccd_result cccd_check(const char *s, int this_year);

/* Why a tax code was refused (TAXCODE_OK when it is well formed). */
enum taxcode_result {
	TAXCODE_OK = 0,
	TAXCODE_FORMAT,		/* not 10 digits nor 10 digits, "-" and 3 digits */
	TAXCODE_CHECK,		/* the 10th digit is not the mod-11 check digit of the first 9 */
	TAXCODE_BRANCH,		/* the 3-digit branch suffix is 000 */
};

/* Check a tax code: "NNNNNNNNNC" or "NNNNNNNNNC-BBB". C must equal 10 - (sum of the first
 * nine digits weighted 31 29 23 19 17 13 7 5 3, mod 11); a sum giving 10 has no valid C. */
enum taxcode_result taxcode_check(const char *s);

/* A set of common passwords, compared after text_fold with its spaces removed (case,
 * diacritics, spaces and punctuation do not matter: "MatKhau", "mật khẩu" and "mat-khau" all
 * match "matkhau"). */
struct pwlist {
	char **words;	/* folded, sorted */
	size_t n;
};

/* Load path (one password a line, '#' lines and blank lines skipped, at most 1 MiB) into
 * list. E_IO when it cannot be read. The caller frees with pwlist_free. */
enum err pwlist_load(const char *path, struct pwlist *list);

/* Same from text in memory (n bytes). */
void pwlist_parse(const char *text, size_t n, struct pwlist *list);

/* True when password, folded, is in list (an empty list contains nothing). */
bool pwlist_contains(const struct pwlist *list, const char *password);

/* Free the words. */
void pwlist_free(struct pwlist *list);

#endif
