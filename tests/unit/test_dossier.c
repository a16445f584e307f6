/* test_dossier.c - the state machine of domain.md §4-5 through dossier_apply. */
#include "harness.h"

#include <pthread.h>

#include "engine_fixture.h"
#include "motcua/dossier_store.h"

static struct fixture F;

/* Status of dossier id. */
static enum dossier_status status_of(int64_t id)
{
	struct dossier d;
	if (dossier_store_load(F.db, id, NULL, &d) != E_OK)
		return DS__MAX;
	return d.status;
}

/* Extra input that satisfies every guard of every event. */
static struct event_input full_input(void)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.reason = "lý do";
	in.items = "Bản sao CCCD";
	in.promised_at = T("2026-02-20T17:00");
	in.method = "online";
	in.amount = 50000;
	in.delivery = "counter";
	in.rating = "satisfied";
	return in;
}

/* A dossier of R3 brought to state s at 2026-01-05 (the supplement from `wait_from`). */
static int64_t make_in(enum dossier_status s, enum dossier_status wait_from)
{
	struct event_input in = full_input();
	struct event_result r;
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	if (s == DS_SUBMITTED || (s == DS_SUPPLEMENT && wait_from == DS_SUBMITTED) ||
	    s == DS_REFUSED) {
		in.channel = "online";
		if (fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r) != E_OK)
			return 0;
		if (s == DS_REFUSED)
			fix_ev(&F, r.dossier_id, EV_REFUSE, ROLE_CLERK, "2026-01-05T08:10", &in, NULL);
		if (s == DS_SUPPLEMENT)
			fix_ev(&F, r.dossier_id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T08:10",
			       &in, NULL);
		return r.dossier_id;
	}
	if (fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-01-05T08:00", &in, &r) != E_OK)
		return 0;
	int64_t id = r.dossier_id;
	if (s == DS_RECEIVED)
		return id;
	if (s == DS_SUPPLEMENT && wait_from == DS_RECEIVED) {
		fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T08:10", &in, NULL);
		return id;
	}
	if (s == DS_WITHDRAWN) {
		fix_ev(&F, id, EV_WITHDRAW, ROLE_CITIZEN, "2026-01-05T08:10", &in, NULL);
		return id;
	}
	fix_ev(&F, id, EV_ASSIGN, ROLE_LEADER, "2026-01-05T08:20", &in, NULL);
	switch (s) {
	case DS_SUPPLEMENT:
		fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, "2026-01-05T09:00", &in, NULL);
		break;
	case DS_PAYMENT:
		fix_ev(&F, id, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-01-05T09:00", &in, NULL);
		break;
	case DS_RESOLVED:
	case DS_RETURNED:
		fix_ev(&F, id, EV_RESOLVE, ROLE_LEADER, "2026-01-05T09:00", &in, NULL);
		if (s == DS_RETURNED)
			fix_ev(&F, id, EV_RETURN, ROLE_CLERK, "2026-01-05T09:30", &in, NULL);
		break;
	case DS_STOPPED:
		fix_ev(&F, id, EV_STOP, ROLE_LEADER, "2026-01-05T09:00", &in, NULL);
		break;
	default:
		break;
	}
	return id;
}

