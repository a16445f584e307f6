/* fuzz_import_calendar.c - libFuzzer target: any bytes as a calendar CSV (formats.md
 * "calendar": quoted fields, BOM, CRLF, duplicate dates, field limits) imported into an
 * in-memory database. Must never crash or leak; a refused file changes nothing and leaves no
 * transaction open; an accepted one is undone (fuzz_db.h). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_db.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer entry: one input, one import; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_open(NULL, NULL);
	struct import_result r;
	enum err e = import_calendar(fz_db, (const char *)data, size, &r);
	fz_after(e == E_OK, r.message);
	return 0;
}
