/* admin_audit_stub.c - WEAK stand-ins for admin_audit.h until helper "audit" lands its
 * implementation (then this file is deleted at merge): a change is logged, not recorded, so
 * this branch builds and its tests run. Never a real record: see docs/admin-users.md. */
#include "motcua/admin_audit.h"

#include "motcua/log.h"

/* See admin_audit.h (stand-in: logs the action and target, records nothing). */
__attribute__((weak)) enum err admin_audit_record(struct db *db, const struct admin_change *c)
{
	(void)db;
	if (!c || !c->action || !*c->action || !c->target || !*c->target)
		return E_INVALID;
	log_info("admin change (not recorded: audit not merged): %s %s", c->action, c->target);
	return E_OK;
}
