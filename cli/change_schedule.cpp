#include "change_schedule.hpp"

#include <algorithm>

namespace weft::cli {

void ChangeSchedule::backend_changed(Clock::time_point now) {
  m_dirty = true;
  m_restart_pending = false;
  m_last_backend = now;
}

void ChangeSchedule::frontend_changed(Clock::time_point now) {
  m_reload_pending = true;
  m_last_frontend = now;
}

void ChangeSchedule::build_finished(bool succeeded) {
  if (succeeded && !m_dirty) m_restart_pending = true;
}

bool ChangeSchedule::restart_due(Clock::time_point now) const {
  return m_restart_pending && !m_dirty && now >= m_last_backend + m_debounce;
}

bool ChangeSchedule::reload_due(Clock::time_point now) const {
  return m_reload_pending && now >= m_last_frontend + m_reload_quiet;
}

std::chrono::milliseconds ChangeSchedule::wait(Clock::time_point now, std::chrono::milliseconds at_most) const {
  using std::chrono::ceil;
  using std::chrono::milliseconds;
  milliseconds wait = at_most;
  if (m_dirty) wait = std::min(wait, ceil<milliseconds>(m_last_backend + m_settle - now));
  if (m_restart_pending) wait = std::min(wait, ceil<milliseconds>(m_last_backend + m_debounce - now));
  if (m_reload_pending) wait = std::min(wait, ceil<milliseconds>(m_last_frontend + m_reload_quiet - now));
  return std::max(wait, milliseconds(0));
}

} // namespace weft::cli
