/* digest_timer.h - the daily work-list digest run from `motcua serve` (docs/worklists.md):
 * a small thread of its own that, once a minute, runs worklist_digest when the local time
 * (Asia/Ho_Chi_Minh) has reached the configured minute. worklist_digest queues at most one
 * digest per staff member and local day, so a restart after that minute sends today's digest
 * once and never twice. */
#ifndef MOTCUA_DIGEST_TIMER_H
#define MOTCUA_DIGEST_TIMER_H

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"

/* One pass at clk's instant: nothing (E_OK, *queued 0) before local minute at_minute
 * (0..1439) of the day, worklist_digest otherwise (its errors). *queued may be NULL. */
enum err digest_tick(struct db *db, const struct calendar *cal, const struct clock *clk,
		     int at_minute, const char *template_dir, const char *base_url, int *queued);

/* Start the thread on its own connection to db_path (strings copied); NULL (logged) when it
 * cannot start. digest_timer_stop wakes it, joins it and frees it (NULL: nothing). */
struct digest_timer;
struct digest_timer *digest_timer_start(const char *db_path, int at_minute,
					const char *template_dir, const char *base_url);
void digest_timer_stop(struct digest_timer *t);

#endif
