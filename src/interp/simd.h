// The lane operations of WebAssembly SIMD for the interpreter: `simd::ops` is the x86 SSE
// implementation (simd_x86.h) when the compiler targets SSE2 and KILN_SIMD_PORTABLE is not
// defined, else the portable one (simd_portable.h). Both have the same interface:
//   - `Vec`, `load(const uint64_t* slots)` / `store(uint64_t* slots, Vec)` (two value-stack
//     slots, low 8 bytes first, only 8-byte aligned), `from_u64(lo, hi)`, `lo(v)`, `hi(v)`;
//   - one function per SIMD opcode of spec/opcodes.def with a plain signature, named as the
//     opcode (I32x4Add, F32x4Ceil, ...): the Sig column gives the operands (v = Vec,
//     i / f = uint32_t, l / d = uint64_t; floats as raw bits); lane operations take the lane
//     after the vector, shifts the count, i8x16.shuffle a pointer to its 16 lane indices.
//
// Relaxed SIMD (https://github.com/WebAssembly/relaxed-simd, proposals/relaxed-simd/Overview.md)
// lets each instruction choose among several results; both implementations make the same
// fixed choice, one of the allowed results:
//
//   instruction                          | result here
//   -------------------------------------+-------------------------------------------------------
//   i8x16.relaxed_swizzle                | i8x16.swizzle (indices >= 16 give 0)
//   i32x4.relaxed_trunc_f32x4_s / _u     | i32x4.trunc_sat_f32x4_s / _u (NaN 0, saturating)
//   i32x4.relaxed_trunc_f64x2_s/u_zero   | i32x4.trunc_sat_f64x2_s/u_zero
//   f32x4/f64x2.relaxed_madd             | a*b rounded, then + c rounded (not fused)
//   f32x4/f64x2.relaxed_nmadd            | -(a*b) rounded, then + c rounded (not fused)
//   i8x16..i64x2.relaxed_laneselect      | v128.bitselect(a, b, m)
//   f32x4/f64x2.relaxed_min / _max       | f32x4/f64x2.min / max (NaN if either is NaN, -0 < +0)
//   i16x8.relaxed_q15mulr_s              | i16x8.q15mulr_sat_s (-32768 * -32768 gives 32767)
//   i16x8.relaxed_dot_i8x16_i7x16_s      | signed x signed byte products, pairs summed wrapping
//                                        | to 16 bits (i16x8.dot of sign-extended bytes)
//   i32x4.relaxed_dot_i8x16_i7x16_add_s  | signed x signed byte products, each group of four
//                                        | summed exactly to 32 bits, plus c (wrapping)
#pragma once

#include "interp/simd_portable.h"
#include "interp/simd_x86.h"

namespace kiln::core::interp::simd {

#if defined(__SSE2__) && !defined(KILN_SIMD_PORTABLE)
namespace ops = x86;
#else
namespace ops = portable;
#endif

}  // namespace kiln::core::interp::simd
