/* fuzz_import_units.c - libFuzzer target: any bytes as a units file (formats.md "units")
 * imported into an in-memory database that already holds a small tree, so updates, moves of
 * subtrees and parent look-ups are reached. Must never crash or leak; a refused file changes
 * nothing and leaves no transaction open; an accepted one is undone (fuzz_db.h). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_db.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_units[] =
	"[{\"code\": \"H29\", \"name\": \"UBND TP\", \"level\": \"province\", \"parent\": null},"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện\", \"level\": \"district\","
	"  \"parent\": \"H29\", \"hours\": [[\"07:00\", \"11:30\"], [\"13:30\", \"17:00\"]]},"
	" {\"code\": \"H29.23.01\", \"name\": \"UBND xã\", \"level\": \"commune\","
	"  \"parent\": \"H29.23\"}]";

/* libFuzzer entry: one input, one import; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_open(base_units, NULL);
	struct import_result r;
	enum err e = import_units(fz_db, (const char *)data, size, &r);
	fz_after(e == E_OK, r.message);
	return 0;
}
