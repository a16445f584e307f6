/* filecopy.h - copying files so that a reader never sees half a file: write to a temporary
 * name in the destination folder, fsync, rename. Used by backup and restore. */
#ifndef MOTCUA_FILECOPY_H
#define MOTCUA_FILECOPY_H

#include <stdint.h>
#include <sys/types.h>

#include "motcua/err.h"

/* Copy the regular file src to dst (created with mode, replacing dst atomically when it
 * exists) through ".<name>.tmp-<pid>" beside dst, fsynced before the rename. E_IO after
 * logging (the temporary is removed). */
enum err file_copy_atomic(const char *src, const char *dst, mode_t mode);

/* Write n bytes of data to dst the same way. E_IO after logging. */
enum err file_write_atomic(const char *dst, const void *data, size_t n, mode_t mode);

/* mkdir -p path with mode for the folders it creates. E_IO after logging. */
enum err dir_make(const char *path, mode_t mode);

/* fsync the folder path (makes renames in it durable). E_IO after logging. */
enum err dir_sync(const char *path);

/* Called by tree_copy_new for each file of the tree: rel is its path below the root. */
typedef void (*tree_file_fn)(void *ctx, const char *rel, uint64_t size, int copied);

struct tree_copy_count {
	unsigned copied;	/* files written to the destination */
	unsigned kept;		/* files already there with the same size */
	uint64_t bytes;		/* bytes copied */
};

/* Copy every regular file under from into to (same relative paths, folders created with
 * mode 0700, files with file_mode), except names starting with '.' and a top-level entry
 * named skip (NULL = none). A file already at the destination with the same size is kept
 * as it is: the file store names files by their hash, so same name means same content.
 * A missing from is an empty tree. each (may be NULL) is called for every file. Adds to *c.
 * E_IO after logging. */
enum err tree_copy_new(const char *from, const char *to, const char *skip, mode_t file_mode,
		       tree_file_fn each, void *ctx, struct tree_copy_count *c);

#endif
