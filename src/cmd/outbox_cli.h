/* outbox_cli.h - the delivery options shared by `motcua serve` and `motcua outbox deliver`
 * (struct outbox_settings and struct outbox_policy of outbox.h). */
#ifndef MOTCUA_OUTBOX_CLI_H
#define MOTCUA_OUTBOX_CLI_H

#include "motcua/cli.h"
#include "motcua/outbox.h"

/* cli_opt entries for settings st and retry numbers base, cap, max (int64_t). */
#define OUTBOX_CLI_OPTS(st, base, cap, max)                                                    \
	{ "mail", "MOTCUA_MAIL", CLI_STR, &(st).mail, 0, 0,                                    \
	  "email sender: maildir (default) or smtp://host:port (credentials: MOTCUA_SMTP_USER, " \
	  "MOTCUA_SMTP_PASSWORD)" },                                                           \
	{ "mail-from", "MOTCUA_MAIL_FROM", CLI_STR, &(st).mail_from, 0, 0,                     \
	  "From address of notifications" },                                                   \
	{ "mail-dir", "MOTCUA_MAIL_DIR", CLI_STR, &(st).mail_dir, 0, 0,                        \
	  "maildir of notifications (default: mail beside the database)" },                   \
	{ "sms-log", "MOTCUA_SMS_LOG", CLI_STR, &(st).sms_log, 0, 0,                           \
	  "SMS log file (default: sms.log beside the database)" },                            \
	{ "mail-starttls", "MOTCUA_MAIL_STARTTLS", CLI_BOOL, &(st).starttls, 0, 0,             \
	  "SMTP: require STARTTLS" },                                                          \
	{ "outbox-poll", "MOTCUA_OUTBOX_POLL", CLI_INT, &(st).poll_s, 1, 3600,                 \
	  "seconds between delivery passes" },                                                 \
	{ "retry-base", "MOTCUA_RETRY_BASE", CLI_INT, &(base), 1, 86400,                       \
	  "seconds before the first retry (doubling each time)" },                            \
	{ "retry-cap", "MOTCUA_RETRY_CAP", CLI_INT, &(cap), 1, 7 * 86400,                      \
	  "longest wait between retries, s" },                                                 \
	{ "retry-max", "MOTCUA_RETRY_MAX", CLI_INT, &(max), 1, 100,                            \
	  "attempts before a message is failed for good" }

#endif
