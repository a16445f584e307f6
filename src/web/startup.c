/* startup.c - what the server repairs before it serves: what a crash left behind. */
#include <stdatomic.h>

#include "motcua/account.h"
#include "motcua/log.h"
#include "motcua/search.h"
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
	/* Staff search keys of dossiers that have none yet (new since the last start, or every
	 * row after migration 0011): bounded so a huge backlog does not delay the start; the
	 * rest is folded by each search or `motcua search-keys`. */
	int folded = 0;
	if (search_fold_pending(db, 200000, &folded) == E_OK && folded)
		log_info("search: %d applicant name(s) folded", folded);
	db_close(db);
	return e;
}
