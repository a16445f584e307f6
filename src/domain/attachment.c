/* attachment.c - attachments of stored files to owners: name cleaning, adding (file placed
 * under the write lock), listing, removal that drops the file with its last reference. */
#include "motcua/attachment.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/text.h"
#include "motcua/xalloc.h"

#define EXT_MAX 8	/* bytes of an extension kept when a name is cut */

/* True for characters never kept in a file name. */
static bool name_char_bad(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xfffd ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202e || cp == 0x202d ||
	       (cp < 0x80 && strchr("\"*:<>?|;", (int)cp));
}

/* See attachment.h. */
void attachment_clean_name(const char *in, char *out, size_t n)
{
	const char *base = in ? in : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* Replace what is unsafe, character by character. */
	char *tmp = xmalloc(strlen(base) * 3 + 1);
	size_t t = 0, len = strlen(base);
	for (size_t i = 0; i < len;) {
		size_t l;
		unsigned cp = utf8_decode(base + i, len - i, &l);
		if (name_char_bad(cp)) {
			tmp[t++] = '_';
		} else {
			memcpy(tmp + t, base + i, l);
			t += l;
		}
		i += l;
	}
	tmp[t] = '\0';
	/* Trim spaces and dots (no hidden names, no trailing dot). */
	char *s = tmp;
	while (*s == ' ' || *s == '.' || *s == '_')
		s++;
	size_t m = strlen(s);
	while (m > 0 && (s[m - 1] == ' ' || s[m - 1] == '.'))
		s[--m] = '\0';
	if (m == 0) {
		free(tmp);
		snprintf(out, n, "tep");
		return;
	}
	/* Cut to ATTACHMENT_NAME_MAX characters, keeping ".ext" when short. */
	if (utf8_length(s, m) > ATTACHMENT_NAME_MAX) {
		const char *dot = strrchr(s, '.');
		size_t ext = dot && (size_t)(s + m - dot) <= EXT_MAX ? (size_t)(s + m - dot) : 0;
		size_t keep = 0, chars = 0;
		while (keep < m - ext && chars < ATTACHMENT_NAME_MAX - ext) {
			size_t l;
			utf8_decode(s + keep, m - keep, &l);
			if (keep + l > m - ext)
				break;
			keep += l;
			chars++;
		}
		memmove(s + keep, s + m - ext, ext);
		m = keep + ext;
		s[m] = '\0';
	}
	snprintf(out, n, "%s", s);
	free(tmp);
}

/* True when h is 64 lowercase hex digits. */
static bool hash_ok(const char *h)
{
	size_t i = 0;
	for (; h && h[i]; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return i == 64;
}

/* True for a kind of the schema's CHECK list. */
static bool kind_ok(const char *k)
{
	return k && (!strcmp(k, "pdf") || !strcmp(k, "jpeg") || !strcmp(k, "png"));
}

/* See attachment.h. */
enum err attachment_add(struct db *db, const struct attachment_new *a,
			enum err (*place)(void *ctx), void *ctx, int64_t *id)
{
	return attachment_add_slot(db, a, ATTACHMENT_NO_SLOT, NULL, place, ctx, id);
}

/* See attachment.h. */
enum err attachment_add_slot(struct db *db, const struct attachment_new *a, int slot,
			     enum err (*guard)(void *ctx), enum err (*place)(void *ctx), void *ctx,
			     int64_t *id)
{
	size_t tl = a->title ? strlen(a->title) : 0;
	if (tl == 0 || !utf8_valid(a->title, tl) || utf8_length(a->title, tl) > ATTACHMENT_TITLE_MAX ||
	    !kind_ok(a->kind) || !hash_ok(a->hash) || a->size < 0)
		return E_INVALID;
	char name[ATTACHMENT_NAME_BYTES];
	attachment_clean_name(a->file_name, name, sizeof(name));
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	if ((guard && (e = guard(ctx)) != E_OK) || (place && (e = place(ctx)) != E_OK)) {
		db_rollback(db);
		return e;
	}
	e = attachment_store_file_put(db, a->hash, a->kind, a->size, a->now);
	if (e == E_OK)
		e = attachment_store_insert_slot(db, a->owner, a->owner_id, slot, a->hash,
						 a->title, name, a->uploaded_by, a->now, id);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* See attachment.h. */
enum err attachment_list(struct db *db, enum attachment_owner owner, int64_t owner_id,
			 struct attachment_row **rows, int *n)
{
	return attachment_store_list(db, owner, owner_id, rows, n);
}

/* See attachment.h. */
enum err attachment_get(struct db *db, enum attachment_owner owner, int64_t owner_id,
			int64_t id, struct attachment_row *out)
{
	return attachment_store_get(db, owner, owner_id, id, out);
}

/* See attachment.h. */
enum err attachment_remove(struct db *db, enum attachment_owner owner, int64_t owner_id,
			   int64_t id, const struct attachment_unstore *files)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	struct attachment_row row;
	int64_t refs = 0;
	bool hidden = false;
	e = attachment_store_get(db, owner, owner_id, id, &row);
	if (e == E_OK)
		e = attachment_store_delete(db, id);
	if (e == E_OK)
		e = attachment_store_refs(db, row.hash, &refs);
	if (e == E_OK && refs == 0) {
		e = attachment_store_file_delete(db, row.hash);
		if (e == E_OK && files && files->hide) {
			e = files->hide(files->ctx, row.hash);
			hidden = e == E_OK;
		}
	}
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	e = db_commit(db);
	if (hidden && e == E_OK && files->purge)
		files->purge(files->ctx, row.hash);
	else if (hidden && e != E_OK && files->restore)
		files->restore(files->ctx, row.hash);
	return e;
}

/* See attachment.h. */
enum err attachment_settle_hidden(struct db *db, const char *hash,
				  const struct attachment_unstore *files)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	bool known = false;
	e = attachment_store_file_known(db, hash, &known);
	if (e == E_OK && known && files->restore)
		files->restore(files->ctx, hash);
	else if (e == E_OK && files->purge)
		files->purge(files->ctx, hash);
	db_rollback(db);	/* nothing was written: the transaction only held the lock */
	return e;
}
