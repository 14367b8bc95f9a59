#include "change_schedule.hpp"

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

using namespace std::chrono_literals;
using Clock = ChangeSchedule::Clock;

const Clock::time_point t0 = Clock::time_point() + 1h;

TEST(ChangeSchedule, BuildStartsOnceTheSaveIsOver) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  EXPECT_FALSE(schedule.build_due(t0));
  EXPECT_EQ(schedule.wait(t0, 50ms), 50ms);
  schedule.backend_changed(t0);
  schedule.backend_changed(t0 + 2ms);
  EXPECT_FALSE(schedule.build_due(t0 + 5ms));
  EXPECT_EQ(schedule.wait(t0 + 5ms, 50ms), 7ms);
  EXPECT_TRUE(schedule.build_due(t0 + 12ms)); // not the 200 ms debounce
  EXPECT_EQ(schedule.wait(t0 + 12ms, 50ms), 0ms);
}

TEST(ChangeSchedule, RestartAfterASlowBuildIsImmediate) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  schedule.backend_changed(t0);
  schedule.build_started();
  schedule.build_finished(true); // at t0 + 2 s
  EXPECT_TRUE(schedule.restart_due(t0 + 2s));
  schedule.restarted();
  EXPECT_FALSE(schedule.restart_due(t0 + 3s));
}

TEST(ChangeSchedule, FastBuildWaitsOutTheDebounce) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  schedule.backend_changed(t0);
  schedule.build_started();
  schedule.build_finished(true);
  EXPECT_FALSE(schedule.restart_due(t0 + 50ms));
  EXPECT_EQ(schedule.wait(t0 + 50ms, 500ms), 150ms);
  EXPECT_TRUE(schedule.restart_due(t0 + 200ms));
}

TEST(ChangeSchedule, ChangeDuringTheBuildMakesItStale) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  schedule.backend_changed(t0);
  schedule.build_started();
  schedule.backend_changed(t0 + 1s); // reported once the build returns
  schedule.build_finished(true);
  EXPECT_TRUE(schedule.stale());
  EXPECT_FALSE(schedule.restart_due(t0 + 5s));
  EXPECT_TRUE(schedule.build_due(t0 + 10s));
  schedule.build_started();
  schedule.build_finished(true);
  EXPECT_TRUE(schedule.restart_due(t0 + 1s + 200ms));
}

TEST(ChangeSchedule, ChangeWhileWaitingOutTheDebounceCancelsTheRestart) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  schedule.backend_changed(t0);
  schedule.build_started();
  schedule.build_finished(true);
  schedule.backend_changed(t0 + 100ms);
  EXPECT_FALSE(schedule.restart_due(t0 + 300ms));
  EXPECT_TRUE(schedule.build_due(t0 + 10s));
}

TEST(ChangeSchedule, FailedBuildRestartsNothing) {
  ChangeSchedule schedule(0ms, 0ms, 30ms);
  schedule.backend_changed(t0);
  schedule.build_started();
  schedule.build_finished(false);
  EXPECT_FALSE(schedule.restart_due(t0 + 1s));
  EXPECT_FALSE(schedule.build_due(t0 + 10s));
}

TEST(ChangeSchedule, FrontendReloadsAfterQuiet) {
  ChangeSchedule schedule(200ms, 10ms, 30ms);
  schedule.frontend_changed(t0);
  schedule.frontend_changed(t0 + 20ms);
  EXPECT_FALSE(schedule.reload_due(t0 + 40ms));
  EXPECT_EQ(schedule.wait(t0 + 40ms, 50ms), 10ms);
  EXPECT_TRUE(schedule.reload_due(t0 + 50ms));
  schedule.reloaded();
  EXPECT_FALSE(schedule.reload_due(t0 + 1s));
  EXPECT_FALSE(schedule.build_due(t0 + 10s)); // never the backend
}

} // namespace
} // namespace weft::cli
