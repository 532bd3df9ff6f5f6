// The lane operations of WebAssembly SIMD (and the deterministic choices for relaxed SIMD,
// see simd.h) with x86 SSE intrinsics: SSE2 always, and SSSE3 / SSE4.1 instructions where the
// build enables them (__SSSE3__, __SSE4_1__). The same functions, names and results as
// simd_portable.h, which is the reference (tests/interp/simd_ops_test.cc compares the two).
// Floats enter and leave as raw bits in integer vectors. Only compiled when __SSE2__.
//
// Operations without a vector form, done lane by lane or through the 64-bit halves:
//   - extract_lane (all shapes): x86 extracts only at a constant lane; the lane is picked
//     from one 64-bit half with a shift.
//   - i8x16.shuffle and i8x16.swizzle / relaxed_swizzle without SSSE3: SSE2 has no byte
//     permute with indices from a register; a loop over the 16 bytes.
// Everything else is vector instructions. nearest/ceil/floor/trunc without SSE4.1 use the
// 2^23 (2^52) addition, which relies on MXCSR round-to-nearest (the default; wasm code cannot
// change it).
#pragma once

#if defined(__SSE2__)

#include <cstdint>

#include <emmintrin.h>
#if defined(__SSSE3__)
#include <tmmintrin.h>
#endif
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif

namespace kiln::core::interp::simd::x86 {

using Vec = __m128i;

inline Vec from_u64(uint64_t lo, uint64_t hi) {
  return _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo));
}
inline uint64_t lo(Vec v) {
#if defined(__x86_64__) || defined(_M_X64)
  return static_cast<uint64_t>(_mm_cvtsi128_si64(v));
#else
  uint64_t r;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(&r), v);
  return r;
#endif
}
inline uint64_t hi(Vec v) { return lo(_mm_unpackhi_epi64(v, v)); }
inline Vec load(const uint64_t* slots) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(slots));
}
inline void store(uint64_t* slots, Vec v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(slots), v);
}

namespace detail {

inline __m128 ps(Vec v) { return _mm_castsi128_ps(v); }
inline __m128d pd(Vec v) { return _mm_castsi128_pd(v); }
inline Vec si(__m128 v) { return _mm_castps_si128(v); }
inline Vec si(__m128d v) { return _mm_castpd_si128(v); }
inline Vec zero() { return _mm_setzero_si128(); }
inline Vec ones() { return _mm_set1_epi32(-1); }
inline Vec vnot(Vec v) { return _mm_xor_si128(v, ones()); }
// Bytes of `t` where the mask byte is all ones, of `f` where it is zero.
inline Vec select(Vec mask, Vec t, Vec f) {
#if defined(__SSE4_1__)
  return _mm_blendv_epi8(f, t, mask);
#else
  return _mm_or_si128(_mm_and_si128(mask, t), _mm_andnot_si128(mask, f));
#endif
}
inline Vec bias8() { return _mm_set1_epi8(static_cast<char>(0x80)); }
inline Vec bias16() { return _mm_set1_epi16(static_cast<short>(0x8000)); }
inline Vec bias32() { return _mm_set1_epi32(static_cast<int>(0x80000000u)); }

// 64-bit lanes: all ones where the sign bit of the lane is set.
inline Vec sign64(Vec a) {
  return _mm_shuffle_epi32(_mm_srai_epi32(a, 31), _MM_SHUFFLE(3, 3, 1, 1));
}
inline Vec eq64(Vec a, Vec b) {
#if defined(__SSE4_1__)
  return _mm_cmpeq_epi64(a, b);
#else
  Vec t = _mm_cmpeq_epi32(a, b);
  return _mm_and_si128(t, _mm_shuffle_epi32(t, _MM_SHUFFLE(2, 3, 0, 1)));
#endif
}
// Signed a < b on 64-bit lanes: the sign of a - b, corrected where the subtraction overflows
// (operands of different signs and a difference whose sign is not a's).
inline Vec lt64(Vec a, Vec b) {
  Vec d = _mm_sub_epi64(a, b);
  Vec t = _mm_xor_si128(d, _mm_and_si128(_mm_xor_si128(a, b), _mm_xor_si128(d, a)));
  return sign64(t);
}

// 8-bit lanes: the even bytes and the odd bytes of each 16-bit lane, sign-extended to 16 bits.
inline Vec even_bytes_s(Vec a) { return _mm_srai_epi16(_mm_slli_epi16(a, 8), 8); }
inline Vec odd_bytes_s(Vec a) { return _mm_srai_epi16(a, 8); }

// Keep a product from being fused with the following add (GCC contracts intrinsics too).
template <typename V>
inline V opaque(V v) {
#if defined(__GNUC__)
  __asm__("" : "+x"(v));
#endif
  return v;
}

// Rounding to an integral value.
enum RoundMode { kNearest, kFloor, kCeil, kTrunc };
#if defined(__SSE4_1__)
constexpr int sse41_mode(RoundMode m) {
  return (m == kNearest ? _MM_FROUND_TO_NEAREST_INT
          : m == kFloor ? _MM_FROUND_TO_NEG_INF
          : m == kCeil  ? _MM_FROUND_TO_POS_INF
                        : _MM_FROUND_TO_ZERO) |
         _MM_FROUND_NO_EXC;
}
#endif
template <RoundMode kMode>
inline __m128 round_ps(__m128 x) {
#if defined(__SSE4_1__)
  constexpr int mode = sse41_mode(kMode);  // an immediate even at -O0
  return _mm_round_ps(x, mode);
#else
  // |x| < 2^23 is rounded to nearest by adding and subtracting 2^23, then adjusted by one
  // for the other modes; larger values, infinities and NaNs are integral already (x + 0
  // quiets a signalling NaN). The sign is put back last, so -0.5 gives -0 as wasm wants.
  const __m128 magic = _mm_set1_ps(8388608.0f);
  const __m128 one = _mm_set1_ps(1.0f);
  const __m128 sign_bit = _mm_set1_ps(-0.0f);
  __m128 sign = _mm_and_ps(x, sign_bit);
  __m128 ax = _mm_xor_ps(x, sign);
  __m128 small = _mm_cmplt_ps(ax, magic);
  __m128 r = _mm_sub_ps(_mm_add_ps(ax, magic), magic);
  if constexpr (kMode != kNearest) {
    __m128 t = _mm_sub_ps(r, _mm_and_ps(_mm_cmpgt_ps(r, ax), one));  // trunc(|x|)
    if constexpr (kMode == kTrunc) {
      r = t;
    } else {
      __m128 frac = _mm_cmplt_ps(t, ax);
      __m128 neg = _mm_cmplt_ps(x, _mm_setzero_ps());
      __m128 up = kMode == kCeil ? _mm_andnot_ps(neg, frac) : _mm_and_ps(neg, frac);
      r = _mm_add_ps(t, _mm_and_ps(up, one));
    }
  }
  r = _mm_or_ps(r, sign);
  __m128 big = _mm_add_ps(x, _mm_setzero_ps());
  return _mm_or_ps(_mm_and_ps(small, r), _mm_andnot_ps(small, big));
#endif
}
template <RoundMode kMode>
inline __m128d round_pd(__m128d x) {
#if defined(__SSE4_1__)
  constexpr int mode = sse41_mode(kMode);  // an immediate even at -O0
  return _mm_round_pd(x, mode);
#else
  const __m128d magic = _mm_set1_pd(4503599627370496.0);  // 2^52
  const __m128d one = _mm_set1_pd(1.0);
  const __m128d sign_bit = _mm_set1_pd(-0.0);
  __m128d sign = _mm_and_pd(x, sign_bit);
  __m128d ax = _mm_xor_pd(x, sign);
  __m128d small = _mm_cmplt_pd(ax, magic);
  __m128d r = _mm_sub_pd(_mm_add_pd(ax, magic), magic);
  if constexpr (kMode != kNearest) {
    __m128d t = _mm_sub_pd(r, _mm_and_pd(_mm_cmpgt_pd(r, ax), one));
    if constexpr (kMode == kTrunc) {
      r = t;
    } else {
      __m128d frac = _mm_cmplt_pd(t, ax);
      __m128d neg = _mm_cmplt_pd(x, _mm_setzero_pd());
      __m128d up = kMode == kCeil ? _mm_andnot_pd(neg, frac) : _mm_and_pd(neg, frac);
      r = _mm_add_pd(t, _mm_and_pd(up, one));
    }
  }
  r = _mm_or_pd(r, sign);
  __m128d big = _mm_add_pd(x, _mm_setzero_pd());
  return _mm_or_pd(_mm_and_pd(small, r), _mm_andnot_pd(small, big));
#endif
}

}  // namespace detail

