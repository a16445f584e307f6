/* test_import_dossiers.c - histories replayed through the engine; any bad line rejects the
 * whole file with its line number. */
#include "harness.h"

#include "engine_fixture.h"
#include "motcua/import_dossiers.h"
#include "motcua/stats.h"

static struct fixture F;

#define GOOD_LINE                                                                          \
	"{\"code\": \"H29.23-260105-0001\", \"procedure\": \"R3\", \"unit\": \"H29.23\", "  \
	"\"channel\": \"online\", \"applicant\": {\"name\": \"Nguyễn Văn An\"}, \"events\": [" \
	"{\"at\": \"2026-01-05T09:12:00+07:00\", \"kind\": \"submit\"},"                     \
	"{\"at\": \"2026-01-05T10:00:00+07:00\", \"kind\": \"receive\"},"                    \
	"{\"at\": \"2026-01-05T14:00:00+07:00\", \"kind\": \"request_supplement\", "         \
	"\"note\": \"Thiếu bản sao CCCD\"},"                                                  \
	"{\"at\": \"2026-01-08T08:30:00+07:00\", \"kind\": \"supplement\"},"                 \
	"{\"at\": \"2026-01-08T09:00:00+07:00\", \"kind\": \"assign\", "                     \
	"\"department\": \"H29.23.TP\"},"                                                     \
	"{\"at\": \"2026-01-09T16:00:00+07:00\", \"kind\": \"resolve\"},"                    \
	"{\"at\": \"2026-01-12T08:00:00+07:00\", \"kind\": \"return\", \"delivery\": \"counter\"}," \
	"{\"at\": \"2026-01-12T08:05:00+07:00\", \"kind\": \"rate\", \"rating\": \"satisfied\"}]}\n"

#define LINE2                                                                              \
	"{\"procedure\": \"P5\", \"unit\": \"H29.23\", \"channel\": \"counter\", \"events\": [" \
	"{\"at\": \"2026-01-06T08:00:00+07:00\", \"kind\": \"receive\"}]}\n"

/* Import text; returns the error and fills r. */
static enum err run(const char *text, struct import_dossiers_result *r)
{
	return import_dossiers(F.e, F.db, text, strlen(text), r);
}

static int64_t dossiers(void)
{
	return fix_int(&F, "SELECT count(*) FROM dossiers");
}

static void formats_example_is_imported_with_computed_deadline(void)
{
	struct import_dossiers_result r;
	CHECK_INT(run(GOOD_LINE LINE2, &r), E_OK);
	CHECK_INT(r.dossiers, 2);
	CHECK_INT(r.events, 9);
	/* Kept code; restart at Thu 08 08:30 -> due Tue 13 08:30; resolved Fri 09: early. */
	CHECK_INT(fix_int(&F, "SELECT due_at FROM dossiers WHERE code = 'H29.23-260105-0001'"),
		  T("2026-01-13T08:30"));
	CHECK_INT(fix_int(&F, "SELECT outcome = 'early' AND status = 'returned' AND "
			      "rating = 'satisfied' FROM dossiers WHERE code = 'H29.23-260105-0001'"),
		  1);
	/* The next code of that unit and day does not collide with the kept one. */
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.procedure_code = "R3";
	in.unit_code = "H29.23";
	in.channel = "counter";
	struct event_result res;
	CHECK_INT(fix_ev(&F, 0, EV_RECEIVE, ROLE_CLERK, "2026-01-05T15:00", &in, &res), E_OK);
	CHECK_STR(res.code, "H29.23-260105-0002");
	int64_t diffs = -1;
	CHECK_INT(stats_verify(F.db, false, NULL, &diffs), E_OK);
	CHECK_INT(diffs, 0);
}

static void refused_transition_rejects_the_file_with_its_line(void)
{
	int64_t before = dossiers();
	struct import_dossiers_result r;
	const char *text = LINE2 LINE2
		"{\"procedure\": \"R3\", \"unit\": \"H29.23\", \"channel\": \"counter\", \"events\": ["
		"{\"at\": \"2026-01-06T08:00:00+07:00\", \"kind\": \"receive\"},"
		"{\"at\": \"2026-01-06T09:00:00+07:00\", \"kind\": \"rate\", \"rating\": \"satisfied\"}]}\n";
	CHECK_INT(run(text, &r), E_REFUSED);
	CHECK_INT(r.line, 3);
	CHECK(strstr(r.message, "line 3") && strstr(r.message, "rate"));
	CHECK_INT(dossiers(), before);
	CHECK_INT(r.dossiers, 0);
}

