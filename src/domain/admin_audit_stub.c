/* admin_audit_stub.c - TEMPORARY stand-in for admin_audit_record (admin_audit.h) until the
 * helper "audit" implementation is merged: it checks its arguments and records nothing.
 * DELETE THIS FILE when merging branch audit (a duplicate symbol otherwise). */
#include "motcua/admin_audit.h"

/* See admin_audit.h (stand-in: validates, records nothing). */
enum err admin_audit_record(struct db *db, const struct admin_change *c)
{
	(void)db;
	if (!c || !c->action || !*c->action || !c->target || !*c->target)
		return E_INVALID;
	return E_OK;
}
