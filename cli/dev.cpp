// `weft dev`: beforeDevCommand in its own process group, a debug build whose
// windows load build.devUrl (WEFT_DEV_URL) instead of embedded assets, then
// the app, until it exits or weft is interrupted. Whatever weft started dies
// with it (process groups, PR_SET_PDEATHSIG, and the OrphanGuard for SIGKILL).
#include "build_hook.hpp"
#include "build_pipeline.hpp"
#include "change_schedule.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "dev_server.hpp"
#include "dev_url_probe.hpp"
#include "diagnostic_printer.hpp"
#include "file_watcher.hpp"
#include "frontend_files.hpp"
#include "manifest_location.hpp"
#include "orphan_guard.hpp"
#include "project.hpp"

#include <weft/base/interrupt.hpp>
#include <weft/base/process.hpp>
#include <weft/base/status.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/config-schema/acl/project_acl.hpp>

#include <fmt/format.h>

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

using namespace std::chrono_literals;

constexpr auto k_kill_grace = 3000ms;
constexpr std::size_t k_tail_lines = 20;
// Quiet after a change before the build starts or the pages reload (less
// when --debounce is less): one save is a burst of events (a temporary file
// written, then renamed over the source).
constexpr auto k_build_settle = 10ms;
constexpr auto k_reload_quiet = 30ms;

struct DevOptions {
  std::string project_dir;
  std::vector<std::string> config;
  bool release = false;
  bool keep_alive = false;
  bool no_dev_server_wait = false;
  double dev_url_timeout_s = 60;
  bool no_watch = false;
  int debounce_ms = 200;
  int port = 1430;
  std::vector<std::string> app_args;
};

// beforeDevCommand, running: its output goes to stderr prefixed with its
// name, and its last lines are kept for errors.
class DevCommand {
public:
  Result<void> start(const config::Manifest& manifest, const std::vector<std::pair<std::string, std::string>>& env,
                     OrphanGuard& guard) {
    const nlohmann::json& hook = manifest.config.at(nlohmann::json::json_pointer("/build/beforeDevCommand"));
    const fs::path root = manifest.file.parent_path().empty() ? fs::path(".") : manifest.file.parent_path();
    Command command;
    command.cwd = root;
    if (hook.is_string()) {
      m_script = hook.get<std::string>();
    } else {
      m_script = hook.at("script").get<std::string>();
      if (hook.contains("cwd")) command.cwd = root / hook.at("cwd").get<std::string>();
      m_wait = hook.value("wait", false);
    }
    command.argv = shell_command(m_script);
    command.env_set = env;
    command.stdout_mode = OutputMode::lines;
    command.stderr_mode = OutputMode::lines;
    command.on_line = [this](OutputStream, std::string_view line) {
      std::fprintf(stderr, "[beforeDevCommand] %.*s\n", static_cast<int>(line.size()), line.data());
      std::lock_guard lock(m_mutex);
      m_tail.emplace_back(line);
      if (m_tail.size() > k_tail_lines) m_tail.pop_front();
    };
    command.check = CheckExit::no;
    command.leftovers = Leftovers::kill;
    command.die_with_parent = DieWithParent::yes;
    command.kill_grace = k_kill_grace;
    WEFT_TRY_ASSIGN(m_child, start_process(command));
    m_pgid = m_child->pgid();
    guard.add(m_pgid);
    return {};
  }

  bool running() const { return m_child && !m_status; }
  bool wait_requested() const { return m_wait; }
  const std::string& script() const { return m_script; }
  const std::optional<ExitStatus>& status() const { return m_status; }

  // Moves its output along; its exit status once it has exited.
  Result<std::optional<ExitStatus>> poll(std::chrono::milliseconds wait) {
    if (!running()) {
      std::this_thread::sleep_for(wait);
      return m_status;
    }
    WEFT_TRY_ASSIGN(m_status, m_child->poll(wait));
    if (m_status) reap();
    return m_status;
  }

  void stop() {
    if (!m_child) return;
    if (!m_status) m_status = m_child->terminate(k_kill_grace);
    reap();
  }

