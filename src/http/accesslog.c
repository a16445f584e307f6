/* accesslog.c - one line per request to stderr through log_info. */
#include "internal.h"

#include "motcua/log.h"

#define LOG_PATH_MAX 200

/* See internal.h. Control bytes, spaces and quotes in the path are written as %XX so a line
 * stays one line; long paths end with "...". */
void accesslog_line(const char *id, const char *method, const char *path, int status,
		    int64_t micros)
{
	char p[LOG_PATH_MAX * 3 + 4];
	size_t o = 0;
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; path && path[i]; i++) {
		if (i >= LOG_PATH_MAX) {
			p[o++] = '.', p[o++] = '.', p[o++] = '.';
			break;
		}
		unsigned char c = (unsigned char)path[i];
		if (c <= 0x20 || c == 0x7f || c == '"') {
			p[o++] = '%';
			p[o++] = hex[c >> 4];
			p[o++] = hex[c & 15];
		} else {
			p[o++] = (char)c;
		}
	}
	p[o] = '\0';
	log_info("http %s %s %s %d %lldus", id, method ? method : "-", p, status,
		 (long long)micros);
}