// ---- Constructing and taking apart ----------------------------------------------------------

inline Vec I8x16Splat(uint32_t x) { return _mm_set1_epi8(static_cast<char>(x)); }
inline Vec I16x8Splat(uint32_t x) { return _mm_set1_epi16(static_cast<short>(x)); }
inline Vec I32x4Splat(uint32_t x) { return _mm_set1_epi32(static_cast<int>(x)); }
inline Vec I64x2Splat(uint64_t x) { return _mm_set1_epi64x(static_cast<long long>(x)); }
inline Vec F32x4Splat(uint32_t bits) { return _mm_set1_epi32(static_cast<int>(bits)); }
inline Vec F64x2Splat(uint64_t bits) { return _mm_set1_epi64x(static_cast<long long>(bits)); }

namespace detail {
// The lane is a run-time value: take it from the 64-bit half that holds it.
inline uint64_t half_of(Vec a, uint32_t lane, uint32_t per_half) {
  return lane < per_half ? lo(a) : hi(a);
}
}  // namespace detail
inline uint32_t I8x16ExtractLaneS(Vec a, uint32_t lane) {
  return uint32_t(int32_t(int8_t(detail::half_of(a, lane, 8) >> ((lane & 7) * 8))));
}
inline uint32_t I8x16ExtractLaneU(Vec a, uint32_t lane) {
  return uint8_t(detail::half_of(a, lane, 8) >> ((lane & 7) * 8));
}
inline uint32_t I16x8ExtractLaneS(Vec a, uint32_t lane) {
  return uint32_t(int32_t(int16_t(detail::half_of(a, lane, 4) >> ((lane & 3) * 16))));
}
inline uint32_t I16x8ExtractLaneU(Vec a, uint32_t lane) {
  return uint16_t(detail::half_of(a, lane, 4) >> ((lane & 3) * 16));
}
inline uint32_t I32x4ExtractLane(Vec a, uint32_t lane) {
  return uint32_t(detail::half_of(a, lane, 2) >> ((lane & 1) * 32));
}
inline uint64_t I64x2ExtractLane(Vec a, uint32_t lane) { return detail::half_of(a, lane, 1); }
inline uint32_t F32x4ExtractLane(Vec a, uint32_t lane) { return I32x4ExtractLane(a, lane); }
inline uint64_t F64x2ExtractLane(Vec a, uint32_t lane) { return detail::half_of(a, lane, 1); }

// replace_lane: a mask of the lane (lane index compared with 0, 1, 2, ...) selects the splat.
inline Vec I8x16ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  Vec m = _mm_cmpeq_epi8(_mm_set1_epi8(static_cast<char>(lane)),
                         _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  return detail::select(m, I8x16Splat(x), a);
}
inline Vec I16x8ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  Vec m = _mm_cmpeq_epi16(_mm_set1_epi16(static_cast<short>(lane)),
                          _mm_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7));
  return detail::select(m, I16x8Splat(x), a);
}
inline Vec I32x4ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  Vec m = _mm_cmpeq_epi32(_mm_set1_epi32(static_cast<int>(lane)), _mm_setr_epi32(0, 1, 2, 3));
  return detail::select(m, I32x4Splat(x), a);
}
inline Vec I64x2ReplaceLane(Vec a, uint32_t lane, uint64_t x) {
  Vec m = _mm_cmpeq_epi32(_mm_set1_epi32(static_cast<int>(lane)), _mm_setr_epi32(0, 0, 1, 1));
  return detail::select(m, I64x2Splat(x), a);
}
inline Vec F32x4ReplaceLane(Vec a, uint32_t lane, uint32_t x) {
  return I32x4ReplaceLane(a, lane, x);
}
inline Vec F64x2ReplaceLane(Vec a, uint32_t lane, uint64_t x) {
  return I64x2ReplaceLane(a, lane, x);
}

inline Vec I8x16Shuffle(Vec a, Vec b, const uint8_t* lanes) {
#if defined(__SSSE3__)
  // pshufb zeroes a byte whose index has bit 7 set and otherwise uses the low 4 bits: mark
  // the indices into the other operand.
  Vec idx = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lanes));
  Vec in_b = _mm_cmpgt_epi8(idx, _mm_set1_epi8(15));
  Vec from_a = _mm_shuffle_epi8(a, _mm_or_si128(idx, in_b));
  Vec from_b = _mm_shuffle_epi8(b, _mm_or_si128(idx, detail::vnot(in_b)));
  return _mm_or_si128(from_a, from_b);
#else
  // SSE2 has no byte permute with indices in a register: a loop over the bytes.
  alignas(16) uint8_t ab[32];
  alignas(16) uint8_t r[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(ab), a);
  _mm_store_si128(reinterpret_cast<__m128i*>(ab + 16), b);
  for (unsigned i = 0; i < 16; ++i) r[i] = ab[lanes[i] & 31];
  return _mm_load_si128(reinterpret_cast<const __m128i*>(r));
#endif
}
inline Vec I8x16Swizzle(Vec a, Vec s) {
#if defined(__SSSE3__)
  // Saturating +0x70 keeps 0..15 below 0x80 with the same low 4 bits and takes 16.. to 0x80
  // and above, which pshufb turns into 0.
  return _mm_shuffle_epi8(a, _mm_adds_epu8(s, _mm_set1_epi8(0x70)));
#else
  // SSE2 has no byte permute with indices in a register: a loop over the bytes.
  alignas(16) uint8_t av[16];
  alignas(16) uint8_t sv[16];
  alignas(16) uint8_t r[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(av), a);
  _mm_store_si128(reinterpret_cast<__m128i*>(sv), s);
  for (unsigned i = 0; i < 16; ++i) r[i] = sv[i] < 16 ? av[sv[i]] : 0;
  return _mm_load_si128(reinterpret_cast<const __m128i*>(r));
#endif
}

