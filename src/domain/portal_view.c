/* portal_view.c - the JSON views of "my dossiers" and of one dossier for its owner
 * (portal.h portal_list, portal_dossier). */
#include "portal_internal.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/catalog.h"
#include "motcua/dossier_store.h"
#include "motcua/feedback_store.h"
#include "motcua/outbox_store.h"

/* Events whose reason is written for the applicant (lookup.c's rule); other notes stay
 * internal. */
static const char *const public_note_kinds[] = {
	"refuse", "request_supplement", "stop", "apologise", "withdraw", NULL
};

/* An instant, or null for 0. */
static json_t *time_or_null(int64_t t)
{
	return t ? json_integer(t) : json_null();
}

/* A string, or null for "". */
static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* Parsed JSON object text, or an empty object when it is not one. */
static json_t *object_of(const char *text)
{
	json_t *o = json_loads(text ? text : "", 0, NULL);
	if (json_is_object(o))
		return o;
	json_decref(o);
	return json_object();
}

/* The list item of r (portal_list). */
static json_t *list_item(const struct portal_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "code", str_or_null(r->code));
	json_object_set_new(o, "status", json_string(dossier_status_name(r->status)));
	json_object_set_new(o, "status_code", json_integer(dossier_status_code(r->status)));
	json_object_set_new(o, "procedure_code", json_string(r->procedure_code));
	json_object_set_new(o, "procedure_name", json_string(r->procedure_name));
	json_object_set_new(o, "online_level", json_string(r->online_level));
	json_object_set_new(o, "updated_at", time_or_null(r->updated_at));
	json_object_set_new(o, "submitted_at", time_or_null(r->submitted_at));
	json_object_set_new(o, "due_at", time_or_null(r->due_at));
	json_object_set_new(o, "promised_at", time_or_null(r->promised_at));
	json_object_set_new(o, "supplement_deadline", time_or_null(r->supplement_deadline));
	json_object_set_new(o, "finished_at", time_or_null(r->finished_at));
	json_object_set_new(o, "next", str_or_null(portal_rule_next(r)));
	return o;
}

/* See portal.h. */
enum err portal_list(struct db *db, int64_t owner_id, int64_t before, int limit, json_t **out)
{
	*out = NULL;
	if (limit <= 0 || limit > PORTAL_LIST_MAX)
		limit = PORTAL_LIST_MAX;
	struct portal_row *rows;
	int n;
	enum err e = portal_store_list(db, owner_id, before > 0 ? before : 0, limit, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, list_item(&rows[i]));
	portal_rows_free(rows, n);
	*out = arr;
	return E_OK;
}

/* What the timeline walk builds. */
struct timeline {
	json_t *events;
	json_t *rating;		/* from the rate event, or NULL */
};

/* Whether kind's reason may be shown to the applicant. */
static bool note_is_public(const char *kind)
{
	for (size_t i = 0; public_note_kinds[i]; i++)
		if (!strcmp(kind, public_note_kinds[i]))
			return true;
	return false;
}

/* Criteria of a rate event's data: an array of 9 integers (the engine's), or a string of
 * 9 digits; null otherwise. */
static json_t *criteria_of(json_t *v)
{
	if (json_is_array(v) && json_array_size(v) == RATING_CRITERIA)
		return json_incref(v);
	const char *s = json_string_value(v);
	if (!s || strlen(s) != RATING_CRITERIA)
		return json_null();
	json_t *a = json_array();
	for (const char *p = s; *p; p++)
		json_array_append_new(a, json_integer(*p - '0'));
	return a;
}

