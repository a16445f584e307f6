/* contact.c - Vietnamese phone numbers and e-mail addresses (pure checks). */
#include "motcua/contact.h"

#include <string.h>

/* See contact.h. */
bool contact_phone_normalize(const char *s, size_t n, char out[static 11])
{
	char d[16];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '.' || s[i] == '-')
			continue;
		if (k + 1 >= sizeof(d))
			return false;
		d[k++] = s[i];
	}
	d[k] = '\0';
	const char *rest;
	if (d[0] == '0')
		rest = d + 1;
	else if (strncmp(d, "+84", 3) == 0)
		rest = d + 3;
	else
		return false;
	if (strlen(rest) != 9 || rest[0] == '0')
		return false;
	for (int i = 0; i < 9; i++)
		if (rest[i] < '0' || rest[i] > '9')
			return false;
	out[0] = '0';
	memcpy(out + 1, rest, 9);
	out[10] = '\0';
	return true;
}

/* See contact.h. */
bool contact_email_valid(const char *s, size_t n)
{
	if (n > 254)
		return false;
	const char *at = memchr(s, '@', n);
	if (!at || at == s || (size_t)(at - s) > 64 || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return false;
	for (const char *p = s; p < at; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("()<>,;:\\\"[]", *p))
			return false;
	const char *d = at + 1, *end = s + n;
	if (d == end || *d == '.' || end[-1] == '.' || !memchr(d, '.', (size_t)(end - d)))
		return false;
	for (const char *p = d; p < end; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '.';
		if (!ok || (c == '.' && p + 1 < end && p[1] == '.'))
			return false;
	}
	return true;
}
