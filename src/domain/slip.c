/* slip.c - what each statutory slip of a dossier prints and who may print it (slip.h). */
#include "motcua/slip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/catalog.h"
#include "motcua/desk.h"
#include "motcua/dossier_store.h"
#include "motcua/portal_store.h"
#include "motcua/slip_store.h"
#include "motcua/unit.h"

static const char *const form_names[SLIP__MAX] = { "01", "02", "03", "04", "05", "rut" };

/* The event kind behind each form (NULL: none, Form 05). */
static const char *const form_event[SLIP__MAX] = {
	"receive", "request_supplement", "refuse", "apologise", NULL, "withdraw"
};

/* See slip.h. */
int slip_form_parse(const char *name)
{
	for (int i = 0; name && i < SLIP__MAX; i++)
		if (!strcmp(name, form_names[i]))
			return i;
	return -1;
}

/* See slip.h. */
const char *slip_form_name(enum slip_form f)
{
	return f < SLIP__MAX ? form_names[f] : "";
}

/* See slip.h. */
bool slip_owner_may(enum slip_form f)
{
	return f < SLIP__MAX && f != SLIP_CONTROL;
}

/* The last event of the kind a form prints, found while walking the log. */
struct found {
	const char *kind;
	int64_t at, actor_id;
	json_t *data;		/* owned; NULL until found */
	char note[512];
};

/* event_store_each_of callback: keep the last event of f->kind. */
static bool find_event(void *ctx, const struct event_row *r, int64_t unit_id,
		       int64_t procedure_id, const char *code)
{
	(void)unit_id;
	(void)procedure_id;
	(void)code;
	struct found *f = ctx;
	if (strcmp(r->kind, f->kind))
		return true;
	json_decref(f->data);
	f->data = json_loads(r->data ? r->data : "{}", 0, NULL);
	if (!json_is_object(f->data)) {
		json_decref(f->data);
		f->data = json_object();
	}
	f->at = r->at;
	f->actor_id = r->actor_id;
	snprintf(f->note, sizeof(f->note), "%s", r->note ? r->note : "");
	return true;
}

/* Parsed JSON text, or an empty object / array (want_array) when it is not one. */
static json_t *parsed(const char *text, bool want_array)
{
	json_t *v = json_loads(text ? text : "", 0, NULL);
	if (want_array ? json_is_array(v) : json_is_object(v))
		return v;
	json_decref(v);
	return want_array ? json_array() : json_object();
}

/* The applicant's members a slip prints, "" when missing. */
static json_t *applicant_of(const char *text)
{
	static const char *const keys[] = { "name", "id_number", "phone", "address", "email" };
	json_t *a = parsed(text, false), *o = json_object();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = json_string_value(json_object_get(a, keys[i]));
		json_object_set_new(o, keys[i], json_string(v ? v : ""));
	}
	json_decref(a);
	return o;
}

/* The component list: the procedure's components with the number of files attached to each
 * slot. */
static enum err components_of(struct db *db, const struct portal_row *r, json_t **out)
{
	struct portal_file_row *files;
	int nf;
	enum err e = portal_store_files(db, r->id, &files, &nf);
	if (e != E_OK)
		return e;
	json_t *list = parsed(r->components, true), *arr = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		int count = 0;
		for (int k = 0; k < nf; k++)
			count += files[k].slot == (int)i;
		const char *name = json_string_value(json_object_get(c, "name"));
		json_array_append_new(arr, json_pack("{sI ss sb si sb}", "n", (json_int_t)i + 1,
						     "name", name ? name : "", "required",
						     json_is_true(json_object_get(c, "required")),
						     "files", count, "attached", count > 0));
	}
	json_decref(list);
	free(files);
	*out = arr;
	return E_OK;
}

/* The missing items of a supplement request, one a line (blank lines dropped). */
static json_t *items_of(const char *text)
{
	json_t *arr = json_array();
	while (text && *text) {
		const char *end = strchr(text, '\n');
		size_t n = end ? (size_t)(end - text) : strlen(text);
		while (n && (text[n - 1] == '\r' || text[n - 1] == ' '))
			n--;
		while (n && *text == ' ') {
			text++;
			n--;
		}
		if (n)
			json_array_append_new(arr, json_stringn(text, n));
		text = end ? end + 1 : NULL;
	}
	return arr;
}

/* Whether form f applies to r now; the event it prints is in *ev. */
static bool applies(enum slip_form f, const struct portal_row *r, const struct found *ev)
{
	switch (f) {
	case SLIP_RECEIPT:
	case SLIP_CONTROL:
		return r->received_at > 0;
	case SLIP_WITHDRAWAL:
		return r->status == DS_WITHDRAWN && ev->data;
	default:
		return ev->data != NULL;
	}
}

/* The members of the view from the row (everything but the event's and Form 05's). */
static json_t *base_view(enum slip_form f, const struct portal_row *r, json_t *proc)
{
	json_t *o = json_object();
	json_object_set_new(o, "form", json_string(form_names[f]));
	json_object_set_new(o, "code", json_string(r->code));
	json_object_set_new(o, "status", json_string(dossier_status_name(r->status)));
	json_object_set_new(o, "unit", json_pack("{ss ss ss}", "code", r->unit_code, "name",
						 r->unit_name, "address", r->unit_address));
	const char *field = json_string_value(json_object_get(proc, "field"));
	const char *result = json_string_value(
		json_object_get(json_object_get(proc, "result"), "name"));
	json_object_set_new(o, "procedure", json_pack("{ss ss ss ss}", "code", r->procedure_code,
						      "name", r->procedure_name, "field",
						      field ? field : "", "result_name",
						      result ? result : ""));
	json_object_set_new(o, "applicant", applicant_of(r->applicant));
	json_object_set_new(o, "channel", json_string(channel_name(r->channel)));
	json_object_set_new(o, "submitted_at", json_integer(r->submitted_at));
	json_object_set_new(o, "received_at", json_integer(r->received_at));
	json_object_set_new(o, "due_at", json_integer(r->due_at));
	json_object_set_new(o, "promised_at", json_integer(r->promised_at));
	json_object_set_new(o, "finished_at", json_integer(r->finished_at));
	json_object_set_new(o, "returned_at", json_integer(r->returned_at));
	return o;
}

