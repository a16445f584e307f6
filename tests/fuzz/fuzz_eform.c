/* fuzz_eform.c - libFuzzer target: the e-form parser and validator.
 * Input byte 0: bit 0 draft mode; bit 1 set: the rest is a catalogue `form` value to parse
 * (and, when it parses, validated with every field given the same value "1/2/2026");
 * bit 1 clear: the rest is split at '\n' into the values of a fixed form holding every
 * field type, in order. Checks: values are valid UTF-8 JSON strings, at most cap errors are
 * written and each names a field of the form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/eform.h"
#include "motcua/text.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const FORM =
	"[{\"name\": \"t\", \"label\": \"T\", \"type\": \"text\", \"required\": true, \"max\": 6},"
	" {\"name\": \"ta\", \"label\": \"TA\", \"type\": \"textarea\", \"max\": 20},"
	" {\"name\": \"n\", \"label\": \"N\", \"type\": \"number\", \"max\": 1000},"
	" {\"name\": \"d\", \"label\": \"D\", \"type\": \"date\"},"
	" {\"name\": \"s\", \"label\": \"S\", \"type\": \"select\", \"options\": [\"Nam\", \"Nữ\"]},"
	" {\"name\": \"c\", \"label\": \"C\", \"type\": \"checkbox\", \"required\": true},"
	" {\"name\": \"i\", \"label\": \"I\", \"type\": \"id_number\"},"
	" {\"name\": \"p\", \"label\": \"P\", \"type\": \"phone\"},"
	" {\"name\": \"e\", \"label\": \"E\", \"type\": \"email\"}]";

struct vals {
	const char *names[EFORM_FIELDS_MAX];
	char *v[EFORM_FIELDS_MAX];
	int n;
	const char *same;	/* every field this value when set */
};

static const char *get(void *ctx, const char *name)
{
	struct vals *vs = ctx;
	if (vs->same)
		return vs->same;
	for (int i = 0; i < vs->n; i++)
		if (strcmp(vs->names[i], name) == 0)
			return vs->v[i];
	return NULL;
}

/* Validate f with vs and check the outcome. */
static void run(const struct eform *f, struct vals *vs, bool draft)
{
	struct eform_error errs[4];
	json_t *values = NULL;
	int n = eform_validate(f, get, vs, draft, &values, errs, 4);
	for (int i = 0; i < n && i < 4; i++)
		if (!eform_field(f, errs[i].field) || !errs[i].key)
			abort();
	const char *k;
	json_t *v;
	json_object_foreach(values, k, v) {
		if (!eform_find(f, k))
			abort();
		if (json_is_string(v) && !utf8_valid(json_string_value(v), json_string_length(v)))
			abort();
	}
	json_decref(values);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool draft = data[0] & 1;
	char *rest = malloc(size);
	memcpy(rest, data + 1, size - 1);
	rest[size - 1] = '\0';
	struct vals vs = { .n = 0 };
	struct eform *f = NULL;
	if (data[0] & 2) {
		char why[128];
		if (eform_parse(rest, &f, why, sizeof(why)) == E_OK) {
			vs.same = "1/2/2026";
			run(f, &vs, draft);
			eform_free(f);
		}
	} else if (eform_parse(FORM, &f, NULL, 0) == E_OK) {
		char *p = rest;
		for (int i = 0; i < eform_count(f) && p; i++) {
			vs.names[vs.n] = eform_field(f, i)->name;
			vs.v[vs.n++] = p;
			p = strchr(p, '\n');
			if (p)
				*p++ = '\0';
		}
		run(f, &vs, draft);
		eform_free(f);
	} else {
		abort();
	}
	free(rest);
	return 0;
}
