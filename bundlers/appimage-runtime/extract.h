/* Extraction of the squashfs payload into a directory. Every entry name is
 * checked (no "", ".", ".." or "/"), files are created below the destination
 * through directory descriptors opened without following symbolic links, and
 * symbolic links whose target leaves the tree are refused, so nothing is ever
 * written outside the destination. */
#ifndef WEFT_APPIMAGE_EXTRACT_H
#define WEFT_APPIMAGE_EXTRACT_H

#include <stdint.h>

typedef enum { WEFT_EXTRACT_QUIET, WEFT_EXTRACT_LIST } weft_extract_output;

/* Extracts the filesystem at `offset` of `image` into `destination` (created
 * when missing). With a `pattern` (fnmatch(3), `*` also matching '/'), only
 * the entries whose path relative to the root matches, or lies below a
 * matching directory, are extracted, with the directories leading to them.
 * WEFT_EXTRACT_LIST prints each extracted path (destination/...) on stdout.
 * Returns 0, or -1 after reporting the cause. */
int weft_extract(const char *image, uint64_t offset, const char *destination, const char *pattern,
                 weft_extract_output output);

#endif
