#include "launch.h"

#include "report.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Signals a user or a service manager sends to stop or poke a process. Ctrl-C
 * from a terminal reaches the child directly (same process group), so only
 * signals sent to the runtime itself are forwarded. */
static const int k_forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
enum { k_forwarded_count = sizeof k_forwarded / sizeof k_forwarded[0] };

static volatile sig_atomic_t g_child;
static volatile sig_atomic_t g_pending;

/* While AppRun runs: forward. Before it runs (mounting, extracting): note the
 * signal, so that the runtime stops, cleans up and dies of it. */
static void forward(int signal_number, siginfo_t *info, void *context) {
  (void)context;
  if (g_child > 0) {
    if (info->si_code != SI_KERNEL) kill((pid_t)g_child, signal_number);
  } else if (g_pending == 0) {
    g_pending = signal_number;
  }
}

void weft_catch_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = forward;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < k_forwarded_count; ++i) sigaction(k_forwarded[i], &action, NULL);
}

int weft_pending_signal(void) { return g_pending; }

int weft_set_environment(const char *appimage, const char *appdir, const char *argv0) {
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) == NULL) cwd[0] = '\0';
  if (setenv("APPIMAGE", appimage, 1) != 0 || setenv("APPDIR", appdir, 1) != 0 ||
      setenv("ARGV0", argv0, 1) != 0 || setenv("OWD", cwd, 1) != 0) {
    weft_report("cannot set the environment: %s", strerror(errno));
    return -1;
  }
  return 0;
}

int weft_launch(const char *appdir, char *const *args) {
  char apprun[PATH_MAX];
  if (snprintf(apprun, sizeof apprun, "%s/AppRun", appdir) >= (int)sizeof apprun) {
    weft_report("path too long: %s", appdir);
    return -1;
  }
  size_t count = 0;
  while (args[count] != NULL) ++count;
  char **argv = calloc(count + 2, sizeof *argv);
  if (argv == NULL) {
    weft_report("out of memory");
    return -1;
  }
  argv[0] = apprun;
  for (size_t i = 0; i < count; ++i) argv[i + 1] = args[i];

  sigset_t forwarded, previous;
  sigemptyset(&forwarded);
  for (int i = 0; i < k_forwarded_count; ++i) sigaddset(&forwarded, k_forwarded[i]);
  sigprocmask(SIG_BLOCK, &forwarded, &previous);
  weft_catch_signals();
  if (g_pending != 0) {
    sigprocmask(SIG_SETMASK, &previous, NULL);
    free(argv);
    return g_pending; /* the wait status of a death by that signal */
  }

  pid_t child = fork();
  if (child == 0) {
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int i = 0; i < k_forwarded_count; ++i) sigaction(k_forwarded[i], &default_action, NULL);
    sigprocmask(SIG_SETMASK, &previous, NULL);
    execv(apprun, argv);
    int error = errno;
    weft_report("cannot run %s: %s", apprun, strerror(error));
    _exit(error == ENOENT ? 127 : 126);
  }
  if (child < 0) {
    weft_report("cannot start %s: %s", apprun, strerror(errno));
    sigprocmask(SIG_SETMASK, &previous, NULL);
    free(argv);
    return -1;
  }
  g_child = child;
  sigprocmask(SIG_SETMASK, &previous, NULL);

  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      weft_report("cannot wait for %s: %s", apprun, strerror(errno));
      status = 1 << 8;
      break;
    }
  }
  g_child = 0;
  free(argv);
  return status;
}

void weft_exit_like(int wait_status) {
  if (WIFEXITED(wait_status)) exit(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    int signal_number = WTERMSIG(wait_status);
    fflush(NULL);
    signal(signal_number, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal_number);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(signal_number);
    exit(128 + signal_number);
  }
  exit(1);
}
