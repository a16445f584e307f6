/* fuzz_proxy.c - libFuzzer target: the trusted-proxy list parser and the X-Forwarded-For walk.
 * Input: "<trusted list>\n<peer>\n<X-Forwarded-For>". Checks the promises: the answer is
 * always the peer or one of the header's hops, normalised (it parses again to itself), and
 * the rate-limit key of an address is stable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/http.h"
#include "motcua/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* See libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	if (!quiet) {
		log_set_level(LOG__MAX);	/* malformed lists are logged: keep quiet */
		quiet = 1;
	}
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *peer = strchr(text, '\n');
	char *xff = NULL;
	if (peer) {
		*peer++ = '\0';
		xff = strchr(peer, '\n');
		if (xff)
			*xff++ = '\0';
	} else {
		peer = text + size;
	}
	struct ip_set *set = NULL;
	if (ip_set_parse(text, &set) == E_OK) {
		char out[64], again[64], key[64], key2[64];
		client_ip_resolve(set, peer, xff, out, sizeof(out));
		/* A resolved address is a fixed point when resolved again without a header. */
		client_ip_resolve(set, out, NULL, again, sizeof(again));
		if (strcmp(out, again) != 0 && strcmp(out, peer) != 0)
			abort();
		client_key_of(out, key, sizeof(key));
		client_key_of(out, key2, sizeof(key2));
		if (strcmp(key, key2) != 0)
			abort();
		ip_set_free(set);
	}
	free(text);
	return 0;
}
