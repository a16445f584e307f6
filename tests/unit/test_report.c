/* test_report.c - the on-time report of a hand-built dataset, every figure worked out by
 * hand (see the comments), for a past period and for a period still open. Weekday calendar:
 * 2026-01-05 and 2026-01-12 are Mondays. R3 = 3 working days, restart, cutoff 15:00;
 * P5 = 5 working days, pause, fee. */
#include "harness.h"

#include <math.h>

#include "engine_fixture.h"
#include "motcua/report.h"

static struct fixture F;
static char CODE[16][DOSSIER_CODE_MAX];

/* Event on dossier number k (D1..D14) with a reason/items that satisfy the guards. */
static void ev(int k, enum event_kind kind, enum role role, const char *at)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.code = CODE[k];
	in.reason = "lý do";
	in.items = "CCCD";
	in.method = "counter";
	in.amount = 50000;
	if (!CHECK_INT(fix_ev(&F, 0, kind, role, at, &in, NULL), E_OK))
		fprintf(stderr, "  D%d %s at %s\n", k, event_kind_name(kind), at);
}

/* Create dossier k: received at the counter (or submitted online and received). */
static void make(int k, const char *unit, const char *proc, const char *submit_at,
		 const char *receive_at)
{
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.unit_code = unit;
	in.procedure_code = proc;
	in.channel = submit_at ? "online" : "counter";
	struct event_result r;
	enum err e = submit_at ? fix_ev(&F, 0, EV_SUBMIT, ROLE_CITIZEN, submit_at, &in, &r)
			       : fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, receive_at, &in, &r);
	CHECK_INT(e, E_OK);
	snprintf(CODE[k], sizeof(CODE[k]), "%s", r.code);
	if (submit_at && receive_at)
		ev(k, EV_RECEIVE, ROLE_CLERK, receive_at);
}

