/* digest_timer.c - the daily digest from inside `motcua serve` (digest_timer.h). */
#include "motcua/digest_timer.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "motcua/log.h"
#include "motcua/worklist.h"
#include "motcua/xalloc.h"

#define DIGEST_POLL_S 60

/* See digest_timer.h. */
enum err digest_tick(struct db *db, const struct calendar *cal, const struct clock *clk,
		     int at_minute, const char *template_dir, const char *base_url, int *queued)
{
	if (queued)
		*queued = 0;
	if (local_minute(clock_now(clk)) < at_minute)
		return E_OK;
	return worklist_digest(db, cal, clk, template_dir, base_url, queued);
}

struct digest_timer {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct db *db;
	int at_minute;
	char *dir, *base_url;
	int64_t done_day;	/* the local day whose pass succeeded: no more passes that day */
};

/* One pass when due and not yet done today (the calendar is read afresh: holidays change). */
static void timer_pass(struct digest_timer *t)
{
	struct clock clk = { 0 };
	int64_t now = clock_now(&clk), day = local_day(now);
	if (day == t->done_day || local_minute(now) < t->at_minute)
		return;
	struct calendar *cal = calendar_new();
	int queued = 0;
	enum err e = calendar_load(cal, t->db);
	if (e == E_OK)
		e = digest_tick(t->db, cal, &clk, t->at_minute, t->dir, t->base_url, &queued);
	calendar_free(cal);
	if (e != E_OK) {
		log_warn("digest: the daily pass failed (%s); retrying in a minute", err_name(e));
		return;
	}
	t->done_day = day;
	if (queued)
		log_info("digest: %d digest email%s queued", queued, queued == 1 ? "" : "s");
}

/* The thread: a pass, then sleep a minute or until told to stop. */
static void *timer_main(void *arg)
{
	struct digest_timer *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		pthread_mutex_unlock(&t->mu);
		timer_pass(t);
		pthread_mutex_lock(&t->mu);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += DIGEST_POLL_S;
		while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

/* See digest_timer.h. */
struct digest_timer *digest_timer_start(const char *db_path, int at_minute,
					const char *template_dir, const char *base_url)
{
	struct digest_timer *t = xcalloc(1, sizeof(*t));
	t->at_minute = at_minute;
	t->dir = xstrdup(template_dir);
	t->base_url = xstrdup(base_url ? base_url : "");
	t->done_day = -1;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&t->mu, NULL);
	if (db_open(db_path, &t->db) != E_OK || pthread_create(&t->tid, NULL, timer_main, t)) {
		log_error("digest: cannot start the daily digest thread");
		db_close(t->db);
		pthread_cond_destroy(&t->cv);
		pthread_mutex_destroy(&t->mu);
		free(t->dir);
		free(t->base_url);
		free(t);
		return NULL;
	}
	return t;
}

/* See digest_timer.h. */
void digest_timer_stop(struct digest_timer *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->tid, NULL);
	db_close(t->db);
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
	free(t->dir);
	free(t->base_url);
	free(t);
}
