// The lane operations of WebAssembly SIMD (and the deterministic choices for relaxed SIMD,
// see simd.h) in plain C++: loops over the lanes of a 16-byte struct. This is the reference
// that the x86 version (simd_x86.h) is tested against, and the implementation on machines
// without SSE2. Functions are named after the opcodes of spec/opcodes.def; floats enter and
// leave as raw bits. Semantics: https://webassembly.github.io/spec/core/exec/numerics.html
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace kiln::core::interp::simd::portable {

// 16 bytes, byte 0 first (lane i of an N-byte lane type is bytes N*i .. N*i+N-1, little-endian).
struct alignas(16) Vec {
  uint8_t b[16];
};

// Lane access through memcpy: no aliasing questions, and no float value is formed, so a NaN
// payload is never touched on the way.
template <typename T>
inline T get(const Vec& v, unsigned i) {
  T x;
  std::memcpy(&x, v.b + i * sizeof(T), sizeof(T));
  return x;
}
template <typename T>
inline void put(Vec& v, unsigned i, T x) {
  std::memcpy(v.b + i * sizeof(T), &x, sizeof(T));
}

inline Vec from_u64(uint64_t lo, uint64_t hi) {
  Vec v;
  put<uint64_t>(v, 0, lo);
  put<uint64_t>(v, 1, hi);
  return v;
}
inline uint64_t lo(Vec v) { return get<uint64_t>(v, 0); }
inline uint64_t hi(Vec v) { return get<uint64_t>(v, 1); }
inline Vec load(const uint64_t* slots) { return from_u64(slots[0], slots[1]); }
inline void store(uint64_t* slots, Vec v) {
  slots[0] = lo(v);
  slots[1] = hi(v);
}

namespace detail {

template <typename T>
constexpr unsigned kLanes = 16 / sizeof(T);

// The unsigned type of the same width, for wrapping arithmetic and masks.
template <typename T>
struct U;
template <>
struct U<int8_t> {
  using type = uint8_t;
};
template <>
struct U<uint8_t> {
  using type = uint8_t;
};
template <>
struct U<int16_t> {
  using type = uint16_t;
};
template <>
struct U<uint16_t> {
  using type = uint16_t;
};
template <>
struct U<int32_t> {
  using type = uint32_t;
};
template <>
struct U<uint32_t> {
  using type = uint32_t;
};
template <>
struct U<int64_t> {
  using type = uint64_t;
};
template <>
struct U<uint64_t> {
  using type = uint64_t;
};
template <>
struct U<float> {
  using type = uint32_t;
};
template <>
struct U<double> {
  using type = uint64_t;
};
template <typename T>
using UT = typename U<T>::type;

// r[i] = f(a[i]) with lanes of type T in and R out (R has the same lane count).
template <typename T, typename R = UT<T>, typename F>
inline Vec map1(Vec a, F f) {
  Vec r;
  for (unsigned i = 0; i < kLanes<T>; ++i) put<R>(r, i, static_cast<R>(f(get<T>(a, i))));
  return r;
}
template <typename T, typename R = UT<T>, typename F>
inline Vec map2(Vec a, Vec b, F f) {
  Vec r;
  for (unsigned i = 0; i < kLanes<T>; ++i)
    put<R>(r, i, static_cast<R>(f(get<T>(a, i), get<T>(b, i))));
  return r;
}
// All ones when the predicate holds, else zero, lane by lane.
template <typename T, typename P>
inline Vec compare(Vec a, Vec b, P p) {
  return map2<T>(a, b, [p](T x, T y) { return p(x, y) ? UT<T>(~UT<T>(0)) : UT<T>(0); });
}
template <typename T>
inline Vec splat(T x) {
  Vec r;
  for (unsigned i = 0; i < kLanes<T>; ++i) put<T>(r, i, x);
  return r;
}

template <typename T, typename W>
inline T saturate(W x) {
  if (x < W(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (x > W(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(x);
}

// Narrow lanes of type W of a then b to lanes of type N, saturating.
template <typename W, typename N>
inline Vec narrow(Vec a, Vec b) {
  Vec r;
  constexpr unsigned n = kLanes<W>;
  for (unsigned i = 0; i < n; ++i) {
    put<N>(r, i, saturate<N>(get<W>(a, i)));
    put<N>(r, i + n, saturate<N>(get<W>(b, i)));
  }
  return r;
}
// Lanes `first` .. of type N widened to W.
template <typename N, typename W>
inline Vec extend(Vec a, unsigned first) {
  Vec r;
  for (unsigned i = 0; i < kLanes<W>; ++i) put<W>(r, i, static_cast<W>(get<N>(a, first + i)));
  return r;
}
template <typename N, typename W>
inline Vec extmul(Vec a, Vec b, unsigned first) {
  Vec r;
  for (unsigned i = 0; i < kLanes<W>; ++i) {
    // Multiplied as uint64_t: no promotion to int (which 0xFFFF * 0xFFFF would overflow),
    // and the low bits of the product are those of W.
    uint64_t x = static_cast<uint64_t>(static_cast<W>(get<N>(a, first + i)));
    uint64_t y = static_cast<uint64_t>(static_cast<W>(get<N>(b, first + i)));
    put<UT<W>>(r, i, static_cast<UT<W>>(x * y));
  }
  return r;
}
template <typename N, typename W>
inline Vec extadd_pairwise(Vec a) {
  Vec r;
  for (unsigned i = 0; i < kLanes<W>; ++i)
    put<W>(r, i, static_cast<W>(W(get<N>(a, 2 * i)) + W(get<N>(a, 2 * i + 1))));
  return r;
}

template <typename T>
inline Vec shl(Vec a, uint32_t n) {
  constexpr unsigned bits = 8 * sizeof(T);
  return map1<UT<T>>(a, [n](UT<T> x) { return UT<T>(x << (n & (bits - 1))); });
}
template <typename T>
inline Vec shr(Vec a, uint32_t n) {  // arithmetic for signed T (defined in C++20), else logical
  constexpr unsigned bits = 8 * sizeof(T);
  return map1<T>(a, [n](T x) { return UT<T>(T(x >> (n & (bits - 1)))); });
}

template <typename T>
inline uint32_t all_true(Vec a) {
  for (unsigned i = 0; i < kLanes<T>; ++i)
    if (get<T>(a, i) == 0) return 0;
  return 1;
}
template <typename T>  // T signed
inline uint32_t bitmask(Vec a) {
  uint32_t m = 0;
  for (unsigned i = 0; i < kLanes<T>; ++i) m |= uint32_t(get<T>(a, i) < 0) << i;
  return m;
}

// Float helpers on raw bits.
template <typename F>
constexpr UT<F> kSign = UT<F>(1) << (8 * sizeof(F) - 1);
template <typename F>
constexpr UT<F> kQuiet = UT<F>(1) << (std::numeric_limits<F>::digits - 2);
template <typename F>
constexpr UT<F> kCanonicalNan =
    std::bit_cast<UT<F>>(std::numeric_limits<F>::infinity()) | kQuiet<F>;

template <typename F>
inline UT<F> bits(F x) {
  return std::bit_cast<UT<F>>(x);
}

// min / max: NaN if either is NaN (the canonical NaN here), and -0 < +0: for equal operands
// the OR of the bits gives -0 for min, the AND +0 for max.
template <typename F>
inline UT<F> fmin(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return kCanonicalNan<F>;
  if (x == y) return bits(x) | bits(y);
  return bits(x < y ? x : y);
}
template <typename F>
inline UT<F> fmax(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return kCanonicalNan<F>;
  if (x == y) return bits(x) & bits(y);
  return bits(x > y ? x : y);
}
// Rounding to an integral value; a NaN comes out quiet (libm may return a signalling NaN
// unchanged).
template <typename F, typename R>
inline UT<F> round(F x, R r) {
  if (std::isnan(x)) return bits(x) | kQuiet<F>;
  return bits(r(x));
}
// a*b rounded, then +c (or c - a*b) rounded: the volatile keeps the compiler from fusing
// the two into one FMA (which GCC would do under -ffp-contract=fast with FMA available).
template <typename F>
inline UT<F> madd(F a, F b, F c, bool negate) {
  volatile F p = a * b;
  F q = p;
  return bits(negate ? c - q : q + c);
}

// Truncation of a float to a 32-bit integer, saturating; NaN is 0.
template <typename F>
inline uint32_t trunc_sat_s(F x) {
  if (std::isnan(x)) return 0;
  if (x >= F(2147483648.0)) return 0x7FFFFFFFu;
  if (x < F(-2147483648.0)) return 0x80000000u;
  return static_cast<uint32_t>(static_cast<int32_t>(x));
}
template <typename F>
inline uint32_t trunc_sat_u(F x) {
  if (!(x >= F(0))) return 0;  // NaN and negatives (the truncation of -0.x is 0)
  if (x >= F(4294967296.0)) return 0xFFFFFFFFu;
  return static_cast<uint32_t>(x);
}

}  // namespace detail

// ---- Constructing and taking apart ----------------------------------------------------------

inline Vec I8x16Splat(uint32_t x) { return detail::splat<uint8_t>(uint8_t(x)); }
inline Vec I16x8Splat(uint32_t x) { return detail::splat<uint16_t>(uint16_t(x)); }
inline Vec I32x4Splat(uint32_t x) { return detail::splat<uint32_t>(x); }
inline Vec I64x2Splat(uint64_t x) { return detail::splat<uint64_t>(x); }
inline Vec F32x4Splat(uint32_t bits) { return detail::splat<uint32_t>(bits); }
inline Vec F64x2Splat(uint64_t bits) { return detail::splat<uint64_t>(bits); }

inline uint32_t I8x16ExtractLaneS(Vec a, uint32_t lane) {
  return uint32_t(int32_t(get<int8_t>(a, lane)));
}
inline uint32_t I8x16ExtractLaneU(Vec a, uint32_t lane) { return get<uint8_t>(a, lane); }
inline uint32_t I16x8ExtractLaneS(Vec a, uint32_t lane) {
  return uint32_t(int32_t(get<int16_t>(a, lane)));
}
inline uint32_t I16x8ExtractLaneU(Vec a, uint32_t lane) { return get<uint16_t>(a, lane); }
inline uint32_t I32x4ExtractLane(Vec a, uint32_t lane) { return get<uint32_t>(a, lane); }
inline uint64_t I64x2ExtractLane(Vec a, uint32_t lane) { return get<uint64_t>(a, lane); }
inline uint32_t F32x4ExtractLane(Vec a, uint32_t lane) { return get<uint32_t>(a, lane); }
inline uint64_t F64x2ExtractLane(Vec a, uint32_t lane) { return get<uint64_t>(a, lane); }

inline Vec I8x16ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  put<uint8_t>(a, lane, uint8_t(x));
  return a;
}
inline Vec I16x8ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  put<uint16_t>(a, lane, uint16_t(x));
  return a;
}
inline Vec I32x4ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  put<uint32_t>(a, lane, x);
  return a;
}
inline Vec I64x2ReplaceLane(Vec a, uint32_t lane, uint64_t x) {
  put<uint64_t>(a, lane, x);
  return a;
}
inline Vec F32x4ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  put<uint32_t>(a, lane, x);
  return a;
}
inline Vec F64x2ReplaceLane(Vec a, uint32_t lane, uint64_t x) {
  put<uint64_t>(a, lane, x);
  return a;
}

inline Vec I8x16Shuffle(Vec a, Vec b, const uint8_t* lanes) {
  Vec r;
  for (unsigned i = 0; i < 16; ++i) r.b[i] = lanes[i] < 16 ? a.b[lanes[i]] : b.b[lanes[i] - 16];
  return r;
}
inline Vec I8x16Swizzle(Vec a, Vec s) {
  Vec r;
  for (unsigned i = 0; i < 16; ++i) r.b[i] = s.b[i] < 16 ? a.b[s.b[i]] : 0;
  return r;
}

// ---- Comparisons ----------------------------------------------------------------------------

#define KILN_SIMD_COMPARE(Prefix, S, U)                               \
  inline Vec Prefix##Eq(Vec a, Vec b) {                               \
    return detail::compare<U>(a, b, [](U x, U y) { return x == y; }); \
  }                                                                   \
  inline Vec Prefix##Ne(Vec a, Vec b) {                               \
    return detail::compare<U>(a, b, [](U x, U y) { return x != y; }); \
  }                                                                   \
  inline Vec Prefix##LtS(Vec a, Vec b) {                              \
    return detail::compare<S>(a, b, [](S x, S y) { return x < y; });  \
  }                                                                   \
  inline Vec Prefix##GtS(Vec a, Vec b) {                              \
    return detail::compare<S>(a, b, [](S x, S y) { return x > y; });  \
  }                                                                   \
  inline Vec Prefix##LeS(Vec a, Vec b) {                              \
    return detail::compare<S>(a, b, [](S x, S y) { return x <= y; }); \
  }                                                                   \
  inline Vec Prefix##GeS(Vec a, Vec b) {                              \
    return detail::compare<S>(a, b, [](S x, S y) { return x >= y; }); \
  }
