/* portal_actions.c - the owner's engine events from the portal: supplement answer,
 * withdrawal, rating. Each checks ownership first (E_NOTFOUND for anyone else), then lets the
 * engine decide. */
#include "portal_internal.h"

#include <stdio.h>
#include <string.h>

#include "motcua/text.h"

#define RATE_COMMENT_MAX 1000	/* characters */

/* Clear out and why as dossier_apply does. */
static void reset(struct event_result *out, char *why, size_t n)
{
	memset(out, 0, sizeof(*out));
	out->outcome = OUT_NONE;
	if (why && n)
		why[0] = '\0';
}

/* Characters of s (0 for NULL). */
static size_t chars(const char *s)
{
	return s ? utf8_length(s, strlen(s)) : 0;
}

/* An invalid input: E_INVALID with key and sentence. */
static enum err invalid(struct event_result *out, const char *key, char *why, size_t n,
			const char *text)
{
	out->msg_key = key;
	if (why && n)
		snprintf(why, n, "%s", text);
	return E_INVALID;
}

/* The owner's dossier id with this code into *id (E_NOTFOUND otherwise); *waiting_since of
 * its current wait when wanted. */
static enum err owned_id(struct db *db, int64_t owner_id, const char *code, int64_t *id,
			 int64_t *waiting_since, enum dossier_status *status)
{
	struct portal_row r;
	enum err e = portal_owned(db, owner_id, 0, code ? code : "", &r);
	if (e != E_OK)
		return e;
	*id = r.id;
	if (waiting_since)
		*waiting_since = r.waiting_since;
	if (status)
		*status = r.status;
	portal_row_free(&r);
	return E_OK;
}

/* An engine event of the owner on dossier id. */
static enum err apply(struct engine *e, struct db *db, const struct clock *clk,
		      struct event_input *in, int64_t owner_id, int64_t id,
		      struct event_result *out, char *why, size_t n)
{
	in->dossier_id = id;
	in->role = ROLE_CITIZEN;
	in->actor_id = owner_id;
	return dossier_apply(e, db, clk, in, out, why, n);
}

/* See portal.h. */
enum err portal_supplement(struct engine *e, struct db *db, const struct clock *clk,
			   int64_t owner_id, const char *code, const char *note,
			   struct event_result *out, char *why, size_t n)
{
	reset(out, why, n);
	int64_t id, since;
	enum dossier_status status;
	enum err err = owned_id(db, owner_id, code, &id, &since, &status);
	if (err != E_OK)
		return err;
	if (status == DS_SUPPLEMENT) {
		int64_t k = 0;
		if ((err = portal_store_file_count(db, id, false, SLOT_SUPPLEMENT, since, &k)) != E_OK)
			return err;
		if (k == 0)
			return invalid(out, "portal.incomplete.supplement", why, n,
				       "answering a supplement request needs a file");
	}
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.kind = EV_SUPPLEMENT;
	in.note = note && *note ? note : NULL;
	return apply(e, db, clk, &in, owner_id, id, out, why, n);
}

/* See portal.h. */
enum err portal_withdraw(struct engine *e, struct db *db, const struct clock *clk,
			 int64_t owner_id, const char *code, const char *reason,
			 struct event_result *out, char *why, size_t n)
{
	reset(out, why, n);
	int64_t id;
	enum err err = owned_id(db, owner_id, code, &id, NULL, NULL);
	if (err != E_OK)
		return err;
	if (chars(reason) > WITHDRAW_REASON_MAX)
		return invalid(out, "portal.invalid.reason", why, n, "the reason is too long");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.kind = EV_WITHDRAW;
	in.reason = reason && *reason ? reason : NULL;
	return apply(e, db, clk, &in, owner_id, id, out, why, n);
}

/* See portal.h. */
enum err portal_rate(struct engine *e, struct db *db, const struct clock *clk, int64_t owner_id,
		     const char *code, const char *rating, const char *comment,
		     const int *criteria, struct event_result *out, char *why, size_t n)
{
	reset(out, why, n);
	int64_t id;
	enum err err = owned_id(db, owner_id, code, &id, NULL, NULL);
	if (err != E_OK)
		return err;
	if (rating_parse(rating) < 0)
		return invalid(out, "dossier.invalid.rating", why, n,
			       "rating must be very_satisfied, satisfied or dissatisfied");
	if (chars(comment) > RATE_COMMENT_MAX)
		return invalid(out, "portal.invalid.comment", why, n, "the comment is too long");
	char digits[RATING_CRITERIA + 1];
	for (int i = 0; criteria && i < RATING_CRITERIA; i++) {
		if (criteria[i] < 0 || criteria[i] > 2)
			return invalid(out, "dossier.invalid.criteria", why, n,
				       "each criterion is scored 0, 1 or 2");
		digits[i] = (char)('0' + criteria[i]);
	}
	digits[RATING_CRITERIA] = '\0';
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.kind = EV_RATE;
	in.rating = rating;
	in.comment = comment && *comment ? comment : NULL;
	in.criteria = criteria ? digits : NULL;
	return apply(e, db, clk, &in, owner_id, id, out, why, n);
}
