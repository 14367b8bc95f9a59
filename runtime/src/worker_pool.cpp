#include "worker_pool.hpp"

namespace weft::runtime {

void WorkerPool::submit(std::function<void()> task) {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return;
    m_tasks.push_back(std::move(task));
    if (m_threads.size() < m_size) m_threads.emplace_back([this] { work(); });
  }
  m_wake.notify_one();
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_tasks.clear();
  }
  m_wake.notify_all();
  for (std::thread& thread : m_threads)
    if (thread.joinable()) thread.join();
  m_threads.clear();
}

void WorkerPool::work() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
      if (m_stopping) return;
      task = std::move(m_tasks.front());
      m_tasks.pop_front();
    }
    task();
  }
}

} // namespace weft::runtime