#define KILN_SIMD_COMPARE_U(Prefix, U)                                \
  inline Vec Prefix##LtU(Vec a, Vec b) {                              \
    return detail::compare<U>(a, b, [](U x, U y) { return x < y; });  \
  }                                                                   \
  inline Vec Prefix##GtU(Vec a, Vec b) {                              \
    return detail::compare<U>(a, b, [](U x, U y) { return x > y; });  \
  }                                                                   \
  inline Vec Prefix##LeU(Vec a, Vec b) {                              \
    return detail::compare<U>(a, b, [](U x, U y) { return x <= y; }); \
  }                                                                   \
  inline Vec Prefix##GeU(Vec a, Vec b) {                              \
    return detail::compare<U>(a, b, [](U x, U y) { return x >= y; }); \
  }
#define KILN_SIMD_COMPARE_F(Prefix, F)                                \
  inline Vec Prefix##Eq(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x == y; }); \
  }                                                                   \
  inline Vec Prefix##Ne(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x != y; }); \
  }                                                                   \
  inline Vec Prefix##Lt(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x < y; });  \
  }                                                                   \
  inline Vec Prefix##Gt(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x > y; });  \
  }                                                                   \
  inline Vec Prefix##Le(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x <= y; }); \
  }                                                                   \
  inline Vec Prefix##Ge(Vec a, Vec b) {                               \
    return detail::compare<F>(a, b, [](F x, F y) { return x >= y; }); \
  }

