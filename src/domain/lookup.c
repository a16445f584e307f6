/* lookup.c - public status lookup by dossier code and lookup secret. */
#include "motcua/lookup.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "motcua/buf.h"
#include "motcua/lookup_store.h"
#include "motcua/text.h"

/* Events whose note is written for the applicant (reasons); other notes stay internal. */
static const char *const public_note_kinds[] = {
	"refuse", "request_supplement", "stop", "apologise", "withdraw", NULL
};

/* See lookup.h. */
bool lookup_secret_normalise(const char *typed, char out[LOOKUP_SECRET_LEN + 1])
{
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (!isalnum(c) || n >= LOOKUP_SECRET_LEN)
			return false;
		out[n++] = (char)toupper(c);
	}
	out[n] = '\0';
	return n == LOOKUP_SECRET_LEN;
}

/* An instant as a JSON integer, or JSON null when the column was NULL. */
static json_t *time_or_null(int64_t t)
{
	return t == LOOKUP_NO_TIME ? json_null() : json_integer(t);
}

/* True when kind's note may be shown to the applicant. */
static bool note_is_public(const char *kind)
{
	for (size_t i = 0; public_note_kinds[i]; i++)
		if (!strcmp(kind, public_note_kinds[i]))
			return true;
	return false;
}

/* lookup_store_events callback: append one public event to the array ctx. */
static void add_event(void *ctx, const struct lookup_event *e)
{
	json_t *ev = json_object();
	json_object_set_new_nocheck(ev, "at", json_integer(e->at));
	json_object_set_new_nocheck(ev, "kind", json_string_nocheck(e->kind));
	json_object_set_new_nocheck(ev, "to_status", json_string_nocheck(e->to_status));
	json_object_set_new_nocheck(ev, "note", json_string(note_is_public(e->kind) ? e->note : ""));
	json_array_append_new((json_t *)ctx, ev);
}

/* What lookup_dossier's row callback needs and gives back. */
struct lookup_match {
	const unsigned char *want;	/* keyed hash of the typed secret */
	bool secret_ok;			/* the typed secret had the right shape */
	int64_t id;
	json_t *view;			/* NULL unless the secret matched */
};

/* lookup_store_dossier callback: when the secret matches, build the public view. */
static void match_row(void *ctx, const struct lookup_row *r)
{
	struct lookup_match *m = ctx;
	bool match = m->secret_ok && r->lookup_hash && r->lookup_hash_len == 32 &&
		     sodium_memcmp(r->lookup_hash, m->want, 32) == 0;
	if (!match)
		return;
	m->id = r->id;
	struct buf masked = BUF_INIT;
	text_mask_name(r->applicant_name, &masked);
	json_t *view = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", r->code,
				 "status", r->status, "channel", r->channel,
				 "applicant_masked", buf_str(&masked), "procedure_code",
				 r->procedure_code, "procedure_name", r->procedure_name,
				 "unit_name", r->unit_name);
	buf_free(&masked);
	json_object_set_new(view, "received_at", time_or_null(r->received_at));
	json_object_set_new(view, "due_at", time_or_null(r->due_at));
	json_object_set_new(view, "finished_at", time_or_null(r->finished_at));
	json_object_set_new(view, "promised_at", time_or_null(r->promised_at));
	m->view = view;
}

/* See lookup.h. */
enum err lookup_dossier(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
			const char *code, const char *secret, json_t **out)
{
	char norm[LOOKUP_SECRET_LEN + 1];
	unsigned char want[32];
	bool secret_ok = lookup_secret_normalise(secret, norm);
	/* Hash even a malformed secret so both failures cost the same. */
	keyed_hash(key, norm, strlen(norm), want);
	sodium_memzero(norm, sizeof(norm));
	if (strlen(code) > LOOKUP_CODE_MAX) {
		sodium_memzero(want, sizeof(want));
		return E_NOTFOUND;
	}
	struct lookup_match m = { .want = want, .secret_ok = secret_ok, .id = 0, .view = NULL };
	enum err e = lookup_store_dossier(db, code, match_row, &m);
	sodium_memzero(want, sizeof(want));
	if (e != E_OK)
		return e;
	if (!m.view)
		return E_NOTFOUND;
	json_t *events = json_array();
	json_object_set_new(m.view, "events", events);
	if ((e = lookup_store_events(db, m.id, add_event, events)) != E_OK) {
		json_decref(m.view);
		return e;
	}
	*out = m.view;
	return E_OK;
}
