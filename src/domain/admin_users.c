/* admin_users.c - administration of accounts: scope, checks, changes with their record
 * (docs/admin-users.md). */
#include "motcua/admin_users.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/admin_audit.h"
#include "motcua/admin_user_store.h"
#include "motcua/auth.h"
#include "motcua/buf.h"
#include "motcua/log.h"
#include "motcua/outbox_store.h"
#include "motcua/text.h"
#include "motcua/twofactor_store.h"
#include "motcua/unit.h"

/* See admin_users.h. */
enum err admin_unit_path(struct db *db, const char *code, char *out, size_t n)
{
	struct unit_rec u = { 0 };
	enum err e = unit_get_by_code(db, code ? code : "", &u);
	if (e == E_OK)
		snprintf(out, n, "%s", u.path);
	unit_rec_free(&u);
	return e;
}

/* The JSON of one account row. */
static json_t *row_json(const struct admin_user_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:b, s:b, s:b}", "id",
			 (json_int_t)r->id, "username", r->username, "name", r->name, "email",
			 r->email, "phone", r->phone, "role", r->role, "unit_code", r->unit_code,
			 "unit_name", r->unit_name, "unit_id", (json_int_t)r->unit_id, "active",
			 r->active, "totp", r->totp, "password_set", r->password_set, "staff",
			 strcmp(r->role, "citizen") != 0);
}

/* A list being built. */
struct list_ctx {
	const char *folded;	/* folded search text or NULL */
	int64_t skip, take, total;
	json_t *rows;
	struct buf scratch;
};

/* Whether row r matches the folded text of the search. */
static bool matches(struct list_ctx *l, const struct admin_user_row *r)
{
	if (!l->folded)
		return true;
	const char *fields[] = { r->name, r->username, r->email, r->phone };
	for (size_t i = 0; i < 4; i++) {
		buf_reset(&l->scratch);
		text_fold(fields[i], strlen(fields[i]), &l->scratch);
		if (buf_str(&l->scratch) && strstr(buf_str(&l->scratch), l->folded))
			return true;
	}
	return false;
}

/* admin_user_store_each callback: count matches, keep the page's. */
static bool list_row(const struct admin_user_row *r, void *ctx)
{
	struct list_ctx *l = ctx;
	if (!matches(l, r))
		return true;
	if (l->total >= l->skip && l->total < l->skip + l->take)
		json_array_append_new(l->rows, row_json(r));
	l->total++;
	return true;
}

/* See admin_users.h. */
enum err admin_users_list(struct db *db, const struct admin_actor *a,
			  const struct admin_user_query *q, json_t **rows, int64_t *total)
{
	struct buf folded = BUF_INIT;
	if (q->text && *q->text)
		text_fold(q->text, strlen(q->text), &folded);
	int64_t page = q->page > 0 ? q->page : 1;
	struct list_ctx l = { buf_str(&folded) && *buf_str(&folded) ? buf_str(&folded) : NULL,
			      (page - 1) * ADMIN_USERS_PAGE, ADMIN_USERS_PAGE, 0, json_array(),
			      BUF_INIT };
	enum err e = admin_user_store_each(db, a->unit_path, q->role && *q->role ? q->role : NULL,
					   q->unit_id, list_row, &l);
	buf_free(&folded);
	buf_free(&l.scratch);
	if (e != E_OK) {
		json_decref(l.rows);
		return e;
	}
	*rows = l.rows;
	*total = l.total;
	return E_OK;
}

/* admin_user_store_get callback: the row as JSON plus its unit path. */
struct get_ctx {
	json_t *user;
	char path[256];
};
static void get_row(const struct admin_user_row *r, void *ctx)
{
	struct get_ctx *g = ctx;
	g->user = row_json(r);
	snprintf(g->path, sizeof(g->path), "%s", r->unit_path);
}