KILN_SIMD_COMPARE(I8x16, int8_t, uint8_t)
KILN_SIMD_COMPARE_U(I8x16, uint8_t)
KILN_SIMD_COMPARE(I16x8, int16_t, uint16_t)
KILN_SIMD_COMPARE_U(I16x8, uint16_t)
KILN_SIMD_COMPARE(I32x4, int32_t, uint32_t)
KILN_SIMD_COMPARE_U(I32x4, uint32_t)
KILN_SIMD_COMPARE(I64x2, int64_t, uint64_t)
KILN_SIMD_COMPARE_F(F32x4, float)
KILN_SIMD_COMPARE_F(F64x2, double)
#undef KILN_SIMD_COMPARE
#undef KILN_SIMD_COMPARE_U
#undef KILN_SIMD_COMPARE_F

// ---- Bitwise --------------------------------------------------------------------------------

inline Vec V128Not(Vec a) { return from_u64(~lo(a), ~hi(a)); }
inline Vec V128And(Vec a, Vec b) { return from_u64(lo(a) & lo(b), hi(a) & hi(b)); }
inline Vec V128Andnot(Vec a, Vec b) { return from_u64(lo(a) & ~lo(b), hi(a) & ~hi(b)); }
inline Vec V128Or(Vec a, Vec b) { return from_u64(lo(a) | lo(b), hi(a) | hi(b)); }
inline Vec V128Xor(Vec a, Vec b) { return from_u64(lo(a) ^ lo(b), hi(a) ^ hi(b)); }
inline Vec V128Bitselect(Vec a, Vec b, Vec c) {
  return from_u64((lo(a) & lo(c)) | (lo(b) & ~lo(c)), (hi(a) & hi(c)) | (hi(b) & ~hi(c)));
}
inline uint32_t V128AnyTrue(Vec a) { return (lo(a) | hi(a)) != 0; }

