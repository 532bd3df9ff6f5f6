// Numeric literals of the text format (https://webassembly.github.io/spec/core/text/values.html):
// integers with range checks, and floats correctly rounded to f32 / f64 bits, including
// hex floats, inf, nan and nan:0x payloads. Errors are "constant out of range".
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace kiln::core::text {

// The magnitude of an unsigned literal (decimal or 0x hex, with underscores); nullopt-like
// error when it does not fit in 64 bits. `text` must have passed the lexer's checks.
Result<uint64_t> parse_unsigned(std::string_view text);

// An iN literal (N = 8, 16, 32 or 64): unsigned up to 2^N-1 or signed in
// [-2^(N-1), 2^(N-1)); returns the N-bit two's complement pattern, zero-extended.
Result<uint64_t> parse_int_bits(std::string_view text, int bits);

// Float literals to raw bits. `text` is a Float, Nat or Int token's text.
Result<uint32_t> parse_f32_bits(std::string_view text);
Result<uint64_t> parse_f64_bits(std::string_view text);

}  // namespace kiln::core::text
