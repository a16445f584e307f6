/* notify.h - notifications of dossier events (issue 7 item 7, docs/notifications.md):
 * the templates under templates/notify/<lang>/<event>.txt, rendering them, choosing the
 * recipients, and queueing an email and an SMS in the outbox inside the event's transaction
 * (the engine calls notify_queue from dossier_apply for live events only). */
#ifndef MOTCUA_NOTIFY_H
#define MOTCUA_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/buf.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* Languages of messages: index into outbox_lang_names ("vi", "en"). */
enum notify_lang { NOTIFY_VI, NOTIFY_EN, NOTIFY_LANG__MAX };

/* The values a template may quote as {{name}}. Never the lookup secret. */
enum notify_var {
	NV_NAME,	/* applicant's name */
	NV_CODE,	/* dossier code */
	NV_PROCEDURE,	/* procedure name */
	NV_UNIT,	/* unit name */
	NV_DUE,		/* due date dd/mm/yyyy */
	NV_DEADLINE,	/* supplement window end dd/mm/yyyy */
	NV_ITEMS,	/* what is missing */
	NV_REASON,	/* reason given by staff */
	NV_AMOUNT,	/* amount to pay, formatted */
	NV_PROMISED,	/* apology: new promised date */
	NV_TRACKING,	/* postal tracking number */
	NV__MAX
};
/* The names as written in templates ("name", "code", ...). */
extern const char *const notify_var_names[NV__MAX];

struct notify_templates;

/* Whether an event concerns the applicant (queues messages): every event but assign,
 * transfer and rate. */
bool notify_concerns(enum event_kind k);

/* Load templates/notify from dir: for every event that concerns the applicant, the files
 * dir/vi/<event>.txt and dir/en/<event>.txt, each "Subject: ...\nSMS: ...\n\nbody". E_IO when
 * a file is missing, E_INVALID when one has no Subject or SMS line, or quotes an unknown
 * {{name}}; why (size n) says which. *out: caller frees with notify_templates_free. */
enum err notify_templates_load(const char *dir, struct notify_templates **out, char *why,
			       size_t n);
void notify_templates_free(struct notify_templates *t);
/* notify_templates_load, then each template the administrator edited (notify_overrides,
 * /quan-tri/cai-dat/thong-bao) replaces the file's (db NULL = files only). E_INVALID for a
 * malformed override (why says which), E_DB. */
enum err notify_templates_load_db(const char *dir, struct db *db, struct notify_templates **out,
				  char *why, size_t n);
/* Whether every {{name}}, {{#name}} and {{/name}} of text names a value of notify_var_names;
 * bad (size n, may be NULL) receives the first that does not ("{{ten}}"). */
bool notify_names_known(const char *text, char *bad, size_t n);
/* Split a template's text ("Subject: ...\nSMS: ...\n\nbody") into its parts (caller frees
 * each), checking it as the loader does; false with why (size n) when malformed. */
bool notify_template_split(const char *text, char **subject, char **sms, char **body,
			   char *why, size_t n);

/* A rendered message: subject (email), sms (one line) and body (email). */
struct notify_text {
	struct buf subject, sms, body;
};
/* Render the templates of event k in language lang with vars (NULL values render empty).
 * E_NOTFOUND when k does not concern the applicant. out is initialised here; free it with
 * notify_text_free. */
enum err notify_render(const struct notify_templates *t, enum event_kind k,
		       enum notify_lang lang, const char *const vars[NV__MAX],
		       struct notify_text *out);
void notify_text_free(struct notify_text *out);

/* Append text with every {{name}} of vars substituted (unknown names render empty). A section
 * {{#name}}...{{/name}} (not nested) is kept only when name's value is not empty. */
void notify_substitute(struct buf *out, const char *text, const char *const vars[NV__MAX]);

/* Recipients of a dossier's messages ("" when there is none for a channel). */
struct notify_recipient {
	char email[256];
	char phone[32];
	enum notify_lang lang;
};
/* Choose them: the owner account's email, phone and language first (has_owner), the
 * applicant JSON's "email", "phone" and "lang" for what the account lacks or when there is
 * no owner. An email must be one address (local@domain, no spaces or controls, < 255 bytes);
 * a phone is 8 to 15 digits after an optional "+", spaces, dots and dashes dropped;
 * anything else counts as none. */
void notify_pick(const char *applicant_json, bool has_owner, const char *owner_email,
		 const char *owner_phone, const char *owner_lang, struct notify_recipient *r);

/* Facts of the event the templates quote (borrowed; 0/NULL when not applicable). */
struct notify_facts {
	const char *code;
	int64_t due_at, deadline, promised_at, amount;
	const char *items, *reason, *tracking;
};

/* Queue the messages of event event_id (kind k) of dossier_id: one email when there is an
 * address, one SMS when there is a phone, in the recipient's language, created at now.
 * Runs inside the caller's transaction; an error means the caller must roll back. E_DB. */
enum err notify_queue(struct db *db, const struct notify_templates *t, int64_t dossier_id,
		      int64_t event_id, enum event_kind k, const struct notify_facts *f,
		      int64_t now);

#endif