// ---- Integer lane arithmetic ----------------------------------------------------------------

inline uint32_t I8x16AllTrue(Vec a) { return detail::all_true<uint8_t>(a); }
inline uint32_t I16x8AllTrue(Vec a) { return detail::all_true<uint16_t>(a); }
inline uint32_t I32x4AllTrue(Vec a) { return detail::all_true<uint32_t>(a); }
inline uint32_t I64x2AllTrue(Vec a) { return detail::all_true<uint64_t>(a); }
inline uint32_t I8x16Bitmask(Vec a) { return detail::bitmask<int8_t>(a); }
inline uint32_t I16x8Bitmask(Vec a) { return detail::bitmask<int16_t>(a); }
inline uint32_t I32x4Bitmask(Vec a) { return detail::bitmask<int32_t>(a); }
inline uint32_t I64x2Bitmask(Vec a) { return detail::bitmask<int64_t>(a); }

// abs and neg wrap: abs(INT_MIN) = INT_MIN.
#define KILN_SIMD_ABS_NEG(Prefix, S)                                              \
  inline Vec Prefix##Abs(Vec a) {                                                 \
    using U = detail::UT<S>;                                                      \
    return detail::map1<S>(a, [](S x) { return x < 0 ? U(U(0) - U(x)) : U(x); }); \
  }                                                                               \
  inline Vec Prefix##Neg(Vec a) {                                                 \
    using U = detail::UT<S>;                                                      \
    return detail::map1<U>(a, [](U x) { return U(U(0) - x); });                   \
  }
KILN_SIMD_ABS_NEG(I8x16, int8_t)
KILN_SIMD_ABS_NEG(I16x8, int16_t)
KILN_SIMD_ABS_NEG(I32x4, int32_t)
KILN_SIMD_ABS_NEG(I64x2, int64_t)
#undef KILN_SIMD_ABS_NEG

inline Vec I8x16Popcnt(Vec a) {
  return detail::map1<uint8_t>(a, [](uint8_t x) { return std::popcount(x); });
}

#define KILN_SIMD_SHIFTS(Prefix, S, U)                                        \
  inline Vec Prefix##Shl(Vec a, uint32_t n) { return detail::shl<U>(a, n); }  \
  inline Vec Prefix##ShrS(Vec a, uint32_t n) { return detail::shr<S>(a, n); } \
  inline Vec Prefix##ShrU(Vec a, uint32_t n) { return detail::shr<U>(a, n); }
