// decode_module on several threads: the same module and the same first error as on one.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "generator.h"

namespace kiln::core {
namespace {

std::vector<uint8_t> big_module(uint64_t seed) {
  fuzzgen::Options opt;
  opt.max_funcs = 150;
  opt.body_budget = 120;
  fuzzgen::Source src = fuzzgen::Source::from_seed(seed);
  return fuzzgen::generate_module(src, opt);
}

TEST(ParallelDecode, SameModuleOnAnyNumberOfThreads) {
  size_t funcs = 0;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    std::vector<uint8_t> bytes = big_module(seed);
    auto one = decode_module(bytes.data(), bytes.size(), Features(), 1);
    ASSERT_TRUE(one.ok()) << one.error().message;
    funcs += one->funcs.size();
    for (unsigned threads : {2u, 3u, 8u}) {
      auto many = decode_module(bytes.data(), bytes.size(), Features(), threads);
      ASSERT_TRUE(many.ok()) << many.error().message;
      ASSERT_EQ(one->funcs.size(), many->funcs.size());
      for (size_t i = 0; i < one->funcs.size(); ++i) {
        const Function& a = one->funcs[i];
        const Function& b = many->funcs[i];
        EXPECT_EQ(a.body.code, b.body.code) << i;
        EXPECT_EQ(a.body.offset, b.body.offset) << i;
        EXPECT_EQ(a.num_locals, b.num_locals) << i;
        EXPECT_EQ(a.locals.size(), b.locals.size()) << i;
        EXPECT_EQ(a.locals_size, b.locals_size) << i;
      }
    }
  }
  EXPECT_GT(funcs, 300u);
}

// Breaks the module at the given places and checks every number of threads reports what one
// thread reports (and that it is the first break).
void expect_same_error(std::vector<uint8_t> bytes, const std::vector<size_t>& places, uint8_t value,
                       size_t want_offset) {
  for (size_t p : places) bytes[p] = value;
  auto one = decode_module(bytes.data(), bytes.size(), Features(), 1);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().offset, want_offset) << one.error().message;
  for (unsigned threads : {2u, 3u, 8u}) {
    auto many = decode_module(bytes.data(), bytes.size(), Features(), threads);
    ASSERT_FALSE(many.ok()) << threads;
    EXPECT_EQ(many.error().message, one.error().message) << threads;
    EXPECT_EQ(many.error().offset, one.error().offset) << threads;
    EXPECT_EQ(many.error().kind, ErrorKind::Malformed);
  }
}

TEST(ParallelDecode, ReportsTheFirstMalformedBody) {
  std::vector<uint8_t> bytes = big_module(3);
  auto m = decode_module(bytes.data(), bytes.size(), Features(), 1);
  ASSERT_TRUE(m.ok());
  ASSERT_GE(m->funcs.size(), 100u);
  auto first_instr = [&](size_t i) { return m->funcs[i].body.offset; };
  // 0xFF is no opcode: "illegal opcode ff" at the body's first instruction.
  expect_same_error(bytes, {first_instr(90), first_instr(30)}, 0xFF, first_instr(30));
  expect_same_error(bytes, {first_instr(m->funcs.size() - 1)}, 0xFF, first_instr(m->funcs.size() - 1));
  expect_same_error(bytes, {first_instr(0), first_instr(99)}, 0xFF, first_instr(0));
}

TEST(ParallelDecode, ABrokenBodySizeAfterABrokenBody) {
  std::vector<uint8_t> bytes = big_module(3);
  auto m = decode_module(bytes.data(), bytes.size(), Features(), 1);
  ASSERT_TRUE(m.ok());
  ASSERT_GE(m->funcs.size(), 100u);
  // The last byte of body 80's size: the byte before its local declarations.
  size_t size_byte = m->funcs[80].body.offset - m->funcs[80].locals_size - 1;
  size_t bad_instr = m->funcs[20].body.offset;
  // Body 20 fails first, whatever the size of body 80 now says.
  expect_same_error(bytes, {size_byte, bad_instr}, 0xFF, bad_instr);
  // Alone, a wrong size of body 80: what one thread reports.
  std::vector<uint8_t> copy = bytes;
  copy[size_byte] = 0x7F;
  auto one = decode_module(copy.data(), copy.size(), Features(), 1);
  ASSERT_FALSE(one.ok());
  for (unsigned threads : {2u, 4u}) {
    auto many = decode_module(copy.data(), copy.size(), Features(), threads);
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error().message, one.error().message);
    EXPECT_EQ(many.error().offset, one.error().offset);
  }
}

}  // namespace
}  // namespace kiln::core