/* The table of domain.md §4, written independently of the engine's. */
struct allowed {
	enum event_kind k;
	enum dossier_status from, wait_from, to;
	enum role role;
};
static const struct allowed ALLOWED[] = {
	{ EV_RECEIVE, DS_SUBMITTED, 0, DS_RECEIVED, ROLE_CLERK },
	{ EV_REFUSE, DS_SUBMITTED, 0, DS_REFUSED, ROLE_CLERK },
	{ EV_REQUEST_SUPPLEMENT, DS_SUBMITTED, 0, DS_SUPPLEMENT, ROLE_CLERK },
	{ EV_REQUEST_SUPPLEMENT, DS_RECEIVED, 0, DS_SUPPLEMENT, ROLE_CLERK },
	{ EV_REQUEST_SUPPLEMENT, DS_PROCESSING, 0, DS_SUPPLEMENT, ROLE_SPECIALIST },
	{ EV_SUPPLEMENT, DS_SUPPLEMENT, DS_SUBMITTED, DS_SUBMITTED, ROLE_CITIZEN },
	{ EV_SUPPLEMENT, DS_SUPPLEMENT, DS_RECEIVED, DS_RECEIVED, ROLE_CLERK },
	{ EV_SUPPLEMENT, DS_SUPPLEMENT, DS_PROCESSING, DS_PROCESSING, ROLE_CITIZEN },
	{ EV_ASSIGN, DS_RECEIVED, 0, DS_PROCESSING, ROLE_CLERK },
	{ EV_ASSIGN, DS_PROCESSING, 0, DS_PROCESSING, ROLE_LEADER },
	{ EV_TRANSFER, DS_RECEIVED, 0, DS_PROCESSING, ROLE_SPECIALIST },
	{ EV_TRANSFER, DS_PROCESSING, 0, DS_PROCESSING, ROLE_SPECIALIST },
	{ EV_REQUEST_PAYMENT, DS_PROCESSING, 0, DS_PAYMENT, ROLE_SPECIALIST },
	{ EV_PAY, DS_PAYMENT, 0, DS_PROCESSING, ROLE_CITIZEN },
	{ EV_APOLOGISE, DS_PROCESSING, 0, DS_PROCESSING, ROLE_LEADER },
	{ EV_RESOLVE, DS_PROCESSING, 0, DS_RESOLVED, ROLE_SPECIALIST },
	{ EV_STOP, DS_PROCESSING, 0, DS_STOPPED, ROLE_LEADER },
	{ EV_WITHDRAW, DS_SUBMITTED, 0, DS_WITHDRAWN, ROLE_CITIZEN },
	{ EV_WITHDRAW, DS_RECEIVED, 0, DS_WITHDRAWN, ROLE_CLERK },
	{ EV_WITHDRAW, DS_PROCESSING, 0, DS_WITHDRAWN, ROLE_CITIZEN },
	{ EV_WITHDRAW, DS_SUPPLEMENT, DS_PROCESSING, DS_WITHDRAWN, ROLE_CITIZEN },
	{ EV_WITHDRAW, DS_PAYMENT, 0, DS_WITHDRAWN, ROLE_CLERK },
	{ EV_RETURN, DS_RESOLVED, 0, DS_RETURNED, ROLE_CLERK },
	{ EV_RETURN, DS_STOPPED, 0, DS_RETURNED, ROLE_CLERK },
	{ EV_RATE, DS_RETURNED, 0, DS_RETURNED, ROLE_CITIZEN },
};
#define NALLOWED (sizeof(ALLOWED) / sizeof(ALLOWED[0]))

static void every_allowed_transition_reaches_its_state(void)
{
	for (size_t i = 0; i < NALLOWED; i++) {
		const struct allowed *a = &ALLOWED[i];
		int64_t id = make_in(a->from, a->wait_from ? a->wait_from : DS_PROCESSING);
		CHECK_INT(status_of(id), a->from);
		struct event_input in = full_input();
		enum err e = fix_ev(&F, id, a->k, a->role, "2026-01-06T10:00", &in, NULL);
		if (!CHECK_INT(e, E_OK) || !CHECK_INT(status_of(id), a->to))
			fprintf(stderr, "  event %s from %s\n", event_kind_name(a->k),
				dossier_status_name(a->from));
	}
}

static void counter_intake_and_submission_create_dossiers(void)
{
	struct event_result r;
	struct event_input in = full_input();
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	in.channel = "post";
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-01-05T08:00", &in, &r), E_OK);
	CHECK_INT(r.to, DS_RECEIVED);
	CHECK(r.code[0] != '\0');
	in.channel = "online";
	CHECK_INT(fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r), E_OK);
	CHECK_INT(r.to, DS_SUBMITTED);
	CHECK(lookup_secret_valid(r.secret));
	/* A resolve cannot create a dossier, online cannot be a counter intake. */
	CHECK_INT(fix_ev(&F, 0, EV_RESOLVE, ROLE_LEADER, "2026-01-05T08:00", &in, &r), E_REFUSED);
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-01-05T08:00", &in, &r), E_INVALID);
}

/* Everything an event could change, to compare before and after a refusal. */
struct snapshot {
	int64_t events, dossiers, counters, seq;
	struct dossier d;
};

