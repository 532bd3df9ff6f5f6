// The SIMD lane operations (interp/simd.h): exact results on edge inputs for both the portable
// and the x86 implementation, and, for every SIMD opcode of opcodes.def with a plain
// signature, x86 against portable on pseudo-random inputs (identical bits, except that a
// float lane may hold a different NaN in each, as long as both are quiet NaNs).
// tests/CMakeLists.txt also builds this file alone with SSE2 only and with SSE4.1, so each
// x86 code path is checked whatever the main build enables.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "interp/numeric.h"
#include "interp/simd.h"

namespace kiln::core::interp::simd {
namespace {

#if defined(__SSE2__)
#define KILN_IF_X86(...) __VA_ARGS__
#else
#define KILN_IF_X86(...)
#endif

// An implementation-neutral 128-bit value that converts to either implementation's Vec.
struct V {
  uint64_t lo = 0, hi = 0;
  operator portable::Vec() const { return portable::from_u64(lo, hi); }
#if defined(__SSE2__)
  operator x86::Vec() const { return x86::from_u64(lo, hi); }
#endif
  bool operator==(const V&) const = default;
};
V of(portable::Vec v) { return {portable::lo(v), portable::hi(v)}; }
#if defined(__SSE2__)
V of(x86::Vec v) { return {x86::lo(v), x86::hi(v)}; }
#endif
uint64_t of(uint32_t x) { return x; }
uint64_t of(uint64_t x) { return x; }

template <typename T>
V lanes(std::initializer_list<T> l) {
  uint8_t b[16] = {};
  size_t i = 0;
  for (T x : l) std::memcpy(b + sizeof(T) * i++, &x, sizeof(T));
  V v;
  std::memcpy(&v.lo, b, 8);
  std::memcpy(&v.hi, b + 8, 8);
  return v;
}
V i8(std::initializer_list<int> l) {
  uint8_t b[16] = {};
  size_t i = 0;
  for (int x : l) b[i++] = uint8_t(x);
  V v;
  std::memcpy(&v.lo, b, 8);
  std::memcpy(&v.hi, b + 8, 8);
  return v;
}
V i16(std::initializer_list<int> l) {
  V v;
  uint16_t t[8] = {};
  size_t i = 0;
  for (int x : l) t[i++] = uint16_t(x);
  std::memcpy(&v.lo, t, 8);
  std::memcpy(&v.hi, t + 4, 8);
  return v;
}
V i32(std::initializer_list<int64_t> l) {
  V v;
  uint32_t t[4] = {};
  size_t i = 0;
  for (int64_t x : l) t[i++] = uint32_t(x);
  std::memcpy(&v.lo, t, 8);
  std::memcpy(&v.hi, t + 2, 8);
  return v;
}
V i64(uint64_t a, uint64_t b) { return {a, b}; }
V f32(std::initializer_list<float> l) { return lanes<float>(l); }
V f64(double a, double b) { return {std::bit_cast<uint64_t>(a), std::bit_cast<uint64_t>(b)}; }
V f32b(std::initializer_list<uint32_t> l) { return lanes<uint32_t>(l); }
V splat8(int x) { return i8({x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}); }
V splat16(int x) { return i16({x, x, x, x, x, x, x, x}); }
V splat32(int64_t x) { return i32({x, x, x, x}); }

constexpr uint32_t kCanon32 = 0x7FC00000u;
constexpr uint64_t kCanon64 = 0x7FF8000000000000ull;
constexpr uint32_t kSNan32 = 0x7F800001u;
constexpr uint64_t kSNan64 = 0x7FF0000000000001ull;
const float kNaN32 = std::bit_cast<float>(kCanon32);
const double kNaN64 = std::bit_cast<double>(kCanon64);
const float kInf32 = std::numeric_limits<float>::infinity();
const double kInf64 = std::numeric_limits<double>::infinity();

std::string hex(V v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016llx:%016llx", (unsigned long long)v.hi,
                (unsigned long long)v.lo);
  return buf;
}

// A float lane matches its expectation if the bits are equal, or if the expectation is a NaN
// and the result a quiet NaN ("nan:arithmetic"), canonical (either sign) when the expectation
// is the canonical NaN ("nan:canonical").
template <typename U>
bool lane_matches(U want, U got) {
  constexpr int bits = 8 * sizeof(U);
  constexpr int mant = bits == 32 ? 23 : 52;
  const U exp_mask = (U(1) << (bits - 1)) - (U(1) << mant);
  const U mant_mask = (U(1) << mant) - 1;
  const U quiet = U(1) << (mant - 1);
  auto is_nan = [&](U x) { return (x & exp_mask) == exp_mask && (x & mant_mask) != 0; };
  if (!is_nan(want)) return want == got;
  if (!is_nan(got) || !(got & quiet)) return false;
  if ((want & mant_mask) == quiet) return (got & mant_mask) == quiet;
  return true;
}
template <typename U>
bool float_lanes_match(V want, V got) {
  U w[16 / sizeof(U)], g[16 / sizeof(U)];
  std::memcpy(w, &want, 16);
  std::memcpy(g, &got, 16);
  for (size_t i = 0; i < 16 / sizeof(U); ++i)
    if (!lane_matches(w[i], g[i])) return false;
  return true;
}

// Expectation kinds: exact bits, or float lanes with the NaN rules above.
struct F32Want {
  V v;
};
struct F64Want {
  V v;
};
F32Want f32w(std::initializer_list<float> l) { return {f32(l)}; }
F32Want f32bw(std::initializer_list<uint32_t> l) { return {f32b(l)}; }
F64Want f64w(double a, double b) { return {f64(a, b)}; }

void check(const char* where, V want, V got) { EXPECT_EQ(hex(want), hex(got)) << where; }
void check(const char* where, F32Want want, V got) {
  EXPECT_TRUE(float_lanes_match<uint32_t>(want.v, got))
      << where << ": want " << hex(want.v) << " got " << hex(got);
}
void check(const char* where, F64Want want, V got) {
  EXPECT_TRUE(float_lanes_match<uint64_t>(want.v, got))
      << where << ": want " << hex(want.v) << " got " << hex(got);
}
void check(const char* where, uint64_t want, uint64_t got) { EXPECT_EQ(want, got) << where; }

// EXPECT_OP(Op, expected, args...): both implementations give `expected`.
#define EXPECT_OP(Op, want, ...)                                     \
  do {                                                               \
    check("portable::" #Op, want, of(portable::Op(__VA_ARGS__)));    \
    KILN_IF_X86(check("x86::" #Op, want, of(x86::Op(__VA_ARGS__)))); \
  } while (0)

// ---- Exact results ----------------------------------------------------------------------------

TEST(SimdOps, LoadStoreFromSlots) {
  uint64_t buf[5] = {0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull, 0x1716151413121110ull, 0, 0};
  for (int off = 0; off < 2; ++off) {  // one of the two is not 16-byte aligned
    uint64_t* p = buf + off;
    V want{p[0], p[1]};
    EXPECT_EQ(of(portable::load(p)), want);
    KILN_IF_X86(EXPECT_EQ(of(x86::load(p)), want));
    uint64_t out[3] = {};
    portable::store(out + 1, portable::load(p));
    EXPECT_EQ(out[1], p[0]);
    EXPECT_EQ(out[2], p[1]);
    KILN_IF_X86(x86::store(out + 1, x86::from_u64(1, 2)); EXPECT_EQ(out[1], 1u);
                EXPECT_EQ(out[2], 2u));
  }
  EXPECT_EQ(portable::get<uint8_t>(portable::load(buf), 9), 9);  // byte 9 is in slot 1
}

TEST(SimdOps, SplatExtractReplace) {
  EXPECT_OP(I8x16Splat, splat8(0xAB), 0x1ABu);
  EXPECT_OP(I16x8Splat, splat16(0x8001), 0x18001u);
  EXPECT_OP(I32x4Splat, splat32(0x80000001), 0x80000001u);
  EXPECT_OP(I64x2Splat, i64(0x8000000000000001ull, 0x8000000000000001ull), 0x8000000000000001ull);
  EXPECT_OP(F32x4Splat, f32b({kSNan32, kSNan32, kSNan32, kSNan32}), kSNan32);  // bits kept
  EXPECT_OP(F64x2Splat, i64(kSNan64, kSNan64), kSNan64);

  V a = i8({0, 0x80, 2, 0x7F, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF});
  EXPECT_OP(I8x16ExtractLaneS, 0xFFFFFF80ull, a, 1u);
  EXPECT_OP(I8x16ExtractLaneU, 0x80ull, a, 1u);
  EXPECT_OP(I8x16ExtractLaneS, 0xFFFFFFFFull, a, 15u);
  EXPECT_OP(I8x16ExtractLaneU, 0xFFull, a, 15u);
  EXPECT_OP(I8x16ExtractLaneS, 0x7Full, a, 3u);
  V b = i16({1, 2, 3, 4, 5, 6, 7, 0x8000});
  EXPECT_OP(I16x8ExtractLaneS, 0xFFFF8000ull, b, 7u);
  EXPECT_OP(I16x8ExtractLaneU, 0x8000ull, b, 7u);
  EXPECT_OP(I16x8ExtractLaneU, 5ull, b, 4u);
  V c = i32({10, 11, 0x80000000, 13});
  EXPECT_OP(I32x4ExtractLane, 0x80000000ull, c, 2u);
  EXPECT_OP(I32x4ExtractLane, 13ull, c, 3u);
  EXPECT_OP(I64x2ExtractLane, 0x1111ull, i64(0x2222, 0x1111), 1u);
  EXPECT_OP(F32x4ExtractLane, uint64_t(kSNan32), f32b({0, 0, 0, kSNan32}), 3u);
  EXPECT_OP(F64x2ExtractLane, kSNan64, i64(kSNan64, 0), 0u);

  EXPECT_OP(I8x16ReplaceLane, i8({0, 0x80, 2, 0x7F, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xCD}), a,
            15u, 0x1CDu);
  EXPECT_OP(I8x16ReplaceLane, i8({0x11, 0x80, 2, 0x7F, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF}),
            a, 0u, 0x11u);
  EXPECT_OP(I16x8ReplaceLane, i16({1, 2, 3, 4, 5, 6, 7, 0x1234}), b, 7u, 0xAB1234u);
  EXPECT_OP(I32x4ReplaceLane, i32({10, 11, 0xDEADBEEF, 13}), c, 2u, 0xDEADBEEFu);
  EXPECT_OP(I64x2ReplaceLane, i64(0x2222, 0xFFFFFFFFFFFFFFFFull), i64(0x2222, 0x1111), 1u, ~0ull);
  EXPECT_OP(F32x4ReplaceLane, f32b({0, kSNan32, 0, 0}), f32b({0, 0, 0, 0}), 1u, kSNan32);
  EXPECT_OP(F64x2ReplaceLane, i64(kSNan64, 7), i64(0, 7), 0u, kSNan64);
}

TEST(SimdOps, ShuffleAndSwizzle) {
  V a = i8({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V b = i8({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
  const uint8_t idx[16] = {31, 0, 16, 15, 1, 17, 30, 14, 2, 2, 18, 18, 7, 23, 8, 24};
  EXPECT_OP(I8x16Shuffle, i8({31, 0, 16, 15, 1, 17, 30, 14, 2, 2, 18, 18, 7, 23, 8, 24}), a, b,
            idx);
  V r = i8({0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD,
            0xAE, 0xAF});
  V s = i8({15, 0, 16, 0x10, 0x70, 0x7F, 0x80, 0xFF, 0x8F, 3, 0x1F, 14, 0xF0, 1, 0x40, 5});
  V want = i8({0xAF, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0xA3, 0, 0xAE, 0, 0xA1, 0, 0xA5});
  EXPECT_OP(I8x16Swizzle, want, r, s);
  EXPECT_OP(I8x16RelaxedSwizzle, want, r, s);
}

TEST(SimdOps, IntegerComparisons) {
  V a = i8({0x80, 0x7F, 0, 0xFF, 5, 5, 0x80, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8});
  V b = i8({0x7F, 0x80, 0xFF, 0, 5, 6, 0x80, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_OP(I8x16LtS, i8({-1, 0, 0, -1, 0, -1, 0, 0}), a, b);
  EXPECT_OP(I8x16LtU, i8({0, -1, -1, 0, 0, -1, 0, 0}), a, b);
  EXPECT_OP(I8x16GeU, i8({-1, 0, 0, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}), a, b);
  EXPECT_OP(I8x16LeS, i8({-1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}), a, b);
  EXPECT_OP(I8x16Ne, i8({-1, -1, -1, -1, 0, -1, 0, 0}), a, b);
  V c = i16({0x8000, 0x7FFF, 0xFFFF, 0, 3, 3, 0x8000, 1});
  V d = i16({0x7FFF, 0x8000, 0, 0xFFFF, 3, 4, 0x8001, 1});
  EXPECT_OP(I16x8GtS, i16({0, -1, 0, -1, 0, 0, 0, 0}), c, d);
  EXPECT_OP(I16x8GtU, i16({-1, 0, -1, 0, 0, 0, 0, 0}), c, d);
  EXPECT_OP(I16x8LeU, i16({0, -1, 0, -1, -1, -1, -1, -1}), c, d);
  EXPECT_OP(I16x8GeS, i16({0, -1, 0, -1, -1, 0, 0, -1}), c, d);
  V e = i32({0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 7});
  V f = i32({0x7FFFFFFF, 0x80000000, 0, 7});
  EXPECT_OP(I32x4LtS, i32({-1, 0, -1, 0}), e, f);
  EXPECT_OP(I32x4LtU, i32({0, -1, 0, 0}), e, f);
  EXPECT_OP(I32x4GtU, i32({-1, 0, -1, 0}), e, f);
  EXPECT_OP(I32x4LeU, i32({0, -1, 0, -1}), e, f);
  EXPECT_OP(I32x4GeU, i32({-1, 0, -1, -1}), e, f);
  EXPECT_OP(I32x4Eq, i32({0, 0, 0, -1}), e, f);
  const uint64_t kMin = 0x8000000000000000ull, kMax = 0x7FFFFFFFFFFFFFFFull;
  EXPECT_OP(I64x2LtS, i64(~0ull, 0), i64(kMin, kMax), i64(kMax, kMin));  // overflowing differences
  EXPECT_OP(I64x2GtS, i64(0, ~0ull), i64(kMin, kMax), i64(kMax, kMin));
  EXPECT_OP(I64x2LtS, i64(~0ull, 0), i64(~0ull, 0x100000000ull), i64(0, 0xFFFFFFFFull));
  EXPECT_OP(I64x2LeS, i64(~0ull, ~0ull), i64(5, kMin), i64(5, kMin));
  EXPECT_OP(I64x2GeS, i64(0, ~0ull), i64(0xFFFFFFFF00000000ull, 1), i64(0x00000000FFFFFFFFull, 1));
  EXPECT_OP(I64x2Eq, i64(0, ~0ull), i64(0x100000000ull, 9), i64(0, 9));  // equal low halves only
  EXPECT_OP(I64x2Ne, i64(~0ull, 0), i64(0x100000000ull, 9), i64(0, 9));
}

TEST(SimdOps, FloatComparisons) {
  V a = f32({kNaN32, -0.0f, 1.0f, -kInf32});
  V b = f32({kNaN32, 0.0f, kNaN32, 3.0f});
  EXPECT_OP(F32x4Eq, i32({0, -1, 0, 0}), a, b);
  EXPECT_OP(F32x4Ne, i32({-1, 0, -1, -1}), a, b);
  EXPECT_OP(F32x4Lt, i32({0, 0, 0, -1}), a, b);
  EXPECT_OP(F32x4Le, i32({0, -1, 0, -1}), a, b);
  EXPECT_OP(F32x4Gt, i32({0, 0, 0, 0}), a, b);
  EXPECT_OP(F32x4Ge, i32({0, -1, 0, 0}), a, b);
  EXPECT_OP(F64x2Eq, i64(~0ull, 0), f64(0.0, kNaN64), f64(-0.0, 1.0));
  EXPECT_OP(F64x2Ne, i64(0, ~0ull), f64(0.0, kNaN64), f64(-0.0, 1.0));
  EXPECT_OP(F64x2Lt, i64(~0ull, 0), f64(-kInf64, 1.0), f64(-1e308, kNaN64));
  EXPECT_OP(F64x2Ge, i64(0, 0), f64(-kInf64, 1.0), f64(-1e308, kNaN64));
  EXPECT_OP(F64x2Gt, i64(~0ull, 0), f64(2.0, 1.0), f64(1.0, 2.0));
  EXPECT_OP(F64x2Le, i64(0, ~0ull), f64(2.0, 1.0), f64(1.0, 2.0));
}

TEST(SimdOps, Bitwise) {
  V a = i64(0xFF00FF00F0F0F0F0ull, 0x0123456789ABCDEFull);
  V b = i64(0x0FF00FF0FFFF0000ull, 0xFFFFFFFF00000000ull);
  V m = i64(0xFFFFFFFF00000000ull, 0x00FF00FF00FF00FFull);
  EXPECT_OP(V128Not, i64(~a.lo, ~a.hi), a);
  EXPECT_OP(V128And, i64(a.lo & b.lo, a.hi & b.hi), a, b);
  EXPECT_OP(V128Andnot, i64(a.lo & ~b.lo, a.hi & ~b.hi), a, b);
  EXPECT_OP(V128Or, i64(a.lo | b.lo, a.hi | b.hi), a, b);
  EXPECT_OP(V128Xor, i64(a.lo ^ b.lo, a.hi ^ b.hi), a, b);
  V sel = i64((a.lo & m.lo) | (b.lo & ~m.lo), (a.hi & m.hi) | (b.hi & ~m.hi));
  EXPECT_OP(V128Bitselect, sel, a, b, m);
  EXPECT_OP(I8x16RelaxedLaneselect, sel, a, b, m);
  EXPECT_OP(I16x8RelaxedLaneselect, sel, a, b, m);
  EXPECT_OP(I32x4RelaxedLaneselect, sel, a, b, m);
  EXPECT_OP(I64x2RelaxedLaneselect, sel, a, b, m);
  EXPECT_OP(V128AnyTrue, 0ull, i64(0, 0));
  EXPECT_OP(V128AnyTrue, 1ull, i64(0, 0x8000000000000000ull));
  EXPECT_OP(V128AnyTrue, 1ull, i64(1, 0));
}

TEST(SimdOps, AllTrueAndBitmask) {
  EXPECT_OP(I8x16AllTrue, 1ull, splat8(0x80));
  EXPECT_OP(I8x16AllTrue, 0ull, i8({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_OP(I16x8AllTrue, 1ull, splat16(0x0100));
  EXPECT_OP(I16x8AllTrue, 0ull, i16({1, 1, 1, 0, 1, 1, 1, 1}));
  EXPECT_OP(I32x4AllTrue, 1ull, splat32(0x00010000));
  EXPECT_OP(I32x4AllTrue, 0ull, i32({1, 0, 1, 1}));
  EXPECT_OP(I64x2AllTrue, 1ull, i64(0x100000000ull, 1));  // a zero low half is not a zero lane
  EXPECT_OP(I64x2AllTrue, 0ull, i64(5, 0));
  EXPECT_OP(I8x16Bitmask, 0x8001ull,
            i8({0x80, 0x7F, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xFF}));
  EXPECT_OP(I16x8Bitmask, 0x81ull, i16({0x8000, 0x7FFF, 0x00FF, 0, 0, 0, 0, 0xFFFF}));
  EXPECT_OP(I32x4Bitmask, 0xAull, i32({0x7FFFFFFF, 0x80000000, 0, -1}));
  EXPECT_OP(I64x2Bitmask, 0x2ull, i64(0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull));
}

TEST(SimdOps, SaturatingArithmeticAndNarrowing) {
  V a = i8({127, -128, -128, 100, 0, 255, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0});
  V b = i8({1, -1, 127, 100, 1, 1, 255, 0x80, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_OP(I8x16AddSatS, i8({127, -128, -1, 127, 1, 0, 0, 0x80}), a, b);
  EXPECT_OP(I8x16AddSatU, i8({128, 255, 255, 200, 1, 255, 255, 255}), a, b);
  EXPECT_OP(I8x16SubSatS, i8({126, -127, -128, 0, -1, -2, 2, 0}), a, b);
  EXPECT_OP(I8x16SubSatU, i8({126, 0, 1, 0, 0, 254, 0, 0}), a, b);
  V c = i16({32767, -32768, -32768, 0, 0xFFFF, 1, 0, 0});
  V d = i16({1, -1, 32767, 1, 1, 0xFFFF, 0, 0});
  EXPECT_OP(I16x8AddSatS, i16({32767, -32768, -1, 1, 0, 0}), c, d);
  EXPECT_OP(I16x8AddSatU, i16({0x8000, 0xFFFF, 0xFFFF, 1, 0xFFFF, 0xFFFF}), c, d);
  EXPECT_OP(I16x8SubSatS, i16({32766, -32767, -32768, -1, -2, 2}), c, d);
  EXPECT_OP(I16x8SubSatU, i16({0x7FFE, 0, 1, 0, 0xFFFE, 0}), c, d);

  EXPECT_OP(I8x16NarrowI16x8S,
            i8({127, -128, 127, -128, -1, 0, 5, -5, 0x7F, -128, 0, 0, 0, 0, 0, 0}),
            i16({300, -300, 128, -129, -1, 0, 5, -5}), i16({127, -128, 0, 0, 0, 0, 0, 0}));
  EXPECT_OP(I8x16NarrowI16x8U, i8({255, 0, 128, 0, 0, 0, 5, 0, 255, 255, 0, 0, 0, 0, 0, 0xFF}),
            i16({300, -300, 128, -129, -1, 0, 5, -5}), i16({255, 256, 0, 0, 0, 0, 0, 0x7FFF}));
  EXPECT_OP(I16x8NarrowI32x4S, i16({32767, -32768, 0x7FFF, -32768, -1, 0, 1, -1}),
            i32({40000, -40000, 32767, -32768}), i32({-1, 0, 1, 0xFFFFFFFF}));
  EXPECT_OP(I16x8NarrowI32x4U, i16({0xFFFF, 0, 0x8000, 0, 0xFFFF, 0xFFFF, 0, 0x7FFF}),
            i32({70000, -1, 32768, 0x80000000}), i32({65535, 0x7FFFFFFF, 0, 32767}));
}

TEST(SimdOps, AbsNegPopcnt) {
  EXPECT_OP(I8x16Abs, i8({128, 127, 1, 0, 127, 5}), i8({-128, -127, -1, 0, 127, 5}));
  EXPECT_OP(I8x16Neg, i8({-128, 127, 1, 0, -127, -5}), i8({-128, -127, -1, 0, 127, 5}));
  EXPECT_OP(I16x8Abs, i16({0x8000, 32767, 1, 0}), i16({-32768, -32767, -1, 0}));
  EXPECT_OP(I16x8Neg, i16({0x8000, 32767, 1, 0}), i16({-32768, -32767, -1, 0}));
  EXPECT_OP(I32x4Abs, i32({0x80000000, 0x7FFFFFFF, 1, 0}), i32({0x80000000, -0x7FFFFFFF, -1, 0}));
  EXPECT_OP(I32x4Neg, i32({0x80000000, 0x7FFFFFFF, 1, 0}), i32({0x80000000, -0x7FFFFFFF, -1, 0}));
  EXPECT_OP(I64x2Abs, i64(0x8000000000000000ull, 1), i64(0x8000000000000000ull, ~0ull));
  EXPECT_OP(I64x2Neg, i64(0x8000000000000000ull, 1), i64(0x8000000000000000ull, ~0ull));
  EXPECT_OP(I8x16Popcnt, i8({0, 8, 1, 4, 4, 1, 7, 2, 3, 2, 1, 1, 1, 1, 1, 1}),
            i8({0, 0xFF, 0x80, 0x55, 0xAA, 1, 0x7F, 0x81, 0x0B, 0x30, 2, 4, 8, 16, 32, 64}));
}

TEST(SimdOps, Shifts) {
  V a = i8({0x80, 0x81, 0x7F, 1, 0xFF, 0x40, 0, 0x3C, 0x80, 0x81, 0x7F, 1, 0xFF, 0x40, 0, 0x3C});
  EXPECT_OP(I8x16Shl, i8({0, 2, 0xFE, 2, 0xFE, 0x80, 0, 0x78, 0, 2, 0xFE, 2, 0xFE, 0x80, 0, 0x78}),
            a, 9u);
  EXPECT_OP(I8x16ShrS, i8({-1, -1, 0, 0, -1, 0, 0, 0, -1, -1, 0, 0, -1, 0, 0, 0}), a, 7u);
  EXPECT_OP(I8x16ShrU, i8({1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0}), a, 0xFFFFFFFFu);  // 7
  EXPECT_OP(
      I8x16ShrS,
      i8({0xE0, 0xE0, 0x1F, 0, 0xFF, 0x10, 0, 0x0F, 0xE0, 0xE0, 0x1F, 0, 0xFF, 0x10, 0, 0x0F}), a,
      2u);
  EXPECT_OP(I8x16ShrU, a, a, 8u);
  V b = i16({0x8000, 0x7FFF, 1, 0xFFFF, 0, 0, 0, 0x4000});
  EXPECT_OP(I16x8ShrS, i16({0xFFFF, 0, 0, 0xFFFF, 0, 0, 0, 0}), b, 15u);
  EXPECT_OP(I16x8ShrU, i16({1, 0, 0, 1, 0, 0, 0, 0}), b, 31u);
  EXPECT_OP(I16x8Shl, b, b, 16u);
  EXPECT_OP(I16x8Shl, i16({0, 0xFFFE, 2, 0xFFFE, 0, 0, 0, 0x8000}), b, 1u);
  V c = i32({0x80000000, 1, 0xFFFFFFFF, 0x40000000});
  EXPECT_OP(I32x4ShrS, i32({0xC0000000, 0, 0xFFFFFFFF, 0x20000000}), c, 33u);
  EXPECT_OP(I32x4ShrU, i32({0x40000000, 0, 0x7FFFFFFF, 0x20000000}), c, 1u);
  EXPECT_OP(I32x4Shl, c, c, 32u);
  EXPECT_OP(I32x4Shl, i32({0, 0x80000000, 0x80000000, 0}), c, 31u);
  V d = i64(0x8000000000000000ull, 0x4000000000000001ull);
  EXPECT_OP(I64x2ShrS, i64(~0ull, 0), d, 63u);
  EXPECT_OP(I64x2ShrS, d, d, 64u);
  EXPECT_OP(I64x2ShrS, i64(0xC000000000000000ull, 0x2000000000000000ull), d, 1u);
  EXPECT_OP(I64x2ShrU, i64(1, 0), d, 127u);
  EXPECT_OP(I64x2Shl, i64(0, 0x8000000000000000ull), d, 63u);
}

TEST(SimdOps, MinMaxAvgMul) {
  V a = i8({0x80, 0x7F, 0xFF, 0, 1, 2});
  V b = i8({0x7F, 0x80, 0, 0xFF, 1, 3});
  EXPECT_OP(I8x16MinS, i8({0x80, 0x80, 0xFF, 0xFF, 1, 2}), a, b);
  EXPECT_OP(I8x16MinU, i8({0x7F, 0x7F, 0, 0, 1, 2}), a, b);
  EXPECT_OP(I8x16MaxS, i8({0x7F, 0x7F, 0, 0, 1, 3}), a, b);
  EXPECT_OP(I8x16MaxU, i8({0x80, 0x80, 0xFF, 0xFF, 1, 3}), a, b);
  EXPECT_OP(I8x16AvgrU, i8({0x80, 0x80, 0x80, 0x80, 1, 3}), a, b);
  EXPECT_OP(I8x16AvgrU, splat8(255), splat8(255), splat8(255));
  V c = i16({0x8000, 0x7FFF, 0xFFFF, 0});
  V d = i16({0x7FFF, 0x8000, 0, 0xFFFF});
  EXPECT_OP(I16x8MinS, i16({0x8000, 0x8000, 0xFFFF, 0xFFFF}), c, d);
  EXPECT_OP(I16x8MinU, i16({0x7FFF, 0x7FFF, 0, 0}), c, d);
  EXPECT_OP(I16x8MaxS, i16({0x7FFF, 0x7FFF, 0, 0}), c, d);
  EXPECT_OP(I16x8MaxU, i16({0x8000, 0x8000, 0xFFFF, 0xFFFF}), c, d);
  EXPECT_OP(I16x8AvgrU, i16({0x8000, 0x8000, 0x8000, 0x8000}), c, d);
  V e = i32({0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0});
  V f = i32({0x7FFFFFFF, 0x80000000, 0, 0xFFFFFFFF});
  EXPECT_OP(I32x4MinS, i32({0x80000000, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFF}), e, f);
  EXPECT_OP(I32x4MinU, i32({0x7FFFFFFF, 0x7FFFFFFF, 0, 0}), e, f);
  EXPECT_OP(I32x4MaxS, i32({0x7FFFFFFF, 0x7FFFFFFF, 0, 0}), e, f);
  EXPECT_OP(I32x4MaxU, i32({0x80000000, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFF}), e, f);
  EXPECT_OP(I16x8Mul, i16({0, 1, 0xFFFE, 0x8000}), i16({0x100, 0xFFFF, 0x7FFF, 0x4000}),
            i16({0x100, 0xFFFF, 2, 2}));
  EXPECT_OP(I32x4Mul, i32({0, 1, 0xFFFFFFFE, 0x80000000}),
            i32({0x10000, 0xFFFFFFFF, 0x7FFFFFFF, 0x40000000}), i32({0x10000, 0xFFFFFFFF, 2, 2}));
  EXPECT_OP(I64x2Mul, i64(1, 0xFFFFFFFE00000001ull), i64(~0ull, 0xFFFFFFFFull),
            i64(~0ull, 0xFFFFFFFFull));
  EXPECT_OP(I64x2Mul, i64(0x8000000000000000ull, 0x0000000100000000ull * 3),
            i64(0x4000000000000000ull, 0x100000000ull), i64(2, 3));
}

TEST(SimdOps, ExtendExtmulExtaddDot) {
  V a = i8({0x80, 0x7F, 0xFF, 1, 2, 3, 4, 5, 0xFE, 0x80, 6, 7, 8, 9, 10, 0xFF});
  EXPECT_OP(I16x8ExtendLowI8x16S, i16({-128, 127, -1, 1, 2, 3, 4, 5}), a);
  EXPECT_OP(I16x8ExtendHighI8x16S, i16({-2, -128, 6, 7, 8, 9, 10, -1}), a);
  EXPECT_OP(I16x8ExtendLowI8x16U, i16({128, 127, 255, 1, 2, 3, 4, 5}), a);
  EXPECT_OP(I16x8ExtendHighI8x16U, i16({254, 128, 6, 7, 8, 9, 10, 255}), a);
  V b = i16({0x8000, 0x7FFF, 0xFFFF, 1, 2, 0xFFFE, 0x8000, 0xFFFF});
  EXPECT_OP(I32x4ExtendLowI16x8S, i32({-32768, 32767, -1, 1}), b);
  EXPECT_OP(I32x4ExtendHighI16x8S, i32({2, -2, -32768, -1}), b);
  EXPECT_OP(I32x4ExtendLowI16x8U, i32({32768, 32767, 65535, 1}), b);
  EXPECT_OP(I32x4ExtendHighI16x8U, i32({2, 65534, 32768, 65535}), b);
  V c = i32({0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 2});
  EXPECT_OP(I64x2ExtendLowI32x4S, i64(0xFFFFFFFF80000000ull, 0x7FFFFFFF), c);
  EXPECT_OP(I64x2ExtendHighI32x4S, i64(~0ull, 2), c);
  EXPECT_OP(I64x2ExtendLowI32x4U, i64(0x80000000, 0x7FFFFFFF), c);
  EXPECT_OP(I64x2ExtendHighI32x4U, i64(0xFFFFFFFF, 2), c);

  EXPECT_OP(I16x8ExtmulLowI8x16S, i16({16384, 127 * -128, 1, -1, 4, 9, 16, 25}), a,
            i8({0x80, 0x80, 0xFF, 0xFF, 2, 3, 4, 5}));
  EXPECT_OP(I16x8ExtmulLowI8x16U, i16({16384, 127 * 128, 65025, 255, 4, 9, 16, 25}), a,
            i8({0x80, 0x80, 0xFF, 0xFF, 2, 3, 4, 5}));
  EXPECT_OP(I16x8ExtmulHighI8x16S, i16({4, 16384, 0, 0, 0, 0, 0, 1}), a,
            i8({0, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0x80, 0, 0, 0, 0, 0, 0xFF}));
  EXPECT_OP(I16x8ExtmulHighI8x16U, i16({64516, 16384, 0, 0, 0, 0, 0, 65025}), a,
            i8({0, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0x80, 0, 0, 0, 0, 0, 0xFF}));
  EXPECT_OP(I32x4ExtmulLowI16x8S, i32({0x40000000, 32767 * -32768ll, 1, -1}), b,
            i16({0x8000, 0x8000, 0xFFFF, 0xFFFF}));
  EXPECT_OP(I32x4ExtmulLowI16x8U, i32({0x40000000, 32767 * 32768ll, 0xFFFE0001, 0xFFFF}), b,
            i16({0x8000, 0x8000, 0xFFFF, 0xFFFF}));
  EXPECT_OP(I32x4ExtmulHighI16x8S, i32({6, 4, 0x40000000, 1}), b,
            i16({0, 0, 0, 0, 3, 0xFFFE, 0x8000, 0xFFFF}));
  EXPECT_OP(I32x4ExtmulHighI16x8U, i32({6, 65534ll * 65534, 0x40000000, 0xFFFE0001}), b,
            i16({0, 0, 0, 0, 3, 0xFFFE, 0x8000, 0xFFFF}));
  EXPECT_OP(I64x2ExtmulLowI32x4S, i64(0x4000000000000000ull, 0x7FFFFFFFull * 0xFFFFFFFF80000001ull),
            c, i32({0x80000000, 0x80000001, 0, 0}));
  EXPECT_OP(I64x2ExtmulLowI32x4U, i64(0x4000000000000000ull, 0x7FFFFFFFull * 0x80000001ull), c,
            i32({0x80000000, 0x80000001, 0, 0}));
  EXPECT_OP(I64x2ExtmulHighI32x4S, i64(1, (uint64_t)-6ll), c, i32({0, 0, 0xFFFFFFFF, -3}));
  EXPECT_OP(I64x2ExtmulHighI32x4U, i64(0xFFFFFFFE00000001ull, 2ull * 0xFFFFFFFDull), c,
            i32({0, 0, 0xFFFFFFFF, -3}));

  EXPECT_OP(I16x8ExtaddPairwiseI8x16S, i16({-256, 254, 0, -127, 2, 0, 0, 0}),
            i8({0x80, 0x80, 0x7F, 0x7F, 0xFF, 1, 0x80, 1, 1, 1}));
  EXPECT_OP(I16x8ExtaddPairwiseI8x16U, i16({256, 254, 256, 129, 2, 0, 0, 510}),
            i8({0x80, 0x80, 0x7F, 0x7F, 0xFF, 1, 0x80, 1, 1, 1, 0, 0, 0, 0, 0xFF, 0xFF}));
  EXPECT_OP(I32x4ExtaddPairwiseI16x8S, i32({-65536, 65534, 0, -1}),
            i16({0x8000, 0x8000, 0x7FFF, 0x7FFF, 0xFFFF, 1, 0, 0xFFFF}));
  EXPECT_OP(I32x4ExtaddPairwiseI16x8U, i32({65536, 65534, 65536, 131070}),
            i16({0x8000, 0x8000, 0x7FFF, 0x7FFF, 0xFFFF, 1, 0xFFFF, 0xFFFF}));
  EXPECT_OP(I32x4DotI16x8S, i32({0x80000000, -2 * 32768ll * 32767, 5, 0}),
            i16({0x8000, 0x8000, 0x7FFF, 0x7FFF, 1, 2, 0, 0}),
            i16({0x8000, 0x8000, 0x8000, 0x8000, 1, 2, 0, 0}));
}

TEST(SimdOps, Q15mulr) {
  V a = i16({0x8000, 0x4000, -1, 0x7FFF, 0x8000, 3, 0x7FFF, 0x8000});
  V b = i16({0x8000, 0x4000, 1, 0x7FFF, 0x7FFF, 0x4000, 0x8000, 1});
  // (a*b + 0x4000) >> 15: 0x8000^2 saturates; 3*0x4000 = 1.5 rounds up; -32768/32768 rounds to -1
  V want = i16({0x7FFF, 0x2000, 0, 0x7FFE, -32767, 2, -32767, -1});
  EXPECT_OP(I16x8Q15mulrSatS, want, a, b);
  EXPECT_OP(I16x8RelaxedQ15mulrS, want, a, b);
}

TEST(SimdOps, FloatArithmetic) {
  EXPECT_OP(F32x4Add, f32bw({kCanon32, kCanon32, 0, 0x80000000}),
            f32({kInf32, kNaN32, 0.0f, -0.0f}), f32({-kInf32, 1.0f, -0.0f, -0.0f}));
  EXPECT_OP(F32x4Sub, f32w({kNaN32, kNaN32, -2.0f, 1.0f}), f32({kInf32, kInf32, -1.0f, 1.0f}),
            f32({kInf32 / 2, kInf32, 1.0f, 0.0f}));
  EXPECT_OP(F32x4Mul, f32w({kNaN32, -0.0f, kInf32, 6.0f}), f32({0.0f, -0.0f, 1e30f, 2.0f}),
            f32({kInf32, 1.0f, 1e30f, 3.0f}));
  EXPECT_OP(F32x4Div, f32w({kNaN32, -kInf32, kNaN32, 0.5f}), f32({0.0f, -1.0f, kInf32, 1.0f}),
            f32({0.0f, 0.0f, kInf32, 2.0f}));
  EXPECT_OP(F32x4Sqrt, f32w({kNaN32, -0.0f, 3.0f, kInf32}), f32({-1.0f, -0.0f, 9.0f, kInf32}));
  // A signalling NaN comes out quiet ("nan:arithmetic"), any payload.
  EXPECT_OP(F32x4Add, f32bw({0x7FC00001, 0x7FC00001, 0x7FC00001, 0x7FC00001}),
            f32b({kSNan32, 0, kSNan32, 0x3F800000}), f32b({0, kSNan32, kSNan32, kSNan32}));
  EXPECT_OP(F32x4Abs, f32b({kSNan32, 0x7FFFFFFF, 0, 0x3F800000}),
            f32b({kSNan32 | 0x80000000, 0xFFFFFFFF, 0x80000000, 0xBF800000}));
  EXPECT_OP(F32x4Neg, f32b({kSNan32 | 0x80000000, 0x7FFFFFFF, 0, 0x3F800000}),
            f32b({kSNan32, 0xFFFFFFFF, 0x80000000, 0xBF800000}));
  EXPECT_OP(F64x2Abs, i64(kSNan64, 0), i64(kSNan64 | 0x8000000000000000ull, 0x8000000000000000ull));
  EXPECT_OP(F64x2Neg, i64(kSNan64 | 0x8000000000000000ull, 0), i64(kSNan64, 0x8000000000000000ull));
  EXPECT_OP(F64x2Add, f64w(kNaN64, -0.0), f64(kInf64, -0.0), f64(-kInf64, -0.0));
  EXPECT_OP(F64x2Sub, f64w(0.0, 3.0), f64(1.0, 1.0), f64(1.0, -2.0));
  EXPECT_OP(F64x2Mul, f64w(kNaN64, kInf64), f64(kInf64, 1e300), f64(0.0, 1e300));
  EXPECT_OP(F64x2Div, f64w(-kInf64, 0.25), f64(1.0, 1.0), f64(-0.0, 4.0));
  EXPECT_OP(F64x2Sqrt, f64w(kNaN64, 1.5), f64(-kInf64, 2.25));
}

TEST(SimdOps, FloatMinMax) {
  V a = f32({-0.0f, 0.0f, kNaN32, 1.0f});
  V b = f32({0.0f, -0.0f, 1.0f, kNaN32});
  EXPECT_OP(F32x4Min, f32w({-0.0f, -0.0f, kNaN32, kNaN32}), a, b);
  EXPECT_OP(F32x4Max, f32w({0.0f, 0.0f, kNaN32, kNaN32}), a, b);
  EXPECT_OP(F32x4RelaxedMin, f32w({-0.0f, -0.0f, kNaN32, kNaN32}), a, b);
  EXPECT_OP(F32x4RelaxedMax, f32w({0.0f, 0.0f, kNaN32, kNaN32}), a, b);
  // A signalling NaN operand gives a quiet NaN.
  EXPECT_OP(F32x4Min, f32bw({0x7FC00001, 0x7FC00001, 0xBF800000, 0x7F800000}),
            f32b({kSNan32, 0x3F800000, 0xBF800000, 0x7F800000}),
            f32b({0x3F800000, kSNan32, 0x7F800000, 0x7F800000}));
  EXPECT_OP(F32x4Max, f32bw({0x7FC00001, 0x7FC00001, 0x7F800000, 0xFF800000}),
            f32b({kSNan32, 0x3F800000, 0xBF800000, 0xFF800000}),
            f32b({0x3F800000, kSNan32, 0x7F800000, 0xFF800000}));
  // pmin = b < a ? b : a, pmax = a < b ? b : a: the operand itself, NaN bits included.
  EXPECT_OP(F32x4Pmin, f32b({0, 0x80000000, 0, 0x3F800000}), f32({0.0f, -0.0f, 0, 1.0f}),
            f32b({0x80000000, 0, 0x3F800000, kSNan32}));
  EXPECT_OP(F32x4Pmin, f32b({kSNan32, 0x3F800000, 0xBF800000, 0xBF800000}),
            f32b({kSNan32, 0x3F800000, 0x3F800000, 0xBF800000}),
            f32b({0x3F800000, kCanon32, 0xBF800000, 0x3F800000}));
  EXPECT_OP(F32x4Pmax, f32b({0, 0x80000000, 0x3F800000, 0x3F800000}), f32({0.0f, -0.0f, 0, 1.0f}),
            f32b({0x80000000, 0, 0x3F800000, kSNan32}));
  EXPECT_OP(F32x4Pmax, f32b({kSNan32, 0x3F800000, 0x3F800000, 0x3F800000}),
            f32b({kSNan32, 0x3F800000, 0x3F800000, 0xBF800000}),
            f32b({0x3F800000, kCanon32, 0xBF800000, 0x3F800000}));
  EXPECT_OP(F64x2Min, f64w(-0.0, kNaN64), f64(0.0, kNaN64), f64(-0.0, 1.0));
  EXPECT_OP(F64x2Max, f64w(0.0, kNaN64), f64(-0.0, 1.0), f64(0.0, kNaN64));
  EXPECT_OP(F64x2Min, f64w(-kInf64, 2.0), f64(-kInf64, 3.0), f64(1.0, 2.0));
  EXPECT_OP(F64x2Max, f64w(1.0, 3.0), f64(-kInf64, 3.0), f64(1.0, 2.0));
  EXPECT_OP(F64x2RelaxedMin, f64w(-0.0, kNaN64), f64(0.0, kNaN64), f64(-0.0, 1.0));
  EXPECT_OP(F64x2RelaxedMax, f64w(0.0, kNaN64), f64(-0.0, 1.0), f64(0.0, kNaN64));
  EXPECT_OP(F64x2Pmin, i64(0, kSNan64), f64(0.0, std::bit_cast<double>(kSNan64)), f64(-0.0, 1.0));
  EXPECT_OP(F64x2Pmax, i64(0x8000000000000000ull, 0x3FF0000000000000ull), f64(-0.0, 1.0),
            f64(0.0, std::bit_cast<double>(kSNan64)));
}

TEST(SimdOps, FloatRounding) {
  V a = f32({0.5f, -0.5f, 2.5f, -2.5f});
  EXPECT_OP(F32x4Ceil, f32w({1.0f, -0.0f, 3.0f, -2.0f}), a);
  EXPECT_OP(F32x4Floor, f32w({0.0f, -1.0f, 2.0f, -3.0f}), a);
  EXPECT_OP(F32x4Trunc, f32w({0.0f, -0.0f, 2.0f, -2.0f}), a);
  EXPECT_OP(F32x4Nearest, f32w({0.0f, -0.0f, 2.0f, -2.0f}), a);
  V b = f32({1.5f, -3.5f, 8388607.5f, -0.0f});
  EXPECT_OP(F32x4Nearest, f32w({2.0f, -4.0f, 8388608.0f, -0.0f}), b);
  EXPECT_OP(F32x4Ceil, f32w({2.0f, -3.0f, 8388608.0f, -0.0f}), b);
  EXPECT_OP(F32x4Floor, f32w({1.0f, -4.0f, 8388607.0f, -0.0f}), b);
  EXPECT_OP(F32x4Trunc, f32w({1.0f, -3.0f, 8388607.0f, -0.0f}), b);
  V c = f32b({kSNan32, 0xFF800000, 0x4B800001, 0x80000001});  // sNaN, -inf, 2^24+2, -denormal
  EXPECT_OP(F32x4Ceil, f32bw({0x7FC00001, 0xFF800000, 0x4B800001, 0x80000000}), c);
  EXPECT_OP(F32x4Floor, f32bw({0x7FC00001, 0xFF800000, 0x4B800001, 0xBF800000}), c);
  EXPECT_OP(F32x4Trunc, f32bw({0x7FC00001, 0xFF800000, 0x4B800001, 0x80000000}), c);
  EXPECT_OP(F32x4Nearest, f32bw({0x7FC00001, 0xFF800000, 0x4B800001, 0x80000000}), c);
  EXPECT_OP(F32x4Nearest, f32w({0.0f, -0.0f, 1.0f, -1.0f}),
            f32({0.49999997f, -0.49999997f, 0.50000006f, -0.50000006f}));
  EXPECT_OP(F64x2Ceil, f64w(-0.0, 1.0), f64(-0.5, 1e-300));
  EXPECT_OP(F64x2Floor, f64w(-1.0, 0.0), f64(-0.5, 1e-300));
  EXPECT_OP(F64x2Trunc, f64w(-0.0, 4503599627370495.0), f64(-0.9, 4503599627370495.5));
  EXPECT_OP(F64x2Nearest, f64w(-2.0, 4503599627370496.0), f64(-2.5, 4503599627370495.5));
  EXPECT_OP(F64x2Nearest, f64w(kNaN64, -kInf64), f64(kNaN64, -kInf64));
  EXPECT_OP(F64x2Ceil, F64Want{i64(kSNan64 | (1ull << 51), 0x4340000000000001ull)},
            i64(kSNan64, 0x4340000000000001ull));
}

TEST(SimdOps, RelaxedMaddIsNotFused) {
  // (1 + 2^-23)(1 - 2^-23) = 1 - 2^-46 rounds to 1, so a*b + -1 is 0 unfused, -2^-46 fused.
  V a = f32b({0x3F800001, 0x3F800001, 0x40000000, 0x3F800000});
  V b = f32b({0x3F7FFFFE, 0x3F7FFFFE, 0x40400000, 0x7F800000});
  EXPECT_OP(F32x4RelaxedMadd, f32w({0.0f, 0.0f, 7.0f, kInf32}), a, b,
            f32({-1.0f, -1.0f, 1.0f, 1.0f}));
  EXPECT_OP(F32x4RelaxedNmadd, f32w({0.0f, 0.0f, -5.0f, kNaN32}), a, b,
            f32({1.0f, 1.0f, 1.0f, kInf32}));
  V c = f64(1.0 + 0x1p-52, 1e308);
  V d = f64(1.0 - 0x1p-52, 10.0);
  EXPECT_OP(F64x2RelaxedMadd, f64w(0.0, kInf64), c, d, f64(-1.0, -1e308));
  EXPECT_OP(F64x2RelaxedNmadd, f64w(0.0, -kInf64), c, d, f64(1.0, 1e308));
}

TEST(SimdOps, Conversions) {
  V a = f32b({kCanon32, 0x4F32D05E, 0xCF32D05E, 0xBFF33333});  // NaN, 3e9, -3e9, -1.9
  EXPECT_OP(I32x4TruncSatF32x4S, i32({0, 0x7FFFFFFF, 0x80000000, -1}), a);
  EXPECT_OP(I32x4TruncSatF32x4U, i32({0, 3000000000ll, 0, 0}), a);
  EXPECT_OP(I32x4RelaxedTruncF32x4S, i32({0, 0x7FFFFFFF, 0x80000000, -1}), a);
  EXPECT_OP(I32x4RelaxedTruncF32x4U, i32({0, 3000000000ll, 0, 0}), a);
  V b = f32({2147483520.0f, -2147483648.0f, 2147483648.0f, kInf32});
  EXPECT_OP(I32x4TruncSatF32x4S, i32({2147483520, 0x80000000, 0x7FFFFFFF, 0x7FFFFFFF}), b);
  EXPECT_OP(I32x4TruncSatF32x4U, i32({2147483520, 0, 0x80000000, 0xFFFFFFFF}), b);
  V c = f32({4294967040.0f, 4294967296.0f, 0.99f, -kInf32});
  EXPECT_OP(I32x4TruncSatF32x4U, i32({4294967040ll, 0xFFFFFFFF, 0, 0}), c);
  EXPECT_OP(I32x4TruncSatF32x4S, i32({0x7FFFFFFF, 0x7FFFFFFF, 0, 0x80000000}), c);
  EXPECT_OP(I32x4TruncSatF32x4U, i32({0, 0, 0, 0}),
            f32b({kSNan32, 0xFFC00000, 0x80000000, 0xBF7FFFFF}));

  EXPECT_OP(I32x4TruncSatF64x2SZero, i32({0, 0x7FFFFFFF, 0, 0}), f64(kNaN64, 2147483647.9));
  EXPECT_OP(I32x4TruncSatF64x2SZero, i32({0x80000000, 0x80000000, 0, 0}),
            f64(-2147483648.9, -kInf64));
  EXPECT_OP(I32x4TruncSatF64x2SZero, i32({0x7FFFFFFF, -5, 0, 0}), f64(1e300, -5.5));
  EXPECT_OP(I32x4RelaxedTruncF64x2SZero, i32({0x7FFFFFFF, -5, 0, 0}), f64(1e300, -5.5));
  EXPECT_OP(I32x4TruncSatF64x2UZero, i32({0, 0xFFFFFFFF, 0, 0}), f64(-0.9, 4294967295.9));
  EXPECT_OP(I32x4TruncSatF64x2UZero, i32({0xFFFFFFFF, 0, 0, 0}), f64(4294967296.0, kNaN64));
  EXPECT_OP(I32x4TruncSatF64x2UZero, i32({2, 4294967294ll, 0, 0}), f64(2.5, 4294967294.5));
  EXPECT_OP(I32x4TruncSatF64x2UZero, i32({0, 1, 0, 0}), f64(0.5, 1.9999999999999998));
  EXPECT_OP(I32x4RelaxedTruncF64x2UZero, i32({2, 4294967294ll, 0, 0}), f64(2.5, 4294967294.5));

  EXPECT_OP(F32x4ConvertI32x4S, f32w({-2147483648.0f, 2147483648.0f, -1.0f, 16777216.0f}),
            i32({0x80000000, 0x7FFFFFFF, -1, 16777217}));
  // One rounding, ties to even: 2^31 + 128 is a tie (down to 2^31), 2^31 + 129 is not.
  EXPECT_OP(F32x4ConvertI32x4U, f32w({4294967296.0f, 2147483648.0f, 2147483904.0f, 16777216.0f}),
            i32({0xFFFFFFFF, 0x80000080, 0x80000081, 16777217}));
  EXPECT_OP(F32x4ConvertI32x4U, f32w({4294967296.0f, 4294967040.0f, 0.0f, 65536.0f}),
            i32({0xFFFFFF80, 0xFFFFFF7F, 0, 65536}));
  EXPECT_OP(F64x2ConvertLowI32x4S, f64w(-2147483648.0, -1.0), i32({0x80000000, -1, 5, 6}));
  EXPECT_OP(F64x2ConvertLowI32x4U, f64w(2147483648.0, 4294967295.0), i32({0x80000000, -1, 5, 6}));

  EXPECT_OP(F32x4DemoteF64x2Zero, f32w({kInf32, -0.0f, 0.0f, 0.0f}), f64(1e300, -1e-50));
  EXPECT_OP(F32x4DemoteF64x2Zero, f32w({kNaN32, 1.0f, 0.0f, 0.0f}),
            f64(kNaN64, 1.0 + 0x1p-24));  // tie to even
  EXPECT_OP(F32x4DemoteF64x2Zero, f32bw({0x7FC00001, 0x3F800001, 0, 0}),
            i64(kSNan64, std::bit_cast<uint64_t>(1.0 + 0x1p-24 + 0x1p-52)));
  EXPECT_OP(F64x2PromoteLowF32x4, f64w(1.5, -kInf64), f32({1.5f, -kInf32, 7.0f, 8.0f}));
  EXPECT_OP(F64x2PromoteLowF32x4, F64Want{i64(0x7FF8000000000001ull, 0x36A0000000000000ull)},
            f32b({kSNan32, 1, 0, 0}));
}

TEST(SimdOps, RelaxedDot) {
  V a = i8({0x80, 0x80, 0x80, 0x80, 1, 2, 3, 4, 0x7F, 0x7F, 0xFF, 0xFF, 0x80, 0x7F, 5, 0});
  V b = i8({0x80, 0x80, 0x80, 0x80, 5, 6, 7, 8, 0x7F, 0x7F, 0x80, 0x7F, 0x7F, 0x80, 0xFF, 9});
  // Pairs: 2 * 16384 = 32768 wraps to -32768; 1*5 + 2*6 = 17; 3*7 + 4*8 = 53; 2 * 127^2 = 32258;
  // (-1)(-128) + (-1)(127) = 1; -128*127 + 127*-128 = -32512; -5.
  EXPECT_OP(I16x8RelaxedDotI8x16I7x16S, i16({-32768, -32768, 17, 53, 32258, 1, -32512, -5}), a, b);
  // Groups of four summed exactly: 65536, 70, 32259, -32517, plus c.
  EXPECT_OP(I32x4RelaxedDotI8x16I7x16AddS, i32({65536 + 1, 70 - 70, 32259, 0x80000000ll - 32517}),
            a, b, i32({1, -70, 0, 0x80000000}));
}

// ---- Random inputs ------------------------------------------------------------------------------

// splitmix64: a deterministic sequence.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return uint32_t(next() % n); }
};

constexpr uint32_t kF32Specials[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0xBFC00000,
    0x40200000, 0xC0200000, 0x40600000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001,
    0x7FA00000, 0xFFBFFFFF, 0x7FC12345, 0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x00000001, 0x80000001,
    0x4B000000, 0x4AFFFFFF, 0xCAFFFFFF, 0x4B800000, 0x4EFFFFFF, 0x4F000000, 0xCF000000, 0xCF000001,
    0x4F7FFFFF, 0x4F800000, 0x3EFFFFFF, 0xBEFFFFFF, 0x501502F9, 0xD01502F9, 0x4B7FFFFF, 0x46FFFE00,
};
constexpr uint64_t kF64Specials[] = {
    0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
    0x3FE0000000000000, 0xBFE0000000000000, 0x3FF8000000000000, 0xC004000000000000,
    0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
    0x7FF0000000000001, 0x7FF4000000000000, 0x7FF8123456789ABC, 0x7FEFFFFFFFFFFFFF,
    0x0010000000000000, 0x0000000000000001, 0x8000000000000001, 0x4330000000000000,
    0x432FFFFFFFFFFFFF, 0xC32FFFFFFFFFFFFF, 0x4340000000000000, 0x41DFFFFFFFC00000,
    0x41DFFFFFFFE00000, 0x41E0000000000000, 0xC1E0000000000000, 0xC1E0000000100000,
    0xC1E0000000200000, 0x41EFFFFFFFE00000, 0x41EFFFFFFFF00000, 0x41F0000000000000,
    0x3FDFFFFFFFFFFFFF, 0x47EFFFFFE0000000, 0x47EFFFFFF0000000, 0x3FF0000010000000,
    0x3FF0000010000001, 0x36A0000000000000, 0x3690000000000000, 0x380FFFFFF0000000,
};
constexpr uint8_t kByteSpecials[] = {0,    1,    2,    0x7E, 0x7F, 0x80, 0x81,
                                     0xFE, 0xFF, 0x0F, 0x10, 0x1F, 0x20, 0x70};

uint64_t random_half(Rng& r) {
  switch (r.below(9)) {
    case 0:
    case 1: return r.next();
    case 2: return kF64Specials[r.below(std::size(kF64Specials))];
    case 3:
      return kF32Specials[r.below(std::size(kF32Specials))] |
             uint64_t(kF32Specials[r.below(std::size(kF32Specials))]) << 32;
    case 4: {  // bytes
      uint64_t x = 0;
      for (int i = 0; i < 8; ++i)
        x |= uint64_t(r.below(3) ? kByteSpecials[r.below(std::size(kByteSpecials))]
                                 : uint8_t(r.next()))
             << (8 * i);
      return x;
    }
    case 5: {  // 16-bit lanes near the limits
      static constexpr uint16_t k[] = {0,      1,      0x7FFF, 0x8000, 0x8001,
                                       0xFFFF, 0x4000, 0xC000, 0x00FF, 0xFF00};
      uint64_t x = 0;
      for (int i = 0; i < 4; ++i)
        x |= uint64_t(r.below(4) ? k[r.below(std::size(k))] : uint16_t(r.next())) << (16 * i);
      return x;
    }
    case 6: {  // 32-bit lanes near the limits
      static constexpr uint32_t k[] = {0,          1,      0x7FFFFFFF, 0x80000000, 0x80000001,
                                       0xFFFFFFFF, 0xFFFF, 0x10000,    0x8000};
      return k[r.below(std::size(k))] | uint64_t(k[r.below(std::size(k))]) << 32;
    }
    case 7: {  // f32 halves and quarters (rounding ties), some large
      auto f = [&r] {
        float x = float(int32_t(r.below(2001)) - 1000) / float(1u << r.below(3));
        if (r.below(4) == 0) x *= 65536.0f * 128.0f;
        return std::bit_cast<uint32_t>(x);
      };
      return f() | uint64_t(f()) << 32;
    }
    default: {  // f64 halves and quarters, some near 2^31, 2^32 or 2^52
      double x = double(int32_t(r.below(2001)) - 1000) / double(1u << r.below(3));
      static constexpr double scale[] = {1.0, 4294967296.0 / 1000, 2147483648.0 / 1000,
                                         4503599627370496.0 / 1000};
      if (r.below(3) == 0) x = x * scale[r.below(4)];
      return std::bit_cast<uint64_t>(x);
    }
  }
}
V random_v(Rng& r) { return {random_half(r), random_half(r)}; }
// A second operand: often equal to the first, or to it with sign bits flipped (so min/max
// see equal values and -0/+0 pairs), else independent.
V random_pair(Rng& r, V a) {
  switch (r.below(6)) {
    case 0: return a;
    case 1: return {a.lo ^ 0x8000000080000000ull, a.hi ^ 0x8000000080000000ull};
    case 2: return {a.lo ^ 0x8000000000000000ull, a.hi ^ 0x8000000000000000ull};
    case 3: return {a.lo, random_half(r)};
    default: return random_v(r);
  }
}

constexpr int kIterations = 4000;

uint64_t seed_of(std::string_view text) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) h = (h ^ uint8_t(c)) * 0x100000001B3ull;
  return h;
}

// ---- portable against the interpreter's scalar numerics (interp/numeric.h), lane by lane ------

// want[i] = f(a[i]) (or f(a[i], b[i])) on lanes of F, compared with the float rules of
// lane_matches when the result is a float.
template <typename F, typename R, typename Op, typename Scalar>
void expect_lanewise(const char* what, Op op, Scalar scalar, int arity) {
  using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
  constexpr unsigned n = 16 / sizeof(F);
  Rng r{seed_of(what)};
  for (int it = 0; it < kIterations; ++it) {
    V a = random_v(r), b = random_pair(r, a);
    F x[n], y[n];
    std::memcpy(x, &a, 16);
    std::memcpy(y, &b, 16);
    V got = arity == 1 ? of(op(a, a)) : of(op(a, b));
    R out[16 / sizeof(R)] = {};
    std::memcpy(out, &got, 16);
    for (unsigned i = 0; i < n; ++i) {
      R want = std::bit_cast<R>(scalar(x[i], y[i]));
      bool ok;
      if constexpr (std::is_floating_point_v<R>)
        ok = lane_matches<U>(std::bit_cast<U>(want), std::bit_cast<U>(out[i]));
      else
        ok = want == out[i];
      if (!ok) {
        ADD_FAILURE() << what << " lane " << i << " of " << hex(a) << " " << hex(b) << ": got "
                      << hex(got);
        return;
      }
    }
  }
}

TEST(SimdOps, PortableMatchesScalarNumerics) {
  using namespace kiln::core::interp;
  auto un = [](auto f) { return [f](V a, V) { return f(a); }; };
  expect_lanewise<float, float>(
      "f32x4.min", portable::F32x4Min, [](float x, float y) { return wasm_min(x, y); }, 2);
  expect_lanewise<float, float>(
      "f32x4.max", portable::F32x4Max, [](float x, float y) { return wasm_max(x, y); }, 2);
  expect_lanewise<double, double>(
      "f64x2.min", portable::F64x2Min, [](double x, double y) { return wasm_min(x, y); }, 2);
  expect_lanewise<double, double>(
      "f64x2.max", portable::F64x2Max, [](double x, double y) { return wasm_max(x, y); }, 2);
  expect_lanewise<float, float>(
      "f32x4.ceil", un(portable::F32x4Ceil), [](float x, float) { return wasm_ceil(x); }, 1);
  expect_lanewise<float, float>(
      "f32x4.floor", un(portable::F32x4Floor), [](float x, float) { return wasm_floor(x); }, 1);
  expect_lanewise<float, float>(
      "f32x4.trunc", un(portable::F32x4Trunc), [](float x, float) { return wasm_trunc_f(x); }, 1);
  expect_lanewise<float, float>(
      "f32x4.nearest", un(portable::F32x4Nearest), [](float x, float) { return wasm_nearest(x); },
      1);
  expect_lanewise<double, double>(
      "f64x2.ceil", un(portable::F64x2Ceil), [](double x, double) { return wasm_ceil(x); }, 1);
  expect_lanewise<double, double>(
      "f64x2.floor", un(portable::F64x2Floor), [](double x, double) { return wasm_floor(x); }, 1);
  expect_lanewise<double, double>(
      "f64x2.trunc", un(portable::F64x2Trunc), [](double x, double) { return wasm_trunc_f(x); }, 1);
  expect_lanewise<double, double>(
      "f64x2.nearest", un(portable::F64x2Nearest), [](double x, double) { return wasm_nearest(x); },
      1);
  expect_lanewise<float, int32_t>(
      "i32x4.trunc_sat_f32x4_s", un(portable::I32x4TruncSatF32x4S),
      [](float x, float) { return wasm_trunc_sat<int32_t>(x); }, 1);
  expect_lanewise<float, uint32_t>(
      "i32x4.trunc_sat_f32x4_u", un(portable::I32x4TruncSatF32x4U),
      [](float x, float) { return wasm_trunc_sat<uint32_t>(x); }, 1);
  // The f64x2 -> i32x4 forms: two lanes in, two lanes and two zeros out.
  Rng r{7};
  for (int it = 0; it < kIterations; ++it) {
    V a = random_v(r);
    double x[2];
    std::memcpy(x, &a, 16);
    V s = of(portable::I32x4TruncSatF64x2SZero(a)), u = of(portable::I32x4TruncSatF64x2UZero(a));
    ASSERT_EQ(s, i32({wasm_trunc_sat<int32_t>(x[0]), wasm_trunc_sat<int32_t>(x[1]), 0, 0}))
        << hex(a);
    ASSERT_EQ(u, i32({wasm_trunc_sat<uint32_t>(x[0]), wasm_trunc_sat<uint32_t>(x[1]), 0, 0}))
        << hex(a);
  }
}

// ---- x86 against portable on every operation ---------------------------------------------------

#if defined(__SSE2__)

// Float results that may carry any NaN payload: float-valued results of the f32x4 / f64x2
// arithmetic (not comparisons, nor the bit operations abs, neg, pmin, pmax, lane moves).
int nan_lane_bits(std::string_view text) {
  int bits = text.starts_with("f32x4.") ? 32 : text.starts_with("f64x2.") ? 64 : 0;
  if (bits == 0) return 0;
  std::string_view op = text.substr(6);
  for (std::string_view exact : {"eq", "ne", "lt", "gt", "le", "ge", "abs", "neg", "pmin", "pmax",
                                 "splat", "extract_lane", "replace_lane"})
    if (op == exact) return 0;
  return bits;
}
unsigned lane_count(std::string_view text) {
  if (text.starts_with("i8x16")) return 16;
  if (text.starts_with("i16x8")) return 8;
  if (text.starts_with("i32x4") || text.starts_with("f32x4")) return 4;
  return 2;
}

// Identical bits, or (in NaN-tolerant lanes) both NaN; NaNs in those lanes must be quiet.
template <typename U>
bool same_lanes(V p, V x) {
  U a[16 / sizeof(U)], b[16 / sizeof(U)];
  std::memcpy(a, &p, 16);
  std::memcpy(b, &x, 16);
  constexpr int mant = sizeof(U) == 4 ? 23 : 52;
  const U exp_mask = (U(1) << (8 * sizeof(U) - 1)) - (U(1) << mant);
  const U mant_mask = (U(1) << mant) - 1;
  auto quiet_nan = [&](U v) { return (v & exp_mask) == exp_mask && (v & (U(1) << (mant - 1))); };
  auto nan = [&](U v) { return (v & exp_mask) == exp_mask && (v & mant_mask); };
  for (size_t i = 0; i < 16 / sizeof(U); ++i) {
    if (nan(a[i]) || nan(b[i])) {
      if (!quiet_nan(a[i]) || !quiet_nan(b[i])) return false;
    } else if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}
bool same(int nan_bits, V p, V x) {
  if (nan_bits == 32) return same_lanes<uint32_t>(p, x);
  if (nan_bits == 64) return same_lanes<uint64_t>(p, x);
  return p == x;
}
bool same(int, uint64_t p, uint64_t x) { return p == x; }
std::string show(V v) { return hex(v); }
std::string show(uint64_t v) { return std::to_string(v); }

// Runs `body(rng)` kIterations times; `body` returns "" or a description of a mismatch.
template <typename Body>
void run_cross(std::string_view text, Body body) {
  Rng rng{seed_of(text)};
  for (int i = 0; i < kIterations; ++i) {
    std::string err = body(rng, i);
    if (!err.empty()) {
      ADD_FAILURE() << text << " (iteration " << i << "): " << err;
      return;
    }
  }
}
template <typename R>
std::string mismatch(int nan_bits, R p, R x, std::string inputs) {
  if (same(nan_bits, p, x)) return "";
  return "portable " + show(p) + " x86 " + show(x) + " for " + inputs;
}

// One check per operation kind (immediate kind and signature of opcodes.def).
#define CROSS_TEST(name, text, ...)                     \
  TEST(SimdX86VsPortable, name) {                       \
    const int nan_bits = nan_lane_bits(text);           \
    (void)nan_bits;                                     \
    run_cross(text, [&](Rng& r, int i) -> std::string { \
      (void)i;                                          \
      __VA_ARGS__                                       \
    });                                                 \
  }
#define CROSS_None_v_v(name, text)          \
  CROSS_TEST(name, text, V a = random_v(r); \
             return mismatch(nan_bits, of(portable::name(a)), of(x86::name(a)), hex(a));)
#define CROSS_None_vv_v(name, text)                                                   \
  CROSS_TEST(name, text, V a = random_v(r); V b = random_pair(r, a); return mismatch( \
                 nan_bits, of(portable::name(a, b)), of(x86::name(a, b)), hex(a) + " " + hex(b));)
#define CROSS_None_vvv_v(name, text)                                                          \
  CROSS_TEST(name, text, V a = random_v(r); V b = random_pair(r, a); V c = random_pair(r, b); \
             return mismatch(nan_bits, of(portable::name(a, b, c)), of(x86::name(a, b, c)),   \
                             hex(a) + " " + hex(b) + " " + hex(c));)
#define CROSS_None_v_i(name, text)                                                   \
  CROSS_TEST(name, text, V a = random_v(r); if (i % 4 == 0) a = random_pair(r, V{}); \
             return mismatch(0, of(portable::name(a)), of(x86::name(a)), hex(a));)
#define CROSS_SPLAT(name, text, T)                \
  CROSS_TEST(name, text, T x = T(random_half(r)); \
             return mismatch(0, of(portable::name(x)), of(x86::name(x)), std::to_string(x));)
#define CROSS_None_i_v(name, text) CROSS_SPLAT(name, text, uint32_t)
#define CROSS_None_f_v(name, text) CROSS_SPLAT(name, text, uint32_t)
#define CROSS_None_l_v(name, text) CROSS_SPLAT(name, text, uint64_t)
#define CROSS_None_d_v(name, text) CROSS_SPLAT(name, text, uint64_t)
// Shifts: counts within, at and beyond the lane width, and arbitrary 32-bit counts.
#define CROSS_None_vi_v(name, text)                                            \
  CROSS_TEST(name, text, V a = random_v(r);                                    \
             uint32_t n = r.below(4) ? r.below(130) : uint32_t(r.next());      \
             return mismatch(0, of(portable::name(a, n)), of(x86::name(a, n)), \
                             hex(a) + " " + std::to_string(n));)
#define CROSS_EXTRACT(name, text)                                                           \
  CROSS_TEST(name, text, V a = random_v(r); uint32_t lane = uint32_t(i) % lane_count(text); \
             return mismatch(0, of(portable::name(a, lane)), of(x86::name(a, lane)),        \
                             hex(a) + " lane " + std::to_string(lane));)
#define CROSS_Lane_v_i(name, text) CROSS_EXTRACT(name, text)
#define CROSS_Lane_v_l(name, text) CROSS_EXTRACT(name, text)
#define CROSS_Lane_v_f(name, text) CROSS_EXTRACT(name, text)
#define CROSS_Lane_v_d(name, text) CROSS_EXTRACT(name, text)
#define CROSS_REPLACE(name, text, T)                                                        \
  CROSS_TEST(name, text, V a = random_v(r); uint32_t lane = uint32_t(i) % lane_count(text); \
             T x = T(random_half(r));                                                       \
             return mismatch(0, of(portable::name(a, lane, x)), of(x86::name(a, lane, x)),  \
                             hex(a) + " lane " + std::to_string(lane) + " " + std::to_string(x));)
#define CROSS_Lane_vi_v(name, text) CROSS_REPLACE(name, text, uint32_t)
#define CROSS_Lane_vf_v(name, text) CROSS_REPLACE(name, text, uint32_t)
#define CROSS_Lane_vl_v(name, text) CROSS_REPLACE(name, text, uint64_t)
#define CROSS_Lane_vd_v(name, text) CROSS_REPLACE(name, text, uint64_t)
#define CROSS_Shuffle_vv_v(name, text)                                                   \
  CROSS_TEST(name, text, V a = random_v(r); V b = random_v(r); uint8_t idx[16];          \
             for (auto& x                                                                \
                  : idx) x = uint8_t(r.below(32));                                       \
             return mismatch(0, of(portable::name(a, b, idx)), of(x86::name(a, b, idx)), \
                             hex(a) + " " + hex(b));)
// Not lane operations: memory accesses and v128.const are the interpreter's.
#define CROSS_MemArg_LoadV(name, text)
#define CROSS_MemArg_StoreV(name, text)
#define CROSS_MemArgLane_Special(name, text)
#define CROSS_V128__v(name, text)

#define CROSS_PREFIX_0(name, text, imm, sig)
#define CROSS_PREFIX_0xFC(name, text, imm, sig)
#define CROSS_PREFIX_0xFB(name, text, imm, sig)
#define CROSS_PREFIX_0xFE(name, text, imm, sig)
#define CROSS_PREFIX_0xFD(name, text, imm, sig) CROSS_##imm##_##sig(name, text)
#define WASM_OP(name, prefix, code, text, imm, sig, feature) \
  CROSS_PREFIX_##prefix(name, text, imm, sig)
#include "spec/opcodes.def"
#undef WASM_OP

#endif  // __SSE2__

// ---- The interface: every SIMD opcode with a plain signature has a function of the agreed type
// in each implementation (a missing or mistyped one does not compile).

// The agreed types, one struct per implementation (not a template: GCC warns about the
// attributes of __m128i in template arguments). Initialising a pointer of the agreed type with
// the function compiles only if the types are identical.
#define SIGNATURES(ns)                                      \
  struct ns##_signatures {                                  \
    using Vec = ns::Vec;                                    \
    using None_v_v = Vec (*)(Vec);                          \
    using None_vv_v = Vec (*)(Vec, Vec);                    \
    using None_vvv_v = Vec (*)(Vec, Vec, Vec);              \
    using None_v_i = uint32_t (*)(Vec);                     \
    using None_i_v = Vec (*)(uint32_t);                     \
    using None_f_v = Vec (*)(uint32_t);                     \
    using None_l_v = Vec (*)(uint64_t);                     \
    using None_d_v = Vec (*)(uint64_t);                     \
    using None_vi_v = Vec (*)(Vec, uint32_t);               \
    using Lane_v_i = uint32_t (*)(Vec, uint32_t);           \
    using Lane_v_f = uint32_t (*)(Vec, uint32_t);           \
    using Lane_v_l = uint64_t (*)(Vec, uint32_t);           \
    using Lane_v_d = uint64_t (*)(Vec, uint32_t);           \
    using Lane_vi_v = Vec (*)(Vec, uint32_t, uint32_t);     \
    using Lane_vf_v = Vec (*)(Vec, uint32_t, uint32_t);     \
    using Lane_vl_v = Vec (*)(Vec, uint32_t, uint64_t);     \
    using Lane_vd_v = Vec (*)(Vec, uint32_t, uint64_t);     \
    using Shuffle_vv_v = Vec (*)(Vec, Vec, const uint8_t*); \
  };
SIGNATURES(portable)
KILN_IF_X86(SIGNATURES(x86))
#define SIG_CHECK(ns, name, imm, sig) \
  [[maybe_unused]] constexpr ns##_signatures::imm##_##sig ns##_##name = &ns::name;
#define SIG_SKIP(name, imm, sig)
#define SIG_MemArg_LoadV SIG_SKIP
#define SIG_MemArg_StoreV SIG_SKIP
#define SIG_MemArgLane_Special SIG_SKIP
#define SIG_V128__v SIG_SKIP
#define SIG_BOTH(name, imm, sig) \
  SIG_CHECK(portable, name, imm, sig) KILN_IF_X86(SIG_CHECK(x86, name, imm, sig))
#define SIG_PICK(imm, sig) SIG_PICK_##imm##_##sig
#define SIG_PICK_None_v_v SIG_BOTH
#define SIG_PICK_None_vv_v SIG_BOTH
#define SIG_PICK_None_vvv_v SIG_BOTH
#define SIG_PICK_None_v_i SIG_BOTH
#define SIG_PICK_None_i_v SIG_BOTH
#define SIG_PICK_None_f_v SIG_BOTH
#define SIG_PICK_None_l_v SIG_BOTH
#define SIG_PICK_None_d_v SIG_BOTH
#define SIG_PICK_None_vi_v SIG_BOTH
#define SIG_PICK_Lane_v_i SIG_BOTH
#define SIG_PICK_Lane_v_f SIG_BOTH
#define SIG_PICK_Lane_v_l SIG_BOTH
#define SIG_PICK_Lane_v_d SIG_BOTH
#define SIG_PICK_Lane_vi_v SIG_BOTH
#define SIG_PICK_Lane_vf_v SIG_BOTH
#define SIG_PICK_Lane_vl_v SIG_BOTH
#define SIG_PICK_Lane_vd_v SIG_BOTH
#define SIG_PICK_Shuffle_vv_v SIG_BOTH
#define SIG_PICK_MemArg_LoadV SIG_SKIP
#define SIG_PICK_MemArg_StoreV SIG_SKIP
#define SIG_PICK_MemArgLane_Special SIG_SKIP
#define SIG_PICK_V128__v SIG_SKIP
#define SIG_PREFIX_0(name, imm, sig)
#define SIG_PREFIX_0xFC(name, imm, sig)
#define SIG_PREFIX_0xFB(name, imm, sig)
#define SIG_PREFIX_0xFE(name, imm, sig)
#define SIG_PREFIX_0xFD(name, imm, sig) SIG_PICK(imm, sig)(name, imm, sig)
#define WASM_OP(name, prefix, code, text, imm, sig, feature) SIG_PREFIX_##prefix(name, imm, sig)
#include "spec/opcodes.def"
#undef WASM_OP

// Counts the operations the checks above cover, so that a change to opcodes.def that adds a
// new kind of SIMD instruction is noticed.
TEST(SimdOps, EveryPlainSimdOpcodeIsCovered) {
  int covered = 0, skipped = 0;
#define COUNT_None(sig) ++covered;
#define COUNT_Lane(sig) ++covered;
#define COUNT_Shuffle(sig) ++covered;
#define COUNT_MemArg(sig) ++skipped;
#define COUNT_MemArgLane(sig) ++skipped;
#define COUNT_V128(sig) ++skipped;
#define COUNT_PREFIX_0(imm, sig)
#define COUNT_PREFIX_0xFC(imm, sig)
#define COUNT_PREFIX_0xFB(imm, sig)
#define COUNT_PREFIX_0xFE(imm, sig)
#define COUNT_PREFIX_0xFD(imm, sig) COUNT_##imm(sig)
#define WASM_OP(name, prefix, code, text, imm, sig, feature) COUNT_PREFIX_##prefix(imm, sig)
#include "spec/opcodes.def"
#undef WASM_OP
  EXPECT_EQ(covered + skipped, 256);  // the 0xFD opcodes of opcodes.def
  EXPECT_EQ(skipped, 23);             // loads, stores, lane loads/stores, v128.const
  EXPECT_EQ(covered, 233);
}

}  // namespace
}  // namespace kiln::core::interp::simd