static void unknown_procedure_rejects_the_file(void)
{
	int64_t before = dossiers();
	struct import_dossiers_result r;
	CHECK_INT(run(LINE2 "{\"procedure\": \"9.999\", \"unit\": \"H29.23\", \"channel\": "
			    "\"counter\", \"events\": [{\"at\": \"2026-01-06T08:00\", "
			    "\"kind\": \"receive\"}]}\n", &r), E_NOTFOUND);
	CHECK_INT(r.line, 2);
	CHECK(strstr(r.message, "9.999") != NULL);
	CHECK_INT(dossiers(), before);
}

static void malformed_date_rejects_the_file(void)
{
	int64_t before = dossiers();
	struct import_dossiers_result r;
	CHECK_INT(run(LINE2 "\n" LINE2 "{\"procedure\": \"R3\", \"unit\": \"H29.23\", \"channel\": "
			    "\"counter\", \"events\": [{\"at\": \"2026-02-30T08:00\", "
			    "\"kind\": \"receive\"}]}\n", &r), E_INVALID);
	CHECK_INT(r.line, 4);
	CHECK(strstr(r.message, "\"at\"") != NULL);
	CHECK_INT(dossiers(), before);
	CHECK_INT(run("{not json\n", &r), E_INVALID);
	CHECK_INT(r.line, 1);
}

static void duplicate_key_or_fractional_amount_rejects_the_file(void)
{
	int64_t before = dossiers();
	struct import_dossiers_result r;
	CHECK_INT(run(LINE2 "{\"procedure\": \"P5\", \"procedure\": \"R3\", \"unit\": \"H29.23\", "
		      "\"channel\": \"counter\", \"events\": []}\n", &r), E_INVALID);
	CHECK_INT(r.line, 2);
	CHECK_INT(run(LINE2 "{\"procedure\": \"P5\", \"unit\": \"H29.23\", \"channel\": \"counter\", "
		      "\"events\": [{\"at\": \"2026-01-06T08:00:00+07:00\", \"kind\": \"receive\"}, "
		      "{\"at\": \"2026-01-06T09:00:00+07:00\", \"kind\": \"assign\"}, "
		      "{\"at\": \"2026-01-06T10:00:00+07:00\", \"kind\": \"request_payment\"}, "
		      "{\"at\": \"2026-01-06T11:00:00+07:00\", \"kind\": \"pay\", \"amount\": 12.5, "
		      "\"method\": \"online\"}]}\n", &r), E_INVALID);
	CHECK_INT(r.line, 2);
	CHECK(strstr(r.message, "amount") != NULL);
	CHECK_INT(dossiers(), before);
}

static void duplicate_code_rejects_the_file(void)
{
	int64_t before = dossiers();
	struct import_dossiers_result r;
	CHECK_INT(run(GOOD_LINE, &r), E_CONFLICT);
	CHECK_INT(r.line, 1);
	CHECK_INT(dossiers(), before);
}

static void file_over_the_size_limit_is_refused_whole(void)
{
	/* A file of GOOD_LINE followed by NUL padding up to IMPORT_DOSSIERS_MAX_BYTES + 1 bytes:
	 * the command stops reading there, so importing the first part would be a silent cut.
	 * calloc maps zero pages lazily, so the gigabyte costs almost nothing. */
	int64_t before = dossiers();
	size_t n = (size_t)IMPORT_DOSSIERS_MAX_BYTES + 1;
	char *big = calloc(n, 1);
	if (!CHECK(big != NULL))
		return;
	memcpy(big, LINE2, strlen(LINE2));
	big[strlen(LINE2)] = '\n';
	struct import_dossiers_result r;
	CHECK_INT(import_dossiers(F.e, F.db, big, n, &r), E_LIMIT);
	CHECK(strstr(r.message, "larger than") != NULL);
	CHECK_INT(dossiers(), before);
	free(big);
}

int main(void)
{
	fix_open(&F);
	RUN(formats_example_is_imported_with_computed_deadline);
	RUN(refused_transition_rejects_the_file_with_its_line);
	RUN(unknown_procedure_rejects_the_file);
	RUN(malformed_date_rejects_the_file);
	RUN(duplicate_code_rejects_the_file);
	RUN(duplicate_key_or_fractional_amount_rejects_the_file);
	RUN(file_over_the_size_limit_is_refused_whole);
	fix_close(&F);
	return harness_done("test_import_dossiers");
}
