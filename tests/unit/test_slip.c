/* test_slip.c - the statutory slips' data (slip.h): which event each form prints (the last
 * supplement request's items and reason, the apology's reason and promised date), the times,
 * who may print what (staff of the subtree, the owner but not Form 05), Form 05's rows and
 * step results, and the ledger's rows and period checks. Engine fixture (weekday calendar;
 * 2026-01-05 is a Monday). */
#include "harness.h"
#include "engine_fixture.h"

#include "motcua/slip.h"

#define OWNER 1
#define OTHER 2

static struct fixture f;
static int64_t u_province, u_district, u_commune;
static int64_t dossier;

/* Run one statement or abort. */
static void sql(const char *s)
{
	if (sqlite3_exec(db_handle(f.db), s, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", s, sqlite3_errmsg(db_handle(f.db)));
		abort();
	}
}

/* Fixture, accounts (1, 2 citizens; 3 clerk of the district; 4 leader of the province; 5 clerk
 * of the commune) and one dossier of OWNER: submitted, received, assigned, two supplement
 * requests with their answers, transferred. */
static void open_slips(void)
{
	fix_open(&f);
	u_province = fix_int(&f, "SELECT id FROM units WHERE code = 'H29'");
	u_district = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23'");
	u_commune = fix_int(&f, "SELECT id FROM units WHERE code = 'H29.23.01'");
	char q[1024];
	snprintf(q, sizeof(q),
		 "INSERT INTO users (id, username, name, role, unit_id, password_hash, created_at) "
		 "VALUES (1, 'an', 'Nguyễn Văn An', 'citizen', NULL, 'x', 0), "
		 "(2, 'binh', 'Trần Bình', 'citizen', NULL, 'x', 0), "
		 "(3, 'clerk', 'Cán bộ Một cửa', 'clerk', %lld, 'x', 0), "
		 "(4, 'leader', 'Lãnh đạo', 'leader', %lld, 'x', 0), "
		 "(5, 'commune', 'Cán bộ xã', 'clerk', %lld, 'x', 0)",
		 (long long)u_district, (long long)u_province, (long long)u_commune);
	sql(q);
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	in.channel = "online";
	in.owner_id = OWNER;
	in.applicant = "{\"name\": \"Nguyễn Văn An\", \"id_number\": \"079301000123\","
		       " \"phone\": \"0912345656\", \"address\": \"12 Lê Lợi\"}";
	struct event_result r;
	if (fix_ev(&f, 0, EV_SUBMIT, ROLE_CITIZEN, "2026-01-05T08:30", &in, &r) != E_OK)
		abort();
	dossier = r.dossier_id;
	struct event_input e;
	memset(&e, 0, sizeof(e));
	e.actor_id = 3;
	if (fix_ev(&f, dossier, EV_RECEIVE, ROLE_CLERK, "2026-01-05T09:00", &e, NULL) != E_OK)
		abort();
	e.department = "H29.23.TP";
	if (fix_ev(&f, dossier, EV_ASSIGN, ROLE_CLERK, "2026-01-05T09:30", &e, NULL) != E_OK)
		abort();
	memset(&e, 0, sizeof(e));
	e.actor_id = 3;
	e.reason = "Thiếu giấy tờ";
	e.items = "Tờ khai cũ";
	if (fix_ev(&f, dossier, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-05T10:00", &e, NULL) !=
		    E_OK ||
	    fix_ev(&f, dossier, EV_SUPPLEMENT, ROLE_CLERK, "2026-01-06T08:00", NULL, NULL) != E_OK)
		abort();
	e.reason = "Sai thông tin nơi sinh";
	e.items = " Bản sao Căn cước \n\nGiấy chứng sinh\r\n";
	if (fix_ev(&f, dossier, EV_REQUEST_SUPPLEMENT, ROLE_CLERK, "2026-01-06T14:00", &e, NULL) !=
		    E_OK ||
	    fix_ev(&f, dossier, EV_SUPPLEMENT, ROLE_CLERK, "2026-01-07T08:00", NULL, NULL) != E_OK)
		abort();
	memset(&e, 0, sizeof(e));
	e.department = "H29.23.TP";
	e.assignee_id = 3;
	if (fix_ev(&f, dossier, EV_TRANSFER, ROLE_CLERK, "2026-01-07T09:00", &e, NULL) != E_OK)
		abort();
}

static const struct actor district_clerk = { 3, ROLE_CLERK, 0 };

/* The district clerk with its unit id filled in. */
static struct actor clerk(void)
{
	struct actor a = district_clerk;
	a.unit_id = u_district;
	return a;
}

static void form_names_round_trip_and_the_owner_never_gets_05(void)
{
	for (int i = 0; i < SLIP__MAX; i++)
		CHECK_INT(slip_form_parse(slip_form_name((enum slip_form)i)), i);
	CHECK_INT(slip_form_parse("06"), -1);
	CHECK_INT(slip_form_parse(NULL), -1);
	CHECK(!slip_owner_may(SLIP_CONTROL));
	CHECK(slip_owner_may(SLIP_RECEIPT) && slip_owner_may(SLIP_WITHDRAWAL));
}

static void form_02_prints_the_last_request_one_item_a_line(void)
{
	open_slips();
	struct actor a = clerk();
	json_t *v = NULL;
	char code[64] = "";
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(f.db), "SELECT code FROM dossiers WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, dossier);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(code, sizeof(code), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	CHECK(code[0] != '\0');
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_SUPPLEMENT, &v), E_OK);
	CHECK_STR(json_string_value(json_object_get(v, "reason")), "Sai thông tin nơi sinh");
	json_t *items = json_object_get(v, "items");
	CHECK_INT(json_array_size(items), 2);
	CHECK_STR(json_string_value(json_array_get(items, 0)), "Bản sao Căn cước");
	CHECK_STR(json_string_value(json_array_get(items, 1)), "Giấy chứng sinh");
	CHECK_INT(json_integer_value(json_object_get(v, "event_at")), T("2026-01-06T14:00"));
	CHECK(json_integer_value(json_object_get(v, "deadline")) > T("2026-01-06T14:00"));
	CHECK_STR(json_string_value(json_object_get(v, "staff")), "Cán bộ Một cửa");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "applicant"), "id_number")),
		  "079301000123");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "unit"), "name")),
		  "UBND huyện Bình Chánh");
	json_decref(v);
	/* 01: the reception time and the deadline as the dossier holds it. */
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_RECEIPT, &v), E_OK);
	CHECK_INT(json_integer_value(json_object_get(v, "received_at")), T("2026-01-05T09:00"));
	CHECK_INT(json_integer_value(json_object_get(v, "due_at")),
		  fix_int(&f, "SELECT due_at FROM dossiers WHERE code IS NOT NULL"));
	CHECK_INT(json_integer_value(json_object_get(v, "event_at")), T("2026-01-05T09:00"));
	json_decref(v);
	/* 04 does not apply before an apology, then prints its reason and promised date. */
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_APOLOGY, &v), E_REFUSED);
	CHECK(v == NULL);
	struct event_input e;
	memset(&e, 0, sizeof(e));
	e.reason = "Chờ xác minh";
	e.promised_at = T("2026-01-20T10:00");
	CHECK_INT(fix_ev(&f, dossier, EV_APOLOGISE, ROLE_LEADER, "2026-01-08T09:00", &e, NULL), E_OK);
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_APOLOGY, &v), E_OK);
	CHECK_STR(json_string_value(json_object_get(v, "reason")), "Chờ xác minh");
	CHECK_INT(json_integer_value(json_object_get(v, "promised_at")), T("2026-01-20T10:00"));
	json_decref(v);
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_REFUSAL, &v), E_REFUSED);
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_WITHDRAWAL, &v), E_REFUSED);
	bool avail[SLIP__MAX];
	CHECK_INT(slip_available(f.db, &a, false, code, avail), E_OK);
	CHECK(avail[SLIP_RECEIPT] && avail[SLIP_SUPPLEMENT] && avail[SLIP_APOLOGY] &&
	      avail[SLIP_CONTROL] && !avail[SLIP_REFUSAL] && !avail[SLIP_WITHDRAWAL]);

	/* Scope: the subtree's staff and the owner; nobody else; the owner never 05. */
	struct actor leader = { 4, ROLE_LEADER, u_province }, commune = { 5, ROLE_CLERK, u_commune };
	struct actor owner = { OWNER, ROLE_CITIZEN, 0 }, other = { OTHER, ROLE_CITIZEN, 0 };
	CHECK_INT(slip_view(f.db, &leader, false, code, SLIP_RECEIPT, &v), E_OK);
	json_decref(v);
	CHECK_INT(slip_view(f.db, &commune, false, code, SLIP_RECEIPT, &v), E_NOTFOUND);
	CHECK_INT(slip_available(f.db, &commune, false, code, avail), E_NOTFOUND);
	CHECK_INT(slip_view(f.db, &owner, true, code, SLIP_RECEIPT, &v), E_OK);
	json_decref(v);
	CHECK_INT(slip_view(f.db, &owner, true, code, SLIP_CONTROL, &v), E_NOTFOUND);
	CHECK_INT(slip_view(f.db, &owner, false, code, SLIP_RECEIPT, &v), E_NOTFOUND);
	CHECK_INT(slip_view(f.db, &other, true, code, SLIP_RECEIPT, &v), E_NOTFOUND);
	CHECK_INT(slip_view(f.db, &a, false, "H29.23-000000-0000", SLIP_RECEIPT, &v),
		  E_NOTFOUND);
	fix_close(&f);
}

