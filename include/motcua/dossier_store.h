/* dossier_store.h - SQL for the engine: dossier rows, the event log, code sequences and the
 * procedure/unit facts the engine caches. Only src/store/ holds the SQL text. */
#ifndef MOTCUA_DOSSIER_STORE_H
#define MOTCUA_DOSSIER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* The current-state row of a dossier (columns the engine changes). */
struct dossier {
	int64_t id;
	char code[DOSSIER_CODE_MAX];	/* "" while a draft */
	int64_t procedure_id, unit_id;
	enum channel channel;
	enum dossier_status status;
	int64_t submitted_at, received_at, clock_start, due_at, finished_at, returned_at;
	enum outcome outcome;
	int supplement_count;
	int64_t waiting_since;
	int waiting_from;		/* enum dossier_status, or -1 */
	int64_t waiting_seconds;
	int64_t supplement_deadline;
	int64_t apology_at, promised_at;
	int64_t fee_amount;
	bool paid_online, digitised, rated;
	char result_file[128];
	char delivery[16];
	char postal_tracking[64];
	enum rating rating;
	int64_t department_id;
	int step;
	int64_t assignee_id;
	int64_t step_due_at;		/* assign/transfer: the step's due time, 0: none */
	bool fee_paid;			/* the fees due are paid (any method) */
	int64_t owner_id;		/* read only: the citizen account (0: none); written by
					   dossier_store_insert's owner_id */
	int64_t running_since;
	int version;			/* events so far */
	int64_t updated_at;		/* last change (a draft save or an event), 0: NULL */
	int procedure_version;		/* the procedure's version it was created under; 0: NULL,
					   which means version 1 (rows older than migration 0016) */
	unsigned char lookup_hash[32];
	bool has_lookup;
};

#define PROC_STEPS_MAX 32	/* steps of an internal process the engine tracks */

/* Procedure facts the engine needs. */
struct proc_facts {
	int64_t id;
	char code[64];
	int duration_value;
	enum duration_unit duration_unit;
	int duration_online_value;	/* 0: same */
	int cutoff_minute;		/* -1: none */
	bool pause;			/* supplement policy pause (else restart) */
	int supplement_window_days;
	int64_t fee_total;
	bool result_is_document;
	int nsteps;			/* steps of the internal process (at most PROC_STEPS_MAX) */
	int step_hours[PROC_STEPS_MAX];	/* working hours of each step (0: not given) */
	int version;			/* the procedure version these facts are of */
	bool published;			/* the procedure is offered for new dossiers */
};

/* Unit facts the engine needs; hours_json is the unit's own "hours" (NULL: inherit). */
struct unit_facts {
	int64_t id;
	char code[64];
	int64_t parent_id;
	int64_t closed_at;		/* closed to new dossiers since (0: open) */
	char *hours_json;		/* owned, may be NULL */
};

/* Load a dossier by id (code NULL) or by code. E_NOTFOUND, E_DB. */
enum err dossier_store_load(struct db *db, int64_t id, const char *code, struct dossier *d);
/* Insert a new dossier row with every field of d plus applicant/owner/form. d->id 0: the
 * database picks the id and d->id receives it; else that id is used (batch mode).
 * updated_at is written as d->updated_at (the engine sets it to the time of the dossier's last
 * event: write_all live, engine_flush_cur in batch mode). */
enum err dossier_store_insert(struct db *db, struct dossier *d, const char *applicant,
			      const char *applicant_name, int64_t owner_id, const char *form_data);
/* Write every mutable column of d. */
enum err dossier_store_update(struct db *db, const struct dossier *d);
/* Number of dossiers (drafts included); -1 on failure. */
int64_t dossier_store_count(struct db *db);
/* Set the unit of dossier id (move_unit; dossier_store_update never changes it). */
enum err dossier_store_set_unit(struct db *db, int64_t id, int64_t unit_id);
/* Largest dossier id (0 when none). */
enum err dossier_store_max_id(struct db *db, int64_t *id);
/* Next number of unit's sequence for local day (atomic inside the caller's write
 * transaction). */
enum err dossier_store_next_number(struct db *db, int64_t unit_id, int64_t day, int64_t *number);
/* Raise the sequence to at least number (imported codes). */
enum err dossier_store_bump_number(struct db *db, int64_t unit_id, int64_t day, int64_t number);
/* Whether a dossier with this code exists. */
enum err dossier_store_code_exists(struct db *db, const char *code, bool *exists);
/* Ids of dossiers in supplement whose window ended at or before t (caller frees *ids). */
enum err dossier_store_expired(struct db *db, int64_t t, int64_t **ids, int *n);
/* Whether unit_id is ancestor_id or below it (units.path). E_OK with *within, E_DB. */
enum err dossier_store_unit_within(struct db *db, int64_t unit_id, int64_t ancestor_id,
				   bool *within);
/* The last event of dossier_id: kind, the actor's name (or "" when none), role and time.
 * E_NOTFOUND when it has none, E_DB. */
struct last_event {
	char kind[32];
	char actor[128];
	char role[16];
	int64_t at;
};
enum err dossier_store_last_event(struct db *db, int64_t dossier_id, struct last_event *out);
/* Lookup hash of a code. E_NOTFOUND. */
enum err dossier_store_lookup_hash(struct db *db, const char *code, unsigned char out[32]);

/* A unit and a procedure it offers (procedure levels contain the unit's level). */
struct seed_pair {
	int64_t unit_id, procedure_id;
	bool online;		/* online level partial or full */
	bool fee;		/* fee-bearing */
};
/* Every (unit, procedure) pair a dossier can be filed for, departments excluded (caller
 * frees *out). */
enum err dossier_store_seed_pairs(struct db *db, struct seed_pair **out, int *n);

enum err proc_facts_load(struct db *db, int64_t id, const char *code, struct proc_facts *p);
/* The catalogue JSON (formats.md, one procedure) of version `version` of procedure id, any
 * state, into *data (caller frees). E_NOTFOUND when there is no such version, E_DB. */
enum err proc_version_data(struct db *db, int64_t id, int version, char **data);
enum err unit_facts_load(struct db *db, int64_t id, const char *code, struct unit_facts *u);

/* One event row. */
struct event_row {
	int64_t id, dossier_id;
	int seq;
	int64_t at;
	int64_t actor_id;		/* 0: NULL */
	const char *actor_role, *kind, *from, *to, *note, *data;	/* from may be NULL */
	unsigned char prev_hash[32], hash[32];
};

/* Id and hash of the last event (id 0 and zero hash when the log is empty). */
enum err event_store_last(struct db *db, int64_t *id, unsigned char hash[32]);
/* Append a row (id given by the caller). */
enum err event_store_insert(struct db *db, const struct event_row *r);
/* Call fn for every event in id order (order_by_dossier: by dossier_id, seq), with strings
 * valid during the call. fn returns false to stop. */
enum err event_store_each(struct db *db, bool order_by_dossier,
			  bool (*fn)(void *ctx, const struct event_row *r, int64_t unit_id,
				     int64_t procedure_id, const char *code),
			  void *ctx);
/* Same for one dossier's events by seq. */
enum err event_store_each_of(struct db *db, int64_t dossier_id,
			     bool (*fn)(void *ctx, const struct event_row *r, int64_t unit_id,
					int64_t procedure_id, const char *code),
			     void *ctx);
/* Distinct dossier ids with an event at in [a, b] (caller frees *ids). */
enum err event_store_dossiers_between(struct db *db, int64_t a, int64_t b, int64_t **ids, int *n);

#endif
