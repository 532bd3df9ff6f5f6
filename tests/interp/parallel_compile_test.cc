// interp::compile on several threads (CompileOptions::threads): the same code as on one
// thread, and the error of the lowest failing function, whatever the number of threads.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "interp/code.h"
#include "generator.h"
#include "test_module.h"

namespace kiln::core::testing {
namespace {

std::shared_ptr<const rt::CompiledModule> compile_with(const Module& m, unsigned threads) {
  interp::CompileOptions o;
  o.threads = threads;
  auto r = interp::compile(m, Features(), o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : nullptr;
}

void expect_same_code(const interp::FunctionCode& a, const interp::FunctionCode& b, uint32_t i) {
  EXPECT_EQ(a.code, b.code) << "function " << i;
  EXPECT_EQ(a.sources, b.sources) << "function " << i;
  EXPECT_EQ(a.consts, b.consts) << "function " << i;
  EXPECT_EQ(a.func_index, b.func_index);
  EXPECT_EQ(a.body_offset, b.body_offset);
  EXPECT_EQ(a.locals_size, b.locals_size);
  EXPECT_EQ(a.num_params, b.num_params);
  EXPECT_EQ(a.num_locals, b.num_locals);
  EXPECT_EQ(a.num_results, b.num_results);
  EXPECT_EQ(a.const_base, b.const_base);
  EXPECT_EQ(a.frame_slots, b.frame_slots);
}

TEST(ParallelCompile, SameCodeOnAnyNumberOfThreads) {
  fuzzgen::Options opt;
  opt.max_funcs = 120;
  opt.body_budget = 150;
  opt.simd = true;
  size_t funcs = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    fuzzgen::Source src = fuzzgen::Source::from_seed(seed);
    std::vector<uint8_t> bytes = fuzzgen::generate_module(src, opt);
    auto m = decode_module(bytes.data(), bytes.size(), Features());
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto one = compile_with(*m, 1);
    ASSERT_NE(one, nullptr);
    funcs += one->code->funcs.size();
    for (unsigned threads : {2u, 3u, 8u}) {
      auto many = compile_with(*m, threads);
      ASSERT_NE(many, nullptr);
      ASSERT_EQ(one->code->funcs.size(), many->code->funcs.size());
      for (uint32_t i = 0; i < one->code->funcs.size(); ++i) {
        expect_same_code(one->code->funcs[i], many->code->funcs[i], i);
      }
    }
  }
  // Enough functions that the threads share them out in several chunks each.
  EXPECT_GT(funcs, 200u);
}

// 300 functions returning their index; those in `bad` add to an empty stack instead.
Module module_with_bad_functions(std::vector<uint32_t> bad) {
  ModuleBuilder b;
  uint32_t ty = b.type({}, {I32()});
  for (uint32_t i = 0; i < 300; ++i) {
    bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
    if (is_bad) {
      b.func(ty, {0x41, 0x01, 0x6A});  // i32.const 1; i32.add
    } else {
      b.func(ty, {0x41, static_cast<uint8_t>(i & 0x3F)});  // i32.const i % 64
    }
  }
  // Each body at its own offset, so that the error names the function.
  size_t offset = 1000;
  for (Function& f : b.m.funcs) {
    f.body.offset = offset;
    offset += 100;
  }
  return std::move(b.m);
}

TEST(ParallelCompile, ReportsTheLowestFailingFunction) {
  for (std::vector<uint32_t> bad : {std::vector<uint32_t>{37, 250}, {250, 37}, {299}, {0, 1, 2, 280}, {150}}) {
    Module m = module_with_bad_functions(bad);
    uint32_t lowest = *std::min_element(bad.begin(), bad.end());
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
      interp::CompileOptions o;
      o.threads = threads;
      auto r = interp::compile(m, Features(), o);
      ASSERT_FALSE(r.ok()) << threads << " threads";
      EXPECT_EQ(r.error().message, "type mismatch") << threads << " threads";
      EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
      // The add is the third byte of the body.
      EXPECT_EQ(r.error().offset, 1000 + 100 * lowest + 2) << threads << " threads, lowest bad " << lowest;
    }
  }
}

TEST(ParallelCompile, AValidModuleRunsTheSameOnManyThreads) {
  Module m = module_with_bad_functions({});
  interp::CompileOptions o;
  o.threads = 4;
  auto t = instantiate(std::move(m), {}, {}, Features(), o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  for (uint32_t i : {0u, 17u, 64u, 299u}) {
    EXPECT_EQ((*(*t)->call(i, {}))[0], i & 0x3F);
  }
}

// interp::compile_binary (bodies decoded without their scan, decoded again strictly only on
// failure) against decode_module then compile: the same code for valid modules, the same
// first error (message, kind, offset) for broken ones: generated modules with bytes
// overwritten, so that every kind of malformed body, invalid body and bad section comes up.
TEST(CompileBinary, SameResultAsDecodeThenCompile) {
  fuzzgen::Options opt;
  opt.max_funcs = 40;
  opt.body_budget = 80;
  size_t failures = 0, malformed = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    fuzzgen::Source src = fuzzgen::Source::from_seed(seed);
    std::vector<uint8_t> bytes = fuzzgen::generate_module(src, opt);
    for (int variant = 0; variant < 25; ++variant) {
      std::vector<uint8_t> b = bytes;
      if (variant > 0) {  // one to three bytes overwritten, past the header
        uint64_t x = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(variant) * 0xBF58476D1CE4E5B9ull;
        for (int k = 0; k <= variant % 3 && b.size() > 8; ++k) {
          x ^= x >> 29;
          x *= 0x94D049BB133111EBull;
          b[8 + (x >> 8) % (b.size() - 8)] = static_cast<uint8_t>(x >> 56);
        }
      }
      for (unsigned threads : {1u, 2u}) {
        interp::CompileOptions o;
        o.threads = threads;
        auto fast = interp::compile_binary(b.data(), b.size(), Features(), o);
        Result<std::shared_ptr<const rt::CompiledModule>> strict = Error("not compiled");
        auto m = decode_module(b.data(), b.size(), Features(), threads);
        strict = m.ok() ? interp::compile(std::move(*m), Features(), o) : Result<std::shared_ptr<const rt::CompiledModule>>(m.error());
        ASSERT_EQ(fast.ok(), strict.ok()) << "seed " << seed << " variant " << variant;
        if (!fast.ok()) {
          EXPECT_EQ(fast.error().message, strict.error().message) << "seed " << seed << " variant " << variant;
          EXPECT_EQ(fast.error().kind, strict.error().kind) << "seed " << seed << " variant " << variant;
          EXPECT_EQ(fast.error().offset, strict.error().offset) << "seed " << seed << " variant " << variant;
          ++failures;
          if (fast.error().kind == ErrorKind::Malformed) ++malformed;
          continue;
        }
        ASSERT_EQ((*fast)->code->funcs.size(), (*strict)->code->funcs.size());
        for (uint32_t i = 0; i < (*fast)->code->funcs.size(); ++i) {
          expect_same_code((*fast)->code->funcs[i], (*strict)->code->funcs[i], i);
        }
      }
    }
  }
  // Both kinds of failure came up, often.
  EXPECT_GT(malformed, 100u);
  EXPECT_GT(failures - malformed, 100u);
}

// A body whose declared size runs past the end of the input (the code section's own size
// too): compile_binary must not read past it, and reports decode_module's error.
TEST(CompileBinary, BodySizePastTheEnd) {
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type () -> ()
                                0x03, 0x02, 0x01, 0x00,              // one function
                                0x0A, 0x05, 0x01, 0x20, 0x00, 0x01, 0x0B};  // body size 32, 3 bytes left
  for (unsigned threads : {1u, 2u}) {
    interp::CompileOptions o;
    o.threads = threads;
    auto fast = interp::compile_binary(bytes.data(), bytes.size(), Features(), o);
    auto strict = decode_module(bytes.data(), bytes.size(), Features(), threads);
    ASSERT_FALSE(fast.ok());
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(fast.error().message, strict.error().message);
    EXPECT_EQ(fast.error().offset, strict.error().offset);
  }
}

}  // namespace
}  // namespace kiln::core::testing
