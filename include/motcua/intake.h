/* intake.h - the one-stop shop's intake (issue 8 items 2, 3, 5; docs/intake.md): the queue of
 * dossiers waiting for reception (online and by post) and the queue of results waiting to be
 * returned, both in the staff member's unit subtree, and the counter / postal / at-home
 * intake that receives a new dossier through the engine. */
#ifndef MOTCUA_INTAKE_H
#define MOTCUA_INTAKE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/attachment.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"
#include "motcua/intake_store.h"
#include "motcua/portal.h"	/* struct actor */

#define INTAKE_PAGE_SIZE 50
#define INTAKE_TOKEN_HEX 32

/* Whether who may see the queues: a clerk, leader or admin with a unit. */
bool intake_may_see(const struct actor *who);
/* Whether who may receive a dossier at the counter: a clerk with a unit. */
bool intake_may_receive(const struct actor *who);

/* A working time split into whole working days (of per_day seconds), hours and minutes. */
struct intake_age {
	int64_t days, hours, minutes;
};
/* Split seconds of office time (negative counts as 0) with per_day office seconds a day
 * (<= 0: 8 hours). Minutes are rounded down. */
struct intake_age intake_age_split(int64_t seconds, int64_t per_day);

/* *out = {"rows": [...], "total", "page", "pages"} of queue kind in who's unit subtree, page
 * page (1-based; beyond the last gives no rows), INTAKE_PAGE_SIZE rows a page, oldest first.
 * Each row: "code", "status", "channel", "procedure_code", "procedure_name", "applicant",
 * "digitised" (bool), "submitted_at", "finished_at" (epoch or 0), "result_channel",
 * "delivery_address" ("" when none), "work_seconds" (office time from submission, intake;
 * from the finish, ready, to now, with the dossier unit's office hours and cal), "days",
 * "hours", "minutes" (its split). E_FORBIDDEN when !intake_may_see(who), E_DB. */
enum err intake_queue(struct db *db, const struct calendar *cal, const struct actor *who,
		      enum intake_queue_kind kind, int page, int64_t now, json_t **out);

/* A counter, postal or at-home intake. Strings may be NULL (= none). */
struct intake_new {
	const char *token;		/* INTAKE_TOKEN_HEX hex of the blank form */
	const char *procedure_code;
	int64_t unit_id;		/* receiving unit: who's own unit when 0 */
	const char *channel;		/* "counter" or "post" */
	const char *applicant;		/* JSON object text */
	const char *form_data;		/* JSON object text of the e-form's values */
	const char *intake;		/* JSON object text stored as form_data._intake */
	bool digitised;
	const char *result_channel;	/* counter, post, online */
	const char *delivery_address;
	int64_t fee_collected;		/* VND collected at the counter, 0: none */
};

/* Receive a new dossier as who (a clerk) through the engine (receive, channel, actor unit
 * who's unit, code and lookup secret issued in the same transaction: out->code,
 * out->secret), record its result delivery, then the fee collected at the counter as a `pay`
 * event with method "counter" (see docs/intake.md while the engine refuses it). The token is
 * claimed first: a token already used gives E_CONFLICT with out->code and out->dossier_id of
 * the dossier it made (out->code "" while that receive is under way) and nothing new.
 * E_FORBIDDEN for anyone but a clerk, E_NOTFOUND (procedure, unit outside who's subtree),
 * the engine's E_INVALID/E_REFUSED (out->msg_key, why), E_DB. *pay_ok tells whether the fee
 * was recorded by the engine. */
enum err intake_receive(struct engine *e, struct db *db, const struct clock *clk,
			const struct actor *who, const struct intake_new *in,
			struct event_result *out, bool *pay_ok, char *why, size_t n);

/* Attach a scan to dossier_id (a dossier just received by who) in slot: attachment_add_slot
 * with no guard. Errors as attachment_add_slot. */
enum err intake_attach(struct db *db, const struct attachment_new *a, int slot,
		       enum err (*place)(void *ctx), void *ctx, int64_t *id);

#endif