static void build(void)
{
	/* D1 R3 Mon 01-05 10:00, due Thu 08 10:00, resolved Fri 09: late before P. */
	make(1, "H29.23", "R3", NULL, "2026-01-05T10:00");
	ev(1, EV_ASSIGN, ROLE_CLERK, "2026-01-05T11:00");
	ev(1, EV_RESOLVE, ROLE_LEADER, "2026-01-09T10:00");
	/* D2 R3 Tue 06 09:00, due Fri 09 09:00, resolved Mon 12 09:00: carried, late, 4 days. */
	make(2, "H29.23", "R3", NULL, "2026-01-06T09:00");
	ev(2, EV_ASSIGN, ROLE_CLERK, "2026-01-06T10:00");
	ev(2, EV_RESOLVE, ROLE_LEADER, "2026-01-12T09:00");
	/* D3 P5 Thu 08 14:00, due Thu 15 14:00, resolved Wed 14 10:00: carried, early, 30 h. */
	make(3, "H29.23", "P5", NULL, "2026-01-08T14:00");
	ev(3, EV_ASSIGN, ROLE_CLERK, "2026-01-08T15:00");
	ev(3, EV_RESOLVE, ROLE_LEADER, "2026-01-14T10:00");
	/* D4 R3 Mon 12 08:00, due Thu 15 08:00, resolved Thu 15 16:00: on time, 30 h. */
	make(4, "H29.23", "R3", NULL, "2026-01-12T08:00");
	ev(4, EV_ASSIGN, ROLE_CLERK, "2026-01-12T08:30");
	ev(4, EV_RESOLVE, ROLE_LEADER, "2026-01-15T16:00");
	/* D5 R3 online, submitted Sun 11, received Mon 12 09:00; supplement Mon 10:00 -> Tue 13
	 * 10:00 (restart: due Fri 16 10:00); resolved Fri 16 09:00: on time, 23 h. */
	make(5, "H29.23", "R3", "2026-01-11T20:00", "2026-01-12T09:00");
	ev(5, EV_ASSIGN, ROLE_CLERK, "2026-01-12T09:30");
	ev(5, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, "2026-01-12T10:00");
	ev(5, EV_SUPPLEMENT, ROLE_CITIZEN, "2026-01-13T10:00");
	ev(5, EV_RESOLVE, ROLE_LEADER, "2026-01-16T09:00");
	/* D6 P5 Mon 12 10:00, waiting for a supplement since Tue 13 08:00. */
	make(6, "H29.23", "P5", NULL, "2026-01-12T10:00");
	ev(6, EV_ASSIGN, ROLE_CLERK, "2026-01-12T10:30");
	ev(6, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, "2026-01-13T08:00");
	/* D7 R3 Tue 13 14:00, due Fri 16 14:00, open. */
	make(7, "H29.23", "R3", NULL, "2026-01-13T14:00");
	ev(7, EV_ASSIGN, ROLE_CLERK, "2026-01-13T14:30");
	/* D8 R3 Wed 07 09:00, due Mon 12 09:00, open: carried, overdue. */
	make(8, "H29.23", "R3", NULL, "2026-01-07T09:00");
	ev(8, EV_ASSIGN, ROLE_CLERK, "2026-01-07T10:00");
	/* D9 R3 Tue 13 08:00, due Fri 16 08:00, withdrawn Wed 14 15:00: early, 13 h. */
	make(9, "H29.23", "R3", NULL, "2026-01-13T08:00");
	ev(9, EV_ASSIGN, ROLE_CLERK, "2026-01-13T08:30");
	ev(9, EV_WITHDRAW, ROLE_CITIZEN, "2026-01-14T15:00");
	/* D10 online, refused: in no figure. */
	make(10, "H29.23", "R3", "2026-01-12T08:00", NULL);
	ev(10, EV_REFUSE, ROLE_CLERK, "2026-01-12T09:00");
	/* D11 P5 Fri 16 16:00, waiting for payment since 16:45. */
	make(11, "H29.23", "P5", NULL, "2026-01-16T16:00");
	ev(11, EV_ASSIGN, ROLE_CLERK, "2026-01-16T16:30");
	ev(11, EV_REQUEST_PAYMENT, ROLE_SPECIALIST, "2026-01-16T16:45");
	/* D12 received after P. */
	make(12, "H29.23", "R3", NULL, "2026-01-19T09:00");
	/* D13 R3 Fri 09 10:00 (due Wed 14 10:00), supplement Mon 12 09:00 -> Thu 15 09:00
	 * (restart: due Tue 20 09:00), open: carried, in time at the end of P. */
	make(13, "H29.23", "R3", NULL, "2026-01-09T10:00");
	ev(13, EV_ASSIGN, ROLE_CLERK, "2026-01-09T11:00");
	ev(13, EV_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, "2026-01-12T09:00");
	ev(13, EV_SUPPLEMENT, ROLE_CITIZEN, "2026-01-15T09:00");
	/* D14 commune, R3 Wed 14 08:00, resolved 11:00: early, 3 h. */
	make(14, "H29.23.01", "R3", NULL, "2026-01-14T08:00");
	ev(14, EV_ASSIGN, ROLE_CLERK, "2026-01-14T08:30");
	ev(14, EV_RESOLVE, ROLE_LEADER, "2026-01-14T11:00");
}

/* The expected figures of one row; rates < 0 mean null. */
struct want {
	int64_t v[8];
	double rate, progress, score, avg;
};

/* Check an integer member. */
static void check_int_member(json_t *o, const char *k, int64_t want)
{
	json_t *v = json_object_get(o, k);
	if (!CHECK(json_is_integer(v)) || !CHECK_INT(json_integer_value(v), want))
		fprintf(stderr, "  field %s\n", k);
}

/* Check a real member (rounded by the report) or null. */
static void check_real_member(json_t *o, const char *k, double want)
{
	json_t *v = json_object_get(o, k);
	if (want < 0) {
		CHECK(json_is_null(v));
		return;
	}
	if (!CHECK(json_is_real(v)) || !CHECK(fabs(json_real_value(v) - want) < 1e-9))
		fprintf(stderr, "  field %s: got %.10g want %.10g\n", k, json_real_value(v), want);
}