static void take(struct snapshot *s, int64_t id)
{
	s->events = fix_int(&F, "SELECT count(*) FROM dossier_events");
	s->dossiers = fix_int(&F, "SELECT count(*) FROM dossiers");
	s->counters = fix_int(&F, "SELECT count(*) * 1000 + total(received + fin_early + "
				  "fin_on_time + fin_late + open_delta + waiting_delta + "
				  "overdue_delta + apologies + rating_satisfied) FROM stat_counters");
	s->seq = fix_int(&F, "SELECT total(last) FROM dossier_seq");
	dossier_store_load(F.db, id, NULL, &s->d);
}

static void refused_transition_from_every_state_changes_nothing(void)
{
	static const enum dossier_status states[] = {
		DS_SUBMITTED, DS_RECEIVED, DS_REFUSED, DS_PROCESSING, DS_SUPPLEMENT, DS_PAYMENT,
		DS_WITHDRAWN, DS_STOPPED, DS_RESOLVED, DS_RETURNED,
	};
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		int64_t id = make_in(states[i], DS_PROCESSING);
		int refused = 0;
		for (int k = 0; k < EV__MAX; k++) {
			bool allowed = false;
			for (size_t j = 0; j < NALLOWED; j++)
				allowed = allowed || (ALLOWED[j].k == (enum event_kind)k &&
						      ALLOWED[j].from == states[i]);
			if (k == EV_EXPIRE_SUPPLEMENT && states[i] == DS_SUPPLEMENT)
				allowed = true;
			/* pay before reception: allowed by the table, refused by its guards
			 * (R3 has no fee); see level4_pay_before_receipt_*. */
			if (k == EV_PAY && (states[i] == DS_SUBMITTED || states[i] == DS_RECEIVED))
				allowed = true;
			/* administrative events (issue 10): allowed by the table, refused by their
			 * guards without a new due date / unit (test_units.c). */
			if ((k == EV_RESCHEDULE || k == EV_MOVE_UNIT) &&
			    dossier_event_allowed((enum event_kind)k, states[i], ROLE_SYSTEM))
				allowed = true;
			if (allowed)
				continue;
			struct snapshot a, b;
			take(&a, id);
			struct event_input in = full_input();
			struct event_result r;
			enum err e = fix_ev(&F, id, (enum event_kind)k, ROLE_SYSTEM,
					    "2026-01-06T10:00", &in, &r);
			take(&b, id);
			if (!CHECK_INT(e, E_REFUSED))
				fprintf(stderr, "  %s from %s\n", event_kind_name((enum event_kind)k),
					dossier_status_name(states[i]));
			CHECK_STR(r.msg_key, "dossier.refused.transition");
			CHECK_INT(b.events, a.events);
			CHECK_INT(b.dossiers, a.dossiers);
			CHECK_INT(b.counters, a.counters);
			CHECK_INT(b.seq, a.seq);
			CHECK(memcmp(&a.d, &b.d, sizeof(a.d)) == 0);
			refused++;
		}
		CHECK(refused > 0);
	}
}

