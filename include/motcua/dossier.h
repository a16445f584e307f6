/* dossier.h - the dossier lifecycle engine (domain.md §4-5).
 * Every state change of a dossier - live handlers, imports, the seed, the expiry sweep - goes
 * through dossier_apply(): one event row (hash-chained), the dossier's current-state row and
 * the report counters, in one transaction. See docs/engine.md. */
#ifndef MOTCUA_DOSSIER_H
#define MOTCUA_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"
#include "motcua/role.h"
#include "motcua/secret.h"
#include "motcua/worktime.h"

/* enum dossier_status, event_kind, channel, outcome, rating, their stored names and
 * DOSSIER_CODE_MAX are in names.h (store layer). Who acts is an enum role (role.h).
 * ROLE_SYSTEM is the trusted internal caller (import, seed, expiry sweep): it may perform any
 * event, and only it may preset a code or a lookup secret. */

#define LOOKUP_SECRET_LEN 8
/* Alphabet of lookup secrets: no 0/O, 1/I/L. */
extern const char LOOKUP_ALPHABET[];

/* What happens: the dossier (id, or code, or neither for a new one: submit, or receive at
 * the counter/post), the event, the actor and typed data. Unused fields stay 0/NULL. */
struct event_input {
	int64_t dossier_id;
	const char *code;
	enum event_kind kind;
	int64_t actor_id;		/* 0: none */
	enum role role;
	/* Staff scope: the acting account's unit (0: not checked: trusted callers such as imports
	 * and ROLE_SYSTEM). The dossier's unit must be in its subtree, else E_NOTFOUND and nothing
	 * changes. A citizen (role citizen, actor_id > 0) may only act on dossiers it owns. */
	int64_t actor_unit_id;
	/* The dossier's version (events so far) the actor's form was shown with; 0: not checked.
	 * Another value gives E_CONFLICT "dossier.conflict.stale", checked inside the transaction. */
	int expect_version;
	const char *note;
	/* typed data */
	const char *reason;		/* refuse, request_supplement, apologise, stop, withdraw */
	const char *items;		/* request_supplement: what is missing */
	const char *department;		/* assign/transfer: unit code of the department */
	int step;			/* assign/transfer: index in the procedure's steps */
	int64_t assignee_id;
	int64_t promised_at;		/* apologise: new promised instant */
	int64_t amount;			/* pay: VND */
	const char *method;		/* pay: "online", "counter", "transfer" */
	const char *delivery;		/* return: counter/post/online */
	const char *postal_tracking;	/* return by post */
	const char *rating;		/* rate */
	const char *comment;		/* rate */
	const char *criteria;		/* rate: 9 digits 0..2 (the old agency evaluation), or NULL */
	const char *result_file;	/* resolve: electronic result file (hash or name), optional */
	/* new dossier (submit, or receive at the counter / by post) */
	const char *channel;		/* "online" (default for submit), "counter", "post" */
	int64_t procedure_id;		/* or procedure_code */
	const char *procedure_code;
	int64_t unit_id;		/* or unit_code */
	const char *unit_code;
	const char *applicant;		/* JSON object text {"name",...}; NULL = {} */
	int64_t owner_id;		/* citizen account, 0: none */
	const char *form_data;		/* JSON object text; NULL = {} */
	bool digitised;			/* at least one component digitised (submit/receive) */
	/* ROLE_SYSTEM only: keep a migrated code; preset the lookup secret (seed) */
	const char *preset_code;
	const char *preset_secret;
};

/* What happened. secret is set (NUL-terminated) only by the event that issued it: print it
 * on the receipt, it is not stored in clear. msg_key names the refusal for translation. */
struct event_result {
	int64_t dossier_id;
	int64_t event_id;
	int seq;
	char code[DOSSIER_CODE_MAX];
	char secret[LOOKUP_SECRET_LEN + 1];
	enum dossier_status from, to;
	int64_t due_at;
	enum outcome outcome;
	bool flagged;			/* apologise: issued less than 1 working day before due_at */
	const char *msg_key;		/* "dossier.refused.transition", ... or NULL */
};

