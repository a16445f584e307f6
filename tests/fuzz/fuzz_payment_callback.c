/* fuzz_payment_callback.c - libFuzzer target: the gateway answer's checks
 * (payment_verify_fields). Input: the first byte is a flag, the rest six lines: reference,
 * amount, status, time, nonce, sig. With flag bit 0 set, sig is replaced by the right MAC of
 * the fields as the canonical text would print them. Promises: never a crash; an accepted
 * answer has a well-formed reference, a positive amount, paid or cancelled, a time inside the
 * window, and its canonical text is exactly the canonical text of the fields as received (no
 * two spellings of one answer); without the right MAC nothing is ever accepted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/payment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1767582000

static const unsigned char KEY[PAYMENT_KEY_BYTES] = { 42 };
static const char *const NAMES[6] = { "reference", "amount", "status", "time", "nonce", "sig" };

struct input {
	char *value[6];
};

/* payment_field_fn over struct input. */
static const char *field(void *ctx, const char *name)
{
	struct input *in = ctx;
	for (int i = 0; i < 6; i++)
		if (!strcmp(NAMES[i], name))
			return in->value[i];
	return NULL;
}

/* See libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || sodium_init() < 0)
		return 0;
	int flag = data[0];
	char *text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	struct input in = { { NULL } };
	char *p = text;
	for (int i = 0; i < 6 && p; i++) {
		in.value[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	char mac[PAYMENT_MAC_HEX + 1];
	bool signed_right = false;
	if ((flag & 1) && in.value[4]) {
		struct payment_callback c = {
			.reference = in.value[0], .amount = strtoll(in.value[1], NULL, 10),
			.status = in.value[2], .time = strtoll(in.value[3], NULL, 10),
			.nonce = in.value[4] };
		payment_sign(KEY, &c, mac);
		in.value[5] = mac;
		signed_right = true;
	}
	struct payment_verdict v;
	char why[128];
	enum err e = payment_verify_fields(KEY, field, &in, NOW, &v, why, sizeof(why));
	if (e == E_OK) {
		if (!signed_right && (flag & 1))
			abort();
		if (!payment_reference_ok(v.reference) || v.amount <= 0 ||
		    (v.state != PAY_PAID && v.state != PAY_CANCELLED) || v.time < NOW - PAYMENT_WINDOW_S ||
		    v.time > NOW + PAYMENT_WINDOW_S)
			abort();
		/* The accepted values print back to exactly what was received. */
		char amount[24], time[24];
		snprintf(amount, sizeof(amount), "%lld", (long long)v.amount);
		snprintf(time, sizeof(time), "%lld", (long long)v.time);
		if (strcmp(amount, in.value[1]) || strcmp(time, in.value[3]) ||
		    strcmp(v.reference, in.value[0]) || strcmp(v.nonce, in.value[4]))
			abort();
	} else if (e != E_INVALID && e != E_FORBIDDEN && e != E_REFUSED) {
		abort();
	}
	free(text);
	return 0;
}
