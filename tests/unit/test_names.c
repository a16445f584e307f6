/* test_names.c - the name tables of the store (names.h, role.h) against the live schema: every
 * CHECK list of text values in a migrated database (read back from sqlite_master) is compared
 * with the name table of its column, both ways, and every such CHECK list must have a name
 * table here. Tables whose column has no CHECK list (statuses, events) are checked for
 * round trips and unique names; enum metric against the columns of stat_counters. */
#include "harness.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "motcua/account_store.h"
#include "motcua/attachment_store.h"
#include "motcua/http.h"
#include "motcua/migrate.h"
#include "motcua/names.h"
#include "motcua/payment_store.h"
#include "motcua/register_store.h"
#include "motcua/outbox_store.h"
#include "motcua/role.h"
#include "motcua/stats_store.h"
#include "motcua/twofactor_store.h"
#include "../../src/store/db_sql.h"

#define VALUES_MAX 32

/* One CHECK constraint over text values: table.column IN (values...). */
struct check_list {
	char table[64], column[64];
	char values[VALUES_MAX][64];
	int n;
};

static struct check_list checks[64];
static int nchecks;

/* Parse every CHECK (...) of one CREATE TABLE statement that names string literals: the
 * first identifier is the column, the quoted strings are its values. */
static void parse_checks(const char *table, const char *sql)
{
	for (const char *p = sql; (p = strcasestr(p, "CHECK")); ) {
		p += 5;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '(')
			continue;
		struct check_list c = { .n = 0 };
		snprintf(c.table, sizeof(c.table), "%s", table);
		int depth = 0;
		const char *q = p;
		do {
			if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
			else if (*q == '\'') {
				const char *end = strchr(q + 1, '\'');
				if (!end || c.n == VALUES_MAX)
					abort();
				snprintf(c.values[c.n++], sizeof(c.values[0]), "%.*s", (int)(end - q - 1),
					 q + 1);
				q = end;
			} else if (!c.column[0] && (isalpha((unsigned char)*q) || *q == '_')) {
				size_t len = 0;
				while (isalnum((unsigned char)q[len]) || q[len] == '_')
					len++;
				snprintf(c.column, sizeof(c.column), "%.*s", (int)len, q);
				q += len - 1;
			}
			q++;
		} while (depth > 0 && *q);
		if (c.n > 0 && nchecks < (int)(sizeof(checks) / sizeof(checks[0])))
			checks[nchecks++] = c;
		p = q;
	}
}

/* Load the CHECK lists of a freshly migrated in-memory database, once. */
static void load_schema(void)
{
	if (nchecks)
		return;
	struct db *db;
	if (db_open(":memory:", &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	static const char sql[] = "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
				  "AND sql IS NOT NULL ORDER BY name";
	sqlite3_stmt *st = db_stmt(db, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		parse_checks(db_col_text(st, 0), db_col_text(st, 1));
	db_close(db);
}

/* The CHECK list of table.column, or NULL. */
static const struct check_list *check_of(const char *table, const char *column)
{
	for (int i = 0; i < nchecks; i++)
		if (!strcmp(checks[i].table, table) && !strcmp(checks[i].column, column))
			return &checks[i];
	return NULL;
}

/* Whether s is one of the check's values. */
static bool in_check(const struct check_list *c, const char *s)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->values[i], s))
			return true;
	return false;
}

/* A name table as a NULL-terminated list of names. */
struct names {
	const char *table, *column;
	const char *list[VALUES_MAX + 1];
};

/* Compare the schema's CHECK list of n->table.column with n->list, both ways. */
static void same_both_ways(const struct names *n)
{
	const struct check_list *c = check_of(n->table, n->column);
	if (!CHECK(c != NULL)) {
		printf("    no CHECK list for %s.%s in the schema\n", n->table, n->column);
		return;
	}
	int count = 0;
	for (int i = 0; n->list[i]; i++, count++)
		if (!CHECK(in_check(c, n->list[i])))
			printf("    %s.%s: '%s' is in the name table, not in the schema\n", n->table,
			       n->column, n->list[i]);
	for (int i = 0; i < c->n; i++) {
		bool found = false;
		for (int j = 0; n->list[j]; j++)
			found = found || !strcmp(n->list[j], c->values[i]);
		if (!CHECK(found))
			printf("    %s.%s: '%s' is in the schema, not in the name table\n", n->table,
			       n->column, c->values[i]);
	}
	CHECK_INT(count, c->n);
}

