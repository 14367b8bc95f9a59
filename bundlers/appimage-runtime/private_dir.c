#include "private_dir.h"

#include "report.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int weft_make_private_dir(const char *prefix, char *path, size_t path_size) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || base[0] != '/') base = "/tmp";
  int written = snprintf(path, path_size, "%s/%sXXXXXX", base, prefix);
  if (written < 0 || (size_t)written >= path_size) {
    weft_report("temporary directory path too long: %s", base);
    return -1;
  }
  if (mkdtemp(path) == NULL) {
    weft_report("cannot create a temporary directory in %s: %s", base, strerror(errno));
    return -1;
  }
  return 0;
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *where) {
  (void)info;
  (void)type;
  (void)where;
  if (remove(path) != 0 && errno != ENOENT) {
    weft_report("cannot remove %s: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

int weft_remove_tree(const char *path) {
  int result = nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  if (result != 0 && errno == ENOENT) return 0;
  return result == 0 ? 0 : -1;
}
