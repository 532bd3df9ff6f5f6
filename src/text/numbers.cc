#include "text/numbers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__GLIBC__) || defined(__APPLE__)
#include <locale.h>
#if defined(__APPLE__)
#include <xlocale.h>
#endif
#define KILN_HAVE_STRTOD_L 1
#endif

namespace kiln::core::text {

namespace {

// strtof / strtod in the "C" locale: a program that calls setlocale must not change how
// `1.5` reads.
#if KILN_HAVE_STRTOD_L
locale_t c_locale() {
  static locale_t loc = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return loc;
}
float to_float(const char* s, char** end) { return strtof_l(s, end, c_locale()); }
double to_double(const char* s, char** end) { return strtod_l(s, end, c_locale()); }
#else
float to_float(const char* s, char** end) { return std::strtof(s, end); }
double to_double(const char* s, char** end) { return std::strtod(s, end); }
#endif

Error out_of_range() { return Error("constant out of range", ErrorKind::Malformed); }

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Float parsing for one format, described by its bit layout.
template <typename Bits, int kMantBits, int kExpBits>
Result<Bits> parse_float(std::string_view text) {
  constexpr Bits kSignBit = Bits(1) << (kMantBits + kExpBits);
  constexpr Bits kExpMask = ((Bits(1) << kExpBits) - 1) << kMantBits;
  constexpr Bits kMantMask = (Bits(1) << kMantBits) - 1;
  Bits sign = 0;
  std::string_view s = text;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = kSignBit;
    s.remove_prefix(1);
  }
  if (s == "inf") return sign | kExpMask;
  if (s == "nan") return sign | kExpMask | (Bits(1) << (kMantBits - 1));
  if (s.substr(0, 4) == "nan:") {
    // nan:0xN with 1 <= N < 2^mantissa bits: the payload is taken exactly.
    auto payload = parse_unsigned(s.substr(4));
    if (!payload.ok() || *payload == 0 || *payload > kMantMask) return out_of_range();
    return sign | kExpMask | static_cast<Bits>(*payload);
  }
  // strtof / strtod round correctly (decimal and hex); drop the underscores first.
  char small[80];
  std::string big;
  char* buf = small;
  if (text.size() >= sizeof small) {
    big.resize(text.size() + 1);
    buf = big.data();
  }
  size_t n = 0;
  for (char c : text) {
    if (c != '_') buf[n++] = c;
  }
  buf[n] = '\0';
  char* end = nullptr;
  Bits bits;
  if constexpr (sizeof(Bits) == 4) {
    float f = to_float(buf, &end);
    if (std::isinf(f)) return out_of_range();
    std::memcpy(&bits, &f, 4);
  } else {
    double d = to_double(buf, &end);
    if (std::isinf(d)) return out_of_range();
    std::memcpy(&bits, &d, 8);
  }
  if (end != buf + n) return Error("unknown operator", ErrorKind::Malformed);
  return bits;
}

}  // namespace

Result<uint64_t> parse_unsigned(std::string_view s) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return Error("unknown operator", ErrorKind::Malformed);
  uint64_t v = 0;
  for (char c : s) {
    if (c == '_') continue;
    int d = digit_value(c);
    if (d < 0 || d >= base) return Error("unknown operator", ErrorKind::Malformed);
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return out_of_range();
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return v;
}

Result<uint64_t> parse_int_bits(std::string_view text, int bits) {
  char sign = 0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0];
    text.remove_prefix(1);
  }
  KILN_ASSIGN(uint64_t v, parse_unsigned(text));
  uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  uint64_t half = uint64_t(1) << (bits - 1);
  if (sign == 0) {
    if (v > mask) return out_of_range();
    return v;
  }
  if (sign == '+') {
    if (v >= half) return out_of_range();
    return v;
  }
  if (v > half) return out_of_range();
  return (0 - v) & mask;
}

Result<uint32_t> parse_f32_bits(std::string_view text) { return parse_float<uint32_t, 23, 8>(text); }
Result<uint64_t> parse_f64_bits(std::string_view text) { return parse_float<uint64_t, 52, 11>(text); }

}  // namespace kiln::core::text
