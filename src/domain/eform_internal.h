/* eform_internal.h - the parsed e-form, shared by eform.c (parsing) and eform_check.c
 * (validation). Not for other modules: they use eform.h. */
#ifndef MOTCUA_EFORM_INTERNAL_H
#define MOTCUA_EFORM_INTERNAL_H

#include "motcua/eform.h"

struct eform {
	int n;					/* fields in use */
	struct eform_field fields[EFORM_FIELDS_MAX];	/* strings owned (xstrdup) */
};

#endif
