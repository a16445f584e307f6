/* sender_file.c - the built-in local senders: emails into a maildir, SMS into a log file. */
#include "motcua/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "motcua/log.h"
#include "motcua/mailfmt.h"
#include "motcua/xalloc.h"

/* See outbox.h. */
void sender_free(struct sender *s)
{
	if (s)
		s->free(s);
}

struct maildir_sender {
	struct sender base;	/* first: the sender is freed through it */
	char *dir, *from;
	char host[64];
};

/* Write all of b to fd. false with errno on failure. */
static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* See outbox.h. */
void outbox_message_id(const struct outbox_row *m, const char *from, char *out, size_t n)
{
	const char *at = strrchr(from, '@');
	snprintf(out, n, "motcua.%" PRId64 ".%" PRId64 "@%s", m->id, m->created_at,
		 at && at[1] ? at + 1 : "motcua.invalid");
}

/* Write m as tmp/<unique> then rename it into new/ (the maildir delivery rules). */
static enum send_status maildir_send(struct sender *base, const struct outbox_row *m,
				     int64_t now, char *err, size_t n)
{
	struct maildir_sender *s = (struct maildir_sender *)base;
	char msgid[320], name[256], tmp[4096], dst[4096];
	outbox_message_id(m, s->from, msgid, sizeof(msgid));
	struct timeval tv;
	gettimeofday(&tv, NULL);
	snprintf(name, sizeof(name), "%lld.M%ldP%dQ%" PRId64 ".%s", (long long)tv.tv_sec,
		 (long)tv.tv_usec, (int)getpid(), m->id, s->host);
	if (snprintf(tmp, sizeof(tmp), "%s/tmp/%s", s->dir, name) >= (int)sizeof(tmp) ||
	    snprintf(dst, sizeof(dst), "%s/new/%s", s->dir, name) >= (int)sizeof(dst)) {
		snprintf(err, n, "maildir path too long");
		return SEND_PERMANENT;
	}
	struct buf b = BUF_INIT;
	mail_format(&b, now, s->from, m->recipient, m->subject, msgid, m->body, true);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	bool ok = fd >= 0 && write_all(fd, b.data, b.len) && fsync(fd) == 0;
	int saved = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, dst) != 0) {
		ok = false;
		saved = errno;
	}
	buf_free(&b);
	if (!ok) {
		if (fd >= 0)
			unlink(tmp);
		snprintf(err, n, "maildir: %s", strerror(saved));
		return SEND_RETRY;
	}
	return SEND_OK;
}

/* Free a maildir sender. */
static void maildir_free(struct sender *base)
{
	struct maildir_sender *s = (struct maildir_sender *)base;
	free(s->dir);
	free(s->from);
	free(s);
}

/* mkdir that accepts an existing folder. */
static bool ensure_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

/* See outbox.h. */
struct sender *sender_maildir_new(const char *dir, const char *from)
{
	char sub[4096];
	bool ok = ensure_dir(dir);
	for (int i = 0; ok && i < 3; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, i == 0 ? "tmp" : i == 1 ? "new" : "cur");
		ok = ensure_dir(sub);
	}
	if (!ok) {
		log_error("maildir %s: %s", dir, strerror(errno));
		return NULL;
	}
	struct maildir_sender *s = xcalloc(1, sizeof(*s));
	s->base.name = "maildir";
	s->base.send = maildir_send;
	s->base.free = maildir_free;
	s->dir = xstrdup(dir);
	s->from = xstrdup(from);
	if (gethostname(s->host, sizeof(s->host)) != 0 || !s->host[0])
		snprintf(s->host, sizeof(s->host), "localhost");
	s->host[sizeof(s->host) - 1] = '\0';
	for (char *p = s->host; *p; p++)	/* '/' and ':' are not allowed in the name */
		if (*p == '/' || *p == ':')
			*p = '_';
	return &s->base;
}

struct smslog_sender {
	struct sender base;
	char *path;
};

/* Append one line (a single write on an O_APPEND file: lines of concurrent writers do not
 * interleave), then fsync. */
static enum send_status smslog_send(struct sender *base, const struct outbox_row *m,
				    int64_t now, char *err, size_t n)
{
	struct smslog_sender *s = (struct smslog_sender *)base;
	struct buf b = BUF_INIT;
	sms_log_line(&b, now, m->recipient, m->body);
	int fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	bool ok = fd >= 0 && write_all(fd, b.data, b.len) && fsync(fd) == 0;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	buf_free(&b);
	if (!ok) {
		snprintf(err, n, "sms log: %s", strerror(saved));
		return SEND_RETRY;
	}
	return SEND_OK;
}

/* Free an SMS log sender. */
static void smslog_free(struct sender *base)
{
	struct smslog_sender *s = (struct smslog_sender *)base;
	free(s->path);
	free(s);
}

/* See outbox.h. */
struct sender *sender_smslog_new(const char *path)
{
	struct smslog_sender *s = xcalloc(1, sizeof(*s));
	s->base.name = "sms-log";
	s->base.send = smslog_send;
	s->base.free = smslog_free;
	s->path = xstrdup(path);
	return &s->base;
}