/* The event's members of the view. */
static enum err event_view(struct db *db, const struct found *ev, json_t *o)
{
	char staff[256] = "";
	if (ev->actor_id && slip_store_user_name(db, ev->actor_id, staff, sizeof(staff)) == E_DB)
		return E_DB;
	const char *reason = ev->data ? json_string_value(json_object_get(ev->data, "reason"))
				      : NULL;
	json_t *deadline = ev->data ? json_object_get(ev->data, "deadline") : NULL;
	json_object_set_new(o, "event_at", json_integer(ev->at));
	json_object_set_new(o, "staff", json_string(staff));
	json_object_set_new(o, "reason", json_string(reason ? reason : ev->note));
	json_object_set_new(o, "items", items_of(ev->data ? json_string_value(json_object_get(
								   ev->data, "items"))
							  : NULL));
	json_object_set_new(o, "deadline", json_integer(json_is_integer(deadline)
								? json_integer_value(deadline)
								: 0));
	return E_OK;
}

/* A string member of o, or "" (also for null). */
static const char *str_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* Form 05's rows into o (an empty list for the other forms): the "handovers" of desk_dossier
 * (one rule for the staff page and the slip), numbered, with names as strings and 0 for a
 * time not known yet. */
static enum err handovers_view(struct db *db, const struct actor *who, const char *code,
			       enum slip_form f, json_t *o)
{
	json_t *rows = json_array();
	json_object_set_new(o, "handovers", rows);
	if (f != SLIP_CONTROL)
		return E_OK;
	json_t *d;
	enum err e = desk_dossier(db, who, code, &d);
	if (e != E_OK)
		return e;
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(d, "handovers"), i, h) {
		json_t *r = json_object();
		json_object_set_new(r, "n", json_integer((json_int_t)i + 1));
		json_object_set(r, "step", json_object_get(h, "step"));
		json_object_set_new(r, "step_name", json_string(str_of(h, "step_name")));
		json_object_set_new(r, "department",
				    json_string(str_of(json_object_get(h, "department"), "name")));
		json_object_set_new(r, "assignee", json_string(str_of(h, "assignee")));
		static const char *const times[] = { "from_at", "due_at", "done_at" };
		for (size_t k = 0; k < sizeof(times) / sizeof(times[0]); k++)
			json_object_set_new(r, times[k],
					    json_integer(json_integer_value(json_object_get(
						    h, times[k]))));
		json_t *res = json_object_get(h, "result");
		json_object_set_new(r, "result", json_is_string(res) ? json_incref(res) : json_null());
		json_array_append_new(rows, r);
	}
	json_decref(d);
	return E_OK;
}

/* See slip.h. */
enum err slip_view(struct db *db, const struct actor *who, bool as_owner, const char *code,
		   enum slip_form f, json_t **out)
{
	*out = NULL;
	if (!who || !code || f >= SLIP__MAX || (as_owner && !slip_owner_may(f)))
		return E_NOTFOUND;
	struct portal_row r;
	enum err e = portal_store_get(db, 0, code, &r);
	if (e != E_OK)
		return e;
	if (r.status == DS_DRAFT)
		e = E_NOTFOUND;
	else if (as_owner)
		e = r.owner_id && r.owner_id == who->user_id ? E_OK : E_NOTFOUND;
	else
		e = desk_scope(db, who, code, 0, NULL);
	struct found ev = { form_event[f], 0, 0, NULL, "" };
	if (e == E_OK && ev.kind)
		e = event_store_each_of(db, r.id, find_event, &ev);
	if (e == E_OK && !applies(f, &r, &ev))
		e = E_REFUSED;
	json_t *proc = NULL, *o = NULL, *components = NULL;
	if (e == E_OK)
		e = catalog_get(db, r.procedure_code, &proc);
	if (e == E_OK) {
		o = base_view(f, &r, proc);
		e = components_of(db, &r, &components);
	}
	if (e == E_OK) {
		json_object_set_new(o, "components", components);
		e = event_view(db, &ev, o);
	}
	if (e == E_OK)
		e = handovers_view(db, who, code, f, o);
	json_decref(ev.data);
	json_decref(proc);
	int64_t dossier_id = r.id;
	portal_row_free(&r);
	if (e != E_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	if (!as_owner)
		view_log_staff(db, who->user_id, who->role, dossier_id, "slip");
	return E_OK;
}

/* See slip.h. */
enum err slip_available(struct db *db, const struct actor *who, bool as_owner, const char *code,
			bool avail[SLIP__MAX])
{
	bool visible = false;
	for (int f = 0; f < SLIP__MAX; f++) {
		avail[f] = false;
		if (as_owner && !slip_owner_may((enum slip_form)f))
			continue;
		json_t *v = NULL;
		enum err e = slip_view(db, who, as_owner, code, (enum slip_form)f, &v);
		json_decref(v);
		if (e == E_OK || e == E_REFUSED) {
			visible = true;
			avail[f] = e == E_OK;
		} else if (e != E_NOTFOUND) {
			return e;
		}
	}
	return visible ? E_OK : E_NOTFOUND;
}