// ---- Comparisons ----------------------------------------------------------------------------

inline Vec I8x16Eq(Vec a, Vec b) { return _mm_cmpeq_epi8(a, b); }
inline Vec I8x16Ne(Vec a, Vec b) { return detail::vnot(_mm_cmpeq_epi8(a, b)); }
inline Vec I8x16LtS(Vec a, Vec b) { return _mm_cmplt_epi8(a, b); }
inline Vec I8x16GtS(Vec a, Vec b) { return _mm_cmpgt_epi8(a, b); }
inline Vec I8x16LeS(Vec a, Vec b) { return detail::vnot(_mm_cmpgt_epi8(a, b)); }
inline Vec I8x16GeS(Vec a, Vec b) { return detail::vnot(_mm_cmplt_epi8(a, b)); }
// Unsigned a <= b: a -sat b is zero.
inline Vec I8x16LeU(Vec a, Vec b) { return _mm_cmpeq_epi8(_mm_subs_epu8(a, b), detail::zero()); }
inline Vec I8x16GeU(Vec a, Vec b) { return _mm_cmpeq_epi8(_mm_subs_epu8(b, a), detail::zero()); }
inline Vec I8x16LtU(Vec a, Vec b) { return detail::vnot(I8x16GeU(a, b)); }
inline Vec I8x16GtU(Vec a, Vec b) { return detail::vnot(I8x16LeU(a, b)); }

inline Vec I16x8Eq(Vec a, Vec b) { return _mm_cmpeq_epi16(a, b); }
inline Vec I16x8Ne(Vec a, Vec b) { return detail::vnot(_mm_cmpeq_epi16(a, b)); }
inline Vec I16x8LtS(Vec a, Vec b) { return _mm_cmplt_epi16(a, b); }
inline Vec I16x8GtS(Vec a, Vec b) { return _mm_cmpgt_epi16(a, b); }
inline Vec I16x8LeS(Vec a, Vec b) { return detail::vnot(_mm_cmpgt_epi16(a, b)); }
inline Vec I16x8GeS(Vec a, Vec b) { return detail::vnot(_mm_cmplt_epi16(a, b)); }
inline Vec I16x8LeU(Vec a, Vec b) { return _mm_cmpeq_epi16(_mm_subs_epu16(a, b), detail::zero()); }
inline Vec I16x8GeU(Vec a, Vec b) { return _mm_cmpeq_epi16(_mm_subs_epu16(b, a), detail::zero()); }
inline Vec I16x8LtU(Vec a, Vec b) { return detail::vnot(I16x8GeU(a, b)); }
inline Vec I16x8GtU(Vec a, Vec b) { return detail::vnot(I16x8LeU(a, b)); }

inline Vec I32x4Eq(Vec a, Vec b) { return _mm_cmpeq_epi32(a, b); }
inline Vec I32x4Ne(Vec a, Vec b) { return detail::vnot(_mm_cmpeq_epi32(a, b)); }
inline Vec I32x4LtS(Vec a, Vec b) { return _mm_cmplt_epi32(a, b); }
inline Vec I32x4GtS(Vec a, Vec b) { return _mm_cmpgt_epi32(a, b); }
inline Vec I32x4LeS(Vec a, Vec b) { return detail::vnot(_mm_cmpgt_epi32(a, b)); }
inline Vec I32x4GeS(Vec a, Vec b) { return detail::vnot(_mm_cmplt_epi32(a, b)); }
// Unsigned order is signed order after flipping the sign bits.
inline Vec I32x4LtU(Vec a, Vec b) {
  return _mm_cmplt_epi32(_mm_xor_si128(a, detail::bias32()), _mm_xor_si128(b, detail::bias32()));
}
inline Vec I32x4GtU(Vec a, Vec b) { return I32x4LtU(b, a); }
#if defined(__SSE4_1__)
inline Vec I32x4LeU(Vec a, Vec b) { return _mm_cmpeq_epi32(_mm_min_epu32(a, b), a); }
inline Vec I32x4GeU(Vec a, Vec b) { return _mm_cmpeq_epi32(_mm_max_epu32(a, b), a); }
#else
inline Vec I32x4LeU(Vec a, Vec b) { return detail::vnot(I32x4LtU(b, a)); }
inline Vec I32x4GeU(Vec a, Vec b) { return detail::vnot(I32x4LtU(a, b)); }
#endif

inline Vec I64x2Eq(Vec a, Vec b) { return detail::eq64(a, b); }
inline Vec I64x2Ne(Vec a, Vec b) { return detail::vnot(detail::eq64(a, b)); }
inline Vec I64x2LtS(Vec a, Vec b) { return detail::lt64(a, b); }
inline Vec I64x2GtS(Vec a, Vec b) { return detail::lt64(b, a); }
inline Vec I64x2LeS(Vec a, Vec b) { return detail::vnot(detail::lt64(b, a)); }
inline Vec I64x2GeS(Vec a, Vec b) { return detail::vnot(detail::lt64(a, b)); }

// Ordered comparisons are false with a NaN, cmpneq (unordered) true: as wasm wants.
inline Vec F32x4Eq(Vec a, Vec b) { return detail::si(_mm_cmpeq_ps(detail::ps(a), detail::ps(b))); }
inline Vec F32x4Ne(Vec a, Vec b) { return detail::si(_mm_cmpneq_ps(detail::ps(a), detail::ps(b))); }
inline Vec F32x4Lt(Vec a, Vec b) { return detail::si(_mm_cmplt_ps(detail::ps(a), detail::ps(b))); }
inline Vec F32x4Gt(Vec a, Vec b) { return detail::si(_mm_cmpgt_ps(detail::ps(a), detail::ps(b))); }
inline Vec F32x4Le(Vec a, Vec b) { return detail::si(_mm_cmple_ps(detail::ps(a), detail::ps(b))); }
inline Vec F32x4Ge(Vec a, Vec b) { return detail::si(_mm_cmpge_ps(detail::ps(a), detail::ps(b))); }
inline Vec F64x2Eq(Vec a, Vec b) { return detail::si(_mm_cmpeq_pd(detail::pd(a), detail::pd(b))); }
inline Vec F64x2Ne(Vec a, Vec b) { return detail::si(_mm_cmpneq_pd(detail::pd(a), detail::pd(b))); }
inline Vec F64x2Lt(Vec a, Vec b) { return detail::si(_mm_cmplt_pd(detail::pd(a), detail::pd(b))); }
inline Vec F64x2Gt(Vec a, Vec b) { return detail::si(_mm_cmpgt_pd(detail::pd(a), detail::pd(b))); }
inline Vec F64x2Le(Vec a, Vec b) { return detail::si(_mm_cmple_pd(detail::pd(a), detail::pd(b))); }
inline Vec F64x2Ge(Vec a, Vec b) { return detail::si(_mm_cmpge_pd(detail::pd(a), detail::pd(b))); }

// ---- Bitwise --------------------------------------------------------------------------------

