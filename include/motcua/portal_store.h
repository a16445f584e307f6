/* portal_store.h - SQL of the citizen portal (migration 0008, docs/citizen.md): drafts (a
 * dossiers row in state `draft`), the portal's view of a dossier, its files by slot and its
 * payments. Used by src/domain/portal*.c only. Feedback is in feedback_store.h. */
#ifndef MOTCUA_PORTAL_STORE_H
#define MOTCUA_PORTAL_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/attachment_store.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/names.h"

/* What a draft save writes (strings borrowed; NULL stores NULL, except applicant and
 * form_data: NULL stores "{}"). unit_chosen false: unit_id is a placeholder unit (the
 * column is NOT NULL) and the draft has no receiving unit yet. */
struct portal_draft {
	int64_t procedure_id, unit_id;
	bool unit_chosen;
	const char *applicant, *applicant_name, *form_data;
	bool on_behalf;
	const char *result_channel, *delivery_address;
	const char *token;		/* draft_token (insert only), NULL for none */
	int64_t now;			/* updated_at */
};

/* The smallest unit id (the placeholder of a draft without a unit). E_NOTFOUND, E_DB. */
enum err portal_store_any_unit(struct db *db, int64_t *id);
/* Id of owner's dossier created from token. E_NOTFOUND, E_DB. */
enum err portal_store_draft_by_token(struct db *db, int64_t owner_id, const char *token,
				     int64_t *id);
/* Insert a draft of owner_id (channel online, version 0); *id receives its id. E_CONFLICT
 * when the token is already used by this owner, E_DB. */
enum err portal_store_draft_insert(struct db *db, int64_t owner_id, const struct portal_draft *p,
				   int64_t *id);
/* Overwrite the fields of draft id of owner_id (procedure_id and token are ignored).
 * E_NOTFOUND when id is not a draft of owner_id, E_DB. */
enum err portal_store_draft_update(struct db *db, int64_t owner_id, int64_t id,
				   const struct portal_draft *p);
/* Delete draft id of owner_id and its attachment rows (inside the caller's transaction).
 * E_NOTFOUND, E_DB. */
enum err portal_store_draft_delete(struct db *db, int64_t owner_id, int64_t id);
/* Set updated_at of dossier id to now. E_DB. */
enum err portal_store_touch(struct db *db, int64_t id, int64_t now);

/* A dossier as the portal shows it (strings owned, "" when NULL unless said). */
struct portal_row {
	int64_t id, owner_id, unit_id, procedure_id;
	bool unit_chosen;
	char code[DOSSIER_CODE_MAX];	/* "" for a draft */
	enum dossier_status status;
	enum channel channel;
	char *procedure_code, *procedure_name, *online_level;
	char *components, *delivery_options;	/* the procedure's JSON arrays */
	int64_t fee_total, fee_amount;
	bool paid_online, on_behalf;
	char *applicant, *applicant_name, *form_data;
	char *result_channel;		/* chosen delivery, "" when none */
	char *delivery_address;
	char *returned_via, *postal_tracking, *result_file, *rating;
	char *unit_code, *unit_name, *unit_address, *unit_path, *unit_level;
	int64_t updated_at, submitted_at, received_at, due_at, promised_at;
	int64_t supplement_deadline, waiting_since, finished_at, returned_at;	/* 0 when NULL */
	int procedure_version;		/* the catalogue version it was created under (0016) */
};
void portal_row_free(struct portal_row *r);
void portal_rows_free(struct portal_row *rows, int n);

/* The dossier with this id (code NULL) or code. E_NOTFOUND, E_DB. */
enum err portal_store_get(struct db *db, int64_t id, const char *code, struct portal_row *out);
/* owner_id's dossiers with updated_at < before (before 0: all), newest change first (then
 * highest id), at most limit; *rows (caller frees with portal_rows_free). Uses the index
 * dossiers_owner_updated. E_DB. */
enum err portal_store_list(struct db *db, int64_t owner_id, int64_t before, int limit,
			   struct portal_row **rows, int *n);

/* One file of a dossier with its slot. */
struct portal_file_row {
	struct attachment_row a;
	int slot;
};
/* The files of dossier_id: components in slot order, then authorisation, supplement and
 * result (-1, -2, -3), then by id. *rows: caller frees. E_DB. */
enum err portal_store_files(struct db *db, int64_t dossier_id, struct portal_file_row **rows,
			    int *n);
/* File attachment_id of dossier_id with its slot. E_NOTFOUND, E_DB. */
enum err portal_store_file(struct db *db, int64_t dossier_id, int64_t attachment_id,
			   struct portal_file_row *out);
/* Number of files of dossier_id into *n; in slot `slot` uploaded at or after since when
 * any_slot is false. E_DB. */
enum err portal_store_file_count(struct db *db, int64_t dossier_id, bool any_slot, int slot,
				 int64_t since, int64_t *n);

/* One payment attempt of a dossier. */
struct portal_payment {
	char reference[41];
	int64_t amount;
	char state[16];
	char receipt_no[32];	/* "" until paid */
	int64_t paid_at;	/* 0 until paid */
};
/* The payments of dossier_id, oldest first (*rows: caller frees). E_DB. */
enum err portal_store_payments(struct db *db, int64_t dossier_id, struct portal_payment **rows,
			       int *n);

#endif
