/* index766_config.c - the Decision 766 configuration file (groups and indicators) validated
 * and loaded in one transaction with its administrative record; the period keys of the
 * index. */
#include "motcua/index766.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "import_internal.h"
#include "motcua/clock.h"
#include "motcua/index_store.h"
#include "motcua/xalloc.h"

static const char *const kind_names[IK__MAX] = { "computed", "entered", "unavailable" };

/* The indicators index766.c computes (a "computed" row must be one of them). */
static const char *const computable[] = { "2.1", "3.1", "3.2", "3.3", "payment.A", "payment.B",
					  "payment.C", "4.1", "4.2", "5.4", NULL };

/* See index766.h. */
const char *index_kind_name(enum index_kind k)
{
	return k >= 0 && k < IK__MAX ? kind_names[k] : "?";
}

/* See index766.h. */
int index_kind_parse(const char *s)
{
	for (int i = 0; s && i < IK__MAX; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

/* See index766.h. */
void index_period_key(int64_t from, int64_t to, char out[16])
{
	int y1, m1, d1, y2, m2, d2;
	out[0] = '\0';
	civil_from_days(from, &y1, &m1, &d1);
	civil_from_days(to + 1, &y2, &m2, &d2);	/* the day after the period */
	if (d1 != 1 || d2 != 1 || to < from)
		return;
	int months = (y2 - y1) * 12 + (m2 - m1);
	char tmp[48] = "";
	if (y1 < 0 || y1 > 9999)
		return;
	if (months == 1)
		snprintf(tmp, sizeof(tmp), "%04d-%02d", y1, m1);
	else if (months == 3 && (m1 - 1) % 3 == 0)
		snprintf(tmp, sizeof(tmp), "%04d-Q%d", y1, (m1 - 1) / 3 + 1);
	else if (months == 12 && m1 == 1)
		snprintf(tmp, sizeof(tmp), "%04d", y1);
	snprintf(out, 16, "%.15s", tmp);
}

/* See index766.h. */
bool index_period_days(const char *key, int64_t *from, int64_t *to)
{
	int y = 0, m = 0, q = 0;
	char tail;
	size_t n = key ? strlen(key) : 0;
	if (n == 4 && sscanf(key, "%4d%c", &y, &tail) == 1 && strspn(key, "0123456789") == 4) {
		*from = days_from_civil(y, 1, 1);
		*to = days_from_civil(y + 1, 1, 1) - 1;
	} else if (n == 7 && key[4] == '-' && key[5] == 'Q' &&
		   sscanf(key, "%4d-Q%1d%c", &y, &q, &tail) == 2 && q >= 1 && q <= 4) {
		*from = days_from_civil(y, (q - 1) * 3 + 1, 1);
		*to = (q == 4 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, q * 3 + 1, 1)) - 1;
	} else if (n == 7 && key[4] == '-' && strspn(key, "0123456789") == 4 &&
		   strspn(key + 5, "0123456789") == 2 && sscanf(key, "%4d-%2d", &y, &m) == 2 &&
		   m >= 1 && m <= 12) {
		*from = days_from_civil(y, m, 1);
		*to = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
	} else {
		return false;
	}
	return y >= 2000 && y <= 2100 && strspn(key, "0123456789") == 4;
}

/* See index766.h. */
bool index_parse_number(const char *s, double *out)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	char tmp[32];
	size_t n = 0, digits = 0, decimals = 0;
	bool sep = false;
	for (; *s && *s != ' '; s++) {
		if (n + 2 >= sizeof(tmp))
			return false;
		if (*s >= '0' && *s <= '9') {
			tmp[n++] = *s;
			if (sep)
				decimals++;
			else
				digits++;
		} else if ((*s == ',' || *s == '.') && !sep && digits) {
			tmp[n++] = '.';
			sep = true;
		} else {
			return false;
		}
	}
	while (*s == ' ')
		s++;
	if (*s || !digits || digits > 6 || (sep && (decimals == 0 || decimals > 2)))
		return false;
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return true;
}

/* A number member in [min, max] (integer or real); absent: *out unchanged unless required. */
static bool j_number(struct jctx *c, json_t *obj, const char *key, bool required, double min,
		     double max, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return required ? jfail(c, key, "required") : true;
	if (!json_is_number(v))
		return jfail(c, key, "a number is expected");
	double d = json_number_value(v);
	if (!isfinite(d) || d < min || d > max)
		return jfail(c, key, "%g is not between %g and %g", d, min, max);
	*out = d;
	return true;
}

