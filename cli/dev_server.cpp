#include "dev_server.hpp"

#include "http_request.hpp"
#include "live_reload.hpp"

#include <weft/base/file.hpp>
#include <weft/base/mime.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <list>
#include <thread>
#include <vector>

namespace weft::cli {

namespace {

constexpr int k_ports_tried = 100;
constexpr std::size_t k_max_head = 64 * 1024;
constexpr std::size_t k_max_connections = 512;
constexpr std::string_view k_reload_event = "event: reload\ndata: \n\n";

struct Connection {
  int fd = -1;
  std::string in;
  std::string out;
  std::size_t sent = 0;
  bool stream = false; // an open event stream
  bool close_when_sent = false;
};

std::string_view reason_of(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 301:
    return "Moved Permanently";
  case 400:
    return "Bad Request";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  default:
    return "Error";
  }
}

// Percent-encodes what may not appear raw in a Location header.
std::string encode_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::strchr("/-._~!$&'()*+,;=:@", c) != nullptr)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

struct Response {
  int status = 200;
  std::string content_type = "text/plain";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

Response error_response(int status) {
  Response response;
  response.status = status;
  response.body = fmt::format("{} {}\n", status, reason_of(status));
  return response;
}

} // namespace

class DevServer::Impl {
public:
  Impl(DevServerOptions options, int listen_fd, int wake_fd, int port)
      : m_options(std::move(options)), m_listen(listen_fd), m_wake(wake_fd), m_port(port) {
    m_thread = std::thread([this] { loop(); });
  }

  ~Impl() {
    m_stopping = true;
    wake();
    m_thread.join();
    for (Connection& c : m_connections) ::close(c.fd);
    ::close(m_listen);
    ::close(m_wake);
  }

  int port() const { return m_port; }
  std::size_t streams() const { return m_stream_count; }

