/* engine.c - the engine object: calendar, server key, cached procedure/unit facts and the
 * batch state shared by dossier_apply. */
#include "engine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/xalloc.h"

/* See dossier.h. */
enum err engine_open(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
		     struct engine **out)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	memcpy(e->key, key, SERVER_KEY_BYTES);
	e->cal = calendar_new();
	enum err err = calendar_load(e->cal, db);
	if (err != E_OK) {
		engine_free(e);
		return err;
	}
	*out = e;
	return E_OK;
}

/* Forget the batch's pending new dossier and events (after flush, commit or rollback). */
static void forget_new(struct engine *e)
{
	free(e->cur_applicant);
	free(e->cur_form);
	e->cur_applicant = e->cur_form = NULL;
	e->cur_new = false;
	e->npend = 0;
	buf_reset(&e->pend_text);
}

/* Forget every cached procedure and unit. */
static void drop_caches(struct engine *e)
{
	for (size_t i = 0; i < e->nprocs; i++)
		free(e->procs[i]);
	free(e->procs);
	e->procs = NULL;
	e->nprocs = 0;
	for (size_t i = 0; i < e->nunits; i++)
		free(e->units[i]);
	free(e->units);
	e->units = NULL;
	e->nunits = 0;
}

/* See dossier.h. */
enum err engine_reload(struct engine *e, struct db *db)
{
	drop_caches(e);
	notify_templates_free(e->notify);	/* reloaded, with their overrides, on next use */
	e->notify = NULL;
	return calendar_load(e->cal, db);
}

/* See dossier.h. */
void engine_free(struct engine *e)
{
	if (!e)
		return;
	drop_caches(e);
	forget_new(e);
	free(e->pend);
	buf_free(&e->pend_text);
	calendar_free(e->cal);
	stat_acc_free(e->acc);
	notify_templates_free(e->notify);
	sodium_memzero(e->key, sizeof(e->key));
	free(e);
}

/* See dossier.h. */
const struct calendar *engine_calendar(const struct engine *e)
{
	return e->cal;
}

/* Grow an id-indexed pointer array so that index id exists. */
static void grow(void ***arr, size_t *n, int64_t id)
{
	size_t want = (size_t)id + 1;
	if (want <= *n)
		return;
	size_t cap = *n ? *n : 64;
	while (cap < want)
		cap *= 2;
	*arr = xrealloc(*arr, cap * sizeof(void *));
	memset(*arr + *n, 0, (cap - *n) * sizeof(void *));
	*n = cap;
}

/* See engine_internal.h. */
enum err engine_proc(struct engine *e, struct db *db, int64_t id, const char *code,
		     const struct proc_facts **out)
{
	if (!code && id > 0 && (size_t)id < e->nprocs && e->procs[id]) {
		*out = e->procs[id];
		return E_OK;
	}
	struct proc_facts p;
	enum err err = proc_facts_load(db, id, code, &p);
	if (err != E_OK)
		return err;
	if (p.id <= 0 || p.id > 100000000)
		return E_INVALID;
	grow((void ***)&e->procs, &e->nprocs, p.id);
	if (!e->procs[p.id]) {
		e->procs[p.id] = xmalloc(sizeof(p));
		*e->procs[p.id] = p;
	}
	*out = e->procs[p.id];
	return E_OK;
}

/* See engine_internal.h. Office hours come from the unit, else its nearest ancestor with
 * hours, else the default. */
enum err engine_unit(struct engine *e, struct db *db, int64_t id, const char *code,
		     const struct unit_cache **out)
{
	if (!code && id > 0 && (size_t)id < e->nunits && e->units[id]) {
		*out = e->units[id];
		return E_OK;
	}
	struct unit_facts u;
	enum err err = unit_facts_load(db, id, code, &u);
	if (err != E_OK)
		return err;
	if (u.id <= 0 || u.id > 100000000) {
		free(u.hours_json);
		return E_INVALID;
	}
	if ((size_t)u.id < e->nunits && e->units[u.id]) {
		free(u.hours_json);
		*out = e->units[u.id];
		return E_OK;
	}
	struct unit_cache *c = xcalloc(1, sizeof(*c));
	c->id = u.id;
	memcpy(c->code, u.code, sizeof(c->code));
	c->hours = OFFICE_HOURS_DEFAULT;
	char *hours = u.hours_json;
	int64_t parent = u.parent_id;
	for (int depth = 0; !hours && parent > 0 && depth < 32; depth++) {
		struct unit_facts p;
		if (unit_facts_load(db, parent, NULL, &p) != E_OK)
			break;
		hours = p.hours_json;
		parent = p.parent_id;
	}
	if (hours && office_hours_parse(hours, &c->hours, NULL, 0) != E_OK)
		c->hours = OFFICE_HOURS_DEFAULT;
	free(hours);
	c->day_seconds = (int64_t)office_minutes_per_day(&c->hours) * 60;
	if (c->day_seconds <= 0)
		c->day_seconds = 8 * 3600;
	grow((void ***)&e->units, &e->nunits, c->id);
	e->units[c->id] = c;
	*out = c;
	return E_OK;
}

