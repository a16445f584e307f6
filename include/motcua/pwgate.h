/* pwgate.h - the Argon2id gate: at most `slots` password hashes at once (one per core); other
 * callers wait in a bounded queue for at most wait_ms, so that a sign-in storm neither
 * exhausts memory (64 MiB per hash) nor takes every server thread. Thread-safe. */
#ifndef MOTCUA_PWGATE_H
#define MOTCUA_PWGATE_H

#include <stdbool.h>

struct pwgate;

/* A gate with slots concurrent holders (>= 1), at most queue_max waiters, each waiting at most
 * wait_ms milliseconds. Free with pwgate_free(). */
struct pwgate *pwgate_new(unsigned slots, unsigned queue_max, unsigned wait_ms);
/* Take a slot: true when taken (call pwgate_leave after hashing); false when the queue is full
 * or wait_ms passed without a free slot (answer 503). */
bool pwgate_enter(struct pwgate *g);
/* Give back a slot taken by pwgate_enter. */
void pwgate_leave(struct pwgate *g);
/* Slots of a gate sized for this machine: the number of online cores (at least 1). */
unsigned pwgate_cores(void);
/* NULL is allowed. */
void pwgate_free(struct pwgate *g);

#endif
