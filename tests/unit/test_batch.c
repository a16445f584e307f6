/* test_batch.c - batch mode (seed, import) writes exactly the rows that the same events write
 * one transaction at a time: it only delays and groups the writes (docs/engine.md, speed). */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/buf.h"
#include "../../src/store/db_sql.h"

/* Every row of the tables the engine writes, as text. */
static void dump(struct fixture *f, struct buf *out)
{
	static const char *const sql[] = {
		"SELECT * FROM dossiers ORDER BY id",
		"SELECT id, dossier_id, seq, at, actor_id, actor_role, kind, from_status, to_status, "
		"note, data, hex(prev_hash), hex(hash) FROM dossier_events ORDER BY id",
		"SELECT * FROM stat_counters ORDER BY level, bucket, unit_id, procedure_id",
		"SELECT * FROM dossier_seq ORDER BY unit_id, day",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_handle(f->db), sql[i], -1, &st, NULL) != SQLITE_OK)
			abort();
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				if (sqlite3_column_type(st, c) == SQLITE_BLOB) {
					const unsigned char *b = sqlite3_column_blob(st, c);
					for (int k = 0; k < sqlite3_column_bytes(st, c); k++)
						buf_printf(out, "%02x", b[k]);
				} else {
					const unsigned char *t = sqlite3_column_text(st, c);
					buf_puts(out, t ? (const char *)t : "NULL");
				}
				buf_putc(out, '|');
			}
			buf_putc(out, '\n');
		}
		sqlite3_finalize(st);
		buf_puts(out, "--\n");
	}
}

/* One step of the history: dossier slot (0..2, -1 for none yet), event and its data. */
struct step {
	int slot;		/* which dossier; a new one when its id is still 0 */
	enum event_kind kind;
	const char *at;
	const char *channel, *reason, *rating, *delivery;
	enum err want;
};

/* Interleaved histories of three dossiers, with refused events in between, so that a batch
 * switches the current dossier back and forth and reloads written rows. */
static const struct step history[] = {
	{ 0, EV_RECEIVE, "2026-01-05T08:00", "counter", NULL, NULL, NULL, E_OK },
	{ 1, EV_SUBMIT, "2026-01-05T08:30", "online", NULL, NULL, NULL, E_OK },
	{ 0, EV_ASSIGN, "2026-01-05T09:00", NULL, NULL, NULL, NULL, E_OK },
	{ 1, EV_RECEIVE, "2026-01-05T10:00", NULL, NULL, NULL, NULL, E_OK },
	{ 0, EV_RATE, "2026-01-05T10:30", NULL, NULL, "satisfied", NULL, E_REFUSED },
	{ 2, EV_RECEIVE, "2026-01-06T08:00", "post", NULL, NULL, NULL, E_OK },
	{ 1, EV_REQUEST_SUPPLEMENT, "2026-01-06T09:00", NULL, "Thiếu \"CCCD\"", NULL, NULL,
	  E_OK },
	{ 0, EV_RESOLVE, "2026-01-07T15:00", NULL, NULL, NULL, NULL, E_OK },
	{ 1, EV_SUPPLEMENT, "2026-01-08T08:00", NULL, NULL, NULL, NULL, E_OK },
	{ 2, EV_WITHDRAW, "2026-01-08T09:00", NULL, "Tự rút", NULL, NULL, E_OK },
	{ 0, EV_RETURN, "2026-01-08T10:00", NULL, NULL, NULL, "counter", E_OK },
	{ 0, EV_RATE, "2026-01-08T10:05", NULL, NULL, "very_satisfied", NULL, E_OK },
	{ 2, EV_ASSIGN, "2026-01-08T11:00", NULL, NULL, NULL, NULL, E_REFUSED },
	{ 1, EV_ASSIGN, "2026-01-09T08:00", NULL, NULL, NULL, NULL, E_OK },
	{ 1, EV_RESOLVE, "2026-01-20T16:00", NULL, NULL, NULL, NULL, E_OK },
};

/* Apply the history to f (inside a batch when batch is true) and check each result. */
static void play(struct fixture *f, bool batch)
{
	int64_t ids[3] = { 0, 0, 0 };
	if (batch)
		CHECK_INT(engine_batch_begin(f->e, f->db), E_OK);
	for (size_t i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
		const struct step *s = &history[i];
		struct event_input in;
		memset(&in, 0, sizeof(in));
		if (!ids[s->slot]) {
			in.procedure_code = "R3";
			in.unit_code = "H29.23";
			in.applicant = "{\"name\":\"Nguyễn Văn An\"}";
			in.preset_secret = "ABCDEFGH";
		}
		in.channel = s->channel;
		in.reason = s->reason;
		in.rating = s->rating;
		in.delivery = s->delivery;
		struct event_result r;
		CHECK_INT(fix_ev(f, ids[s->slot], s->kind, ROLE_SYSTEM, s->at, &in, &r), s->want);
		if (s->want == E_OK && !ids[s->slot])
			ids[s->slot] = r.dossier_id;
	}
	if (batch)
		CHECK_INT(engine_batch_commit(f->e, f->db), E_OK);
}

static void batch_writes_the_same_rows_as_live_events(void)
{
	struct fixture live, batch;
	fix_open(&live);
	fix_open(&batch);
	play(&live, false);
	play(&batch, true);
	struct buf a = BUF_INIT, b = BUF_INIT;
	dump(&live, &a);
	dump(&batch, &b);
	CHECK(a.len > 1000);
	CHECK_STR(buf_str(&b), buf_str(&a));
	buf_free(&a);
	buf_free(&b);
	fix_close(&live);
	fix_close(&batch);
}

static void batch_after_live_events_continues_ids_and_chain(void)
{
	struct fixture f;
	fix_open(&f);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T08:00") == 1);
	CHECK_INT(engine_batch_begin(f.e, f.db), E_OK);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T09:00") == 2);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T10:00") == 3);
	CHECK_INT(engine_batch_commit(f.e, f.db), E_OK);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T11:00") == 4);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossiers"), 4);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossier_events e JOIN dossier_events p "
			      "ON p.id = e.id - 1 WHERE e.prev_hash = p.hash"), 3);
	fix_close(&f);
}

static void rolled_back_batch_leaves_nothing(void)
{
	struct fixture f;
	fix_open(&f);
	CHECK_INT(engine_batch_begin(f.e, f.db), E_OK);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T09:00") == 1);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T10:00") == 2);
	engine_batch_rollback(f.e, f.db);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossiers"), 0);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM dossier_events"), 0);
	CHECK_INT(fix_int(&f, "SELECT count(*) FROM stat_counters"), 0);
	CHECK(fix_receive(&f, "R3", "counter", "2026-01-05T11:00") == 1);
	fix_close(&f);
}

int main(void)
{
	RUN(batch_writes_the_same_rows_as_live_events);
	RUN(batch_after_live_events_continues_ids_and_chain);
	RUN(rolled_back_batch_leaves_nothing);
	return harness_done("test_batch");
}
