/* bench_auth.c - the cost of one Argon2id password check for `make bench` (issue #6): the
 * work a sign-in does on top of its database reads. Prints the median and the spread of
 * --runs verifications of a correct password (libsodium crypto_pwhash_str_verify with the
 * parameters auth_password_hash stores) and of one hash.
 * usage: bench_auth [--runs N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "motcua/auth.h"

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* qsort comparison of doubles. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Hash once, verify runs times; print the figures. */
int main(int argc, char **argv)
{
	int runs = 9;
	if (argc == 3 && !strcmp(argv[1], "--runs"))
		runs = atoi(argv[2]);
	if (runs < 1 || runs > 1000 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_auth [--runs 1..1000]\n");
		return 2;
	}
	static const char password[] = "motcua-demo-2026";
	char stored[128];
	double t0 = now_ms();
	if (auth_password_hash(password, stored) != E_OK) {
		fprintf(stderr, "bench_auth: hashing failed\n");
		return 1;
	}
	double hash_ms = now_ms() - t0;
	double *t = calloc((size_t)runs, sizeof(*t));
	if (!t)
		return 1;
	for (int i = 0; i < runs; i++) {
		double s = now_ms();
		if (!auth_password_verify(stored, password)) {
			fprintf(stderr, "bench_auth: verification failed\n");
			return 1;
		}
		t[i] = now_ms() - s;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("argon2id hash          %8.1f ms (one, interactive limits: %llu ops, %zu MiB)\n",
	       hash_ms, (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
	       (size_t)(crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20));
	printf("argon2id verify        %8.1f ms median of %d (min %.1f, max %.1f)\n",
	       t[runs / 2], runs, t[0], t[runs - 1]);
	free(t);
	return 0;
}
