#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace weft {

class App;

namespace detail {
struct ReplyState;
}

// The scope values the ACL grants the caller for one command: the merged
// `scope.allow` and `scope.deny` of every capability grant that matched the
// caller, plus those of scope-only permissions of the command's prefix. What
// the values mean belongs to the command; a deny value always wins over an
// allow value.
struct Scopes {
  std::vector<nlohmann::json> allow;
  std::vector<nlohmann::json> deny;

  bool empty() const { return allow.empty() && deny.empty(); }
};

// One call of a command, from a page (or from C++ for testing).
struct Invocation {
  std::string command;    // "greet", "core:window|set_title"
  nlohmann::json args;    // always an object
  std::string window;     // the calling window's label
  std::string webview;    // the calling webview's label (the window's, in weft)
  std::string url;        // the page's URL when the call arrived
  Scopes scopes;          // what the ACL grants this caller for this command
  App* app = nullptr;
};

// Thrown by a command handler to reject the call with `what()` as the
// JavaScript error's message; any other std::exception does the same.
class CommandError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The answer to one invocation, for asynchronous handlers. Copies share one
// answer: the first resolve() or reject() settles the JavaScript Promise and
// later calls do nothing. Safe to use from any thread; the Promise is settled
// on the GTK main thread. When the last copy is destroyed unanswered the
// Promise is rejected ("the command dropped its reply").
class Reply {
public:
  explicit Reply(std::shared_ptr<detail::ReplyState> state) : m_state(std::move(state)) {}

  void resolve(nlohmann::json value) const;
  void reject(std::string message) const;
  // Whether resolve() or reject() has been called.
  bool settled() const;

private:
  std::shared_ptr<detail::ReplyState> m_state;
};

} // namespace weft
