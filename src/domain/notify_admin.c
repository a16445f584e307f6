/* notify_admin.c - the notification templates page's rules: current text, checks, preview
 * with a sample dossier, audited save and reset (docs/accountability.md). */
#include "motcua/notify_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "motcua/admin_audit.h"
#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/names.h"
#include "motcua/notify.h"
#include "motcua/notify_override_store.h"
#include "motcua/xalloc.h"

#define FILE_MAX (16 * 1024)

/* See notify_admin.h. */
void notify_parts_free(struct notify_parts *p)
{
	free(p->subject);
	free(p->sms);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

/* The event kind of name when it notifies, else -1. */
static int notifying(const char *event)
{
	int k = event ? event_kind_parse(event) : -1;
	return k >= 0 && notify_concerns((enum event_kind)k) ? k : -1;
}

/* Whether lang is one of the message languages. */
static bool lang_ok(const char *lang)
{
	return lang && (!strcmp(lang, "vi") || !strcmp(lang, "en"));
}

/* See notify_admin.h. */
enum err notify_admin_list(struct db *db, json_t **out)
{
	char **names = NULL;
	int n = 0;
	enum err e = notify_override_store_names(db, &names, &n);
	if (e != E_OK)
		return e;
	json_t *list = json_array();
	for (int k = 0; k < EV__MAX; k++) {
		if (!notify_concerns((enum event_kind)k))
			continue;
		const char *ev = event_kind_name((enum event_kind)k);
		json_t *langs = json_array();
		static const char *const ls[] = { "vi", "en" };
		for (int l = 0; l < 2; l++) {
			char name[64];
			snprintf(name, sizeof(name), "%s/%s", ls[l], ev);
			bool over = false;
			for (int i = 0; i < n; i++)
				over = over || !strcmp(names[i], name);
			json_array_append_new(langs, json_pack("{s:s, s:b}", "lang", ls[l],
							       "overridden", over));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "event", ev, "langs", langs));
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	*out = list;
	return E_OK;
}

/* See notify_admin.h. */
enum err notify_admin_get(struct db *db, const char *dir, const char *lang, const char *event,
			  struct notify_parts *out, bool *overridden)
{
	memset(out, 0, sizeof(*out));
	*overridden = false;
	if (!lang_ok(lang) || notifying(event) < 0)
		return E_NOTFOUND;
	char name[64];
	snprintf(name, sizeof(name), "%s/%s", lang, event);
	char *text = NULL;
	enum err e = notify_override_store_get(db, name, &text);
	if (e == E_OK) {
		*overridden = true;
	} else if (e == E_NOTFOUND) {
		struct buf path = BUF_INIT, b = BUF_INIT;
		buf_printf(&path, "%s/%s/%s.txt", dir, lang, event);
		e = file_read(buf_str(&path), FILE_MAX, &b);
		buf_free(&path);
		if (e != E_OK) {
			buf_free(&b);
			return E_IO;
		}
		text = buf_steal(&b);
	} else {
		return e;
	}
	char why[256];
	bool ok = notify_template_split(text ? text : "", &out->subject, &out->sms, &out->body,
					why, sizeof(why));
	free(text);
	return ok ? E_OK : E_IO;
}

/* One line, not empty, at most max bytes. */
static bool line_ok(const char *s, size_t max)
{
	return s && *s && strlen(s) <= max && !strchr(s, '\n') && !strchr(s, '\r');
}

/* See notify_admin.h. */
enum err notify_admin_check(const struct notify_parts *p, const char **part, char *bad,
			    size_t n)
{
	if (n)
		bad[0] = '\0';
	struct {
		const char *name, *text;
		size_t max;
		bool line;
	} parts[] = { { "subject", p->subject, NOTIFY_SUBJECT_MAX, true },
		      { "sms", p->sms, NOTIFY_SMS_MAX, true },
		      { "body", p->body, NOTIFY_BODY_MAX, false } };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *t = parts[i].text;
		bool shape = parts[i].line ? line_ok(t, parts[i].max)
					   : t && *t && strlen(t) <= parts[i].max;
		if (!shape || !notify_names_known(t, bad, n)) {
			*part = parts[i].name;
			if (!shape && n)
				bad[0] = '\0';
			return E_INVALID;
		}
	}
	*part = NULL;
	return E_OK;
}

