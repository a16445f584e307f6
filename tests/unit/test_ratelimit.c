/* test_ratelimit.c - sliding-window rate limiter. */
#include "harness.h"

#include <stdio.h>

#include "motcua/http.h"

static void over_after_max_hits_in_window(void)
{
	struct ratelimit *rl = ratelimit_new(3, 60);
	CHECK(!ratelimit_hit(rl, "1.2.3.4", 1000));
	CHECK(!ratelimit_hit(rl, "1.2.3.4", 1001));
	CHECK(!ratelimit_over(rl, "1.2.3.4", 1001));
	CHECK(!ratelimit_hit(rl, "1.2.3.4", 1002));
	CHECK(ratelimit_over(rl, "1.2.3.4", 1002));
	CHECK(ratelimit_hit(rl, "1.2.3.4", 1003));
	CHECK(!ratelimit_over(rl, "5.6.7.8", 1003));
	ratelimit_free(rl);
}

static void window_slides(void)
{
	struct ratelimit *rl = ratelimit_new(2, 60);
	ratelimit_hit(rl, "k", 0);
	ratelimit_hit(rl, "k", 30);
	CHECK(ratelimit_hit(rl, "k", 59));	/* three events within 60 s */
	CHECK(!ratelimit_hit(rl, "k", 95));	/* 0 and 30 have left the window */
	CHECK(!ratelimit_over(rl, "k", 200));
	ratelimit_free(rl);
}

static void memory_is_bounded(void)
{
	struct ratelimit *rl = ratelimit_new(1, 60);
	char key[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "10.0.%d.%d", i / 256, i % 256);
		ratelimit_hit(rl, key, 1000 + i / 1000);
	}
	/* The newest keys are still tracked. */
	CHECK(ratelimit_over(rl, "10.0.78.31", 1019));
	ratelimit_free(rl);
}

int main(void)
{
	RUN(over_after_max_hits_in_window);
	RUN(window_slides);
	RUN(memory_is_bounded);
	return harness_done("test_ratelimit");
}