/* Whether s is a short identifier: 1..maxlen of [A-Za-z0-9._-]. */
static bool ident_ok(const char *s, size_t maxlen)
{
	size_t n = strlen(s);
	return n >= 1 && n <= maxlen &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* What a file holds once validated. */
struct loaded {
	struct index_group *g;
	int ng;
	struct index_conf *c;
	int nc;
	long *group_line, *group_element;
};

static const char *const kind_choices[] = { "computed", "entered", "unavailable", NULL };
static const char *const type_names[] = { "group", "indicator", NULL };
static const char *const group_keys[] = { "type", "id", "name_vi", "name_en", "max", NULL };
static const char *const ind_keys[] = { "type", "id", "group", "name_vi", "name_en", "max",
					"threshold", "kind", NULL };

/* Validate one element into L. */
static bool one(struct jctx *c, json_t *o, void *loaded)
{
	struct loaded *L = loaded;
	const char *type, *id, *vi, *en;
	if (!json_is_object(o))
		return jfail(c, "", "an object is expected");
	if (!j_enum(c, o, "type", "type", true, type_names, &type) ||
	    !j_object(c, o, "", !strcmp(type, "group") ? group_keys : ind_keys) ||
	    !j_string(c, o, "id", "id", true, 31, &id) ||
	    !j_string(c, o, "name_vi", "name_vi", true, 200, &vi) ||
	    !j_string(c, o, "name_en", "name_en", true, 200, &en))
		return false;
	if (!ident_ok(id, !strcmp(type, "group") ? 31 : 15))
		return jfail(c, "id", "'%s' is not a short identifier (letters, digits, . _ -)", id);
	double max = -1;
	if (!j_number(c, o, "max", true, 0, 100, &max))
		return false;
	if (!strcmp(type, "group")) {
		for (int i = 0; i < L->ng; i++)
			if (!strcmp(L->g[i].id, id))
				return jfail(c, "id", "group '%s' already defined at line %ld", id,
					     L->group_line[i]);
		if (L->nc)
			return jfail(c, "type", "groups must come before the indicators");
		L->g = xrealloc(L->g, (size_t)(L->ng + 1) * sizeof(*L->g));
		L->group_line = xrealloc(L->group_line, (size_t)(L->ng + 1) * sizeof(long));
		L->group_element = xrealloc(L->group_element, (size_t)(L->ng + 1) * sizeof(long));
		struct index_group *g = &L->g[L->ng];
		memset(g, 0, sizeof(*g));
		snprintf(g->id, sizeof(g->id), "%s", id);
		snprintf(g->name, sizeof(g->name), "%s", vi);
		snprintf(g->name_en, sizeof(g->name_en), "%s", en);
		g->max_points = max;
		g->sort = L->ng + 1;
		L->group_line[L->ng] = c->line;
		L->group_element[L->ng] = c->element;
		L->ng++;
		return true;
	}
	const char *grp, *kind;
	double thr = 1;
	if (!j_string(c, o, "group", "group", true, 31, &grp) ||
	    !j_number(c, o, "threshold", false, 0.01, 1, &thr) ||
	    !j_enum(c, o, "kind", "kind", true, kind_choices, &kind))
		return false;
	bool known = false;
	for (int i = 0; i < L->ng && !known; i++)
		known = !strcmp(L->g[i].id, grp);
	if (!known)
		return jfail(c, "group", "'%s' is not a group defined above", grp);
	for (int i = 0; i < L->nc; i++)
		if (!strcmp(L->c[i].id, id))
			return jfail(c, "id", "indicator '%s' is listed twice", id);
	if (!strcmp(kind, "computed")) {
		bool can = false;
		for (int i = 0; computable[i] && !can; i++)
			can = !strcmp(computable[i], id);
		if (!can)
			return jfail(c, "kind", "motcua cannot compute '%s' (computed: 2.1, 3.1-3.3, "
				     "payment.A-C, 4.1, 4.2, 5.4); use entered or unavailable", id);
	}
	L->c = xrealloc(L->c, (size_t)(L->nc + 1) * sizeof(*L->c));
	struct index_conf *k = &L->c[L->nc];
	memset(k, 0, sizeof(*k));
	snprintf(k->id, sizeof(k->id), "%s", id);
	snprintf(k->name, sizeof(k->name), "%s", vi);
	snprintf(k->name_en, sizeof(k->name_en), "%s", en);
	snprintf(k->group, sizeof(k->group), "%s", grp);
	snprintf(k->kind, sizeof(k->kind), "%s", kind);
	k->max_points = max;
	k->threshold = thr;
	k->available = strcmp(kind, "unavailable") != 0;
	k->sort = L->nc + 1;
	L->nc++;
	return true;
}

/* Whole-file checks: at least one group and indicator, group maxima summing to 100, each
 * group reachable by its indicators. */
static bool whole(struct import_result *r, const void *loaded)
{
	const struct loaded *L = loaded;
	if (!L->ng || !L->nc) {
		import_fail(r, 0, 0, NULL, "the file needs at least one group and one indicator");
		return false;
	}
	double sum = 0;
	for (int i = 0; i < L->ng; i++) {
		double in = 0;
		for (int k = 0; k < L->nc; k++)
			if (!strcmp(L->c[k].group, L->g[i].id))
				in += L->c[k].max_points;
		if (in + 1e-9 < L->g[i].max_points) {
			import_fail(r, L->group_line[i], L->group_element[i], "max",
				    "the indicators of group '%s' give at most %g points, less than "
				    "its maximum %g", L->g[i].id, in, L->g[i].max_points);
			return false;
		}
		sum += L->g[i].max_points;
	}
	if (fabs(sum - 100) > 1e-9) {
		import_fail(r, L->group_line[0], L->group_element[0], "max",
			    "the groups' maxima sum to %g, not 100", sum);
		return false;
	}
	return true;
}

/* The configuration as a JSON array in the file's format (new reference), NULL on E_DB. */
static json_t *config_json(struct db *db)
{
	struct index_group *g = NULL;
	struct index_conf *c = NULL;
	int ng = 0, nc = 0;
	if (index_store_groups(db, &g, &ng) != E_OK)
		return NULL;
	if (report_store_index_conf(db, &c, &nc) != E_OK) {
		free(g);
		return NULL;
	}
	json_t *a = json_array();
	for (int i = 0; i < ng; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:f}", "type", "group",
						   "id", g[i].id, "name_vi", g[i].name, "name_en",
						   g[i].name_en, "max", g[i].max_points));
	for (int i = 0; i < nc; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s}",
						   "type", "indicator", "id", c[i].id, "group",
						   c[i].group, "name_vi", c[i].name, "name_en",
						   c[i].name_en, "max", c[i].max_points, "threshold",
						   c[i].threshold, "kind", c[i].kind));
	free(g);
	free(c);
	return a;
}

