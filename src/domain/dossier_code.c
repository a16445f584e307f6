/* dossier_code.c - dossier codes <unit>-<YYMMDD>-<NNNN> and lookup secrets. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/dossier.h"

/* 31 symbols: digits 2-9 and letters without I, L, O. 31^8 ~ 2^39.6. */
const char LOOKUP_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define ALPHABET_LEN (sizeof(LOOKUP_ALPHABET) - 1)

/* See dossier.h. */
void dossier_code_format(char out[DOSSIER_CODE_MAX], const char *unit_code, int64_t day,
			 int64_t number)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, DOSSIER_CODE_MAX, "%s-%02d%02d%02d-%04" PRId64, unit_code, y % 100, m, d,
		 number);
}

/* See dossier.h. */
bool dossier_code_parse(const char *code, char unit_code[DOSSIER_CODE_MAX], int64_t *day,
			int64_t *number)
{
	const char *last = strrchr(code, '-');
	if (!last || last == code)
		return false;
	const char *date = last - 7;
	if (date <= code || date[0] != '-')
		return false;
	int v[3];
	for (int i = 0; i < 3; i++) {
		const char *p = date + 1 + 2 * i;
		if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
			return false;
		v[i] = (p[0] - '0') * 10 + (p[1] - '0');
	}
	size_t nlen = strlen(last + 1);
	if (nlen < 4 || nlen > 12)
		return false;
	int64_t num = 0;
	for (const char *p = last + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		num = num * 10 + (*p - '0');
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	size_t ulen = (size_t)(date - code);
	if (ulen >= DOSSIER_CODE_MAX)
		return false;
	memcpy(unit_code, code, ulen);
	unit_code[ulen] = '\0';
	*day = days_from_civil(2000 + v[0], v[1], v[2]);
	*number = num;
	return true;
}

/* See dossier.h. */
void lookup_secret_new(char out[LOOKUP_SECRET_LEN + 1])
{
	for (int i = 0; i < LOOKUP_SECRET_LEN; i++)
		out[i] = LOOKUP_ALPHABET[randombytes_uniform((uint32_t)ALPHABET_LEN)];
	out[LOOKUP_SECRET_LEN] = '\0';
}

/* See dossier.h. */
void lookup_secret_from_prng(uint64_t *state, char out[LOOKUP_SECRET_LEN + 1])
{
	for (int i = 0; i < LOOKUP_SECRET_LEN; i++) {
		uint64_t x = *state;
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		*state = x;
		uint64_t r = x * 0x2545F4914F6CDD1Dull;
		out[i] = LOOKUP_ALPHABET[(r >> 32) % ALPHABET_LEN];
	}
	out[LOOKUP_SECRET_LEN] = '\0';
}

/* See dossier.h. */
bool lookup_secret_valid(const char *s)
{
	if (!s || strlen(s) != LOOKUP_SECRET_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if (!strchr(LOOKUP_ALPHABET, *p))
			return false;
	return true;
}
