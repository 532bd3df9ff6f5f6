// Helpers for building binary modules in tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "binary/decoder.h"

namespace kiln::core::testing {

using Bytes = std::vector<uint8_t>;

// The 8-byte header followed by `parts`.
inline Bytes module_bytes(std::initializer_list<Bytes> parts) {
  Bytes b = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}

// A section: id, size (one byte, so payloads under 128 bytes), payload.
inline Bytes section(uint8_t id, Bytes payload) {
  Bytes b = {id, static_cast<uint8_t>(payload.size())};
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

inline Bytes str(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline Result<Module> decode(const Bytes& b, const Features& f = Features()) {
  return decode_module(b.data(), b.size(), f);
}

}  // namespace kiln::core::testing
