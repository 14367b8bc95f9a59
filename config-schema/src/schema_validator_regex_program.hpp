#pragma once

// The regex engine's internals, shared by its parser
// (schema_validator_regex.cpp) and its Pike VM (schema_validator_regex_vm.cpp).
// Not a public header.

#include "schema_validator_regex.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace weft::config::detail::regex {

inline constexpr char32_t k_max_code_point = 0x10FFFF;

struct CharRange {
  char32_t lo;
  char32_t hi;
};
using CharSet = std::vector<CharRange>; // sorted, disjoint, not adjacent

bool contains(const CharSet& set, char32_t c);
// \w: [A-Za-z0-9_], which \b also uses.
bool is_word(char32_t c);

// The parsed pattern.
struct Ast {
  enum class Kind { empty, chars, begin, end, word_boundary, not_word_boundary, concat, alternate, repeat, look };
  Kind kind = Kind::empty;
  CharSet set;            // chars
  std::vector<Ast> items; // concat, alternate; repeat and look hold one
  int min = 0;
  int max = -1; // repeat; -1 = unbounded
  bool ahead = true;
  bool negated = false; // look
};

struct Inst {
  enum class Op : std::uint8_t { match, chars, split, jump, begin, end, word_boundary, not_word_boundary, look };
  Op op = Op::match;
  int x = 0; // chars: set; split/jump: target; look: look index
  int y = 0; // split: second target
};

// Compiles `ast` into `program` (codes[0] is the pattern); false when the
// program grows past the size limit.
bool emit_program(const Ast& ast, Regex::Program& program);
// True when the pattern matches somewhere in `text`.
bool search_program(const Regex::Program& program, const std::u32string& text);

} // namespace weft::config::detail::regex

namespace weft::config::detail {

struct Regex::Program {
  struct Code {
    std::vector<regex::Inst> insts;
    bool forward = true; // lookbehinds run backwards
  };
  struct Look {
    int code = 0;
    bool ahead = true;
    bool negated = false;
  };
  std::vector<Code> codes; // codes[0] is the pattern itself
  std::vector<regex::CharSet> sets;
  std::vector<Look> looks;
  size_t size = 0; // instructions in all codes
};

} // namespace weft::config::detail
