/* desk_store.h - SQL for the one-stop shop's view of a dossier (desk.h, docs/desk.md): the
 * names behind a dossier's ids, its events with their actors, and the departments and
 * specialists a dossier can be handed to. Strings handed to callbacks are valid during the
 * call only. */
#ifndef MOTCUA_DESK_STORE_H
#define MOTCUA_DESK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define DESK_CHOICES_MAX 300	/* departments or specialists offered on one form */

/* The names behind a dossier's ids ("" when none). */
struct desk_names {
	char owner[64];			/* the owner's username */
	char department_code[64], department_name[256];
	char assignee[128];		/* the assignee's name */
};
/* Names of dossier id into *out. E_NOTFOUND, E_DB. */
enum err desk_store_names(struct db *db, int64_t id, struct desk_names *out);

/* One event of a dossier with the names its ids and codes stand for. */
struct desk_event {
	int seq;
	int64_t at;
	const char *kind, *from, *to, *note, *data;	/* from: "" for the first */
	const char *actor, *role;			/* actor: the account's name or "" */
	const char *department_code, *department_name;	/* of data.department, or "" */
	const char *assignee;				/* name of data.assignee, or "" */
};
/* Call fn for each event of dossier id by seq; fn returns false to stop. E_DB. */
enum err desk_store_events(struct db *db, int64_t id,
			   bool (*fn)(void *ctx, const struct desk_event *ev), void *ctx);

/* One unit or account offered on a form. */
struct desk_choice {
	int64_t id;
	const char *code;	/* unit code; for an account its username */
	const char *name;
	const char *unit;	/* department: its parent's name; account: its unit's code */
	bool local;		/* in the subtree of the given root unit */
};
/* Every department (level 'department'), those under root_unit_id first, then by code,
 * at most DESK_CHOICES_MAX. E_DB. */
enum err desk_store_departments(struct db *db, int64_t root_unit_id,
				bool (*fn)(void *ctx, const struct desk_choice *c), void *ctx);
/* Every active specialist, those of units under root_unit_id first, then by unit code and
 * name, at most DESK_CHOICES_MAX. E_DB. */
enum err desk_store_specialists(struct db *db, int64_t root_unit_id,
				bool (*fn)(void *ctx, const struct desk_choice *c), void *ctx);
/* Whether account id is an active specialist, leader or clerk (someone a dossier can be
 * assigned to). E_OK with *ok, E_DB. */
enum err desk_store_assignable(struct db *db, int64_t id, bool *ok);

#endif
