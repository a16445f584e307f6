/* pwgate.c - a counting semaphore with a bounded, timed queue (mutex + condition variable on
 * CLOCK_MONOTONIC). */
#include "motcua/pwgate.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "motcua/xalloc.h"

struct pwgate {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned slots, busy;
	unsigned queue_max, waiting;
	unsigned wait_ms;
};

/* See pwgate.h. */
struct pwgate *pwgate_new(unsigned slots, unsigned queue_max, unsigned wait_ms)
{
	struct pwgate *g = xcalloc(1, sizeof(*g));
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->freed, &attr);
	pthread_condattr_destroy(&attr);
	g->slots = slots ? slots : 1;
	g->queue_max = queue_max;
	g->wait_ms = wait_ms;
	return g;
}

/* See pwgate.h. */
bool pwgate_enter(struct pwgate *g)
{
	pthread_mutex_lock(&g->lock);
	if (g->busy < g->slots) {
		g->busy++;
		pthread_mutex_unlock(&g->lock);
		return true;
	}
	if (g->waiting >= g->queue_max || g->wait_ms == 0) {
		pthread_mutex_unlock(&g->lock);
		return false;
	}
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += g->wait_ms / 1000;
	until.tv_nsec += (long)(g->wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	g->waiting++;
	int rc = 0;
	while (g->busy >= g->slots && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g->freed, &g->lock, &until);
	g->waiting--;
	bool got = g->busy < g->slots;
	if (got)
		g->busy++;
	pthread_mutex_unlock(&g->lock);
	return got;
}

/* See pwgate.h. */
void pwgate_leave(struct pwgate *g)
{
	pthread_mutex_lock(&g->lock);
	if (g->busy)
		g->busy--;
	pthread_cond_signal(&g->freed);
	pthread_mutex_unlock(&g->lock);
}

/* See pwgate.h. */
unsigned pwgate_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* See pwgate.h. */
void pwgate_free(struct pwgate *g)
{
	if (!g)
		return;
	pthread_cond_destroy(&g->freed);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