static void check_row(json_t *o, const struct want *w)
{
	for (int i = 0; i < FIG__MAX; i++)
		check_int_member(o, figure_name((enum figure)i), w->v[i]);
	check_real_member(o, "on_time_rate", w->rate);
	check_real_member(o, "progress_766", w->progress);
	check_real_member(o, "score_2_1", w->score);
	check_real_member(o, "avg_processing_days", w->avg);
}

/* The on-time report for P = 2026-01-12..16 at as_of (NULL: now = 2026-02-01). */
static json_t *ontime(const char *as_of, const char *unit, enum report_group g)
{
	struct clock clk = { T("2026-02-01T09:00") };
	struct report_params p = { .group = g, .unit = unit, .clk = &clk };
	parse_ymd("2026-01-12", &p.from);
	parse_ymd("2026-01-16", &p.to);
	if (as_of)
		p.as_of = T(as_of);
	json_t *r = NULL;
	char why[128];
	CHECK_INT(report_ontime(F.db, &p, &r, why, sizeof(why)), E_OK);
	return r;
}

static void past_period_figures_match_hand_count(void)
{
	json_t *r = ontime(NULL, NULL, GROUP_UNIT);
	CHECK_STR(json_string_value(json_object_get(r, "from")), "2026-01-12");
	CHECK_STR(json_string_value(json_object_get(r, "to")), "2026-01-16");
	CHECK_STR(json_string_value(json_object_get(r, "as_of")), "2026-01-16T23:59:59+07:00");
	CHECK_STR(json_string_value(json_object_get(r, "group")), "unit");
	json_t *rows = json_object_get(r, "rows");
	CHECK_INT(json_array_size(rows), 2);
	json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
	CHECK_STR(json_string_value(json_object_get(a, "key")), "H29.23");
	CHECK_STR(json_string_value(json_object_get(a, "name")), "UBND huyện Bình Chánh");
	/* received D4 D5 D6 D7 D9 D11; carried D2 D3 D8 D13; early D3 D9; on time D4 D5;
	 * late D2; in time D7 D13; overdue D8; waiting D6 D11.
	 * avg = (4 + 3.75 + 3.75 + 2.875 + 1.625) / 5 = 3.2 */
	struct want wa = { { 6, 4, 2, 2, 1, 2, 1, 2 }, 0.8, 0.6, 12.0, 3.2 };
	check_row(a, &wa);
	CHECK_STR(json_string_value(json_object_get(b, "key")), "H29.23.01");
	struct want wb = { { 1, 0, 1, 0, 0, 0, 0, 0 }, 1.0, 1.0, 20.0, 0.38 };
	check_row(b, &wb);
	/* Total: on time 5/6, progress 7/11, score 140/11, avg 16.375/6. */
	struct want wt = { { 7, 4, 3, 2, 1, 2, 1, 2 }, 0.8333, 0.6364, 12.73, 2.73 };
	check_row(json_object_get(r, "total"), &wt);
	char *s = report_dumps(r, true);
	CHECK(strstr(s, "\"progress_766\":0.6364,\"score_2_1\":12.73") != NULL);
	CHECK(strstr(s, "{\"from\":\"2026-01-12\",\"to\":\"2026-01-16\",\"as_of\"") == s);
	free(s);
	json_decref(r);
}

