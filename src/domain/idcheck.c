/* idcheck.c - CCCD and tax-code structure checks, the common-password list. */
#include "motcua/idcheck.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/text.h"

/* True when s[0..n) are all ASCII digits. */
static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* See idcheck.h. */
enum cccd_result cccd_check(const char *s, int this_year)
{
	if (!s || strlen(s) != 12 || !digits(s, 12))
		return CCCD_FORMAT;
	int province = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (province < 1 || province > 96)
		return CCCD_PROVINCE;
	int century = s[3] - '0';
	if (century > 3)
		return CCCD_CENTURY;
	int year = 1900 + (century / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
	if (year > this_year)
		return CCCD_YEAR;
	return CCCD_OK;
}

/* See idcheck.h. */
enum taxcode_result taxcode_check(const char *s)
{
	static const int weight[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };
	size_t n = s ? strlen(s) : 0;
	if (!(n == 10 && digits(s, 10)) &&
	    !(n == 14 && digits(s, 10) && s[10] == '-' && digits(s + 11, 3)))
		return TAXCODE_FORMAT;
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (s[i] - '0') * weight[i];
	int check = 10 - sum % 11;
	if (check == 10 || s[9] - '0' != check)
		return TAXCODE_CHECK;
	if (n == 14 && memcmp(s + 11, "000", 3) == 0)
		return TAXCODE_BRANCH;
	return TAXCODE_OK;
}

/* Append the comparison key of s[0..n) to out: text_fold without its spaces. */
static void pw_key(const char *s, size_t n, struct buf *out)
{
	text_fold(s, n, out);
	size_t w = 0;
	for (size_t r = 0; r < out->len; r++)
		if (out->data[r] != ' ')
			out->data[w++] = out->data[r];
	out->len = w;
	if (out->data)
		out->data[w] = '\0';
}

/* qsort/bsearch order of two char * entries. */
static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* See idcheck.h. */
void pwlist_parse(const char *text, size_t n, struct pwlist *list)
{
	memset(list, 0, sizeof(*list));
	size_t cap = 0;
	struct buf f = { 0 };
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		size_t len = e - i;
		if (len && text[i + len - 1] == '\r')
			len--;
		if (len && text[i] != '#') {
			buf_reset(&f);
			pw_key(text + i, len, &f);
			if (f.len) {
				if (list->n == cap) {
					cap = cap ? cap * 2 : 256;
					list->words = realloc(list->words, cap * sizeof(char *));
					if (!list->words)
						abort();
				}
				list->words[list->n++] = strdup(buf_str(&f));
				if (!list->words[list->n - 1])
					abort();
			}
		}
		i = e + 1;
	}
	buf_free(&f);
	if (list->n)
		qsort(list->words, list->n, sizeof(char *), cmp_word);
}

/* See idcheck.h. */
enum err pwlist_load(const char *path, struct pwlist *list)
{
	struct buf b = { 0 };
	enum err e = file_read(path, 1 << 20, &b);
	if (e != E_OK) {
		buf_free(&b);
		memset(list, 0, sizeof(*list));
		return E_IO;
	}
	pwlist_parse(b.data ? b.data : "", b.len, list);
	buf_free(&b);
	return E_OK;
}

/* See idcheck.h. */
bool pwlist_contains(const struct pwlist *list, const char *password)
{
	if (!list->n || !password)
		return false;
	struct buf f = { 0 };
	pw_key(password, strlen(password), &f);
	const char *key = buf_str(&f);
	bool found = bsearch(&key, list->words, list->n, sizeof(char *), cmp_word) != NULL;
	buf_free(&f);
	return found;
}

/* See idcheck.h. */
void pwlist_free(struct pwlist *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->words[i]);
	free(list->words);
	memset(list, 0, sizeof(*list));
}
