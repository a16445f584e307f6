/* index_web.c - pickers and number display shared by the index pages (index_web.h). */
#include "index_web.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/export.h"
#include "motcua/format.h"
#include "motcua/index766.h"

/* See index_web.h. */
bool iw_unit(struct request *req, struct response *res, const char *code, struct unit_rec *out)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	enum err e = db && u ? index_scope_unit(db, u->unit_id, code, out) : E_DB;
	if (e == E_NOTFOUND) {
		res_error(req, res, 404, NULL);
		return false;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return false;
	}
	return true;
}

/* See index_web.h. */
json_t *iw_unit_options(struct request *req, const char *selected)
{
	struct db *db = web_db(req);
	const struct web_user *u = web_user(req);
	json_t *units = NULL;
	json_t *out = json_array();
	if (!db || !u || index_scope_units(db, u->unit_id, &units) != E_OK)
		return out;
	size_t i;
	json_t *x;
	json_array_foreach(units, i, x) {
		const char *code = json_string_value(json_object_get(x, "code"));
		int depth = (int)json_integer_value(json_object_get(x, "depth"));
		struct buf b = BUF_INIT;
		for (int d = 0; d < depth && d < 6; d++)
			buf_puts(&b, "— ");
		buf_puts(&b, json_string_value(json_object_get(x, "name")));
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", code, "label",
						     buf_str(&b), "selected",
						     selected && !strcmp(selected, code)));
		buf_free(&b);
	}
	json_decref(units);
	return out;
}

/* Today's local date. */
static void today(struct request *req, int *y, int *m, int *d)
{
	struct app *app = req_app(req);
	civil_from_days(local_day(clock_now(&app->clock)), y, m, d);
}

/* See index_web.h. */
const char *iw_this_month(struct request *req)
{
	int y, m, d;
	today(req, &y, &m, &d);
	return arena_printf(req_arena(req), "%04d-%02d", y, m);
}

/* See index_web.h. */
int iw_this_year(struct request *req)
{
	int y, m, d;
	today(req, &y, &m, &d);
	return y;
}

/* See index_web.h. */
const char *iw_period_label(struct request *req, const char *key)
{
	struct arena *a = req_arena(req);
	if (!key)
		return "";
	size_t n = strlen(key);
	if (n == 4)
		return web_fill(req, web_text(req, "index.period.year"), "v", key);
	if (n == 7 && key[5] == 'Q')
		return web_fill(req, web_fill(req, web_text(req, "index.period.quarter"), "q",
					      arena_printf(a, "%c", key[6])),
				"y", arena_printf(a, "%.4s", key));
	if (n == 7)
		return web_fill(req, web_fill(req, web_text(req, "index.period.month"), "m",
					      arena_printf(a, "%.2s", key + 5)),
				"y", arena_printf(a, "%.4s", key));
	return key;
}

/* One option of the period picker. */
static json_t *option(struct request *req, const char *key, const char *selected)
{
	return json_pack("{s:s, s:s, s:b}", "key", key, "label", iw_period_label(req, key),
			 "selected", selected && !strcmp(selected, key));
}

/* See index_web.h. */
json_t *iw_period_options(struct request *req, const char *selected)
{
	struct arena *a = req_arena(req);
	int y, m, d;
	today(req, &y, &m, &d);
	json_t *months = json_array(), *quarters = json_array(), *years = json_array();
	for (int i = 0; i < 13; i++) {
		int mm = m - i, yy = y;
		while (mm < 1) {
			mm += 12;
			yy--;
		}
		json_array_append_new(months, option(req, arena_printf(a, "%04d-%02d", yy, mm),
						     selected));
	}
	int q = (m - 1) / 3 + 1;
	for (int i = 0; i < 5; i++) {
		int qq = q - i, yy = y;
		while (qq < 1) {
			qq += 4;
			yy--;
		}
		json_array_append_new(quarters, option(req, arena_printf(a, "%04d-Q%d", yy, qq),
						       selected));
	}
	for (int i = 0; i < 3; i++)
		json_array_append_new(years, option(req, arena_printf(a, "%04d", y - i), selected));
	return json_pack("[{s:s, s:o}, {s:s, s:o}, {s:s, s:o}]", "label",
			 web_text(req, "index.period.months"), "options", months, "label",
			 web_text(req, "index.period.quarters"), "options", quarters, "label",
			 web_text(req, "index.period.years"), "options", years);
}

/* See index_web.h. */
json_t *iw_year_options(struct request *req, int selected)
{
	int y = iw_this_year(req);
	json_t *out = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(out, json_pack("{s:i, s:b}", "key", y - i, "selected",
						     y - i == selected));
	return out;
}

/* See index_web.h. */
const char *iw_points(struct request *req, double v)
{
	char *s = arena_printf(req_arena(req), "%.2f", round(v * 100) / 100);
	if (strcmp(web_lang(req), "en") != 0) {
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
	}
	return s;
}

/* See index_web.h. */
const char *iw_percent(struct request *req, double ratio)
{
	struct buf b = BUF_INIT;
	format_percent(ratio * 100, web_lang(req), &b);
	const char *s = arena_strdup(req_arena(req), buf_str(&b));
	buf_free(&b);
	return s;
}

/* See index_web.h. */
const char *iw_when(struct request *req, int64_t t)
{
	char s[17];
	format_hm_dmy(t, s);
	return arena_strdup(req_arena(req), s);
}

/* See index_web.h. */
int iw_export_format(struct request *req)
{
	const char *x = req_query(req, "xuat");
	return x ? export_format_parse(x) : -1;
}

/* See index_web.h. */
void iw_export(struct request *req, struct response *res, int format, const char *sheet,
	       const char *basename, const char *const *cols, int ncols, json_t *rows,
	       int decimals)
{
	struct export *x = NULL;
	const char *names[16];
	for (int i = 0; i < ncols && i < 16; i++)
		names[i] = web_text(req, cols[i]);
	enum err e = export_open((enum export_format)format, web_export_dir(req), sheet, &x);
	if (e == E_OK)
		e = export_columns(x, names, ncols < 16 ? ncols : 16);
	size_t i, j;
	json_t *r, *v;
	json_array_foreach(rows, i, r) {
		if (e != E_OK)
			break;
		json_array_foreach(r, j, v) {
			if (e != E_OK)
				break;
			if (json_is_string(v))
				e = export_text(x, json_string_value(v));
			else if (json_is_integer(v))
				e = export_int(x, json_integer_value(v));
			else if (json_is_real(v))
				e = export_real(x, json_real_value(v), decimals);
			else
				e = export_empty(x);
		}
		if (e == E_OK)
			e = export_end_row(x);
	}
	json_decref(rows);
	if (e != E_OK) {
		export_abort(x);
		res_error(req, res, 500, NULL);
		return;
	}
	web_export_send(req, res, x, (enum export_format)format, basename);
}
