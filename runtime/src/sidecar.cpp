#include <weft/runtime/sidecar.hpp>

#include "app_core.hpp"
#include "sidecar_scope.hpp"

#include <weft/base/process.hpp>

#include <algorithm>
#include <filesystem>
#include <future>

namespace weft {
namespace {

std::filesystem::path executable_dir() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::current_path() : self.parent_path();
}

bool declared(const nlohmann::json& config, std::string_view name) {
  auto bundle = config.find("bundle");
  if (bundle == config.end() || !bundle->is_object()) return false;
  auto bins = bundle->find("externalBin");
  if (bins == bundle->end() || !bins->is_array()) return false;
  return std::any_of(bins->begin(), bins->end(),
                     [name](const nlohmann::json& bin) { return bin.is_string() && bin.get<std::string>() == name; });
}

} // namespace

Result<std::shared_ptr<Sidecar>> Sidecar::spawn(App& app, std::string_view name, std::vector<std::string> args,
                                                SidecarOptions options) {
  detail::AppCore& core = app.core();
  if (!declared(core.config(), name))
    return fail(Error::input("`" + std::string(name) + "` is not a sidecar of this app")
                    .with_hint("declare it in bundle.externalBin"));
  if (options.scopes) WEFT_TRY(runtime::check_sidecar_scope(*options.scopes, name, args));
  WEFT_TRY_ASSIGN(std::filesystem::path program, runtime::resolve_sidecar_path(name, executable_dir()));

  std::shared_ptr<Sidecar> sidecar(new Sidecar(core.next_sidecar_id(), std::string(name)));
  Command command;
  command.argv.push_back(program.string());
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.stdout_mode = OutputMode::lines;
  command.stderr_mode = OutputMode::lines;
  command.check = CheckExit::no;
  command.die_with_parent = DieWithParent::yes;
  const std::optional<std::string> target =
      options.window.empty() ? std::nullopt : std::optional<std::string>(options.window);
  const std::uint64_t id = sidecar->m_id;
  const std::string sidecar_name = sidecar->m_name;
  command.on_line = [&core, target, id, sidecar_name](OutputStream stream, std::string_view line) {
    core.emit(stream == OutputStream::out ? "sidecar:stdout" : "sidecar:stderr",
              {{"id", id}, {"name", sidecar_name}, {"line", std::string(line)}}, "", target);
  };

  // The thread that starts the child outlives it, as PR_SET_PDEATHSIG needs.
  std::promise<Result<pid_t>> started;
  std::future<Result<pid_t>> pid = started.get_future();
  Sidecar* self = sidecar.get();
  sidecar->m_thread = std::thread([self, &core, command = std::move(command), &started, target]() mutable {
    Result<std::unique_ptr<Child>> child = start_process(command);
    if (!child) {
      self->m_finished.store(true);
      started.set_value(fail(child.error()));
      return;
    }
    started.set_value((*child)->pid());
    ExitStatus status;
    while (true) {
      if (self->m_stop.load()) {
        status = (*child)->terminate(std::chrono::milliseconds(1000));
        break;
      }
      Result<std::optional<ExitStatus>> polled = (*child)->poll(std::chrono::milliseconds(100));
      if (!polled) {
        status = (*child)->terminate(std::chrono::milliseconds(1000));
        break;
      }
      if (*polled) {
        status = **polled;
        break;
      }
    }
    self->m_finished.store(true);
    core.emit("sidecar:terminated",
              {{"id", self->m_id}, {"name", self->m_name}, {"code", status.code}, {"signal", status.signal}}, "",
              target);
  });
  Result<pid_t> result = pid.get();
  if (!result) {
    sidecar->m_thread.join();
    return fail(result.error());
  }
  sidecar->m_pid = *result;
  core.add_sidecar(sidecar);
  return sidecar;
}

void Sidecar::kill() {
  m_stop.store(true);
  std::lock_guard lock(m_kill_mutex);
  if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) m_thread.join();
}

Sidecar::~Sidecar() { kill(); }

} // namespace weft
