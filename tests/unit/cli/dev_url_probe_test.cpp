#include "dev_url_probe.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

using namespace std::chrono_literals;

// A socket listening on 127.0.0.1 at a free port.
struct Listener {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int port = 0;
  Listener() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    EXPECT_EQ(::listen(fd, 4), 0);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  ~Listener() { ::close(fd); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/index.html"; }
};

TEST(DevUrlProbe, AnyHttpStatusAnswers) {
  Listener server;
  std::thread reply([&] {
    const int client = ::accept(server.fd, nullptr, nullptr);
    char buffer[512];
    const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    const std::string request(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    EXPECT_EQ(request.rfind("GET /index.html HTTP/1.0\r\n", 0), 0u) << request;
    const std::string answer = "HTTP/1.0 404 Not Found\r\n\r\n";
    ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(client);
  });
  EXPECT_TRUE(dev_url_answers(server.url(), 2000ms));
  reply.join();
}

TEST(DevUrlProbe, SilentServerTimesOut) {
  Listener server; // accepts (the kernel does) but never answers
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(dev_url_answers(server.url(), 300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(DevUrlProbe, NothingListening) {
  int port;
  {
    Listener closed;
    port = closed.port;
  }
  EXPECT_FALSE(dev_url_answers("http://127.0.0.1:" + std::to_string(port) + "/", 500ms));
}

TEST(DevUrlProbe, NotAnHttpUrl) {
  EXPECT_FALSE(dev_url_answers("ftp://127.0.0.1/", 100ms));
  EXPECT_FALSE(dev_url_answers("http://", 100ms));
}

} // namespace
} // namespace weft::cli