  std::string tail() {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const std::string& line : m_tail) out += line + '\n';
    return out;
  }

  // Once it has ended, the guard need not kill its group any more.
  void forget(OrphanGuard& guard) {
    if (m_pgid <= 0 || running()) return;
    guard.remove(m_pgid);
    m_pgid = -1;
  }

private:
  void reap() { reap_group_leftovers(m_pgid); }

  std::unique_ptr<Child> m_child;
  std::optional<ExitStatus> m_status;
  pid_t m_pgid = -1;
  std::string m_script;
  bool m_wait = false;
  std::mutex m_mutex;
  std::deque<std::string> m_tail;
};

// What the built-in dev server serves: frontendDist when it is a folder or a
// list of files (validated as `weft build` would); nullopt when it is a URL or
// absent.
Result<std::optional<FrontendRoot>> served_frontend(const config::Manifest& manifest) {
  const nlohmann::json::json_pointer pointer("/build/frontendDist");
  if (!manifest.config.contains(pointer)) return std::nullopt;
  const nlohmann::json& dist = manifest.config.at(pointer);
  if (dist.is_string()) {
    const std::string value = dist.get<std::string>();
    if (value.starts_with("http://") || value.starts_with("https://")) return std::nullopt;
  }
  WEFT_TRY_ASSIGN(std::vector<FrontendFile> files, collect_frontend_files(manifest));
  if (dist.is_string()) {
    const fs::path root = manifest.file.parent_path().empty() ? fs::path(".") : manifest.file.parent_path();
    return FrontendRoot::folder(root / dist.get<std::string>());
  }
  std::map<std::string, fs::path> by_path;
  for (FrontendFile& file : files) by_path.emplace(std::move(file.path), std::move(file.source));
  return FrontendRoot::files(std::move(by_path));
}

int exit_code_of(const ExitStatus& status) { return status.signal != 0 ? 128 + status.signal : status.code; }

// Waits until `url` answers, the dev command dies, the timeout passes or
// weft is interrupted.
Result<void> wait_for_dev_url(const std::string& url, std::chrono::milliseconds timeout, DevCommand& dev,
                              const config::Manifest& manifest) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const Location where = manifest_location(manifest, "/build/devUrl");
  for (;;) {
    if (interrupted()) return fail(Error::interrupted());
    if (dev_url_answers(url, 500ms)) return {};
    if (dev.running() || dev.status()) {
      WEFT_TRY_ASSIGN(std::optional<ExitStatus> ended, dev.poll(100ms));
      if (ended && !dev.wait_requested())
        return fail(Error::tool("beforeDevCommand",
                                fmt::format("`{}` {} before {} answered", dev.script(), ended->describe(), url),
                                dev.tail())
                        .with_location(where)
                        .with_hint("the dev server must keep running while `weft dev` runs; its output is above"));
    } else {
      std::this_thread::sleep_for(100ms);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string message = fmt::format("{} did not answer within {} s", url, timeout.count() / 1000.0);
      return fail(Error::tool("devUrl", std::move(message), dev.tail())
                      .with_location(where)
                      .with_hint("start the dev server with build.beforeDevCommand, or check build.devUrl; "
                                 "--dev-url-timeout waits longer, --no-dev-server-wait not at all"));
    }
  }
}

