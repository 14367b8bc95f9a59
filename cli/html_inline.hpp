#pragma once

#include <string_view>
#include <vector>

namespace weft::cli {

enum class InlineKind { script, style };

// The text of one inline <script> (without `src`) or <style> element, exactly
// as it appears between its tags: what a browser hashes for the CSP.
struct InlineBlock {
  InlineKind kind;
  std::string_view text;
};

// Every non-empty inline script and style of an HTML document, in order.
// Comments are skipped; a script or style element runs to its first closing
// tag, as the HTML tokenizer reads raw text.
std::vector<InlineBlock> find_inline_blocks(std::string_view html);

} // namespace weft::cli
