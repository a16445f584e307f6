/* desk_web.h - what the staff dossier page (desk.c) and its actions (desk_actions.c) share. */
#ifndef MOTCUA_DESK_WEB_H
#define MOTCUA_DESK_WEB_H

#include "motcua/portal.h"
#include "wizard.h"

#define DESK_CHECKLIST_MAX 30	/* components a supplement request can tick (thieu_0..29) */

/* The signed-in account as the domain's actor (user id, role, unit). */
struct actor desk_who(struct request *req);

/* The staff page of dossier code with status, a notice (may be NULL) and the messages of a
 * refused action beside its form (may be NULL; inputs are the action names); 404 when the
 * dossier is outside the signed-in staff member's scope. */
void desk_page(struct request *req, struct response *res, int status, const char *code,
	       const char *notice, const struct wiz_errors *errs);

#endif