/* See notify_admin.h. */
json_t *notify_admin_preview(const char *lang, const struct notify_parts *p)
{
	bool en = lang && !strcmp(lang, "en");
	const char *vars[NV__MAX] = {
		[NV_NAME] = "Nguyễn Văn An",
		[NV_CODE] = "H29.23.01-270105-0007",
		[NV_PROCEDURE] = en ? "Birth registration" : "Đăng ký khai sinh",
		[NV_UNIT] = en ? "People's Committee of Vĩnh Lộc A commune"
			       : "UBND xã Vĩnh Lộc A",
		[NV_DUE] = "12/01/2027",
		[NV_DEADLINE] = "19/01/2027",
		[NV_ITEMS] = en ? "A copy of the parents' marriage certificate"
				: "Bản sao giấy chứng nhận kết hôn của cha mẹ",
		[NV_REASON] = en ? "The form is missing the declarant's signature"
				 : "Tờ khai thiếu chữ ký của người đi khai",
		[NV_AMOUNT] = en ? "50,000 VND" : "50.000 đồng",
		[NV_PROMISED] = "15/01/2027",
		[NV_TRACKING] = "EB123456789VN",
	};
	struct buf s = BUF_INIT, m = BUF_INIT, b = BUF_INIT;
	notify_substitute(&s, p->subject ? p->subject : "", vars);
	notify_substitute(&m, p->sms ? p->sms : "", vars);
	notify_substitute(&b, p->body ? p->body : "", vars);
	json_t *o = json_pack("{s:s, s:s, s:s}", "subject", buf_str(&s), "sms", buf_str(&m),
			      "body", buf_str(&b));
	buf_free(&s);
	buf_free(&m);
	buf_free(&b);
	return o;
}

/* The file format of p. */
static char *as_text(const struct notify_parts *p)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "Subject: %s\nSMS: %s\n\n%s", p->subject, p->sms, p->body);
	return buf_steal(&b);
}

/* p as the JSON of the administrative record. */
static json_t *as_json(const struct notify_parts *p)
{
	return json_pack("{s:s, s:s, s:s}", "subject", p->subject ? p->subject : "", "sms",
			 p->sms ? p->sms : "", "body", p->body ? p->body : "");
}

/* Write (p) or drop (p NULL) the override of lang/event with its record. */
static enum err change(struct db *db, const char *dir, int64_t actor_id, const char *lang,
		       const char *event, const struct notify_parts *p)
{
	char name[64];
	snprintf(name, sizeof(name), "%s/%s", lang, event);
	enum err e = db_begin(db);
	if (e != E_OK)
		return E_DB;
	struct notify_parts old;
	bool overridden = false;
	e = notify_admin_get(db, dir, lang, event, &old, &overridden);
	if (e == E_OK && !p && !overridden) {
		notify_parts_free(&old);
		db_rollback(db);
		return E_OK;
	}
	char *text = p ? as_text(p) : NULL;
	if (e == E_OK)
		e = p ? notify_override_store_put(db, name, text, (int64_t)time(NULL), actor_id)
		      : notify_override_store_delete(db, name);
	if (e == E_OK) {
		char target[80];
		snprintf(target, sizeof(target), "notify:%s", name);
		json_t *before = as_json(&old), *after = p ? as_json(p) : NULL;
		struct admin_change c = { actor_id, p ? "setting.notify" : "setting.notify.reset",
					  target, before, after, 0 };
		e = admin_audit_record(db, &c);
		json_decref(before);
		json_decref(after);
	}
	free(text);
	notify_parts_free(&old);
	if (e == E_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* See notify_admin.h. */
enum err notify_admin_save(struct db *db, const char *dir, int64_t actor_id, const char *lang,
			   const char *event, const struct notify_parts *p)
{
	if (!lang_ok(lang) || notifying(event) < 0)
		return E_NOTFOUND;
	const char *part;
	char bad[64];
	if (notify_admin_check(p, &part, bad, sizeof(bad)) != E_OK)
		return E_INVALID;
	return change(db, dir, actor_id, lang, event, p);
}

/* See notify_admin.h. */
enum err notify_admin_reset(struct db *db, const char *dir, int64_t actor_id, const char *lang,
			    const char *event)
{
	if (!lang_ok(lang) || notifying(event) < 0)
		return E_NOTFOUND;
	return change(db, dir, actor_id, lang, event, NULL);
}
