// Spelling of literals and identifiers for the printer
// (https://webassembly.github.io/spec/core/text/values.html).
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "base/utf8.h"
#include "text/print_context.h"

namespace kiln::core::text::print {

namespace {

// `nan`, `-nan`, `nan:0x...` for a NaN with this sign and payload; `canonical` is the
// payload of the canonical NaN (the quiet bit only).
std::string nan_text(bool negative, uint64_t payload, uint64_t canonical) {
  std::string s = negative ? "-nan" : "nan";
  if (payload != canonical) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ":0x%llx", static_cast<unsigned long long>(payload));
    s += buf;
  }
  return s;
}

template <typename F>
std::string shortest(F v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::string f32_text(uint32_t bits) {
  bool negative = bits >> 31;
  uint32_t exp = (bits >> 23) & 0xFF;
  uint32_t frac = bits & 0x7FFFFF;
  if (exp == 0xFF) {
    if (frac == 0) return negative ? "-inf" : "inf";
    return nan_text(negative, frac, 0x400000);
  }
  return shortest(std::bit_cast<float>(bits));
}

std::string f64_text(uint64_t bits) {
  bool negative = bits >> 63;
  uint64_t exp = (bits >> 52) & 0x7FF;
  uint64_t frac = bits & 0xFFFFFFFFFFFFFull;
  if (exp == 0x7FF) {
    if (frac == 0) return negative ? "-inf" : "inf";
    return nan_text(negative, frac, 0x8000000000000ull);
  }
  return shortest(std::bit_cast<double>(bits));
}

void append_string(std::string& out, std::string_view bytes, bool utf8) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char b : bytes) {
    if (b == '"' || b == '\\') {
      out += '\\';
      out += static_cast<char>(b);
    } else if ((b >= 0x20 && b < 0x7F) || (utf8 && b >= 0x80)) {
      out += static_cast<char>(b);
    } else {
      out += '\\';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  out += '"';
}

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

bool is_plain_id(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char ch : name) {
    bool ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", ch) != nullptr;
    if (!ok || ch == 0) return false;
  }
  return true;
}

std::string id_text(std::string_view name) {
  if (is_plain_id(name)) return "$" + std::string(name);
  std::string s = "$";
  append_string(s, name, true);
  return s;
}

std::string v128_text(const std::array<uint8_t, 16>& bytes) {
  std::string s = "i32x4";
  for (int lane = 0; lane < 4; ++lane) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | bytes[lane * 4 + i];
    char buf[16];
    std::snprintf(buf, sizeof buf, " 0x%08x", v);
    s += buf;
  }
  return s;
}

}  // namespace kiln::core::text::print
