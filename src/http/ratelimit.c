/* ratelimit.c - sliding-window event counter per key (e.g. failed lookups per address).
 * Each key keeps the times of its last max+1 events in a ring; memory is bounded by
 * RL_MAX_KEYS: when full, expired keys are swept, then the least recently seen is evicted. */
#include "motcua/http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

#define RL_BUCKETS 1024
#define RL_MAX_KEYS 8192

struct rl_entry {
	struct rl_entry *next;
	char *key;
	int64_t last;		/* newest event */
	unsigned count;		/* events stored in ring (<= max + 1) */
	unsigned head;		/* next slot to write */
	int64_t times[];	/* max + 1 */
};

struct ratelimit {
	pthread_mutex_t lock;
	unsigned max;
	int64_t window;
	size_t nkeys;
	struct rl_entry *buckets[RL_BUCKETS];
};

/* See http.h. */
struct ratelimit *ratelimit_new(unsigned max, unsigned window_s)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));
	pthread_mutex_init(&rl->lock, NULL);
	rl->max = max;
	rl->window = window_s;
	return rl;
}

/* FNV-1a bucket of key. */
static size_t bucket_of(const char *key)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % RL_BUCKETS;
}

/* Events of e within (now - window, now]. */
static unsigned live_count(const struct ratelimit *rl, const struct rl_entry *e, int64_t now)
{
	unsigned n = 0, slots = rl->max + 1;
	for (unsigned i = 0; i < e->count; i++) {
		int64_t t = e->times[(e->head + slots - 1 - i) % slots];
		if (t > now - rl->window && t <= now)
			n++;
	}
	return n;
}

/* Remove entries whose newest event left the window; if none, the least recently seen. */
static void evict(struct ratelimit *rl, int64_t now)
{
	struct rl_entry **oldest = NULL;
	for (size_t b = 0; b < RL_BUCKETS; b++) {
		struct rl_entry **pp = &rl->buckets[b];
		while (*pp) {
			struct rl_entry *e = *pp;
			if (e->last <= now - rl->window) {
				*pp = e->next;
				free(e->key);
				free(e);
				rl->nkeys--;
				continue;
			}
			if (!oldest || e->last < (*oldest)->last)
				oldest = pp;
			pp = &e->next;
		}
	}
	if (rl->nkeys >= RL_MAX_KEYS && oldest) {
		struct rl_entry *e = *oldest;
		*oldest = e->next;
		free(e->key);
		free(e);
		rl->nkeys--;
	}
}

/* Entry of key, created when create is set (caller holds the lock). */
static struct rl_entry *lookup(struct ratelimit *rl, const char *key, int64_t now, bool create)
{
	size_t b = bucket_of(key);
	for (struct rl_entry *e = rl->buckets[b]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	if (!create)
		return NULL;
	if (rl->nkeys >= RL_MAX_KEYS)
		evict(rl, now);
	struct rl_entry *e = xcalloc(1, sizeof(*e) + (rl->max + 1) * sizeof(int64_t));
	e->key = xstrdup(key);
	e->next = rl->buckets[b];
	rl->buckets[b] = e;
	rl->nkeys++;
	return e;
}

/* See http.h. */
bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now)
{
	pthread_mutex_lock(&rl->lock);
	struct rl_entry *e = lookup(rl, key, now, true);
	unsigned slots = rl->max + 1;
	e->times[e->head] = now;
	e->head = (e->head + 1) % slots;
	if (e->count < slots)
		e->count++;
	if (now > e->last)
		e->last = now;
	bool over = live_count(rl, e, now) > rl->max;
	pthread_mutex_unlock(&rl->lock);
	return over;
}

/* See http.h. */
bool ratelimit_over(struct ratelimit *rl, const char *key, int64_t now)
{
	pthread_mutex_lock(&rl->lock);
	struct rl_entry *e = lookup(rl, key, now, false);
	bool over = e && live_count(rl, e, now) >= rl->max;
	pthread_mutex_unlock(&rl->lock);
	return over;
}

/* See http.h. */
void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	for (size_t b = 0; b < RL_BUCKETS; b++) {
		struct rl_entry *e = rl->buckets[b];
		while (e) {
			struct rl_entry *next = e->next;
			free(e->key);
			free(e);
			e = next;
		}
	}
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}