KILN_SIMD_SHIFTS(I8x16, int8_t, uint8_t)
KILN_SIMD_SHIFTS(I16x8, int16_t, uint16_t)
KILN_SIMD_SHIFTS(I32x4, int32_t, uint32_t)
KILN_SIMD_SHIFTS(I64x2, int64_t, uint64_t)
#undef KILN_SIMD_SHIFTS

#define KILN_SIMD_ADD_SUB(Prefix, U)                                 \
  inline Vec Prefix##Add(Vec a, Vec b) {                             \
    return detail::map2<U>(a, b, [](U x, U y) { return U(x + y); }); \
  }                                                                  \
  inline Vec Prefix##Sub(Vec a, Vec b) {                             \
    return detail::map2<U>(a, b, [](U x, U y) { return U(x - y); }); \
  }
KILN_SIMD_ADD_SUB(I8x16, uint8_t)
KILN_SIMD_ADD_SUB(I16x8, uint16_t)
KILN_SIMD_ADD_SUB(I32x4, uint32_t)
KILN_SIMD_ADD_SUB(I64x2, uint64_t)
#undef KILN_SIMD_ADD_SUB

// Saturating add/sub, min/max, avgr_u for the 8- and 16-bit lanes (sums computed in int).
#define KILN_SIMD_SMALL(Prefix, S, U)                                                            \
  inline Vec Prefix##AddSatS(Vec a, Vec b) {                                                     \
    return detail::map2<S>(a, b,                                                                 \
                           [](S x, S y) { return U(detail::saturate<S>(int(x) + int(y))); });    \
  }                                                                                              \
  inline Vec Prefix##AddSatU(Vec a, Vec b) {                                                     \
    return detail::map2<U>(a, b, [](U x, U y) { return detail::saturate<U>(int(x) + int(y)); }); \
  }                                                                                              \
  inline Vec Prefix##SubSatS(Vec a, Vec b) {                                                     \
    return detail::map2<S>(a, b,                                                                 \
                           [](S x, S y) { return U(detail::saturate<S>(int(x) - int(y))); });    \
  }                                                                                              \
  inline Vec Prefix##SubSatU(Vec a, Vec b) {                                                     \
    return detail::map2<U>(a, b, [](U x, U y) { return detail::saturate<U>(int(x) - int(y)); }); \
  }                                                                                              \
  inline Vec Prefix##AvgrU(Vec a, Vec b) {                                                       \
    return detail::map2<U>(a, b,                                                                 \
                           [](U x, U y) { return U((unsigned(x) + unsigned(y) + 1) >> 1); });    \
  }
KILN_SIMD_SMALL(I8x16, int8_t, uint8_t)
KILN_SIMD_SMALL(I16x8, int16_t, uint16_t)
#undef KILN_SIMD_SMALL

#define KILN_SIMD_MIN_MAX(Prefix, S, U)                                      \
  inline Vec Prefix##MinS(Vec a, Vec b) {                                    \
    return detail::map2<S>(a, b, [](S x, S y) { return U(x < y ? x : y); }); \
  }                                                                          \
  inline Vec Prefix##MinU(Vec a, Vec b) {                                    \
    return detail::map2<U>(a, b, [](U x, U y) { return x < y ? x : y; });    \
  }                                                                          \
  inline Vec Prefix##MaxS(Vec a, Vec b) {                                    \
    return detail::map2<S>(a, b, [](S x, S y) { return U(x > y ? x : y); }); \
  }                                                                          \
  inline Vec Prefix##MaxU(Vec a, Vec b) {                                    \
    return detail::map2<U>(a, b, [](U x, U y) { return x > y ? x : y; });    \
  }
KILN_SIMD_MIN_MAX(I8x16, int8_t, uint8_t)
KILN_SIMD_MIN_MAX(I16x8, int16_t, uint16_t)
KILN_SIMD_MIN_MAX(I32x4, int32_t, uint32_t)
#undef KILN_SIMD_MIN_MAX

inline Vec I16x8Mul(Vec a, Vec b) {
  return detail::map2<uint16_t>(a, b,
                                [](uint16_t x, uint16_t y) { return uint16_t(uint32_t(x) * y); });
}
inline Vec I32x4Mul(Vec a, Vec b) {
  return detail::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x * y; });
}
inline Vec I64x2Mul(Vec a, Vec b) {
  return detail::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x * y; });
}

inline Vec I8x16NarrowI16x8S(Vec a, Vec b) { return detail::narrow<int16_t, int8_t>(a, b); }
inline Vec I8x16NarrowI16x8U(Vec a, Vec b) { return detail::narrow<int16_t, uint8_t>(a, b); }
inline Vec I16x8NarrowI32x4S(Vec a, Vec b) { return detail::narrow<int32_t, int16_t>(a, b); }
inline Vec I16x8NarrowI32x4U(Vec a, Vec b) { return detail::narrow<int32_t, uint16_t>(a, b); }

