#include "main_queue.hpp"

#include <glib.h>

namespace weft::runtime {
namespace {

struct Item {
  std::shared_ptr<MainQueue> queue;
  std::function<void()> task;
};

gboolean run_item(gpointer data) {
  auto* item = static_cast<Item*>(data);
  if (item->queue->open()) item->task();
  return G_SOURCE_REMOVE;
}

void delete_item(gpointer data) { delete static_cast<Item*>(data); }

} // namespace

void MainQueue::post(std::function<void()> task) {
  if (!open()) return;
  g_idle_add_full(G_PRIORITY_DEFAULT, run_item, new Item{shared_from_this(), std::move(task)}, delete_item);
}

void MainQueue::drain() {
  while (g_main_context_pending(nullptr)) g_main_context_iteration(nullptr, FALSE);
}

} // namespace weft::runtime
