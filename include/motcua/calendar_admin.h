/* calendar_admin.h - changing the calendar from the administration page (issue 10 §4,
 * docs/calendar-changes.md): add, edit or remove one day's row; a change of whether a future
 * day is worked moves the due dates of the open dossiers whose deadline falls on or after it,
 * each move an engine event (reschedule), all in one transaction with the row and its
 * administrative record. */
#ifndef MOTCUA_CALENDAR_ADMIN_H
#define MOTCUA_CALENDAR_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"

#define CALENDAR_NAME_MAX 200	/* bytes of a day's name and of its source document */
#define CALENDAR_FP_LEN 16	/* hex digits of a day's fingerprint */

/* One day's change: its row set (working or not, name, source) or removed (the weekday rule
 * applies again). */
struct calendar_edit {
	int64_t day;		/* local day number */
	bool remove;
	bool working;
	const char *name, *source;
};

/* Whether the account of unit unit_id may change the calendar (it is global): an admin of a
 * root unit or of a province. false when the unit is unknown or on error. */
bool calendar_admin_may_edit(struct db *db, int64_t unit_id);

/* The fingerprint of day's row as it is now (hex, NUL-terminated): a form carries it from the
 * preview to the confirmation, which is refused as stale when the row changed meanwhile. */
enum err calendar_admin_fingerprint(struct db *db, int64_t day,
				    char fp[CALENDAR_FP_LEN + 1]);

/* Preview (read transaction): *count receives how many open dossiers the change would move,
 * fp the day's fingerprint now. A day on or before today (local, at clock_now) moves nothing.
 * E_INVALID when c is malformed (no name for a row; a day outside 1970..2199), E_DB. */
enum err calendar_admin_preview(struct db *db, const struct clock *clk,
				const struct calendar_edit *c, int64_t *count,
				char fp[CALENDAR_FP_LEN + 1]);

/* Save c as actor_id (an admin): in one transaction the row, one `reschedule` event per moved
 * dossier and the administrative record ("calendar.add" / "calendar.edit" /
 * "calendar.remove", target "day:YYYY-MM-DD", with the number moved). Refused and nothing
 * changed: E_CONFLICT when the day's fingerprint is not fp (stale form); E_REFUSED when the
 * number of dossiers to move is not expect (changed since the preview; *moved receives the
 * new number: show it and ask again); E_INVALID as the preview. On success *moved receives
 * the number moved and e's calendar is reloaded (server threads: web_engine_invalidate). */
enum err calendar_admin_save(struct engine *e, struct db *db, const struct clock *clk,
			     int64_t actor_id, const struct calendar_edit *c, const char *fp,
			     int64_t expect, int64_t *moved);

#endif