inline Vec I16x8ExtendLowI8x16S(Vec a) { return detail::extend<int8_t, int16_t>(a, 0); }
inline Vec I16x8ExtendHighI8x16S(Vec a) { return detail::extend<int8_t, int16_t>(a, 8); }
inline Vec I16x8ExtendLowI8x16U(Vec a) { return detail::extend<uint8_t, uint16_t>(a, 0); }
inline Vec I16x8ExtendHighI8x16U(Vec a) { return detail::extend<uint8_t, uint16_t>(a, 8); }
inline Vec I32x4ExtendLowI16x8S(Vec a) { return detail::extend<int16_t, int32_t>(a, 0); }
inline Vec I32x4ExtendHighI16x8S(Vec a) { return detail::extend<int16_t, int32_t>(a, 4); }
inline Vec I32x4ExtendLowI16x8U(Vec a) { return detail::extend<uint16_t, uint32_t>(a, 0); }
inline Vec I32x4ExtendHighI16x8U(Vec a) { return detail::extend<uint16_t, uint32_t>(a, 4); }
inline Vec I64x2ExtendLowI32x4S(Vec a) { return detail::extend<int32_t, int64_t>(a, 0); }
inline Vec I64x2ExtendHighI32x4S(Vec a) { return detail::extend<int32_t, int64_t>(a, 2); }
inline Vec I64x2ExtendLowI32x4U(Vec a) { return detail::extend<uint32_t, uint64_t>(a, 0); }
inline Vec I64x2ExtendHighI32x4U(Vec a) { return detail::extend<uint32_t, uint64_t>(a, 2); }

inline Vec I16x8ExtmulLowI8x16S(Vec a, Vec b) { return detail::extmul<int8_t, int16_t>(a, b, 0); }
inline Vec I16x8ExtmulHighI8x16S(Vec a, Vec b) { return detail::extmul<int8_t, int16_t>(a, b, 8); }
inline Vec I16x8ExtmulLowI8x16U(Vec a, Vec b) { return detail::extmul<uint8_t, uint16_t>(a, b, 0); }
inline Vec I16x8ExtmulHighI8x16U(Vec a, Vec b) {
  return detail::extmul<uint8_t, uint16_t>(a, b, 8);
}
inline Vec I32x4ExtmulLowI16x8S(Vec a, Vec b) { return detail::extmul<int16_t, int32_t>(a, b, 0); }
inline Vec I32x4ExtmulHighI16x8S(Vec a, Vec b) { return detail::extmul<int16_t, int32_t>(a, b, 4); }
inline Vec I32x4ExtmulLowI16x8U(Vec a, Vec b) {
  return detail::extmul<uint16_t, uint32_t>(a, b, 0);
}
inline Vec I32x4ExtmulHighI16x8U(Vec a, Vec b) {
  return detail::extmul<uint16_t, uint32_t>(a, b, 4);
}
inline Vec I64x2ExtmulLowI32x4S(Vec a, Vec b) { return detail::extmul<int32_t, int64_t>(a, b, 0); }
inline Vec I64x2ExtmulHighI32x4S(Vec a, Vec b) { return detail::extmul<int32_t, int64_t>(a, b, 2); }
inline Vec I64x2ExtmulLowI32x4U(Vec a, Vec b) {
  return detail::extmul<uint32_t, uint64_t>(a, b, 0);
}
inline Vec I64x2ExtmulHighI32x4U(Vec a, Vec b) {
  return detail::extmul<uint32_t, uint64_t>(a, b, 2);
}

inline Vec I16x8ExtaddPairwiseI8x16S(Vec a) { return detail::extadd_pairwise<int8_t, int16_t>(a); }
inline Vec I16x8ExtaddPairwiseI8x16U(Vec a) {
  return detail::extadd_pairwise<uint8_t, uint16_t>(a);
}
inline Vec I32x4ExtaddPairwiseI16x8S(Vec a) { return detail::extadd_pairwise<int16_t, int32_t>(a); }
inline Vec I32x4ExtaddPairwiseI16x8U(Vec a) {
  return detail::extadd_pairwise<uint16_t, uint32_t>(a);
}

// Pairwise products of i16 summed to i32; only (-32768)^2 * 2 overflows, and wraps.
inline Vec I32x4DotI16x8S(Vec a, Vec b) {
  Vec r;
  for (unsigned i = 0; i < 4; ++i) {
    int32_t p0 = int32_t(get<int16_t>(a, 2 * i)) * get<int16_t>(b, 2 * i);
    int32_t p1 = int32_t(get<int16_t>(a, 2 * i + 1)) * get<int16_t>(b, 2 * i + 1);
    put<uint32_t>(r, i, uint32_t(p0) + uint32_t(p1));
  }
  return r;
}