  void reload() {
    m_reload_requested = true;
    wake();
  }

private:
  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(m_wake, &one, sizeof one);
  }

  void loop() {
    std::vector<pollfd> fds;
    while (!m_stopping) {
      fds.clear();
      fds.push_back({m_wake, POLLIN, 0});
      fds.push_back({m_listen, static_cast<short>(m_connections.size() < k_max_connections ? POLLIN : 0), 0});
      for (const Connection& c : m_connections) {
        short events = POLLIN;
        if (c.sent < c.out.size()) events |= POLLOUT;
        fds.push_back({c.fd, events, 0});
      }
      if (::poll(fds.data(), fds.size(), -1) < 0) continue; // EINTR: a signal for the dev loop
      if (fds[0].revents & POLLIN) {
        std::uint64_t count;
        [[maybe_unused]] ssize_t n = ::read(m_wake, &count, sizeof count);
        if (m_stopping) break;
        if (m_reload_requested.exchange(false))
          for (Connection& c : m_connections)
            if (c.stream) c.out += k_reload_event;
      }
      if (fds[1].revents & POLLIN) accept_all();
      std::size_t index = 2;
      for (auto it = m_connections.begin(); it != m_connections.end(); ++index) {
        // Connections accepted in this round have no pollfd yet.
        const short revents = index < fds.size() && fds[index].fd == it->fd ? fds[index].revents : 0;
        if (!serve(*it, revents)) {
          if (it->stream) --m_stream_count;
          ::close(it->fd);
          it = m_connections.erase(it);
        } else {
          ++it;
        }
      }
    }
  }

  void accept_all() {
    while (m_connections.size() < k_max_connections) {
      const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      m_connections.push_back(Connection{fd, {}, {}, 0, false, false});
    }
  }

  // Reads, answers and writes what it can; false once the connection is done.
  bool serve(Connection& c, short revents) {
    if (revents & POLLIN || (revents & (POLLHUP | POLLERR))) {
      char buffer[16384];
      for (;;) {
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
          if (!c.stream && !c.close_when_sent) c.in.append(buffer, static_cast<std::size_t>(n));
          if (c.in.size() > 4 * k_max_head) break;
          continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return false;
      }
    }
    while (!c.stream && !c.close_when_sent && !c.in.empty()) {
      const HttpParseResult parsed = parse_http_request(c.in);
      if (parsed.state == HttpParse::incomplete) {
        if (c.in.size() > k_max_head) {
          queue(c, error_response(431), false, false);
          c.close_when_sent = true;
        }
        break;
      }
      if (parsed.state == HttpParse::bad) {
        queue(c, error_response(400), false, false);
        c.close_when_sent = true;
        break;
      }
      c.in.erase(0, parsed.consumed);
      answer(c, parsed.request);
    }
    return flush(c);
  }

  void answer(Connection& c, const HttpRequest& request) {
    const bool head = request.method == "HEAD";
    bool keep_alive = request.keep_alive && !request.has_body;
    if (request.method != "GET" && !head) {
      Response response = error_response(405);
      response.headers.emplace_back("Allow", "GET, HEAD");
      queue(c, response, false, false);
      c.close_when_sent = true;
      return;
    }
    if (request.path == k_live_reload_path) {
      Response response;
      response.content_type = "text/event-stream";
      response.body = "retry: 500\n\n";
      if (head) {
        queue(c, response, true, keep_alive);
        if (!keep_alive) c.close_when_sent = true;
      } else {
        queue(c, response, false, true, true);
        c.stream = true;
        c.in.clear();
        ++m_stream_count;
      }
      return;
    }
    const ServedPath served = m_options.root.resolve(request.path);
    Response response;
    switch (served.kind) {
    case Served::not_found:
      response = error_response(404);
      break;
    case Served::forbidden:
      response = error_response(403);
      break;
    case Served::redirect:
      response = error_response(301);
      response.headers.emplace_back("Location", encode_path(served.location));
      break;
    case Served::file: {
      Result<std::string> content = read_file(served.file);
      if (!content) {
        response = error_response(404); // gone since it was resolved
        break;
      }
      response.content_type = std::string(mime_type_for_path(served.file.filename().string()));
      if (response.content_type == "text/html") {
        response.body = inject_live_reload(*content);
        if (auto csp = dev_page_csp(m_options.csp, m_options.csp_disable_modification, response.body))
          response.headers.emplace_back("Content-Security-Policy", std::move(*csp));
      } else {
        response.body = std::move(*content);
      }
      break;
    }
    }
    queue(c, response, head, keep_alive);
    if (!keep_alive) c.close_when_sent = true;
  }

  static void queue(Connection& c, const Response& response, bool head, bool keep_alive, bool stream = false) {
    std::string& out = c.out;
    out += fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason_of(response.status));
    out += fmt::format("Content-Type: {}\r\n", response.content_type);
    if (!stream) out += fmt::format("Content-Length: {}\r\n", response.body.size());
    out += "Cache-Control: no-store\r\n";
    for (const auto& [name, value] : response.headers) out += fmt::format("{}: {}\r\n", name, value);
    out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!head) out += response.body;
  }

  static bool flush(Connection& c) {
    while (c.sent < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      return false;
    }
    c.out.clear();
    c.sent = 0;
    return !c.close_when_sent;
  }

  DevServerOptions m_options;
  int m_listen;
  int m_wake;
  int m_port;
  std::list<Connection> m_connections;
  std::atomic<bool> m_stopping = false;
  std::atomic<bool> m_reload_requested = false;
  std::atomic<std::size_t> m_stream_count = 0;
  std::thread m_thread;
};

DevServer::DevServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DevServer::~DevServer() = default;

Result<std::unique_ptr<DevServer>> DevServer::start(DevServerOptions options) {
  const int first = options.port;
  for (int port = first; port < first + k_ports_tried && port <= 65535; ++port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(Error::io("a socket", errno, "open"));
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EADDRINUSE || error == EACCES) continue;
      return fail(Error::io(fmt::format("127.0.0.1:{}", port), error, "listen on"));
    }
    if (::listen(fd, SOMAXCONN) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EADDRINUSE) continue;
      return fail(Error::io(fmt::format("127.0.0.1:{}", port), error, "listen on"));
    }
    const int wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake < 0) {
      const int error = errno;
      ::close(fd);
      return fail(Error::io("an eventfd", error, "open"));
    }
    return std::unique_ptr<DevServer>(new DevServer(std::make_unique<Impl>(std::move(options), fd, wake, port)));
  }
  return fail(Error(ExitCode::input, fmt::format("ports {} to {} on 127.0.0.1 are all busy", first,
                                                 std::min(first + k_ports_tried - 1, 65535)))
                  .with_hint("choose another with --port"));
}

int DevServer::port() const { return m_impl->port(); }
std::string DevServer::url() const { return fmt::format("http://127.0.0.1:{}/", m_impl->port()); }
void DevServer::reload() { m_impl->reload(); }
std::size_t DevServer::streams() const { return m_impl->streams(); }

} // namespace weft::cli
