/* harness.h - the in-tree unit test harness (after Redis' testhelp.h).
 * A test file defines static void functions and a main() that RUNs them and returns
 * harness_done(). Each failed CHECK prints file:line and the expression; a test passes when
 * it made at least one check and none failed (a test that made no check fails, saying so).
 * The first RUN sets jansson's allocator to xmalloc, as main does. Output: one line per failing test and a summary line
 *   "suite test_x: N ok, N failing"
 * which tests/run.sh adds up into the closing "tests: N passed, N failed". */
#ifndef MOTCUA_HARNESS_H
#define MOTCUA_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

extern int harness_check_failures;

/* Record one check; prints the failure. Returns cond. */
bool harness_check(bool cond, const char *expr, const char *file, int line);
/* Compare two integers; prints both values on failure. */
bool harness_check_int(int64_t got, int64_t want, const char *expr, const char *file, int line);
/* Compare two strings (NULL-safe); prints both on failure. */
bool harness_check_str(const char *got, const char *want, const char *expr, const char *file,
		       int line);
/* Run one test function and count it: failed when a check failed or when it made none. */
void harness_run(void (*fn)(void), const char *name);
/* Print the summary; returns the process exit status (0 when every test passed). */
int harness_done(const char *suite);

#define CHECK(cond) harness_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_INT(got, want) harness_check_int((int64_t)(got), (int64_t)(want), #got " == " #want, __FILE__, __LINE__)
#define CHECK_STR(got, want) harness_check_str((got), (want), #got " == " #want, __FILE__, __LINE__)
#define RUN(fn) harness_run(fn, #fn)

#endif
