/* notify.c - who a dossier's messages go to, and queueing them inside the event's
 * transaction. */
#include "motcua/notify.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/outbox_store.h"

/* Whether s is one plausible address: local@domain, printable ASCII or UTF-8, no spaces,
 * no controls, no second '@', no angle brackets, commas or quotes (header safety). */
static bool email_ok(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len < 3 || len >= 255)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f || strchr("<>,;:\"()[]\\", c))
			return false;
	}
	return true;
}

/* Normalise a phone number into out: an optional leading '+', then 8 to 15 digits, with
 * spaces, dots and dashes dropped. false (out "") when s is not one. */
static bool phone_norm(const char *s, char out[32])
{
	size_t k = 0, digits = 0;
	out[0] = '\0';
	if (!s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '+' && k == 0)
			out[k++] = '+';
		else if (*p >= '0' && *p <= '9') {
			if (++digits > 15)
				return out[0] = '\0', false;
			out[k++] = *p;
		} else if (*p != ' ' && *p != '.' && *p != '-')
			return out[0] = '\0', false;
	}
	out[k] = '\0';
	if (digits < 8)
		return out[0] = '\0', false;
	return true;
}

/* The language named s, or -1. */
static int lang_of(const char *s)
{
	if (s && !strcmp(s, "en"))
		return NOTIFY_EN;
	if (s && !strcmp(s, "vi"))
		return NOTIFY_VI;
	return -1;
}

/* See notify.h. */
void notify_pick(const char *applicant_json, bool has_owner, const char *owner_email,
		 const char *owner_phone, const char *owner_lang, struct notify_recipient *r)
{
	memset(r, 0, sizeof(*r));
	r->lang = NOTIFY_VI;
	json_t *a = applicant_json ? json_loads(applicant_json, 0, NULL) : NULL;
	const char *a_email = json_string_value(json_object_get(a, "email"));
	const char *a_phone = json_string_value(json_object_get(a, "phone"));
	const char *a_lang = json_string_value(json_object_get(a, "lang"));
	if (has_owner && email_ok(owner_email))
		snprintf(r->email, sizeof(r->email), "%s", owner_email);
	else if (email_ok(a_email))
		snprintf(r->email, sizeof(r->email), "%s", a_email);
	if (!(has_owner && phone_norm(owner_phone, r->phone)))
		phone_norm(a_phone, r->phone);
	int l = has_owner ? lang_of(owner_lang) : -1;
	if (l < 0)
		l = lang_of(a_lang);
	r->lang = l < 0 ? NOTIFY_VI : (enum notify_lang)l;
	json_decref(a);
}

/* An amount of VND as the language writes it: "50.000 đồng" / "50,000 VND". */
static void format_amount(int64_t amount, enum notify_lang lang, char out[48])
{
	char digits[24], grouped[40];
	snprintf(digits, sizeof(digits), "%" PRId64, amount < 0 ? -amount : amount);
	size_t len = strlen(digits), k = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[k++] = lang == NOTIFY_EN ? ',' : '.';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	snprintf(out, 48, "%s%s %s", amount < 0 ? "-" : "", grouped,
		 lang == NOTIFY_EN ? "VND" : "đồng");
}

/* The local date of instant t as dd/mm/yyyy into out, or "" when t is 0. */
static const char *date_or_empty(int64_t t, char out[11])
{
	out[0] = '\0';
	if (t > 0)
		format_dmy(local_day(t), out);
	return out;
}

/* See notify.h. */
enum err notify_queue(struct db *db, const struct notify_templates *t, int64_t dossier_id,
		      int64_t event_id, enum event_kind k, const struct notify_facts *f,
		      int64_t now)
{
	struct outbox_contact c;
	enum err err = outbox_store_contact(db, dossier_id, &c);
	if (err != E_OK)
		return err;
	struct notify_recipient r;
	notify_pick(c.applicant, c.has_owner, c.owner_email, c.owner_phone, c.owner_lang, &r);
	if (!r.email[0] && !r.phone[0]) {
		outbox_contact_free(&c);
		return E_OK;
	}
	json_t *a = json_loads(c.applicant, 0, NULL);
	char due[11], deadline[11], promised[11], amount[48] = "";
	if (f->amount > 0)
		format_amount(f->amount, r.lang, amount);
	const char *vars[NV__MAX] = {
		[NV_NAME] = json_string_value(json_object_get(a, "name")),
		[NV_CODE] = f->code,
		[NV_PROCEDURE] = c.procedure,
		[NV_UNIT] = c.unit,
		[NV_DUE] = date_or_empty(f->due_at, due),
		[NV_DEADLINE] = date_or_empty(f->deadline, deadline),
		[NV_ITEMS] = f->items,
		[NV_REASON] = f->reason,
		[NV_AMOUNT] = amount,
		[NV_PROMISED] = date_or_empty(f->promised_at, promised),
		[NV_TRACKING] = f->tracking,
	};
	struct notify_text text;
	err = notify_render(t, k, r.lang, vars, &text);
	struct outbox_new m = { .dossier_id = dossier_id, .event_id = event_id,
				.lang = outbox_lang_names[r.lang], .now = now };
	if (err == E_OK && r.email[0]) {
		m.channel = OUTBOX_EMAIL;
		m.recipient = r.email;
		m.subject = buf_str(&text.subject);
		m.body = buf_str(&text.body);
		err = outbox_store_insert(db, &m);
	}
	if (err == E_OK && r.phone[0]) {
		m.channel = OUTBOX_SMS;
		m.recipient = r.phone;
		m.subject = "";
		m.body = buf_str(&text.sms);
		err = outbox_store_insert(db, &m);
	}
	notify_text_free(&text);
	json_decref(a);
	outbox_contact_free(&c);
	return err == E_NOTFOUND ? E_OK : err;
}
