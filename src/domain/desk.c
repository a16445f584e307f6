/* desk.c - the staff scope and acting on a dossier as staff (desk.h; docs/desk.md). */
#include "motcua/desk.h"

#include <stdio.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/dossier_store.h"
#include "motcua/portal_store.h"
#include "motcua/unit.h"
#include "motcua/unit_store.h"

/* See desk.h. */
bool desk_is_staff(const struct actor *who)
{
	return who && who->unit_id > 0 &&
	       (who->role == ROLE_CLERK || who->role == ROLE_SPECIALIST ||
		who->role == ROLE_LEADER || who->role == ROLE_ADMIN);
}

/* See desk.h. */
bool desk_may_ever(const struct actor *who, enum event_kind kind)
{
	bool ever = false;
	for (int st = 0; st < DS__MAX; st++)
		ever = ever || dossier_event_allowed(kind, (enum dossier_status)st, who->role);
	return ever && who->role != ROLE_ADMIN;
}

/* See desk.h. */
bool desk_may_assign_many(const struct actor *who)
{
	return (who->role == ROLE_CLERK || who->role == ROLE_LEADER) &&
	       desk_may_ever(who, EV_ASSIGN);
}

/* See desk.h. */
enum err desk_scope(struct db *db, const struct actor *who, const char *code, int64_t dossier_id,
		    int64_t *id)
{
	if (id)
		*id = 0;
	if (!desk_is_staff(who) || (code ? !*code : dossier_id <= 0))
		return E_NOTFOUND;
	struct portal_row r;
	enum err e = portal_store_get(db, code ? 0 : dossier_id, code, &r);
	if (e != E_OK)
		return e;
	bool ok = false;
	if (r.status != DS_DRAFT && r.unit_chosen) {
		struct unit_rec u;
		if ((e = unit_get_by_id(db, who->unit_id, &u)) == E_OK) {
			ok = unit_path_within(r.unit_path, u.path);
			unit_rec_free(&u);
		}
		/* Handed to a department in who's subtree, or to who (docs/desk.md). */
		struct dossier d;
		if (e == E_OK && !ok && (e = dossier_store_load(db, r.id, NULL, &d)) == E_OK) {
			ok = d.assignee_id && d.assignee_id == who->user_id;
			if (!ok && d.department_id)
				e = dossier_store_unit_within(db, d.department_id, who->unit_id,
							      &ok);
		}
	}
	if (ok && id)
		*id = r.id;
	portal_row_free(&r);
	if (e != E_OK && e != E_NOTFOUND)
		return e;
	return ok ? E_OK : E_NOTFOUND;
}

/* See desk.h. */
enum err desk_act(struct engine *e, struct db *db, const struct clock *clk,
		  const struct actor *who, struct event_input *in, int expect_version,
		  struct event_result *out, char *why, size_t n)
{
	struct event_result dummy;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	out->outcome = OUT_NONE;
	if (why && n)
		why[0] = '\0';
	if (!desk_is_staff(who)) {
		out->msg_key = "dossier.notfound.dossier";
		if (why && n)
			snprintf(why, n, "no such dossier");
		return E_NOTFOUND;
	}
	/* A role that may never perform the event: 403 whatever the dossier (nothing about it is
	 * revealed). */
	if (!desk_may_ever(who, in->kind)) {
		out->msg_key = "dossier.forbidden.role";
		if (why && n)
			snprintf(why, n, "a %s may not %s a dossier", role_name(who->role),
				 event_kind_name(in->kind));
		return E_FORBIDDEN;
	}
	bool is_new = !in->dossier_id && !(in->code && *in->code);
	if (!is_new) {
		int64_t id;
		enum err err = desk_scope(db, who, in->code, in->dossier_id, &id);
		if (err != E_OK) {
			if (err == E_NOTFOUND) {
				out->msg_key = "dossier.notfound.dossier";
				if (why && n)
					snprintf(why, n, "no such dossier");
			}
			return err;
		}
		in->dossier_id = id;
		in->code = NULL;
	}
	in->actor_id = who->user_id;
	in->role = who->role;
	in->actor_unit_id = who->unit_id;
	in->expect_version = expect_version > 0 ? expect_version : 0;
	return dossier_apply(e, db, clk, in, out, why, n);
}

/* See desk.h. */
enum err desk_file(struct db *db, const struct actor *who, const char *code,
		   int64_t attachment_id, struct attachment_row *out)
{
	int64_t id;
	enum err e = desk_scope(db, who, code, 0, &id);
	if (e != E_OK)
		return e;
	struct portal_file_row f;
	if ((e = portal_store_file(db, id, attachment_id, &f)) != E_OK)
		return e;
	*out = f.a;
	view_log_staff(db, who->user_id, who->role, id, "file");
	return E_OK;
}

/* What the guard of desk_attach_result checks under the write lock. */
struct result_guard {
	struct db *db;
	int64_t id;
	int version;
	enum err (*place)(void *ctx);	/* the caller's, with its ctx */
	void *place_ctx;
};

/* attachment_add_slot place: the caller's. */
static enum err result_place(void *ctx)
{
	struct result_guard *g = ctx;
	return g->place(g->place_ctx);
}

/* attachment_add_slot guard: processing, at the version the form was shown with. */
static enum err result_guard(void *ctx)
{
	struct result_guard *g = ctx;
	struct dossier d;
	enum err e = dossier_store_load(g->db, g->id, NULL, &d);
	if (e != E_OK)
		return e;
	if (g->version > 0 && d.version != g->version)
		return E_CONFLICT;
	return d.status == DS_PROCESSING ? E_OK : E_REFUSED;
}

/* See desk.h. */
enum err desk_attach_result(struct db *db, const struct actor *who, int64_t dossier_id,
			    int expect_version, const struct attachment_new *file,
			    enum err (*place)(void *ctx), void *ctx, int64_t *id)
{
	enum err e = desk_scope(db, who, NULL, dossier_id, NULL);
	if (e != E_OK)
		return e;
	if (!dossier_event_allowed(EV_RESOLVE, DS_PROCESSING, who->role))
		return E_FORBIDDEN;
	struct attachment_new a = *file;
	a.owner = ATTACH_OWNER_DOSSIER;
	a.owner_id = dossier_id;
	a.uploaded_by = who->user_id;
	struct result_guard g = { db, dossier_id, expect_version, place, ctx };
	return attachment_add_slot(db, &a, SLOT_RESULT, result_guard, result_place, &g, id);
}
