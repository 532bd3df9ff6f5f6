// Smoke fuzzing of validation, translation and execution: a small type-directed generator
// writes random valid bodies (and a few corrupted ones) that must be rejected cleanly or
// run to a result or a trap, never crash. Bodies contain no loops or calls, so every run
// ends. KILN_FUZZ_ITERATIONS sets the number of bodies (default 2000).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <random>

#include "test_module.h"

namespace kiln::core::testing {
namespace {

class BodyGenerator {
 public:
  explicit BodyGenerator(uint32_t seed) : rng_(seed) {}

  // Params are (i32, i64); the body leaves one i32 when `result` is set.
  Code generate(bool result) {
    code_.clear();
    stack_.clear();
    bases_.assign(1, 0);
    int n = 1 + pick(40);
    for (int i = 0; i < n; ++i) step();
    while (bases_.size() > 1) close();
    settle(result);
    return code_;
  }

 private:
  enum T : char { I = 'i', L = 'l', F = 'f', D = 'd' };

  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  void put(std::initializer_list<uint8_t> bytes) { code_.insert(code_.end(), bytes); }
  void put(const Code& c) { code_.insert(code_.end(), c.begin(), c.end()); }
  size_t avail() const { return stack_.size() - bases_.back(); }
  bool top_is(std::initializer_list<char> ts) const {
    if (avail() < ts.size()) return false;
    size_t k = stack_.size() - ts.size();
    for (char t : ts) if (stack_[k++] != t) return false;
    return true;
  }
  void pop(size_t n) { stack_.resize(stack_.size() - n); }
  void push(char t) { stack_.push_back(t); }

  void constant() {
    static const int64_t kInts[] = {0, 1, -1, 7, 31, 32, 63, 64, 65535, 65536, INT32_MIN,
                                    INT32_MAX, INT64_MIN, INT64_MAX, 0x12345678};
    int64_t v = kInts[pick(15)];
    switch (pick(4)) {
      case 0: put(i32c(static_cast<int32_t>(v))); push(I); break;
      case 1: put(i64c(v)); push(L); break;
      case 2: {
        static const uint32_t kF[] = {0, 0x80000000u, 0x3F800000u, 0x7FC00000u, 0x7FA00000u,
                                      0x7F800000u, 0x4F000000u, 0xCF000000u};
        uint32_t b = kF[pick(8)];
        put({0x43, uint8_t(b), uint8_t(b >> 8), uint8_t(b >> 16), uint8_t(b >> 24)});
        push(F);
        break;
      }
      default: {
        static const uint64_t kD[] = {0, 0x8000000000000000ull, 0x3FF0000000000000ull,
                                      0x7FF8000000000000ull, 0x7FF4000000000000ull,
                                      0x43E0000000000000ull, 0xC3E0000000000000ull};
        uint64_t b = kD[pick(7)];
        put({0x44});
        for (int i = 0; i < 8; ++i) code_.push_back(uint8_t(b >> (8 * i)));
        push(D);
      }
    }
  }

