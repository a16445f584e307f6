/* register.h - registration of citizens and organisations (issue 7 item 1, docs/accounts.md
 * "Registration"): the checks of each field, the account made usable at once, and the
 * email confirmation link queued in the outbox in the same transaction. */
#ifndef MOTCUA_REGISTER_H
#define MOTCUA_REGISTER_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/account.h"
#include "motcua/idcheck.h"
#include "motcua/register_store.h"

#define REGISTER_NAME_MAX 100			/* characters of the full name */
#define CONFIRM_TOKEN_HEX 64			/* characters of a confirmation token */
#define CONFIRM_VALID_S (48 * 3600)		/* a confirmation link works this long */

/* The fields of the registration form, in page order. */
enum reg_field {
	RF_KIND,
	RF_NAME,
	RF_ID_NUMBER,
	RF_TAX_CODE,
	RF_PHONE,
	RF_EMAIL,
	RF_PASSWORD,
	RF_CONFIRM,
	RF__MAX
};
/* Form names of the fields ("kind", "name", "id_number", ...), RF__MAX entries. */
extern const char *const reg_field_names[];

/* What was typed (borrowed; NULL or "" when absent). phone arrives normalised by the form
 * layer (FK_PHONE), email checked by it (FK_EMAIL). */
struct registration {
	enum account_kind kind;
	const char *name, *id_number, *tax_code, *phone, *email, *password, *confirm, *lang;
};

/* One message key per field ("register.err.*" in templates/i18n), NULL when it is fine. */
struct reg_errors {
	const char *key[RF__MAX];
};

/* Check every field that has no message yet (the web layer may have set those the form
 * layer refused): name 1..REGISTER_NAME_MAX characters; for a person the citizen ID number
 * (cccd_check, born no later than this_year), for an organisation the tax code
 * (taxcode_check); phone and email present; password PASSWORD_MIN characters to
 * PASSWORD_MAX bytes and not in common; confirm equal to it. True when no field has a
 * message. */
bool register_validate(const struct registration *r, const struct pwlist *common,
		       int this_year, struct reg_errors *e);

/* A registration to carry out (strings borrowed). mail_subject and mail_body are the
 * confirmation email in the account's language; "{name}" and "{link}" in them become the
 * full name and base_url + "/xac-nhan-email?token=" + the token. */
struct register_request {
	struct registration reg;
	const char *client, *user_agent;	/* the throttling key; audit */
	const char *old_token;			/* the browser's session cookie, revoked */
	const char *base_url;			/* public URL without a trailing slash */
	const char *mail_subject, *mail_body;
};

enum register_result {
	REG_OK,		/* account made and signed in: out->session, out->user_id */
	REG_TAKEN,	/* out->taken says which field an existing account holds */
	REG_THROTTLED,	/* too many attempts from the client: out->retry_at */
	REG_BUSY,	/* no hashing slot within the wait: answer 503 */
	REG_ERROR,	/* storage failure (logged) */
};

struct register_outcome {
	int64_t user_id;
	enum reg_field taken;		/* REG_TAKEN: RF_ID_NUMBER, RF_TAX_CODE or RF_EMAIL */
	int64_t retry_at;
	char session[SESSION_TOKEN_HEX + 1];
	char confirm_token[CONFIRM_TOKEN_HEX + 1];	/* the link's token (tests read it) */
};

/* Register rq->reg, which register_validate accepted. Throttled per client (policy
 * registrations; every attempt that reaches the database counts), the password hashed with
 * Argon2id through the gate, then in one transaction: the duplicate check (ID number or tax
 * code, then email), the account (username = the ID number or the tax code, email in lower
 * case), a session (revoking old_token's), the confirmation link (token hash, valid
 * CONFIRM_VALID_S) and its email in the outbox, and the audit row (register or
 * register_refused). */
enum register_result account_register(struct accounts *acc, struct db *db,
				      const struct clock *c, const struct register_request *rq,
				      struct register_outcome *out);

/* Use the confirmation link token (64 hex digits) at the clock's time: CONFIRM_UNKNOWN for a
 * malformed or unknown token; on CONFIRM_OK the account's address is confirmed. E_DB. */
enum err account_confirm_email(struct db *db, const struct clock *c, const char *token,
			       enum confirm_result *r);

/* The email address of account user_id (*email owned by the caller) and when it was
 * confirmed (0 when not). E_NOTFOUND, E_DB. */
enum err account_email_state(struct db *db, int64_t user_id, char **email,
			     int64_t *confirmed_at);

#endif