static void guards_refuse_missing_reason_wrong_role_and_repeats(void)
{
	int64_t id = make_in(DS_SUBMITTED, 0);
	struct event_result r;
	CHECK_INT(fix_ev(&F, id, EV_REFUSE, ROLE_CLERK, "2026-01-05T09:00", NULL, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.reason_required");
	CHECK_INT(fix_ev(&F, id, EV_RECEIVE, ROLE_CITIZEN, "2026-01-05T09:00", NULL, &r),
		  E_FORBIDDEN);
	struct event_input in = full_input();
	in.items = NULL;
	CHECK_INT(fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T09:00", &in, &r),
		  E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.items_required");
	CHECK_INT(status_of(id), DS_SUBMITTED);

	int64_t ret = make_in(DS_RETURNED, 0);
	in = full_input();
	CHECK_INT(fix_ev(&F, ret, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:00", &in, NULL), E_OK);
	CHECK_INT(fix_ev(&F, ret, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:05", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.rating_once");
	in.rating = "great";
	int64_t ret2 = make_in(DS_RETURNED, 0);
	CHECK_INT(fix_ev(&F, ret2, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:00", &in, NULL),
		  E_INVALID);
}

static void codes_are_per_unit_per_day_and_secrets_check(void)
{
	struct event_input in = full_input();
	in.procedure_code = "R3";
	in.unit_code = "H29.23.01";
	in.channel = "counter";
	struct event_result a, b, c;
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-03-02T08:00", &in, &a), E_OK);
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-03-02T16:00", &in, &b), E_OK);
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-03-03T08:00", &in, &c), E_OK);
	CHECK_STR(a.code, "H29.23.01-260302-0001");
	CHECK_STR(b.code, "H29.23.01-260302-0002");
	CHECK_STR(c.code, "H29.23.01-260303-0001");
	CHECK(dossier_lookup_ok(F.e, F.db, a.code, a.secret));
	CHECK(!dossier_lookup_ok(F.e, F.db, a.code, b.secret));
	CHECK(!dossier_lookup_ok(F.e, F.db, "H29.23.01-260302-0009", a.secret));
	/* The secret is not stored in clear. */
	CHECK_INT(fix_int(&F, "SELECT length(lookup_hash) FROM dossiers "
			      "WHERE code = 'H29.23.01-260302-0001'"), 32);
	char code[DOSSIER_CODE_MAX];
	dossier_code_format(code, "X", days_from_civil(2026, 1, 5), 12345);
	CHECK_STR(code, "X-260105-12345");
}

struct racer {
	const char *path;
	char codes[40][DOSSIER_CODE_MAX];
	int ok;
};

/* Receive 40 dossiers at H29.23 at the same instant through its own connection. */
static void *race(void *arg)
{
	struct racer *r = arg;
	struct db *db;
	struct engine *e;
	unsigned char key[SERVER_KEY_BYTES] = { 7 };
	if (db_open(r->path, &db) != E_OK)
		return NULL;
	if (engine_open(db, key, &e) != E_OK) {
		db_close(db);
		return NULL;
	}
	for (int i = 0; i < 40; i++) {
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.kind = EV_RECEIVE;
		in.role = ROLE_CLERK;
		in.procedure_code = "R3";
		in.unit_code = "H29.23";
		in.channel = "counter";
		struct clock clk = { T("2026-04-01T09:00") };
		struct event_result res;
		if (dossier_apply(e, db, &clk, &in, &res, NULL, 0) == E_OK) {
			snprintf(r->codes[i], DOSSIER_CODE_MAX, "%s", res.code);
			r->ok++;
		}
	}
	engine_free(e);
	db_close(db);
	return NULL;
}

static void racing_connections_never_share_a_code(void)
{
	static struct racer a, b;
	a.path = b.path = F.path;
	pthread_t ta, tb;
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	CHECK_INT(a.ok + b.ok, 80);
	CHECK_INT(fix_int(&F, "SELECT count(DISTINCT code) FROM dossiers "
			      "WHERE code LIKE 'H29.23-260401-%'"), 80);
	CHECK_INT(fix_int(&F, "SELECT last FROM dossier_seq d JOIN units u ON u.id = d.unit_id "
			      "WHERE u.code = 'H29.23'"
			      " AND d.day = 20544"), 80);
	for (int i = 0; i < 40; i++)
		for (int j = 0; j < 40; j++)
			CHECK(strcmp(a.codes[i], b.codes[j]) != 0);
}

/* due_at of dossier id. */
static int64_t due_of(int64_t id)
{
	struct dossier d;
	dossier_store_load(F.db, id, NULL, &d);
	return d.due_at;
}

static void deadline_and_cutoff_at_reception(void)
{
	int64_t a = fix_receive(&F, "R3", "counter", "2026-01-05T10:00");
	CHECK_INT(due_of(a), T("2026-01-08T10:00"));
	/* After the 15:00 cutoff: clock starts Tuesday 07:00, 3 days end Thursday 17:00. */
	int64_t b = fix_receive(&F, "R3", "counter", "2026-01-05T16:00");
	CHECK_INT(due_of(b), T("2026-01-08T17:00"));
	/* Online: duration_online 4 days for P5. */
	int64_t c = fix_receive(&F, "P5", "online", "2026-01-05T10:00");
	CHECK_INT(due_of(c), T("2026-01-09T10:00"));
}

/* Same history for both policies: received Mon 10:00, supplement requested Tue 09:00,
 * completed Thu 09:00. */
static int64_t supplement_history(const char *proc)
{
	int64_t id = fix_receive(&F, proc, "counter", "2026-01-05T10:00");
	struct event_input in = full_input();
	fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-06T09:00", &in, NULL);
	fix_ev(&F, id, EV_SUPPLEMENT, ROLE_CITIZEN, "2026-01-08T09:00", &in, NULL);
	return id;
}

static void supplement_restart_and_pause_give_hand_computed_deadlines(void)
{
	/* restart: clock start Thu 09:00 + 3 working days = Tue 13 09:00. */
	int64_t r = supplement_history("R3");
	CHECK_INT(due_of(r), T("2026-01-13T09:00"));
	/* pause: due Mon 12 10:00 + 2 working days waited (Tue 09:00 -> Thu 09:00) = Wed 14
	 * 10:00. */
	int64_t p = supplement_history("P5");
	CHECK_INT(due_of(p), T("2026-01-14T10:00"));
	CHECK_INT(status_of(p), DS_RECEIVED);
}

static void payment_wait_moves_due_by_office_time(void)
{
	int64_t id = fix_receive(&F, "P5", "counter", "2026-01-05T10:00");
	struct event_input in = full_input();
	fix_ev(&F, id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", &in, NULL);
	fix_ev(&F, id, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-01-06T10:00", &in, NULL);
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-06T14:00", &in, NULL), E_OK);
	/* Waited 10:00-11:30 and 13:30-14:00 = 2 h: Mon 12 10:00 -> 14:00. */
	CHECK_INT(due_of(id), T("2026-01-12T14:00"));
}

static void second_supplement_request_makes_it_late(void)
{
	int64_t id = supplement_history("R3");
	struct event_input in = full_input();
	fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-08T10:00", &in, NULL);
	fix_ev(&F, id, EV_SUPPLEMENT, ROLE_CITIZEN, "2026-01-08T11:00", &in, NULL);
	fix_ev(&F, id, EV_ASSIGN, ROLE_CLERK, "2026-01-08T11:10", &in, NULL);
	struct event_result r;
	CHECK_INT(fix_ev(&F, id, EV_RESOLVE, ROLE_LEADER, "2026-01-08T14:00", &in, &r), E_OK);
	CHECK(local_day(r.due_at) > local_day(T("2026-01-08T14:00")));
	CHECK_INT(r.outcome, OUT_LATE);
	/* One request only: early. */
	int64_t one = supplement_history("R3");
	fix_ev(&F, one, EV_ASSIGN, ROLE_CLERK, "2026-01-08T11:10", &in, NULL);
	CHECK_INT(fix_ev(&F, one, EV_RESOLVE, ROLE_LEADER, "2026-01-08T14:00", &in, &r), E_OK);
	CHECK_INT(r.outcome, OUT_EARLY);
}

static void outcome_compares_local_dates(void)
{
	struct event_input in = full_input();
	struct event_result r;
	/* due Thu 08 10:00: finishing Thu 16:00 is on time, Fri is late. */
	int64_t a = fix_receive(&F, "R3", "counter", "2026-01-05T10:00");
	fix_ev(&F, a, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", &in, NULL);
	fix_ev(&F, a, EV_RESOLVE, ROLE_LEADER, "2026-01-08T16:00", &in, &r);
	CHECK_INT(r.outcome, OUT_ON_TIME);
	int64_t b = fix_receive(&F, "R3", "counter", "2026-01-05T10:00");
	fix_ev(&F, b, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", &in, NULL);
	fix_ev(&F, b, EV_STOP, ROLE_LEADER, "2026-01-09T08:00", &in, &r);
	CHECK_INT(r.outcome, OUT_LATE);
}

static void apology_never_changes_due_and_is_once(void)
{
	int64_t id = fix_receive(&F, "P5", "counter", "2026-01-05T10:00");
	struct event_input in = full_input();
	fix_ev(&F, id, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", &in, NULL);
	int64_t due = due_of(id);
	struct event_result r;
	CHECK_INT(fix_ev(&F, id, EV_APOLOGISE, ROLE_LEADER, "2026-01-07T10:00", &in, &r), E_OK);
	CHECK(!r.flagged);	/* 3 working days ahead of Mon 12 10:00 */
	CHECK_INT(due_of(id), due);
	CHECK_INT(fix_ev(&F, id, EV_APOLOGISE, ROLE_LEADER, "2026-01-07T11:00", &in, &r),
		  E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.apology_once");
	/* Less than one working day before due_at: allowed, flagged. */
	int64_t late = fix_receive(&F, "P5", "counter", "2026-01-05T10:00");
	fix_ev(&F, late, EV_ASSIGN, ROLE_CLERK, "2026-01-05T10:30", &in, NULL);
	CHECK_INT(fix_ev(&F, late, EV_APOLOGISE, ROLE_LEADER, "2026-01-12T08:00", &in, &r), E_OK);
	CHECK(r.flagged);
	CHECK_INT(due_of(late), due);
}

static void supplement_window_expiry_stops_the_dossier(void)
{
	/* P5 window: 2 working days from Mon 10:00 = Wed 10:00. */
	int64_t id = fix_receive(&F, "P5", "counter", "2026-02-02T10:00");
	struct event_input in = full_input();
	fix_ev(&F, id, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-02-02T10:00", &in, NULL);
	struct clock before = { T("2026-02-04T09:59") }, at = { T("2026-02-04T10:00") };
	int n = -1;
	CHECK_INT(dossier_expire_due(F.e, F.db, &before, &n), E_OK);
	CHECK_INT(status_of(id), DS_SUPPLEMENT);
	CHECK_INT(fix_ev(&F, id, EV_EXPIRE_SUPPLEMENT, ROLE_SYSTEM, "2026-02-04T09:59", NULL, NULL),
		  E_REFUSED);
	CHECK_INT(dossier_expire_due(F.e, F.db, &at, &n), E_OK);
	CHECK(n >= 1);
	CHECK_INT(status_of(id), DS_STOPPED);
	struct dossier d;
	dossier_store_load(F.db, id, NULL, &d);
	CHECK_INT(d.finished_at, T("2026-02-04T10:00"));
	CHECK_INT(d.outcome, OUT_EARLY);
}

/* The data of the last event of dossier id (static buffer). */
static const char *last_data(int64_t id)
{
	static char out[1024];
	out[0] = '\0';
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(F.db), "SELECT data FROM dossier_events WHERE "
				"dossier_id = ?1 ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* A dossier of proc submitted online at 2026-01-05 08:00. */
static int64_t submitted(const char *proc)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = proc;
	in.unit_code = "H29.23";
	in.channel = "online";
	struct event_result r;
	if (fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:00", &in, &r) != E_OK)
		return 0;
	return r.dossier_id;
}

static void level4_pay_before_receipt_keeps_state_and_clock(void)
{
	int64_t id = submitted("P5");
	struct dossier d;
	CHECK_INT(dossier_store_load(F.db, id, NULL, &d), E_OK);
	CHECK_INT(d.fee_amount, 50000);	/* submit records the procedure's fees */
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.method = "online";
	struct event_result r;
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-05T08:30", &in, &r), E_OK);
	CHECK_INT(r.from, DS_SUBMITTED);
	CHECK_INT(r.to, DS_SUBMITTED);
	CHECK_INT(r.due_at, 0);
	CHECK_STR(last_data(id), "{\"amount\":50000,\"before_receipt\":true,\"method\":\"online\"}");
	CHECK_INT(dossier_store_load(F.db, id, NULL, &d), E_OK);
	CHECK(d.paid_online);
	CHECK_INT(d.status, DS_SUBMITTED);
	CHECK_INT(d.received_at, 0);
	CHECK_INT(d.waiting_since, 0);
	CHECK_INT(d.running_since, 0);
	/* The clerk receives it later: the clock starts then, as for any dossier, and the
	 * receive event says it was paid. */
	int64_t other = submitted("P5");
	CHECK_INT(fix_ev(&F, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:00", NULL, &r), E_OK);
	int64_t due = r.due_at;
	CHECK(strstr(last_data(id), "\"paid_online\":true") != NULL);
	CHECK_INT(fix_ev(&F, other, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:00", NULL, &r), E_OK);
	CHECK_INT(due, r.due_at);
	CHECK(strstr(last_data(other), "paid_online") == NULL);
}

static void level4_pay_before_receipt_guards(void)
{
	int64_t id = submitted("P5");
	struct event_input in;
	memset(&in, 0, sizeof(in));
	struct event_result r;
	int64_t events = fix_int(&F, "SELECT count(*) FROM dossier_events");
	in.method = "transfer";	/* online, or at the counter (docs/desk.md) */
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CLERK, "2026-01-05T08:30", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.online_only");
	in.method = "online";
	in.amount = 49999;
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-05T08:30", &in, &r), E_INVALID);
	CHECK_STR(r.msg_key, "dossier.invalid.amount");
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossier_events"), events);
	in.amount = 50000;
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-05T08:30", &in, &r), E_OK);
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-05T08:40", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.already_paid");
	CHECK_INT(fix_int(&F, "SELECT count(*) FROM dossier_events"), events + 1);
	/* Nothing is due for R3. */
	int64_t free_id = submitted("R3");
	in.amount = 0;
	CHECK_INT(fix_ev(&F, free_id, EV_PAY, ROLE_CITIZEN, "2026-01-05T08:30", &in, &r),
		  E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.nothing_due");
	/* Received (not waiting for payment): only at the counter. */
	CHECK_INT(fix_ev(&F, id, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:00", NULL, NULL), E_OK);
	CHECK_INT(fix_ev(&F, id, EV_PAY, ROLE_CITIZEN, "2026-01-05T09:10", &in, &r), E_REFUSED);
	CHECK_STR(r.msg_key, "dossier.refused.counter_only");
}

static void rating_criteria_are_nine_digits_0_to_2(void)
{
	static const char *const bad[] = { "", "01221020", "0122102011", "01221020x", "012210203",
					   "-12210201" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t id = make_in(DS_RETURNED, 0);
		struct event_input in = full_input();
		in.criteria = bad[i];
		struct event_result r;
		if (!CHECK_INT(fix_ev(&F, id, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:00", &in, &r),
			       E_INVALID))
			fprintf(stderr, "  criteria '%s'\n", bad[i]);
		CHECK_STR(r.msg_key, "dossier.invalid.criteria");
		CHECK_INT(status_of(id), DS_RETURNED);
	}
	int64_t id = make_in(DS_RETURNED, 0);
	struct event_input in = full_input();
	in.criteria = "012210201";
	in.comment = "Nhanh";
	CHECK_INT(fix_ev(&F, id, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:00", &in, NULL), E_OK);
	CHECK_STR(last_data(id), "{\"comment\":\"Nhanh\",\"criteria\":[0,1,2,2,1,0,2,0,1],"
				 "\"rating\":\"satisfied\"}");
	id = make_in(DS_RETURNED, 0);
	in = full_input();	/* no criteria: none recorded */
	CHECK_INT(fix_ev(&F, id, EV_RATE, ROLE_CITIZEN, "2026-01-06T09:00", &in, NULL), E_OK);
	CHECK_STR(last_data(id), "{\"rating\":\"satisfied\"}");
}

int main(void)
{
	fix_open(&F);
	RUN(every_allowed_transition_reaches_its_state);
	RUN(counter_intake_and_submission_create_dossiers);
	RUN(refused_transition_from_every_state_changes_nothing);
	RUN(guards_refuse_missing_reason_wrong_role_and_repeats);
	RUN(codes_are_per_unit_per_day_and_secrets_check);
	RUN(racing_connections_never_share_a_code);
	RUN(deadline_and_cutoff_at_reception);
	RUN(supplement_restart_and_pause_give_hand_computed_deadlines);
	RUN(payment_wait_moves_due_by_office_time);
	RUN(second_supplement_request_makes_it_late);
	RUN(outcome_compares_local_dates);
	RUN(apology_never_changes_due_and_is_once);
	RUN(supplement_window_expiry_stops_the_dossier);
	RUN(level4_pay_before_receipt_keeps_state_and_clock);
	RUN(level4_pay_before_receipt_guards);
	RUN(rating_criteria_are_nine_digits_0_to_2);
	fix_close(&F);
	return harness_done("test_dossier");
}