  // One instruction whose operands are on the stack, else a constant or local.
  void step() {
    struct Op { uint8_t prefix, code; const char* pops; char push; };
    static const Op kOps[] = {
        {0, 0x45, "i", I}, {0, 0x46, "ii", I}, {0, 0x48, "ii", I}, {0, 0x4F, "ii", I},
        {0, 0x50, "l", I}, {0, 0x54, "ll", I}, {0, 0x5D, "ff", I}, {0, 0x66, "dd", I},
        {0, 0x67, "i", I}, {0, 0x69, "i", I}, {0, 0x6A, "ii", I}, {0, 0x6C, "ii", I},
        {0, 0x6D, "ii", I}, {0, 0x6E, "ii", I}, {0, 0x6F, "ii", I}, {0, 0x70, "ii", I},
        {0, 0x74, "ii", I}, {0, 0x75, "ii", I}, {0, 0x77, "ii", I}, {0, 0x7A, "l", L},
        {0, 0x7C, "ll", L}, {0, 0x7F, "ll", L}, {0, 0x80, "ll", L}, {0, 0x81, "ll", L},
        {0, 0x87, "ll", L}, {0, 0x8A, "ll", L}, {0, 0x8D, "f", F}, {0, 0x90, "f", F},
        {0, 0x91, "f", F}, {0, 0x95, "ff", F}, {0, 0x96, "ff", F}, {0, 0x98, "ff", F},
        {0, 0x9C, "d", D}, {0, 0x9E, "d", D}, {0, 0xA3, "dd", D}, {0, 0xA5, "dd", D},
        {0, 0xA7, "l", I}, {0, 0xA8, "f", I}, {0, 0xA9, "f", I}, {0, 0xAB, "d", I},
        {0, 0xAC, "i", L}, {0, 0xAF, "f", L}, {0, 0xB1, "d", L}, {0, 0xB3, "i", F},
        {0, 0xB5, "l", F}, {0, 0xB6, "d", F}, {0, 0xBA, "l", D}, {0, 0xBB, "f", D},
        {0, 0xBC, "f", I}, {0, 0xBF, "l", D}, {0, 0xC1, "i", I}, {0, 0xC4, "l", L},
        {0xFC, 0x01, "f", I}, {0xFC, 0x06, "d", L}, {0xFC, 0x07, "d", L},
        {0, 0x28, "i", I}, {0, 0x2C, "i", I}, {0, 0x31, "i", L}, {0, 0x2A, "i", F},
        {0, 0x2B, "i", D}, {0, 0x36, "ii", 0}, {0, 0x37, "il", 0}, {0, 0x3A, "ii", 0},
        {0, 0x39, "id", 0}, {0, 0x40, "i", I}, {0, 0x1A, "i", 0}, {0, 0x1A, "l", 0},
        {0, 0x21, "i", 0}, {0, 0x22, "i", I}, {0, 0x24, "i", 0},
    };
    int r = pick(11);
    if (r == 0) { constant(); return; }
    if (r == 1) {
      uint8_t local = static_cast<uint8_t>(pick(2));
      put({0x20, local});
      push(local == 0 ? I : L);
      return;
    }
    if (r == 5 && avail() > 0) {  // local.set / local.tee of the matching local
      char t = stack_.back();
      if (t == I || t == L) {
        bool tee = pick(2);
        put({static_cast<uint8_t>(tee ? 0x22 : 0x21), static_cast<uint8_t>(t == I ? 0 : 1)});
        if (!tee) pop(1);
        return;
      }
    }
    if (r == 2 && bases_.size() < 5) {  // block or if, empty type
      if (top_is({I}) && pick(2)) { pop(1); put({0x04, 0x40}); } else { put({0x02, 0x40}); }
      bases_.push_back(stack_.size());
      return;
    }
    if (r == 3 && bases_.size() > 1) {
      switch (pick(4)) {
        case 0: put({0x0C, uint8_t(pick(static_cast<int>(bases_.size() - 1)))}); stack_.resize(bases_.back()); close(); return;
        case 1: if (top_is({I})) { pop(1); put({0x0D, uint8_t(pick(static_cast<int>(bases_.size() - 1)))}); } return;
        case 2: if (top_is({I})) { pop(1); put({0x0E, 0x01, 0x00, uint8_t(pick(static_cast<int>(bases_.size() - 1)))}); stack_.resize(bases_.back()); close(); } return;
        default: close(); return;
      }
    }
    if (r == 4 && top_is({I, I, I})) {
      static const Code kBulk[] = {{0xFC, 0x0B, 0x00}, {0xFC, 0x0A, 0x00, 0x00}, {0x1B}};
      const Code& c = kBulk[pick(3)];
      put(c);
      pop(3);
      if (c.size() == 1) push(I);
      return;
    }
    for (int tries = 0; tries < 8; ++tries) {
      const Op& op = kOps[pick(sizeof kOps / sizeof kOps[0])];
      size_t n = std::char_traits<char>::length(op.pops);
      if (avail() < n) continue;
      bool ok = true;
      for (size_t i = 0; i < n; ++i) ok = ok && stack_[stack_.size() - n + i] == op.pops[i];
      if (!ok) continue;
      if (op.prefix) code_.push_back(op.prefix);
      code_.push_back(op.code);
      if (op.code >= 0x28 && op.code <= 0x3E && !op.prefix) put({0x00, uint8_t(pick(3) * 8)});
      if (op.code == 0x40 && !op.prefix) code_.push_back(0x00);
      if ((op.code == 0x21 || op.code == 0x22 || op.code == 0x24) && !op.prefix) code_.push_back(0x00);
      pop(n);
      if (op.push) push(op.push);
      return;
    }
    constant();
  }

