/* par.c - the PAR index: the criteria file, pre-filled procedure-reform criteria, entered
 * criteria with evidence, totals (docs/par.md). */
#include "motcua/par.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "import_internal.h"
#include "motcua/admin_audit.h"
#include "motcua/index_store.h"
#include "motcua/report.h"
#include "motcua/text.h"
#include "motcua/xalloc.h"

static const char *const source_names[] = { "entered", "ontime", "apologies", "online",
					    "payment", "digitised", "satisfaction", NULL };

/* See par.h. */
const char *par_source_name(enum par_source s)
{
	return s >= 0 && s < PS__MAX ? source_names[s] : "?";
}

/* See par.h. */
int par_source_parse(const char *s)
{
	for (int i = 0; s && i < PS__MAX; i++)
		if (!strcmp(s, source_names[i]))
			return i;
	return -1;
}

/* A number member in [min, max]; absent: *out unchanged unless required. */
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

struct loaded {
	struct par_area *a;
	int na;
	struct par_criterion *c;
	int nc;
	long *aline, *aelem;
};

static const char *const type_names[] = { "area", "criterion", NULL };
static const char *const area_keys[] = { "type", "id", "name_vi", "name_en", "max", NULL };
static const char *const crit_keys[] = { "type", "id", "area", "name_vi", "name_en", "max",
					 "threshold", "source", NULL };

/* Validate one element into L. */
static bool one(struct jctx *c, json_t *o, void *loaded)
{
	struct loaded *L = loaded;
	const char *type, *id, *vi, *en;
	if (!json_is_object(o))
		return jfail(c, "", "an object is expected");
	if (!j_enum(c, o, "type", "type", true, type_names, &type) ||
	    !j_object(c, o, "", !strcmp(type, "area") ? area_keys : crit_keys) ||
	    !j_string(c, o, "id", "id", true, 31, &id) ||
	    !j_string(c, o, "name_vi", "name_vi", true, 300, &vi) ||
	    !j_string(c, o, "name_en", "name_en", true, 300, &en))
		return false;
	if (!ident_ok(id, 31))
		return jfail(c, "id", "'%s' is not a short identifier (letters, digits, . _ -)", id);
	double max = -1;
	if (!j_number(c, o, "max", true, 0, 100, &max))
		return false;
	if (!strcmp(type, "area")) {
		for (int i = 0; i < L->na; i++)
			if (!strcmp(L->a[i].id, id))
				return jfail(c, "id", "area '%s' already defined at line %ld", id,
					     L->aline[i]);
		if (L->nc)
			return jfail(c, "type", "areas must come before the criteria");
		L->a = xrealloc(L->a, (size_t)(L->na + 1) * sizeof(*L->a));
		L->aline = xrealloc(L->aline, (size_t)(L->na + 1) * sizeof(long));
		L->aelem = xrealloc(L->aelem, (size_t)(L->na + 1) * sizeof(long));
		struct par_area *a = &L->a[L->na];
		memset(a, 0, sizeof(*a));
		snprintf(a->id, sizeof(a->id), "%s", id);
		snprintf(a->name, sizeof(a->name), "%s", vi);
		snprintf(a->name_en, sizeof(a->name_en), "%s", en);
		a->max_points = max;
		a->sort = L->na + 1;
		L->aline[L->na] = c->line;
		L->aelem[L->na] = c->element;
		L->na++;
		return true;
	}
	const char *area, *source = "entered";
	double thr = 1;
	if (!j_string(c, o, "area", "area", true, 31, &area) ||
	    !j_number(c, o, "threshold", false, 0.01, 1, &thr) ||
	    !j_enum(c, o, "source", "source", false, source_names, &source))
		return false;
	if (!source)
		source = "entered";
	bool known = false;
	for (int i = 0; i < L->na && !known; i++)
		known = !strcmp(L->a[i].id, area);
	if (!known)
		return jfail(c, "area", "'%s' is not an area defined above", area);
	for (int i = 0; i < L->nc; i++)
		if (!strcmp(L->c[i].id, id))
			return jfail(c, "id", "criterion '%s' is listed twice", id);
	L->c = xrealloc(L->c, (size_t)(L->nc + 1) * sizeof(*L->c));
	struct par_criterion *k = &L->c[L->nc];
	memset(k, 0, sizeof(*k));
	snprintf(k->id, sizeof(k->id), "%s", id);
	snprintf(k->area, sizeof(k->area), "%s", area);
	snprintf(k->name, sizeof(k->name), "%s", vi);
	snprintf(k->name_en, sizeof(k->name_en), "%s", en);
	snprintf(k->source, sizeof(k->source), "%s", source);
	k->max_points = max;
	k->threshold = thr;
	k->sort = L->nc + 1;
	L->nc++;
	return true;
}

