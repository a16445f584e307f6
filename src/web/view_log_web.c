/* view_log_web.c - "Ai đã xem hồ sơ của bạn": the staff views of a dossier's personal data as
 * the owner's dossier page shows them (issue 10 §8, docs/accountability.md). */
#include <stdio.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/clock.h"
#include "motcua/log.h"
#include "motcua/web.h"

/* Local "dd/mm/yyyy hh:mm" of t into out (24 bytes). */
static void dmy_hm(int64_t t, char out[static 24])
{
	char d[11];
	format_dmy(local_day(t), d);
	unsigned m = (unsigned)local_minute(t) % 1440;
	snprintf(out, 24, "%s %02u:%02u", d, m / 60, m % 60);
}

/* See web.h. */
json_t *web_dossier_views(struct request *req, int64_t dossier_id)
{
	struct db *db = web_db(req);
	json_t *list = NULL;
	if (!db || view_log_for_dossier(db, dossier_id, 200, &list) != E_OK) {
		log_error("view log: list of dossier %lld failed", (long long)dossier_id);
		return json_pack("{s:[], s:b, s:b}", "rows", "any", 0, "failed", 1);
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		char at[24], iso[26];
		int64_t t = json_integer_value(json_object_get(v, "at"));
		dmy_hm(t, at);
		format_iso(t, iso);
		json_object_set_new(v, "at_text", json_string(at));
		json_object_set_new(v, "iso", json_string(iso));
		const char *what = json_string_value(json_object_get(v, "what"));
		char key[64];
		snprintf(key, sizeof(key), "admin_audit.view_what.%s",
			 what && !strcmp(what, "search-export") ? "search_export" : what ? what : "");
		const char *text = web_text(req, key);
		json_object_set_new(v, "what_text", json_string(text == key ? (what ? what : "")
									     : text));
	}
	return json_pack("{s:b, s:o, s:b}", "any", json_array_size(list) > 0, "rows", list,
			 "failed", 0);
}
