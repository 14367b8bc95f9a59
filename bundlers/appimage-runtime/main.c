/* The AppImage type-2 runtime: the ELF at the start of every AppImage weft
 * builds. It finds the squashfs payload where its own ELF image ends, then
 * mounts it with FUSE (or, where FUSE is not usable and always with
 * --appimage-extract-and-run or APPIMAGE_EXTRACT_AND_RUN=1, extracts it to a
 * private temporary directory) and runs AppRun from it. */
#include "elf_image.h"
#include "extract.h"
#include "launch.h"
#include "mount.h"
#include "private_dir.h"
#include "report.h"
#include "reserved_sections.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { k_exit_error = 1, k_exit_usage = 2 };

typedef struct {
  char path[PATH_MAX]; /* absolute path of the AppImage */
  uint64_t offset;     /* where the squashfs starts */
  int argc;
  char **argv;
} appimage;

typedef int (*option_handler)(appimage *self);

static int print_help(appimage *self);
static int print_version(appimage *self);
static int print_offset(appimage *self);
static int extract(appimage *self);
static int extract_and_run(appimage *self);
static int print_update_information(appimage *self);
static int print_signature(appimage *self);

static const struct {
  const char *name;
  const char *arguments;
  const char *help;
  option_handler handler;
} k_options[] = {
    {"--appimage-extract", "[PATTERN]",
     "extract the payload into ./squashfs-root (only the paths matching PATTERN, fnmatch(3))", extract},
    {"--appimage-extract-and-run", "[ARGS...]", "extract to a temporary directory, run AppRun with ARGS, remove it",
     extract_and_run},
    {"--appimage-offset", "", "print the offset of the payload in this file", print_offset},
    {"--appimage-updateinformation", "", "print the update information (.upd_info)", print_update_information},
    {"--appimage-signature", "", "print the signature (.sha256_sig)", print_signature},
    {"--appimage-version", "", "print the runtime's version", print_version},
    {"--appimage-help", "", "print this help", print_help},
};
enum { k_option_count = sizeof k_options / sizeof k_options[0] };

static int print_help(appimage *self) {
  printf("Usage: %s [ARGS...]        run the application\n", self->argv[0]);
  printf("       %s OPTION\n\nOptions of the AppImage runtime:\n", self->argv[0]);
  for (int i = 0; i < k_option_count; ++i) {
    char usage[64];
    snprintf(usage, sizeof usage, "%s %s", k_options[i].name, k_options[i].arguments);
    printf("  %-38s %s\n", usage, k_options[i].help);
  }
  printf("\nEnvironment: APPIMAGE_EXTRACT_AND_RUN=1 always extracts instead of mounting;\n"
         "TMPDIR chooses where temporary directories go.\n");
  return 0;
}

static int print_version(appimage *self) {
  (void)self;
  printf("weft AppImage runtime %s (type 2)\n", WEFT_VERSION);
  return 0;
}

static int print_offset(appimage *self) {
  printf("%" PRIu64 "\n", self->offset);
  return 0;
}

/* Prints a reserved section's text up to its first zero byte. */
static int print_section(appimage *self, const char *name, size_t limit) {
  int fd = open(self->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    weft_report("cannot open %s: %s", self->path, strerror(errno));
    return k_exit_error;
  }
  weft_elf_range range;
  weft_elf_status status = weft_elf_find_section(weft_elf_read_fd, &fd, name, &range);
  char *text = NULL;
  if (status == WEFT_ELF_OK && range.size <= limit && (text = calloc(range.size + 1, 1)) != NULL &&
      weft_elf_read_fd(&fd, range.offset, text, range.size) == 0) {
    close(fd);
    if (text[0] != '\0') printf("%s\n", text);
    free(text);
    return 0;
  }
  close(fd);
  free(text);
  weft_report("cannot read the %s section of %s: %s", name, self->path,
              status == WEFT_ELF_OK ? "unexpected size" : weft_elf_status_text(status));
  return k_exit_error;
}

