/* work_view.h - what the staff work pages share (src/web/worklists.c): the signed-in staff
 * member as an actor and list rows ready for templates. */
#ifndef MOTCUA_WORK_VIEW_H
#define MOTCUA_WORK_VIEW_H

#include <jansson.h>

#include "motcua/portal.h"
#include "motcua/web.h"

/* The signed-in staff member of req as an actor (routes guarantee a staff role). */
struct actor work_actor(struct request *req);
/* Rows of worklist_page/search_page made ready for templates (new array): dates formatted
 * "hh:mm dd/mm/yyyy" (or absent), "status_label" in the request's language, "href" to the
 * staff dossier page /can-bo/ho-so/:code, "overdue" when due before now. */
json_t *work_rows_view(struct request *req, json_t *rows);

#endif
