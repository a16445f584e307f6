/* config_file.h - the frame shared by the configuration files an administrator loads from a
 * page or the command line (the Decision 766 indicators, the PAR criteria): a size and an
 * element cap, each element checked with its line, a whole-file check, then ONE transaction
 * that replaces the configuration and records the change (before and after) in the
 * administrative record. Not a public interface (src/domain only). */
#ifndef MOTCUA_CONFIG_FILE_H
#define MOTCUA_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "import_internal.h"

/* One kind of configuration file. `loaded` is the caller's state, filled by `one` element by
 * element; the caller frees it after config_file_load returns. */
struct config_file {
	void *loaded;
	/* Check element o (its place in c) and keep it in loaded; false after import_fail. */
	bool (*one)(struct jctx *c, json_t *o, void *loaded);
	/* Checks over the whole file; false after import_fail. */
	bool (*whole)(struct import_result *r, const void *loaded);
	/* The stored configuration as a JSON array in the file's format (new reference), NULL
	 * on a database error. */
	json_t *(*current)(struct db *db);
	/* Replace the stored configuration by loaded (inside the transaction). */
	enum err (*replace)(struct db *db, const void *loaded);
	/* How many rows loaded holds (reported as inserted). */
	int (*count)(const void *loaded);
	const char *action, *target;	/* of the administrative record */
};

/* Load text (len bytes, at most INDEX_CONFIG_MAX_BYTES, at most INDEX_CONFIG_MAX_ROWS
 * elements) as f describes, for actor_id (0 = the command line). On any error r names the
 * line, element and field and nothing changes: E_LIMIT, E_INVALID, E_DB. */
enum err config_file_load(struct db *db, const char *text, size_t len, int64_t actor_id,
			  const struct config_file *f, struct import_result *r);

/* The stored configuration as a file (a JSON array, one element a line); malloc'ed, NULL on
 * a database error. */
char *config_file_text(struct db *db, json_t *(*current)(struct db *db));

#endif
