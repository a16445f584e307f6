/* fileio.h - whole-file reads with an explicit size limit. */
#ifndef MOTCUA_FILEIO_H
#define MOTCUA_FILEIO_H

#include <stddef.h>

#include "motcua/buf.h"
#include "motcua/err.h"

/* Append the whole file at path to out. E_IO when it cannot be opened or read (errno says
 * why), E_LIMIT as soon as it holds more than max bytes (out then holds max + 1 bytes or a
 * little more: the caller discards it). */
enum err file_read(const char *path, size_t max, struct buf *out);

#endif