/* The account id when it is in the actor's scope (a citizen, or staff of the subtree). */
static enum err scoped(struct db *db, const struct admin_actor *a, int64_t id,
		       struct get_ctx *g)
{
	memset(g, 0, sizeof(*g));
	enum err e = admin_user_store_get(db, id, get_row, g);
	if (e != E_OK)
		return e;
	bool staff = json_is_true(json_object_get(g->user, "staff"));
	if (staff && !unit_path_within(g->path, a->unit_path)) {
		json_decref(g->user);
		g->user = NULL;
		return E_NOTFOUND;
	}
	return E_OK;
}

/* See admin_users.h. */
enum err admin_user_get(struct db *db, const struct admin_actor *a, int64_t id, json_t **user)
{
	struct get_ctx g;
	enum err e = scoped(db, a, id, &g);
	if (e == E_OK)
		*user = g.user;
	return e;
}

/* admin_user_store_units callback. */
static void unit_row(const struct admin_unit_row *u, void *ctx)
{
	int depth = 0;
	for (const char *p = u->path; *p; p++)
		depth += *p == '/';
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)u->id,
					     "code", u->code, "name", u->name, "depth",
					     depth > 1 ? depth - 2 : 0));
}

/* See admin_users.h. */
enum err admin_units(struct db *db, const struct admin_actor *a, json_t **units)
{
	*units = json_array();
	enum err e = admin_user_store_units(db, a->unit_path, unit_row, *units);
	if (e != E_OK) {
		json_decref(*units);
		*units = NULL;
	}
	return e;
}

/* True when role names a staff role. */
static bool staff_role(const char *role)
{
	int r = role_parse(role);
	return r > ROLE_CITIZEN && r < ROLE_SYSTEM;
}

/* True when u is 1..64 of [a-z0-9._-]. */
static bool username_ok(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	if (n == 0 || n > USERNAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') ||
		      strchr("._-", u[i])))
			return false;
	return true;
}

/* Whether unit_id is a unit of the actor's subtree. E_DB. */
static enum err unit_in_scope(struct db *db, const struct admin_actor *a, int64_t unit_id,
			      bool *in)
{
	*in = false;
	if (unit_id <= 0)
		return E_OK;
	struct unit_rec u = { 0 };
	enum err e = unit_get_by_id(db, unit_id, &u);
	if (e == E_OK)
		*in = unit_path_within(u.path, a->unit_path);
	unit_rec_free(&u);
	return e == E_NOTFOUND ? E_OK : e;
}