inline Vec I16x8Q15mulrSatS(Vec a, Vec b) {
  return detail::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return uint16_t(detail::saturate<int16_t>((int32_t(x) * y + 0x4000) >> 15));
  });
}

// ---- Floating point -------------------------------------------------------------------------

#define KILN_SIMD_FLOAT(Prefix, F)                                                                \
  inline Vec Prefix##Abs(Vec a) {                                                                 \
    using U = detail::UT<F>;                                                                      \
    return detail::map1<U>(a, [](U x) { return U(x & ~detail::kSign<F>); });                      \
  }                                                                                               \
  inline Vec Prefix##Neg(Vec a) {                                                                 \
    using U = detail::UT<F>;                                                                      \
    return detail::map1<U>(a, [](U x) { return U(x ^ detail::kSign<F>); });                       \
  }                                                                                               \
  inline Vec Prefix##Sqrt(Vec a) {                                                                \
    return detail::map1<F>(a, [](F x) { return detail::bits(std::sqrt(x)); });                    \
  }                                                                                               \
  inline Vec Prefix##Add(Vec a, Vec b) {                                                          \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::bits(x + y); });                   \
  }                                                                                               \
  inline Vec Prefix##Sub(Vec a, Vec b) {                                                          \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::bits(x - y); });                   \
  }                                                                                               \
  inline Vec Prefix##Mul(Vec a, Vec b) {                                                          \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::bits(x * y); });                   \
  }                                                                                               \
  inline Vec Prefix##Div(Vec a, Vec b) {                                                          \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::bits(x / y); });                   \
  }                                                                                               \
  inline Vec Prefix##Min(Vec a, Vec b) { return detail::map2<F>(a, b, detail::fmin<F>); }         \
  inline Vec Prefix##Max(Vec a, Vec b) { return detail::map2<F>(a, b, detail::fmax<F>); }         \
  /* pmin = b < a ? b : a, pmax = a < b ? b : a, returning the operand's bits unchanged */        \
  inline Vec Prefix##Pmin(Vec a, Vec b) {                                                         \
    Vec r;                                                                                        \
    for (unsigned i = 0; i < detail::kLanes<F>; ++i)                                              \
      put<detail::UT<F>>(                                                                         \
          r, i,                                                                                   \
          get<F>(b, i) < get<F>(a, i) ? get<detail::UT<F>>(b, i) : get<detail::UT<F>>(a, i));     \
    return r;                                                                                     \
  }                                                                                               \
  inline Vec Prefix##Pmax(Vec a, Vec b) {                                                         \
    Vec r;                                                                                        \
    for (unsigned i = 0; i < detail::kLanes<F>; ++i)                                              \
      put<detail::UT<F>>(                                                                         \
          r, i,                                                                                   \
          get<F>(a, i) < get<F>(b, i) ? get<detail::UT<F>>(b, i) : get<detail::UT<F>>(a, i));     \
    return r;                                                                                     \
  }                                                                                               \
  inline Vec Prefix##Ceil(Vec a) {                                                                \
    return detail::map1<F>(                                                                       \
        a, [](F x) { return detail::round(x, [](F y) { return std::ceil(y); }); });               \
  }                                                                                               \
  inline Vec Prefix##Floor(Vec a) {                                                               \
    return detail::map1<F>(                                                                       \
        a, [](F x) { return detail::round(x, [](F y) { return std::floor(y); }); });              \
  }                                                                                               \
  inline Vec Prefix##Trunc(Vec a) {                                                               \
    return detail::map1<F>(                                                                       \
        a, [](F x) { return detail::round(x, [](F y) { return std::trunc(y); }); });              \
  }                                                                                               \
  /* ties to even: nearbyint in the default rounding mode, which wasm code cannot change */       \
  inline Vec Prefix##Nearest(Vec a) {                                                             \
    return detail::map1<F>(                                                                       \
        a, [](F x) { return detail::round(x, [](F y) { return std::nearbyint(y); }); });          \
  }                                                                                               \
  inline Vec Prefix##RelaxedMadd(Vec a, Vec b, Vec c) {                                           \
    Vec r;                                                                                        \
    for (unsigned i = 0; i < detail::kLanes<F>; ++i)                                              \
      put<detail::UT<F>>(r, i, detail::madd<F>(get<F>(a, i), get<F>(b, i), get<F>(c, i), false)); \
    return r;                                                                                     \
  }                                                                                               \
  inline Vec Prefix##RelaxedNmadd(Vec a, Vec b, Vec c) {                                          \
    Vec r;                                                                                        \
    for (unsigned i = 0; i < detail::kLanes<F>; ++i)                                              \
      put<detail::UT<F>>(r, i, detail::madd<F>(get<F>(a, i), get<F>(b, i), get<F>(c, i), true));  \
    return r;                                                                                     \
  }                                                                                               \
  inline Vec Prefix##RelaxedMin(Vec a, Vec b) { return Prefix##Min(a, b); }                       \
  inline Vec Prefix##RelaxedMax(Vec a, Vec b) { return Prefix##Max(a, b); }
