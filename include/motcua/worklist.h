/* worklist.h - a staff member's work lists and menu badges in WORKING time (issue 8 item 6,
 * docs/worklists.md). Everything is within the staff member's unit subtree. Windows are local
 * days of the engine's calendar: "today" ends at local midnight; "within k working days" ends
 * at the end of the k-th working day after today (weekends, holidays and make-up Saturdays
 * as the calendar says). Lists of open dossiers (received, processing) are cumulative from
 * now: overdue is due_at < now, the others due_at in [now, end of window). */
#ifndef MOTCUA_WORKLIST_H
#define MOTCUA_WORKLIST_H

#include <jansson.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/portal.h"	/* struct actor */

#define WORKLIST_PAGE 50	/* rows of one page */

enum worklist {
	WL_OVERDUE,	/* due before now */
	WL_TODAY,	/* due from now to the end of today */
	WL_DAYS1,	/* ... to the end of the next working day */
	WL_DAYS2,	/* ... of the 2nd working day after today */
	WL_DAYS3,	/* ... of the 3rd */
	WL_SUPPLEMENT,	/* waiting for a supplement, by the window's end */
	WL_MINE,	/* assigned to me, by due time */
	WL_INTAKE,	/* waiting for reception (submitted), oldest first */
	WL_RETURN,	/* result ready to return (resolved) */
	WL__MAX
};

/* The list's name in URLs and message keys ("overdue", "today", "days1", "days2", "days3",
 * "supplement", "mine", "intake", "return"). */
const char *worklist_name(enum worklist l);
/* The list named s, or -1 (NULL allowed). */
int worklist_parse(const char *s);

/* The due_at window [*from, *to) of a time list (WL_OVERDUE..WL_DAYS3) at now: from is
 * INT64_MIN for overdue. */
void worklist_window(const struct calendar *c, int64_t now, enum worklist l, int64_t *from,
		     int64_t *to);

/* One page (0-based) of list l for who: *out = {"rows": [{"code","applicant_name",
 * "procedure","unit","status","submitted_at","received_at","due_at","supplement_deadline"
 * (instants or 0)}], "total", "page", "more" (bool)}. E_NOTFOUND when who has no unit, E_DB. */
enum err worklist_page(struct db *db, const struct calendar *c, const struct clock *clk,
		       const struct actor *who, enum worklist l, int page, json_t **out);

/* The badges of who's menu: *out = {"<list name>": count, ..., "feedback": count} for every
 * list; each an index range count. E_NOTFOUND when who has no unit, E_DB. */
enum err worklist_counts(struct db *db, const struct calendar *c, const struct clock *clk,
			 const struct actor *who, json_t **out);

/* The count of one list l for who into *count (the layout's badge needs only two). Errors as
 * worklist_counts. */
enum err worklist_count(struct db *db, const struct calendar *c, const struct clock *clk,
			const struct actor *who, enum worklist l, int64_t *count);

/* The units path ("/1/4/") of who's unit into out (n bytes). E_NOTFOUND when none, E_DB. */
enum err worklist_root(struct db *db, const struct actor *who, char *out, size_t n);

/* Queue the daily digest email of every active staff member with an email address and a
 * unit (overdue, due today, due within 3 working days, waiting for a supplement, waiting for
 * reception in their subtree; worklist_counts) in the notification outbox (kind "digest"),
 * in the account's language from template_dir/{vi,en}.txt ("Subject: ..." line, blank line,
 * body; {{name}} {{unit}} {{date}} {{overdue}} {{today}} {{days3}} {{supplement}} {{intake}}
 * {{link}} = base_url + "/can-bo"). At most one per account and local day (a second run the
 * same day queues nothing); none when every count is 0. *queued (may be NULL): how many.
 * E_IO when a template cannot be read, E_DB. */
enum err worklist_digest(struct db *db, const struct calendar *c, const struct clock *clk,
			 const char *template_dir, const char *base_url, int *queued);

#endif
