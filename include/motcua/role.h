/* role.h - the one role model. Every account has one role; ROLE_SYSTEM is the trusted internal
 * caller (import, seed, expiry sweep) and never an account. The route table's role masks are
 * built from ROLE_BIT(); the names are those stored in users.role and dossier_events.actor_role
 * (the schema's CHECK lists; tests/unit/test_names.c compares them). */
#ifndef MOTCUA_ROLE_H
#define MOTCUA_ROLE_H

#include <stdbool.h>

enum role { ROLE_CITIZEN, ROLE_CLERK, ROLE_SPECIALIST, ROLE_LEADER, ROLE_ADMIN, ROLE_SYSTEM, ROLE__MAX };

/* The route-table bit of role r; a route's mask is an OR of these (0 = anyone). */
#define ROLE_BIT(r) (1u << (unsigned)(r))
/* Staff of a one-stop shop or department. */
#define ROLES_STAFF (ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_SPECIALIST) | ROLE_BIT(ROLE_LEADER) | \
		     ROLE_BIT(ROLE_ADMIN))
/* Not a role: the route-table bit of a request identified by an API token (Authorization:
 * Bearer; docs/api.md). No account has it and a token request has no other bit, so a token
 * opens only the routes that list it (the reports API). */
#define ROLE_BIT_TOKEN (1u << (unsigned)ROLE__MAX)
/* Anyone signed in. */
#define ROLES_SIGNED_IN (ROLE_BIT(ROLE_CITIZEN) | ROLES_STAFF)

/* Stored name of r ("citizen", ..., "system"), "?" when out of range. */
const char *role_name(enum role r);
/* The role named s, or -1 for an unknown name (NULL allowed). */
int role_parse(const char *s);
/* True for the roles an account may have (every role but ROLE_SYSTEM). */
bool role_is_account(enum role r);

#endif
