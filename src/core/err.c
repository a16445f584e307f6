/* err.c - names of error codes. */
#include "motcua/err.h"

static const char *const err_names[E__MAX] = {
	[E_OK] = "ok",
	[E_INVALID] = "invalid",
	[E_NOTFOUND] = "not_found",
	[E_REFUSED] = "refused",
	[E_CONFLICT] = "conflict",
	[E_FORBIDDEN] = "forbidden",
	[E_LIMIT] = "limit",
	[E_DB] = "db",
	[E_IO] = "io",
};

/* See err.h. */
const char *err_name(enum err e)
{
	if ((unsigned)e >= E__MAX)
		return "unknown";
	return err_names[e];
}
