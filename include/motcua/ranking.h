/* ranking.h - ranking the units of one level side by side (issue 9 §3, §6) and writing a
 * place as users write it: "thứ 6/12, 79,81 điểm, tăng 8,99" / "6th of 12, 79.81 points, up
 * 8.99" (docs/index766.md). */
#ifndef MOTCUA_RANKING_H
#define MOTCUA_RANKING_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"

struct rank_item {
	int64_t unit_id;
	bool has_value, has_prev;
	double value, prev;	/* this period / the previous one */
	int rank;		/* 1-based; ties share a rank (1, 2, 2, 4); 0 without a value */
	int prev_rank;		/* the same among the previous values; 0 without one */
};

/* Set rank and prev_rank of every item (higher value first; values equal when they round
 * to the same hundredth share a rank) and sort items by rank, unranked last, keeping the
 * given order among equals. Returns how many items have a value. */
int ranking_rank(struct rank_item *items, int n);

enum rank_measure { RM_POINTS, RM_PERCENT };

/* Append the phrase of an item ranked among `ranked`: the place, the value (points with two
 * decimals, or a percentage for RM_PERCENT, value then in percent), and the change from the
 * previous value when there is one ("tăng 8,99" / "giảm 1,50" / "không đổi"; en "up 8.99" /
 * "down 1.50" / "unchanged"). lang "vi" or "en". An item without a value appends "—". */
void ranking_phrase(const struct rank_item *it, int ranked, enum rank_measure m,
		    const char *lang, struct buf *out);

/* What units are ranked by. */
enum rank_by { RB_ONTIME, RB_766, RB_PAR, RB__MAX };
const char *rank_by_name(enum rank_by b);	/* "ontime", "766", "par" */
int rank_by_parse(const char *s);		/* -1 when unknown */

/* Rank the direct children of unit parent_id whose level is `level` (NULL: the first level
 * present among district, commune, department, province) by on-time rate (percent) or 766
 * score for the period key `period` against the period before it, or by PAR total for
 * `year` against year - 1. Each unit counts its whole subtree. *out: {"level", "levels": [...],
 * "ranked", "rows": [{"code","name","value","prev","rank","prev_rank","phrase"}]} with the
 * phrase in lang. E_INVALID for a bad period, E_DB. */
enum err index_ranking(struct db *db, int64_t parent_id, const char *level, enum rank_by by,
		       const char *period, int year, const struct clock *clk, const char *lang,
		       json_t **out);

#endif
