/* register.c - registration of citizens and organisations: field checks, the account, its
 * first session and the email confirmation link, in one transaction. */
#include "motcua/register.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/auth.h"
#include "motcua/buf.h"
#include "motcua/log.h"
#include "motcua/outbox_store.h"
#include "motcua/text.h"

const char *const reg_field_names[RF__MAX] = {
	[RF_KIND] = "kind",		[RF_NAME] = "name",
	[RF_ID_NUMBER] = "id_number",	[RF_TAX_CODE] = "tax_code",
	[RF_PHONE] = "phone",		[RF_EMAIL] = "email",
	[RF_PASSWORD] = "password",	[RF_CONFIRM] = "confirm",
};

/* True when s is NULL or empty. */
static bool blank(const char *s)
{
	return !s || !*s;
}

/* Set e's message of field f to key unless it has one. */
static void set(struct reg_errors *e, enum reg_field f, const char *key)
{
	if (!e->key[f])
		e->key[f] = key;
}

/* The message key of a citizen ID number check. */
static const char *cccd_key(enum cccd_result r)
{
	switch (r) {
	case CCCD_OK:
		return NULL;
	case CCCD_FORMAT:
		return "register.err.id_format";
	case CCCD_PROVINCE:
		return "register.err.id_province";
	case CCCD_CENTURY:
	case CCCD_YEAR:
		return "register.err.id_birth";
	}
	return "register.err.id_format";
}

/* The message key of a tax code check. */
static const char *taxcode_key(enum taxcode_result r)
{
	switch (r) {
	case TAXCODE_OK:
		return NULL;
	case TAXCODE_FORMAT:
		return "register.err.tax_format";
	case TAXCODE_CHECK:
		return "register.err.tax_check";
	case TAXCODE_BRANCH:
		return "register.err.tax_branch";
	}
	return "register.err.tax_format";
}

/* See register.h. */
bool register_validate(const struct registration *r, const struct pwlist *common,
		       int this_year, struct reg_errors *e)
{
	if ((unsigned)r->kind >= ACCOUNT_KIND__MAX)
		set(e, RF_KIND, "register.err.kind");
	if (blank(r->name))
		set(e, RF_NAME, "register.err.name_missing");
	else if (utf8_length(r->name, strlen(r->name)) > REGISTER_NAME_MAX)
		set(e, RF_NAME, "register.err.name_long");
	if (r->kind == ACCOUNT_PERSON) {
		if (blank(r->id_number))
			set(e, RF_ID_NUMBER, "register.err.id_missing");
		else if (cccd_key(cccd_check(r->id_number, this_year)))
			set(e, RF_ID_NUMBER, cccd_key(cccd_check(r->id_number, this_year)));
	} else if (r->kind == ACCOUNT_ORGANISATION) {
		if (blank(r->tax_code))
			set(e, RF_TAX_CODE, "register.err.tax_missing");
		else if (taxcode_key(taxcode_check(r->tax_code)))
			set(e, RF_TAX_CODE, taxcode_key(taxcode_check(r->tax_code)));
	}
	if (blank(r->phone))
		set(e, RF_PHONE, "register.err.phone_missing");
	if (blank(r->email))
		set(e, RF_EMAIL, "register.err.email_missing");
	const char *pw = r->password ? r->password : "";
	size_t len = strlen(pw);
	if (len > PASSWORD_MAX || !utf8_valid(pw, len) || utf8_length(pw, len) < PASSWORD_MIN)
		set(e, RF_PASSWORD, "register.err.password_short");
	else if (pwlist_contains(common, pw))
		set(e, RF_PASSWORD, "register.err.password_common");
	if (!e->key[RF_PASSWORD] && strcmp(pw, r->confirm ? r->confirm : ""))
		set(e, RF_CONFIRM, "register.err.confirm_mismatch");
	for (int f = 0; f < RF__MAX; f++)
		if (e->key[f])
			return false;
	return true;
}

