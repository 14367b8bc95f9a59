#include "csp.hpp"
#include "dev_server.hpp"
#include "live_reload.hpp"
#include "test_dir.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A blocking client socket connected to 127.0.0.1:port.
struct Client {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  explicit Client(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  }
  ~Client() { ::close(fd); }
  void send(std::string_view text) const {
    ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
  }
  // Reads until `done` says the text is complete, the peer closes or 5 s pass.
  template <typename Done> std::string read_until(Done done) const {
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done(text) && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      text.append(buffer, static_cast<size_t>(n));
    }
    return text;
  }
  // One whole response with a Content-Length.
  std::string response() const {
    return read_until([](const std::string& t) {
      const size_t end = t.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      const size_t at = t.find("Content-Length: ");
      if (at == std::string::npos || at > end) return true;
      return t.size() >= end + 4 + std::stoul(t.substr(at + 16));
    });
  }
};

std::string body_of(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

struct Served {
  test::TempDir dir;
  std::unique_ptr<DevServer> server;
  explicit Served(nlohmann::json csp = "default-src 'self'") {
    fs::create_directories(dir / "ui" / "js");
    std::ofstream(dir / "ui" / "index.html")
        << "<html><head><title>t</title></head><body><script>go()</script></body></html>";
    std::ofstream(dir / "ui" / "js" / "main.js") << "console.log(1)";
    std::ofstream(dir / "secret.txt") << "secret";
    DevServerOptions options;
    options.root = FrontendRoot::folder(dir / "ui");
    options.port = 20000 + static_cast<int>(::getpid() % 20000);
    options.csp = std::move(csp);
    auto started = DevServer::start(std::move(options));
    EXPECT_TRUE(started) << started.error().message();
    server = std::move(*started);
  }
};

TEST(DevServer, ServesIndexWithTheScriptAndItsCsp) {
  Served site;
  Client client(site.server->port());
  client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string response = client.response();
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Type: text/html\r\n"), std::string::npos);
  EXPECT_NE(response.find("Cache-Control: no-store\r\n"), std::string::npos);
  const std::string body = body_of(response);
  EXPECT_EQ(body, inject_live_reload("<html><head><title>t</title></head><body><script>go()</script></body></html>"));
  EXPECT_NE(response.find("Content-Security-Policy: default-src 'self'; script-src 'self' " +
                          csp_hash_source(live_reload_script()) + " " + csp_hash_source("go()") + "\r\n"),
            std::string::npos)
      << response;
}

TEST(DevServer, KeepAliveAndPipelinedRequests) {
  Served site;
  Client client(site.server->port());
  client.send("GET /js/main.js HTTP/1.1\r\n\r\nHEAD /js/main.js HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n");
  const std::string all =
      client.read_until([](const std::string& t) { return t.find("404 Not Found\n") != std::string::npos; });
  // The JS file unchanged, then the HEAD answer without a body, then a 404.
  EXPECT_EQ(all.find("HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nContent-Length: 14\r\n"), 0u) << all;
  const size_t second = all.find("HTTP/1.1 200 OK", 1);
  ASSERT_NE(second, std::string::npos) << all;
  EXPECT_NE(all.find("console.log(1)HTTP/1.1 200 OK"), std::string::npos) << all;
  EXPECT_NE(all.find("Connection: keep-alive\r\n\r\nHTTP/1.1 404 Not Found\r\n"), std::string::npos) << all;
}

TEST(DevServer, RefusesEscapesAndOtherMethods) {
  Served site;
  {
    Client client(site.server->port());
    client.send("GET /../secret.txt HTTP/1.1\r\n\r\n");
    EXPECT_EQ(client.response().rfind("HTTP/1.1 403 Forbidden\r\n", 0), 0u);
  }
  {
    Client client(site.server->port());
    client.send("GET /%2e%2e/secret.txt HTTP/1.1\r\n\r\n");
    EXPECT_EQ(client.response().rfind("HTTP/1.1 403 Forbidden\r\n", 0), 0u);
  }
  {
    Client client(site.server->port());
    client.send("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");
    const std::string response = client.response();
    EXPECT_EQ(response.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u);
    EXPECT_NE(response.find("Allow: GET, HEAD\r\n"), std::string::npos);
  }
  {
    Client client(site.server->port());
    client.send("garbage\r\n\r\n");
    EXPECT_EQ(client.response().rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  }
  {
    Client client(site.server->port());
    client.send("GET /js HTTP/1.1\r\n\r\n");
    const std::string response = client.response();
    EXPECT_EQ(response.rfind("HTTP/1.1 301 Moved Permanently\r\n", 0), 0u);
    EXPECT_NE(response.find("Location: /js/\r\n"), std::string::npos);
  }
}

TEST(DevServer, ReloadReachesEveryStream) {
  Served site;
  std::vector<std::unique_ptr<Client>> pages;
  for (int i = 0; i < 20; ++i) {
    pages.push_back(std::make_unique<Client>(site.server->port()));
    pages.back()->send("GET /__weft/reload HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n");
    const std::string head =
        pages.back()->read_until([](const std::string& t) { return t.ends_with("retry: 500\n\n"); });
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n", 0), 0u) << head;
  }
  EXPECT_EQ(site.server->streams(), 20u);
  // Ordinary requests are served meanwhile.
  Client other(site.server->port());
  other.send("GET /js/main.js HTTP/1.1\r\n\r\n");
  EXPECT_EQ(body_of(other.response()), "console.log(1)");

  site.server->reload();
  for (const auto& page : pages)
    EXPECT_EQ(page->read_until([](const std::string& t) { return t.ends_with("\n\n"); }), "event: reload\ndata: \n\n");
  pages.resize(5);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (site.server->streams() != 5 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(site.server->streams(), 5u);
}

TEST(DevServer, BusyPortTakesTheNextFree) {
  Served first;
  DevServerOptions options;
  options.root = FrontendRoot::folder(first.dir / "ui");
  options.port = first.server->port();
  auto second = DevServer::start(std::move(options));
  ASSERT_TRUE(second);
  EXPECT_GT((*second)->port(), first.server->port());
  EXPECT_EQ((*second)->url(), "http://127.0.0.1:" + std::to_string((*second)->port()) + "/");
  Client client((*second)->port());
  client.send("GET /js/main.js HTTP/1.0\r\n\r\n");
  const std::string response = client.response();
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(body_of(response), "console.log(1)");
}

} // namespace
} // namespace weft::cli
