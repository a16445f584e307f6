/* portal_rules.c - the citizen's "next" and "can" (docs/citizen.md), the owner check and
 * the masking of message recipients. One small function per rule. */
#include "portal_internal.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/xalloc.h"

/* See portal_internal.h. */
enum err portal_owned(struct db *db, int64_t owner_id, int64_t id, const char *code,
		      struct portal_row *r)
{
	if (owner_id <= 0 || (!code && id <= 0))
		return E_NOTFOUND;
	enum err e = portal_store_get(db, id, code, r);
	if (e != E_OK)
		return e;
	if (r->owner_id != owner_id) {
		portal_row_free(r);
		return E_NOTFOUND;
	}
	return E_OK;
}

/* See portal_internal.h. */
int64_t portal_rule_fee(const struct portal_row *r)
{
	if (r->fee_amount > 0)
		return r->fee_amount;
	return r->status == DS_SUBMITTED ? r->fee_total : 0;
}

/* See portal_internal.h. */
bool portal_rule_pay(const struct portal_row *r)
{
	if (r->status == DS_PAYMENT)
		return true;
	return r->status == DS_SUBMITTED && !strcmp(r->online_level, "full") &&
	       portal_rule_fee(r) > 0 && !r->paid_online;
}

/* See portal_internal.h. */
const char *portal_rule_next(const struct portal_row *r)
{
	if (r->status == DS_DRAFT)
		return "continue_draft";
	if (r->status == DS_SUPPLEMENT)
		return "supplement";
	if (portal_rule_pay(r))
		return "pay";
	if (r->status == DS_RETURNED && !r->rating[0])
		return "rate";
	if (r->status == DS_RESOLVED)
		return "collect";
	return NULL;
}

/* See portal_internal.h. */
bool portal_rule_withdraw(const struct portal_row *r)
{
	switch (r->status) {
	case DS_SUBMITTED:
	case DS_RECEIVED:
	case DS_PROCESSING:
	case DS_SUPPLEMENT:
	case DS_PAYMENT:
		return true;
	default:
		return false;
	}
}

/* See portal_internal.h. */
json_t *portal_rule_can(const struct portal_row *r, bool has_result)
{
	bool draft = r->status == DS_DRAFT;
	bool done = r->status == DS_RESOLVED || r->status == DS_RETURNED;
	return json_pack("{sb sb sb sb sb sb sb sb}", "edit", draft, "submit", draft, "withdraw",
			 portal_rule_withdraw(r), "supplement", r->status == DS_SUPPLEMENT, "pay",
			 portal_rule_pay(r), "rate", r->status == DS_RETURNED && !r->rating[0],
			 "feedback", !draft, "download_result", done && has_result);
}

/* See portal_internal.h. */
char *portal_mask_recipient(const char *recipient)
{
	struct buf b = BUF_INIT;
	const char *at = strchr(recipient, '@');
	size_t n = strlen(recipient);
	if (at) {
		/* first character of the local part, then ***, then the domain */
		if (at > recipient)
			buf_append(&b, recipient, 1);
		buf_puts(&b, "***");
		buf_puts(&b, at);
	} else if (n > 4) {
		/* a phone: the first two and the last two digits */
		buf_append(&b, recipient, 2);
		for (size_t i = 2; i < n - 2; i++)
			buf_putc(&b, '*');
		buf_append(&b, recipient + n - 2, 2);
	} else {
		buf_puts(&b, "***");
	}
	char *s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}