/* Append text to out with "{name}" and "{link}" replaced. */
static void fill(struct buf *out, const char *text, const char *name, const char *link)
{
	for (const char *p = text ? text : ""; *p;) {
		if (!strncmp(p, "{name}", 6)) {
			buf_puts(out, name);
			p += 6;
		} else if (!strncmp(p, "{link}", 6)) {
			buf_puts(out, link);
			p += 6;
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* Append an audit row, logging (not failing) when it cannot be written. */
static void audit(struct db *db, int64_t now, enum signin_event kind, const char *username,
		  int64_t user_id, const struct register_request *rq)
{
	if (signin_audit_add(db, now, kind, username, user_id, rq->client ? rq->client : "",
			     rq->user_agent ? rq->user_agent : "") != E_OK)
		log_error("sign-in audit: %s row not written", signin_event_name(kind));
}

/* Queue the confirmation link of account id: token into out, its hash and its email. */
static enum err queue_link(struct db *db, const struct register_request *rq, int64_t id,
			   const char *email, int64_t now, struct register_outcome *out)
{
	unsigned char raw[32], hash[CONFIRM_HASH_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out->confirm_token, sizeof(out->confirm_token), raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	enum err e = confirm_store_add(db, id, hash, email, now, now + CONFIRM_VALID_S);
	if (e != E_OK)
		return e;
	struct buf link = { 0 }, subject = { 0 }, body = { 0 };
	buf_printf(&link, "%s/xac-nhan-email?token=%s", rq->base_url ? rq->base_url : "",
		   out->confirm_token);
	fill(&subject, rq->mail_subject, rq->reg.name, buf_str(&link));
	fill(&body, rq->mail_body, rq->reg.name, buf_str(&link));
	struct outbox_new m = { .channel = OUTBOX_EMAIL, .recipient = email,
				.lang = rq->reg.lang ? rq->reg.lang : "vi",
				.subject = buf_str(&subject), .body = buf_str(&body), .now = now };
	e = outbox_store_insert_account(db, OUTBOX_CONFIRM_EMAIL, id, &m);
	buf_free(&link);
	buf_free(&subject);
	buf_free(&body);
	return e;
}

/* See register.h. */
enum register_result account_register(struct accounts *acc, struct db *db,
				      const struct clock *c, const struct register_request *rq,
				      struct register_outcome *out)
{
	memset(out, 0, sizeof(*out));
	const struct registration *r = &rq->reg;
	bool org = r->kind == ACCOUNT_ORGANISATION;
	const char *username = org ? r->tax_code : r->id_number;
	int64_t now = clock_now(c), n = 0, last = 0;
	if (signin_audit_registrations_by_client(db, rq->client ? rq->client : "",
						 now - acc->policy.registrations.window_s, &n,
						 &last) != E_OK)
		return REG_ERROR;
	int64_t until = throttle_until(&acc->policy.registrations, n, last);
	if (until > now) {
		out->retry_at = until;
		audit(db, now, SE_THROTTLED, username, 0, rq);
		return REG_THROTTLED;
	}
	char *email = strdup(r->email ? r->email : "");
	if (!email)
		abort();
	for (char *p = email; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	struct new_account a = { .kind = r->kind, .username = username, .name = r->name,
				 .id_number = org ? NULL : r->id_number,
				 .tax_code = org ? r->tax_code : NULL, .phone = r->phone,
				 .email = email, .lang = r->lang, .now = now };
	/* A cheap look before hashing; the transaction below looks again. */
	enum account_taken taken = TAKEN_NONE;
	if (register_store_taken(db, &a, &taken) != E_OK) {
		free(email);
		return REG_ERROR;
	}
	char hash[128] = "";
	if (taken == TAKEN_NONE) {
		if (!pwgate_enter(acc->gate)) {
			free(email);
			return REG_BUSY;
		}
		enum err he = auth_password_hash(r->password, hash);
		pwgate_leave(acc->gate);
		if (he != E_OK) {
			free(email);
			return he == E_LIMIT ? REG_BUSY : REG_ERROR;
		}
	}
	a.password_hash = hash;
	now = clock_now(c);
	a.now = now;
	enum err e = db_begin(db);
	if (e == E_OK && taken == TAKEN_NONE)
		e = register_store_taken(db, &a, &taken);
	if (e == E_OK && taken == TAKEN_NONE)
		e = register_store_insert(db, &a, &out->user_id);
	if (e == E_OK && taken == TAKEN_NONE)
		e = session_revoke_token(db, rq->old_token, now);
	if (e == E_OK && taken == TAKEN_NONE)
		e = session_start(db, &acc->policy, c, out->user_id, rq->client, rq->user_agent,
				  out->session, NULL);
	if (e == E_OK && taken == TAKEN_NONE)
		e = queue_link(db, rq, out->user_id, email, now, out);
	if (e == E_OK)
		e = signin_audit_add(db, now, taken == TAKEN_NONE ? SE_REGISTER : SE_REGISTER_REFUSED,
				     username, out->user_id, rq->client ? rq->client : "",
				     rq->user_agent ? rq->user_agent : "");
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	sodium_memzero(hash, sizeof(hash));
	free(email);
	if (e != E_OK) {
		memset(out, 0, sizeof(*out));
		return REG_ERROR;
	}
	if (taken != TAKEN_NONE) {
		out->user_id = 0;
		out->taken = taken == TAKEN_EMAIL ? RF_EMAIL : org ? RF_TAX_CODE : RF_ID_NUMBER;
		return REG_TAKEN;
	}
	accounts_maybe_sweep(acc, db, c);
	return REG_OK;
}

/* See register.h. */
enum err account_confirm_email(struct db *db, const struct clock *c, const char *token,
			       enum confirm_result *r)
{
	*r = CONFIRM_UNKNOWN;
	unsigned char raw[32], hash[CONFIRM_HASH_BYTES];
	size_t n = 0;
	if (!token || strlen(token) != CONFIRM_TOKEN_HEX ||
	    sodium_hex2bin(raw, sizeof(raw), token, CONFIRM_TOKEN_HEX, NULL, &n, NULL) != 0 ||
	    n != sizeof(raw))
		return E_OK;
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	e = confirm_store_use(db, hash, clock_now(c), r);
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	return e;
}

/* See register.h. */
enum err account_email_state(struct db *db, int64_t user_id, char **email,
			     int64_t *confirmed_at)
{
	return register_store_email(db, user_id, email, confirmed_at);
}
