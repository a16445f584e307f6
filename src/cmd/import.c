/* import.c - `motcua import units|calendar|catalog --db PATH FILE` (formats.md). Each file is
 * imported in one transaction or not at all; a refused file is reported with its line and
 * field. `import dossiers` replays histories through the dossier engine (import_dossiers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "motcua/buf.h"
#include "motcua/cli.h"
#include "motcua/cmd.h"
#include "motcua/db.h"
#include "motcua/import.h"
#include "motcua/import_dossiers.h"
#include "motcua/index766.h"
#include "motcua/par.h"
#include "motcua/keyguard.h"
#include "motcua/secret.h"
#include "motcua/fileio.h"
#include "motcua/paths.h"

/* Read the whole file at path into out (at most max + 1 bytes, so an oversized file is
 * refused whole by the importer). Returns 0, or 1 after printing why. */
static int read_file(const char *path, size_t max, struct buf *out)
{
	enum err e = file_read(path, max, out);
	if (e == E_IO) {
		perror(path);
		return 1;
	}
	return 0;
}

/* `import dossiers`: read the file, open the engine with the server key and replay. */
static int import_dossiers_file(const char *db_file, const char *path)
{
	struct buf text = BUF_INIT;
	if (read_file(path, IMPORT_DOSSIERS_MAX_BYTES, &text)) {
		buf_free(&text);
		return 1;
	}
	struct db *db;
	unsigned char key[SERVER_KEY_BYTES];
	struct engine *e = NULL;
	if (db_open(db_file, &db) != E_OK) {
		buf_free(&text);
		return 1;
	}
	enum err kerr = server_key_may_load(db, db_file, "motcua import") ? server_key_load(db_file, key)
									     : E_INVALID;
	if (kerr == E_OK)
		kerr = engine_open(db, key, &e);	/* the engine keeps its own copy */
	sodium_memzero(key, sizeof(key));
	if (kerr != E_OK) {
		db_close(db);
		buf_free(&text);
		return 1;
	}
	struct import_dossiers_result r;
	enum err err = import_dossiers(e, db, text.data ? text.data : "", text.len, &r);
	engine_free(e);
	db_close(db);
	buf_free(&text);
	if (err != E_OK) {
		fprintf(stderr, "%s: %s\nnothing was imported\n", path,
			r.message[0] ? r.message : err_name(err));
		return 1;
	}
	printf("%s: %lld dossiers, %lld events imported\n", path, (long long)r.dossiers,
	       (long long)r.events);
	return 0;
}

/* `import index766|par`: the Decision 766 configuration or the PAR criteria (index766.h,
 * par.h), recorded as changed by the command line. */
static int import_index_file(const char *db_file, const char *kind, const char *path)
{
	struct buf text = BUF_INIT;
	if (read_file(path, INDEX_CONFIG_MAX_BYTES, &text)) {
		buf_free(&text);
		return 1;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK) {
		buf_free(&text);
		return 1;
	}
	struct import_result r;
	const char *t = text.data ? text.data : "";
	enum err e = !strcmp(kind, "par") ? par_config_load(db, t, text.len, 0, &r)
					  : index766_config_load(db, t, text.len, 0, &r);
	db_close(db);
	buf_free(&text);
	if (e != E_OK) {
		fprintf(stderr, "%s: %s\nnothing was imported\n", path, r.message);
		return 1;
	}
	printf("%s: %lld %s rows loaded\n", path, (long long)r.inserted, kind);
	return 0;
}

/* See cmd.h. */
int cmd_import(int argc, char **argv, int first)
{
	const char *db_file = default_db_path();
	const struct cli_opt opts[] = {
		{ "db", "MOTCUA_DB", CLI_STR, &db_file, 0, 0, "database file (default var/motcua.db)" },
	};
	const struct cli_spec spec = {
		"motcua import",
		"import units (JSON), calendar (CSV), catalog (JSON), dossiers (JSON Lines), the "
		"Decision 766 configuration (index766, JSON) or the PAR criteria (par, JSON); "
		"a file with any error is refused whole",
		"units|calendar|catalog|dossiers|index766|par FILE", opts, (int)(sizeof(opts) / sizeof(opts[0]))
	};
	const char *pos[2];
	int npos;
	int rc = cli_parse(&spec, argc, argv, first, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 2) {
		fprintf(stderr, "motcua import: a kind and a FILE are needed (see --help)\n");
		return 2;
	}
	if (!strcmp(pos[0], "dossiers"))
		return import_dossiers_file(db_file, pos[1]);
	if (!strcmp(pos[0], "index766") || !strcmp(pos[0], "par"))
		return import_index_file(db_file, pos[0], pos[1]);
	int kind = import_kind_parse(pos[0]);
	if (kind < 0) {
		fprintf(stderr, "motcua import: unknown kind '%s' "
				"(units, calendar, catalog or dossiers)\n", pos[0]);
		return 2;
	}
	struct buf text = BUF_INIT;
	if (read_file(pos[1], IMPORT_MAX_BYTES, &text)) {
		buf_free(&text);
		return 1;
	}
	struct db *db;
	if (db_open(db_file, &db) != E_OK) {
		buf_free(&text);
		return 1;
	}
	struct import_result r;
	enum err e = import_run(db, (enum import_kind)kind, text.data ? text.data : "", text.len,
			       &r);
	db_close(db);
	buf_free(&text);
	if (e != E_OK) {
		fprintf(stderr, "%s: %s\nnothing was imported\n", pos[1], r.message);
		return 1;
	}
	printf("%s: %lld %s rows imported (%lld new, %lld updated)\n", pos[1], (long long)r.rows,
	       import_kind_name((enum import_kind)kind), (long long)r.inserted,
	       (long long)r.updated);
	return 0;
}
