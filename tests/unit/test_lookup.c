/* test_lookup.c - public lookup: right secret finds, wrong secret or code does not, and the
 * answer never carries the applicant's address, phone or identity number. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "motcua/lookup.h"
#include "motcua/migrate.h"
#include "../../src/store/db_sql.h"

static struct db *db;
static char db_file[64];
static unsigned char key[SERVER_KEY_BYTES];

/* A migrated database holding one received dossier with secret "K7MN-Q2RX" and two events. */
static void setup(void)
{
	snprintf(db_file, sizeof(db_file), "/tmp/motcua-test-lookup-%d.db", (int)getpid());
	unlink(db_file);
	if (db_open(db_file, &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	randombytes_buf(key, sizeof(key));
	unsigned char h[32];
	keyed_hash(key, "K7MNQ2RX", 8, h);
	db_exec(db, "INSERT INTO units (id, code, name, level, path) VALUES "
		    "(1, 'H29.23', 'UBND huyện Bình Chánh', 'district', '/1/');"
		    "INSERT INTO fields (id, name, name_fold) VALUES (1, 'Hộ tịch', 'ho tich');"
		    "INSERT INTO procedures (id, code, name, name_fold, field_id, online_level, "
		    "duration_value, duration_unit) VALUES (1, '1.001193', 'Đăng ký khai sinh', "
		    "'dang ky khai sinh', 1, 'full', 1, 'working_days');"
		    "INSERT INTO dossiers (id, code, procedure_id, unit_id, channel, applicant, "
		    "applicant_name, status, received_at, due_at) VALUES (1, 'H29.23-260105-0001', 1, 1, "
		    "'online', '{\"name\":\"Nguyễn Văn An\",\"phone\":\"0909123456\","
		    "\"address\":\"Vĩnh Lộc A\",\"id_number\":\"079203001234\"}', 'Nguyễn Văn An', "
		    "'received', 1767580000, 1767600000);"
		    "INSERT INTO dossier_events (dossier_id, seq, at, actor_role, kind, from_status, "
		    "to_status, note, prev_hash, hash) VALUES "
		    "(1, 1, 1767579120, 'citizen', 'submit', NULL, 'submitted', '', zeroblob(32), zeroblob(32)),"
		    "(1, 2, 1767580000, 'clerk', 'receive', 'submitted', 'received', 'ghi chú nội bộ', "
		    "zeroblob(32), zeroblob(32));");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "UPDATE dossiers SET lookup_hash = ?1 WHERE id = 1", -1,
			   &st, NULL);
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

static void right_code_and_secret_find_the_dossier(void)
{
	json_t *v = NULL;
	CHECK_INT(lookup_dossier(db, key, "H29.23-260105-0001", "k7mn-q2rx", &v), E_OK);
	if (!v)
		return;
	CHECK_STR(json_string_value(json_object_get(v, "applicant_masked")), "Nguyễn V. A.");
	CHECK_STR(json_string_value(json_object_get(v, "procedure_name")), "Đăng ký khai sinh");
	CHECK_INT(json_array_size(json_object_get(v, "events")), 2);
	char *dump = json_dumps(v, 0);
	CHECK(strstr(dump, "0909123456") == NULL);
	CHECK(strstr(dump, "Vĩnh Lộc") == NULL);
	CHECK(strstr(dump, "079203001234") == NULL);
	CHECK(strstr(dump, "nội bộ") == NULL);	/* internal note of a receive event */
	free(dump);
	json_decref(v);
}

static void wrong_secret_or_code_is_not_found(void)
{
	json_t *v = NULL;
	CHECK_INT(lookup_dossier(db, key, "H29.23-260105-0001", "K7MNQ2RY", &v), E_NOTFOUND);
	CHECK_INT(lookup_dossier(db, key, "H29.23-260105-0002", "K7MNQ2RX", &v), E_NOTFOUND);
	CHECK_INT(lookup_dossier(db, key, "H29.23-260105-0001", "", &v), E_NOTFOUND);
	CHECK_INT(lookup_dossier(db, key, "H29.23-260105-0001", "K7MNQ2RX'--", &v), E_NOTFOUND);
	CHECK(v == NULL);
}

static void secret_normalisation(void)
{
	char out[LOOKUP_SECRET_LEN + 1];
	CHECK(lookup_secret_normalise(" k7mn-q2rx ", out));
	CHECK_STR(out, "K7MNQ2RX");
	CHECK(!lookup_secret_normalise("K7MNQ2R", out));
	CHECK(!lookup_secret_normalise("K7MNQ2RXZ", out));
	CHECK(!lookup_secret_normalise("K7MN Q2R!", out));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	setup();
	RUN(right_code_and_secret_find_the_dossier);
	RUN(wrong_secret_or_code_is_not_found);
	RUN(secret_normalisation);
	db_close(db);
	char p[80];
	unlink(db_file);
	snprintf(p, sizeof(p), "%s-wal", db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_file);
	unlink(p);
	return harness_done("test_lookup");
}
