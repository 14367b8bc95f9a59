#pragma once

#include <chrono>

namespace weft::cli {

// When `weft dev` rebuilds the backend, restarts the app and reloads the
// pages, from the changes its watcher reports.
//
// Backend: the build starts at the first change (leading edge), once `settle`
// has passed without another (one save is a short burst of events). The app is
// restarted once the build has succeeded *and* no change has come for
// `debounce`; a change that arrives while a build runs, or while a finished
// build waits out the debounce, makes that build stale: another one starts
// and the app restarts only after it. A burst of saves thus restarts the
// app once, with every change in it, and debounce adds nothing to a build
// that takes longer than it.
// Frontend: the pages reload once no frontend change has come for
// `reload_quiet`.
class ChangeSchedule {
public:
  using Clock = std::chrono::steady_clock;

  ChangeSchedule(std::chrono::milliseconds debounce, std::chrono::milliseconds settle,
                 std::chrono::milliseconds reload_quiet)
      : m_debounce(debounce), m_settle(settle), m_reload_quiet(reload_quiet) {}

  void backend_changed(Clock::time_point now);
  void frontend_changed(Clock::time_point now);

  // A backend change has come since the last build started, and then quiet
  // for `settle`.
  bool build_due(Clock::time_point now) const { return m_dirty && now >= m_last_backend + m_settle; }
  void build_started() { m_dirty = false; }
  // Call after the changes seen during the build were reported.
  void build_finished(bool succeeded);
  // Whether a build finished with changes that came while it ran.
  bool stale() const { return m_dirty; }

  bool restart_due(Clock::time_point now) const;
  void restarted() { m_restart_pending = false; }

  bool reload_due(Clock::time_point now) const;
  void reloaded() { m_reload_pending = false; }

  // How long to sleep before something may be due (at most `at_most`).
  std::chrono::milliseconds wait(Clock::time_point now, std::chrono::milliseconds at_most) const;

private:
  std::chrono::milliseconds m_debounce;
  std::chrono::milliseconds m_settle;
  std::chrono::milliseconds m_reload_quiet;
  bool m_dirty = false;
  bool m_restart_pending = false;
  bool m_reload_pending = false;
  Clock::time_point m_last_backend{};
  Clock::time_point m_last_frontend{};
};

} // namespace weft::cli
