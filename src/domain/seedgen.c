/* seedgen.c - realistic histories at scale through the engine (see seedgen.h). */
#include "motcua/seedgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/dossier_store.h"
#include "motcua/worktime.h"

struct gen {
	uint64_t rng;		/* history choices */
	uint64_t secrets;	/* lookup secrets (own stream, so histories do not shift) */
	struct engine *e;
	struct db *db;
	const struct calendar *cal;
	int64_t now;
	int64_t events;
	struct seedgen_result *out;
	const struct seedgen_opts *opts;
	char applicant[160];	/* JSON of the current dossier's applicant */
};

static const char *const family_names[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
	"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};
static const char *const middle_names[] = {
	"Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu", "Đức", "Kim",
};
static const char *const given_names[] = {
	"An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai",
	"Nam", "Phúc", "Quân", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Khang", "Yến", "Sơn", "Nhung",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* xorshift64* step. */
static uint64_t next(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* Uniform integer in [0, n). */
static int64_t rnd(struct gen *g, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)((next(&g->rng) >> 11) % (uint64_t)n);
}

/* True with probability pct/1000. */
static bool chance(struct gen *g, int permille)
{
	return rnd(g, 1000) < permille;
}

/* An instant inside office hours, `seconds` of office time after t (normalised). */
static int64_t office(struct gen *g, int64_t t, int64_t seconds)
{
	int64_t s = worktime_clock_start(g->cal, &OFFICE_HOURS_DEFAULT, t, -1);
	return worktime_add_seconds(g->cal, &OFFICE_HOURS_DEFAULT, s, seconds);
}

/* Apply one event unless it lies after now. Returns E_OK, E_LIMIT (in the future: the
 * history stops here), E_REFUSED (ignored by callers where expected) or a hard error. */
static enum err ev(struct gen *g, int64_t id, enum event_kind k, int64_t at,
		   struct event_input *in, struct event_result *r)
{
	if (at > g->now)
		return E_LIMIT;
	in->dossier_id = id;
	in->kind = k;
	in->role = ROLE_SYSTEM;
	struct clock clk = { at };
	enum err e = dossier_apply(g->e, g->db, &clk, in, r, NULL, 0);
	if (e == E_OK)
		g->events++;
	return e;
}

/* Stop on anything but success. */
#define STEP(call)                                    \
	do {                                          \
		enum err e_ = (call);                 \
		if (e_ != E_OK)                       \
			return e_ == E_LIMIT || e_ == E_REFUSED ? E_OK : e_; \
	} while (0)

/* Remember the first dossier for demos and tell the caller about every one. */
static void created(struct gen *g, const char *code, const char *secret)
{
	if (!g->out->first_code[0]) {
		snprintf(g->out->first_code, sizeof(g->out->first_code), "%s", code);
		snprintf(g->out->first_secret, sizeof(g->out->first_secret), "%s", secret);
	}
	if (g->opts->created)
		g->opts->created(g->opts->ctx, code, secret);
}

/* One dossier's history starting with its reception around t. */
static enum err one(struct gen *g, const struct seed_pair *p, int64_t t)
{
	struct event_input in;
	struct event_result r;
	memset(&in, 0, sizeof(in));
	char secret[LOOKUP_SECRET_LEN + 1];
	lookup_secret_from_prng(&g->secrets, secret);
	in.preset_secret = secret;
	in.unit_id = p->unit_id;
	in.procedure_id = p->procedure_id;
	in.digitised = chance(g, 600);
	snprintf(g->applicant, sizeof(g->applicant), "{\"name\":\"%s %s %s\"}",
		 family_names[next(&g->secrets) % COUNT(family_names)],
		 middle_names[next(&g->secrets) % COUNT(middle_names)],
		 given_names[next(&g->secrets) % COUNT(given_names)]);
	in.applicant = g->applicant;
	int64_t at = office(g, t, rnd(g, 8 * 3600));
	int ch = chance(g, 60) ? CH_POST : (p->online && chance(g, 480)) ? CH_ONLINE : CH_COUNTER;
	in.channel = channel_name((enum channel)ch);
	int64_t id;
	if (ch == CH_ONLINE) {
		int64_t sub = at - rnd(g, 36 * 3600);
		STEP(ev(g, 0, EV_SUBMIT, sub, &in, &r));
		id = r.dossier_id;
		created(g, r.code, secret);
		memset(&in, 0, sizeof(in));
		if (at < sub)
			at = sub + 60;
		if (chance(g, 30)) {
			in.reason = "Hồ sơ không thuộc thẩm quyền";
			STEP(ev(g, id, EV_REFUSE, at, &in, &r));
			return E_OK;
		}
		STEP(ev(g, id, EV_RECEIVE, at, &in, &r));
	} else {
		STEP(ev(g, 0, EV_RECEIVE, at, &in, &r));
		id = r.dossier_id;
		created(g, r.code, secret);
	}
	memset(&in, 0, sizeof(in));
	int64_t due = r.due_at;
	int64_t last = at;
	if (chance(g, 20)) {
		STEP(ev(g, id, EV_WITHDRAW, office(g, last, 3600 + rnd(g, 5 * 8 * 3600)), &in, &r));
		return E_OK;
	}
	/* Supplements: 10% once, 1.5% twice, 1% never answered. */
	int supp = chance(g, 100) ? 1 : 0;
	if (supp && chance(g, 150))
		supp = 2;
	bool abandon = chance(g, 10);
	for (int i = 0; i < supp || (abandon && i == 0); i++) {
		in.reason = "Thiếu bản sao giấy tờ";
		in.items = "Bản sao CCCD";
		last = office(g, last, 1800 + rnd(g, 4 * 3600));
		STEP(ev(g, id, EV_REQUEST_SUPPLEMENT, last, &in, &r));
		memset(&in, 0, sizeof(in));
		if (abandon) {
			STEP(ev(g, id, EV_EXPIRE_SUPPLEMENT, last + 30 * 86400, &in, &r));
			return E_OK;
		}
		last = office(g, last, 8 * 3600 + rnd(g, 3 * 8 * 3600));
		STEP(ev(g, id, EV_SUPPLEMENT, last, &in, &r));
		due = r.due_at;
	}
	/* Hand-over within two hours, but within a quarter of the time left for short
	 * procedures (certifications are done the same day). */
	int64_t left = worktime_between(g->cal, &OFFICE_HOURS_DEFAULT, last, due);
	int64_t handover = left / 4 < 2 * 3600 ? left / 4 : 2 * 3600;
	last = office(g, last, 60 + rnd(g, handover > 60 ? handover : 60));
	in.step = 0;
	STEP(ev(g, id, EV_ASSIGN, last, &in, &r));
	if (p->fee && chance(g, 500)) {
		/* The fee notice comes within a day, or within a third of the time left. */
		int64_t left_now = worktime_between(g->cal, &OFFICE_HOURS_DEFAULT, last, due);
		int64_t notice = left_now / 3 < 8 * 3600 ? left_now / 3 : 8 * 3600;
		last = office(g, last, 60 + rnd(g, notice > 60 ? notice : 60));
		STEP(ev(g, id, EV_REQUEST_PAYMENT, last, &in, &r));
		last = office(g, last, 1800 + rnd(g, 8 * 3600));
		in.method = chance(g, 600) ? "online" : "counter";
		in.amount = 50000;
		STEP(ev(g, id, EV_PAY, last, &in, &r));
		memset(&in, 0, sizeof(in));
		due = r.due_at;
	}
	if (chance(g, 20)) {
		in.reason = "Hồ sơ không đủ điều kiện";
		last = office(g, last, 3600 + rnd(g, 16 * 3600));
		STEP(ev(g, id, EV_STOP, last, &in, &r));
		memset(&in, 0, sizeof(in));
	} else {
		/* 75% early, 17% on time, 8% late. */
		int64_t avail = worktime_between(g->cal, &OFFICE_HOURS_DEFAULT, last, due);
		int64_t fin;
		int64_t roll = rnd(g, 100);
		if (roll < 8 || avail < 120) {
			fin = office(g, due, 3600 + rnd(g, 4 * 8 * 3600));
			if (chance(g, 500)) {
				in.reason = "Cần thêm thời gian thẩm định";
				in.promised_at = fin + 86400;
				int64_t ap = office(g, last, avail > 8 * 3600 ? avail - 8 * 3600 : 60);
				STEP(ev(g, id, EV_APOLOGISE, ap, &in, &r));
				memset(&in, 0, sizeof(in));
				last = ap;
			}
		} else if (roll < 25) {
			fin = due - rnd(g, 3600);
			if (local_day(fin) != local_day(due))
				fin = due;
		} else if (avail < 3600) {
			fin = office(g, last, 60 + rnd(g, avail - 60));	/* short procedures */
		} else {
			fin = office(g, last, avail / 10 + rnd(g, avail / 2));
		}
		if (fin <= last)
			fin = last + 600;
		if (chance(g, 700))
			in.result_file = "ket-qua.pdf";
		STEP(ev(g, id, EV_RESOLVE, fin, &in, &r));
		memset(&in, 0, sizeof(in));
		last = fin;
	}
	in.delivery = chance(g, 100) ? "post" : chance(g, 300) ? "online" : "counter";
	in.postal_tracking = "EMS000000VN";
	last = office(g, last, 1800 + rnd(g, 2 * 8 * 3600));
	STEP(ev(g, id, EV_RETURN, last, &in, &r));
	memset(&in, 0, sizeof(in));
	if (chance(g, 600)) {
		int64_t k = rnd(g, 100);
		in.rating = k < 50 ? "very_satisfied" : k < 95 ? "satisfied" : "dissatisfied";
		STEP(ev(g, id, EV_RATE, last + 600 + rnd(g, 86400), &in, &r));
	}
	return E_OK;
}

/* See seedgen.h. */
enum err seedgen_run(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
		     const struct seedgen_opts *o, struct seedgen_result *out)
{
	memset(out, 0, sizeof(*out));
	struct seed_pair *pairs = NULL;
	int npairs = 0;
	enum err e = dossier_store_seed_pairs(db, &pairs, &npairs);
	if (e != E_OK)
		return e;
	if (npairs == 0) {
		free(pairs);
		return E_INVALID;
	}
	struct gen g;
	memset(&g, 0, sizeof(g));
	g.rng = o->seed * 0x9E3779B97F4A7C15ull + 0x1234567ull;
	g.secrets = o->seed * 0xBF58476D1CE4E5B9ull + 0x7654321ull;
	g.db = db;
	g.out = out;
	g.opts = o;
	struct clock real = { 0 };
	g.now = o->now ? o->now : clock_now(&real);
	if ((e = engine_open(db, key, &g.e)) != E_OK) {
		free(pairs);
		return e;
	}
	g.cal = engine_calendar(g.e);
	int years = o->years > 0 ? o->years : 1;
	int64_t span = (int64_t)years * 365 * 86400;
	int64_t start = g.now - span;
	/* Bigger batches merge more counter deltas in memory (fewer upserts per dossier). */
	int batch = o->batch > 0 ? o->batch : 10000;
	/* Bulk: secondary indexes of the two big tables are rebuilt once at the end (one sorted
	 * pass each) instead of being updated row by row; the seed only reads by rowid, code and
	 * (dossier_id, seq), which are constraint indexes and stay. */
	struct buf indexes = BUF_INIT;
	if (o->bulk && ((e = db_bulk_begin(db)) != E_OK ||
			(e = db_indexes_defer(db, "dossiers", &indexes)) != E_OK ||
			(e = db_indexes_defer(db, "dossier_events", &indexes)) != E_OK)) {
		db_indexes_restore(db, &indexes);
		buf_free(&indexes);
		engine_free(g.e);
		free(pairs);
		return e;
	}
	int64_t done = 0;
	while (done < o->dossiers && e == E_OK) {
		if ((e = engine_batch_begin(g.e, db)) != E_OK)
			break;
		for (int i = 0; i < batch && done < o->dossiers; i++, done++) {
			int64_t t = start + (int64_t)((double)span * (double)done /
						      (double)o->dossiers);
			const struct seed_pair *p = &pairs[rnd(&g, npairs)];
			if ((e = one(&g, p, t)) != E_OK)
				break;
		}
		if (e != E_OK) {
			engine_batch_rollback(g.e, db);
			break;
		}
		if ((e = engine_batch_commit(g.e, db)) != E_OK)
			break;
		out->dossiers = done;
		if (o->progress)
			o->progress(o->ctx, done, o->dossiers);
	}
	out->events = g.events;
	if (o->bulk) {
		enum err e2 = db_indexes_restore(db, &indexes);
		enum err e3 = db_bulk_end(db);
		if (e == E_OK)
			e = e2 != E_OK ? e2 : e3;
	}
	buf_free(&indexes);
	engine_free(g.e);
	free(pairs);
	return e;
}
