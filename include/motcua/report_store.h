/* report_store.h - reads the reports need besides the counters: units, procedures, the
 * index configuration and the dossiers behind a figure. */
#ifndef MOTCUA_REPORT_STORE_H
#define MOTCUA_REPORT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

struct report_unit {
	int64_t id;
	char code[64];
	char name[256];
	char path[256];
	char level[16];
};

struct report_proc {
	int64_t id;
	char code[64];
	char name[256];
	char field[256];
	bool online;		/* online level partial or full */
	bool fee;
	char levels[128];	/* JSON array text */
};

struct index_conf {
	char id[16];
	char name[256];
	double max_points, threshold;
	bool available;
	char name_en[256];
	char group[32];		/* index_groups.id ("" when none) */
	char kind[16];		/* "computed", "entered" or "unavailable" (index766.h) */
	int sort;
};

/* All units / procedures / index rows in display order (caller frees *out). */
enum err report_store_units(struct db *db, struct report_unit **out, int *n);
enum err report_store_procs(struct db *db, struct report_proc **out, int *n);
enum err report_store_index_conf(struct db *db, struct index_conf **out, int *n);

/* A received dossier as a drill-down sees it. */
struct report_dossier {
	int64_t id, unit_id, received_at, finished_at;	/* finished_at 0: not finished */
	char code[64];
	char outcome[16];
};
/* Every dossier received at or before t, by id (caller frees *out). */
enum err report_store_received(struct db *db, int64_t t, struct report_dossier **out, int *n);

/* A received dossier as a drill-down page shows it; strings valid during the callback. */
struct report_list_row {
	int64_t id, unit_id, procedure_id, received_at, due_at, finished_at;	/* 0: none */
	const char *code, *outcome, *applicant_name;	/* outcome "" when unfinished */
};
/* Which dossiers of a unit a drill-down reads (the figure narrows it in SQL). */
enum report_scan {
	SCAN_RECEIVED,	/* received in [lo, hi] */
	SCAN_FINISHED,	/* received at or before hi and finished in [lo, hi] */
	SCAN_OPEN,	/* received at or before hi and not finished by hi (lo unused) */
};
/* Call fn for every dossier of unit_id (its own, not the subtree) that scan selects, by
 * received_at then id, one row at a time (nothing collected). fn returns false to stop.
 * E_DB on error. */
enum err report_store_each_received(struct db *db, int64_t unit_id, enum report_scan scan,
				    int64_t lo, int64_t hi,
				    bool (*fn)(void *ctx, const struct report_list_row *r),
				    void *ctx);

#endif
