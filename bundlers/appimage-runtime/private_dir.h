/* Private temporary directories (mode 0700, under $TMPDIR or /tmp) and their
 * removal. */
#ifndef WEFT_APPIMAGE_PRIVATE_DIR_H
#define WEFT_APPIMAGE_PRIVATE_DIR_H

#include <stddef.h>

/* Creates TMPDIR/<prefix>XXXXXX and writes its path to `path`; 0 or -1
 * (reported). */
int weft_make_private_dir(const char *prefix, char *path, size_t path_size);

/* Removes `path` and everything below it without following symbolic links
 * or crossing into other filesystems; 0 or -1 (reported). */
int weft_remove_tree(const char *path);

#endif
