#include "extract.h"

#include "launch.h"
#include "report.h"

#include <squashfuse.h>

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { k_copy_chunk = 128 * 1024 };

typedef struct {
  sqfs fs;
  const char *image;
  const char *destination;
  int root_fd;
  weft_extract_output output;
  char *buffer;
} extraction;

static int is_safe_name(const char *name) {
  return name[0] != '\0' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && strchr(name, '/') == NULL;
}

/* Whether `path` or one of its ancestor directories matches `pattern`. */
static int selected(const char *pattern, const char *path) {
  if (pattern == NULL || fnmatch(pattern, path, 0) == 0) return 1;
  char prefix[PATH_MAX];
  size_t length = strlen(path);
  if (length >= sizeof prefix) return 0;
  memcpy(prefix, path, length + 1);
  for (char *slash = strrchr(prefix, '/'); slash != NULL; slash = strrchr(prefix, '/')) {
    *slash = '\0';
    if (fnmatch(pattern, prefix, 0) == 0) return 1;
  }
  return 0;
}

/* Opens (creating when missing) the directory holding `path`, component by
 * component, never following a symbolic link. Sets *name to the last
 * component. Returns a descriptor or -1 (reported). */
static int open_parent(extraction *x, char *path, const char **name) {
  int fd = dup(x->root_fd);
  if (fd < 0) {
    weft_report("cannot open %s: %s", x->destination, strerror(errno));
    return -1;
  }
  char *component = path;
  for (char *slash = strchr(component, '/'); slash != NULL; slash = strchr(component, '/')) {
    *slash = '\0';
    if (mkdirat(fd, component, 0755) != 0 && errno != EEXIST) {
      weft_report("cannot create %s/%s: %s", x->destination, path, strerror(errno));
      close(fd);
      return -1;
    }
    int next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      weft_report("cannot enter %s/%s: %s (refusing to follow a symbolic link)", x->destination, path,
                  strerror(errno));
      close(fd);
      return -1;
    }
    close(fd);
    fd = next;
    *slash = '/';
    component = slash + 1;
  }
  *name = component;
  return fd;
}

/* Removes a non-directory already at `name`, so that what is created next is
 * new (O_EXCL) and never written through an old symbolic link. */
static int clear_slot(extraction *x, int parent, const char *name, const char *path) {
  struct stat old;
  if (fstatat(parent, name, &old, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  if (S_ISDIR(old.st_mode)) {
    weft_report("cannot extract %s/%s: a directory is in the way", x->destination, path);
    return -1;
  }
  if (unlinkat(parent, name, 0) != 0) {
    weft_report("cannot replace %s/%s: %s", x->destination, path, strerror(errno));
    return -1;
  }
  return 0;
}

static int make_directory(extraction *x, int parent, const char *name, const char *path, sqfs_inode *inode) {
  mode_t mode = (inode->base.mode & 0777) | S_IRWXU;
  if (mkdirat(parent, name, mode) != 0) {
    int error = errno;
    struct stat old;
    if (error != EEXIST || fstatat(parent, name, &old, AT_SYMLINK_NOFOLLOW) != 0) {
      weft_report("cannot create directory %s/%s: %s", x->destination, path, strerror(error));
      return -1;
    }
    if (S_ISLNK(old.st_mode)) {
      weft_report("cannot create directory %s/%s: a symbolic link is there (refusing to follow a symbolic link)",
                  x->destination, path);
      return -1;
    }
    if (!S_ISDIR(old.st_mode)) {
      weft_report("cannot create directory %s/%s: a file is in the way", x->destination, path);
      return -1;
    }
  }
  if (fchmodat(parent, name, mode, 0) != 0) {
    weft_report("cannot set the mode of %s/%s: %s", x->destination, path, strerror(errno));
    return -1;
  }
  return 0;
}

static int write_all(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t written = write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return -1;
    data += written;
    size -= (size_t)written;
  }
  return 0;
}

static int make_file(extraction *x, int parent, const char *name, const char *path, sqfs_inode *inode) {
  if (clear_slot(x, parent, name, path) != 0) return -1;
  int fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    weft_report("cannot create %s/%s: %s", x->destination, path, strerror(errno));
    return -1;
  }
  uint64_t size = inode->xtra.reg.file_size;
  for (uint64_t done = 0; done < size;) {
    sqfs_off_t chunk = (sqfs_off_t)(size - done < k_copy_chunk ? size - done : k_copy_chunk);
    if (sqfs_read_range(&x->fs, inode, (sqfs_off_t)done, &chunk, x->buffer) != SQFS_OK || chunk <= 0) {
      weft_report("cannot read %s from %s: corrupt filesystem", path, x->image);
      close(fd);
      return -1;
    }
    if (write_all(fd, x->buffer, (size_t)chunk) != 0) {
      weft_report("cannot write %s/%s: %s", x->destination, path, strerror(errno));
      close(fd);
      return -1;
    }
    done += (uint64_t)chunk;
  }
  struct timespec times[2] = {{inode->base.mtime, 0}, {inode->base.mtime, 0}};
  if (fchmod(fd, inode->base.mode & 0777) != 0 || futimens(fd, times) != 0 || close(fd) != 0) {
    weft_report("cannot finish %s/%s: %s", x->destination, path, strerror(errno));
    return -1;
  }
  return 0;
}

/* Whether `target`, read from the directory that holds `path`, stays inside
 * the tree. */
