/* role_names.c - stored names of the roles (users.role, dossier_events.actor_role). */
#include <string.h>

#include "motcua/role.h"
#include "db_sql.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_CITIZEN] = "citizen", [ROLE_CLERK] = "clerk", [ROLE_SPECIALIST] = "specialist",
	[ROLE_LEADER] = "leader", [ROLE_ADMIN] = "admin", [ROLE_SYSTEM] = "system",
};

/* See role.h. */
const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "?";
}

/* See role.h. */
int role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE__MAX; i++)
		if (!strcmp(role_names[i], s))
			return i;
	return -1;
}

/* See role.h. */
bool role_is_account(enum role r)
{
	return (unsigned)r < ROLE__MAX && r != ROLE_SYSTEM;
}