static int print_update_information(appimage *self) {
  return print_section(self, WEFT_UPDATE_INFORMATION_SECTION, WEFT_UPDATE_INFORMATION_SIZE);
}

static int print_signature(appimage *self) {
  return print_section(self, WEFT_SIGNATURE_SECTION, WEFT_SIGNATURE_SIZE);
}

static int extract(appimage *self) {
  if (self->argc > 3) {
    weft_report("--appimage-extract takes at most one pattern");
    return k_exit_usage;
  }
  const char *pattern = self->argc == 3 ? self->argv[2] : NULL;
  return weft_extract(self->path, self->offset, "squashfs-root", pattern, WEFT_EXTRACT_LIST) == 0 ? 0
                                                                                                  : k_exit_error;
}

/* Runs AppRun from an extracted copy; `args` are AppRun's arguments. */
static _Noreturn void run_extracted(appimage *self, char **args) {
  weft_catch_signals();
  char directory[PATH_MAX];
  if (weft_make_private_dir("appimage_extracted_", directory, sizeof directory) != 0) exit(k_exit_error);
  if (weft_extract(self->path, self->offset, directory, NULL, WEFT_EXTRACT_QUIET) != 0 ||
      weft_set_environment(self->path, directory, self->argv[0]) != 0) {
    weft_remove_tree(directory);
    if (weft_pending_signal() != 0) weft_exit_like(weft_pending_signal());
    exit(k_exit_error);
  }
  int status = weft_launch(directory, args);
  if (weft_remove_tree(directory) != 0 && status == 0) exit(k_exit_error);
  if (status < 0) exit(k_exit_error);
  weft_exit_like(status);
}

static int extract_and_run(appimage *self) { run_extracted(self, self->argv + 2); }

static _Noreturn void run(appimage *self) {
  const char *forced = getenv("APPIMAGE_EXTRACT_AND_RUN");
  if (forced == NULL || strcmp(forced, "1") != 0) {
    weft_catch_signals();
    weft_mount mount;
    if (weft_mount_start(self->path, self->offset, &mount) == 0) {
      int status = -1;
      if (weft_set_environment(self->path, mount.mountpoint, self->argv[0]) == 0) {
        status = weft_launch(mount.mountpoint, self->argv + 1);
      }
      weft_mount_stop(&mount);
      if (status < 0) exit(k_exit_error);
      weft_exit_like(status);
    }
  }
  run_extracted(self, self->argv + 1);
}

/* The file this process runs from and where its payload starts. */
static int locate(appimage *self) {
  ssize_t length = readlink("/proc/self/exe", self->path, sizeof self->path - 1);
  if (length <= 0) {
    weft_report("cannot find the AppImage's own path (/proc/self/exe): %s", strerror(errno));
    return -1;
  }
  self->path[length] = '\0';
  int fd = open(self->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    weft_report("cannot open %s: %s", self->path, strerror(errno));
    return -1;
  }
  weft_elf_status status = weft_elf_end(weft_elf_read_fd, &fd, &self->offset);
  close(fd);
  if (status != WEFT_ELF_OK) {
    weft_report("cannot find the payload of %s: %s", self->path, weft_elf_status_text(status));
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  appimage self;
  memset(&self, 0, sizeof self);
  self.argc = argc;
  self.argv = argv;
  if (locate(&self) != 0) return k_exit_error;

  if (argc > 1 && strncmp(argv[1], "--appimage-", strlen("--appimage-")) == 0) {
    for (int i = 0; i < k_option_count; ++i) {
      if (strcmp(argv[1], k_options[i].name) == 0) {
        int result = k_options[i].handler(&self);
        if (fflush(stdout) != 0 && result == 0) result = k_exit_error;
        return result;
      }
    }
    weft_report("unknown option %s (--appimage-help lists them)", argv[1]);
    return k_exit_usage;
  }
  run(&self);
}