/* Build a list from a name function over [0, max). */
#define LIST_OF(dst, fn, max)                                  \
	do {                                                   \
		for (int i_ = 0; i_ < (max); i_++)             \
			(dst)[i_] = fn(i_);                    \
		(dst)[(max)] = NULL;                           \
	} while (0)

/* Copy a NULL-terminated extern list. */
static void copy_list(const char **dst, const char *const *src)
{
	int i = 0;
	for (; src[i] && i < VALUES_MAX; i++)
		dst[i] = src[i];
	dst[i] = NULL;
}

static struct names tables[32];
static int ntables;

/* Every name table that mirrors a CHECK list, with the column it mirrors. */
static void build_tables(void)
{
	if (ntables)
		return;
	struct names *t;
	t = &tables[ntables++];
	*t = (struct names){ .table = "dossiers", .column = "channel", .list = { NULL } };
	LIST_OF(t->list, channel_name, CH__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "dossiers", .column = "outcome", .list = { NULL } };
	LIST_OF(t->list, outcome_name, OUT__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "dossiers", .column = "rating", .list = { NULL } };
	LIST_OF(t->list, rating_name, RATING__MAX);
	/* dossiers.result_channel: the delivery chosen in the portal's wizard (channel names) */
	t = &tables[ntables++];
	*t = (struct names){ .table = "dossiers", .column = "result_channel", .list = { NULL } };
	LIST_OF(t->list, channel_name, CH__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "procedures", .column = "duration_unit", .list = { NULL } };
	LIST_OF(t->list, duration_unit_name, DU__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "procedures", .column = "online_level", .list = { NULL } };
	copy_list(t->list, online_level_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "procedures", .column = "supplement_policy", .list = { NULL } };
	copy_list(t->list, supplement_policy_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "units", .column = "level", .list = { NULL } };
	copy_list(t->list, unit_level_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "signin_audit", .column = "kind", .list = { NULL } };
	LIST_OF(t->list, signin_event_name, SE__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "attachments", .column = "owner_kind", .list = { NULL } };
	LIST_OF(t->list, attachment_owner_name, ATTACH_OWNER__MAX);
	/* stored_files.kind: the kinds the upload path recognises by content (bits, not an index) */
	t = &tables[ntables++];
	*t = (struct names){ .table = "stored_files", .column = "kind", .list = { NULL } };
	t->list[0] = upload_kind_name(UPLOAD_PDF);
	t->list[1] = upload_kind_name(UPLOAD_JPEG);
	t->list[2] = upload_kind_name(UPLOAD_PNG);
	t->list[3] = NULL;
	t = &tables[ntables++];
	*t = (struct names){ .table = "payments", .column = "state", .list = { NULL } };
	LIST_OF(t->list, payment_state_name, PAY__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "payments", .column = "provider", .list = { NULL } };
	copy_list(t->list, payment_provider_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "outbox", .column = "channel", .list = { NULL } };
	LIST_OF(t->list, outbox_channel_name, OUTBOX_CHANNEL__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "outbox", .column = "state", .list = { NULL } };
	LIST_OF(t->list, outbox_state_name, OUTBOX_STATE__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "outbox", .column = "lang", .list = { NULL } };
	copy_list(t->list, outbox_lang_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "outbox", .column = "kind", .list = { NULL } };
	LIST_OF(t->list, outbox_kind_name, OUTBOX_KIND__MAX);
	t = &tables[ntables++];
	*t = (struct names){ .table = "password_links", .column = "purpose", .list = { NULL } };
	copy_list(t->list, password_link_purpose_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "signin_pending", .column = "purpose", .list = { NULL } };
	copy_list(t->list, pending_purpose_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "users", .column = "kind", .list = { NULL } };
	copy_list(t->list, account_kind_names);
	t = &tables[ntables++];
	*t = (struct names){ .table = "users", .column = "lang", .list = { NULL } };
	copy_list(t->list, outbox_lang_names);
	/* users.role holds account roles only: every role but ROLE_SYSTEM. */
	t = &tables[ntables++];
	*t = (struct names){ .table = "users", .column = "role", .list = { NULL } };
	int k = 0;
	for (int r = 0; r < ROLE__MAX; r++)
		if (role_is_account((enum role)r))
			t->list[k++] = role_name((enum role)r);
	t->list[k] = NULL;
}

