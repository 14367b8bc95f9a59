// The regex engine's back: the syntax tree compiled into a Pike VM program,
// and the VM, which runs every thread in lock step over the input so that
// matching never backtracks and never recurses on the input.
#include "schema_validator_regex_program.hpp"

#include <algorithm>
#include <utility>

namespace weft::config::detail::regex {

namespace {

constexpr size_t k_max_instructions = 50000; // after expanding {n,m}


class Emitter {
public:
  explicit Emitter(Regex::Program& program) : m_program(program) {}

  bool emit_code(const Ast& ast, bool forward, int& code_index) {
    code_index = static_cast<int>(m_program.codes.size());
    m_program.codes.push_back({{}, forward});
    std::vector<Inst> insts;
    if (!emit(ast, insts, forward)) return false;
    insts.push_back({Inst::Op::match, 0, 0});
    m_program.codes[static_cast<size_t>(code_index)].insts = std::move(insts);
    return true;
  }

private:
  bool add(std::vector<Inst>& out, Inst inst) {
    if (++m_program.size > k_max_instructions) return false;
    out.push_back(inst);
    return true;
  }

  bool emit(const Ast& ast, std::vector<Inst>& out, bool forward) {
    switch (ast.kind) {
      case Ast::Kind::empty: return true;
      case Ast::Kind::chars:
        m_program.sets.push_back(ast.set);
        return add(out, {Inst::Op::chars, static_cast<int>(m_program.sets.size() - 1), 0});
      case Ast::Kind::begin: return add(out, {Inst::Op::begin, 0, 0});
      case Ast::Kind::end: return add(out, {Inst::Op::end, 0, 0});
      case Ast::Kind::word_boundary: return add(out, {Inst::Op::word_boundary, 0, 0});
      case Ast::Kind::not_word_boundary: return add(out, {Inst::Op::not_word_boundary, 0, 0});
      case Ast::Kind::concat:
        if (forward) {
          for (const Ast& item : ast.items)
            if (!emit(item, out, forward)) return false;
        } else {
          for (auto it = ast.items.rbegin(); it != ast.items.rend(); ++it)
            if (!emit(*it, out, forward)) return false;
        }
        return true;
      case Ast::Kind::alternate: {
        std::vector<size_t> jumps;
        for (size_t i = 0; i < ast.items.size(); ++i) {
          size_t split = out.size();
          bool last = i + 1 == ast.items.size();
          if (!last && !add(out, {Inst::Op::split, 0, 0})) return false;
          if (!emit(ast.items[i], out, forward)) return false;
          if (!last) {
            jumps.push_back(out.size());
            if (!add(out, {Inst::Op::jump, 0, 0})) return false;
            out[split].x = static_cast<int>(split + 1);
            out[split].y = static_cast<int>(out.size());
          }
        }
        for (size_t j : jumps) out[j].x = static_cast<int>(out.size());
        return true;
      }
      case Ast::Kind::repeat: return emit_repeat(ast, out, forward);
      case Ast::Kind::look: {
        int code = 0;
        if (!emit_code(ast.items.front(), ast.ahead, code)) return false;
        m_program.looks.push_back({code, ast.ahead, ast.negated});
        return add(out, {Inst::Op::look, static_cast<int>(m_program.looks.size() - 1), 0});
      }
    }
    return true;
  }

  bool emit_repeat(const Ast& ast, std::vector<Inst>& out, bool forward) {
    const Ast& body = ast.items.front();
    for (int i = 0; i < ast.min; ++i)
      if (!emit(body, out, forward)) return false;
    if (ast.max == -1) {
      size_t split = out.size();
      if (!add(out, {Inst::Op::split, 0, 0})) return false;
      if (!emit(body, out, forward)) return false;
      if (!add(out, {Inst::Op::jump, static_cast<int>(split), 0})) return false;
      out[split].x = static_cast<int>(split + 1);
      out[split].y = static_cast<int>(out.size());
      return true;
    }
    std::vector<size_t> splits;
    for (int i = ast.min; i < ast.max; ++i) {
      splits.push_back(out.size());
      if (!add(out, {Inst::Op::split, 0, 0})) return false;
      out[splits.back()].x = static_cast<int>(out.size());
      if (!emit(body, out, forward)) return false;
    }
    for (size_t s : splits) out[s].y = static_cast<int>(out.size());
    return true;
  }

