// The lexer of the text format (https://webassembly.github.io/spec/core/text/lexical.html).
// Turns a whole source into tokens up front: parentheses, keywords, $ids, strings and
// numbers, each with its line and column. Comments and annotations `(@id ...)` are
// skipped. Errors use the reference interpreter's wording ("illegal character",
// "unclosed string", "unknown operator" for reserved tokens, ...).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace kiln::text {

enum class Tok : uint8_t {
  LParen,
  RParen,
  Keyword,  // starts with a-z: instruction names, `offset=4`, `nan:canonical`, ...
  Id,       // $name or $"name"; `text` is the name without `$`
  String,   // `text` is the raw content between the quotes, escapes not yet decoded
  Nat,      // unsigned integer: 12, 0xff, 1_000
  Int,      // signed integer: +1, -0x10
  Float,    // anything else numeric: 1.5, 1e3, 0x1p-3, inf, -nan, nan:0x7f
  Eof,
};

struct Token {
  Tok kind = Tok::Eof;
  bool escaped = false;  // String: the raw text contains a backslash
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;  // byte offset in the source
  std::string_view text;

  bool is(Tok k) const { return kind == k; }
  bool is_keyword(std::string_view kw) const { return kind == Tok::Keyword && text == kw; }
  bool is_number() const { return kind == Tok::Nat || kind == Tok::Int || kind == Tok::Float; }
};

// The tokens of one source. `storage` holds decoded quoted ids that tokens point into;
// the source itself must outlive the stream.
struct TokenStream {
  std::vector<Token> tokens;  // always ends with Eof
  std::deque<std::string> storage;
};

// Lexes `source`. The error, if any, is Malformed with line and column.
Result<TokenStream> lex(std::string_view source);

// Decodes the raw content of a String token (escapes already checked by the lexer).
std::string decode_string(const Token& t);
void append_decoded(std::string& out, std::string_view raw);

// An Error of kind Malformed located at `t`.
Error error_at(const Token& t, std::string message);

}  // namespace kiln::text
