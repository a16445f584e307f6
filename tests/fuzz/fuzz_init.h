/* fuzz_init.h - start-up shared by every fuzz target (include it once per target): what main
 * does before any command runs, so the fuzzed code sees the same process state. */
#ifndef MOTCUA_FUZZ_INIT_H
#define MOTCUA_FUZZ_INIT_H

#include "motcua/db.h"
#include "motcua/xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* libFuzzer calls this once before the first input: SQLite's global settings and jansson
 * allocating through xmalloc (abort on exhaustion), as in src/main.c. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	db_library_init();
	xalloc_json_init();
	return 0;
}

#endif