static void open_period_as_of_inside_a_day_matches_hand_count(void)
{
	/* At Wed 14 12:00: D9 is still running (withdrawn at 15:00), D13 waits, D3 done. */
	json_t *r = ontime("2026-01-14T12:00:00+07:00", NULL, GROUP_UNIT);
	CHECK_STR(json_string_value(json_object_get(r, "as_of")), "2026-01-14T12:00:00+07:00");
	json_t *rows = json_object_get(r, "rows");
	CHECK_INT(json_array_size(rows), 2);
	/* received D4 D5 D6 D7 D9; carried D2 D3 D8 D13; early D3; late D2; in time D4 D5 D7
	 * D9; overdue D8; waiting D6 D13. avg (4 + 3.75) / 2 = 3.875 */
	struct want wa = { { 5, 4, 1, 0, 1, 4, 1, 2 }, 0.5, 0.5556, 11.11, 3.88 };
	check_row(json_array_get(rows, 0), &wa);
	struct want wt = { { 6, 4, 2, 0, 1, 4, 1, 2 }, 0.6667, 0.6, 12.0, 2.71 };
	check_row(json_object_get(r, "total"), &wt);
	json_decref(r);
}

static void unit_subtree_and_groups(void)
{
	json_t *r = ontime(NULL, "H29.23.01", GROUP_UNIT);
	CHECK_INT(json_array_size(json_object_get(r, "rows")), 1);
	struct want w = { { 1, 0, 1, 0, 0, 0, 0, 0 }, 1.0, 1.0, 20.0, 0.38 };
	check_row(json_object_get(r, "total"), &w);
	json_decref(r);
	r = ontime(NULL, "H29.23", GROUP_UNIT);
	CHECK_INT(json_array_size(json_object_get(r, "rows")), 2);
	json_decref(r);
	/* By field: Đất đai = P5 (D3 carried early, D6 D11 received waiting). */
	r = ontime(NULL, NULL, GROUP_FIELD);
	json_t *rows = json_object_get(r, "rows");
	CHECK_INT(json_array_size(rows), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "key")), "Hộ tịch");
	json_t *land = json_array_get(rows, 1);
	CHECK_STR(json_string_value(json_object_get(land, "key")), "Đất đai");
	struct want wl = { { 2, 1, 1, 0, 0, 0, 0, 2 }, 1.0, 0.3333, 6.67, 3.75 };
	check_row(land, &wl);
	json_decref(r);
	struct report_params p = { .group = GROUP_UNIT, .unit = "NOPE" };
	p.from = p.to = 20000;
	char why[128];
	CHECK_INT(report_ontime(F.db, &p, &r, why, sizeof(why)), E_NOTFOUND);
	p.unit = NULL;
	p.to = p.from - 1;
	CHECK_INT(report_ontime(F.db, &p, &r, why, sizeof(why)), E_INVALID);
}

/* Codes of dossiers listed behind figure f, as "D<k>" joined by spaces. */
static void listed(const char *as_of, enum figure f, char *out, size_t n)
{
	struct clock clk = { T("2026-02-01T09:00") };
	struct report_params p = { .group = GROUP_UNIT, .clk = &clk };
	parse_ymd("2026-01-12", &p.from);
	parse_ymd("2026-01-16", &p.to);
	if (as_of)
		p.as_of = T(as_of);
	json_t *arr = NULL;
	out[0] = '\0';
	if (!CHECK_INT(report_list(F.db, &p, f, &arr, NULL, 0), E_OK))
		return;
	for (int k = 1; k <= 14; k++) {
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
			if (!strcmp(json_string_value(v), CODE[k]))
				snprintf(out + strlen(out), n - strlen(out), "D%d ", k);
	}
	json_decref(arr);
}

static void drill_down_lists_agree_with_counters(void)
{
	static const char *const want_past[FIG__MAX] = {
		"D4 D5 D6 D7 D9 D11 D14 ", "D2 D3 D8 D13 ", "D3 D9 D14 ", "D4 D5 ", "D2 ",
		"D7 D13 ", "D8 ", "D6 D11 ",
	};
	static const char *const want_open[FIG__MAX] = {
		"D4 D5 D6 D7 D9 D14 ", "D2 D3 D8 D13 ", "D3 D14 ", "", "D2 ", "D4 D5 D7 D9 ",
		"D8 ", "D6 D13 ",
	};
	char got[256];
	for (int f = 0; f < FIG__MAX; f++) {
		listed(NULL, (enum figure)f, got, sizeof(got));
		if (!CHECK_STR(got, want_past[f]))
			fprintf(stderr, "  past %s\n", figure_name((enum figure)f));
		listed("2026-01-14T12:00:00+07:00", (enum figure)f, got, sizeof(got));
		if (!CHECK_STR(got, want_open[f]))
			fprintf(stderr, "  open %s\n", figure_name((enum figure)f));
	}
}

