/* unit_admin.h - the units tree from the administration page (issue 10 §2,
 * docs/admin-units.md): add, rename, move, office hours, address, and closing a unit with its
 * open dossiers moved to the unit that replaces it (one transaction, one move_unit event per
 * dossier). Every change is scoped to the admin's unit subtree (another unit: E_NOTFOUND) and
 * written with its administrative record (admin_audit.h) in the same transaction. */
#ifndef MOTCUA_UNIT_ADMIN_H
#define MOTCUA_UNIT_ADMIN_H

#include <stdint.h>

#include <jansson.h>

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/dossier.h"
#include "motcua/err.h"

#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 200
#define UNIT_ADDRESS_MAX 300
#define UNIT_HOURS_TEXT_MAX 64

/* Who acts: the admin's account and unit (the root of its scope). */
struct unit_actor {
	int64_t id;
	int64_t unit_id;
};

/* Why a form was refused: the field to show the message beside, and the message key
 * ("admin_units.err.*"). */
struct unit_problem {
	const char *field;
	const char *key;
};

/* A unit's fields as typed (NULL or "" when not given). */
struct unit_form {
	const char *code, *name, *level, *parent, *address, *hours;
};

/* Parse office hours typed as "07:00-11:30, 13:30-17:00" (periods separated by commas,
 * semicolons or spaces) and check them (office_hours_check). false when malformed. */
bool unit_hours_text_parse(const char *text, struct office_hours *h);
/* Write h as "07:00-11:30, 13:30-17:00" into out (size n). */
void unit_hours_text(const struct office_hours *h, char *out, unsigned long n);

/* The actor's subtree in tree order: a JSON array of {"id","code","name","level","address",
 * "hours" (text, "" = inherited),"parent","depth","closed_at" (0: open),"replaced_by"}.
 * E_NOTFOUND when the actor's unit does not exist, E_DB. */
enum err unit_admin_tree(struct db *db, const struct unit_actor *a, json_t **out);

/* Add a unit under f->parent. E_INVALID with *p set when a field is wrong (code taken
 * included), E_DB. */
enum err unit_admin_add(struct db *db, const struct unit_actor *a, const struct unit_form *f,
			int64_t now, struct unit_problem *p);

/* Rename and set the address and office hours (empty: inherited) of unit code. E_NOTFOUND
 * outside the scope, E_INVALID with *p, E_DB. */
enum err unit_admin_edit(struct db *db, const struct unit_actor *a, const char *code,
			 const struct unit_form *f, int64_t now, struct unit_problem *p);

/* Move unit code under parent (the paths of its whole subtree rewritten in the transaction).
 * E_NOTFOUND outside the scope; E_INVALID with *p (the actor's own unit, a parent inside the
 * unit's own subtree, a closed parent, ...), E_DB. */
enum err unit_admin_move(struct db *db, const struct unit_actor *a, const char *code,
			 const char *parent, int64_t now, struct unit_problem *p);

/* How many open dossiers closing unit code would move to unit replacement (checks as
 * unit_admin_close). */
enum err unit_admin_close_preview(struct db *db, const struct unit_actor *a, const char *code,
				  const char *replacement, int64_t *count, struct unit_problem *p);

/* Close unit code to new dossiers at clock_now(clk) and move its open dossiers to unit
 * replacement: one transaction with one move_unit event per dossier (their counter history
 * moves too), its drafts, and the administrative record "unit.close". E_REFUSED when the
 * number of open dossiers is not expect (*moved receives the new number; nothing changed),
 * E_NOTFOUND outside the scope, E_INVALID with *p, E_DB. On success *moved receives the
 * number moved and e is reloaded (server threads: web_engine_invalidate). */
enum err unit_admin_close(struct engine *e, struct db *db, const struct clock *clk,
			  const struct unit_actor *a, const char *code, const char *replacement,
			  int64_t expect, int64_t *moved, struct unit_problem *p);

#endif
