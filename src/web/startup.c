/* startup.c - what the server repairs before it serves: what a crash left behind. */
#include <stdatomic.h>

#include "motcua/account.h"
#include "motcua/log.h"
#include "motcua/web.h"

/* See web.h. */
enum err web_startup(struct app *app)
{
	struct db *db;
	if (db_open(app->db_path, &db) != E_OK)
		return E_DB;
	unsigned settled = documents_settle_hidden(app, db);
	if (settled)
		log_info("files: %u file(s) left by an interrupted removal settled", settled);
	enum err e = E_OK;
	if (app->accounts) {
		e = session_sweep(db, &app->accounts->policy, &app->clock, NULL);
		atomic_store(&app->accounts->next_sweep,
			     clock_now(&app->clock) + app->accounts->policy.sweep_every_s);
	}
	db_close(db);
	return e;
}