/* config_file callbacks over struct loaded. */
static enum err replace_config(struct db *db, const void *loaded)
{
	const struct loaded *L = loaded;
	return index_store_config_replace(db, L->g, L->ng, L->c, L->nc);
}

static int count_rows(const void *loaded)
{
	const struct loaded *L = loaded;
	return L->ng + L->nc;
}

/* See index766.h. */
char *index766_config_text(struct db *db)
{
	return config_file_text(db, config_json);
}

/* See index766.h. */
enum err index766_config_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			      struct import_result *r)
{
	struct loaded L;
	memset(&L, 0, sizeof(L));
	struct config_file f = { &L, one, whole, config_json, replace_config,
				 count_rows, "setting.766", "index766:config" };
	enum err e = config_file_load(db, text, len, actor_id, &f, r);
	free(L.g);
	free(L.c);
	free(L.group_line);
	free(L.group_element);
	return e;
}

/* See index766.h. */
bool index_period_prev(const char *key, char out[16])
{
	int64_t from, to;
	if (!index_period_days(key, &from, &to))
		return false;
	int y, m, d;
	civil_from_days(from, &y, &m, &d);
	int64_t pto = from - 1, pfrom;
	if (strlen(key) == 4)
		pfrom = days_from_civil(y - 1, 1, 1);
	else if (key[5] == 'Q')
		pfrom = m > 3 ? days_from_civil(y, m - 3, 1) : days_from_civil(y - 1, m + 9, 1);
	else
		pfrom = m > 1 ? days_from_civil(y, m - 1, 1) : days_from_civil(y - 1, 12, 1);
	index_period_key(pfrom, pto, out);
	return out[0] != '\0';
}