static int link_stays_inside(const char *path, const char *target) {
  if (target[0] == '/') return 0;
  long depth = 0;
  for (const char *c = path; *c; ++c) depth += *c == '/';
  const char *component = target;
  while (*component) {
    size_t length = strcspn(component, "/");
    if (length == 2 && component[0] == '.' && component[1] == '.') {
      if (--depth < 0) return 0;
    } else if (length > 0 && !(length == 1 && component[0] == '.')) {
      ++depth;
    }
    component += length;
    if (*component == '/') ++component;
  }
  return 1;
}

static int make_symlink(extraction *x, int parent, const char *name, const char *path, sqfs_inode *inode) {
  size_t size = 0;
  if (sqfs_readlink(&x->fs, inode, NULL, &size) != SQFS_OK || size >= PATH_MAX) {
    weft_report("cannot read the symbolic link %s from %s: corrupt filesystem", path, x->image);
    return -1;
  }
  char target[PATH_MAX];
  size_t capacity = sizeof target;
  if (sqfs_readlink(&x->fs, inode, target, &capacity) != SQFS_OK) {
    weft_report("cannot read the symbolic link %s from %s: corrupt filesystem", path, x->image);
    return -1;
  }
  if (!link_stays_inside(path, target)) {
    weft_report("refusing to extract %s: its target %s points outside the AppImage", path, target);
    return -1;
  }
  if (clear_slot(x, parent, name, path) != 0) return -1;
  if (symlinkat(target, parent, name) != 0) {
    weft_report("cannot create %s/%s: %s", x->destination, path, strerror(errno));
    return -1;
  }
  struct timespec times[2] = {{inode->base.mtime, 0}, {inode->base.mtime, 0}};
  utimensat(parent, name, times, AT_SYMLINK_NOFOLLOW);
  return 0;
}

static int extract_entry(extraction *x, const char *entry_path, sqfs_dir_entry *entry) {
  sqfs_inode inode;
  if (sqfs_inode_get(&x->fs, &inode, sqfs_dentry_inode(entry)) != SQFS_OK) {
    weft_report("cannot read the inode of %s in %s: corrupt filesystem", entry_path, x->image);
    return -1;
  }
  char path[PATH_MAX];
  if (strlen(entry_path) >= sizeof path) {
    weft_report("path too long in %s: %.64s...", x->image, entry_path);
    return -1;
  }
  strcpy(path, entry_path);
  const char *name;
  int parent = open_parent(x, path, &name);
  if (parent < 0) return -1;
  int result;
  switch (inode.base.inode_type) {
  case SQUASHFS_DIR_TYPE:
  case SQUASHFS_LDIR_TYPE: result = make_directory(x, parent, name, entry_path, &inode); break;
  case SQUASHFS_REG_TYPE:
  case SQUASHFS_LREG_TYPE: result = make_file(x, parent, name, entry_path, &inode); break;
  case SQUASHFS_SYMLINK_TYPE:
  case SQUASHFS_LSYMLINK_TYPE: result = make_symlink(x, parent, name, entry_path, &inode); break;
  default:
    weft_report("refusing to extract %s: device nodes, FIFOs and sockets are not supported", entry_path);
    result = -1;
  }
  close(parent);
  if (result == 0 && x->output == WEFT_EXTRACT_LIST) printf("%s/%s\n", x->destination, entry_path);
  return result;
}

static int open_destination(extraction *x) {
  if (mkdir(x->destination, 0755) != 0 && errno != EEXIST) {
    weft_report("cannot create %s: %s", x->destination, strerror(errno));
    return -1;
  }
  x->root_fd = open(x->destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (x->root_fd < 0) {
    weft_report("cannot open %s: %s", x->destination, strerror(errno));
    return -1;
  }
  return 0;
}

static int walk(extraction *x, const char *pattern) {
  sqfs_traverse traversal;
  if (sqfs_traverse_open(&traversal, &x->fs, sqfs_inode_root(&x->fs)) != SQFS_OK) {
    weft_report("cannot read the root directory of %s: corrupt filesystem", x->image);
    return -1;
  }
  int result = 0;
  sqfs_err error = SQFS_OK;
  while (result == 0 && sqfs_traverse_next(&traversal, &error)) {
    if (weft_pending_signal() != 0) {
      result = -1; /* stopped on request: nothing to report */
      break;
    }
    if (traversal.dir_end) continue;
    if (!is_safe_name(sqfs_dentry_name(&traversal.entry))) {
      weft_report("refusing to extract %s: unsafe entry name in %s", traversal.path, x->image);
      result = -1;
    } else if (selected(pattern, traversal.path)) {
      result = extract_entry(x, traversal.path, &traversal.entry);
    }
  }
  if (result == 0 && error != SQFS_OK) {
    weft_report("cannot list %s: corrupt filesystem", x->image);
    result = -1;
  }
  sqfs_traverse_close(&traversal);
  return result;
}

int weft_extract(const char *image, uint64_t offset, const char *destination, const char *pattern,
                 weft_extract_output output) {
  extraction x;
  memset(&x, 0, sizeof x);
  x.image = image;
  x.destination = destination;
  x.output = output;
  x.root_fd = -1;

  int fd = open(image, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    weft_report("cannot open %s: %s", image, strerror(errno));
    return -1;
  }
  if (sqfs_init(&x.fs, fd, (size_t)offset) != SQFS_OK) {
    weft_report("no readable squashfs filesystem at offset %llu of %s", (unsigned long long)offset, image);
    close(fd);
    return -1;
  }
  int result = -1;
  x.buffer = malloc(k_copy_chunk);
  if (x.buffer == NULL) {
    weft_report("out of memory");
  } else if (open_destination(&x) == 0) {
    result = walk(&x, pattern);
  }
  free(x.buffer);
  if (x.root_fd >= 0) close(x.root_fd);
  sqfs_destroy(&x.fs);
  close(fd);
  return result;
}
