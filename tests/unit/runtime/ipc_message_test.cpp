#include "ipc_message.hpp"

#include <gtest/gtest.h>

namespace weft::runtime {
namespace {

IpcParse parse(const std::string& text, std::size_t limit = 1024) { return parse_ipc_message(text, "k3y", limit); }

TEST(IpcMessage, Accepts) {
  IpcParse parsed = parse(R"({"key":"k3y","cmd":"greet","args":{"name":"x"}})");
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.request.command, "greet");
  EXPECT_EQ(parsed.request.args, nlohmann::json({{"name", "x"}}));
  parsed = parse(R"({"key":"k3y","cmd":"core:window|title"})");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.request.args, nlohmann::json::object());
  EXPECT_TRUE(parse(R"({"key":"k3y","cmd":"a","args":null})").ok);
}

TEST(IpcMessage, RefusesMalformed) {
  struct Case {
    std::string text, error;
  };
  for (const Case& c : std::vector<Case>{
           {"{not json", "not JSON"},
           {"", "not JSON"},
           {"[1]", "not a JSON object"},
           {R"("text")", "not a JSON object"},
           {R"({"cmd":"greet"})", "does not come from the weft bridge"},
           {R"({"key":"other","cmd":"greet"})", "does not come from the weft bridge"},
           {R"({"key":1,"cmd":"greet"})", "does not come from the weft bridge"},
           {R"({"key":"k3y"})", "`cmd` must be a string"},
           {R"({"key":"k3y","cmd":7})", "`cmd` must be a string"},
           {R"({"key":"k3y","cmd":""})", "`cmd` must be 1 to 256 characters"},
           {R"({"key":"k3y","cmd":"a b"})", "space or a control character"},
           {R"({"key":"k3y","cmd":"a","args":[1]})", "`args` must be an object"},
           {R"({"key":"k3y","cmd":"a","args":"x"})", "`args` must be an object"},
       }) {
    const IpcParse parsed = parse(c.text);
    EXPECT_FALSE(parsed.ok) << c.text;
    EXPECT_NE(parsed.error.find(c.error), std::string::npos) << c.text << " → " << parsed.error;
  }
  EXPECT_FALSE(parse(R"({"key":"k3y","cmd":")" + std::string(300, 'a') + "\"}", 4096).ok);
}

TEST(IpcMessage, SizeLimitComesBeforeParsing) {
  const std::string big = R"({"key":"k3y","cmd":"a","args":{"blob":")" + std::string(2000, 'x') + "\"}}";
  const IpcParse parsed = parse(big, 1024);
  EXPECT_FALSE(parsed.ok);
  EXPECT_NE(parsed.error.find("more than the limit of 1024 bytes"), std::string::npos) << parsed.error;
  EXPECT_TRUE(parse(big, big.size()).ok);
}

TEST(IpcMessage, DeepNestingDoesNotCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(parse(deep, deep.size()).ok);
}

TEST(IpcMessage, Replies) {
  EXPECT_EQ(ipc_ok_reply({{"a", 1}}), R"({"ok":{"a":1}})");
  EXPECT_EQ(ipc_error_reply(IpcErrorKind::denied, "no"), R"({"error":{"kind":"denied","message":"no"}})");
  EXPECT_EQ(ipc_ok_reply(std::string("\xff")), "{\"ok\":\"\xEF\xBF\xBD\"}"); // invalid UTF-8 is replaced, not thrown
}

TEST(IpcMessage, EventNames) {
  EXPECT_TRUE(valid_event_name("sidecar:stdout"));
  EXPECT_TRUE(valid_event_name("a/b-c_d"));
  EXPECT_FALSE(valid_event_name(""));
  EXPECT_FALSE(valid_event_name("a b"));
  EXPECT_FALSE(valid_event_name("x');alert(1);//"));
  EXPECT_FALSE(valid_event_name(std::string(257, 'a')));
}

} // namespace
} // namespace weft::runtime
