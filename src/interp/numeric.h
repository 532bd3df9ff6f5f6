// Numeric semantics of WebAssembly (https://webassembly.github.io/spec/core/exec/numerics.html)
// on raw bits: floats never pass through the x87 unit or a C conversion that could alter
// a NaN payload except where the spec allows any arithmetic NaN.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace kiln::core::interp {

inline float f32_of(uint64_t slot) { return std::bit_cast<float>(static_cast<uint32_t>(slot)); }
inline double f64_of(uint64_t slot) { return std::bit_cast<double>(slot); }
inline uint64_t bits_of(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t bits_of(double d) { return std::bit_cast<uint64_t>(d); }

// min / max: NaN if either is NaN; -0 is below +0.
template <typename F>
F wasm_min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <typename F>
F wasm_max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Rounding (ceil, floor, trunc, nearest with ties to even). libm may return a signalling
// NaN unchanged; the spec wants an arithmetic (quiet) NaN, which x + x gives.
template <typename F>
F wasm_ceil(F x) { return std::isnan(x) ? x + x : std::ceil(x); }
template <typename F>
F wasm_floor(F x) { return std::isnan(x) ? x + x : std::floor(x); }
template <typename F>
F wasm_trunc_f(F x) { return std::isnan(x) ? x + x : std::trunc(x); }
template <typename F>
F wasm_nearest(F x) { return std::isnan(x) ? x + x : std::nearbyint(x); }

enum class TruncResult { Ok, Overflow, Invalid };

// Trapping truncation of float to integer I: NaN is an invalid conversion, a value whose
// truncation lies outside I an overflow.
template <typename I, typename F>
TruncResult wasm_trunc(F x, I& out) {
  if (std::isnan(x)) return TruncResult::Invalid;
  F t = std::trunc(x);
  constexpr int bits = std::numeric_limits<I>::digits;  // 31/63 signed, 32/64 unsigned
  const F hi = std::ldexp(F(1), bits);                   // 2^bits, exact in F
  const F lo = std::numeric_limits<I>::is_signed ? -hi : F(0);
  if (t < lo || t >= hi) return TruncResult::Overflow;
  out = static_cast<I>(t);
  return TruncResult::Ok;
}

// Saturating truncation: NaN is 0, out-of-range values clamp.
template <typename I, typename F>
I wasm_trunc_sat(F x) {
  if (std::isnan(x)) return 0;
  F t = std::trunc(x);
  constexpr int bits = std::numeric_limits<I>::digits;
  const F hi = std::ldexp(F(1), bits);
  const F lo = std::numeric_limits<I>::is_signed ? -hi : F(0);
  if (t < lo) return std::numeric_limits<I>::min();
  if (t >= hi) return std::numeric_limits<I>::max();
  return static_cast<I>(t);
}

}  // namespace kiln::core::interp
