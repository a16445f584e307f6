/* import_dossiers.c - replay migrated histories through the engine (formats.md). */
#include "motcua/import_dossiers.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "motcua/import.h"
#include "motcua/xalloc.h"

/* Record an error with its line; returns err. */
static enum err fail(struct import_dossiers_result *r, long line, enum err err, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));
static enum err fail(struct import_dossiers_result *r, long line, enum err err, const char *fmt,
		     ...)
{
	r->line = line;
	int k = snprintf(r->message, sizeof(r->message), "line %ld: ", line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->message + k, sizeof(r->message) - (size_t)k, fmt, ap);
	va_end(ap);
	return err;
}

/* String member or NULL. */
static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* Replay one dossier line. */
static enum err one_line(struct engine *e, struct db *db, json_t *d, long line,
			 struct import_dossiers_result *r)
{
	if (!json_is_object(d))
		return fail(r, line, E_INVALID, "a line must be a JSON object");
	const char *proc = str(d, "procedure"), *unit = str(d, "unit"), *ch = str(d, "channel");
	json_t *events = json_object_get(d, "events");
	if (!proc || !unit)
		return fail(r, line, E_INVALID, "field \"procedure\" and \"unit\" are required");
	if (!ch || channel_parse(ch) < 0)
		return fail(r, line, E_INVALID, "field \"channel\": online, counter or post");
	if (!json_is_array(events) || json_array_size(events) == 0)
		return fail(r, line, E_INVALID, "field \"events\": a non-empty array");
	char *applicant = NULL;
	json_t *a = json_object_get(d, "applicant");
	if (a && !json_is_object(a))
		return fail(r, line, E_INVALID, "field \"applicant\" must be an object");
	if (a)
		applicant = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	int64_t id = 0, last_at = 0;
	enum err err = E_OK;
	size_t i;
	json_t *ev;
	json_array_foreach(events, i, ev) {
		const char *kind = str(ev, "kind"), *at = str(ev, "at");
		int k = event_kind_parse(kind);
		int64_t t;
		if (k < 0) {
			err = fail(r, line, E_INVALID, "event %zu: unknown kind \"%s\"", i + 1,
				   kind ? kind : "");
			break;
		}
		if (!at || !parse_iso8601(at, &t)) {
			err = fail(r, line, E_INVALID, "event %zu (%s): field \"at\" is not an "
				   "ISO 8601 instant", i + 1, kind);
			break;
		}
		if (t < last_at) {
			err = fail(r, line, E_INVALID, "event %zu (%s): earlier than the event "
				   "before it", i + 1, kind);
			break;
		}
		last_at = t;
		struct event_input in;
		memset(&in, 0, sizeof(in));
		in.dossier_id = id;
		in.kind = (enum event_kind)k;
		in.role = ROLE_SYSTEM;
		in.note = str(ev, "note");
		in.reason = str(ev, "reason");
		in.items = str(ev, "items");
		in.department = str(ev, "department");
		in.method = str(ev, "method");
		in.delivery = str(ev, "delivery");
		in.postal_tracking = str(ev, "postal_tracking");
		in.rating = str(ev, "rating");
		in.comment = str(ev, "comment");
		in.result_file = str(ev, "result_file");
		json_t *amount = json_object_get(ev, "amount");
		if (amount && !json_is_integer(amount)) {
			err = fail(r, line, E_INVALID, "event %zu (%s): field \"amount\" must be a "
				   "whole number of VND", i + 1, kind);
			break;
		}
		in.amount = json_integer_value(amount);
		const char *promised = str(ev, "promised");
		if (promised && !parse_iso8601(promised, &in.promised_at)) {
			err = fail(r, line, E_INVALID, "event %zu (%s): field \"promised\" is not "
				   "a date", i + 1, kind);
			break;
		}
		if (!id) {
			in.procedure_code = proc;
			in.unit_code = unit;
			in.channel = ch;
			in.applicant = applicant;
			in.preset_code = str(d, "code");
			/* Optional: the lookup secret printed on receipts by the previous system,
			 * so citizens' slips keep working after a migration. */
			in.preset_secret = str(d, "lookup_secret");
			in.digitised = json_is_true(json_object_get(d, "digitised"));
		}
		struct clock clk = { t };
		struct event_result res;
		char why[256];
		err = dossier_apply(e, db, &clk, &in, &res, why, sizeof(why));
		if (err != E_OK) {
			fail(r, line, err, "event %zu (%s): %s", i + 1, kind, why);
			break;
		}
		id = res.dossier_id;
		r->events++;
	}
	free(applicant);
	if (err == E_OK)
		r->dossiers++;
	return err;
}

/* See import_dossiers.h. */
enum err import_dossiers(struct engine *e, struct db *db, const char *text, size_t len,
			 struct import_dossiers_result *r)
{
	return import_dossiers_hooked(e, db, text, len, r, NULL);
}

/* See import_dossiers.h. */
enum err import_dossiers_hooked(struct engine *e, struct db *db, const char *text, size_t len,
				struct import_dossiers_result *r,
				const struct import_dossiers_hooks *h)
{
	memset(r, 0, sizeof(*r));
	if (len > (size_t)IMPORT_DOSSIERS_MAX_BYTES) {
		/* The command reads at most IMPORT_DOSSIERS_MAX_BYTES + 1 bytes: refuse rather than import
		 * a file cut at an arbitrary point (possibly at a line boundary). */
		snprintf(r->message, sizeof(r->message), "file larger than %ld bytes; nothing "
			 "imported", IMPORT_DOSSIERS_MAX_BYTES);
		return E_LIMIT;
	}
	enum err err = engine_batch_begin(e, db);
	if (err != E_OK)
		return err;
	long line = 0;
	size_t pos = 0;
	while (pos < len && err == E_OK) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		line++;
		size_t b = pos, n = end - pos;
		pos = end + 1;
		while (n && (text[b + n - 1] == '\r' || text[b + n - 1] == ' '))
			n--;
		if (n == 0)
			continue;
		json_error_t je;
		json_t *d = json_loadb(text + b, n, JSON_REJECT_DUPLICATES, &je);
		if (!d) {
			err = fail(r, line, E_INVALID, "not JSON: %s", je.text);
			break;
		}
		err = one_line(e, db, d, line, r);
		json_decref(d);
		if (h && h->progress)
			h->progress(h->ctx, pos < len ? pos : len, line);
	}
	if (err == E_OK && h && h->before_commit)
		err = h->before_commit(h->ctx, db, r);
	if (err != E_OK) {
		engine_batch_rollback(e, db);
		r->dossiers = r->events = 0;
		return err;
	}
	return engine_batch_commit(e, db);
}
