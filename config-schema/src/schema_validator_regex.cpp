// The regex engine's front: UTF-8 decoding and a recursive-descent parser of
// ECMA-262 patterns into a syntax tree (see schema_validator_regex.hpp for
// the dialect).
#include "schema_validator_regex_program.hpp"

#include <algorithm>
#include <utility>

namespace weft::config::detail {

namespace regex {
namespace {

constexpr char32_t k_replacement = 0xFFFD;
constexpr int k_max_nesting = 128;    // groups inside groups
constexpr int k_repeat_cap = 1 << 20; // larger counts saturate (and then exceed the program size limit)

CharSet normalized(CharSet set) {
  std::sort(set.begin(), set.end(), [](const CharRange& a, const CharRange& b) { return a.lo < b.lo; });
  CharSet out;
  for (const CharRange& r : set) {
    if (!out.empty() && r.lo <= out.back().hi + 1)
      out.back().hi = std::max(out.back().hi, r.hi);
    else
      out.push_back(r);
  }
  return out;
}

CharSet complement(const CharSet& set) {
  CharSet out;
  char32_t next = 0;
  for (const CharRange& r : set) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    next = r.hi + 1;
  }
  if (next <= k_max_code_point) out.push_back({next, k_max_code_point});
  return out;
}

CharSet digit_set() { return {{U'0', U'9'}}; }
CharSet word_set() { return normalized({{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}}); }
// WhiteSpace and LineTerminator of ECMA-262.
CharSet space_set() {
  return normalized({{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                     {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}});
}
CharSet dot_set() { return complement(normalized({{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}})); }

bool is_ascii_alnum(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z'); }
int hex_value(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'a' && c <= U'f') return static_cast<int>(c - U'a' + 10);
  if (c >= U'A' && c <= U'F') return static_cast<int>(c - U'A' + 10);
  return -1;
}

Ast make(Ast::Kind kind) {
  Ast a;
  a.kind = kind;
  return a;
}

Ast make_chars(CharSet set) {
  Ast a;
  a.kind = Ast::Kind::chars;
  a.set = std::move(set);
  return a;
}

// Recursive descent over the ECMA-262 Pattern grammar. Errors stop the parse:
// the first one is kept in m_error and every caller unwinds.
class Parser {
public:
  explicit Parser(std::u32string text) : m_text(std::move(text)) {}

  Ast parse() {
    Ast ast = parse_disjunction();
    if (!failed() && m_pos < m_text.size()) fail(m_text[m_pos] == U')' ? "unmatched )" : "unexpected character");
    return ast;
  }

  bool failed() const { return !m_error.empty(); }
  const std::string& error() const { return m_error; }
  const std::string& unsupported() const { return m_unsupported; }

private:
  bool at_end() const { return m_pos >= m_text.size(); }
  char32_t peek(size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : 0; }
  bool looking_at(std::u32string_view s) const { return std::u32string_view(m_text).substr(m_pos).starts_with(s); }
  void fail(std::string message) {
    if (m_error.empty()) m_error = std::move(message);
  }
  void unsupported(std::string what) {
    if (m_unsupported.empty()) m_unsupported = std::move(what);
  }

  Ast parse_disjunction() {
    if (++m_depth > k_max_nesting) {
      fail("pattern is nested too deeply");
      return {};
    }
    std::vector<Ast> alternatives;
    alternatives.push_back(parse_alternative());
    while (!failed() && peek() == U'|' && !at_end()) {
      ++m_pos;
      alternatives.push_back(parse_alternative());
    }
    --m_depth;
    if (alternatives.size() == 1) return std::move(alternatives.front());
    Ast a = make(Ast::Kind::alternate);
    a.items = std::move(alternatives);
    return a;
  }

  Ast parse_alternative() {
    Ast a = make(Ast::Kind::concat);
    while (!failed() && !at_end() && peek() != U'|' && peek() != U')') a.items.push_back(parse_term());
    return a;
  }

  // `{n}`, `{n,}` or `{n,m}` at m_pos; returns its length (0 if none).
  size_t quantifier_braces(int& min, int& max) const {
    size_t i = m_pos;
    if (i >= m_text.size() || m_text[i] != U'{') return 0;
    ++i;
    auto number = [&](int& out) {
      size_t start = i;
      long long value = 0;
      while (i < m_text.size() && m_text[i] >= U'0' && m_text[i] <= U'9') {
        value = std::min<long long>(value * 10 + (m_text[i] - U'0'), k_repeat_cap);
        ++i;
      }
      out = static_cast<int>(value);
      return i > start;
    };
    if (!number(min)) return 0;
    max = min;
    if (i < m_text.size() && m_text[i] == U',') {
      ++i;
      if (!number(max)) max = -1;
    }
    if (i >= m_text.size() || m_text[i] != U'}') return 0;
    return i + 1 - m_pos;
  }

  bool at_quantifier() const {
    int min = 0;
    int max = 0;
    char32_t c = peek();
    return !at_end() && (c == U'*' || c == U'+' || c == U'?' || quantifier_braces(min, max) > 0);
  }

  Ast parse_term() {
    char32_t c = peek();
    Ast atom;
    switch (c) {
      case U'^': ++m_pos; return make(Ast::Kind::begin);
      case U'$': ++m_pos; return make(Ast::Kind::end);
      case U'*':
      case U'+':
      case U'?': fail("nothing to repeat"); return {};
      case U'(':
        if (looking_at(U"(?=") || looking_at(U"(?!") || looking_at(U"(?<=") || looking_at(U"(?<!"))
          return parse_look();
        atom = parse_group();
        break;
      case U'[': atom = parse_class(); break;
      case U'.': ++m_pos; atom = make_chars(dot_set()); break;
      case U'\\':
        if (peek(1) == U'b' || peek(1) == U'B') {
          m_pos += 2;
          return make(m_text[m_pos - 1] == U'b' ? Ast::Kind::word_boundary : Ast::Kind::not_word_boundary);
        }
        atom = parse_atom_escape();
        break;
      case U'{':
        if (at_quantifier()) {
          fail("nothing to repeat");
          return {};
        }
        ++m_pos;
        atom = make_chars({{c, c}});
        break;
      default: ++m_pos; atom = make_chars({{c, c}}); break;
    }
    if (failed() || !at_quantifier()) return atom;
    Ast repeat = make(Ast::Kind::repeat);
    char32_t q = peek();
    if (q == U'*') {
      repeat.min = 0, repeat.max = -1, ++m_pos;
    } else if (q == U'+') {
      repeat.min = 1, repeat.max = -1, ++m_pos;
    } else if (q == U'?') {
      repeat.min = 0, repeat.max = 1, ++m_pos;
    } else {
      m_pos += quantifier_braces(repeat.min, repeat.max);
      if (repeat.max != -1 && repeat.max < repeat.min) {
        fail("numbers out of order in {} quantifier");
        return {};
      }
    }
    if (peek() == U'?' && !at_end()) ++m_pos; // lazy: the same language
    repeat.items.push_back(std::move(atom));
    return repeat;
  }

  Ast parse_look() {
    Ast look = make(Ast::Kind::look);
    look.ahead = m_text[m_pos + 2] != U'<';
    look.negated = m_text[m_pos + (look.ahead ? 2 : 3)] == U'!';
    m_pos += look.ahead ? 3 : 4;
    look.items.push_back(parse_disjunction());
    if (failed()) return {};
    if (peek() != U')' || at_end()) {
      fail("missing )");
      return {};
    }
    ++m_pos;
    return look;
  }

  Ast parse_group() {
    ++m_pos; // (
    if (peek() == U'?' && !at_end()) {
      if (peek(1) == U':') {
        m_pos += 2;
      } else if (peek(1) == U'<') {
        m_pos += 2;
        size_t start = m_pos;
        while (!at_end() && (is_word(peek()) || peek() == U'$' || peek() > 0x7F)) ++m_pos;
        if (m_pos == start || peek() != U'>' || (m_text[start] >= U'0' && m_text[start] <= U'9')) {
          fail("invalid group name");
          return {};
        }
        ++m_pos;
      } else {
        fail("invalid group");
        return {};
      }
    }
    Ast inner = parse_disjunction();
    if (failed()) return {};
    if (peek() != U')' || at_end()) {
      fail("missing )");
      return {};
    }
    ++m_pos;
    return inner;
  }

  // After a backslash: a character escape shared by atoms and classes.
  // Returns false (with an error) when the escape is invalid.
  bool parse_character_escape(char32_t& out) {
    char32_t c = peek();
    if (at_end()) {
      fail("\\ at end of pattern");
      return false;
    }
    ++m_pos;
    switch (c) {
      case U'f': out = 0x0C; return true;
      case U'n': out = 0x0A; return true;
      case U'r': out = 0x0D; return true;
      case U't': out = 0x09; return true;
      case U'v': out = 0x0B; return true;
      case U'c': {
        char32_t letter = peek();
        if (!at_end() && ((letter >= U'a' && letter <= U'z') || (letter >= U'A' && letter <= U'Z'))) {
          ++m_pos;
          out = letter % 32;
          return true;
        }
        fail("invalid escape \\c");
        return false;
      }
      case U'0':
        if (peek() >= U'0' && peek() <= U'9' && !at_end()) {
          fail("invalid escape (octal escapes are not allowed)");
          return false;
        }
        out = 0;
        return true;
      case U'x': {
        int hi = hex_value(peek());
        int lo = hex_value(peek(1));
        if (hi < 0 || lo < 0 || m_pos + 1 >= m_text.size()) {
          fail("invalid escape \\x (expected two hex digits)");
          return false;
        }
        m_pos += 2;
        out = static_cast<char32_t>(hi * 16 + lo);
        return true;
      }
      case U'u': return parse_unicode_escape(out);
      default:
        if (is_ascii_alnum(c)) {
          fail(std::string("invalid escape \\") + static_cast<char>(c));
          return false;
        }
        out = c; // identity escape
        return true;
    }
  }

  bool read_hex4(size_t at, char32_t& out) const {
    if (at + 4 > m_text.size()) return false;
    char32_t value = 0;
    for (size_t i = 0; i < 4; ++i) {
      int h = hex_value(m_text[at + i]);
      if (h < 0) return false;
      value = value * 16 + static_cast<char32_t>(h);
    }
    out = value;
    return true;
  }

  bool parse_unicode_escape(char32_t& out) {
    if (peek() == U'{' && !at_end()) {
      size_t i = m_pos + 1;
      char32_t value = 0;
      while (i < m_text.size() && hex_value(m_text[i]) >= 0) {
        value = value * 16 + static_cast<char32_t>(hex_value(m_text[i]));
        if (value > k_max_code_point) break;
        ++i;
      }
      if (i == m_pos + 1 || i >= m_text.size() || m_text[i] != U'}' || value > k_max_code_point) {
        fail("invalid escape \\u{...}");
        return false;
      }
      m_pos = i + 1;
      out = value;
      return true;
    }
    char32_t unit = 0;
    if (!read_hex4(m_pos, unit)) {
      fail("invalid escape \\u (expected four hex digits)");
      return false;
    }
    m_pos += 4;
    out = unit;
    // A surrogate pair written as two escapes is one code point.
    char32_t trail = 0;
    if (unit >= 0xD800 && unit <= 0xDBFF && looking_at(U"\\u") && read_hex4(m_pos + 2, trail) && trail >= 0xDC00 &&
        trail <= 0xDFFF) {
      m_pos += 6;
      out = 0x10000 + ((unit - 0xD800) << 10) + (trail - 0xDC00);
    }
    return true;
  }

  // \d \D \s \S \w \W, or \p{...} / \P{...} (unsupported). Returns false
  // when the escape at m_pos is none of them.
  bool parse_class_escape(CharSet& out) {
    char32_t c = peek();
    switch (c) {
      case U'd': out = digit_set(); break;
      case U'D': out = complement(digit_set()); break;
      case U's': out = space_set(); break;
      case U'S': out = complement(space_set()); break;
      case U'w': out = word_set(); break;
      case U'W': out = complement(word_set()); break;
      case U'p':
      case U'P': {
        size_t close = m_text.find(U'}', m_pos);
        if (peek(1) != U'{' || close == std::u32string::npos || close == m_pos + 2) {
          fail(std::string("invalid escape \\") + static_cast<char>(c));
          return true;
        }
        unsupported("unicode property escapes (\\p{...})");
        m_pos = close + 1;
        out = {};
        return true;
      }
      default: return false;
    }
    ++m_pos;
    return true;
  }

  Ast parse_atom_escape() {
    ++m_pos; // backslash
    CharSet set;
    if (parse_class_escape(set)) return make_chars(std::move(set));
    char32_t c = peek();
    if (c >= U'1' && c <= U'9' && !at_end()) {
      while (!at_end() && peek() >= U'0' && peek() <= U'9') ++m_pos;
      unsupported("backreferences");
      return {};
    }
    if (c == U'k' && !at_end()) {
      size_t close = m_text.find(U'>', m_pos);
      if (peek(1) != U'<' || close == std::u32string::npos || close == m_pos + 2) {
        fail("invalid escape \\k");
        return {};
      }
      unsupported("backreferences");
      m_pos = close + 1;
      return {};
    }
    char32_t value = 0;
    if (!parse_character_escape(value)) return {};
    return make_chars({{value, value}});
  }

  // One class atom: a code point, or a set for \d and friends.
  bool parse_class_atom(char32_t& single, CharSet& set, bool& is_set) {
    is_set = false;
    char32_t c = peek();
    if (c != U'\\') {
      ++m_pos;
      single = c;
      return true;
    }
    ++m_pos;
    if (parse_class_escape(set)) {
      is_set = true;
      return !failed();
    }
    if (peek() == U'b' && !at_end()) {
      ++m_pos;
      single = 0x08;
      return true;
    }
    if (peek() == U'-' && !at_end()) {
      ++m_pos;
      single = U'-';
      return true;
    }
    if (peek() >= U'1' && peek() <= U'9' && !at_end()) {
      fail("invalid escape in character class");
      return false;
    }
    return parse_character_escape(single);
  }

  Ast parse_class() {
    ++m_pos; // [
    bool negate = false;
    if (peek() == U'^' && !at_end()) {
      negate = true;
      ++m_pos;
    }
    CharSet set;
    while (true) {
      if (at_end()) {
        fail("missing ]");
        return {};
      }
      if (peek() == U']') break;
      char32_t lo = 0;
      CharSet lo_set;
      bool lo_is_set = false;
      if (!parse_class_atom(lo, lo_set, lo_is_set)) return {};
      if (peek() == U'-' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] != U']') {
        ++m_pos;
        char32_t hi = 0;
        CharSet hi_set;
        bool hi_is_set = false;
        if (!parse_class_atom(hi, hi_set, hi_is_set)) return {};
        if (lo_is_set || hi_is_set) {
          fail("invalid range in character class");
          return {};
        }
        if (lo > hi) {
          fail("range out of order in character class");
          return {};
        }
        set.push_back({lo, hi});
      } else if (lo_is_set) {
        set.insert(set.end(), lo_set.begin(), lo_set.end());
      } else {
        set.push_back({lo, lo});
      }
    }
    ++m_pos; // ]
    set = normalized(std::move(set));
    return make_chars(negate ? complement(set) : set);
  }

  std::u32string m_text;
  size_t m_pos = 0;
  int m_depth = 0;
  std::string m_error;
  std::string m_unsupported;
};


} // namespace
} // namespace regex

