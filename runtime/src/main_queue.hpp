#pragma once

#include <atomic>
#include <functional>
#include <memory>

namespace weft::runtime {

// Runs tasks on the GTK main thread: post() from any thread queues a task on
// the default GLib main context (always asynchronously, never inline). Once
// close() has been called (on the main thread, when the app shuts down),
// queued and later tasks are dropped, so that no task outlives the App whose
// state it touches.
class MainQueue : public std::enable_shared_from_this<MainQueue> {
public:
  static std::shared_ptr<MainQueue> create() { return std::shared_ptr<MainQueue>(new MainQueue()); }

  void post(std::function<void()> task);
  void close() { m_open.store(false); }
  bool open() const { return m_open.load(); }

  // Runs every task already queued on the default main context (the main
  // thread, during shutdown).
  static void drain();

private:
  MainQueue() = default;
  std::atomic<bool> m_open{true};
};

} // namespace weft::runtime
