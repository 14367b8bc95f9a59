/* Running AppRun as a child of the runtime, which stays to clean up after it:
 * termination signals sent to the runtime are forwarded to the child, and the
 * child's exit status becomes the runtime's. */
#ifndef WEFT_APPIMAGE_LAUNCH_H
#define WEFT_APPIMAGE_LAUNCH_H

/* Sets APPIMAGE, APPDIR, ARGV0 and OWD as the AppImage specification's
 * runtime does. Returns 0 or -1 (reported). */
int weft_set_environment(const char *appimage, const char *appdir, const char *argv0);

/* Installs the runtime's handlers for termination signals (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1/2): until AppRun runs they only note the first
 * signal (weft_pending_signal()), so that work in progress can stop and
 * clean up; while it runs they forward to it. */
void weft_catch_signals(void);
int weft_pending_signal(void);

/* Runs APPDIR/AppRun with `args` (NULL-terminated, without argv[0]) and waits
 * for it. Returns its wait status (that of a death by the pending signal when
 * one came first, without starting it), or -1 (reported) when it could not
 * start. */
int weft_launch(const char *appdir, char *const *args);

/* Ends the runtime the way the child ended: same exit code, or the same
 * signal (128 + signal when the signal does not terminate). */
_Noreturn void weft_exit_like(int wait_status);

#endif
