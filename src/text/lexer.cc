#include "text/lexer.h"

#include <array>

#include "base/utf8.h"

namespace kiln::core::text {

namespace {

// idchar (https://webassembly.github.io/spec/core/text/values.html#text-idchar).
constexpr std::array<bool, 128> make_idchar_table() {
  std::array<bool, 128> t{};
  for (char c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-./:<=>?@\\^_`|~")) t[static_cast<size_t>(c)] = true;
  return t;
}
constexpr std::array<bool, 128> kIdChar = make_idchar_table();

bool is_idchar(unsigned char c) { return c < 128 && kIdChar[c]; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Digits with single underscores between them; at least one digit.
bool scan_digits(std::string_view s, size_t& i, bool hex) {
  auto ok = [&](char c) { return hex ? is_hex(c) : is_digit(c); };
  if (i >= s.size() || !ok(s[i])) return false;
  ++i;
  while (i < s.size()) {
    if (ok(s[i])) { ++i; continue; }
    if (s[i] == '_' && i + 1 < s.size() && ok(s[i + 1])) { i += 2; continue; }
    break;
  }
  return true;
}

// Classifies a run of idchars that starts like a number; Eof when it is not one.
Tok classify_number(std::string_view s) {
  size_t i = 0;
  bool sign = !s.empty() && (s[0] == '+' || s[0] == '-');
  if (sign) i = 1;
  std::string_view rest = s.substr(i);
  if (rest == "inf" || rest == "nan") return Tok::Float;
  if (rest.substr(0, 6) == "nan:0x") {
    size_t j = 6;
    return scan_digits(rest, j, true) && j == rest.size() ? Tok::Float : Tok::Eof;
  }
  bool hex = rest.size() > 2 && rest[0] == '0' && rest[1] == 'x';
  if (hex) i += 2;
  if (!scan_digits(s, i, hex)) return Tok::Eof;
  if (i == s.size()) return sign ? Tok::Int : Tok::Nat;
  if (s[i] == '.') {
    ++i;
    if (i < s.size() && (hex ? is_hex(s[i]) : is_digit(s[i]))) scan_digits(s, i, hex);
  }
  if (i < s.size() && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!scan_digits(s, i, false)) return Tok::Eof;
  }
  return i == s.size() ? Tok::Float : Tok::Eof;
}

// Length of the UTF-8 sequence at p (0 when malformed).
size_t utf8_length(const char* p, size_t avail) {
  auto b = static_cast<unsigned char>(*p);
  size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || len > avail) return 0;
  if (!is_valid_utf8(reinterpret_cast<const uint8_t*>(p), len)) return 0;
  return len;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  Result<TokenStream> run();

 private:
  Error error(std::string msg) const { return error_at_pos(pos_, std::move(msg)); }
  Error error_at_pos(size_t pos, std::string msg) const {
    Error e(std::move(msg), ErrorKind::Malformed);
    e.line = line_;
    e.column = static_cast<uint32_t>(pos - line_start_ + 1);
    return e;
  }
  void newline(size_t next) { ++line_; line_start_ = next; }
  Status skip_block_comment();
  Status skip_line_comment();
  // Scans a string starting at the opening quote; on success pos_ is past the closing one.
  Status scan_string(bool& escaped);
  Status scan_run(Token& t);
  Status annotation_id();
  void push(Tok k, std::string_view text, bool escaped = false) {
    if (annotation_depth_ > 0) return;
    Token t;
    t.ptr = text.data();
    t.len = static_cast<uint32_t>(text.size());
    t.kind = k;
    t.escaped = escaped;
    out_.tokens.push_back(t);
  }

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  uint32_t annotation_depth_ = 0;  // > 0 while skipping an annotation's contents
  TokenStream out_;
};

Status Lexer::skip_line_comment() {
  pos_ += 2;
  while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') {
    size_t n = utf8_length(src_.data() + pos_, src_.size() - pos_);
    if (n == 0) return error("malformed UTF-8 encoding");
    pos_ += n;
  }
  return Ok();
}

// Block comments nest (https://webassembly.github.io/spec/core/text/lexical.html#comments).
Status Lexer::skip_block_comment() {
  size_t start = pos_;
  uint32_t start_line = line_;
  size_t start_line_start = line_start_;
  pos_ += 2;
  int depth = 1;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '(' && pos_ + 1 < src_.size() && src_[pos_ + 1] == ';') {
      ++depth;
      pos_ += 2;
    } else if (c == ';' && pos_ + 1 < src_.size() && src_[pos_ + 1] == ')') {
      pos_ += 2;
      if (--depth == 0) return Ok();
    } else if (c == '\n') {
      newline(++pos_);
    } else {
      size_t n = utf8_length(src_.data() + pos_, src_.size() - pos_);
      if (n == 0) return error("malformed UTF-8 encoding");
      pos_ += n;
    }
  }
  Error e("unclosed comment", ErrorKind::Malformed);
  e.line = start_line;
  e.column = static_cast<uint32_t>(start - start_line_start + 1);
  return e;
}

Status Lexer::scan_string(bool& escaped) {
  size_t start = pos_;
  ++pos_;
  escaped = false;
  while (true) {
    if (pos_ >= src_.size()) return error_at_pos(start, "unclosed string");
    auto c = static_cast<unsigned char>(src_[pos_]);
    if (c == '"') {
      ++pos_;
      return Ok();
    }
    if (c == '\n') return error_at_pos(start, "unclosed string");
    if (c < 0x20 || c == 0x7F) return error("illegal character");
    if (c == '\\') {
      escaped = true;
      if (pos_ + 1 >= src_.size()) return error_at_pos(start, "unclosed string");
      char e = src_[pos_ + 1];
      switch (e) {
        case 't': case 'n': case 'r': case '"': case '\'': case '\\':
          pos_ += 2;
          continue;
        case 'u': {
          size_t i = pos_ + 2;
          if (i >= src_.size() || src_[i] != '{') return error("illegal escape");
          ++i;
          size_t d = i;
          std::string_view s = src_;
          if (!scan_digits(s, i, true) || i >= src_.size() || src_[i] != '}') return error("illegal escape");
          uint64_t v = 0;
          for (size_t k = d; k < i; ++k) {
            if (src_[k] == '_') continue;
            v = v * 16 + static_cast<uint64_t>(hex_value(src_[k]));
            if (v > 0x10FFFF) return error("malformed UTF-8 encoding");
          }
          if (v >= 0xD800 && v < 0xE000) return error("malformed UTF-8 encoding");
          pos_ = i + 1;
          continue;
        }
        default:
          if (is_hex(e) && pos_ + 2 < src_.size() && is_hex(src_[pos_ + 2])) {
            pos_ += 3;
            continue;
          }
          return error("illegal escape");
      }
    }
    size_t n = utf8_length(src_.data() + pos_, src_.size() - pos_);
    if (n == 0) return error("malformed UTF-8 encoding");
    pos_ += n;
  }
}

// After `(@`: the annotation id is idchars or a non-empty string.
Status Lexer::annotation_id() {
  size_t start = pos_;
  if (pos_ < src_.size() && src_[pos_] == '"') {
    bool escaped;
    if (!scan_string(escaped).ok()) return error_at_pos(start, "empty annotation id");
    std::string name;
    append_decoded(name, src_.substr(start + 1, pos_ - start - 2));
    if (name.empty()) return error_at_pos(start, "empty annotation id");
    if (!is_valid_utf8(name)) return error_at_pos(start, "malformed UTF-8 encoding");
    return Ok();
  }
  while (pos_ < src_.size() && is_idchar(static_cast<unsigned char>(src_[pos_]))) ++pos_;
  if (pos_ == start) return error_at_pos(start, "empty annotation id");
  return Ok();
}

// A maximal run of idchars and strings: a keyword, number, id, string, or a reserved
// token (an error).
Status Lexer::scan_run(Token& t) {
  size_t start = pos_;
  size_t strings = 0;
  size_t others = 0;  // characters outside strings
  bool reserved = false;  // , [ ] { } make a reserved token
  bool escaped = false;
  bool any_escape = false;
  while (pos_ < src_.size()) {
    auto c = static_cast<unsigned char>(src_[pos_]);
    if (c == '"') {
      // `$"..."`: an empty or broken quoted id is "empty identifier".
      bool quoted_id = pos_ == start + 1 && src_[start] == '$';
      Status s = scan_string(escaped);
      if (!s.ok()) {
        if (quoted_id && s.error().message != "malformed UTF-8 encoding") {
          return error_at_pos(start, "empty identifier");
        }
        return s;
      }
      any_escape |= escaped;
      ++strings;
    } else if (is_idchar(c)) {
      ++pos_;
      ++others;
    } else if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
      ++pos_;
      ++others;
      reserved = true;
    } else {
      break;
    }
  }
  std::string_view text = src_.substr(start, pos_ - start);
  auto set_text = [&](std::string_view v) {
    t.ptr = v.data();
    t.len = static_cast<uint32_t>(v.size());
  };
  set_text(text);
  if (strings == 1 && others == 0) {
    t.kind = Tok::String;
    set_text(text.substr(1, text.size() - 2));
    t.escaped = any_escape;
    return Ok();
  }
  if (text[0] == '$') {
    if (text.size() == 1) return error_at_pos(start, "empty identifier");
    if (text[1] == '"' && strings == 1 && others == 1) {
      std::string name;
      append_decoded(name, text.substr(2, text.size() - 3));
      if (name.empty()) return error_at_pos(start, "empty identifier");
      if (!is_valid_utf8(name)) return error_at_pos(start, "malformed UTF-8 encoding");
      out_.storage.push_back(std::move(name));
      out_.quoted_ids.emplace_back(out_.storage.back().data(), text.data());
      t.kind = Tok::Id;
      set_text(out_.storage.back());
      return Ok();
    }
    if (strings == 0 && !reserved) {
      t.kind = Tok::Id;
      set_text(text.substr(1));
      return Ok();
    }
    return error_at_pos(start, "unknown operator");
  }
  if (strings > 0 || reserved) {
    return error_at_pos(start, "unknown operator");
  }
  char c = text[0];
  if (is_digit(c) || ((c == '+' || c == '-') && text.size() > 1)) {
    Tok k = classify_number(text);
    if (k == Tok::Eof) return error_at_pos(start, "unknown operator");
    t.kind = k;
    return Ok();
  }
  if (c >= 'a' && c <= 'z') {
    t.kind = (text == "inf" || text == "nan" || text.substr(0, 6) == "nan:0x") && classify_number(text) == Tok::Float
                 ? Tok::Float
                 : Tok::Keyword;
    return Ok();
  }
  return error_at_pos(start, "unknown operator");
}

Result<TokenStream> Lexer::run() {
  // Tokens average about four bytes of source; reserving only claims address space.
  out_.tokens.reserve(src_.size() / 3 + 16);
  while (pos_ < src_.size()) {
    auto c = static_cast<unsigned char>(src_[pos_]);
    switch (c) {
      case ' ': case '\t': case '\r':
        ++pos_;
        continue;
      case '\n':
        newline(++pos_);
        continue;
      case '(':
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == ';') {
          KILN_TRY(skip_block_comment());
          continue;
        }
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '@' && annotation_depth_ == 0) {
          pos_ += 2;
          KILN_TRY(annotation_id());
          ++annotation_depth_;
          continue;
        }
        push(Tok::LParen, src_.substr(pos_, 1));
        if (annotation_depth_ > 0) ++annotation_depth_;
        ++pos_;
        continue;
      case ')':
        if (annotation_depth_ > 0) {
          --annotation_depth_;
          ++pos_;
          continue;
        }
        push(Tok::RParen, src_.substr(pos_, 1));
        ++pos_;
        continue;
      case ';':
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == ';') {
          KILN_TRY(skip_line_comment());
          continue;
        }
        if (annotation_depth_ > 0) {
          ++pos_;
          continue;
        }
        return error("unknown operator");
      default:
        break;
    }
    if (c == '"' || is_idchar(c) || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
      Token t;
      Status s = scan_run(t);
      if (!s.ok()) {
        // Annotations may hold any token, reserved ones included.
        const std::string& m = s.error().message;
        if (annotation_depth_ == 0 || (m != "unknown operator" && m != "empty identifier")) return std::move(s).error();
        continue;
      }
      push(t.kind, t.text(), t.escaped);
      continue;
    }
    if (c >= 0x80) {
      size_t n = utf8_length(src_.data() + pos_, src_.size() - pos_);
      return error(n == 0 ? "malformed UTF-8 encoding" : "illegal character");
    }
    return error("illegal character");
  }
  if (annotation_depth_ > 0) return error("unclosed annotation");
  Token eof;
  eof.kind = Tok::Eof;
  eof.ptr = src_.data() + src_.size();
  out_.tokens.push_back(eof);
  out_.source = src_;
  return std::move(out_);
}

}  // namespace

Result<TokenStream> lex(std::string_view source) { return Lexer(source).run(); }

void append_decoded(std::string& out, std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'u': {
        uint32_t v = 0;
        i += 2;  // past "u{"
        for (; raw[i] != '}'; ++i) {
          if (raw[i] != '_') v = v * 16 + static_cast<uint32_t>(hex_value(raw[i]));
        }
        append_utf8(out, v);
        break;
      }
      default:
        out += static_cast<char>(hex_value(e) * 16 + hex_value(raw[i + 1]));
        ++i;
        break;
    }
  }
}

std::string decode_string(const Token& t) {
  if (!t.escaped) return std::string(t.text());
  std::string out;
  out.reserve(t.text().size());
  append_decoded(out, t.text());
  return out;
}

Location locate_offset(std::string_view source, size_t offset) {
  Location loc{1, 1};
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < source.size(); ++i) {
    if (source[i] == '\n') {
      ++loc.line;
      line_start = i + 1;
    }
  }
  loc.column = static_cast<uint32_t>(offset - line_start + 1);
  return loc;
}

size_t TokenStream::offset_of(const Token& t) const {
  const char* p = t.ptr;
  if (p < source.data() || p > source.data() + source.size()) {
    for (const auto& q : quoted_ids) {
      if (q.first == p) {
        p = q.second;
        break;
      }
    }
  }
  if (p < source.data() || p > source.data() + source.size()) return 0;
  size_t off = static_cast<size_t>(p - source.data());
  // Strings and plain ids point past their opening `"` or `$`.
  if ((t.kind == Tok::String || (t.kind == Tok::Id && p == t.ptr)) && off > 0) --off;
  return off;
}

Location TokenStream::locate(const Token& t) const { return locate_offset(source, offset_of(t)); }

Error TokenStream::error_at(const Token& t, std::string message) const {
  Error e(std::move(message), ErrorKind::Malformed);
  Location loc = locate(t);
  e.line = loc.line;
  e.column = loc.column;
  return e;
}

}  // namespace kiln::core::text
