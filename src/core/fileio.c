/* fileio.c - whole-file reads with an explicit size limit. */
#include "motcua/fileio.h"

#include <stdio.h>

/* See fileio.h. */
enum err file_read(const char *path, size_t max, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return E_IO;
	size_t start = out->len;
	char chunk[65536];
	size_t n;
	enum err e = E_OK;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_append(out, chunk, n);
		if (out->len - start > max) {
			e = E_LIMIT;
			break;
		}
	}
	if (e == E_OK && ferror(f))
		e = E_IO;
	fclose(f);
	return e;
}
