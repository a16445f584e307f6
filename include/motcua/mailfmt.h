/* mailfmt.h - the text formats of outgoing messages: RFC 5322 emails (RFC 2047 subjects,
 * quoted-printable UTF-8 bodies) and the one-line SMS log. Pure functions, no I/O. */
#ifndef MOTCUA_MAILFMT_H
#define MOTCUA_MAILFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/buf.h"

/* Append subject as an RFC 2047 header value: unchanged when it is printable ASCII of at most
 * 60 bytes without "=?"; otherwise "=?UTF-8?B?...?=" encoded-words of at most 75 characters,
 * each holding whole UTF-8 characters, separated by CRLF SP (folding). */
void mail_encode_subject(struct buf *out, const char *subject);

/* Append text as quoted-printable (RFC 2045 6.7): lines end in CRLF (a lone LF in text becomes
 * a line break), encoded lines are at most 76 characters with soft breaks ("=" CRLF), '=',
 * bytes >= 0x80 and controls as =XX, a space or tab before a line end encoded. */
void mail_encode_qp(struct buf *out, const char *text);

/* Format instant t as an RFC 5322 date in local time (+0700): "Tue, 01 Dec 2026 17:08:05
 * +0700" (out: 32 bytes). */
void mail_date(int64_t t, char out[32]);

/* A whole message: Date, From, To, Subject, Message-ID (<msgid>), MIME-Version,
 * Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding quoted-printable, a
 * blank line and the encoded body. Lines end in CRLF (SMTP) or, with lf_only, in LF (the
 * local maildir convention). from and to are bare addresses. */
void mail_format(struct buf *out, int64_t date, const char *from, const char *to,
		 const char *subject, const char *msgid, const char *body, bool lf_only);

/* Append one SMS log line: local ISO 8601 time, TAB, phone, TAB, text escaped to one line
 * ('\\' -> "\\\\", LF -> "\\n", CR -> "\\r", TAB -> "\\t", other controls -> "\\xHH"), LF. */
void sms_log_line(struct buf *out, int64_t t, const char *phone, const char *text);

#endif
