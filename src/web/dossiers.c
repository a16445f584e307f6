/* dossiers.c - "Hồ sơ của tôi": the signed-in citizen's dossiers (list and detail) and the
 * dossier's files, readable by the owner and by staff of the handling unit (issue 7 items 3,
 * 6 and 8). The changes made from the detail page are in dossier_actions.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/format.h"
#include "motcua/log.h"
#include "motcua/portal.h"
#include "wizard.h"

/* Message "<prefix>.<name>", or the name itself when there is none (arena). */
static const char *label(struct request *req, const char *prefix, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, name ? name : "");
	const char *t = web_text(req, key);
	return t == key ? arena_strdup(req_arena(req), name ? name : "") : t;
}

/* "hh:mm dd/mm/yyyy" of an epoch JSON value, or false. */
static json_t *when(json_t *v)
{
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return json_false();
	char s[17];
	format_hm_dmy(json_integer_value(v), s);
	return json_string(s);
}

/* See web.h. GET /ho-so[?truoc=EPOCH][&xoa=1]: the account's dossiers, newest change first. */
void page_my_dossiers(struct request *req, struct response *res)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	const char *before_text = req_query(req, "truoc");
	int64_t before = before_text ? strtoll(before_text, NULL, 10) : 0;
	json_t *list = NULL;
	if (!db || portal_list(db, u->id, before > 0 ? before : 0, PORTAL_LIST_MAX, &list) != E_OK) {
		log_error("my dossiers: list failed for user %lld", (long long)u->id);
		res_error(req, res, 500, NULL);
		return;
	}
	json_t *more = json_false();
	if (json_array_size(list) == PORTAL_LIST_MAX) {
		json_t *last = json_array_get(list, PORTAL_LIST_MAX - 1);
		more = json_string(arena_printf(req_arena(req), "/ho-so?truoc=%lld",
						(long long)json_integer_value(
							json_object_get(last, "updated_at"))));
	}
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
		dossier_decorate(req, d);
	json_t *data = json_pack("{s:o, s:b, s:o, s:o}", "dossiers", list, "empty",
				 json_array_size(list) == 0, "more", more, "notice",
				 req_query(req, "xoa") ? json_string(web_text(req, "mine.deleted"))
						       : json_false());
	web_page(req, res, 200, "mine", web_text(req, "mine.title"), data);
}

/* Labels and times of the timeline, files, payments, messages and feedback of d. */
static void decorate_detail(struct request *req, json_t *d)
{
	const char *code = json_string_value(json_object_get(d, "code"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(d, "events"), i, v) {
		char iso[26];
		format_iso(json_integer_value(json_object_get(v, "at")), iso);
		json_object_set_new(v, "iso", json_string(iso));
		json_object_set_new(v, "at", when(json_object_get(v, "at")));
		json_object_set_new(v, "label",
				    json_string(label(req, "event",
						      json_string_value(json_object_get(v, "kind")))));
		json_object_set_new(v, "deadline", when(json_object_get(v, "deadline")));
	}
	json_t *components = json_object_get(json_object_get(d, "procedure"), "components");
	json_t *results = json_array();
	json_array_foreach(json_object_get(d, "files"), i, v) {
		json_int_t slot = json_integer_value(json_object_get(v, "slot"));
		const char *what =
			slot >= 0 ? json_string_value(json_object_get(json_array_get(components,
										       (size_t)slot),
								      "name"))
			: slot == SLOT_AUTHORISATION ? web_text(req, "wizard.authorisation")
			: slot == SLOT_SUPPLEMENT    ? web_text(req, "mine.slot_supplement")
						     : web_text(req, "mine.slot_result");
		struct buf b = BUF_INIT;
		format_bytes((uint64_t)json_integer_value(json_object_get(v, "size")), web_lang(req),
			     &b);
		json_object_set_new(v, "size_text", json_string(buf_str(&b)));
		buf_free(&b);
		json_object_set_new(v, "what", json_string(what ? what : ""));
		json_object_set_new(v, "uploaded_at", when(json_object_get(v, "uploaded_at")));
		json_object_set_new(v, "href",
				    json_string(arena_printf(req_arena(req), "/ho-so/%s/tep/%lld",
							     code, (long long)json_integer_value(
								     json_object_get(v, "id")))));
		if (slot == SLOT_RESULT)
			json_array_append(results, v);
	}
	json_object_set_new(d, "results", results);
	json_object_set_new(d, "has_payments",
			    json_boolean(json_array_size(json_object_get(d, "payments")) > 0));
	json_object_set_new(d, "has_results", json_boolean(json_array_size(results) > 0));
	json_array_foreach(json_object_get(d, "payments"), i, v) {
		struct buf b = BUF_INIT;
		format_vnd(json_integer_value(json_object_get(v, "amount")), web_lang(req), &b);
		json_object_set_new(v, "amount_text", json_string(buf_str(&b)));
		buf_free(&b);
		const char *state = json_string_value(json_object_get(v, "state"));
		json_object_set_new(v, "state_label", json_string(label(req, "mine.payment", state)));
		json_object_set_new(v, "paid_at", when(json_object_get(v, "paid_at")));
		json_object_set_new(v, "receipt_href",
				    state && !strcmp(state, "paid")
					    ? json_string(arena_printf(
						      req_arena(req), "/bien-lai/%s",
						      json_string_value(json_object_get(v, "reference"))))
					    : json_false());
	}
	json_array_foreach(json_object_get(d, "messages"), i, v) {
		json_object_set_new(v, "channel_label",
				    json_string(label(req, "mine.channel",
						      json_string_value(json_object_get(v, "channel")))));
		json_object_set_new(v, "state_label",
				    json_string(label(req, "mine.message",
						      json_string_value(json_object_get(v, "state")))));
		json_object_set_new(v, "event_label",
				    json_string(label(req, "event",
						      json_string_value(json_object_get(v, "event")))));
		json_object_set_new(v, "created_at", when(json_object_get(v, "created_at")));
		json_object_set_new(v, "sent_at", when(json_object_get(v, "sent_at")));
	}
	json_array_foreach(json_object_get(d, "feedback"), i, v) {
		json_object_set_new(v, "created_at", when(json_object_get(v, "created_at")));
		json_object_set_new(v, "due_at", when(json_object_get(v, "due_at")));
		json_object_set_new(v, "answered_at", when(json_object_get(v, "answered_at")));
	}
	json_t *rating = json_object_get(d, "rating");
	if (json_is_object(rating))
		json_object_set_new(rating, "label",
				    json_string(label(req, "mine.rating",
						      json_string_value(json_object_get(rating,
											"rating")))));
	const char *via = json_string_value(json_object_get(d, "returned_via"));
	json_object_set_new(d, "returned_via_label",
			    via ? json_string(label(req, "delivery", via)) : json_false());
}

/* The rating form's nine criteria with their labels. */
static json_t *criteria_rows(struct request *req)
{
	json_t *list = json_array();
	for (int i = 1; i <= RATING_CRITERIA; i++) {
		char key[48];
		snprintf(key, sizeof(key), "mine.criterion_%d", i % 100);
		json_array_append_new(list, json_pack("{s:s, s:s}", "name",
						      arena_printf(req_arena(req), "c%d", i), "label",
						      web_text(req, key)));
	}
	return list;
}

/* See wizard.h. */
void dossier_page(struct request *req, struct response *res, int status, const char *code,
		  const char *notice, const struct wiz_errors *errs)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	json_t *d = NULL;
	enum err e = db ? portal_dossier(db, u->id, code, 0, &d) : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		log_error("my dossiers: detail of %s failed: %s", code, err_name(e));
		res_error(req, res, 500, NULL);
		return;
	}
	dossier_decorate(req, d);
	decorate_detail(req, d);
	const char *qr = web_lookup_qr(req, code);
	json_t *data = json_pack("{s:o, s:s, s:o, s:o}", "d", d, "qr", qr ? qr : "", "notice",
				 notice ? json_string(notice) : json_false(), "criteria",
				 criteria_rows(req));
	json_object_set_new(data, "has_errors", json_boolean(errs && errs->n > 0));
	json_object_set_new(data, "errors", errs ? json_incref(errs->summary) : json_array());
	/* Every message slot of the page, false unless this request filled it. */
	json_t *err = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "supplement_file", 0, "file", 0,
				"supplement_title", 0, "rating", 0, "feedback", 0, "withdraw", 0);
	if (errs)
		json_object_update(err, errs->by_input);
	json_object_set_new(data, "err", err);
	json_object_set_new(data, "file_hint",
			    json_string(web_upload_limit_text(req, "wizard.file_hint")));
	/* who at which unit viewed the dossier (issue 10 §8, docs/accountability.md) */
	json_object_set_new(data, "views",
			    web_dossier_views(req, json_integer_value(json_object_get(d, "id"))));
	const char *title = arena_printf(req_arena(req), "%s %s", web_text(req, "mine.dossier"),
					 code);
	web_page(req, res, status, "dossier", title, data);
}