/* What list_each_collect gathers: the dossiers (as "Dk ") and the number seen. */
struct collected {
	char text[256];
	int n, stop_after;
};

/* report_list_each callback: append "Dk " for the dossier's number. */
static bool collect(void *ctx, const struct report_item *it)
{
	struct collected *c = ctx;
	for (int k = 1; k <= 14; k++)
		if (!strcmp(CODE[k], it->code)) {
			size_t l = strlen(c->text);
			snprintf(c->text + l, sizeof(c->text) - l, "D%d ", k);
		}
	c->n++;
	return !c->stop_after || c->n < c->stop_after;
}

/* The numbers of a "Dk Dm " list sorted, so lists in another order compare. */
static void sort_list(char *s)
{
	int v[16], n = 0;
	for (char *p = s; *p;) {
		if (*p == 'D')
			v[n++] = (int)strtol(p + 1, &p, 10);
		else
			p++;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			int t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	s[0] = '\0';
	for (int i = 0; i < n; i++)
		sprintf(s + strlen(s), "D%d ", v[i]);
}

static void streamed_lists_match_report_list_per_row_and_total(void)
{
	static const char *const want_past[FIG__MAX] = {
		"D4 D5 D6 D7 D9 D11 D14 ", "D2 D3 D8 D13 ", "D3 D9 D14 ", "D4 D5 ", "D2 ",
		"D7 D13 ", "D8 ", "D6 D11 ",
	};
	struct clock clk = { T("2026-02-01T09:00") };
	struct report_params p = { .group = GROUP_UNIT, .clk = &clk };
	parse_ymd("2026-01-12", &p.from);
	parse_ymd("2026-01-16", &p.to);
	for (int f = 0; f < FIG__MAX; f++) {
		struct collected c = { "", 0, 0 };
		CHECK_INT(report_list_each(F.db, &p, (enum figure)f, NULL, collect, &c, NULL, 0), E_OK);
		sort_list(c.text);
		if (!CHECK_STR(c.text, want_past[f]))
			fprintf(stderr, "  total %s\n", figure_name((enum figure)f));
		/* The rows of each grouping split the total: the commune's own and the district's. */
		struct collected u1 = { "", 0, 0 }, u2 = { "", 0, 0 };
		CHECK_INT(report_list_each(F.db, &p, (enum figure)f, "H29.23", collect, &u1, NULL, 0),
			  E_OK);
		CHECK_INT(report_list_each(F.db, &p, (enum figure)f, "H29.23.01", collect, &u2, NULL,
					   0), E_OK);
		CHECK_INT(u1.n + u2.n, c.n);
		CHECK(u2.n == (f == FIG_RECEIVED || f == FIG_FINISHED_EARLY ? 1 : 0));
		struct report_params pf = p, pp = p;
		pf.group = GROUP_FIELD;
		pp.group = GROUP_PROCEDURE;
		struct collected h = { "", 0, 0 }, d = { "", 0, 0 }, r3 = { "", 0, 0 },
				 p5 = { "", 0, 0 };
		CHECK_INT(report_list_each(F.db, &pf, (enum figure)f, "Hộ tịch", collect, &h, NULL, 0),
			  E_OK);
		CHECK_INT(report_list_each(F.db, &pf, (enum figure)f, "Đất đai", collect, &d, NULL, 0),
			  E_OK);
		CHECK_INT(report_list_each(F.db, &pp, (enum figure)f, "R3", collect, &r3, NULL, 0),
			  E_OK);
		CHECK_INT(report_list_each(F.db, &pp, (enum figure)f, "P5", collect, &p5, NULL, 0),
			  E_OK);
		CHECK_INT(h.n + d.n, c.n);
		CHECK_INT(h.n, r3.n);
		CHECK_INT(d.n, p5.n);
	}
	/* The unit's subtree only; a callback that stops ends the list. */
	struct report_params sub = p;
	sub.unit = "H29.23.01";
	struct collected c = { "", 0, 0 };
	CHECK_INT(report_list_each(F.db, &sub, FIG_RECEIVED, NULL, collect, &c, NULL, 0), E_OK);
	CHECK_STR(c.text, "D14 ");
	struct collected s = { "", 0, 2 };
	CHECK_INT(report_list_each(F.db, &p, FIG_RECEIVED, NULL, collect, &s, NULL, 0), E_OK);
	CHECK_INT(s.n, 2);
	sub.unit = "NOPE";
	CHECK_INT(report_list_each(F.db, &sub, FIG_RECEIVED, NULL, collect, &c, NULL, 0),
		  E_NOTFOUND);
	CHECK_INT(report_list_each(F.db, &p, FIG__MAX, NULL, collect, &c, NULL, 0), E_INVALID);
}

static void index766_scores_from_counters(void)
{
	struct clock clk = { T("2026-02-01T09:00") };
	struct report_params p = { .group = GROUP_UNIT, .clk = &clk };
	parse_ymd("2026-01-12", &p.from);
	parse_ymd("2026-01-16", &p.to);
	json_t *r = NULL;
	CHECK_INT(report_index766(F.db, &p, &r, NULL, 0), E_OK);
	size_t i;
	json_t *ind;
	int seen = 0;
	json_array_foreach(json_object_get(r, "indicators"), i, ind) {
		const char *id = json_string_value(json_object_get(ind, "id"));
		double pts = json_real_value(json_object_get(ind, "points"));
		if (!strcmp(id, "2.1")) {	/* 20 x 0.6364 */
			CHECK(fabs(pts - 12.73) < 1e-9);
			seen++;
		} else if (!strcmp(id, "3.3")) {	/* 1 online of 7: 6 x (1/7) / 0.5 */
			CHECK(fabs(pts - 1.71) < 1e-9);
			seen++;
		} else if (!strcmp(id, "1.4")) {
			CHECK(json_is_null(json_object_get(ind, "points")));
			CHECK(json_is_false(json_object_get(ind, "available")));
			seen++;
		} else if (!strcmp(id, "5.4")) {	/* 1 - 1/6 late, no ratings */
			CHECK(fabs(json_real_value(json_object_get(ind, "ratio")) - 0.8333) < 1e-9);
			seen++;
		}
	}
	CHECK_INT(seen, 4);
	/* The dashboard's one-pass variant carries the same per-scope figures and the same
	 * on-time document. */
	json_t *o = NULL, *plain = NULL;
	CHECK_INT(report_ontime_figures(F.db, &p, &o, NULL, 0), E_OK);
	{	/* every per-scope figure of the dashboard is the 766 document's (which has more) */
		const char *key;
		json_t *v;
		json_object_foreach(json_object_get(o, "figures"), key, v)
			CHECK(json_equal(v, json_object_get(json_object_get(r, "figures"), key)));
	}
	CHECK_INT(json_integer_value(json_object_get(json_object_get(o, "figures"),
						     "received_online")), 1);
	CHECK_INT(report_ontime(F.db, &p, &plain, NULL, 0), E_OK);
	json_object_del(o, "figures");
	CHECK(json_equal(o, plain));
	json_decref(o);
	json_decref(plain);
	json_decref(r);
}

int main(void)
{
	fix_open(&F);
	build();
	RUN(past_period_figures_match_hand_count);
	RUN(open_period_as_of_inside_a_day_matches_hand_count);
	RUN(unit_subtree_and_groups);
	RUN(drill_down_lists_agree_with_counters);
	RUN(index766_scores_from_counters);
	RUN(streamed_lists_match_report_list_per_row_and_total);
	fix_close(&F);
	return harness_done("test_report");
}