/* Whole-file checks: areas sum to 100, each area's criteria to its maximum. */
static bool whole(struct import_result *r, const void *loaded)
{
	const struct loaded *L = loaded;
	if (!L->na || !L->nc) {
		import_fail(r, 0, 0, NULL, "the file needs at least one area and one criterion");
		return false;
	}
	double sum = 0;
	for (int i = 0; i < L->na; i++) {
		double in = 0;
		for (int k = 0; k < L->nc; k++)
			if (!strcmp(L->c[k].area, L->a[i].id))
				in += L->c[k].max_points;
		if (fabs(in - L->a[i].max_points) > 1e-9) {
			import_fail(r, L->aline[i], L->aelem[i], "max",
				    "the criteria of area '%s' sum to %g, not its maximum %g",
				    L->a[i].id, in, L->a[i].max_points);
			return false;
		}
		sum += L->a[i].max_points;
	}
	if (fabs(sum - 100) > 1e-9) {
		import_fail(r, L->aline[0], L->aelem[0], "max", "the areas' maxima sum to %g, "
			    "not 100", sum);
		return false;
	}
	return true;
}

/* The criteria as a JSON array in the file's format (new reference); NULL on E_DB. */
static json_t *config_json(struct db *db)
{
	struct par_area *a = NULL;
	struct par_criterion *c = NULL;
	int na = 0, nc = 0;
	if (par_store_areas(db, &a, &na) != E_OK)
		return NULL;
	if (par_store_criteria(db, &c, &nc) != E_OK) {
		free(a);
		return NULL;
	}
	json_t *arr = json_array();
	for (int i = 0; i < na; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:f}", "type", "area",
						     "id", a[i].id, "name_vi", a[i].name,
						     "name_en", a[i].name_en, "max",
						     a[i].max_points));
	for (int i = 0; i < nc; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s}",
						     "type", "criterion", "id", c[i].id, "area",
						     c[i].area, "name_vi", c[i].name, "name_en",
						     c[i].name_en, "max", c[i].max_points,
						     "threshold", c[i].threshold, "source",
						     c[i].source));
	free(a);
	free(c);
	return arr;
}

/* config_file callbacks over struct loaded. */
static enum err replace_config(struct db *db, const void *loaded)
{
	const struct loaded *L = loaded;
	return par_store_replace(db, L->a, L->na, L->c, L->nc);
}

static int count_rows(const void *loaded)
{
	const struct loaded *L = loaded;
	return L->na + L->nc;
}

/* See par.h. */
char *par_config_text(struct db *db)
{
	return config_file_text(db, config_json);
}

/* See par.h. */
enum err par_config_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			 struct import_result *r)
{
	struct loaded L;
	memset(&L, 0, sizeof(L));
	struct config_file f = { &L, one, whole, config_json, replace_config,
				 count_rows, "setting.par", "par:criteria" };
	enum err e = config_file_load(db, text, len, actor_id, &f, r);
	free(L.a);
	free(L.c);
	free(L.aline);
	free(L.aelem);
	return e;
}

/* See par.h. */
bool par_evidence_ok(const char *url)
{
	if (!url)
		return false;
	size_t n = strlen(url);
	size_t scheme = !strncmp(url, "https://", 8) ? 8 : !strncmp(url, "http://", 7) ? 7 : 0;
	if (!scheme || n <= scheme || n > PAR_EVIDENCE_MAX || url[scheme] == '/' ||
	    url[scheme] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)url[i];
		if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\')
			return false;
	}
	return utf8_valid(url, n);
}

