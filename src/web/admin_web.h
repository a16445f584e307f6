/* admin_web.h - what the administration pages share (src/web/admin*.c). */
#ifndef MOTCUA_ADMIN_WEB_H
#define MOTCUA_ADMIN_WEB_H

#include "motcua/admin_users.h"
#include "motcua/web.h"

/* The signed-in administrator as the domain's actor (unit path in the arena); false after
 * answering 403 (no unit) or 500. */
bool admin_actor_of(struct request *req, struct response *res, struct admin_actor *a);

/* The email of a password link in the request's language. */
struct link_mail admin_link_mail(struct request *req);
/* The account of the path's :user in a's scope (JSON, caller decrefs), or NULL after answering
 * 404 (malformed, unknown or outside the subtree) or 500. *id receives it. */
json_t *admin_account_of_path(struct request *req, struct response *res,
			      const struct admin_actor *a, int64_t *id);

#endif