static void form_05_rows_from_assign_and_transfer(void)
{
	open_slips();
	struct actor a = clerk();
	char code[64] = "";
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(f.db), "SELECT code FROM dossiers WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, dossier);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(code, sizeof(code), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	json_t *v = NULL;
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_CONTROL, &v), E_OK);
	json_t *rows = json_object_get(v, "handovers");
	CHECK_INT(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1);
	CHECK_INT(json_integer_value(json_object_get(r0, "n")), 1);
	CHECK_STR(json_string_value(json_object_get(r0, "department")), "Phòng Tư pháp");
	CHECK_INT(json_integer_value(json_object_get(r0, "from_at")), T("2026-01-05T09:30"));
	CHECK_INT(json_integer_value(json_object_get(r0, "done_at")), T("2026-01-07T09:00"));
	CHECK_STR(json_string_value(json_object_get(r1, "assignee")), "Cán bộ Một cửa");
	CHECK_INT(json_integer_value(json_object_get(r1, "done_at")), 0);
	CHECK(json_is_null(json_object_get(r1, "result")));
	json_decref(v);
	/* The other forms carry no rows. */
	CHECK_INT(slip_view(f.db, &a, false, code, SLIP_RECEIPT, &v), E_OK);
	CHECK_INT(json_array_size(json_object_get(v, "handovers")), 0);
	json_decref(v);
	fix_close(&f);
}

