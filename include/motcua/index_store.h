/* index_store.h - SQL of the Decision 766 configuration and entered indicators, the PAR
 * criteria and scores, and the child units a ranking compares (migration 0013;
 * docs/index766.md, docs/par.md). Lists are malloc'ed arrays the caller frees. */
#ifndef MOTCUA_INDEX_STORE_H
#define MOTCUA_INDEX_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/report_store.h"

struct index_group {
	char id[32];
	char name[256];
	char name_en[256];
	double max_points;
	int sort;
};

/* One entered indicator of a unit and period. by: the name of who entered it. */
struct index_entry {
	char indicator[16];
	double value;		/* ratio 0..1 */
	char note[1024];
	char by[256];
	int64_t at;
};

struct par_area {
	char id[32];
	char name[256];
	char name_en[256];
	double max_points;
	int sort;
};

struct par_criterion {
	char id[32];
	char area[32];
	char name[512];
	char name_en[512];
	double max_points, threshold;
	char source[16];	/* "entered" or a data rule (par.h) */
	int sort;
};

/* One entered PAR criterion of a unit and year. */
struct par_score {
	char criterion[32];
	double points;
	char evidence[1024];
	char note[1024];
	char by[256];
	int64_t at;
};

/* The index groups by sort. E_DB. */
enum err index_store_groups(struct db *db, struct index_group **out, int *n);
/* Replace the whole 766 configuration (groups and indicators). Call inside a transaction.
 * E_DB. */
enum err index_store_config_replace(struct db *db, const struct index_group *g, int ng,
				    const struct index_conf *c, int nc);
/* Entries of a unit and period, by indicator. E_DB. */
enum err index_store_entries(struct db *db, int64_t unit_id, const char *period,
			     struct index_entry **out, int *n);
/* Insert or replace one entry. E_DB. */
enum err index_store_entry_put(struct db *db, int64_t unit_id, const char *period,
			       const char *indicator, double value, const char *note,
			       int64_t by_user, int64_t at);

/* PAR areas and criteria by sort. E_DB. */
enum err par_store_areas(struct db *db, struct par_area **out, int *n);
enum err par_store_criteria(struct db *db, struct par_criterion **out, int *n);
/* Replace every area and criterion (scores are kept, keyed by criterion id). Call inside a
 * transaction. E_DB. */
enum err par_store_replace(struct db *db, const struct par_area *a, int na,
			   const struct par_criterion *c, int nc);
/* Entered scores of a unit and year. E_DB. */
enum err par_store_scores(struct db *db, int64_t unit_id, int year, struct par_score **out,
			  int *n);
/* Insert or replace one score. E_DB. */
enum err par_store_score_put(struct db *db, int64_t unit_id, int year, const char *criterion,
			     double points, const char *evidence, const char *note,
			     int64_t by_user, int64_t at);

/* The direct children of unit parent_id, by code. E_DB. */
enum err index_store_children(struct db *db, int64_t parent_id, struct report_unit **out,
			      int *n);

#endif