static void every_name_table_matches_its_check_list(void)
{
	load_schema();
	build_tables();
	CHECK(nchecks >= ntables);
	for (int i = 0; i < ntables; i++)
		same_both_ways(&tables[i]);
}

static void every_check_list_has_a_name_table(void)
{
	load_schema();
	build_tables();
	for (int i = 0; i < nchecks; i++) {
		bool mapped = false;
		for (int j = 0; j < ntables; j++)
			mapped = mapped || (!strcmp(tables[j].table, checks[i].table) &&
					    !strcmp(tables[j].column, checks[i].column));
		if (!CHECK(mapped))
			printf("    %s.%s has a CHECK list and no name table in test_names.c\n",
			       checks[i].table, checks[i].column);
	}
}

/* Name and parse functions agree for every value, names are distinct, unknowns are -1. */
#define ROUND_TRIP(name_fn, parse_fn, max)                                       \
	do {                                                                     \
		for (int i_ = 0; i_ < (max); i_++) {                             \
			CHECK_INT(parse_fn(name_fn(i_)), i_);                    \
			for (int j_ = 0; j_ < i_; j_++)                          \
				CHECK(strcmp(name_fn(i_), name_fn(j_)) != 0);    \
		}                                                                \
		CHECK_INT(parse_fn("nonexistent"), -1);                         \
		CHECK_INT(parse_fn(NULL), -1);                                   \
	} while (0)

static void names_round_trip(void)
{
	ROUND_TRIP(dossier_status_name, dossier_status_parse, DS__MAX);
	ROUND_TRIP(event_kind_name, event_kind_parse, EV__MAX);
	ROUND_TRIP(channel_name, channel_parse, CH__MAX);
	ROUND_TRIP(outcome_name, outcome_parse, OUT__MAX);
	ROUND_TRIP(rating_name, rating_parse, RATING__MAX);
	ROUND_TRIP(duration_unit_name, duration_unit_parse, DU__MAX);
	ROUND_TRIP(role_name, role_parse, ROLE__MAX);
	CHECK_STR(outcome_name(OUT_NONE), "");
	CHECK_STR(rating_name(RATING_NONE), "");
	CHECK_STR(dossier_status_name(DS__MAX), "?");
}

/* enum metric names the counter columns of stat_counters, in table order, after the key. */
static void metric_names_are_the_counter_columns(void)
{
	struct db *db;
	if (db_open(":memory:", &db) != E_OK || migrate_apply(db, "migrations", NULL) != E_OK)
		abort();
	static const char sql[] = "SELECT name FROM pragma_table_info('stat_counters') ORDER BY cid";
	static const char *const key[] = { "level", "bucket", "unit_id", "procedure_id" };
	sqlite3_stmt *st = db_stmt(db, sql);
	int col = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = db_col_text(st, 0);
		if (col < 4)
			CHECK_STR(name, key[col]);
		else if (col - 4 < M__MAX)
			CHECK_STR(name, metric_name((enum metric)(col - 4)));
		col++;
	}
	CHECK_INT(col, 4 + M__MAX);
	CHECK_STR(metric_name(M__MAX), "?");
	db_close(db);
}

/* The parser itself: both spellings of a CHECK list used by the schema. */
static void parser_reads_in_lists_and_or_chains(void)
{
	int before = nchecks;
	parse_checks("t", "CREATE TABLE t (a TEXT CHECK (a IN ('x', 'y')), n INTEGER CHECK (n > 0), "
			  "b TEXT CHECK (b = 'p' OR b = 'q' OR\n\tb = 'r'))");
	CHECK_INT(nchecks - before, 2);
	if (nchecks - before == 2) {
		CHECK_STR(checks[before].column, "a");
		CHECK_INT(checks[before].n, 2);
		CHECK_STR(checks[before + 1].column, "b");
		CHECK_INT(checks[before + 1].n, 3);
		CHECK_STR(checks[before + 1].values[2], "r");
	}
	nchecks = before;
}

int main(void)
{
	RUN(every_name_table_matches_its_check_list);
	RUN(every_check_list_has_a_name_table);
	RUN(names_round_trip);
	RUN(metric_names_are_the_counter_columns);
	RUN(parser_reads_in_lists_and_or_chains);
	return harness_done("test_names");
}
