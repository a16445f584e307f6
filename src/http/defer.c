/* defer.c - deferred requests: a handler hands the rest of its work to a small pool of worker
 * threads; the connection is suspended meanwhile (MHD_suspend_connection) and resumed when the
 * work is done, so that no server thread ever waits on slow work (Argon2id). The pool has a
 * bounded FIFO queue; a job that waited longer than the limit, that finds the queue full or
 * that is still queued at shutdown gets the handler's "busy" answer instead of running.
 *
 * Ownership: while a job is queued or running the pool owns the request. MHD does not process
 * a suspended connection, so on_completed is not expected then; if it comes anyway (client
 * gone), it marks the job orphaned and the pool frees the request when the job ends. */
#include "internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "motcua/log.h"
#include "motcua/xalloc.h"

struct defer_pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct request *head, *tail;	/* queued, oldest first */
	unsigned queued, queue_max;
	unsigned idle;			/* workers waiting for a job */
	int64_t wait_us;
	bool stopping;			/* no new jobs run; queued ones get busy */
	bool joined;			/* the workers are gone: answer new jobs at once */
	unsigned nthreads;
	pthread_t *threads;
};

/* Microseconds of the monotonic clock. */
static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Run work (or, when work is NULL, the busy answer) on r with a fresh response. */
static void job_answer(struct request *r, http_handler work)
{
	response_release(&r->res);
	response_init(&r->res, r);
	if (work) {
		work(r, &r->res);
	} else if (r->defer_busy) {
		r->defer_busy(r, &r->res);
	} else {
		response_error(r, 503, HTTP_DETAIL_BUSY);
		res_header(&r->res, "Retry-After", "5");
	}
}

/* The job of r is finished (answer in r->res): resume its connection so that the access
 * handler queues the answer, or, when the client went away meanwhile, free the request. */
static void job_finish(struct defer_pool *p, struct request *r)
{
	struct MHD_Connection *c = r->conn;
	pthread_mutex_lock(&p->lock);
	bool orphan = r->defer_orphan;
	r->defer_state = DEFER_DONE;
	pthread_mutex_unlock(&p->lock);
	if (orphan)
		request_finish(r, 499, NULL);
	else
		MHD_resume_connection(c);
}

/* Unlink the head of the queue (p->lock held). */
static struct request *pop_head(struct defer_pool *p)
{
	struct request *r = p->head;
	p->head = r->defer_next;
	if (!p->head)
		p->tail = NULL;
	p->queued--;
	r->defer_next = NULL;
	r->defer_state = DEFER_RUNNING;
	return r;
}

/* Take off the head of the queue every job queued longer than the limit, or every job when
 * all is true (p->lock held); returns them as a list for answer_busy. */
static struct request *take_expired(struct defer_pool *p, int64_t now, bool all)
{
	struct request *list = NULL, **tail = &list;
	while (p->head && (all || now - p->head->defer_since > p->wait_us)) {
		*tail = pop_head(p);
		tail = &(*tail)->defer_next;
	}
	return list;
}

/* Answer every job of list with its busy page and finish it (p->lock not held). */
static void answer_busy(struct defer_pool *p, struct request *list)
{
	while (list) {
		struct request *r = list;
		list = r->defer_next;
		r->defer_next = NULL;
		job_answer(r, NULL);
		job_finish(p, r);
	}
}

/* A worker: take the oldest job, answer the ones that waited too long with busy, run the
 * rest; at shutdown answer what is left with busy. Server-thread hooks (the per-thread
 * database) apply: the thread exit hook runs when the worker ends. */
static void *worker(void *arg)
{
	struct defer_pool *p = arg;
	http_mark_thread();
	for (;;) {
		pthread_mutex_lock(&p->lock);
		p->idle++;
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		p->idle--;
		if (!p->head) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		struct request *late = take_expired(p, mono_us(), p->stopping);
		struct request *r = p->head ? pop_head(p) : NULL;
		bool orphan = r && r->defer_orphan;
		pthread_mutex_unlock(&p->lock);
		answer_busy(p, late);
		if (!r)
			continue;
		if (!orphan)
			job_answer(r, r->defer_fn);
		job_finish(p, r);
	}
	return NULL;
}

/* See internal.h. */
struct defer_pool *defer_pool_new(unsigned threads, unsigned queue_max, unsigned wait_ms)
{
	struct defer_pool *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->queue_max = queue_max;
	p->wait_us = (int64_t)wait_ms * 1000;
	p->threads = xcalloc(threads, sizeof(*p->threads));
	for (unsigned i = 0; i < threads; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
			log_error("http: cannot start deferred-work thread %u", i);
			break;
		}
		p->nthreads++;
	}
	if (p->nthreads == 0) {
		defer_pool_stop(p);
		defer_pool_free(p);
		return NULL;
	}
	return p;
}

/* See internal.h. */
enum MHD_Result defer_submit(struct request *r)
{
	struct defer_pool *p = r->srv->pool;
	if (!p) {
		job_answer(r, r->defer_fn);
		return response_queue(r);
	}
	int64_t now = mono_us();
	pthread_mutex_lock(&p->lock);
	struct request *late = take_expired(p, now, false);
	/* queue_max counts jobs that must wait: an idle worker takes one at once */
	bool refuse = p->stopping || p->queued >= p->queue_max + p->idle;
	pthread_mutex_unlock(&p->lock);
	answer_busy(p, late);
	if (refuse) {
		job_answer(r, NULL);
		return response_queue(r);
	}
	/* Suspended before it is queued: a worker may finish the job at once and resume. */
	MHD_suspend_connection(r->conn);
	pthread_mutex_lock(&p->lock);
	bool gone = p->joined;
	if (!gone) {
		r->defer_state = DEFER_QUEUED;
		r->defer_since = now;
		r->defer_next = NULL;
		if (p->tail)
			p->tail->defer_next = r;
		else
			p->head = r;
		p->tail = r;
		p->queued++;
		pthread_cond_signal(&p->wake);
	}
	pthread_mutex_unlock(&p->lock);
	if (gone) {	/* the pool stopped in between: busy, answered on resume */
		r->defer_state = DEFER_RUNNING;
		job_answer(r, NULL);
		job_finish(p, r);
	}
	return MHD_YES;
}

/* See internal.h. */
bool defer_orphan(struct request *r)
{
	struct defer_pool *p = r->srv->pool;
	if (!p)
		return false;
	pthread_mutex_lock(&p->lock);
	bool held = r->defer_state == DEFER_QUEUED || r->defer_state == DEFER_RUNNING;
	if (held)
		r->defer_orphan = true;
	pthread_mutex_unlock(&p->lock);
	return held;
}

/* See internal.h. */
void defer_pool_stop(struct defer_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	p->nthreads = 0;
	pthread_mutex_lock(&p->lock);
	p->joined = true;
	struct request *left = take_expired(p, 0, true);
	pthread_mutex_unlock(&p->lock);
	answer_busy(p, left);
}

/* See internal.h. */
void defer_pool_free(struct defer_pool *p)
{
	if (!p)
		return;
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}

/* See http.h. */
void req_defer(struct request *req, http_handler work, http_handler busy)
{
	req->defer_fn = work;
	req->defer_busy = busy;
}