/* event_store_each_of callback: one public event, and the rating. */
static bool add_event(void *ctx, const struct event_row *r, int64_t unit_id,
		      int64_t procedure_id, const char *code)
{
	(void)unit_id;
	(void)procedure_id;
	(void)code;
	struct timeline *t = ctx;
	json_t *data = json_loads(r->data ? r->data : "{}", 0, NULL);
	bool pub = note_is_public(r->kind);
	bool supp = !strcmp(r->kind, "request_supplement");
	const char *reason = json_string_value(json_object_get(data, "reason"));
	json_t *ev = json_object();
	json_object_set_new(ev, "at", json_integer(r->at));
	json_object_set_new(ev, "kind", json_string(r->kind));
	json_object_set_new(ev, "to_status", json_string(r->to));
	json_object_set_new(ev, "note", pub ? str_or_null(reason ? reason : r->note) : json_null());
	json_object_set_new(ev, "items", supp ? str_or_null(json_string_value(
							json_object_get(data, "items")))
					      : json_null());
	json_t *deadline = json_object_get(data, "deadline");
	json_object_set_new(ev, "deadline",
			    supp && json_is_integer(deadline) ? json_incref(deadline) : json_null());
	json_array_append_new(t->events, ev);
	if (!strcmp(r->kind, "rate") && !t->rating) {
		t->rating = json_object();
		json_object_set(t->rating, "rating", json_object_get(data, "rating"));
		json_object_set_new(t->rating, "comment",
				    str_or_null(json_string_value(json_object_get(data, "comment"))));
		json_object_set_new(t->rating, "criteria",
				    criteria_of(json_object_get(data, "criteria")));
		json_object_set_new(t->rating, "at", json_integer(r->at));
	}
	json_decref(data);
	return true;
}

/* "files" of the view; *has_result when a SLOT_RESULT file is among them. */
static enum err files_of(struct db *db, int64_t id, json_t *o, bool *has_result)
{
	struct portal_file_row *rows;
	int n;
	enum err e = portal_store_files(db, id, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const struct attachment_row *a = &rows[i].a;
		*has_result = *has_result || rows[i].slot == SLOT_RESULT;
		json_array_append_new(arr, json_pack("{sI si ss ss ss sI sI}", "id",
						     (json_int_t)a->id, "slot", rows[i].slot,
						     "title", a->title, "file_name", a->file_name,
						     "kind", a->kind, "size", (json_int_t)a->size,
						     "uploaded_at", (json_int_t)a->uploaded_at));
	}
	free(rows);
	json_object_set_new(o, "files", arr);
	return E_OK;
}

/* "payments" of the view. */
static enum err payments_of(struct db *db, int64_t id, json_t *o)
{
	struct portal_payment *rows;
	int n;
	enum err e = portal_store_payments(db, id, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *p = json_pack("{ss sI ss}", "reference", rows[i].reference, "amount",
				      (json_int_t)rows[i].amount, "state", rows[i].state);
		json_object_set_new(p, "receipt_no", str_or_null(rows[i].receipt_no));
		json_object_set_new(p, "paid_at", time_or_null(rows[i].paid_at));
		json_array_append_new(arr, p);
	}
	free(rows);
	json_object_set_new(o, "payments", arr);
	return E_OK;
}

/* "messages" of the view: the outbox of the dossier, recipients masked. */
static enum err messages_of(struct db *db, int64_t id, json_t *o)
{
	struct outbox_row *rows;
	int n;
	enum err e = outbox_store_list(db, id, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char *masked = portal_mask_recipient(rows[i].recipient);
		json_t *m = json_pack("{ss ss ss ss si sI}", "channel",
				      outbox_channel_name(rows[i].channel), "event", rows[i].kind,
				      "recipient", masked, "state", outbox_state_name(rows[i].state),
				      "attempts", rows[i].attempts, "created_at",
				      (json_int_t)rows[i].created_at);
		free(masked);
		json_object_set_new(m, "sent_at", time_or_null(rows[i].sent_at));
		json_array_append_new(arr, m);
	}
	outbox_rows_free(rows, n);
	json_object_set_new(o, "messages", arr);
	return E_OK;
}