  Regex::Program& m_program;
};

// ---------------------------------------------------------------- matching

// A set of program counters with O(1) insert, membership and clear.
class PcSet {
public:
  explicit PcSet(size_t n) : m_dense(n), m_sparse(n) {}
  bool insert(int pc) {
    auto p = static_cast<size_t>(pc);
    if (m_sparse[p] < m_count && m_dense[m_sparse[p]] == p) return false;
    m_sparse[p] = m_count;
    m_dense[m_count++] = p;
    return true;
  }
  void clear() { m_count = 0; }
  size_t size() const { return m_count; }
  int at(size_t i) const { return static_cast<int>(m_dense[i]); }

private:
  std::vector<size_t> m_dense;
  std::vector<size_t> m_sparse;
  size_t m_count = 0;
};

class Matcher {
public:
  Matcher(const Regex::Program& program, const std::u32string& text) : m_program(program), m_text(text) {
    if (!program.looks.empty()) m_look_memo.assign(program.looks.size() * (text.size() + 1), -1);
  }

  // Runs code `code_index` from `start`: anchored there, or trying every
  // later start too when `search`. True as soon as any thread matches.
  bool run(int code_index, size_t start, bool search) {
    const Regex::Program::Code& code = m_program.codes[static_cast<size_t>(code_index)];
    PcSet current(code.insts.size());
    PcSet next(code.insts.size());
    std::vector<int> stack;
    size_t pos = start;
    while (true) {
      if ((search || pos == start) && add_thread(code, current, stack, 0, pos)) return true;
      if (current.size() == 0 && !search) return false;
      bool at_edge = code.forward ? pos >= m_text.size() : pos == 0;
      if (at_edge) return false;
      char32_t c = code.forward ? m_text[pos] : m_text[pos - 1];
      size_t next_pos = code.forward ? pos + 1 : pos - 1;
      next.clear();
      for (size_t i = 0; i < current.size(); ++i) {
        const Inst& inst = code.insts[static_cast<size_t>(current.at(i))];
        if (inst.op == Inst::Op::chars && contains(m_program.sets[static_cast<size_t>(inst.x)], c) &&
            add_thread(code, next, stack, current.at(i) + 1, next_pos))
          return true;
      }
      std::swap(current, next);
      pos = next_pos;
    }
  }

private:
  bool word_at(size_t pos) const { return pos < m_text.size() && is_word(m_text[pos]); }
  bool word_before(size_t pos) const { return pos > 0 && is_word(m_text[pos - 1]); }

  bool look(int index, size_t pos) {
    int8_t& memo = m_look_memo[static_cast<size_t>(index) * (m_text.size() + 1) + pos];
    if (memo < 0) {
      const Regex::Program::Look& l = m_program.looks[static_cast<size_t>(index)];
      memo = run(l.code, pos, false) ? 1 : 0;
    }
    return (memo == 1) != m_program.looks[static_cast<size_t>(index)].negated;
  }

  // Follows the non-consuming instructions from `pc`; true when one reaches
  // `match`.
  bool add_thread(const Regex::Program::Code& code, PcSet& list, std::vector<int>& stack, int pc, size_t pos) {
    stack.clear();
    stack.push_back(pc);
    while (!stack.empty()) {
      int at = stack.back();
      stack.pop_back();
      if (!list.insert(at)) continue;
      const Inst& inst = code.insts[static_cast<size_t>(at)];
      switch (inst.op) {
        case Inst::Op::match: return true;
        case Inst::Op::chars: break;
        case Inst::Op::jump: stack.push_back(inst.x); break;
        case Inst::Op::split:
          stack.push_back(inst.y);
          stack.push_back(inst.x);
          break;
        case Inst::Op::begin:
          if (pos == 0) stack.push_back(at + 1);
          break;
        case Inst::Op::end:
          if (pos == m_text.size()) stack.push_back(at + 1);
          break;
        case Inst::Op::word_boundary:
          if (word_before(pos) != word_at(pos)) stack.push_back(at + 1);
          break;
        case Inst::Op::not_word_boundary:
          if (word_before(pos) == word_at(pos)) stack.push_back(at + 1);
          break;
        case Inst::Op::look:
          // Runs its own threads (run() has its own lists and stack).
          if (look(inst.x, pos)) stack.push_back(at + 1);
          break;
      }
    }
    return false;
  }

  const Regex::Program& m_program;
  const std::u32string& m_text;
  std::vector<int8_t> m_look_memo;
};


} // namespace

bool contains(const CharSet& set, char32_t c) {
  auto it = std::upper_bound(set.begin(), set.end(), c, [](char32_t v, const CharRange& r) { return v < r.lo; });
  return it != set.begin() && c <= std::prev(it)->hi;
}

bool is_word(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || c == U'_'; }

bool emit_program(const Ast& ast, Regex::Program& program) {
  Emitter emitter(program);
  int code = 0;
  return emitter.emit_code(ast, true, code);
}

bool search_program(const Regex::Program& program, const std::u32string& text) {
  Matcher matcher(program, text);
  return matcher.run(0, 0, true);
}

} // namespace weft::config::detail::regex
