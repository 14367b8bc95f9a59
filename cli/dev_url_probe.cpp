#include "dev_url_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace weft::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct Target {
  std::string host;
  std::string port;
  std::string path;
  bool tls = false;
};

bool parse(std::string_view url, Target& out) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
    out.port = "80";
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    out.port = "443";
    out.tls = true;
  } else {
    return false;
  }
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.path[0] != '/') out.path.insert(0, "/");
  if (const size_t hash = out.path.find('#'); hash != std::string::npos) out.path.resize(hash);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') out.port = std::string(authority.substr(close + 2));
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  return !out.host.empty() && !out.port.empty();
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc < 0 && errno == EINTR) {
      if (Clock::now() >= deadline) return false;
      continue;
    }
    return rc > 0;
  }
}

bool ask(const addrinfo& address, const Target& target, Clock::time_point deadline) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address.ai_protocol);
  if (fd < 0) return false;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS || !wait_for(fd, POLLOUT, deadline)) return false;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) return false;
  }
  if (target.tls) return true;
  const std::string request = "GET " + target.path + " HTTP/1.0\r\nHost: " + target.host + "\r\nConnection: close\r\n\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  std::string reply;
  while (reply.size() < 5) {
    if (!wait_for(fd, POLLIN, deadline)) return false;
    char buffer[64];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) return false;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    reply.append(buffer, static_cast<size_t>(n));
  }
  return reply.starts_with("HTTP/");
}

} // namespace

bool dev_url_answers(std::string_view url, std::chrono::milliseconds timeout) {
  Target target;
  if (!parse(url, target)) return false;
  const Clock::time_point deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found) != 0) return false;
  bool answered = false;
  for (const addrinfo* a = found; a && !answered && Clock::now() < deadline; a = a->ai_next)
    answered = ask(*a, target, deadline);
  ::freeaddrinfo(found);
  return answered;
}

} // namespace weft::cli
