// UTF-8 validation (https://webassembly.github.io/spec/core/binary/values.html#names).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::core {

// True if `bytes` is well-formed UTF-8: shortest form, no surrogates, at most U+10FFFF.
bool is_valid_utf8(const uint8_t* bytes, size_t size);
inline bool is_valid_utf8(std::string_view s) {
  return is_valid_utf8(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Appends the UTF-8 encoding of code point `cp` (must be a scalar value).
void append_utf8(std::string& out, uint32_t cp);

}  // namespace kiln::core