Result<int> run_dev(const DevOptions& options, const GlobalOptions& global) {
  // Before any thread exists: the guard is a fork.
  WEFT_TRY_ASSIGN(OrphanGuard guard, OrphanGuard::start());
  install_interrupt_handlers();
  std::unique_ptr<Status> status;
  if (global.verbosity > 0 || ::isatty(STDERR_FILENO) == 1)
    status = std::make_unique<TerminalStatus>(stderr, TerminalStatusOptions{verbosity_from_level(global.verbosity)});
  else
    status = std::make_unique<NullStatus>();
  Steps steps(*status);
  SystemProcessRunner runner;

  PipelineOptions pipeline;
  WEFT_TRY_ASSIGN(pipeline.project_dir, find_project_dir(options.project_dir));
  pipeline.debug = !options.release;
  pipeline.forward_output = global.verbosity > 0;
  WEFT_TRY_ASSIGN(config::Manifest manifest, load_app_manifest(pipeline.project_dir, options.config, steps, global));
  const nlohmann::json::json_pointer dev_url_pointer("/build/devUrl");
  const std::string dev_url =
      manifest.config.contains(dev_url_pointer) ? manifest.config.at(dev_url_pointer).get<std::string>() : "";
  // Without a devUrl, frontendDist is served by weft itself, live-reloaded.
  std::unique_ptr<DevServer> server;
  std::optional<FrontendRoot> served;
  if (dev_url.empty()) {
    WEFT_TRY_ASSIGN(served, served_frontend(manifest));
  }
  if (served) {
    DevServerOptions server_options;
    server_options.root = *served;
    server_options.port = options.port;
    server_options.csp = manifest.config.value(nlohmann::json::json_pointer("/app/security/csp"), nlohmann::json());
    server_options.csp_disable_modification = manifest.config.value(
        nlohmann::json::json_pointer("/app/security/dangerousDisableAssetCspModification"), nlohmann::json(false));
    WEFT_TRY_ASSIGN(server, DevServer::start(std::move(server_options)));
    const std::string what =
        served->dir().empty() ? std::string("frontendDist") : config::acl::display_path(served->dir()) + "/";
    const std::string busy = server->port() == options.port ? "" : fmt::format(" (port {} is busy)", options.port);
    std::fprintf(stderr, "weft dev: serving %s on %s%s\n", what.c_str(), server->url().c_str(), busy.c_str());
  }
  const std::string app_url = server ? server->url() : dev_url;
  pipeline.embed_frontend = app_url.empty();

  DevCommand dev;
  if (manifest.config.contains(nlohmann::json::json_pointer("/build/beforeDevCommand"))) {
    WEFT_TRY(dev.start(manifest, hook_environment(bundlers::host_triple(), pipeline.debug), guard));
    if (dev.wait_requested()) {
      std::optional<ExitStatus> ended;
      while (!ended) {
        WEFT_TRY_ASSIGN(ended, dev.poll(100ms));
      }
      if (!ended->success())
        return fail(Error::tool("beforeDevCommand", fmt::format("`{}` {}", dev.script(), ended->describe()), dev.tail())
                        .with_location(manifest_location(manifest, "/build/beforeDevCommand")));
    }
  }
  auto stop_all = [&] {
    dev.stop();
    dev.forget(guard);
  };

  // Builds beside the dev command, whose output this thread moves along, as
  // it calls `tick` every 50 ms.
  auto build_beside_dev = [&](const config::Manifest& m,
                              const std::function<void()>& tick = {}) -> Result<PipelineResult> {
    std::optional<Result<PipelineResult>> built;
    std::atomic<bool> build_done = false;
    std::thread builder([&] {
      built = build_app(pipeline, m, steps, global, runner);
      build_done = true;
    });
    while (!build_done) {
      auto polled = dev.poll(50ms);
      if (!polled && !build_done) std::this_thread::sleep_for(50ms); // interrupted: the build stops by itself
      if (tick) tick();
    }
    builder.join();
    status->finish();
    return std::move(*built);
  };
  auto built = build_beside_dev(manifest);
  if (!built) {
    stop_all();
    return fail(std::move(built.error()));
  }
  const fs::path binary = built->binary;

  if (!dev_url.empty() && !options.no_dev_server_wait) {
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(options.dev_url_timeout_s * 1000));
    if (auto ready = wait_for_dev_url(dev_url, timeout, dev, manifest); !ready) {
      stop_all();
      return fail(std::move(ready.error()));
    }
  }

  Command app;
  app.argv = {fs::absolute(binary).string()};
  app.argv.insert(app.argv.end(), options.app_args.begin(), options.app_args.end());
  app.cwd = pipeline.project_dir;
  if (!app_url.empty()) app.env_set = {{"WEFT_DEV_URL", app_url}};
  app.stdout_mode = OutputMode::inherit;
  app.stderr_mode = OutputMode::inherit;
  app.check = CheckExit::no;
  app.leftovers = Leftovers::kill;
  app.die_with_parent = DieWithParent::yes;
  app.kill_grace = k_kill_grace;
  std::unique_ptr<Child> child;
  pid_t app_pgid = -1;
  auto stop_app = [&] {
    if (!child) return;
    child->terminate(k_kill_grace);
    reap_group_leftovers(app_pgid);
    guard.remove(app_pgid);
    child.reset();
  };
  auto start_app = [&]() -> Result<void> {
    WEFT_TRY_ASSIGN(child, start_process(app));
    app_pgid = child->pgid();
    guard.add(app_pgid);
    std::fprintf(stderr, "weft dev: running %s (pid %d)%s\n", config::acl::display_path(binary).c_str(),
                 static_cast<int>(child->pid()), app_url.empty() ? "" : fmt::format(" on {}", app_url).c_str());
    return {};
  };
  // The old app is told to stop before the new one starts, and awaited
  // after: its shutdown (GTK and WebKit tear-down) overlaps the new start.
  auto restart_app = [&]() -> Result<void> {
    std::unique_ptr<Child> old = std::move(child);
    const pid_t old_pgid = app_pgid;
    if (old) ::kill(-old_pgid, SIGTERM);
    auto started = start_app();
    if (old) {
      old->terminate(k_kill_grace);
      reap_group_leftovers(old_pgid);
      guard.remove(old_pgid);
    }
    return started;
  };
  if (auto started = start_app(); !started) {
    stop_all();
    return fail(std::move(started.error()));
  }

  // Backend sources, the manifest and overlays, capabilities/ and permissions/
  // (all under the project or the CMake source folder) and
  // build.additionalWatchFolders. With a devUrl the frontend is the dev
  // server's business: frontendDist is not watched. Without one, a change
  // under frontendDist reloads the pages and never touches the backend.
  std::optional<FileWatcher> watcher;
  if (!options.no_watch) {
    WEFT_TRY_ASSIGN(FileWatcher opened, FileWatcher::open(pipeline.project_dir, IgnoreRules::load(pipeline.project_dir)));
    watcher.emplace(std::move(opened));
    std::vector<fs::path> excluded;
    const nlohmann::json::json_pointer dist("/build/frontendDist");
    if (!dev_url.empty() && manifest.config.contains(dist) && manifest.config.at(dist).is_string())
      excluded.push_back(pipeline.project_dir / manifest.config.at(dist).get<std::string>());
    std::vector<fs::path> trees = {pipeline.project_dir};
    const nlohmann::json::json_pointer source_dir("/build/backend/sourceDir");
    if (manifest.config.contains(source_dir))
      trees.push_back(pipeline.project_dir / manifest.config.at(source_dir).get<std::string>());
    const nlohmann::json::json_pointer extra("/build/additionalWatchFolders");
    if (manifest.config.contains(extra) && manifest.config.at(extra).is_array())
      for (const nlohmann::json& folder : manifest.config.at(extra))
        if (folder.is_string()) trees.push_back(pipeline.project_dir / folder.get<std::string>());
    if (served && !served->dir().empty()) trees.push_back(served->dir());
    for (const fs::path& tree : trees) WEFT_TRY(watcher->watch_tree(tree, excluded));
  }
  const std::chrono::milliseconds debounce(options.debounce_ms);
  ChangeSchedule schedule(debounce, std::min<std::chrono::milliseconds>(debounce, k_build_settle),
                          std::min<std::chrono::milliseconds>(debounce, k_reload_quiet));
  auto take_changes = [&] {
    if (!watcher) return;
    const auto now = std::chrono::steady_clock::now();
    for (const fs::path& changed : watcher->take_changes()) {
      if (served && served->contains(changed))
        schedule.frontend_changed(now);
      else
        schedule.backend_changed(now);
    }
  };

  // A build of the changed backend, the manifest and ACL re-validated first.
  // A failure keeps the running app and is printed, unless changes made
  // during the build already call for the next one.
  auto rebuild = [&]() -> Result<void> {
    std::fprintf(stderr, "weft dev: change detected, rebuilding\n");
    schedule.build_started();
    auto reloaded = load_app_manifest(pipeline.project_dir, options.config, steps, global);
    std::optional<Result<PipelineResult>> result;
    if (reloaded) result = build_beside_dev(*reloaded, take_changes);
    const Error* error = !reloaded ? &reloaded.error() : !*result ? &result->error() : nullptr;
    if (error && error->code() == ExitCode::interrupted) return fail(*error);
    take_changes();
    schedule.build_finished(error == nullptr);
    if (error && !schedule.stale()) {
      print_error(stderr, *error, global.color);
      std::fprintf(stderr, "weft dev: build failed; the running app is kept\n");
    }
    return {};
  };
  Result<int> outcome = 0;
  for (;;) {
    if (interrupted()) {
      outcome = fail(Error::interrupted());
      break;
    }
    // Sleeps until a change, a signal or the next deadline (50 ms at most:
    // the app's exit and the dev command's output are polled below).
    const auto wait = schedule.wait(std::chrono::steady_clock::now(), 50ms);
    std::array<pollfd, 2> fds{};
    nfds_t count = 0;
    if (watcher) fds[count++] = {watcher->fd(), POLLIN, 0};
    if (interrupt_wake_fd() >= 0) fds[count++] = {interrupt_wake_fd(), POLLIN, 0};
    ::poll(fds.data(), count, static_cast<int>(wait.count()));
    take_changes();
    if (schedule.reload_due(std::chrono::steady_clock::now())) {
      schedule.reloaded();
      server->reload();
      std::fprintf(stderr, "weft dev: frontend changed, reloading (%zu page(s) connected)\n", server->streams());
    }
    if (schedule.build_due(std::chrono::steady_clock::now())) {
      if (auto rebuilt = rebuild(); !rebuilt) {
        outcome = fail(std::move(rebuilt.error()));
        break;
      }
    }
    if (schedule.restart_due(std::chrono::steady_clock::now())) {
      schedule.restarted();
      if (auto started = restart_app(); !started) {
        outcome = fail(std::move(started.error()));
        break;
      }
    }
    if (child) {
      auto polled = child->poll(0ms);
      if (!polled) {
        outcome = fail(std::move(polled.error()));
        break;
      }
      if (*polled) {
        const int code = exit_code_of(**polled);
        stop_app();
        if (!options.keep_alive) {
          outcome = code;
          break;
        }
        std::fprintf(stderr, "weft dev: the app %s; still running (--keep-alive), Ctrl-C ends\n",
                     (*polled)->describe().c_str());
      }
    }
    auto polled = dev.poll(0ms);
    if (!polled) {
      outcome = fail(std::move(polled.error()));
      break;
    }
    if (*polled) dev.forget(guard);
  }
  stop_app();
  stop_all();
  return outcome;
}

} // namespace

void setup_dev(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<DevOptions>();
  CLI::App* command = root.add_subcommand(
      "dev", "Run the app in development: beforeDevCommand, a debug build loading build.devUrl, the app");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  command->add_flag("-r,--release", options->release, "Release profile (target/release/) instead of debug");
  command->add_flag("--keep-alive", options->keep_alive, "Keep running when the app exits (until Ctrl-C)");
  command->add_flag("--no-dev-server-wait", options->no_dev_server_wait,
                    "Start the app without waiting for build.devUrl to answer");
  command->add_option("--dev-url-timeout", options->dev_url_timeout_s,
                      "Seconds to wait for build.devUrl to answer (default 60)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--no-watch", options->no_watch, "Do not rebuild and restart the app when a source changes");
  command
      ->add_option("--debounce", options->debounce_ms,
                   "Milliseconds without a change before the rebuilt app restarts (the build starts at once)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--port", options->port,
                   "Port of the built-in dev server, used when build.devUrl is unset (the next free one if busy)")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  command->add_option("args", options->app_args, "Arguments for the app, after `--`");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_dev(*options, global); };
  });
}

} // namespace weft::cli
