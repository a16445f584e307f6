/* notify_admin.h - the notification templates as the administrator edits them on
 * /quan-tri/cai-dat/thong-bao (issue 10 §6, docs/accountability.md): per event and language,
 * the file's text or the saved override, placeholders checked, a preview with a sample
 * dossier, saved and reset inside a transaction that records admin_audit. */
#ifndef MOTCUA_NOTIFY_ADMIN_H
#define MOTCUA_NOTIFY_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define NOTIFY_SUBJECT_MAX 200	/* bytes of the subject line */
#define NOTIFY_SMS_MAX 480	/* bytes of the SMS line (a few SMS parts) */
#define NOTIFY_BODY_MAX 8000	/* bytes of the email body */

/* One template's three parts (owned; notify_parts_free). */
struct notify_parts {
	char *subject, *sms, *body;
};
void notify_parts_free(struct notify_parts *p);

/* The events that notify, with both languages: [{"event","langs": [{"lang","overridden"}]}].
 * E_DB. */
enum err notify_admin_list(struct db *db, json_t **out);

/* The current text of lang/event (the override, else the file under dir): *out, and
 * *overridden. E_NOTFOUND for an unknown lang or event (or one that does not notify), E_IO
 * when the file cannot be read, E_DB. */
enum err notify_admin_get(struct db *db, const char *dir, const char *lang, const char *event,
			  struct notify_parts *out, bool *overridden);

/* Check typed parts: which part is wrong (*part: "subject", "sms", "body") and the first
 * unknown placeholder (bad, size n: "{{ten}}"), or an empty or multi-line subject/SMS
 * (bad = ""). E_OK or E_INVALID. */
enum err notify_admin_check(const struct notify_parts *p, const char **part, char *bad,
			    size_t n);

/* The parts rendered with a sample dossier (in lang: "vi" or "en"): {"subject","sms","body"}. */
json_t *notify_admin_preview(const char *lang, const struct notify_parts *p);

/* Save p as the override of lang/event for admin actor_id (checked first: E_INVALID as
 * notify_admin_check), with an admin_audit row "setting.notify" (before: the previous text,
 * after: the new one) in the same transaction. E_NOTFOUND as notify_admin_get, E_DB. */
enum err notify_admin_save(struct db *db, const char *dir, int64_t actor_id, const char *lang,
			   const char *event, const struct notify_parts *p);

/* Drop the override (back to the file's text), recorded as "setting.notify.reset"; nothing
 * (and E_OK) when there is none. */
enum err notify_admin_reset(struct db *db, const char *dir, int64_t actor_id, const char *lang,
			    const char *event);

#endif