  // Ends the innermost block: its stack must be back at its base.
  void close() {
    while (avail() > 0) {
      put({0x1A});
      pop(1);
    }
    put({0x0B});
    bases_.pop_back();
  }

  void settle(bool result) {
    while (!stack_.empty() && !(result && stack_.size() == 1 && stack_[0] == I)) {
      put({0x1A});
      pop(1);
    }
    if (result && stack_.empty()) put(i32c(3));
  }

  std::mt19937 rng_;
  Code code_;
  std::vector<char> stack_;
  std::vector<size_t> bases_;
};

// Runs `m` translated with and without optimizations; both must agree on the outcome,
// the results and the final memory and globals.
void run_both(const Module& m, const std::vector<rt::Slot>& args, const Code& body) {
  interp::CompileOptions plain;
  plain.optimize = false;
  auto a = instantiate(m);
  auto b = instantiate(m, {}, {}, Features(), plain);
  ASSERT_TRUE(a.ok() && b.ok());
  auto ra = (*a)->call(0, args);
  auto rb = (*b)->call(0, args);
  std::string where = "body:";
  for (uint8_t c : body) where += " " + std::to_string(c);
  ASSERT_EQ(ra.ok(), rb.ok()) << where;
  if (!ra.ok()) {
    EXPECT_EQ(ra.error().kind, ErrorKind::Trap) << ra.error().message;
    EXPECT_EQ(ra.error().message, rb.error().message) << where;
  } else {
    ASSERT_EQ(ra->size(), rb->size());
    for (size_t i = 0; i < ra->size(); ++i) {
      EXPECT_EQ(static_cast<uint32_t>((*ra)[i]), static_cast<uint32_t>((*rb)[i])) << where;
    }
  }
  rt::MemoryInst* ma = (*a)->inst->memories[0];
  rt::MemoryInst* mb = (*b)->inst->memories[0];
  ASSERT_EQ(ma->size, mb->size) << where;
  EXPECT_EQ(std::memcmp(ma->data, mb->data, ma->size), 0) << where;
  EXPECT_EQ((*a)->inst->globals[0]->value[0], (*b)->inst->globals[0]->value[0]) << where;
}

TEST(FuzzSmoke, GeneratedBodiesValidateAndRun) {
  int iterations = 2000;
  if (const char* env = std::getenv("KILN_FUZZ_ITERATIONS")) iterations = std::atoi(env);
  std::mt19937 rng(12345);
  BodyGenerator gen(777);
  int valid = 0;
  for (int it = 0; it < iterations; ++it) {
    bool result = rng() % 2;
    Code body = gen.generate(result);
    if (it % 10 == 9 && !body.empty()) body[rng() % body.size()] = static_cast<uint8_t>(rng());
    ModuleBuilder b;
    b.memory(1, 2);
    std::vector<ValType> results;
    if (result) results.push_back(I32());
    b.global(I32(), true, i32c(0));
    b.func(b.type({I32(), I64()}, results), body);
    auto r = interp::compile(b.m, Features());
    if (!r.ok()) {
      EXPECT_TRUE(it % 10 == 9) << "generated body rejected: " << r.error().message;
      continue;
    }
    ++valid;
    run_both(b.m, {static_cast<uint32_t>(rng()), rng()}, body);
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(valid, iterations / 2);
}

}  // namespace
}  // namespace kiln::core::testing