/* The ratio of a data rule from the unit's 766 report for the year (NAN: no data). */
static double rule_ratio(enum par_source s, json_t *rep)
{
	json_t *fig = json_object_get(rep, "figures");
	const char *want = NULL;
	switch (s) {
	case PS_ONTIME: {
		json_t *v = json_object_get(fig, "on_time_rate");
		return json_is_number(v) ? json_number_value(v) : NAN;
	}
	case PS_APOLOGIES: {
		json_int_t late = json_integer_value(json_object_get(fig, "finished_late"));
		json_int_t apol = json_integer_value(json_object_get(fig, "apologies"));
		json_int_t fin = json_integer_value(json_object_get(fig, "finished"));
		if (!fin)
			return NAN;
		if (!late)
			return 1;
		return apol >= late ? 1 : (double)apol / (double)late;
	}
	case PS_ONLINE: want = "3.3"; break;
	case PS_PAYMENT: want = "payment.A"; break;
	case PS_DIGITISED: want = "4.2"; break;
	case PS_SATISFACTION: want = "5.4"; break;
	default: return NAN;
	}
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(rep, "indicators"), i, ind) {
		if (!strcmp(json_string_value(json_object_get(ind, "id")), want)) {
			json_t *v = json_object_get(ind, "ratio");
			return json_is_number(v) ? json_number_value(v) : NAN;
		}
	}
	return NAN;
}

/* See par.h. */
enum err par_unit_year(struct db *db, const char *unit_code, int64_t unit_id, int year,
		       const struct clock *clk, json_t **out)
{
	struct par_area *a = NULL;
	struct par_criterion *c = NULL;
	struct par_score *s = NULL;
	int na = 0, nc = 0, ns = 0;
	json_t *rep = NULL;
	enum err e;
	if ((e = par_store_areas(db, &a, &na)) != E_OK ||
	    (e = par_store_criteria(db, &c, &nc)) != E_OK ||
	    (e = par_store_scores(db, unit_id, year, &s, &ns)) != E_OK)
		goto out;
	bool need = false;
	for (int i = 0; i < nc; i++)
		need |= strcmp(c[i].source, "entered") != 0;
	if (need) {
		struct report_params p = { .unit = unit_code, .group = GROUP_UNIT, .clk = clk };
		p.from = days_from_civil(year, 1, 1);
		p.to = days_from_civil(year + 1, 1, 1) - 1;
		int64_t now = clock_now(clk);
		if (local_day(now) < p.from) {
			rep = NULL;	/* a future year: nothing to pre-fill */
		} else if ((e = report_index766(db, &p, &rep, NULL, 0)) != E_OK) {
			goto out;
		}
	}
	json_t *areas = json_array();
	double total = 0, max = 0;
	int entered = 0;
	for (int i = 0; i < na; i++) {
		json_t *crits = json_array();
		double apts = 0;
		for (int k = 0; k < nc; k++) {
			const struct par_criterion *cr = &c[k];
			if (strcmp(cr->area, a[i].id))
				continue;
			const struct par_score *sc = NULL;
			for (int j = 0; j < ns && !sc; j++)
				if (!strcmp(s[j].criterion, cr->id))
					sc = &s[j];
			int src = par_source_parse(cr->source);
			double r = src > PS_ENTERED && rep ? rule_ratio((enum par_source)src, rep)
							   : NAN;
			json_t *o = json_pack("{s:s, s:s, s:s, s:f, s:s}", "id", cr->id, "name",
					      cr->name, "name_en", cr->name_en, "max",
					      cr->max_points, "source", cr->source);
			json_object_set_new(o, "ratio", isnan(r) ? json_null()
							      : json_real(round(r * 10000) / 10000));
			double pts = NAN;
			if (sc) {
				pts = sc->points;
				entered++;
				json_object_set_new(o, "entered",
						    json_pack("{s:s, s:I, s:s, s:s}", "by", sc->by,
							      "at", (json_int_t)sc->at, "evidence",
							      sc->evidence, "note", sc->note));
			} else {
				json_object_set_new(o, "entered", json_null());
				if (!isnan(r)) {
					pts = cr->max_points * r / cr->threshold;
					if (pts > cr->max_points)
						pts = cr->max_points;
					if (pts < 0)
						pts = 0;
				}
			}
			if (!isnan(pts)) {
				pts = round(pts * 100) / 100;
				apts += pts;
			}
			json_object_set_new(o, "points", isnan(pts) ? json_null() : json_real(pts));
			json_array_append_new(crits, o);
		}
		if (apts > a[i].max_points)
			apts = a[i].max_points;
		total += apts;
		max += a[i].max_points;
		json_array_append_new(areas, json_pack("{s:s, s:s, s:s, s:f, s:f, s:o}", "id",
						       a[i].id, "name", a[i].name, "name_en",
						       a[i].name_en, "max", a[i].max_points,
						       "points", round(apts * 100) / 100,
						       "criteria", crits));
	}
	*out = json_pack("{s:i, s:s, s:o, s:f, s:f, s:i, s:i}", "year", year, "unit", unit_code,
			 "areas", areas, "total", round(total * 100) / 100, "max", max,
			 "entered_count", entered, "criteria_count", nc);
out:
	json_decref(rep);
	free(a);
	free(c);
	free(s);
	return e;
}

