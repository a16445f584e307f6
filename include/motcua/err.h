/* err.h - error codes returned across modules (allocation failure aborts instead). */
#ifndef MOTCUA_ERR_H
#define MOTCUA_ERR_H

enum err {
	E_OK = 0,
	E_INVALID,	/* bad input: a field, a file line, a flag */
	E_NOTFOUND,	/* no such row / page / dossier */
	E_REFUSED,	/* a transition or action the rules do not allow */
	E_CONFLICT,	/* uniqueness or concurrent change */
	E_FORBIDDEN,	/* role or scope does not allow it */
	E_LIMIT,	/* a size or rate limit was hit */
	E_DB,		/* SQLite failed */
	E_IO,		/* file system or network failed */
	E__MAX
};

/* Stable lower-case name of an error code for JSON and logs ("invalid", "not_found", ...). */
const char *err_name(enum err e);

#endif
