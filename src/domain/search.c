/* search.c - staff search (search.h). */
#include "motcua/search.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/buf.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "motcua/worklist.h"
#include "motcua/worklist_store.h"

#define FOLD_BATCH 5000

/* See search.h. */
enum err search_fold_pending(struct db *db, int max, int *done)
{
	int total = 0;
	enum err e = E_OK;
	while (total < max && e == E_OK) {
		int64_t *ids = NULL;
		char **names = NULL;
		int n = 0, want = max - total < FOLD_BATCH ? max - total : FOLD_BATCH;
		/* A read first: nothing pending (the usual case) takes no write lock. */
		e = search_store_pending(db, 1, &ids, &names, &n);
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(ids);
		free(names);
		if (e != E_OK || n == 0)
			break;
		ids = NULL;
		names = NULL;
		n = 0;
		e = db_begin(db);
		if (e != E_OK)
			break;
		e = search_store_pending(db, want, &ids, &names, &n);
		for (int i = 0; i < n; i++) {
			struct buf key = BUF_INIT;
			text_fold(names[i], strlen(names[i]), &key);
			if (e == E_OK)
				e = search_store_set_key(db, ids[i], buf_str(&key));
			buf_free(&key);
			free(names[i]);
		}
		free(ids);
		free(names);
		if (e == E_OK)
			e = db_commit(db);
		else
			db_rollback(db);
		total += n;
		if (n < want)
			break;
	}
	if (done)
		*done = total;
	return e;
}

/* Trimmed copy of s in the buffer, NULL when empty. */
static const char *given(const char *s, struct buf *b)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return NULL;
	buf_append(b, s, n);
	return buf_str(b);
}

/* Build the store's filter from q; the buffers own its strings. False when nothing is asked. */
static bool make_filter(const struct search_query *q, struct search_filter *f, struct buf b[6])
{
	memset(f, 0, sizeof(*f));
	f->code = given(q->code, &b[0]);
	if (f->code)
		for (char *p = b[0].data; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	if (q->name && *q->name) {
		text_fold(q->name, strlen(q->name), &b[1]);
		f->name_key = b[1].len ? buf_str(&b[1]) : NULL;
	}
	f->id_number = given(q->id_number, &b[2]);
	f->phone = given(q->phone, &b[3]);
	f->status = given(q->status, &b[4]);
	f->procedure_code = given(q->procedure_code, &b[5]);
	f->from = q->from_day ? local_instant(q->from_day, 0) : 0;
	f->to = q->to_day ? local_instant(q->to_day + 1, 0) : 0;
	return f->code || f->name_key || f->id_number || f->phone || f->status ||
	       f->procedure_code || f->from || f->to;
}

/* A row for templates and CSV. */
static json_t *row_json(const struct wl_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:i}", "id",
			 (json_int_t)r->id, "code", r->code,
			 "applicant_name", r->applicant_name, "procedure", r->procedure_name,
			 "unit", r->unit_name, "status", r->status, "submitted_at",
			 (json_int_t)r->submitted_at, "received_at", (json_int_t)r->received_at,
			 "due_at", (json_int_t)r->due_at, "supplement_deadline",
			 (json_int_t)r->supplement_deadline, "version", r->version);
}

/* One store page of q for who: rows (caller frees). */
static enum err find(struct db *db, const struct actor *who, const struct search_query *q,
		     int limit, int offset, struct wl_row **rows, int *n)
{
	char root[256];
	enum err e = worklist_root(db, who, root, sizeof(root));
	if (e != E_OK)
		return e;
	struct buf b[6] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct search_filter f;
	bool asked = make_filter(q, &f, b);
	f.who = who->user_id;
	if (!asked)
		e = E_INVALID;
	else if (f.name_key)
		e = search_fold_pending(db, 5000, NULL);
	if (e == E_OK)
		e = search_store_find(db, root, &f, limit, offset, rows, n);
	for (int i = 0; i < 6; i++)
		buf_free(&b[i]);
	return e;
}

/* See search.h. */
enum err search_page(struct db *db, const struct actor *who, const struct search_query *q,
		     int page, json_t **out)
{
	if (page < 0)
		page = 0;
	struct wl_row *rows = NULL;
	int n = 0;
	enum err e = find(db, who, q, SEARCH_PAGE + 1, page * SEARCH_PAGE, &rows, &n);
	if (e != E_OK)
		return e;
	json_t *list = json_array();
	for (int i = 0; i < n && i < SEARCH_PAGE; i++)
		json_array_append_new(list, row_json(&rows[i]));
	wl_rows_free(rows, n);
	*out = json_pack("{s:o, s:i, s:b}", "rows", list, "page", page, "more", n > SEARCH_PAGE);
	return E_OK;
}

/* See search.h. */
enum err search_each(struct db *db, const struct actor *who, const struct search_query *q,
		     int (*row)(void *ctx, json_t *row), void *ctx)
{
	enum err e = E_OK;
	for (int offset = 0; offset < SEARCH_CSV_MAX; offset += SEARCH_PAGE * 10) {
		struct wl_row *rows = NULL;
		int n = 0;
		e = find(db, who, q, SEARCH_PAGE * 10, offset, &rows, &n);
		if (e != E_OK)
			return e;
		int stop = 0;
		for (int i = 0; i < n && !stop; i++) {
			json_t *j = row_json(&rows[i]);
			stop = row(ctx, j);
			json_decref(j);
		}
		wl_rows_free(rows, n);
		if (stop || n < SEARCH_PAGE * 10)
			break;
	}
	return e;
}
