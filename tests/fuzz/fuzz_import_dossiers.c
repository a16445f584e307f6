/* fuzz_import_dossiers.c - libFuzzer target: any bytes as a dossier history file (formats.md
 * "dossiers", JSON Lines) replayed through the engine into an in-memory database with units
 * and two procedures (restart and pause policies). Must never crash or leak; a refused file
 * changes nothing and leaves no transaction open (fuzz_db.h); an accepted one must leave
 * counters equal to a replay of the log and an intact hash chain, and is then undone. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_db.h"
#include "motcua/audit.h"
#include "motcua/dossier.h"
#include "motcua/import_dossiers.h"
#include "motcua/stats.h"
#include "fuzz_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_units[] =
	"[{\"code\": \"H29\", \"name\": \"UBND TP\", \"level\": \"province\", \"parent\": null},"
	" {\"code\": \"H29.23\", \"name\": \"UBND huyện\", \"level\": \"district\","
	"  \"parent\": \"H29\"},"
	" {\"code\": \"H29.23.01\", \"name\": \"UBND xã\", \"level\": \"commune\","
	"  \"parent\": \"H29.23\"},"
	" {\"code\": \"H29.23.TP\", \"name\": \"Phòng Tư pháp\", \"level\": \"department\","
	"  \"parent\": \"H29.23\"}]";

static const char base_catalog[] =
	"[{\"code\": \"R3\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
	"  \"levels\": [\"district\", \"commune\"], \"online_level\": \"full\","
	"  \"duration\": {\"value\": 3, \"unit\": \"working_days\"}, \"cutoff\": \"15:00\","
	"  \"supplement_policy\": \"restart\", \"supplement_window_days\": 15,"
	"  \"result\": {\"name\": \"Giấy khai sinh\", \"is_document\": true}},"
	" {\"code\": \"P5\", \"name\": \"Cấp giấy chứng nhận\", \"field\": \"Đất đai\","
	"  \"levels\": [\"district\"], \"online_level\": \"info\","
	"  \"duration\": {\"value\": 5, \"unit\": \"working_hours\"},"
	"  \"supplement_policy\": \"pause\", \"supplement_window_days\": 2,"
	"  \"fees\": [{\"name\": \"Lệ phí\", \"amount\": 50000, \"kind\": \"fee\"}]}]";

static struct engine *engine;

/* Open (or reopen, after the database was restored) the engine. */
static void engine_reopen(void)
{
	static const unsigned char key[SERVER_KEY_BYTES] = { 9 };
	engine_free(engine);
	engine = NULL;
	if (engine_open(fz_db, key, &engine) != E_OK)
		abort();
}

/* libFuzzer entry: one input, one import; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_open(base_units, base_catalog);
	if (!engine)
		engine_reopen();
	struct import_dossiers_result r;
	enum err e = import_dossiers(engine, fz_db, (const char *)data, size, &r);
	if (e == E_OK) {
		int64_t diffs = -1, rows = 0;
		struct audit_break brk;
		if (stats_verify(fz_db, false, stderr, &diffs) != E_OK || diffs != 0) {
			fprintf(stderr, "fuzz: counters differ from a replay after an import\n");
			abort();
		}
		if (audit_verify(fz_db, &rows, &brk) != E_OK || brk.id != 0 || rows != r.events) {
			fprintf(stderr, "fuzz: hash chain broken after an import\n");
			abort();
		}
	}
	fz_after(e == E_OK, r.message);
	if (e == E_OK)
		engine_reopen();
	return 0;
}
