/* mailfmt.c - RFC 5322 / 2045 / 2047 formatting of outgoing email and the SMS log line. */
#include "motcua/mailfmt.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/clock.h"

#define ENCODED_WORD_MAX 75
#define QP_LINE_MAX 76

/* Whether s can stay as it is in a Subject header. */
static bool plain_subject(const char *s)
{
	size_t len = strlen(s);
	if (len > 60 || strstr(s, "=?"))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* See mailfmt.h. */
void mail_encode_subject(struct buf *out, const char *subject)
{
	if (plain_subject(subject)) {
		buf_puts(out, subject);
		return;
	}
	/* "=?UTF-8?B?" + "?=" take 12 characters; 63 left for base64 = 45 bytes of text
	 * (15 groups of 3 -> 60 characters). */
	const size_t max_bytes = 45;
	const char *p = subject;
	size_t left = strlen(subject);
	bool first = true;
	while (left > 0 || first) {
		size_t take = 0;
		while (take < left) {
			size_t c = utf8_len((unsigned char)p[take]);
			if (take + c > left)
				c = left - take;
			if (take + c > max_bytes)
				break;
			take += c;
		}
		char b64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)p, take,
				  sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(out, "\r\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		p += take;
		left -= take;
		first = false;
	}
}

/* See mailfmt.h. */
void mail_encode_qp(struct buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned char c = *p;
		if (c == '\r' && p[1] == '\n')
			continue;	/* CRLF counts as LF */
		if (c == '\n') {
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		bool at_eol = p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');
		bool encode = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
			      ((c == ' ' || c == '\t') && at_eol);
		size_t width = encode ? 3 : 1;
		/* Leave room for the soft break "=" unless this is the line's last character. */
		if (col + width > (at_eol ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		if (encode) {
			char e[3] = { '=', hex[c >> 4], hex[c & 15] };
			buf_append(out, e, 3);
		} else {
			buf_putc(out, (char)c);
		}
		col += width;
	}
}

/* See mailfmt.h. */
void mail_date(int64_t t, char out[32])
{
	static const char *const wd[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t day = local_day(t);
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	int64_t s = t + LOCAL_UTC_OFFSET - day * 86400;
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d +0700", wd[day_weekday(day)], d,
		 mon[m - 1], y, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* Replace every CRLF of text by LF (the maildir convention). */
static void to_lf(struct buf *b)
{
	size_t k = 0;
	for (size_t i = 0; i < b->len; i++)
		if (!(b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n'))
			b->data[k++] = b->data[i];
	b->len = k;
	if (b->data)
		b->data[k] = '\0';
}

/* See mailfmt.h. */
void mail_format(struct buf *out, int64_t date, const char *from, const char *to,
		 const char *subject, const char *msgid, const char *body, bool lf_only)
{
	struct buf m = BUF_INIT;
	char d[32];
	mail_date(date, d);
	buf_printf(&m, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", d, from, to);
	mail_encode_subject(&m, subject);
	buf_printf(&m, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		       "Content-Type: text/plain; charset=utf-8\r\n"
		       "Content-Transfer-Encoding: quoted-printable\r\n\r\n", msgid);
	mail_encode_qp(&m, body);
	if (m.len < 2 || memcmp(m.data + m.len - 2, "\r\n", 2))
		buf_puts(&m, "\r\n");
	if (lf_only)
		to_lf(&m);
	buf_append(out, m.data, m.len);
	buf_free(&m);
}

/* See mailfmt.h. */
void sms_log_line(struct buf *out, int64_t t, const char *phone, const char *text)
{
	char when[26];
	format_iso(t, when);
	buf_printf(out, "%s\t", when);
	for (int field = 0; field < 2; field++) {
		for (const unsigned char *p = (const unsigned char *)(field ? text : phone); *p;
		     p++) {
			switch (*p) {
			case '\\': buf_puts(out, "\\\\"); break;
			case '\n': buf_puts(out, "\\n"); break;
			case '\r': buf_puts(out, "\\r"); break;
			case '\t': buf_puts(out, "\\t"); break;
			default:
				if (*p < 0x20 || *p == 0x7f)
					buf_printf(out, "\\x%02X", *p);
				else
					buf_putc(out, (char)*p);
			}
		}
		buf_putc(out, field ? '\n' : '\t');
	}
}