inline Vec V128Not(Vec a) { return detail::vnot(a); }
inline Vec V128And(Vec a, Vec b) { return _mm_and_si128(a, b); }
inline Vec V128Andnot(Vec a, Vec b) { return _mm_andnot_si128(b, a); }
inline Vec V128Or(Vec a, Vec b) { return _mm_or_si128(a, b); }
inline Vec V128Xor(Vec a, Vec b) { return _mm_xor_si128(a, b); }
inline Vec V128Bitselect(Vec a, Vec b, Vec c) {
  return _mm_or_si128(_mm_and_si128(a, c), _mm_andnot_si128(c, b));
}
inline uint32_t V128AnyTrue(Vec a) {
#if defined(__SSE4_1__)
  return !_mm_testz_si128(a, a);
#else
  return _mm_movemask_epi8(_mm_cmpeq_epi8(a, detail::zero())) != 0xFFFF;
#endif
}

// ---- Integer lane arithmetic ----------------------------------------------------------------

inline uint32_t I8x16AllTrue(Vec a) {
  return _mm_movemask_epi8(_mm_cmpeq_epi8(a, detail::zero())) == 0;
}
inline uint32_t I16x8AllTrue(Vec a) {
  return _mm_movemask_epi8(_mm_cmpeq_epi16(a, detail::zero())) == 0;
}
inline uint32_t I32x4AllTrue(Vec a) {
  return _mm_movemask_epi8(_mm_cmpeq_epi32(a, detail::zero())) == 0;
}
inline uint32_t I64x2AllTrue(Vec a) {
  return _mm_movemask_epi8(detail::eq64(a, detail::zero())) == 0;
}
inline uint32_t I8x16Bitmask(Vec a) { return uint32_t(_mm_movemask_epi8(a)); }
// packs keeps the sign of each 16-bit lane in a byte.
inline uint32_t I16x8Bitmask(Vec a) {
  return uint32_t(_mm_movemask_epi8(_mm_packs_epi16(a, detail::zero())));
}
inline uint32_t I32x4Bitmask(Vec a) { return uint32_t(_mm_movemask_ps(detail::ps(a))); }
inline uint32_t I64x2Bitmask(Vec a) { return uint32_t(_mm_movemask_pd(detail::pd(a))); }

inline Vec I8x16Neg(Vec a) { return _mm_sub_epi8(detail::zero(), a); }
inline Vec I16x8Neg(Vec a) { return _mm_sub_epi16(detail::zero(), a); }
inline Vec I32x4Neg(Vec a) { return _mm_sub_epi32(detail::zero(), a); }
inline Vec I64x2Neg(Vec a) { return _mm_sub_epi64(detail::zero(), a); }
#if defined(__SSSE3__)
inline Vec I8x16Abs(Vec a) { return _mm_abs_epi8(a); }
inline Vec I16x8Abs(Vec a) { return _mm_abs_epi16(a); }
inline Vec I32x4Abs(Vec a) { return _mm_abs_epi32(a); }
#else
// |x| is the unsigned minimum of x and -x for bytes, the signed maximum for 16 bits
// (both leave INT_MIN as it is, as wasm wants).
inline Vec I8x16Abs(Vec a) { return _mm_min_epu8(a, I8x16Neg(a)); }
inline Vec I16x8Abs(Vec a) { return _mm_max_epi16(a, I16x8Neg(a)); }
inline Vec I32x4Abs(Vec a) {
  Vec s = _mm_srai_epi32(a, 31);
  return _mm_sub_epi32(_mm_xor_si128(a, s), s);
}
#endif
inline Vec I64x2Abs(Vec a) {
#if defined(__SSE4_1__)
  return detail::si(_mm_blendv_pd(detail::pd(a), detail::pd(I64x2Neg(a)), detail::pd(a)));
#else
  Vec s = detail::sign64(a);
  return _mm_sub_epi64(_mm_xor_si128(a, s), s);
#endif
}

inline Vec I8x16Popcnt(Vec a) {
  const Vec low4 = _mm_set1_epi8(0x0F);
#if defined(__SSSE3__)
  // A table of the counts of the 16 nibbles, looked up with pshufb.
  const Vec table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  Vec l = _mm_shuffle_epi8(table, _mm_and_si128(a, low4));
  Vec h = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(a, 4), low4));
  return _mm_add_epi8(l, h);
#else
  // Counts of bit pairs, then nibbles, then bytes (16-bit shifts, masked to stay in the byte).
  Vec x = _mm_sub_epi8(a, _mm_and_si128(_mm_srli_epi16(a, 1), _mm_set1_epi8(0x55)));
  const Vec m2 = _mm_set1_epi8(0x33);
  x = _mm_add_epi8(_mm_and_si128(x, m2), _mm_and_si128(_mm_srli_epi16(x, 2), m2));
  return _mm_and_si128(_mm_add_epi8(x, _mm_srli_epi16(x, 4)), low4);
#endif
}

// Shifts: the count is taken modulo the lane width. Bytes are shifted as 16-bit lanes and
// masked; arithmetic right shifts without an instruction (8 and 64 bits) sign-extend the
// logical shift with (x ^ m) - m, m being the shifted sign bit.
inline Vec I8x16Shl(Vec a, uint32_t n) {
  n &= 7;
  return _mm_and_si128(_mm_sll_epi16(a, _mm_cvtsi32_si128(int(n))),
                       _mm_set1_epi8(static_cast<char>(0xFF << n)));
}
inline Vec I8x16ShrU(Vec a, uint32_t n) {
  n &= 7;
  return _mm_and_si128(_mm_srl_epi16(a, _mm_cvtsi32_si128(int(n))),
                       _mm_set1_epi8(static_cast<char>(0xFF >> n)));
}
inline Vec I8x16ShrS(Vec a, uint32_t n) {
  Vec m = _mm_set1_epi8(static_cast<char>(0x80 >> (n & 7)));
  return _mm_sub_epi8(_mm_xor_si128(I8x16ShrU(a, n), m), m);
}
inline Vec I16x8Shl(Vec a, uint32_t n) { return _mm_sll_epi16(a, _mm_cvtsi32_si128(int(n & 15))); }
inline Vec I16x8ShrS(Vec a, uint32_t n) { return _mm_sra_epi16(a, _mm_cvtsi32_si128(int(n & 15))); }
inline Vec I16x8ShrU(Vec a, uint32_t n) { return _mm_srl_epi16(a, _mm_cvtsi32_si128(int(n & 15))); }
inline Vec I32x4Shl(Vec a, uint32_t n) { return _mm_sll_epi32(a, _mm_cvtsi32_si128(int(n & 31))); }
inline Vec I32x4ShrS(Vec a, uint32_t n) { return _mm_sra_epi32(a, _mm_cvtsi32_si128(int(n & 31))); }
inline Vec I32x4ShrU(Vec a, uint32_t n) { return _mm_srl_epi32(a, _mm_cvtsi32_si128(int(n & 31))); }
inline Vec I64x2Shl(Vec a, uint32_t n) { return _mm_sll_epi64(a, _mm_cvtsi32_si128(int(n & 63))); }
inline Vec I64x2ShrU(Vec a, uint32_t n) { return _mm_srl_epi64(a, _mm_cvtsi32_si128(int(n & 63))); }
inline Vec I64x2ShrS(Vec a, uint32_t n) {
  Vec c = _mm_cvtsi32_si128(int(n & 63));
  Vec m = _mm_srl_epi64(_mm_set1_epi64x(static_cast<long long>(0x8000000000000000ull)), c);
  return _mm_sub_epi64(_mm_xor_si128(_mm_srl_epi64(a, c), m), m);
}

