/* riskchart.h - the figures behind the leader's charts (issue 9 §2, docs/charts.md), all
 * from the report counters (report_ontime, report_index766): no dossier is read. */
#ifndef MOTCUA_RISKCHART_H
#define MOTCUA_RISKCHART_H

#include <jansson.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"

/* The figures of unit_code's subtree for the 12 months of year as of clk (months after
 * today are left empty, figures 0 and rates null): *out = {"months": [{"month" (1..12),
 * "finished", "good" (early + on time), "rate" (on_time_rate or null), "received", "online"
 * (received online), "share" (online / received or null)}], "units": [{"code", "name",
 * "early", "on_time", "late"}] for each unit one level under unit_code (its own subtree),
 * by code, those with nothing finished left out}. E_NOTFOUND for an unknown unit, E_DB. */
enum err riskchart_data(struct db *db, const char *unit_code, int year, const struct clock *clk,
			json_t **out);

/* The units of the subtree at root_path (itself first), for a picker: *out = [{"code",
 * "name", "level"}] by path. E_DB. */
enum err riskchart_units(struct db *db, const char *root_path, json_t **out);

#endif
