/* engine_internal.h - the engine object, shared by engine.c, dossier.c and engine_move.c
 * only. */
#ifndef MOTCUA_ENGINE_INTERNAL_H
#define MOTCUA_ENGINE_INTERNAL_H

#include "motcua/buf.h"
#include "motcua/dossier.h"
#include "motcua/dossier_store.h"
#include "motcua/notify.h"
#include "motcua/stats.h"

struct unit_cache {
	int64_t id;
	char code[64];
	struct office_hours hours;
	int64_t day_seconds;	/* office seconds in one working day */
	int64_t closed_at;	/* closed to new dossiers since (0: open) */
};

struct engine {
	struct calendar *cal;
	unsigned char key[SERVER_KEY_BYTES];
	struct proc_facts **procs;	/* indexed by id: the live version of each */
	size_t nprocs;
	struct proc_facts **old;	/* facts of versions other than the live one */
	size_t nold, capold;
	struct unit_cache **units;	/* indexed by id */
	size_t nunits;
	bool batch;			/* inside engine_batch_begin/commit */
	bool batch_notify;		/* batch of live events: queue notifications (payments) */
	struct stat_acc *acc;		/* batch counters */
	bool last_valid;		/* last_id/last_hash hold the log's tail (batch only) */
	int64_t last_id;
	unsigned char last_hash[32];
	/* Batch only: the last dossier touched, its row written when another dossier is touched
	 * or at commit (saves a SELECT and an UPDATE per event of a history). */
	struct dossier cur;
	bool cur_valid, cur_dirty;
	/* Batch only: cur was created in this batch and is not in the table yet; it is inserted
	 * once, in its latest state, with these creation fields (owned) and the id handed out
	 * from last_dossier_id (the engine holds the write lock, so max(id) + 1 is what SQLite
	 * would have chosen). */
	bool cur_new;
	char *cur_applicant, *cur_form;
	char cur_applicant_name[256];
	int64_t cur_owner;
	bool last_dossier_valid;
	int64_t last_dossier_id;
	/* Batch only: the events of cur not written yet. They go to the log right after cur's
	 * row (engine_flush_cur), so foreign keys hold at every statement. note and data texts
	 * are kept in pend_text (offsets, as the buffer moves when it grows). */
	struct pending_event *pend;
	int npend, cappend;
	struct buf pend_text;
	/* Live events only: the notification templates, loaded on the first event that
	 * notifies (templates/notify under the share folder; docs/notifications.md). */
	struct notify_templates *notify;
};

struct pending_event {
	struct event_row r;	/* note and data pointers are set at flush */
	size_t note_off, data_off;
};

/* Keep event r (strings copied) until cur is flushed (batch mode). */
void engine_batch_event(struct engine *e, const struct event_row *r);

/* Take a dossier created by a batch event: id, and the creation fields kept until flush. */
enum err engine_batch_new_dossier(struct engine *e, struct db *db, struct dossier *d,
				  const char *applicant, const char *applicant_name,
				  int64_t owner_id, const char *form_data);

/* Write the cached dossier row if it changed (batch mode). */
enum err engine_flush_cur(struct engine *e, struct db *db);

/* Cached facts of a procedure by id (code NULL) or code. E_NOTFOUND, E_DB. */
enum err engine_proc(struct engine *e, struct db *db, int64_t id, const char *code,
		     const struct proc_facts **out);
/* Cached facts of version `version` of procedure id (0: version 1, as dossiers.procedure_version
 * NULL): the live facts when it is the live version, else the facts read from that version's
 * catalogue JSON (procedure_versions), cached by (id, version). E_NOTFOUND, E_DB. */
enum err engine_proc_version(struct engine *e, struct db *db, int64_t id, int version,
			     const struct proc_facts **out);
/* Cached facts of a unit with its effective office hours. E_NOTFOUND, E_DB. */
enum err engine_unit(struct engine *e, struct db *db, int64_t id, const char *code,
		     const struct unit_cache **out);

/* move_unit (engine_move.c): write the dossier's new unit and move its counter history
 * (its events replayed from the log, so batch mode flushes first) from unit `from` to unit
 * `to`: every replayed delta is subtracted from `from` and added to `to`, inside the event's transaction. */
enum err engine_move_counters(struct engine *e, struct db *db, int64_t dossier_id,
			      int64_t procedure_id, int64_t from, int64_t to);

#endif
