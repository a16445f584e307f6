/* outbox.h - delivering the notification outbox (docs/notifications.md): the sender
 * interface, the built-in senders (maildir, SMS log, SMTP through libcurl), one delivery pass
 * with retries and exponential backoff, and the delivery thread of `motcua serve`. */
#ifndef MOTCUA_OUTBOX_H
#define MOTCUA_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/outbox_store.h"

/* What one attempt gave. */
enum send_status {
	SEND_OK,	/* handed over: the message is sent */
	SEND_RETRY,	/* temporary failure (server down, 4xx): try again later */
	SEND_PERMANENT,	/* refused for good (5xx, bad address): failed now */
};

/* A way to send messages of one channel. send() delivers m at instant now and, on failure,
 * writes a short operator-facing reason into err (size n). free() releases the sender. */
struct sender {
	const char *name;
	enum send_status (*send)(struct sender *s, const struct outbox_row *m, int64_t now,
				 char *err, size_t n);
	void (*free)(struct sender *s);
};
/* The Message-ID of m without brackets, stable across retries:
 * "motcua.<id>.<created_at>@<domain of from>". */
void outbox_message_id(const struct outbox_row *m, const char *from, char *out, size_t n);
/* Free a sender (NULL allowed). */
void sender_free(struct sender *s);

/* Emails as RFC 5322 files in the maildir dir (dir/tmp, dir/new and dir/cur are created when
 * missing; each message is written to tmp/, synced, then renamed into new/). from is the
 * sender address (copied). NULL when the folders cannot be made (logged). */
struct sender *sender_maildir_new(const char *dir, const char *from);
/* SMS as one line each appended to the file path (created 0640 when missing). */
struct sender *sender_smslog_new(const char *path);
/* Emails through an SMTP server: url "smtp://host:port" (or "smtps://"), from address,
 * user/password (NULL: no authentication), starttls: require STARTTLS (the transfer fails
 * when the server does not offer it), timeout_s for connecting and for the whole transfer.
 * Codes: 2xx sent, 4xx and connection failures retried, 5xx failed for good. */
struct sender *sender_smtp_new(const char *url, const char *from, const char *user,
			       const char *password, bool starttls, long timeout_s);

/* Retry schedule: after the k-th failed attempt (k >= 1) the next one waits
 * min(base_s * 2^(k-1), cap_s); after max_attempts failures the message is failed for good.
 * lease_s: how long a claimed message is left alone while it is sent. */
struct outbox_policy {
	int64_t base_s, cap_s, lease_s;
	int max_attempts;
};
/* Defaults: base 60 s, cap 6 h, 10 attempts, lease 300 s. */
void outbox_policy_default(struct outbox_policy *p);
/* Seconds to wait after the attempts-th failure (attempts >= 1). */
int64_t outbox_backoff(const struct outbox_policy *p, int attempts);

/* Counts of one delivery pass. */
struct outbox_tally {
	int sent, retried, failed;
};
/* Send every message due at clock_now(clk) (oldest due first; at most max, 0: no limit)
 * through senders[channel] and record each result: sent (time), or attempts + last error and
 * either a retry after outbox_backoff or failed for good. A channel without a sender is left
 * queued. *t (may be NULL) receives the counts. E_DB when the outbox cannot be read or
 * written. */
enum err outbox_deliver(struct db *db, const struct clock *clk, const struct outbox_policy *p,
			struct sender *const senders[OUTBOX_CHANNEL__MAX], int max,
			struct outbox_tally *t);

/* Where and how to send, from the command line (serve, outbox deliver). */
struct outbox_settings {
	const char *mail;	/* "maildir" (default) or smtp://host:port, smtps://host:port */
	const char *mail_from;	/* From address */
	const char *mail_dir;	/* maildir folder; NULL: "mail" beside the database */
	const char *sms_log;	/* SMS log file; NULL: "sms.log" beside the database */
	bool starttls;		/* SMTP: require STARTTLS */
	int64_t poll_s;		/* delivery thread: seconds between passes */
};
void outbox_settings_default(struct outbox_settings *s);
/* Make the senders of s for the database at db_path (SMTP credentials from the environment:
 * MOTCUA_SMTP_USER, MOTCUA_SMTP_PASSWORD). E_INVALID with why when mail is neither
 * "maildir" nor an smtp URL, E_IO when a folder cannot be made. Free each with sender_free. */
enum err outbox_senders_open(const struct outbox_settings *s, const char *db_path,
			     struct sender *out[OUTBOX_CHANNEL__MAX], char *why, size_t n);

/* The delivery thread: its own connection to db_path, a pass every poll_s seconds (and at
 * once when started), until outbox_thread_stop, which wakes it, lets the message being sent
 * finish, joins it and frees the senders. The senders are taken over (freed also when the
 * thread cannot start: NULL). */
struct outbox_thread;
struct outbox_thread *outbox_thread_start(const char *db_path,
					  struct sender *senders[OUTBOX_CHANNEL__MAX],
					  const struct outbox_policy *p, int64_t poll_s);
void outbox_thread_stop(struct outbox_thread *t);

#endif