static void ledger_rows_of_the_subtree_and_the_period(void)
{
	open_slips();
	int64_t field = fix_int(&f, "SELECT field_id FROM procedures WHERE code = 'R3'");
	int64_t d0 = local_day(T("2026-01-05T12:00")), d1 = d0;
	struct actor a = clerk(), commune = { 5, ROLE_CLERK, u_commune };
	json_t *l = NULL;
	CHECK_INT(slip_ledger(f.db, &a, field, d0, d1, 0, 10, &l), E_OK);
	CHECK_INT(json_integer_value(json_object_get(l, "total")), 1);
	json_t *row = json_array_get(json_object_get(l, "rows"), 0);
	CHECK_INT(json_integer_value(json_object_get(row, "n")), 1);
	CHECK_STR(json_string_value(json_object_get(row, "applicant")), "Nguyễn Văn An");
	CHECK_STR(json_string_value(json_object_get(row, "transferred_to")), "Phòng Tư pháp");
	CHECK_INT(json_integer_value(json_object_get(row, "received_at")), T("2026-01-05T09:00"));
	json_decref(l);
	CHECK_INT(slip_ledger(f.db, &a, field, d0 + 1, d1 + 1, 0, 10, &l), E_OK);
	CHECK_INT(json_integer_value(json_object_get(l, "total")), 0);
	json_decref(l);
	CHECK_INT(slip_ledger(f.db, &commune, field, d0, d1, 0, 10, &l), E_OK);
	CHECK_INT(json_integer_value(json_object_get(l, "total")), 0);
	json_decref(l);
	CHECK_INT(slip_ledger(f.db, &a, field + 100, d0, d1, 0, 10, &l), E_OK);
	CHECK_INT(json_array_size(json_object_get(l, "rows")), 0);
	json_decref(l);
	CHECK_INT(slip_ledger(f.db, &a, field, d1, d0 - 1, 0, 10, &l), E_INVALID);
	CHECK_INT(slip_ledger(f.db, &a, field, d0, d0 + SLIP_LEDGER_DAYS_MAX, 0, 10, &l), E_INVALID);
	fix_close(&f);
}

int main(void)
{
	RUN(form_names_round_trip_and_the_owner_never_gets_05);
	RUN(form_02_prints_the_last_request_one_item_a_line);
	RUN(form_05_rows_from_assign_and_transfer);
	RUN(ledger_rows_of_the_subtree_and_the_period);
	return harness_done("test_slip");
}