/* Replace {name}, {username} and {link} in tpl into out. */
static void fill(struct buf *out, const char *tpl, const char *name, const char *username,
		 const char *link)
{
	static const char *const keys[] = { "{name}", "{username}", "{link}" };
	const char *vals[] = { name, username, link };
	for (const char *p = tpl ? tpl : ""; *p;) {
		size_t k = 0;
		for (; k < 3; k++)
			if (!strncmp(p, keys[k], strlen(keys[k])))
				break;
		if (k < 3) {
			buf_puts(out, vals[k]);
			p += strlen(keys[k]);
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* Store a password link of account id and queue its email (inside the caller's
 * transaction); the token into link. */
static enum err send_link(struct db *db, int64_t id, enum password_link_purpose purpose,
			  int64_t actor, const char *name, const char *username,
			  const char *email, const struct link_mail *m, int64_t now,
			  char link[PASSWORD_LINK_HEX + 1])
{
	unsigned char raw[32], hash[TOKEN_HASH_BYTES];
	char token[PASSWORD_LINK_HEX + 1];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, sizeof(token), raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	enum err e = password_link_store_add(db, id, purpose, hash, actor, now,
					     now + PASSWORD_LINK_VALID_S);
	if (e != E_OK)
		return e;
	struct buf url = BUF_INIT, subject = BUF_INIT, body = BUF_INIT;
	buf_printf(&url, "%s/dat-lai-mat-khau/%s", m->base_url ? m->base_url : "", token);
	fill(&subject, m->subject, name, username, buf_str(&url));
	fill(&body, m->body, name, username, buf_str(&url));
	struct outbox_new msg = { .channel = OUTBOX_EMAIL, .recipient = email,
				  .lang = m->lang ? m->lang : "vi", .subject = buf_str(&subject),
				  .body = buf_str(&body), .now = now };
	e = outbox_store_insert_account(db, OUTBOX_PASSWORD_LINK, id, &msg);
	buf_free(&url);
	buf_free(&subject);
	buf_free(&body);
	if (link)
		memcpy(link, token, sizeof(token));
	sodium_memzero(token, sizeof(token));
	return e;
}

/* Record a change; target "user:<username>". */
static enum err record(struct db *db, const struct admin_actor *a, const char *action,
		       const char *username, const json_t *before, const json_t *after,
		       int64_t now)
{
	char target[96];
	snprintf(target, sizeof(target), "user:%s", username);
	struct admin_change c = { a->id, action, target, before, after, now };
	return admin_audit_record(db, &c);
}

/* Commit when e is E_OK, else roll back; returns e (or E_DB when the commit fails). */
static enum err finish(struct db *db, enum err e)
{
	if (e == E_OK)
		return db_commit(db) == E_OK ? E_OK : E_DB;
	db_rollback(db);
	return e;
}

/* See admin_users.h. */
enum err admin_user_create(struct db *db, const struct admin_actor *a, const struct new_staff *s,
			   const struct link_mail *m, int64_t now, int64_t *id,
			   char link[PASSWORD_LINK_HEX + 1], struct admin_errors *e)
{
	if (!username_ok(s->username))
		e->key[AF_USERNAME] = e->key[AF_USERNAME] ? e->key[AF_USERNAME]
							  : "admin_users.err.username";
	size_t nl = s->name ? strlen(s->name) : 0;
	if (nl == 0 || utf8_length(s->name, nl) > ADMIN_NAME_MAX)
		e->key[AF_NAME] = e->key[AF_NAME] ? e->key[AF_NAME] : "admin_users.err.name";
	if (!s->email || !*s->email)
		e->key[AF_EMAIL] = e->key[AF_EMAIL] ? e->key[AF_EMAIL] : "admin_users.err.email";
	if (!staff_role(s->role))
		e->key[AF_ROLE] = "admin_users.err.role";
	bool in = false;
	if (unit_in_scope(db, a, s->unit_id, &in) != E_OK)
		return E_DB;
	if (!in)
		e->key[AF_UNIT] = "admin_users.err.unit";
	for (int i = 0; i < AF__MAX; i++)
		if (e->key[i])
			return E_INVALID;
	struct buf email = BUF_INIT;
	for (const char *p = s->email; *p; p++)
		buf_putc(&email, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	if (db_begin(db) != E_OK) {
		buf_free(&email);
		return E_DB;
	}
	enum err r = admin_user_store_insert(db, s->username, s->name, buf_str(&email),
					     s->phone ? s->phone : "", s->role, s->unit_id, now, id);
	if (r == E_CONFLICT)
		e->key[AF_USERNAME] = "admin_users.err.taken";
	if (r == E_OK)
		r = send_link(db, *id, PL_SET, a->id, s->name, s->username, buf_str(&email), m, now,
			      link);
	json_t *after = NULL;
	if (r == E_OK) {
		struct get_ctx g;
		r = scoped(db, a, *id, &g);
		after = g.user;
	}
	if (r == E_OK)
		r = record(db, a, "user.create", s->username, NULL, after, now);
	json_decref(after);
	buf_free(&email);
	return finish(db, r);
}

/* See admin_users.h. */
enum err admin_user_change(struct db *db, const struct admin_actor *a, int64_t id,
			   const char *role, int64_t unit_id, int64_t now, struct admin_errors *e)
{
	struct get_ctx g;
	enum err r = scoped(db, a, id, &g);
	if (r != E_OK)
		return r;
	json_t *before = g.user;
	if (!json_is_true(json_object_get(before, "staff")) || id == a->id) {
		json_decref(before);
		return E_FORBIDDEN;
	}
	if (!staff_role(role))
		e->key[AF_ROLE] = "admin_users.err.role";
	bool in = false;
	if (unit_in_scope(db, a, unit_id, &in) != E_OK) {
		json_decref(before);
		return E_DB;
	}
	if (!in)
		e->key[AF_UNIT] = "admin_users.err.unit";
	if (e->key[AF_ROLE] || e->key[AF_UNIT]) {
		json_decref(before);
		return E_INVALID;
	}
	const char *username = json_string_value(json_object_get(before, "username"));
	char name[65];
	snprintf(name, sizeof(name), "%s", username);
	if (db_begin(db) != E_OK) {
		json_decref(before);
		return E_DB;
	}
	r = admin_user_store_set_role_unit(db, id, role, unit_id);
	json_t *after = NULL;
	if (r == E_OK) {
		struct get_ctx g2;
		r = scoped(db, a, id, &g2);
		after = g2.user;
	}
	if (r == E_OK)
		r = record(db, a, "user.update", name, before, after, now);
	json_decref(before);
	json_decref(after);
	return finish(db, r);
}

/* See admin_users.h. */
enum err admin_user_set_active(struct db *db, const struct admin_actor *a, int64_t id,
			       bool active, int64_t now)
{
	struct get_ctx g;
	enum err r = scoped(db, a, id, &g);
	if (r != E_OK)
		return r;
	if (id == a->id) {
		json_decref(g.user);
		return E_FORBIDDEN;
	}
	char name[65];
	snprintf(name, sizeof(name), "%s", json_string_value(json_object_get(g.user, "username")));
	json_t *before = json_pack("{s:b}", "active", json_is_true(json_object_get(g.user, "active")));
	json_t *after = json_pack("{s:b}", "active", active);
	json_decref(g.user);
	if (db_begin(db) != E_OK) {
		json_decref(before);
		json_decref(after);
		return E_DB;
	}
	r = admin_user_store_set_active(db, id, active);
	if (r == E_OK && !active)
		r = session_store_revoke_user(db, id, now);
	if (r == E_OK)
		r = record(db, a, active ? "user.enable" : "user.disable", name, before, after, now);
	json_decref(before);
	json_decref(after);
	return finish(db, r);
}

/* See admin_users.h. */
enum err admin_user_reset_password(struct db *db, const struct admin_actor *a, int64_t id,
				   const struct link_mail *m, int64_t now,
				   char link[PASSWORD_LINK_HEX + 1])
{
	struct get_ctx g;
	enum err r = scoped(db, a, id, &g);
	if (r != E_OK)
		return r;
	char name[201], username[65], email[255];
	snprintf(name, sizeof(name), "%s", json_string_value(json_object_get(g.user, "name")));
	snprintf(username, sizeof(username), "%s",
		 json_string_value(json_object_get(g.user, "username")));
	snprintf(email, sizeof(email), "%s", json_string_value(json_object_get(g.user, "email")));
	json_decref(g.user);
	if (!*email)
		return E_INVALID;
	if (db_begin(db) != E_OK)
		return E_DB;
	r = send_link(db, id, PL_RESET, a->id, name, username, email, m, now, link);
	json_t *after = json_pack("{s:s}", "link_sent_to", email);
	if (r == E_OK)
		r = record(db, a, "user.password_reset", username, NULL, after, now);
	json_decref(after);
	return finish(db, r);
}

/* The hash of a 64-hex-digit link token; false when malformed. */
static bool link_hash(const char *token, unsigned char hash[TOKEN_HASH_BYTES])
{
	unsigned char raw[32];
	size_t got = 0;
	if (!token || strlen(token) != PASSWORD_LINK_HEX ||
	    sodium_hex2bin(raw, sizeof(raw), token, PASSWORD_LINK_HEX, NULL, &got, NULL) != 0 ||
	    got != sizeof(raw))
		return false;
	crypto_generichash(hash, TOKEN_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	return true;
}

/* The state of the link of hash at now; *user_id its account. */
static enum err link_state_of(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
			      int64_t now, enum link_state *state, int64_t *user_id)
{
	int64_t expires = 0, used = 0;
	enum err e = password_link_store_get(db, hash, user_id, &expires, &used);
	if (e == E_NOTFOUND) {
		*state = LINK_UNKNOWN;
		return E_OK;
	}
	if (e != E_OK)
		return e;
	*state = used ? LINK_USED : now >= expires ? LINK_EXPIRED : LINK_OK;
	return E_OK;
}

/* See admin_users.h. */
enum err password_link_state(struct db *db, const char *token, int64_t now,
			     enum link_state *state, char username[65])
{
	unsigned char hash[TOKEN_HASH_BYTES];
	*state = LINK_UNKNOWN;
	username[0] = '\0';
	if (!link_hash(token, hash))
		return E_OK;
	int64_t user_id = 0;
	enum err e = link_state_of(db, hash, now, state, &user_id);
	if (e != E_OK || *state == LINK_UNKNOWN)
		return e;
	struct account_row a;
	e = account_store_by_id(db, user_id, &a);
	if (e == E_OK)
		memcpy(username, a.username, sizeof(a.username));
	return e == E_NOTFOUND ? E_OK : e;
}

/* See admin_users.h. */
enum link_result password_link_set(struct accounts *acc, struct db *db, const struct clock *c,
				   const struct pwlist *common, const char *token,
				   const char *password, const char *confirm, const char *client,
				   const char *user_agent, enum link_state *state)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	*state = LINK_UNKNOWN;
	if (!link_hash(token, hash))
		return LINKSET_GONE;
	int64_t user_id = 0;
	if (link_state_of(db, hash, clock_now(c), state, &user_id) != E_OK)
		return LINKSET_ERROR;
	if (*state != LINK_OK)
		return LINKSET_GONE;
	password = password ? password : "";
	size_t n = strlen(password);
	if (n > PASSWORD_MAX || !utf8_valid(password, n) || utf8_length(password, n) < PASSWORD_MIN ||
	    (common && pwlist_contains(common, password)))
		return LINKSET_WEAK;
	if (strcmp(password, confirm ? confirm : ""))
		return LINKSET_MISMATCH;
	if (!pwgate_enter(acc->gate))
		return LINKSET_BUSY;
	char pwhash[128];
	enum err e = auth_password_hash(password, pwhash);
	pwgate_leave(acc->gate);
	if (e == E_INVALID)
		return LINKSET_WEAK;
	if (e != E_OK)
		return LINKSET_BUSY;
	struct account_row a;
	if (account_store_by_id(db, user_id, &a) != E_OK || db_begin(db) != E_OK) {
		sodium_memzero(pwhash, sizeof(pwhash));
		return LINKSET_ERROR;
	}
	int64_t now = clock_now(c);
	bool used = false;
	e = password_link_store_use(db, hash, now, &used);
	if (e == E_OK && !used) {
		*state = LINK_USED;	/* the same link used meanwhile */
		db_rollback(db);
		sodium_memzero(pwhash, sizeof(pwhash));
		return LINKSET_GONE;
	}
	if (e == E_OK)
		e = account_store_set_password(db, user_id, pwhash);
	sodium_memzero(pwhash, sizeof(pwhash));
	if (e == E_OK)
		e = session_store_revoke_user(db, user_id, now);
	if (e == E_OK)
		e = signin_audit_add(db, now, SE_PASSWORD_CHANGE, a.username, a.id,
				     client ? client : "", user_agent ? user_agent : "");
	return finish(db, e) == E_OK ? LINKSET_OK : LINKSET_ERROR;
}
