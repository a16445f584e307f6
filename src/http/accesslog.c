/* accesslog.c - one line per request to stderr through log_info, and the escaping of client
 * text written into the log (so a client cannot forge or split log lines). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "motcua/log.h"

#define LOG_PATH_MAX 200
#define LOG_UA_MAX 160

/* Length of the valid, printable UTF-8 sequence at s[0..n) (C1 controls U+0080..U+009F are not
 * printable), or 0. */
static size_t utf8_printable(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	if (s[0] < 0xe0)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] < 0xf0)
		len = 3, cp = s[0] & 0x0f;
	else
		len = 4, cp = s[0] & 0x07;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029)
		return 0;
	return len;
}

/* See http.h. */
char *http_log_escape(char *dst, size_t cap, const char *src, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	if (!src) {
		snprintf(dst, cap, "-");
		return dst;
	}
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), o = 0, i = 0;
	while (i < n) {
		size_t len = 1;
		if (s[i] >= 0x80)
			len = utf8_printable(s + i, n - i);
		bool plain = s[i] >= 0x80 ? len > 0
					  : s[i] >= 0x20 && s[i] != 0x7f && s[i] != '"' && s[i] != '\\';
		if (!plain)
			len = 1;
		size_t out = plain ? len : 4;
		if (i + len > max || o + out + 4 > cap) {
			if (o + 4 <= cap)
				memcpy(dst + o, "...", 3), o += 3;
			break;
		}
		if (plain) {
			memcpy(dst + o, s + i, len);
		} else {
			dst[o] = '\\', dst[o + 1] = 'x';
			dst[o + 2] = hex[s[i] >> 4], dst[o + 3] = hex[s[i] & 15];
		}
		o += out;
		i += len;
	}
	dst[o] = '\0';
	return dst;
}

/* See internal.h. The path has no spaces (MHD splits the request line on them); the user
 * agent is quoted, its quotes escaped. The query string is not logged (it may hold codes). */
void accesslog_line(const char *id, const char *method, const char *path, int status,
		    int64_t micros, const char *user_agent)
{
	char m[4 * 16 + 4], p[4 * LOG_PATH_MAX + 4], ua[4 * LOG_UA_MAX + 4];
	log_info("http %s %s %s %d %lldus ua=\"%s\"", id, http_log_escape(m, sizeof(m), method, 16),
		 http_log_escape(p, sizeof(p), path, LOG_PATH_MAX), status, (long long)micros,
		 http_log_escape(ua, sizeof(ua), user_agent, LOG_UA_MAX));
}
