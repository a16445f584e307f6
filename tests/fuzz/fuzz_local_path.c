/* fuzz_local_path.c - libFuzzer target: the return-path validator of ?next=.
 * Input: the value as the handler receives it. Checks the promise against what a browser does
 * with a Location: after removing tabs and newlines and reading '\' as '/', an accepted path
 * (and the same path decoded once more) starts with one '/' only, so it never leaves the site;
 * and web_local_path_ok never accepts what it calls malformed (control bytes, backslashes). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when a browser would read s as a path on the same site. */
static int same_site(const char *s)
{
	char b[3] = { 0, 0, 0 };
	size_t n = 0;
	for (const char *p = s; *p && n < 2; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		b[n++] = *p == '\\' ? '/' : *p;
	}
	return b[0] == '/' && b[1] != '/';
}

/* See libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (web_local_path_ok(s)) {
		if (!same_site(s) || strchr(s, '\\'))
			abort();
		size_t m = url_decode(s, strlen(s), false);
		if (m == (size_t)-1 || !same_site(s))
			abort();
	}
	free(s);
	return 0;
}