/* Refuse with field and key. */
static enum err refuse(struct index_refusal *why, const char *field, const char *key)
{
	if (why) {
		why->field = field;
		why->key = key;
	}
	return E_INVALID;
}

/* See par.h. */
enum err par_enter(struct db *db, int64_t actor_id, int64_t unit_id, const char *unit_code,
		   int year, const char *criterion, double points, const char *evidence,
		   const char *note, int64_t at, struct index_refusal *why)
{
	if (year < PAR_YEAR_MIN || year > PAR_YEAR_MAX)
		return refuse(why, "year", "index.err.year");
	if (!criterion || !*criterion || strlen(criterion) > 31)
		return refuse(why, "criterion", "index.err.criterion");
	if (!par_evidence_ok(evidence))
		return refuse(why, "evidence", "index.err.evidence");
	if (!note)
		note = "";
	size_t nl = strlen(note);
	if (!utf8_valid(note, nl) || utf8_length(note, nl) > PAR_NOTE_MAX)
		return refuse(why, "note", "index.err.note");
	if (db_begin(db) != E_OK)
		return E_DB;
	struct par_criterion *c = NULL;
	int nc = 0;
	enum err e = par_store_criteria(db, &c, &nc);
	const struct par_criterion *cr = NULL;
	for (int i = 0; e == E_OK && i < nc && !cr; i++)
		if (!strcmp(c[i].id, criterion))
			cr = &c[i];
	if (e == E_OK && !cr) {
		free(c);
		db_rollback(db);
		return refuse(why, "criterion", "index.err.criterion");
	}
	if (e == E_OK && (!isfinite(points) || points < 0 || points > cr->max_points + 1e-9)) {
		free(c);
		db_rollback(db);
		return refuse(why, "points", "index.err.points");
	}
	free(c);
	json_t *before = NULL;
	if (e == E_OK) {
		struct par_score *s = NULL;
		int ns = 0;
		e = par_store_scores(db, unit_id, year, &s, &ns);
		for (int i = 0; e == E_OK && i < ns && !before; i++)
			if (!strcmp(s[i].criterion, criterion))
				before = json_pack("{s:f, s:s, s:s}", "points", s[i].points,
						   "evidence", s[i].evidence, "note", s[i].note);
		free(s);
	}
	double pts = round(points * 100) / 100;
	if (e == E_OK)
		e = par_store_score_put(db, unit_id, year, criterion, pts, evidence, note, actor_id,
					at);
	if (e == E_OK) {
		json_t *after = json_pack("{s:f, s:s, s:s}", "points", pts, "evidence", evidence,
					  "note", note);
		char target[128];
		snprintf(target, sizeof(target), "par:%s/%d/%s", unit_code ? unit_code : "?", year,
			 criterion);
		struct admin_change ch = { actor_id, "par.enter", target, before, after, at };
		e = admin_audit_record(db, &ch);
		json_decref(after);
	}
	json_decref(before);
	if (e == E_OK)
		e = db_commit(db);
	if (e != E_OK)
		db_rollback(db);
	return e;
}