inline Vec I8x16Add(Vec a, Vec b) { return _mm_add_epi8(a, b); }
inline Vec I8x16AddSatS(Vec a, Vec b) { return _mm_adds_epi8(a, b); }
inline Vec I8x16AddSatU(Vec a, Vec b) { return _mm_adds_epu8(a, b); }
inline Vec I8x16Sub(Vec a, Vec b) { return _mm_sub_epi8(a, b); }
inline Vec I8x16SubSatS(Vec a, Vec b) { return _mm_subs_epi8(a, b); }
inline Vec I8x16SubSatU(Vec a, Vec b) { return _mm_subs_epu8(a, b); }
inline Vec I16x8Add(Vec a, Vec b) { return _mm_add_epi16(a, b); }
inline Vec I16x8AddSatS(Vec a, Vec b) { return _mm_adds_epi16(a, b); }
inline Vec I16x8AddSatU(Vec a, Vec b) { return _mm_adds_epu16(a, b); }
inline Vec I16x8Sub(Vec a, Vec b) { return _mm_sub_epi16(a, b); }
inline Vec I16x8SubSatS(Vec a, Vec b) { return _mm_subs_epi16(a, b); }
inline Vec I16x8SubSatU(Vec a, Vec b) { return _mm_subs_epu16(a, b); }
inline Vec I32x4Add(Vec a, Vec b) { return _mm_add_epi32(a, b); }
inline Vec I32x4Sub(Vec a, Vec b) { return _mm_sub_epi32(a, b); }
inline Vec I64x2Add(Vec a, Vec b) { return _mm_add_epi64(a, b); }
inline Vec I64x2Sub(Vec a, Vec b) { return _mm_sub_epi64(a, b); }
inline Vec I8x16AvgrU(Vec a, Vec b) { return _mm_avg_epu8(a, b); }
inline Vec I16x8AvgrU(Vec a, Vec b) { return _mm_avg_epu16(a, b); }

// min / max. SSE2 has only unsigned bytes and signed 16 bits: the others flip the sign bit
// around the one it has (8, 16 bits) or compare and select (32 bits).
inline Vec I8x16MinU(Vec a, Vec b) { return _mm_min_epu8(a, b); }
inline Vec I8x16MaxU(Vec a, Vec b) { return _mm_max_epu8(a, b); }
inline Vec I16x8MinS(Vec a, Vec b) { return _mm_min_epi16(a, b); }
inline Vec I16x8MaxS(Vec a, Vec b) { return _mm_max_epi16(a, b); }
#if defined(__SSE4_1__)
inline Vec I8x16MinS(Vec a, Vec b) { return _mm_min_epi8(a, b); }
inline Vec I8x16MaxS(Vec a, Vec b) { return _mm_max_epi8(a, b); }
inline Vec I16x8MinU(Vec a, Vec b) { return _mm_min_epu16(a, b); }
inline Vec I16x8MaxU(Vec a, Vec b) { return _mm_max_epu16(a, b); }
inline Vec I32x4MinS(Vec a, Vec b) { return _mm_min_epi32(a, b); }
inline Vec I32x4MinU(Vec a, Vec b) { return _mm_min_epu32(a, b); }
inline Vec I32x4MaxS(Vec a, Vec b) { return _mm_max_epi32(a, b); }
inline Vec I32x4MaxU(Vec a, Vec b) { return _mm_max_epu32(a, b); }
#else
inline Vec I8x16MinS(Vec a, Vec b) {
  const Vec k = detail::bias8();
  return _mm_xor_si128(_mm_min_epu8(_mm_xor_si128(a, k), _mm_xor_si128(b, k)), k);
}
inline Vec I8x16MaxS(Vec a, Vec b) {
  const Vec k = detail::bias8();
  return _mm_xor_si128(_mm_max_epu8(_mm_xor_si128(a, k), _mm_xor_si128(b, k)), k);
}
inline Vec I16x8MinU(Vec a, Vec b) {
  const Vec k = detail::bias16();
  return _mm_xor_si128(_mm_min_epi16(_mm_xor_si128(a, k), _mm_xor_si128(b, k)), k);
}
inline Vec I16x8MaxU(Vec a, Vec b) {
  const Vec k = detail::bias16();
  return _mm_xor_si128(_mm_max_epi16(_mm_xor_si128(a, k), _mm_xor_si128(b, k)), k);
}
inline Vec I32x4MinS(Vec a, Vec b) { return detail::select(_mm_cmpgt_epi32(a, b), b, a); }
inline Vec I32x4MaxS(Vec a, Vec b) { return detail::select(_mm_cmpgt_epi32(a, b), a, b); }
inline Vec I32x4MinU(Vec a, Vec b) { return detail::select(I32x4GtU(a, b), b, a); }
inline Vec I32x4MaxU(Vec a, Vec b) { return detail::select(I32x4GtU(a, b), a, b); }
#endif

inline Vec I16x8Mul(Vec a, Vec b) { return _mm_mullo_epi16(a, b); }
inline Vec I32x4Mul(Vec a, Vec b) {
#if defined(__SSE4_1__)
  return _mm_mullo_epi32(a, b);
#else
  // Lanes 0 and 2, then 1 and 3, as 64-bit products; keep the low halves, interleaved.
  Vec even = _mm_mul_epu32(a, b);
  Vec odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), _mm_srli_epi64(b, 32));
  return _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
                            _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
#endif
}
// a*b mod 2^64 = lo(a)*lo(b) + ((hi(a)*lo(b) + lo(a)*hi(b)) << 32), with 32x32->64 multiplies.
inline Vec I64x2Mul(Vec a, Vec b) {
  Vec cross = _mm_add_epi64(_mm_mul_epu32(_mm_srli_epi64(a, 32), b),
                            _mm_mul_epu32(a, _mm_srli_epi64(b, 32)));
  return _mm_add_epi64(_mm_mul_epu32(a, b), _mm_slli_epi64(cross, 32));
}

inline Vec I8x16NarrowI16x8S(Vec a, Vec b) { return _mm_packs_epi16(a, b); }
inline Vec I8x16NarrowI16x8U(Vec a, Vec b) { return _mm_packus_epi16(a, b); }
inline Vec I16x8NarrowI32x4S(Vec a, Vec b) { return _mm_packs_epi32(a, b); }
#if defined(__SSE4_1__)
inline Vec I16x8NarrowI32x4U(Vec a, Vec b) { return _mm_packus_epi32(a, b); }
#else
namespace detail {
// Clamps i32 lanes to 0..65535 (negatives to 0, above 65535 to all ones, whose low half is
// 65535) and sign-extends the low 16 bits, which packs_epi32 then keeps exactly.
inline Vec clamp_u16(Vec x) {
  x = _mm_and_si128(x, _mm_cmpgt_epi32(x, zero()));
  x = _mm_or_si128(x, _mm_cmpgt_epi32(x, _mm_set1_epi32(65535)));
  return _mm_srai_epi32(_mm_slli_epi32(x, 16), 16);
}
}  // namespace detail
inline Vec I16x8NarrowI32x4U(Vec a, Vec b) {
  return _mm_packs_epi32(detail::clamp_u16(a), detail::clamp_u16(b));
}
#endif

