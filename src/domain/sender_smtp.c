/* sender_smtp.c - emails through an SMTP server with libcurl (STARTTLS when required). */
#include "motcua/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "motcua/mailfmt.h"
#include "motcua/xalloc.h"

struct smtp_sender {
	struct sender base;	/* first: the sender is freed through it */
	char *url, *from, *user, *password;
	bool starttls;
	long timeout_s;
};

/* The message being uploaded and how much of it curl has read. */
struct upload {
	const char *data;
	size_t len, off;
};

/* CURLOPT_READFUNCTION: hand curl the next piece of the message. */
static size_t read_cb(char *dst, size_t size, size_t nitems, void *ctx)
{
	struct upload *u = ctx;
	size_t room = size * nitems, left = u->len - u->off;
	size_t n = left < room ? left : room;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

/* One SMTP transaction for m. */
static enum send_status smtp_send(struct sender *base, const struct outbox_row *m, int64_t now,
				  char *err, size_t n)
{
	struct smtp_sender *s = (struct smtp_sender *)base;
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, n, "smtp: curl_easy_init failed");
		return SEND_RETRY;
	}
	char msgid[320], from[300], rcpt[300], ebuf[CURL_ERROR_SIZE] = "";
	outbox_message_id(m, s->from, msgid, sizeof(msgid));
	snprintf(from, sizeof(from), "<%s>", s->from);
	snprintf(rcpt, sizeof(rcpt), "<%s>", m->recipient);
	struct buf msg = BUF_INIT;
	mail_format(&msg, now, s->from, m->recipient, m->subject, msgid, m->body, false);
	struct upload u = { msg.data, msg.len, 0 };
	struct curl_slist *to = curl_slist_append(NULL, rcpt);
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);	/* called from the delivery thread */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if (s->starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(to);
	curl_easy_cleanup(c);
	buf_free(&msg);
	if (rc == CURLE_OK)
		return SEND_OK;
	snprintf(err, n, "smtp: %s%s%s (reply %ld)", curl_easy_strerror(rc), ebuf[0] ? ": " : "",
		 ebuf, code);
	return code >= 500 && code < 600 ? SEND_PERMANENT : SEND_RETRY;
}

/* Free an SMTP sender. */
static void smtp_free(struct sender *base)
{
	struct smtp_sender *s = (struct smtp_sender *)base;
	free(s->url);
	free(s->from);
	free(s->user);
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	free(s);
}

/* See outbox.h. */
struct sender *sender_smtp_new(const char *url, const char *from, const char *user,
			       const char *password, bool starttls, long timeout_s)
{
	static bool inited;
	if (!inited) {	/* not thread-safe: senders are made by the main thread at start-up */
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = true;
	}
	struct smtp_sender *s = xcalloc(1, sizeof(*s));
	s->base.name = "smtp";
	s->base.send = smtp_send;
	s->base.free = smtp_free;
	s->url = xstrdup(url);
	s->from = xstrdup(from);
	s->user = user && *user ? xstrdup(user) : NULL;
	s->password = password ? xstrdup(password) : NULL;
	s->starttls = starttls;
	s->timeout_s = timeout_s > 0 ? timeout_s : 30;
	return &s->base;
}
