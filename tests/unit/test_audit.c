/* test_audit.c - the hash chain of the event log names the first altered row. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/audit.h"
#include "motcua/seedgen.h"

static struct fixture F;

static void seeded_log_verifies(void)
{
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	struct seedgen_opts o = { .dossiers = 2000, .years = 1, .seed = 7,
				  .now = T("2026-06-30T12:00") };
	struct seedgen_result r;
	CHECK_INT(seedgen_run(F.db, key, &o, &r), E_OK);
	int64_t rows = 0;
	struct audit_break b;
	CHECK_INT(audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(rows, fix_int(&F, "SELECT count(*) FROM dossier_events"));
	CHECK_INT(b.id, 0);
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossier_events WHERE id = 1 AND "
			      "prev_hash = zeroblob(32)"), 1);
}

static void log_is_append_only(void)
{
	CHECK(db_exec(F.db, "UPDATE dossier_events SET note = 'x' WHERE id = 5") != E_OK);
	CHECK(db_exec(F.db, "DELETE FROM dossier_events WHERE id = 5") != E_OK);
}

static void one_changed_byte_names_its_row(void)
{
	/* Make a late dossier look on time: one byte in one event's data. */
	int64_t id = fix_int(&F, "SELECT min(id) FROM dossier_events WHERE data LIKE "
				 "'%\"outcome\":\"late\"%'");
	CHECK(id > 0);
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "DROP TRIGGER dossier_events_no_update; "
		 "UPDATE dossier_events SET data = replace(data, '\"late\"', '\"lat_\"') "
		 "WHERE id = %lld", (long long)id);
	CHECK_INT(db_exec(F.db, sql), E_OK);
	int64_t rows;
	struct audit_break b;
	CHECK_INT(audit_verify(F.db, &rows, &b), E_OK);
	CHECK_INT(b.id, id);
	CHECK_STR(b.what, "hash");
	CHECK(b.code[0] != '\0');
	snprintf(sql, sizeof(sql), "SELECT seq FROM dossier_events WHERE id = %lld", (long long)id);
	CHECK_INT(b.seq, fix_int(&F, sql));
}

int main(void)
{
	fix_open(&F);
	RUN(seeded_log_verifies);
	RUN(log_is_append_only);
	RUN(one_changed_byte_names_its_row);
	fix_close(&F);
	return harness_done("test_audit");
}