#if defined(__SSE4_1__)
inline Vec I16x8ExtendLowI8x16S(Vec a) { return _mm_cvtepi8_epi16(a); }
inline Vec I32x4ExtendLowI16x8S(Vec a) { return _mm_cvtepi16_epi32(a); }
inline Vec I64x2ExtendLowI32x4S(Vec a) { return _mm_cvtepi32_epi64(a); }
#else
inline Vec I16x8ExtendLowI8x16S(Vec a) { return _mm_srai_epi16(_mm_unpacklo_epi8(a, a), 8); }
inline Vec I32x4ExtendLowI16x8S(Vec a) { return _mm_srai_epi32(_mm_unpacklo_epi16(a, a), 16); }
inline Vec I64x2ExtendLowI32x4S(Vec a) { return _mm_unpacklo_epi32(a, _mm_srai_epi32(a, 31)); }
#endif
inline Vec I16x8ExtendHighI8x16S(Vec a) { return _mm_srai_epi16(_mm_unpackhi_epi8(a, a), 8); }
inline Vec I32x4ExtendHighI16x8S(Vec a) { return _mm_srai_epi32(_mm_unpackhi_epi16(a, a), 16); }
inline Vec I64x2ExtendHighI32x4S(Vec a) { return _mm_unpackhi_epi32(a, _mm_srai_epi32(a, 31)); }
inline Vec I16x8ExtendLowI8x16U(Vec a) { return _mm_unpacklo_epi8(a, detail::zero()); }
inline Vec I16x8ExtendHighI8x16U(Vec a) { return _mm_unpackhi_epi8(a, detail::zero()); }
inline Vec I32x4ExtendLowI16x8U(Vec a) { return _mm_unpacklo_epi16(a, detail::zero()); }
inline Vec I32x4ExtendHighI16x8U(Vec a) { return _mm_unpackhi_epi16(a, detail::zero()); }
inline Vec I64x2ExtendLowI32x4U(Vec a) { return _mm_unpacklo_epi32(a, detail::zero()); }
inline Vec I64x2ExtendHighI32x4U(Vec a) { return _mm_unpackhi_epi32(a, detail::zero()); }

inline Vec I16x8ExtmulLowI8x16S(Vec a, Vec b) {
  return _mm_mullo_epi16(I16x8ExtendLowI8x16S(a), I16x8ExtendLowI8x16S(b));
}
inline Vec I16x8ExtmulHighI8x16S(Vec a, Vec b) {
  return _mm_mullo_epi16(I16x8ExtendHighI8x16S(a), I16x8ExtendHighI8x16S(b));
}
inline Vec I16x8ExtmulLowI8x16U(Vec a, Vec b) {
  return _mm_mullo_epi16(I16x8ExtendLowI8x16U(a), I16x8ExtendLowI8x16U(b));
}
inline Vec I16x8ExtmulHighI8x16U(Vec a, Vec b) {
  return _mm_mullo_epi16(I16x8ExtendHighI8x16U(a), I16x8ExtendHighI8x16U(b));
}
// 16x16->32: the low and high halves of the products, interleaved.
inline Vec I32x4ExtmulLowI16x8S(Vec a, Vec b) {
  return _mm_unpacklo_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epi16(a, b));
}
inline Vec I32x4ExtmulHighI16x8S(Vec a, Vec b) {
  return _mm_unpackhi_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epi16(a, b));
}
inline Vec I32x4ExtmulLowI16x8U(Vec a, Vec b) {
  return _mm_unpacklo_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epu16(a, b));
}
inline Vec I32x4ExtmulHighI16x8U(Vec a, Vec b) {
  return _mm_unpackhi_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epu16(a, b));
}
namespace detail {
// 32x32->64 of lanes 0 and 2 (after a shuffle that brings the wanted lanes there).
inline Vec mul_epi32(Vec a, Vec b) {
#if defined(__SSE4_1__)
  return _mm_mul_epi32(a, b);
#else
  // The unsigned product, less 2^32 * (b where a < 0, plus a where b < 0).
  Vec fix = _mm_add_epi32(_mm_and_si128(_mm_srai_epi32(a, 31), b),
                          _mm_and_si128(_mm_srai_epi32(b, 31), a));
  return _mm_sub_epi64(_mm_mul_epu32(a, b), _mm_slli_epi64(fix, 32));
#endif
}
}  // namespace detail
inline Vec I64x2ExtmulLowI32x4S(Vec a, Vec b) {
  return detail::mul_epi32(_mm_shuffle_epi32(a, _MM_SHUFFLE(1, 1, 0, 0)),
                           _mm_shuffle_epi32(b, _MM_SHUFFLE(1, 1, 0, 0)));
}
inline Vec I64x2ExtmulHighI32x4S(Vec a, Vec b) {
  return detail::mul_epi32(_mm_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 2, 2)),
                           _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 3, 2, 2)));
}
inline Vec I64x2ExtmulLowI32x4U(Vec a, Vec b) {
  return _mm_mul_epu32(_mm_shuffle_epi32(a, _MM_SHUFFLE(1, 1, 0, 0)),
                       _mm_shuffle_epi32(b, _MM_SHUFFLE(1, 1, 0, 0)));
}
inline Vec I64x2ExtmulHighI32x4U(Vec a, Vec b) {
  return _mm_mul_epu32(_mm_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 2, 2)),
                       _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 3, 2, 2)));
}

inline Vec I16x8ExtaddPairwiseI8x16S(Vec a) {
#if defined(__SSSE3__)
  return _mm_maddubs_epi16(_mm_set1_epi8(1), a);  // 1 (unsigned) * a (signed), pairs added
#else
  return _mm_add_epi16(detail::even_bytes_s(a), detail::odd_bytes_s(a));
#endif
}
inline Vec I16x8ExtaddPairwiseI8x16U(Vec a) {
#if defined(__SSSE3__)
  return _mm_maddubs_epi16(a, _mm_set1_epi8(1));  // a (unsigned) * 1 (signed), pairs added
#else
  return _mm_add_epi16(_mm_and_si128(a, _mm_set1_epi16(0x00FF)), _mm_srli_epi16(a, 8));
#endif
}
inline Vec I32x4ExtaddPairwiseI16x8S(Vec a) { return _mm_madd_epi16(a, _mm_set1_epi16(1)); }
// Unsigned: bias each lane to signed (x - 32768), add the pairs, and add 2 * 32768 back.
inline Vec I32x4ExtaddPairwiseI16x8U(Vec a) {
  return _mm_add_epi32(_mm_madd_epi16(_mm_xor_si128(a, detail::bias16()), _mm_set1_epi16(1)),
                       _mm_set1_epi32(0x10000));
}

inline Vec I32x4DotI16x8S(Vec a, Vec b) { return _mm_madd_epi16(a, b); }