/* "feedback" of the view. */
static enum err feedback_of(struct db *db, int64_t id, json_t *o)
{
	struct feedback_row *rows;
	int n;
	enum err e = feedback_store_of_dossier(db, id, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *f = json_pack("{sI ss sI sI}", "id", (json_int_t)rows[i].id, "body",
				      rows[i].body, "created_at", (json_int_t)rows[i].created_at,
				      "due_at", (json_int_t)rows[i].due_at);
		json_object_set_new(f, "answer", rows[i].answered_at ? json_string(rows[i].answer)
								      : json_null());
		json_object_set_new(f, "answered_at", time_or_null(rows[i].answered_at));
		json_array_append_new(arr, f);
	}
	feedback_rows_free(rows, n);
	json_object_set_new(o, "feedback", arr);
	return E_OK;
}

/* The members of portal_dossier beyond the list item's. */
static enum err fill(struct db *db, const struct portal_row *r, json_t *o)
{
	json_object_set_new(o, "unit", r->unit_chosen ?
					       json_pack("{sI ss ss ss}", "id", (json_int_t)r->unit_id,
							 "code", r->unit_code, "name", r->unit_name,
							 "address", r->unit_address) :
					       json_null());
	json_object_set_new(o, "channel", json_string(channel_name(r->channel)));
	json_object_set_new(o, "applicant", object_of(r->applicant));
	json_object_set_new(o, "form_data", object_of(r->form_data));
	json_object_set_new(o, "on_behalf", json_boolean(r->on_behalf));
	json_object_set_new(o, "delivery", str_or_null(r->result_channel));
	json_object_set_new(o, "delivery_address", str_or_null(r->delivery_address));
	json_object_set_new(o, "returned_via", str_or_null(r->returned_via));
	json_object_set_new(o, "postal_tracking", str_or_null(r->postal_tracking));
	json_object_set_new(o, "fee_amount", json_integer(portal_rule_fee(r)));
	json_object_set_new(o, "paid_online", json_boolean(r->paid_online));
	json_t *proc;
	/* A dossier shows the version it was created under; a draft the live one (it is checked
	 * and submitted under the live version). */
	enum err e = r->status == DS_DRAFT ? catalog_get(db, r->procedure_code, &proc) :
		     catalog_get_version(db, r->procedure_code, r->procedure_version, &proc);
	if (e != E_OK)
		return e;
	json_object_set_new(o, "procedure", proc);
	json_object_set_new(o, "procedure_version", json_integer(r->procedure_version));
	struct timeline t = { json_array(), NULL };
	json_object_set_new(o, "events", t.events);
	if ((e = event_store_each_of(db, r->id, add_event, &t)) != E_OK) {
		json_decref(t.rating);
		return e;
	}
	json_object_set_new(o, "rating", t.rating ? t.rating : json_null());
	bool has_result = r->result_file[0] != '\0';
	if ((e = files_of(db, r->id, o, &has_result)) != E_OK ||
	    (e = payments_of(db, r->id, o)) != E_OK || (e = messages_of(db, r->id, o)) != E_OK ||
	    (e = feedback_of(db, r->id, o)) != E_OK)
		return e;
	json_object_set_new(o, "can", portal_rule_can(r, has_result));
	return E_OK;
}

/* See portal_internal.h. */
enum err portal_view(struct db *db, const struct portal_row *r, json_t **out)
{
	*out = NULL;
	json_t *o = list_item(r);
	enum err e = fill(db, r, o);
	if (e != E_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return E_OK;
}

/* See portal.h. */
enum err portal_dossier(struct db *db, int64_t owner_id, const char *code, int64_t id,
			json_t **out)
{
	*out = NULL;
	struct portal_row r;
	enum err e = portal_owned(db, owner_id, code ? 0 : id, code, &r);
	if (e != E_OK)
		return e;
	e = portal_view(db, &r, out);
	portal_row_free(&r);
	return e;
}
