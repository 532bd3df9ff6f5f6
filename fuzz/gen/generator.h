// A generator of valid WebAssembly modules for fuzzing and differential testing.
//
// Every module it writes validates (tests/fuzz/generator_test.cc checks thousands) and every
// export ends: loops run a bounded number of times (a counter local no other code touches)
// and calls draw on a budget kept in a global, after which every function returns zeroes.
// So a module runs to the same results in any correct engine, with no fuel needed; the
// traps it can reach (division by zero, out-of-bounds memory and table accesses, null and
// mistyped indirect calls, float-to-int overflow, unreachable) are part of what is compared.
//
// The shape: the four logging imports "env" "log_i32" / "log_i64" / "log_f32" / "log_f64"
// (one parameter, no result), a memory of 1 to 2 pages exported as "memory" with active and
// passive data segments, a funcref table with an active element segment, numeric mutable
// globals exported as "g0", "g1"..., and functions of numeric signatures exported as "f0",
// "f1"... Bodies are MVP code plus sign extension, saturating truncation, multi-value,
// bulk memory and the reference instructions on funcref.
//
// With Options::simd, bodies also compute with v128 values: the SIMD instructions of
// WebAssembly 2.0, taken from src/spec/opcodes.def (every one: constants, splats, lanes,
// arithmetic, comparisons, conversions, shuffles, every load and store form), v128 locals,
// globals (not exported), block types, select, and parameters and results of functions that
// are not exported (a function is exported, as "f<index>", only when its signature is
// numeric: JS cannot pass a v128). v128 values are observed through lane extraction,
// any_true / all_true / bitmask and stores. No v128 ever holds a NaN whose bits the spec
// leaves to the engine: float lanes are made canonical after every operation that may give
// such a NaN. Options::relaxed_simd adds the relaxed SIMD instructions, whose results the
// spec lets engines choose: for Kiln-only fuzzing, never for the differential runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace kiln::fuzzgen {

// Where choices come from: a seeded pseudo-random generator, or a fuzzer's input bytes
// (read in order; once they run out every choice is 0, which always leads to a small module).
class Source {
 public:
  static Source from_seed(uint64_t seed);
  static Source from_bytes(const uint8_t* data, size_t size);

  uint32_t below(uint32_t n);      // in [0, n); n > 0
  bool chance(uint32_t percent);   // true with about `percent` % probability
  uint64_t bits64();

 private:
  Source() = default;
  uint64_t next(unsigned bytes);
  bool seeded_ = false;
  std::mt19937_64 rng_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0, pos_ = 0;
};

struct Options {
  uint32_t max_funcs = 6;          // defined functions (at least 1)
  uint32_t max_globals = 4;
  uint32_t body_budget = 80;       // instructions per function body, roughly
  uint32_t call_budget = 500;      // calls per instance before functions return zeroes
  bool simd = false;               // v128 values and the SIMD instructions (off: the modules
                                   // of a seed are those of the generator without SIMD)
  bool relaxed_simd = false;       // also the relaxed SIMD instructions (only with simd)
};

// The binary encoding of one valid module.
std::vector<uint8_t> generate_module(Source& source, const Options& options = {});

}  // namespace kiln::fuzzgen