inline Vec I16x8Q15mulrSatS(Vec a, Vec b) {
#if defined(__SSSE3__)
  // pmulhrsw is (a*b + 0x4000) >> 15 but gives 0x8000 for -32768 * -32768 (the only
  // overflow), where wasm saturates to 0x7FFF.
  Vec r = _mm_mulhrs_epi16(a, b);
  return _mm_xor_si128(r, _mm_cmpeq_epi16(r, detail::bias16()));
#else
  Vec l = _mm_mullo_epi16(a, b);
  Vec h = _mm_mulhi_epi16(a, b);
  const Vec round = _mm_set1_epi32(0x4000);
  Vec p0 = _mm_srai_epi32(_mm_add_epi32(_mm_unpacklo_epi16(l, h), round), 15);
  Vec p1 = _mm_srai_epi32(_mm_add_epi32(_mm_unpackhi_epi16(l, h), round), 15);
  return _mm_packs_epi32(p0, p1);
#endif
}

// ---- Floating point -------------------------------------------------------------------------

inline Vec F32x4Abs(Vec a) { return _mm_and_si128(a, _mm_set1_epi32(0x7FFFFFFF)); }
inline Vec F32x4Neg(Vec a) { return _mm_xor_si128(a, detail::bias32()); }
inline Vec F64x2Abs(Vec a) { return _mm_and_si128(a, _mm_set1_epi64x(0x7FFFFFFFFFFFFFFFll)); }
inline Vec F64x2Neg(Vec a) {
  return _mm_xor_si128(a, _mm_set1_epi64x(static_cast<long long>(0x8000000000000000ull)));
}

#define KILN_SIMD_X86_FLOAT_OP(Name, intrinsic, cast) \
  inline Vec Name(Vec a, Vec b) { return detail::si(intrinsic(detail::cast(a), detail::cast(b))); }
KILN_SIMD_X86_FLOAT_OP(F32x4Add, _mm_add_ps, ps)
KILN_SIMD_X86_FLOAT_OP(F32x4Sub, _mm_sub_ps, ps)
KILN_SIMD_X86_FLOAT_OP(F32x4Mul, _mm_mul_ps, ps)
KILN_SIMD_X86_FLOAT_OP(F32x4Div, _mm_div_ps, ps)
KILN_SIMD_X86_FLOAT_OP(F64x2Add, _mm_add_pd, pd)
KILN_SIMD_X86_FLOAT_OP(F64x2Sub, _mm_sub_pd, pd)
KILN_SIMD_X86_FLOAT_OP(F64x2Mul, _mm_mul_pd, pd)
KILN_SIMD_X86_FLOAT_OP(F64x2Div, _mm_div_pd, pd)
#undef KILN_SIMD_X86_FLOAT_OP
inline Vec F32x4Sqrt(Vec a) { return detail::si(_mm_sqrt_ps(detail::ps(a))); }
inline Vec F64x2Sqrt(Vec a) { return detail::si(_mm_sqrt_pd(detail::pd(a))); }

// min / max. minps(x, y) is x < y ? x : y, so it returns y when the operands are equal (+0
// and -0) or either is NaN. Taking it both ways round and ORing (min) or ANDing (max) the
// two gives -0 for min and +0 for max of a pair of zeros and leaves other ordered results
// alone; lanes with a NaN operand are then set to the canonical NaN.
inline Vec F32x4Min(Vec a, Vec b) {
  __m128 x = detail::ps(a), y = detail::ps(b);
  __m128 m = _mm_or_ps(_mm_min_ps(x, y), _mm_min_ps(y, x));
  return detail::select(detail::si(_mm_cmpunord_ps(x, y)), _mm_set1_epi32(0x7FC00000),
                        detail::si(m));
}
inline Vec F32x4Max(Vec a, Vec b) {
  __m128 x = detail::ps(a), y = detail::ps(b);
  __m128 m = _mm_and_ps(_mm_max_ps(x, y), _mm_max_ps(y, x));
  return detail::select(detail::si(_mm_cmpunord_ps(x, y)), _mm_set1_epi32(0x7FC00000),
                        detail::si(m));
}
inline Vec F64x2Min(Vec a, Vec b) {
  __m128d x = detail::pd(a), y = detail::pd(b);
  __m128d m = _mm_or_pd(_mm_min_pd(x, y), _mm_min_pd(y, x));
  return detail::select(detail::si(_mm_cmpunord_pd(x, y)), _mm_set1_epi64x(0x7FF8000000000000ll),
                        detail::si(m));
}
inline Vec F64x2Max(Vec a, Vec b) {
  __m128d x = detail::pd(a), y = detail::pd(b);
  __m128d m = _mm_and_pd(_mm_max_pd(x, y), _mm_max_pd(y, x));
  return detail::select(detail::si(_mm_cmpunord_pd(x, y)), _mm_set1_epi64x(0x7FF8000000000000ll),
                        detail::si(m));
}
// pmin = b < a ? b : a = minps(b, a); pmax = a < b ? b : a = maxps(b, a).
inline Vec F32x4Pmin(Vec a, Vec b) { return detail::si(_mm_min_ps(detail::ps(b), detail::ps(a))); }
inline Vec F32x4Pmax(Vec a, Vec b) { return detail::si(_mm_max_ps(detail::ps(b), detail::ps(a))); }
inline Vec F64x2Pmin(Vec a, Vec b) { return detail::si(_mm_min_pd(detail::pd(b), detail::pd(a))); }
inline Vec F64x2Pmax(Vec a, Vec b) { return detail::si(_mm_max_pd(detail::pd(b), detail::pd(a))); }

inline Vec F32x4Ceil(Vec a) { return detail::si(detail::round_ps<detail::kCeil>(detail::ps(a))); }
inline Vec F32x4Floor(Vec a) { return detail::si(detail::round_ps<detail::kFloor>(detail::ps(a))); }
inline Vec F32x4Trunc(Vec a) { return detail::si(detail::round_ps<detail::kTrunc>(detail::ps(a))); }
inline Vec F32x4Nearest(Vec a) {
  return detail::si(detail::round_ps<detail::kNearest>(detail::ps(a)));
}
inline Vec F64x2Ceil(Vec a) { return detail::si(detail::round_pd<detail::kCeil>(detail::pd(a))); }
inline Vec F64x2Floor(Vec a) { return detail::si(detail::round_pd<detail::kFloor>(detail::pd(a))); }
inline Vec F64x2Trunc(Vec a) { return detail::si(detail::round_pd<detail::kTrunc>(detail::pd(a))); }
inline Vec F64x2Nearest(Vec a) {
  return detail::si(detail::round_pd<detail::kNearest>(detail::pd(a)));
}

// ---- Conversions ----------------------------------------------------------------------------

