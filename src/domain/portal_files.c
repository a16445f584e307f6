/* portal_files.c - a dossier's files in the portal: who may read them, attaching by slot
 * (under the write lock, with the state checked there), detaching from a draft. */
#include "portal_internal.h"

#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/unit.h"

/* See portal.h. */
enum err portal_may_read(struct db *db, const struct actor *who, int64_t dossier_id)
{
	if (!who || dossier_id <= 0)
		return E_NOTFOUND;
	struct portal_row r;
	enum err e = portal_store_get(db, dossier_id, NULL, &r);
	if (e != E_OK)
		return e;
	bool ok = false;
	if (r.owner_id && r.owner_id == who->user_id) {
		ok = true;
	} else if (r.status == DS_DRAFT) {
		ok = false;
	} else if (who->role == ROLE_ADMIN) {
		ok = true;
	} else if ((who->role == ROLE_CLERK || who->role == ROLE_SPECIALIST ||
		    who->role == ROLE_LEADER) && who->unit_id > 0) {
		struct unit_rec u;
		if ((e = unit_get_by_id(db, who->unit_id, &u)) == E_OK) {
			ok = unit_path_within(r.unit_path, u.path);
			unit_rec_free(&u);
		}
	}
	portal_row_free(&r);
	if (e != E_OK && e != E_NOTFOUND)
		return e;
	return ok ? E_OK : E_NOTFOUND;
}

/* See portal.h. */
enum err portal_file(struct db *db, const struct actor *who, const char *code,
		     int64_t dossier_id, int64_t attachment_id, struct attachment_row *out)
{
	if (code) {
		struct portal_row r;
		enum err e = portal_store_get(db, 0, code, &r);
		if (e != E_OK)
			return e;
		dossier_id = r.id;
		portal_row_free(&r);
	}
	enum err e = portal_may_read(db, who, dossier_id);
	if (e != E_OK)
		return e;
	struct portal_file_row f;
	if ((e = portal_store_file(db, dossier_id, attachment_id, &f)) != E_OK)
		return e;
	*out = f.a;
	view_log_staff(db, who->user_id, who->role, dossier_id, "file");
	return E_OK;
}

/* What the guard of portal_attach checks under the write lock, and the caller's place. */
struct attach_ctx {
	struct db *db;
	int64_t owner_id, dossier_id, now;
	int slot;
	enum err (*place)(void *ctx);
	void *place_ctx;
};

/* Whether slot may take a file while the dossier is in its state. */
static enum err slot_allowed(const struct portal_row *r, int slot)
{
	if (slot == SLOT_SUPPLEMENT)
		return r->status == DS_SUPPLEMENT ? E_OK : E_REFUSED;
	if (r->status != DS_DRAFT)
		return E_REFUSED;
	if (slot == SLOT_AUTHORISATION)
		return E_OK;
	if (slot < 0)
		return E_REFUSED;
	json_t *comps = json_loads(r->components, 0, NULL);
	size_t n = json_array_size(comps);
	json_decref(comps);
	return (size_t)slot < n ? E_OK : E_REFUSED;
}

/* attachment_add_slot guard: owner, state and slot, file count; touches updated_at. */
static enum err attach_guard(void *ctx)
{
	struct attach_ctx *a = ctx;
	struct portal_row r;
	enum err e = portal_owned(a->db, a->owner_id, a->dossier_id, NULL, &r);
	if (e != E_OK)
		return e;
	e = slot_allowed(&r, a->slot);
	portal_row_free(&r);
	int64_t n = 0;
	if (e == E_OK)
		e = portal_store_file_count(a->db, a->dossier_id, true, 0, 0, &n);
	if (e == E_OK && n >= PORTAL_FILES_MAX)
		e = E_LIMIT;
	if (e == E_OK)
		e = portal_store_touch(a->db, a->dossier_id, a->now);
	return e;
}

/* attachment_add_slot place: the caller's. */
static enum err attach_place(void *ctx)
{
	struct attach_ctx *a = ctx;
	return a->place ? a->place(a->place_ctx) : E_OK;
}

/* See portal.h. */
enum err portal_attach(struct db *db, int64_t owner_id, int64_t dossier_id, int slot,
		       const char *title, const struct attachment_new *file,
		       enum err (*place)(void *ctx), void *ctx, int64_t *id)
{
	struct attachment_new a = *file;
	a.owner = ATTACH_OWNER_DOSSIER;
	a.owner_id = dossier_id;
	a.title = title;
	a.uploaded_by = owner_id;
	struct attach_ctx c = { db, owner_id, dossier_id, file->now, slot, place, ctx };
	return attachment_add_slot(db, &a, slot, attach_guard, attach_place, &c, id);
}

/* See portal.h. */
enum err portal_detach(struct db *db, int64_t owner_id, int64_t dossier_id,
		       int64_t attachment_id)
{
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	struct portal_row r;
	struct portal_file_row f;
	if ((e = portal_owned(db, owner_id, dossier_id, NULL, &r)) == E_OK) {
		if ((e = portal_store_file(db, dossier_id, attachment_id, &f)) == E_OK &&
		    r.status != DS_DRAFT)
			e = E_REFUSED;
		portal_row_free(&r);
	}
	if (e == E_OK)
		e = attachment_store_delete(db, attachment_id);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}
