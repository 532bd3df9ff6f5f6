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

namespace kiln::core::text {

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

// A token: 16 bytes, so that a large module's tokens stay cheap. Its position is found
// from `ptr` only when an error needs it (TokenStream::locate).
struct Token {
  const char* ptr = nullptr;  // the text: into the source, or a decoded quoted id
  uint32_t len = 0;
  Tok kind = Tok::Eof;
  bool escaped = false;  // String: the raw text contains a backslash

  std::string_view text() const { return {ptr, len}; }
  bool is(Tok k) const { return kind == k; }
  bool is_keyword(std::string_view kw) const { return kind == Tok::Keyword && text() == kw; }
  bool is_number() const { return kind == Tok::Nat || kind == Tok::Int || kind == Tok::Float; }
};

struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
};

// The tokens of one source, which must outlive the stream.
struct TokenStream {
  std::vector<Token> tokens;  // always ends with Eof
  std::string_view source;
  std::deque<std::string> storage;  // decoded quoted ids that tokens point into
  // For those ids: where each one starts in the source.
  std::vector<std::pair<const char*, const char*>> quoted_ids;

  // Byte offset of a token in the source.
  size_t offset_of(const Token& t) const;
  // 1-based line and column of a token (counts lines up to it: for errors only).
  Location locate(const Token& t) const;
  // An Error of kind Malformed located at `t`.
  Error error_at(const Token& t, std::string message) const;
};

// Line and column of a byte offset in `source`.
Location locate_offset(std::string_view source, size_t offset);

// Lexes `source`. The error, if any, is Malformed with line and column.
Result<TokenStream> lex(std::string_view source);

// Decodes the raw content of a String token (escapes already checked by the lexer).
std::string decode_string(const Token& t);
void append_decoded(std::string& out, std::string_view raw);

}  // namespace kiln::core::text
