#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace weft::cli {

// Whether the dev server at `url` (http://host[:port]/path) answers: a TCP
// connection, a GET, and a status line back, any status, within `timeout`.
// For https:// a TCP connection is enough (weft speaks no TLS itself).
bool dev_url_answers(std::string_view url, std::chrono::milliseconds timeout);

} // namespace weft::cli