// cvttps2dq gives 0x80000000 for NaN and out-of-range lanes: NaN lanes are zeroed first, and
// the lanes at or above 2^31 flipped to 0x7FFFFFFF.
inline Vec I32x4TruncSatF32x4S(Vec a) {
  __m128 x = detail::ps(a);
  x = _mm_and_ps(x, _mm_cmpeq_ps(x, x));
  Vec r = _mm_cvttps_epi32(x);
  return _mm_xor_si128(r, detail::si(_mm_cmpge_ps(x, _mm_set1_ps(2147483648.0f))));
}
// NaN and negatives to 0 (maxps returns its second operand, 0, for NaN); lanes at or above
// 2^31 converted after subtracting 2^31 (exact there) with the top bit put back; at or above
// 2^32 all ones.
inline Vec I32x4TruncSatF32x4U(Vec a) {
  const __m128 two31 = _mm_set1_ps(2147483648.0f);
  __m128 x = _mm_max_ps(detail::ps(a), _mm_setzero_ps());
  Vec low = _mm_cvttps_epi32(x);
  Vec high = _mm_cvttps_epi32(_mm_sub_ps(x, two31));
  Vec r = _mm_or_si128(low, _mm_and_si128(high, detail::si(_mm_cmpge_ps(x, two31))));
  return _mm_or_si128(r, detail::si(_mm_cmpge_ps(x, _mm_set1_ps(4294967296.0f))));
}
inline Vec I32x4TruncSatF64x2SZero(Vec a) {
  __m128d x = detail::pd(a);
  x = _mm_and_pd(x, _mm_cmpeq_pd(x, x));
  x = _mm_min_pd(x, _mm_set1_pd(2147483647.0));  // below -2^31 cvttpd2dq gives INT_MIN already
  return _mm_cvttpd_epi32(x);
}
// Clamped to [0, 2^32 - 1], floored, and plus 2^52 the integer is the low 32 bits of the
// double's representation.
inline Vec I32x4TruncSatF64x2UZero(Vec a) {
  const __m128d two52 = _mm_set1_pd(4503599627370496.0);
  __m128d x = _mm_max_pd(detail::pd(a), _mm_setzero_pd());
  x = _mm_min_pd(x, _mm_set1_pd(4294967295.0));
#if defined(__SSE4_1__)
  Vec y = detail::si(_mm_add_pd(_mm_round_pd(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC), two52));
#else
  __m128d yd = _mm_add_pd(x, two52);  // rounded to nearest: one too many when it rounded up
  Vec y = _mm_add_epi64(detail::si(yd), detail::si(_mm_cmpgt_pd(_mm_sub_pd(yd, two52), x)));
#endif
  return _mm_move_epi64(_mm_shuffle_epi32(y, _MM_SHUFFLE(3, 3, 2, 0)));
}
inline Vec F32x4ConvertI32x4S(Vec a) { return detail::si(_mm_cvtepi32_ps(a)); }
// The high 16 bits times 2^16 and the low 16 bits are both exact floats: their sum is the
// one rounding.
inline Vec F32x4ConvertI32x4U(Vec a) {
  __m128 h = _mm_mul_ps(_mm_cvtepi32_ps(_mm_srli_epi32(a, 16)), _mm_set1_ps(65536.0f));
  __m128 l = _mm_cvtepi32_ps(_mm_and_si128(a, _mm_set1_epi32(0xFFFF)));
  return detail::si(_mm_add_ps(h, l));
}
inline Vec F64x2ConvertLowI32x4S(Vec a) { return detail::si(_mm_cvtepi32_pd(a)); }
// 2^52 + x as a double is the bits 0x43300000:x; subtracting 2^52 is exact.
inline Vec F64x2ConvertLowI32x4U(Vec a) {
  const __m128d two52 = _mm_set1_pd(4503599627370496.0);
  return detail::si(
      _mm_sub_pd(detail::pd(_mm_unpacklo_epi32(a, _mm_set1_epi32(0x43300000))), two52));
}
inline Vec F32x4DemoteF64x2Zero(Vec a) { return detail::si(_mm_cvtpd_ps(detail::pd(a))); }
inline Vec F64x2PromoteLowF32x4(Vec a) { return detail::si(_mm_cvtps_pd(detail::ps(a))); }

// ---- Relaxed SIMD: the deterministic choices listed in simd.h --------------------------------

inline Vec I8x16RelaxedSwizzle(Vec a, Vec s) { return I8x16Swizzle(a, s); }
inline Vec I32x4RelaxedTruncF32x4S(Vec a) { return I32x4TruncSatF32x4S(a); }
inline Vec I32x4RelaxedTruncF32x4U(Vec a) { return I32x4TruncSatF32x4U(a); }
inline Vec I32x4RelaxedTruncF64x2SZero(Vec a) { return I32x4TruncSatF64x2SZero(a); }
inline Vec I32x4RelaxedTruncF64x2UZero(Vec a) { return I32x4TruncSatF64x2UZero(a); }
// Unfused: the product is rounded (and kept from being contracted into an FMA), then added.
inline Vec F32x4RelaxedMadd(Vec a, Vec b, Vec c) {
  __m128 p = detail::opaque(_mm_mul_ps(detail::ps(a), detail::ps(b)));
  return detail::si(_mm_add_ps(p, detail::ps(c)));
}
inline Vec F32x4RelaxedNmadd(Vec a, Vec b, Vec c) {
  __m128 p = detail::opaque(_mm_mul_ps(detail::ps(a), detail::ps(b)));
  return detail::si(_mm_sub_ps(detail::ps(c), p));
}
inline Vec F64x2RelaxedMadd(Vec a, Vec b, Vec c) {
  __m128d p = detail::opaque(_mm_mul_pd(detail::pd(a), detail::pd(b)));
  return detail::si(_mm_add_pd(p, detail::pd(c)));
}
inline Vec F64x2RelaxedNmadd(Vec a, Vec b, Vec c) {
  __m128d p = detail::opaque(_mm_mul_pd(detail::pd(a), detail::pd(b)));
  return detail::si(_mm_sub_pd(detail::pd(c), p));
}
inline Vec I8x16RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I16x8RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I32x4RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec I64x2RelaxedLaneselect(Vec a, Vec b, Vec m) { return V128Bitselect(a, b, m); }
inline Vec F32x4RelaxedMin(Vec a, Vec b) { return F32x4Min(a, b); }
inline Vec F32x4RelaxedMax(Vec a, Vec b) { return F32x4Max(a, b); }
inline Vec F64x2RelaxedMin(Vec a, Vec b) { return F64x2Min(a, b); }
inline Vec F64x2RelaxedMax(Vec a, Vec b) { return F64x2Max(a, b); }
inline Vec I16x8RelaxedQ15mulrS(Vec a, Vec b) { return I16x8Q15mulrSatS(a, b); }
// Signed x signed: the even and the odd bytes sign-extended to 16 bits and multiplied
// (products fit), pair sums wrapping in 16 bits.
inline Vec I16x8RelaxedDotI8x16I7x16S(Vec a, Vec b) {
  return _mm_add_epi16(_mm_mullo_epi16(detail::even_bytes_s(a), detail::even_bytes_s(b)),
                       _mm_mullo_epi16(detail::odd_bytes_s(a), detail::odd_bytes_s(b)));
}
// pmaddwd of the even bytes sums bytes 4i and 4i+2 into 32 bits, of the odd bytes 4i+1 and
// 4i+3: the four products summed exactly.
inline Vec I32x4RelaxedDotI8x16I7x16AddS(Vec a, Vec b, Vec c) {
  Vec even = _mm_madd_epi16(detail::even_bytes_s(a), detail::even_bytes_s(b));
  Vec odd = _mm_madd_epi16(detail::odd_bytes_s(a), detail::odd_bytes_s(b));
  return _mm_add_epi32(_mm_add_epi32(even, odd), c);
}

}  // namespace kiln::core::interp::simd::x86

#endif  // __SSE2__
