// Appending LEB128 integers and other binary-format values to a byte buffer, in their
// shortest form (https://webassembly.github.io/spec/core/binary/values.html#integers).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace kiln::core {

inline void write_u64_leb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
}

inline void write_u32_leb(std::vector<uint8_t>& out, uint32_t v) { write_u64_leb(out, v); }

inline void write_s64_leb(std::vector<uint8_t>& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out.push_back(b);
    if (done) return;
  }
}

// A length-prefixed name.
inline void write_name(std::vector<uint8_t>& out, std::string_view s) {
  write_u32_leb(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

inline void write_bytes(std::vector<uint8_t>& out, const std::vector<uint8_t>& bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace kiln::core
