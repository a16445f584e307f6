/* report.c - `motcua report ontime|index766` (formats.md): the JSON, CSV or table of the
 * on-time report, the dossier list behind a figure, or the Decision 766 index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/text.h"
#include "motcua/db.h"
#include "motcua/paths.h"
#include "motcua/report.h"

static const char *const COLUMNS[] = {
	"received", "carried_over", "finished_early", "finished_on_time", "finished_late",
	"open_in_time", "open_overdue", "waiting", "on_time_rate", "progress_766", "score_2_1",
	"avg_processing_days",
};
#define NCOLUMNS (sizeof(COLUMNS) / sizeof(COLUMNS[0]))

/* A figure or rate as text ("" for null). */
static void cell(json_t *v, char *out, size_t n)
{
	if (json_is_integer(v))
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, n, "%.10g", json_real_value(v));
	else
		snprintf(out, n, "%s", "");
}

/* CSV field with quotes when needed. */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

#define KEY_WIDTH 34

/* Print s left-aligned in width characters (not bytes: field names are Vietnamese), cut
 * with "…" when longer. */
static void print_padded(const char *s, size_t width)
{
	size_t n = strlen(s), chars = utf8_length(s, n);
	if (chars <= width) {
		printf("%s%*s", s, (int)(width - chars), "");
		return;
	}
	size_t i = 0, kept = 0;
	while (i < n && kept < width - 1) {
		size_t len;
		utf8_decode(s + i, n - i, &len);
		i += len;
		kept++;
	}
	printf("%.*s…", (int)i, s);
}

/* Print one row as CSV or as a table line. */
static void print_row(json_t *row, const char *key, const char *name, bool csv)
{
	char buf[64];
	if (csv) {
		csv_field(key);
		putchar(',');
		csv_field(name);
	} else {
		print_padded(key, KEY_WIDTH);
	}
	for (size_t i = 0; i < NCOLUMNS; i++) {
		cell(json_object_get(row, COLUMNS[i]), buf, sizeof(buf));
		if (csv)
			printf(",%s", buf);
		else
			printf(" %8s", buf[0] ? buf : "-");
	}
	putchar('\n');
}

/* Print the on-time report in the chosen format. */
static void print_ontime(json_t *r, const char *format)
{
	if (!strcmp(format, "json")) {
		char *s = report_dumps(r, false);
		puts(s);
		free(s);
		return;
	}
	bool csv = !strcmp(format, "csv");
	if (csv) {
		printf("key,name");
		for (size_t i = 0; i < NCOLUMNS; i++)
			printf(",%s", COLUMNS[i]);
		putchar('\n');
	} else {
		printf("%s .. %s, as of %s, by %s\n", json_string_value(json_object_get(r, "from")),
		       json_string_value(json_object_get(r, "to")),
		       json_string_value(json_object_get(r, "as_of")),
		       json_string_value(json_object_get(r, "group")));
		print_padded("key", KEY_WIDTH);
		static const char *const short_names[NCOLUMNS] = {
			"recv", "carried", "early", "on_time", "late", "open_ok", "overdue",
			"waiting", "rate", "prog766", "score21", "avg_days",
		};
		for (size_t i = 0; i < NCOLUMNS; i++)
			printf(" %8s", short_names[i]);
		putchar('\n');
	}
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(r, "rows"), i, row)
		print_row(row, json_string_value(json_object_get(row, "key")),
			  json_string_value(json_object_get(row, "name")), csv);
	print_row(json_object_get(r, "total"), "TOTAL", "", csv);
}

/* Print the index766 document as JSON or a table. */
static void print_index(json_t *r, const char *format)
{
	if (strcmp(format, "table")) {
		char *s = report_dumps(r, false);
		puts(s);
		free(s);
		return;
	}
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(r, "indicators"), i, ind) {
		char ratio[32], pts[32];
		cell(json_object_get(ind, "ratio"), ratio, sizeof(ratio));
		cell(json_object_get(ind, "points"), pts, sizeof(pts));
		bool avail = json_is_true(json_object_get(ind, "available"));
		printf("%-10s %8s %8s / %-5g %s\n", json_string_value(json_object_get(ind, "id")),
		       avail ? ratio : "n/a", avail ? pts : "n/a",
		       json_real_value(json_object_get(ind, "max")),
		       json_string_value(json_object_get(ind, "name")));
	}
	printf("total %.2f of %.2f available points\n",
	       json_real_value(json_object_get(r, "total_points")),
	       json_real_value(json_object_get(r, "max_points")));
}

/* See cmd.h. */
int cmd_report(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const char *from = NULL, *to = NULL, *as_of = NULL, *unit = NULL, *group = "unit";
	const char *format = "json", *list = NULL;
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
		{ "from", NULL, CLI_STR, &from, 0, 0, "first day of the period, YYYY-MM-DD" },
		{ "to", NULL, CLI_STR, &to, 0, 0, "last day of the period, YYYY-MM-DD" },
		{ "as-of", NULL, CLI_STR, &as_of, 0, 0, "instant, ISO 8601 (default now)" },
		{ "unit", NULL, CLI_STR, &unit, 0, 0, "unit code: its subtree only" },
		{ "group", NULL, CLI_STR, &group, 0, 0, "unit, field or procedure" },
		{ "format", NULL, CLI_STR, &format, 0, 0, "json, csv or table" },
		{ "list", NULL, CLI_STR, &list, 0, 0, "print the dossier codes behind a figure" },
	};
	const struct cli_spec spec = { "motcua report", "the on-time report or the Decision 766 index",
				       "ontime|index766", opts,
				       (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool index = npos == 1 && !strcmp(pos[0], "index766");
	if (npos != 1 || (!index && strcmp(pos[0], "ontime"))) {
		fprintf(stderr, "motcua report: ontime or index766 (see --help)\n");
		return 2;
	}
	struct report_params p;
	memset(&p, 0, sizeof(p));
	int g = report_group_parse(group);
	if (!from || !parse_ymd(from, &p.from) || !to || !parse_ymd(to, &p.to)) {
		fprintf(stderr, "motcua report: --from and --to are dates YYYY-MM-DD\n");
		return 2;
	}
	if (as_of && !parse_iso8601(as_of, &p.as_of)) {
		fprintf(stderr, "motcua report: --as-of must be ISO 8601\n");
		return 2;
	}
	if (g < 0 || (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "table"))) {
		fprintf(stderr, "motcua report: --group unit|field|procedure, "
				"--format json|csv|table\n");
		return 2;
	}
	int fig = list ? figure_parse(list) : 0;
	if (fig < 0) {
		fprintf(stderr, "motcua report: --list takes a figure name (received, "
				"carried_over, finished_early, ..., waiting)\n");
		return 2;
	}
	p.group = (enum report_group)g;
	p.unit = unit;
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	json_t *r = NULL;
	char why[256] = "";
	enum err e = index ? report_index766(db, &p, &r, why, sizeof(why)) :
		     list ? report_list(db, &p, (enum figure)fig, &r, why, sizeof(why)) :
			    report_ontime(db, &p, &r, why, sizeof(why));
	db_close(db);
	if (e != E_OK) {
		fprintf(stderr, "motcua report: %s\n", why[0] ? why : err_name(e));
		return 1;
	}
	if (index) {
		print_index(r, format);
	} else if (list) {
		size_t i;
		json_t *v;
		json_array_foreach(r, i, v)
			puts(json_string_value(v));
	} else {
		print_ontime(r, format);
	}
	json_decref(r);
	return 0;
}