using regex::k_max_code_point;
using regex::k_replacement;

char32_t next_code_point(std::string_view text, size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  char32_t c = length == 1 ? b : length == 2 ? (b & 0x1Fu) : length == 3 ? (b & 0x0Fu) : (b & 0x07u);
  bool ok = length > 0 && i + static_cast<size_t>(length) <= text.size();
  for (int k = 1; ok && k < length; ++k) {
    auto cont = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
    if ((cont & 0xC0) != 0x80) ok = false;
    c = (c << 6) | (cont & 0x3Fu);
  }
  if (ok) {
    static constexpr char32_t k_min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = c >= k_min_for_length[length] && c <= k_max_code_point && !(c >= 0xD800 && c <= 0xDFFF);
  }
  if (!ok) {
    ++i;
    return k_replacement;
  }
  i += static_cast<size_t>(length);
  return c;
}

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) out.push_back(next_code_point(text, i));
  return out;
}

size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) next_code_point(text, i);
  return count;
}

tl::expected<Regex, std::string> Regex::compile(std::string_view pattern) {
  regex::Parser parser(decode_utf8(pattern));
  regex::Ast ast = parser.parse();
  if (parser.failed()) return tl::unexpected(parser.error());
  if (!parser.unsupported().empty())
    return tl::unexpected(parser.unsupported() + " are valid ECMA-262 but not supported by weft's matcher");
  auto program = std::make_shared<Program>();
  if (!regex::emit_program(ast, *program)) return tl::unexpected(std::string("pattern is too large once repetitions are expanded"));
  return Regex(std::move(program));
}

std::string Regex::syntax_error(std::string_view pattern) {
  regex::Parser parser(decode_utf8(pattern));
  parser.parse();
  return parser.error();
}

bool Regex::search(std::string_view text) const {
  std::u32string code_points = decode_utf8(text);
  return regex::search_program(*m_program, code_points);
}

} // namespace weft::config::detail
