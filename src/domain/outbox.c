/* outbox.c - delivering the outbox: backoff, one pass over due messages, the sender settings
 * and the delivery thread of `motcua serve`. */
#include "motcua/outbox.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

/* See outbox.h. */
void outbox_policy_default(struct outbox_policy *p)
{
	p->base_s = 60;
	p->cap_s = 6 * 3600;
	p->lease_s = 300;
	p->max_attempts = 10;
}

/* See outbox.h. */
int64_t outbox_backoff(const struct outbox_policy *p, int attempts)
{
	int64_t d = p->base_s > 0 ? p->base_s : 1;
	for (int k = 1; k < attempts && d < p->cap_s; k++)
		d *= 2;
	return d < p->cap_s ? d : p->cap_s;
}

/* See outbox.h. */
enum err outbox_deliver(struct db *db, const struct clock *clk, const struct outbox_policy *p,
			struct sender *const senders[OUTBOX_CHANNEL__MAX], int max,
			struct outbox_tally *t)
{
	struct outbox_tally dummy;
	if (!t)
		t = &dummy;
	memset(t, 0, sizeof(*t));
	for (int done = 0; !max || done < max; done++) {
		int64_t now = clock_now(clk);
		struct outbox_row m;
		enum err e = outbox_store_claim(db, now, now + p->lease_s, &m);
		if (e == E_NOTFOUND)
			return E_OK;
		if (e != E_OK)
			return e;
		struct sender *s = (unsigned)m.channel < OUTBOX_CHANNEL__MAX ? senders[m.channel] : NULL;
		if (!s) {	/* left queued; the lease keeps it out of this pass */
			outbox_row_free(&m);
			continue;
		}
		char why[512] = "";
		enum send_status st = s->send(s, &m, now, why, sizeof(why));
		now = clock_now(clk);
		if (st == SEND_OK) {
			e = outbox_store_sent(db, m.id, now);
			t->sent++;
		} else {
			int attempts = m.attempts + 1;
			bool for_good = st == SEND_PERMANENT || attempts >= p->max_attempts;
			e = outbox_store_attempt_failed(db, m.id, attempts, why, for_good,
							for_good ? now : now + outbox_backoff(p, attempts));
			if (for_good)
				t->failed++;
			else
				t->retried++;
			log_warn("outbox: message %lld (%s to dossier %s) attempt %d %s: %s",
				 (long long)m.id, outbox_channel_name(m.channel), m.code, attempts,
				 for_good ? "failed for good" : "will be retried", why);
		}
		outbox_row_free(&m);
		if (e != E_OK)
			return e;
	}
	return E_OK;
}

/* See outbox.h. */
void outbox_settings_default(struct outbox_settings *s)
{
	s->mail = "maildir";
	s->mail_from = "no-reply@motcua.local";
	s->mail_dir = NULL;
	s->sms_log = NULL;
	s->starttls = false;
	s->poll_s = 5;
}

/* name beside the database file at db_path into out. */
static void beside(const char *db_path, const char *name, char *out, size_t n)
{
	const char *slash = strrchr(db_path, '/');
	if (slash)
		snprintf(out, n, "%.*s/%s", (int)(slash - db_path), db_path, name);
	else
		snprintf(out, n, "%s", name);
}

/* See outbox.h. */
enum err outbox_senders_open(const struct outbox_settings *s, const char *db_path,
			     struct sender *out[OUTBOX_CHANNEL__MAX], char *why, size_t n)
{
	char dir[4096], sms[4096];
	out[OUTBOX_EMAIL] = out[OUTBOX_SMS] = NULL;
	bool smtp = !strncmp(s->mail, "smtp://", 7) || !strncmp(s->mail, "smtps://", 8);
	if (!smtp && strcmp(s->mail, "maildir")) {
		snprintf(why, n, "--mail must be 'maildir' or smtp://host:port, not '%s'", s->mail);
		return E_INVALID;
	}
	if (!strchr(s->mail_from, '@') || strpbrk(s->mail_from, " <>\r\n")) {
		snprintf(why, n, "--mail-from must be a bare address such as no-reply@example.vn");
		return E_INVALID;
	}
	if (smtp) {
		out[OUTBOX_EMAIL] = sender_smtp_new(s->mail, s->mail_from, getenv("MOTCUA_SMTP_USER"),
						    getenv("MOTCUA_SMTP_PASSWORD"), s->starttls, 30);
	} else {
		if (s->mail_dir)
			snprintf(dir, sizeof(dir), "%s", s->mail_dir);
		else
			beside(db_path, "mail", dir, sizeof(dir));
		if (!(out[OUTBOX_EMAIL] = sender_maildir_new(dir, s->mail_from))) {
			snprintf(why, n, "cannot use the maildir %s", dir);
			return E_IO;
		}
	}
	if (s->sms_log)
		snprintf(sms, sizeof(sms), "%s", s->sms_log);
	else
		beside(db_path, "sms.log", sms, sizeof(sms));
	out[OUTBOX_SMS] = sender_smslog_new(sms);
	return E_OK;
}

struct outbox_thread {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct db *db;
	struct sender *senders[OUTBOX_CHANNEL__MAX];
	struct outbox_policy policy;
	int64_t poll_s;
};

/* The thread: a pass, then sleep poll_s or until told to stop. */
static void *outbox_thread_main(void *arg)
{
	struct outbox_thread *t = arg;
	struct clock clk = { 0 };
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		pthread_mutex_unlock(&t->mu);
		struct outbox_tally tally;
		/* At most 50 per pass so that a stop request is seen within one batch. */
		if (outbox_deliver(t->db, &clk, &t->policy, t->senders, 50, &tally) != E_OK)
			log_warn("outbox: delivery pass failed; retrying in %llds",
				 (long long)t->poll_s);
		else if (tally.sent || tally.retried || tally.failed)
			log_info("outbox: %d sent, %d to retry, %d failed", tally.sent, tally.retried,
				 tally.failed);
		pthread_mutex_lock(&t->mu);
		if (t->stop || tally.sent + tally.retried + tally.failed == 50)
			continue;	/* more may be due: no sleep */
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += t->poll_s;
		while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

/* See outbox.h. */
struct outbox_thread *outbox_thread_start(const char *db_path,
					  struct sender *senders[OUTBOX_CHANNEL__MAX],
					  const struct outbox_policy *p, int64_t poll_s)
{
	struct outbox_thread *t = xcalloc(1, sizeof(*t));
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		t->senders[i] = senders[i];
	t->policy = *p;
	t->poll_s = poll_s > 0 ? poll_s : 5;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&t->mu, NULL);
	if (db_open(db_path, &t->db) != E_OK || pthread_create(&t->tid, NULL, outbox_thread_main, t)) {
		log_error("outbox: cannot start the delivery thread");
		db_close(t->db);
		for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
			sender_free(t->senders[i]);
		pthread_cond_destroy(&t->cv);
		pthread_mutex_destroy(&t->mu);
		free(t);
		return NULL;
	}
	return t;
}

/* See outbox.h. */
void outbox_thread_stop(struct outbox_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->tid, NULL);
	db_close(t->db);
	for (int i = 0; i < OUTBOX_CHANNEL__MAX; i++)
		sender_free(t->senders[i]);
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
	free(t);
}
