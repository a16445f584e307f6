/* audit.c - `motcua audit verify --db PATH`: recompute the hash chains of the event log, the
 * administrative record and the personal-data view record (docs/accountability.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "motcua/admin_audit.h"
#include "motcua/audit.h"
#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/paths.h"

/* See cmd.h. Exit 0 when every chain is intact, 1 when a row is broken or on failure. */
int cmd_audit(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
	};
	const struct cli_spec spec = { "motcua audit", "verify the hash chains of the event log and the administrative records",
				       "verify", opts, (int)(sizeof(opts) / sizeof(opts[0])) };
	const char *pos[1];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || strcmp(pos[0], "verify")) {
		fprintf(stderr, "motcua audit: the only action is 'verify' (see --help)\n");
		return 2;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK)
		return 1;
	int64_t rows;
	struct audit_break b;
	enum err e = audit_verify(db, &rows, &b);
	int64_t admin_rows = 0;
	struct admin_audit_break ab;
	memset(&ab, 0, sizeof(ab));
	if (e == E_OK && !b.id)
		e = admin_audit_verify(db, &admin_rows, &ab);
	db_close(db);
	if (e != E_OK)
		return 1;
	if (b.id) {
		printf("broken: event id %" PRId64 ", dossier %s, seq %d (%s does not match)\n", b.id,
		       b.code, b.seq, b.what);
		return 1;
	}
	if (ab.id) {
		printf("broken: %s id %" PRId64 " (%s does not match)\n", ab.table, ab.id, ab.what);
		return 1;
	}
	printf("ok: %" PRId64 " events, hash chain intact\n", rows);
	printf("ok: %" PRId64 " administrative and view records, hash chains intact\n", admin_rows);
	return 0;
}
