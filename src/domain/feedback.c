/* feedback.c - feedback (phản ánh, kiến nghị) about a dossier: sent by its owner, due
 * FEEDBACK_DAYS working days later, answered once by staff of the dossier's unit or above. */
#include "motcua/feedback.h"
#include "portal_internal.h"

#include <string.h>

#include "motcua/feedback_store.h"
#include "motcua/text.h"
#include "motcua/unit.h"
#include "motcua/worktime.h"

/* Whether text is 1..FEEDBACK_TEXT_MAX characters of valid UTF-8, not only blanks. */
static bool text_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || !utf8_valid(s, n) || utf8_length(s, n) > FEEDBACK_TEXT_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return true;
	return false;
}

/* See portal.h. */
enum err feedback_send(struct engine *e, struct db *db, int64_t owner_id, const char *code,
		       const char *body, int64_t now, int64_t *id)
{
	struct portal_row r;
	enum err err = portal_owned(db, owner_id, 0, code ? code : "", &r);
	if (err != E_OK)
		return err;
	int64_t unit_id = r.unit_id, dossier_id = r.id;
	bool draft = r.status == DS_DRAFT;
	portal_row_free(&r);
	if (draft)
		return E_REFUSED;
	if (!text_ok(body))
		return E_INVALID;
	struct office_hours h;
	if ((err = unit_office_hours(db, unit_id, &h)) != E_OK)
		return err;
	const struct calendar *cal = engine_calendar(e);
	int64_t start = worktime_clock_start(cal, &h, now, -1);
	int64_t due = worktime_add(cal, &h, start, FEEDBACK_DAYS, DU_WORKING_DAYS);
	return feedback_store_insert(db, dossier_id, unit_id, owner_id, body, now, due, id);
}

/* Whether who may answer feedback of a unit with path unit_path. */
static enum err may_answer(struct db *db, const struct actor *who, const char *unit_path)
{
	if (who->role == ROLE_ADMIN)
		return E_OK;
	if ((who->role != ROLE_CLERK && who->role != ROLE_SPECIALIST &&
	     who->role != ROLE_LEADER) || who->unit_id <= 0)
		return E_NOTFOUND;
	struct unit_rec u;
	enum err e = unit_get_by_id(db, who->unit_id, &u);
	if (e != E_OK)
		return e;
	bool ok = unit_path_within(unit_path, u.path);
	unit_rec_free(&u);
	return ok ? E_OK : E_NOTFOUND;
}

/* See portal.h. */
enum err feedback_answer(struct db *db, const struct actor *who, int64_t id, const char *answer,
			 int64_t now)
{
	struct feedback_row f;
	enum err e = feedback_store_get(db, id, &f);
	if (e != E_OK)
		return e;
	e = may_answer(db, who, f.unit_path);
	bool answered = f.answered_at != 0;
	feedback_row_free(&f);
	if (e != E_OK)
		return e;
	if (answered)
		return E_REFUSED;
	if (!text_ok(answer))
		return E_INVALID;
	return feedback_store_answer(db, id, answer, who->user_id, now);
}

/* See feedback.h. */
enum err feedback_open_list(struct db *db, const char *unit_code, json_t **out)
{
	*out = NULL;
	struct unit_rec u;
	memset(&u, 0, sizeof(u));
	enum err e = unit_code ? unit_get_by_code(db, unit_code, &u) : E_OK;
	if (e != E_OK)
		return e;
	struct feedback_row *rows;
	int n;
	e = feedback_store_open(db, u.path, FEEDBACK_LIST_MAX, &rows, &n);
	unit_rec_free(&u);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{sI ss ss ss sI sI}", "id",
						     (json_int_t)rows[i].id, "code", rows[i].code,
						     "unit", rows[i].unit_code, "body", rows[i].body,
						     "created_at", (json_int_t)rows[i].created_at,
						     "due_at", (json_int_t)rows[i].due_at));
	feedback_rows_free(rows, n);
	*out = arr;
	return E_OK;
}
