/* fuzz_import_catalog.c - libFuzzer target: any bytes as a catalogue file (formats.md
 * "catalog") imported into an in-memory database with a few units (for "department") and one
 * procedure already there (for replacement). Must never crash or leak; a refused file changes
 * nothing and leaves no transaction open; an accepted one is undone (fuzz_db.h). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_db.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_units[] =
	"[{\"code\": \"H29\", \"name\": \"UBND TP\", \"level\": \"province\", \"parent\": null},"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện\", \"level\": \"district\","
	"  \"parent\": \"H29\"},"
	" {\"code\": \"H29.23.TP\", \"name\": \"Phòng Tư pháp\", \"level\": \"department\","
	"  \"parent\": \"H29.23\"}]";

static const char base_catalog[] =
	"[{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
	"  \"levels\": [\"commune\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 1, \"unit\": \"working_days\"}}]";

/* libFuzzer entry: one input, one import; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_open(base_units, base_catalog);
	struct import_result r;
	enum err e = import_catalog(fz_db, (const char *)data, size, &r);
	fz_after(e == E_OK, r.message);
	return 0;
}