KILN_SIMD_FLOAT(F32x4, float)
KILN_SIMD_FLOAT(F64x2, double)
#undef KILN_SIMD_FLOAT

// ---- Conversions ----------------------------------------------------------------------------

inline Vec I32x4TruncSatF32x4S(Vec a) {
  return detail::map1<float, uint32_t>(a, detail::trunc_sat_s<float>);
}
inline Vec I32x4TruncSatF32x4U(Vec a) {
  return detail::map1<float, uint32_t>(a, detail::trunc_sat_u<float>);
}
inline Vec I32x4TruncSatF64x2SZero(Vec a) {
  return from_u64(detail::trunc_sat_s(get<double>(a, 0)) |
                      uint64_t(detail::trunc_sat_s(get<double>(a, 1))) << 32,
                  0);
}
inline Vec I32x4TruncSatF64x2UZero(Vec a) {
  return from_u64(detail::trunc_sat_u(get<double>(a, 0)) |
                      uint64_t(detail::trunc_sat_u(get<double>(a, 1))) << 32,
                  0);
}
inline Vec F32x4ConvertI32x4S(Vec a) {
  return detail::map1<int32_t, uint32_t>(
      a, [](int32_t x) { return detail::bits(static_cast<float>(x)); });
}
// One rounding: the C++ conversion from an integer rounds to nearest once.
inline Vec F32x4ConvertI32x4U(Vec a) {
  return detail::map1<uint32_t, uint32_t>(
      a, [](uint32_t x) { return detail::bits(static_cast<float>(x)); });
}
inline Vec F64x2ConvertLowI32x4S(Vec a) {
  return from_u64(detail::bits(double(get<int32_t>(a, 0))),
                  detail::bits(double(get<int32_t>(a, 1))));
}
inline Vec F64x2ConvertLowI32x4U(Vec a) {
  return from_u64(detail::bits(double(get<uint32_t>(a, 0))),
                  detail::bits(double(get<uint32_t>(a, 1))));
}
inline Vec F32x4DemoteF64x2Zero(Vec a) {
  uint64_t l = detail::bits(static_cast<float>(get<double>(a, 0)));
  uint64_t h = detail::bits(static_cast<float>(get<double>(a, 1)));
  return from_u64(l | h << 32, 0);
}
inline Vec F64x2PromoteLowF32x4(Vec a) {
  return from_u64(detail::bits(static_cast<double>(get<float>(a, 0))),
                  detail::bits(static_cast<double>(get<float>(a, 1))));
}

// ---- Relaxed SIMD: the deterministic choices listed in simd.h --------------------------------

inline Vec I8x16RelaxedSwizzle(Vec a, Vec s) { return I8x16Swizzle(a, s); }
inline Vec I32x4RelaxedTruncF32x4S(Vec a) { return I32x4TruncSatF32x4S(a); }
inline Vec I32x4RelaxedTruncF32x4U(Vec a) { return I32x4TruncSatF32x4U(a); }
inline Vec I32x4RelaxedTruncF64x2SZero(Vec a) { return I32x4TruncSatF64x2SZero(a); }
inline Vec I32x4RelaxedTruncF64x2UZero(Vec a) { return I32x4TruncSatF64x2UZero(a); }
inline Vec I8x16RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I16x8RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I32x4RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I64x2RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I16x8RelaxedQ15mulrS(Vec a, Vec b) { return I16x8Q15mulrSatS(a, b); }
// Signed x signed products of byte pairs, summed into 16 bits (wrapping: 2 * 128^2 = 32768).
inline Vec I16x8RelaxedDotI8x16I7x16S(Vec a, Vec b) {
  Vec r;
  for (unsigned i = 0; i < 8; ++i) {
    int32_t s = int32_t(get<int8_t>(a, 2 * i)) * get<int8_t>(b, 2 * i) +
                int32_t(get<int8_t>(a, 2 * i + 1)) * get<int8_t>(b, 2 * i + 1);
    put<uint16_t>(r, i, uint16_t(s));
  }
  return r;
}
// Signed x signed products of four bytes summed exactly, then added to c wrapping.
inline Vec I32x4RelaxedDotI8x16I7x16AddS(Vec a, Vec b, Vec c) {
  Vec r;
  for (unsigned i = 0; i < 4; ++i) {
    int32_t s = 0;
    for (unsigned j = 4 * i; j < 4 * i + 4; ++j)
      s += int32_t(get<int8_t>(a, j)) * get<int8_t>(b, j);
    put<uint32_t>(r, i, uint32_t(s) + get<uint32_t>(c, i));
  }
  return r;
}

}  // namespace kiln::core::interp::simd::portable
