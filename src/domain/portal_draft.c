/* portal_draft.c - drafts of the citizen portal: create, update, delete, and submit through
 * the engine once complete (docs/citizen.md). */
#include "portal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/catalog.h"
#include "motcua/dossier_store.h"
#include "motcua/text.h"
#include "motcua/unit.h"

#define ADDRESS_MAX 500		/* characters of a postal address */
#define APPLICANT_NAME_MAX 200	/* characters */

/* Whether s is given (not NULL, not empty). */
static bool given(const char *s)
{
	return s && *s;
}

/* Whether JSON text s (NULL or "" allowed: absent) is an object; *name receives the string
 * member "name" (or "") when name is not NULL. */
static bool json_object_text(const char *s, char *name, size_t n)
{
	if (name)
		name[0] = '\0';
	if (!given(s))
		return true;
	json_t *o = json_loads(s, 0, NULL);
	bool ok = json_is_object(o);
	const char *v = ok ? json_string_value(json_object_get(o, "name")) : NULL;
	if (name && v)
		snprintf(name, n, "%s", v);
	json_decref(o);
	return ok;
}

/* Whether array arr of strings holds s. */
static bool array_has(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

/* Characters of s (0 for NULL). */
static size_t chars(const char *s)
{
	return s ? utf8_length(s, strlen(s)) : 0;
}

/* Check f against procedure_code and fill *p (its strings borrow f's and name). */
static enum err draft_check(struct db *db, const char *procedure_code,
			    const struct draft_fields *f, struct portal_draft *p, char *name,
			    size_t n)
{
	json_t *proc;
	enum err e = catalog_get_published(db, procedure_code ? procedure_code : "", &proc);
	if (e != E_OK)
		return e;
	struct proc_facts pf;
	e = proc_facts_load(db, 0, procedure_code, &pf);
	const char *level = json_string_value(json_object_get(proc, "online_level"));
	if (e == E_OK && (!level || !strcmp(level, "info")))
		e = E_REFUSED;
	memset(p, 0, sizeof(*p));
	p->procedure_id = pf.id;
	if (e == E_OK && f->unit_id > 0) {
		struct unit_rec u;
		e = unit_get_by_id(db, f->unit_id, &u);
		if (e == E_OK) {
			if (!array_has(json_object_get(proc, "levels"), u.level))
				e = E_REFUSED;
			unit_rec_free(&u);
		}
		p->unit_id = f->unit_id;
		p->unit_chosen = true;
	} else if (e == E_OK) {
		e = portal_store_any_unit(db, &p->unit_id);
	}
	json_decref(proc);
	if (e != E_OK)
		return e;
	if (!json_object_text(f->applicant, name, n) || !json_object_text(f->form_data, NULL, 0) ||
	    chars(name) > APPLICANT_NAME_MAX || chars(f->delivery_address) > ADDRESS_MAX ||
	    (given(f->delivery) && channel_parse(f->delivery) < 0))
		return E_INVALID;
	p->applicant = given(f->applicant) ? f->applicant : NULL;
	p->applicant_name = name;
	p->form_data = given(f->form_data) ? f->form_data : NULL;
	p->on_behalf = f->on_behalf;
	p->result_channel = given(f->delivery) ? f->delivery : NULL;
	p->delivery_address = given(f->delivery_address) ? f->delivery_address : NULL;
	return E_OK;
}

/* Whether token is DRAFT_TOKEN_HEX lowercase hex digits. */
static bool token_ok(const char *t)
{
	size_t i = 0;
	for (; t[i]; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return false;
	return i == DRAFT_TOKEN_HEX;
}

/* See portal.h. */
enum err draft_create(struct db *db, int64_t owner_id, const char *procedure_code,
		      const struct draft_fields *f, const char *token, int64_t now, int64_t *id,
		      bool *created)
{
	*created = false;
	if (token && !token_ok(token))
		return E_INVALID;
	if (token && portal_store_draft_by_token(db, owner_id, token, id) == E_OK)
		return E_OK;
	struct portal_draft p;
	char name[APPLICANT_NAME_MAX * 4 + 1];
	enum err e = draft_check(db, procedure_code, f, &p, name, sizeof(name));
	if (e != E_OK)
		return e;
	p.token = token;
	p.now = now;
	e = portal_store_draft_insert(db, owner_id, &p, id);
	if (e == E_CONFLICT && token)	/* the same form, sent twice at once */
		return portal_store_draft_by_token(db, owner_id, token, id);
	*created = e == E_OK;
	return e;
}

/* See portal.h. */
enum err draft_update(struct db *db, int64_t owner_id, int64_t id, const struct draft_fields *f,
		      int64_t now)
{
	struct portal_row r;
	enum err e = portal_owned(db, owner_id, id, NULL, &r);
	if (e != E_OK)
		return e;
	if (r.status != DS_DRAFT) {
		portal_row_free(&r);
		return E_NOTFOUND;
	}
	struct portal_draft p;
	char name[APPLICANT_NAME_MAX * 4 + 1];
	e = draft_check(db, r.procedure_code, f, &p, name, sizeof(name));
	portal_row_free(&r);
	if (e != E_OK)
		return e;
	p.now = now;
	return portal_store_draft_update(db, owner_id, id, &p);
}

/* See portal.h. */
enum err draft_delete(struct db *db, int64_t owner_id, int64_t id)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	e = portal_store_draft_delete(db, owner_id, id);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* An incompleteness: E_INVALID with its message key and sentence. */
static enum err incomplete(struct event_result *out, const char *key, char *why, size_t n,
			   const char *text)
{
	out->msg_key = key;
	if (why && n)
		snprintf(why, n, "%s", text);
	return E_INVALID;
}

/* Whether the dossier has a file in slot. */
static enum err has_file(struct db *db, int64_t id, int slot, bool *yes)
{
	int64_t k = 0;
	enum err e = portal_store_file_count(db, id, false, slot, 0, &k);
	*yes = k > 0;
	return e;
}

/* The completeness rules of draft_submit, in the contract's order. *digitised: a
 * component file exists. */
static enum err complete(struct db *db, const struct portal_row *r, struct event_result *out,
			 char *why, size_t n, bool *digitised)
{
	*digitised = false;
	if (!r->unit_chosen)
		return incomplete(out, "portal.incomplete.unit", why, n, "no receiving unit");
	if (!r->applicant_name[0])
		return incomplete(out, "portal.incomplete.applicant", why, n, "no applicant name");
	json_t *options = json_loads(r->delivery_options, 0, NULL);
	bool ok = r->result_channel[0] && array_has(options, r->result_channel) &&
		  (strcmp(r->result_channel, "online") || !strcmp(r->online_level, "full"));
	json_decref(options);
	if (!ok)
		return incomplete(out, "portal.incomplete.delivery", why, n,
				  "no result delivery among the procedure's options");
	if (!strcmp(r->result_channel, "post") && !r->delivery_address[0])
		return incomplete(out, "portal.incomplete.address", why, n,
				  "delivery by post needs an address");
	json_t *comps = json_loads(r->components, 0, NULL);
	size_t i;
	json_t *c;
	enum err e = E_OK;
	json_array_foreach(comps, i, c) {
		bool yes;
		if ((e = has_file(db, r->id, (int)i, &yes)) != E_OK)
			break;
		*digitised = *digitised || yes;
		if (!yes && json_is_true(json_object_get(c, "required"))) {
			if (why && n)
				snprintf(why, n, "component %zu '%s' has no file", i + 1,
					 json_string_value(json_object_get(c, "name")) ?
						 json_string_value(json_object_get(c, "name")) : "");
			out->msg_key = "portal.incomplete.component";
			e = E_INVALID;
			break;
		}
	}
	json_decref(comps);
	if (e != E_OK || !r->on_behalf)
		return e;
	bool yes;
	if ((e = has_file(db, r->id, SLOT_AUTHORISATION, &yes)) != E_OK)
		return e;
	return yes ? E_OK : incomplete(out, "portal.incomplete.authorisation", why, n,
				       "submitting on behalf of someone needs the authorisation");
}

/* See portal.h. */
enum err draft_submit(struct engine *e, struct db *db, const struct clock *clk,
		      int64_t owner_id, int64_t id, struct event_result *out, char *why,
		      size_t n)
{
	memset(out, 0, sizeof(*out));
	out->outcome = OUT_NONE;
	if (why && n)
		why[0] = '\0';
	struct portal_row r;
	enum err err = portal_owned(db, owner_id, id, NULL, &r);
	if (err != E_OK)
		return err;
	bool digitised = false;
	if (r.status != DS_DRAFT) {
		out->msg_key = "dossier.refused.transition";
		if (why && n)
			snprintf(why, n, "the dossier was already submitted");
		err = E_REFUSED;
	} else {
		err = complete(db, &r, out, why, n, &digitised);
	}
	portal_row_free(&r);
	if (err != E_OK)
		return err;
	struct event_input in;
	memset(&in, 0, sizeof(in));
	in.dossier_id = id;
	in.kind = EV_SUBMIT;
	in.role = ROLE_CITIZEN;
	in.actor_id = owner_id;
	in.channel = "online";
	in.digitised = digitised;
	return dossier_apply(e, db, clk, &in, out, why, n);
}
