#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace weft::runtime {

// A fixed set of threads that run command handlers off the GTK main thread.
// Threads start with the first task. stop() drops tasks not yet started and
// waits for the running ones to return.
class WorkerPool {
public:
  explicit WorkerPool(std::size_t threads) : m_size(threads == 0 ? 1 : threads) {}
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(std::function<void()> task);
  void stop();

private:
  void work();

  std::size_t m_size;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::function<void()>> m_tasks;
  std::vector<std::thread> m_threads;
  bool m_stopping = false;
};

} // namespace weft::runtime
