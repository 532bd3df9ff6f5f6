// The `(module ...)` forms of a spec test script with their source text, for the tests
// that hand single modules to other tools (wabt) or mutate them (robustness).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/lexer.h"

namespace kiln::core::text {

// A `(module ...)` of a script: its line and its source text.
struct ModuleSpan {
  uint32_t line;
  std::string text;
};

// Every `(module ...)` form of `source`, in order, found with our lexer (so comments,
// strings and annotations are skipped as the parser skips them). `(module definition`
// loses `definition`, a script form that wat2wasm does not know.
inline std::vector<ModuleSpan> module_spans(std::string_view source) {
  std::vector<ModuleSpan> out;
  auto ts = lex(source);
  if (!ts.ok()) return out;
  const auto& t = ts->tokens;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (!t[i].is(Tok::LParen) || !t[i + 1].is_keyword("module")) continue;
    size_t depth = 0, j = i;
    for (; j < t.size(); ++j) {
      if (t[j].is(Tok::LParen)) ++depth;
      else if (t[j].is(Tok::RParen) && --depth == 0) break;
      else if (t[j].is(Tok::Eof)) break;
    }
    if (j == t.size() || !t[j].is(Tok::RParen)) break;
    size_t begin = ts->offset_of(t[i]), end = ts->offset_of(t[j]) + 1;
    std::string text(source.substr(begin, end - begin));
    if (t[i + 2].is_keyword("definition")) {
      size_t d = ts->offset_of(t[i + 2]) - begin;
      text.erase(d, std::string_view("definition").size());
    }
    out.push_back({ts->locate(t[i]).line, std::move(text)});
  }
  return out;
}

}  // namespace kiln::core::text
