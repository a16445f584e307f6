/* slip_ledger.c - Form 06, Sổ theo dõi hồ sơ: the dossiers of a field received in a period in
 * a staff member's unit subtree (slip.h slip_ledger). */
#include "motcua/slip.h"

#include "motcua/clock.h"
#include "motcua/slip_store.h"
#include "motcua/unit.h"

/* What the row callback fills. */
struct ledger {
	json_t *rows;
	int next_n;
};

/* slip_store_ledger callback: one numbered row. */
static bool add_row(void *ctx, const struct slip_ledger_row *r)
{
	struct ledger *l = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "n", json_integer(l->next_n++));
	json_object_set_new(o, "code", json_string(r->code));
	json_object_set_new(o, "applicant", json_string(r->applicant_name));
	json_object_set_new(o, "procedure", json_string(r->procedure_name));
	json_object_set_new(o, "unit", json_string(r->unit_name));
	json_object_set_new(o, "received_at", json_integer(r->received_at));
	json_object_set_new(o, "due_at", json_integer(r->due_at));
	json_object_set_new(o, "transferred_to", json_string(r->department_name));
	json_object_set_new(o, "finished_at", json_integer(r->finished_at));
	json_object_set_new(o, "returned_at", json_integer(r->returned_at));
	json_array_append_new(l->rows, o);
	return true;
}

/* See slip.h. */
enum err slip_ledger(struct db *db, const struct actor *who, int64_t field_id, int64_t day_from,
		     int64_t day_to, int offset, int limit, json_t **out)
{
	*out = NULL;
	if (day_to < day_from || day_to - day_from + 1 > SLIP_LEDGER_DAYS_MAX)
		return E_INVALID;
	if (!who || who->unit_id <= 0)
		return E_NOTFOUND;
	if (offset < 0)
		offset = 0;
	if (limit <= 0 || limit > SLIP_LEDGER_PRINT_MAX)
		limit = SLIP_LEDGER_PRINT_MAX;
	struct unit_rec u;
	enum err e = unit_get_by_id(db, who->unit_id, &u);
	if (e != E_OK)
		return e;
	struct ledger l = { json_array(), offset + 1 };
	int64_t total = 0;
	e = slip_store_ledger(db, u.path, field_id, local_instant(day_from, 0),
			      local_instant(day_to + 1, 0), offset, limit, add_row, &l, &total);
	unit_rec_free(&u);
	if (e != E_OK) {
		json_decref(l.rows);
		return e;
	}
	*out = json_pack("{sI so}", "total", (json_int_t)total, "rows", l.rows);
	return E_OK;
}
