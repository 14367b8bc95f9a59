/* Serving the squashfs payload through FUSE from a helper process, for as
 * long as the app runs. */
#ifndef WEFT_APPIMAGE_MOUNT_H
#define WEFT_APPIMAGE_MOUNT_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
  pid_t server;
  char mountpoint[PATH_MAX];
} weft_mount;

/* Mounts the filesystem at `offset` of `image` read-only on a new private
 * directory. Returns 0 when mounted, -1 when FUSE is not usable here (no
 * /dev/fuse, no permission, no fusermount3): nothing is reported then, the
 * caller falls back to extracting. */
int weft_mount_start(const char *image, uint64_t offset, weft_mount *mount);

/* Unmounts, ends the server and removes the mount point. */
void weft_mount_stop(weft_mount *mount);

#endif
