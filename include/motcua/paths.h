/* paths.h - where the read-only files (templates/, static/, migrations/, data/) live. */
#ifndef MOTCUA_PATHS_H
#define MOTCUA_PATHS_H

/* The share folder: $MOTCUA_SHARE if set; else the source tree the binary was built in
 * (the folder above build/ that holds templates/), else the installed PREFIX/share/motcua.
 * The string is static. */
const char *share_dir(void);

/* share_dir() + "/" + sub, in a static per-call-site-safe buffer owned by the caller's
 * array out (size n). Returns out. */
char *share_path(char *out, unsigned long n, const char *sub);

/* Default database path: $MOTCUA_DB or "var/motcua.db". */
const char *default_db_path(void);

/* The file store of the database at db_path: the folder "files" beside it ("var/motcua.db" ->
 * "var/files"), written into out (size n). Uploads live there named by their BLAKE2b hash, with
 * "tmp/" for parts still arriving; backup and restore copy it. Returns out, or NULL when the
 * result does not fit. */
char *files_dir_for_db(const char *db_path, char *out, unsigned long n);

#endif
