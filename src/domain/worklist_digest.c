/* worklist_digest.c - the daily digest email of each staff member's work lists through the
 * notification outbox (worklist.h: worklist_digest). */
#include <stdio.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/fileio.h"
#include "motcua/outbox_store.h"
#include "motcua/worklist.h"
#include "motcua/worklist_store.h"

#define DIGEST_TEMPLATE_MAX 8192

struct digest_run {
	struct db *db;
	const struct calendar *cal;
	const struct clock *clk;
	const char *base_url;
	struct buf tpl[2];	/* vi, en: "Subject: ...\n\nbody" */
	int queued;
	enum err err;
};

/* Append text with every {{key}} of keys/values replaced. */
static void fill(struct buf *out, const char *text, const char *const *keys,
		 const char *const *values, int n)
{
	for (const char *p = text; *p;) {
		const char *open = strstr(p, "{{");
		if (!open) {
			buf_puts(out, p);
			break;
		}
		buf_append(out, p, (size_t)(open - p));
		const char *close = strstr(open, "}}");
		int k = -1;
		for (int i = 0; close && i < n; i++)
			if ((size_t)(close - open - 2) == strlen(keys[i]) &&
			    !strncmp(open + 2, keys[i], strlen(keys[i])))
				k = i;
		if (k < 0) {
			buf_append(out, open, 2);
			p = open + 2;
		} else {
			buf_puts(out, values[k]);
			p = close + 2;
		}
	}
}

/* Queue the digest of one staff member (unless queued today or nothing is due). */
static int one(void *ctx, const struct wl_staff *s)
{
	struct digest_run *r = ctx;
	int64_t now = clock_now(r->clk);
	int64_t today = local_day(now);
	int role = role_parse(s->role);
	struct actor who = { s->id, role < 0 ? ROLE_CLERK : (enum role)role, s->unit_id };
	json_t *c = NULL;
	bool sent = false;
	enum err e = db_begin(r->db);
	if (e == E_OK)
		e = wl_store_digest_since(r->db, s->id, local_instant(today, 0), &sent);
	if (e == E_OK && !sent)
		e = worklist_counts(r->db, r->cal, r->clk, &who, &c);
	int64_t overdue = json_integer_value(json_object_get(c, "overdue"));
	int64_t due_today = json_integer_value(json_object_get(c, "today"));
	int64_t days3 = json_integer_value(json_object_get(c, "days3"));
	int64_t supplement = json_integer_value(json_object_get(c, "supplement"));
	int64_t intake = json_integer_value(json_object_get(c, "intake"));
	json_decref(c);
	if (e == E_OK && !sent && overdue + due_today + days3 + supplement + intake > 0) {
		bool en = !strcmp(s->lang, "en");
		char n[5][24], date[11];
		int64_t v[5] = { overdue, due_today, days3, supplement, intake };
		for (int i = 0; i < 5; i++)
			snprintf(n[i], sizeof(n[i]), "%lld", (long long)v[i]);
		format_dmy(today, date);
		char link[300];
		snprintf(link, sizeof(link), "%s/can-bo", r->base_url ? r->base_url : "");
		const char *keys[] = { "name", "unit", "date", "overdue", "today", "days3",
				       "supplement", "intake", "link" };
		const char *values[] = { s->name, s->unit_name, date, n[0], n[1], n[2], n[3], n[4],
					 link };
		struct buf text = BUF_INIT;
		fill(&text, buf_str(&r->tpl[en]), keys, values, 9);
		const char *t = buf_str(&text), *nl = strchr(t, '\n');
		struct buf subject = BUF_INIT;
		if (!strncmp(t, "Subject: ", 9) && nl) {
			buf_append(&subject, t + 9, (size_t)(nl - t - 9));
			t = nl + 1;
			while (*t == '\n')
				t++;
		}
		struct outbox_new m = { .dossier_id = 0, .event_id = 0,
					.channel = OUTBOX_EMAIL, .recipient = s->email,
					.lang = en ? "en" : "vi", .subject = buf_str(&subject),
					.body = t, .now = now };
		e = outbox_store_insert_account(r->db, OUTBOX_DIGEST, s->id, &m);
		if (e == E_OK)
			r->queued++;
		buf_free(&text);
		buf_free(&subject);
	}
	if (e == E_OK)
		e = db_commit(r->db);
	else
		db_rollback(r->db);
	r->err = e;
	return e != E_OK;
}

/* See worklist.h. */
enum err worklist_digest(struct db *db, const struct calendar *c, const struct clock *clk,
			 const char *template_dir, const char *base_url, int *queued)
{
	struct digest_run r = { db, c, clk, base_url, { BUF_INIT, BUF_INIT }, 0, E_OK };
	static const char *const langs[2] = { "vi", "en" };
	enum err e = E_OK;
	for (int i = 0; i < 2 && e == E_OK; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.txt", template_dir, langs[i]);
		e = file_read(path, DIGEST_TEMPLATE_MAX, &r.tpl[i]);
	}
	if (e == E_OK)
		e = wl_store_staff_each(db, one, &r);
	if (e == E_OK)
		e = r.err;
	buf_free(&r.tpl[0]);
	buf_free(&r.tpl[1]);
	if (queued)
		*queued = r.queued;
	return e;
}