/* See dossier.h. */
enum err engine_batch_begin(struct engine *e, struct db *db)
{
	enum err err = db_begin(db);
	if (err != E_OK)
		return err;
	e->batch = true;
	e->last_valid = false;
	e->last_dossier_valid = false;
	if (!e->acc)
		e->acc = stat_acc_new();
	return E_OK;
}

/* See dossier.h. */
void engine_batch_notify(struct engine *e)
{
	if (e->batch)
		e->batch_notify = true;
}

/* See engine_internal.h. */
enum err engine_batch_new_dossier(struct engine *e, struct db *db, struct dossier *d,
				  const char *applicant, const char *applicant_name,
				  int64_t owner_id, const char *form_data)
{
	if (!e->last_dossier_valid) {
		enum err err = dossier_store_max_id(db, &e->last_dossier_id);
		if (err != E_OK)
			return err;
		e->last_dossier_valid = true;
	}
	forget_new(e);
	d->id = ++e->last_dossier_id;
	e->cur_new = true;
	e->cur_applicant = applicant ? xstrdup(applicant) : NULL;
	e->cur_form = form_data ? xstrdup(form_data) : NULL;
	snprintf(e->cur_applicant_name, sizeof(e->cur_applicant_name), "%s",
		 applicant_name ? applicant_name : "");
	e->cur_owner = owner_id;
	return E_OK;
}

/* See engine_internal.h. */
void engine_batch_event(struct engine *e, const struct event_row *r)
{
	if (e->npend == e->cappend) {
		e->cappend = e->cappend ? e->cappend * 2 : 16;
		e->pend = xrealloc(e->pend, sizeof(*e->pend) * (size_t)e->cappend);
	}
	struct pending_event *p = &e->pend[e->npend++];
	p->r = *r;
	p->r.note = p->r.data = NULL;
	p->note_off = e->pend_text.len;
	buf_append(&e->pend_text, r->note, strlen(r->note) + 1);
	p->data_off = e->pend_text.len;
	buf_append(&e->pend_text, r->data, strlen(r->data) + 1);
}

/* See engine_internal.h. A dossier created in the batch is inserted once, in its latest
 * state (others get one UPDATE), then its events are appended to the log. */
enum err engine_flush_cur(struct engine *e, struct db *db)
{
	if (!e->cur_valid || !e->cur_dirty)
		return E_OK;
	e->cur_dirty = false;
	enum err err;
	if (e->npend)
		e->cur.updated_at = e->pend[e->npend - 1].r.at;	/* its last event's time */
	if (e->cur_new)
		err = dossier_store_insert(db, &e->cur, e->cur_applicant, e->cur_applicant_name,
					   e->cur_owner, e->cur_form);
	else
		err = dossier_store_update(db, &e->cur);
	for (int i = 0; err == E_OK && i < e->npend; i++) {
		struct pending_event *p = &e->pend[i];
		p->r.note = e->pend_text.data + p->note_off;
		p->r.data = e->pend_text.data + p->data_off;
		err = event_store_insert(db, &p->r);
	}
	forget_new(e);
	return err;
}

/* See dossier.h. */
enum err engine_batch_commit(struct engine *e, struct db *db)
{
	enum err err = engine_flush_cur(e, db);
	if (err == E_OK)
		err = stat_acc_flush(e->acc, db, false);
	e->cur_valid = false;
	if (err != E_OK) {
		engine_batch_rollback(e, db);
		return err;
	}
	e->batch = e->batch_notify = false;
	e->last_valid = false;
	e->last_dossier_valid = false;
	return db_commit(db);
}

/* See dossier.h. */
void engine_batch_rollback(struct engine *e, struct db *db)
{
	db_rollback(db);
	e->cur_valid = e->cur_dirty = false;
	forget_new(e);
	e->last_dossier_valid = false;
	if (e->acc)
		stat_acc_clear(e->acc);
	e->batch = e->batch_notify = false;
	e->last_valid = false;
}
