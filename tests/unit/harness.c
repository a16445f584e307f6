/* harness.c - the in-tree unit test harness. */
#include "harness.h"

#include <inttypes.h>
#include <stdio.h>

#include "motcua/xalloc.h"

int harness_check_failures;
static int harness_checks;	/* checks made so far, passed or failed */
static int tests_ok, tests_failed;
static const char *current;

/* See harness.h. */
bool harness_check(bool cond, const char *expr, const char *file, int line)
{
	harness_checks++;
	if (!cond) {
		harness_check_failures++;
		printf("  FAIL %s: %s:%d: %s\n", current ? current : "?", file, line, expr);
	}
	return cond;
}

/* See harness.h. */
bool harness_check_int(int64_t got, int64_t want, const char *expr, const char *file, int line)
{
	harness_checks++;
	if (got != want) {
		harness_check_failures++;
		printf("  FAIL %s: %s:%d: %s (got %" PRId64 ", want %" PRId64 ")\n",
		       current ? current : "?", file, line, expr, got, want);
		return false;
	}
	return true;
}

/* See harness.h. */
bool harness_check_str(const char *got, const char *want, const char *expr, const char *file,
		       int line)
{
	harness_checks++;
	bool same = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	if (!same) {
		harness_check_failures++;
		printf("  FAIL %s: %s:%d: %s (got \"%s\", want \"%s\")\n", current ? current : "?",
		       file, line, expr, got ? got : "(null)", want ? want : "(null)");
	}
	return same;
}

/* See harness.h. */
void harness_run(void (*fn)(void), const char *name)
{
	static bool started;
	if (!started) {
		/* As in main: jansson allocates through xmalloc before any json_t exists. */
		xalloc_json_init();
		started = true;
	}
	int before = harness_check_failures;
	int checks_before = harness_checks;
	current = name;
	fn();
	if (harness_checks == checks_before) {
		printf("  FAIL %s: made no checks (a test that checks nothing proves nothing)\n",
		       name);
		tests_failed++;
	} else if (harness_check_failures == before)
		tests_ok++;
	else
		tests_failed++;
	current = NULL;
	fflush(stdout);
}

/* See harness.h. */
int harness_done(const char *suite)
{
	printf("suite %s: %d ok, %d failing\n", suite, tests_ok, tests_failed);
	return tests_failed ? 1 : 0;
}
