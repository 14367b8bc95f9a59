#include "mount.h"

#include "private_dir.h"

#include <ll.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

enum { k_ready = 'y', k_failed = 'n' };

static void fill_operations(struct fuse_lowlevel_ops *ops) {
  memset(ops, 0, sizeof *ops);
  ops->getattr = sqfs_ll_op_getattr;
  ops->opendir = sqfs_ll_op_opendir;
  ops->releasedir = sqfs_ll_op_releasedir;
  ops->readdir = sqfs_ll_op_readdir;
  ops->lookup = sqfs_ll_op_lookup;
  ops->open = sqfs_ll_op_open;
  ops->create = sqfs_ll_op_create;
  ops->release = sqfs_ll_op_release;
  ops->read = sqfs_ll_op_read;
  ops->readlink = sqfs_ll_op_readlink;
  ops->listxattr = sqfs_ll_op_listxattr;
  ops->getxattr = sqfs_ll_op_getxattr;
  ops->forget = sqfs_ll_op_forget;
  ops->statfs = stfs_ll_op_statfs;
}

static void report_state(int pipe_fd, char state) {
  while (write(pipe_fd, &state, 1) < 0 && errno == EINTR) {
  }
}

/* The server process: mounts, says whether it worked, then serves requests
 * until SIGTERM (from the runtime, or as the runtime's death signal). */
static _Noreturn void serve(const char *image, uint64_t offset, const char *mountpoint, int pipe_fd, pid_t parent) {
  /* Out of the terminal's process group: Ctrl-C is for the app, and the mount
   * must outlive the app's handling of it. */
  setpgid(0, 0);
  /* The runtime's own handlers (launch.c) are not for the server. */
  const int defaults[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; ++i) signal(defaults[i], SIG_DFL);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(1);

  /* libfuse and squashfuse explain failures on stderr; a failure here only
   * means falling back to extraction, so they are silenced until mounted. */
  int saved_stderr = dup(STDERR_FILENO);
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd >= 0) dup2(null_fd, STDERR_FILENO);

  sqfs_ll *ll = sqfs_ll_open(image, (size_t)offset);
  if (ll == NULL) {
    report_state(pipe_fd, k_failed);
    _exit(1);
  }
  struct fuse_lowlevel_ops ops;
  fill_operations(&ops);
  char program[] = "appimage-runtime";
  char option[] = "-o";
  char options[] = "ro,nodev,nosuid,subtype=appimage";
  char *argv[] = {program, option, options, NULL};
  struct fuse_args args = FUSE_ARGS_INIT(3, argv);
  sqfs_ll_chan channel;
  if (sqfs_ll_mount(&channel, mountpoint, &args, &ops, sizeof ops, ll) != SQFS_OK) {
    report_state(pipe_fd, k_failed);
    _exit(1);
  }
  if (saved_stderr >= 0) dup2(saved_stderr, STDERR_FILENO);
  int result = fuse_set_signal_handlers(channel.session);
  report_state(pipe_fd, result == 0 ? k_ready : k_failed);
  close(pipe_fd);
  if (result == 0) {
    fuse_session_loop(channel.session);
    fuse_remove_signal_handlers(channel.session);
  }
  sqfs_ll_unmount(&channel, mountpoint);
  _exit(result == 0 ? 0 : 1);
}

static void reap(pid_t child) {
  int status;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
}

int weft_mount_start(const char *image, uint64_t offset, weft_mount *mount) {
  mount->server = -1;
  if (access("/dev/fuse", F_OK) != 0) return -1;
  if (weft_make_private_dir(".mount_weft-", mount->mountpoint, sizeof mount->mountpoint) != 0) return -1;

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    rmdir(mount->mountpoint);
    return -1;
  }
  pid_t parent = getpid();
  pid_t server = fork();
  if (server == 0) {
    close(fds[0]);
    serve(image, offset, mount->mountpoint, fds[1], parent);
  }
  close(fds[1]);
  char state = k_failed;
  if (server > 0) {
    while (read(fds[0], &state, 1) < 0 && errno == EINTR) {
    }
  }
  close(fds[0]);
  if (state != k_ready) {
    if (server > 0) {
      kill(server, SIGTERM);
      reap(server);
    }
    rmdir(mount->mountpoint);
    return -1;
  }
  mount->server = server;
  return 0;
}

void weft_mount_stop(weft_mount *mount) {
  if (mount->server <= 0) return;
  kill(mount->server, SIGTERM);
  reap(mount->server);
  mount->server = -1;
  rmdir(mount->mountpoint);
}
