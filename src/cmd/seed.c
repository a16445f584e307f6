/* seed.c - `motcua seed` (being built; see the issue tracker). */
#include <stdio.h>

#include "motcua/cmd.h"

/* See cmd.h. Not built yet: says so and fails. */
int cmd_seed(int argc, char **argv, int first)
{
	(void)argc;
	(void)argv;
	(void)first;
	fprintf(stderr, "motcua seed: not built yet\n");
	return 1;
}