/* See web.h. GET /ho-so/:code[?da_nop=1|bo_sung=1|rut=1|danh_gia=1|phan_anh=1] */
void page_my_dossier(struct request *req, struct response *res)
{
	static const char *const notices[][2] = {
		{ "da_nop", "mine.already_submitted" }, { "bo_sung", "mine.supplement_sent" },
		{ "tep", "mine.file_added" },		{ "rut", "mine.withdrawn" },
		{ "danh_gia", "mine.rated" },		{ "phan_anh", "mine.feedback_sent" },
	};
	const char *notice = NULL;
	for (size_t i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		if (req_query(req, notices[i][0]))
			notice = web_text(req, notices[i][1]);
	dossier_page(req, res, 200, req_param(req, "code"), notice, NULL);
}

/* The numeric path parameter name, or 0 when it is not 1..18 digits. */
static int64_t path_number(struct request *req, const char *name)
{
	const char *s = req_param(req, name);
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return 0;
	return strtoll(s, NULL, 10);
}

/* Answer a file of a dossier (by code or draft id) to whoever may read it; 404 otherwise. */
static void file_download(struct request *req, struct response *res, const char *code,
			  int64_t dossier_id)
{
	const struct web_user *u = web_user(req);
	struct db *db = web_db(req);
	struct actor who = { u->id, u->role, u->unit_id };
	int64_t id = path_number(req, "file");
	struct attachment_row row;
	enum err e = id <= 0 ? E_NOTFOUND
		   : db	     ? portal_file(db, &who, code, dossier_id, id, &row)
			     : E_DB;
	if (e == E_NOTFOUND) {
		wiz_not_found(req, res);
		return;
	}
	if (e != E_OK) {
		res_error(req, res, 500, NULL);
		return;
	}
	web_send_file(req, res, row.hash, row.kind, row.file_name);
}

/* See web.h. GET /ho-so/:code/tep/:file */
void page_dossier_file(struct request *req, struct response *res)
{
	file_download(req, res, req_param(req, "code"), 0);
}

/* See web.h. GET /ho-so/nhap/:id/tep/:file (drafts: the owner only) */
void page_draft_file(struct request *req, struct response *res)
{
	int64_t id = path_number(req, "id");
	if (id <= 0) {
		wiz_not_found(req, res);
		return;
	}
	file_download(req, res, NULL, id);
}