struct engine;

/* An engine for connection db: loads the calendar and uses key (copied) for lookup hashes.
 * Procedure and unit facts are cached on first use (call engine_reload after an import of
 * the catalogue, units or calendar). Caller frees with engine_free. E_DB on failure. */
enum err engine_open(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
		     struct engine **out);
/* Drop cached facts and reload the calendar; the notification templates are reloaded (with
 * the administrator's overrides) on their next use. */
enum err engine_reload(struct engine *e, struct db *db);
/* Free; NULL allowed. */
void engine_free(struct engine *e);
/* The loaded calendar (read-only). */
const struct calendar *engine_calendar(const struct engine *e);

/* Batch mode (seed, import): the caller holds one transaction around many events.
 * engine_batch_begin starts it (BEGIN IMMEDIATE); counters are then summed in memory and
 * written by engine_batch_commit, which commits; engine_batch_rollback abandons everything
 * since engine_batch_begin. Never leave a dossier's event half applied: dossier_apply is
 * all-or-nothing per event in either mode (a refused event changes nothing). */
enum err engine_batch_begin(struct engine *e, struct db *db);
enum err engine_batch_commit(struct engine *e, struct db *db);
void engine_batch_rollback(struct engine *e, struct db *db);
/* Inside a batch of live events (payment_complete: the payment row and the `pay` event in one
 * transaction), queue each event's notifications as outside batch mode, until the batch ends.
 * No effect outside a batch. */
void engine_batch_notify(struct engine *e);

/* Apply one event at clock_now(clk). Outside batch mode, runs in its own BEGIN IMMEDIATE
 * transaction. Errors (nothing changed): E_NOTFOUND (no such dossier/procedure/unit),
 * E_REFUSED (transition or guard; why and out->msg_key say which), E_FORBIDDEN (role),
 * E_INVALID (bad data), E_CONFLICT (preset code taken), E_DB. why (size n, may be NULL)
 * receives an English sentence. */
enum err dossier_apply(struct engine *e, struct db *db, const struct clock *clk,
		       const struct event_input *in, struct event_result *out, char *why,
		       size_t n);

/* Whether the transition table lets role perform kind on a dossier in state from (the
 * event's own guards, such as a reason or a fee due, are not checked). ROLE_SYSTEM: true
 * for every transition of the table. */
bool dossier_event_allowed(enum event_kind kind, enum dossier_status from, enum role role);

/* Expire every supplement wait whose window has passed at clock_now(clk) (event
 * expire_supplement by the system, one transaction each). *count (may be NULL) receives the
 * number expired. */
enum err dossier_expire_due(struct engine *e, struct db *db, const struct clock *clk, int *count);

/* Check a lookup secret against a dossier code. false when unknown or wrong. */
bool dossier_lookup_ok(struct engine *e, struct db *db, const char *code, const char *secret);

/* --- dossier_code.c --- */
/* Format "<unit code>-<YYMMDD>-<NNNN>" for local day and number (≥ 4 digits) into out. */
void dossier_code_format(char out[DOSSIER_CODE_MAX], const char *unit_code, int64_t day,
			 int64_t number);
/* Parse a code made by dossier_code_format: the part before the date, the day and number.
 * false when the text does not have that shape. */
bool dossier_code_parse(const char *code, char unit_code[DOSSIER_CODE_MAX], int64_t *day,
			int64_t *number);
/* Fill out (LOOKUP_SECRET_LEN + NUL) with a fresh random secret (randombytes_uniform). */
void lookup_secret_new(char out[LOOKUP_SECRET_LEN + 1]);
/* Fill out from a caller's PRNG state (xorshift64*; the seed uses this for determinism). */
void lookup_secret_from_prng(uint64_t *state, char out[LOOKUP_SECRET_LEN + 1]);
/* Whether s is LOOKUP_SECRET_LEN characters of LOOKUP_ALPHABET. */
bool lookup_secret_valid(const char *s);

#endif
