/* feedback.h - staff's side of feedback (phản ánh, kiến nghị; domain.md §10): the open
 * feedback of a unit's subtree by due date. The citizen's side (feedback_send) and the
 * answer (feedback_answer) are in portal.h. */
#ifndef MOTCUA_FEEDBACK_H
#define MOTCUA_FEEDBACK_H

#include <jansson.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define FEEDBACK_LIST_MAX 500	/* rows of one listing */

/* *out = the unanswered feedback of the units in the subtree of unit_code (NULL: all units),
 * by due date then id, at most FEEDBACK_LIST_MAX: [{"id", "code" (the dossier's), "unit",
 * "body", "created_at", "due_at"}]. E_NOTFOUND unknown unit, E_DB. */
enum err feedback_open_list(struct db *db, const char *unit_code, json_t **out);

#endif
