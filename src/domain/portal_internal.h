/* portal_internal.h - what the portal's files share (portal.c, portal_rules.c,
 * portal_view.c, feedback.c): the rules of docs/citizen.md and the owner check. */
#ifndef MOTCUA_PORTAL_INTERNAL_H
#define MOTCUA_PORTAL_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "motcua/portal.h"
#include "motcua/portal_store.h"

/* Load into *r the dossier (id, or code when code is given) when it belongs to owner_id;
 * E_NOTFOUND otherwise (one answer for "none" and "someone else's": *r then needs no free). */
enum err portal_owned(struct db *db, int64_t owner_id, int64_t id, const char *code,
		      struct portal_row *r);

/* The view of portal_dossier for row r, whoever asks (the caller has checked who may see
 * it: portal_dossier the owner, desk_dossier the staff scope). */
enum err portal_view(struct db *db, const struct portal_row *r, json_t **out);

/* Whether the owner can pay now: a level-4 ("full") dossier waiting in `submitted` with fees
 * not yet paid online, or any dossier waiting in `payment`. */
bool portal_rule_pay(const struct portal_row *r);
/* Fees due: the dossier's fee_amount, or while `submitted` without it, the procedure's. */
int64_t portal_rule_fee(const struct portal_row *r);
/* What the owner must do now (the list's "next"): "continue_draft", "supplement", "pay",
 * "rate", "collect", or NULL. */
const char *portal_rule_next(const struct portal_row *r);
/* Whether the owner may withdraw now: the engine's withdraw states (no result yet). */
bool portal_rule_withdraw(const struct portal_row *r);
/* The "can" object of portal_dossier; has_result: an electronic result exists (a
 * SLOT_RESULT file or the engine's result_file). New reference. */
json_t *portal_rule_can(const struct portal_row *r, bool has_result);

/* Masked recipient for the citizen's page: "n***@example.vn", "09******56". Owned. */
char *portal_mask_recipient(const char *recipient);

#endif
