// The runtime's end-to-end fixture app (tests/e2e/runtime.sh): a real
// weft::App on a Context built by hand from tests/fixtures/runtime-app (the
// manifest, its ui/ folder and the acl.json `weft check` wrote), running its
// page's test sequence and writing what happened as JSON.
//
// usage: runtime_fixture --project DIR --acl FILE --result FILE [--timeout SECONDS]
//                        [--then wait|close]
//   Writes FILE once the page has reported and the uncovered window's call
//   has been denied, then keeps running (for a screenshot) until SIGTERM
//   (exit 130), or with `--then close` closes every window (exit 0 once the
//   last is gone); exits 124 when the timeout passes first.
#include "context_builder.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/runtime/app.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::filesystem::path project, acl, result;
  int timeout = 60;
  bool close_when_done = false;
};

// What the fixture has seen; every access holds `mutex`.
struct Record {
  std::mutex mutex;
  nlohmann::json page;
  std::vector<std::string> log;
  nlohmann::json backend_events = nlohmann::json::array();
  bool written = false;
};

// Returns whether it wrote the result just now.
bool write_if_complete(Record& record, const Options& options) {
  std::lock_guard lock(record.mutex);
  if (record.written || record.page.is_null()) return false;
  const bool second_denied = std::any_of(record.log.begin(), record.log.end(), [](const std::string& line) {
    return line.find("denied `greet` from window `second`") != std::string::npos;
  });
  if (!second_denied) return false;
  const nlohmann::json out{{"page", record.page}, {"log", record.log}, {"backendEvents", record.backend_events}};
  if (auto written = weft::write_file_atomic(options.result, out.dump(1)); !written)
    std::fprintf(stderr, "runtime_fixture: %s\n", written.error().message().c_str());
  record.written = true;
  return true;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--project") options.project = argv[i + 1];
    else if (flag == "--acl") options.acl = argv[i + 1];
    else if (flag == "--result") options.result = argv[i + 1];
    else if (flag == "--timeout") options.timeout = std::atoi(argv[i + 1]);
    else if (flag == "--then") options.close_when_done = std::string(argv[i + 1]) == "close";
  }
  if (options.project.empty() || options.acl.empty() || options.result.empty()) {
    std::fprintf(stderr, "usage: runtime_fixture --project DIR --acl FILE --result FILE [--timeout SECONDS]\n");
    return 2;
  }

  weft::test::ContextBuilder builder;
  const std::string manifest = weft::test::ContextBuilder::read(options.project / "weft.conf.json");
  const nlohmann::json config = nlohmann::json::parse(manifest);
  builder.config(manifest)
      .acl(weft::test::ContextBuilder::read(options.acl))
      .csp(config["app"]["security"]["csp"].get<std::string>());
  // HTML stays uncompressed, everything else is zstd: both paths are served.
  for (const auto& entry : std::filesystem::directory_iterator(options.project / "ui")) {
    const std::string name = entry.path().filename().string();
    builder.asset(name, weft::test::ContextBuilder::read(entry.path()),
                  entry.path().extension() == ".html" ? weft::Compression::none : weft::Compression::zstd);
  }
  weft::App app(builder.build());
  app.set_ipc_message_limit(64 * 1024);

  Record record;
  // Once the result is written: with `--then close`, every window is closed
  // (on the main thread, where listeners run), which must end the app.
  auto done = [&app, &options] {
    if (options.close_when_done) app.emit("fixture:close-all");
  };
  app.listen("fixture:close-all", [&app](const weft::Event&) {
    for (const std::string& label : app.window_labels()) app.close_window(label);
  });
  app.set_log_handler([&record, &options, &done](weft::LogLevel level, std::string_view line) {
    if (std::getenv("WEFT_LOG")) std::fprintf(stderr, "runtime_fixture log: %.*s\n", static_cast<int>(line.size()), line.data());
    if (level != weft::LogLevel::debug) std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    {
      std::lock_guard lock(record.mutex);
      record.log.emplace_back(line);
    }
    if (write_if_complete(record, options)) done();
  });

  const std::thread::id main_thread = std::this_thread::get_id();
  app.command("greet", [](const nlohmann::json& args) -> nlohmann::json {
    return "Hello, " + args.value("name", std::string("stranger")) + "!";
  });
  app.command("secret", [](const nlohmann::json&) -> nlohmann::json { return "the secret"; });
  // Asynchronous: answers from a thread of its own.
  app.command("echo", [main_thread](const weft::Invocation& call, weft::Reply reply) {
    const bool off_main = std::this_thread::get_id() != main_thread;
    std::thread([call, reply, off_main] {
      reply.resolve({{"value", call.args.value("value", nlohmann::json())}, {"offMainThread", off_main},
                     {"window", call.window}});
    }).detach();
  });
  app.command("ping", [&app](const weft::Invocation& call) -> nlohmann::json {
    app.emit("from-backend", {{"value", call.args.value("value", nlohmann::json())}, {"to", call.window}});
    return "pong";
  });
  app.command("report", [&record, &options, &done](const nlohmann::json& args) -> nlohmann::json {
    {
      std::lock_guard lock(record.mutex);
      record.page = args;
    }
    if (write_if_complete(record, options)) done();
    return nullptr;
  });
  app.listen("from-page", [&record](const weft::Event& event) {
    std::lock_guard lock(record.mutex);
    record.backend_events.push_back({{"name", event.name}, {"payload", event.payload}, {"source", event.source}});
  });

  // The watchdog: a test never hangs.
  std::thread([&app, timeout = options.timeout] {
    std::this_thread::sleep_for(std::chrono::seconds(timeout));
    std::fprintf(stderr, "runtime_fixture: timed out after %d s\n", timeout);
    app.exit(124);
  }).detach();

  return app.run(argc, argv);
}
