// Interpreter: arithmetic, control flow, calls, traps, memory.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "test_module.h"

namespace kiln::core::testing {
namespace {

using rt::Slot;

// Builds a module with one function of type `params -> results` and instantiates it.
std::unique_ptr<TestInstance> one(std::vector<ValType> params, std::vector<ValType> results,
                                  Code body, std::vector<LocalDecl> locals = {}) {
  ModuleBuilder b;
  b.memory(1);
  b.func(b.type(std::move(params), std::move(results)), std::move(body), std::move(locals));
  auto r = instantiate(std::move(b.m));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(InterpBasic, AddsTwoI32) {
  auto t = one({I32(), I32()}, {I32()}, {0x20, 0x00, 0x20, 0x01, 0x6A});
  auto r = t->call(0, {7, 0xFFFFFFFFu});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], 6u);
}

TEST(InterpBasic, DivisionTraps) {
  auto t = one({I32(), I32()}, {I32()}, {0x20, 0x00, 0x20, 0x01, 0x6D});
  EXPECT_EQ(t->call_msg(0, {1, 0}), "integer divide by zero");
  EXPECT_EQ(t->call_msg(0, {0x80000000u, 0xFFFFFFFFu}), "integer overflow");
  EXPECT_EQ((*t->call(0, {static_cast<uint32_t>(-7), 2}))[0], static_cast<uint32_t>(-3));
}

TEST(InterpBasic, RemSOfMinByMinusOneIsZero) {
  auto t = one({I64(), I64()}, {I64()}, {0x20, 0x00, 0x20, 0x01, 0x81});
  EXPECT_EQ((*t->call(0, {0x8000000000000000ull, ~0ull}))[0], 0u);
}

TEST(InterpBasic, ShiftsAndRotatesModuloWidth) {
  auto shl = one({I32(), I32()}, {I32()}, {0x20, 0x00, 0x20, 0x01, 0x74});
  EXPECT_EQ((*shl->call(0, {1, 33}))[0], 2u);
  auto rotr = one({I64(), I64()}, {I64()}, {0x20, 0x00, 0x20, 0x01, 0x8A});
  EXPECT_EQ((*rotr->call(0, {1, 65}))[0], 0x8000000000000000ull);
  auto clz = one({I32()}, {I32()}, {0x20, 0x00, 0x67});
  EXPECT_EQ((*clz->call(0, {0}))[0], 32u);
}

TEST(InterpBasic, FloatMinMaxAndSignedZero) {
  auto mn = one({F32(), F32()}, {F32()}, {0x20, 0x00, 0x20, 0x01, 0x96});
  Slot pz = std::bit_cast<uint32_t>(0.0f), nz = std::bit_cast<uint32_t>(-0.0f);
  EXPECT_EQ((*mn->call(0, {pz, nz}))[0], nz);
  EXPECT_EQ((*mn->call(0, {nz, pz}))[0], nz);
  Slot nan = 0x7FC00000u;
  Slot r = (*mn->call(0, {nan, std::bit_cast<uint32_t>(1.0f)}))[0];
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(static_cast<uint32_t>(r))));
}

TEST(InterpBasic, NegKeepsNanPayload) {
  auto neg = one({F64()}, {F64()}, {0x20, 0x00, 0x9A});
  EXPECT_EQ((*neg->call(0, {0x7FF0000000000001ull}))[0], 0xFFF0000000000001ull);
}

TEST(InterpBasic, NearestRoundsHalfToEven) {
  auto t = one({F64()}, {F64()}, {0x20, 0x00, 0x9E});
  EXPECT_EQ(std::bit_cast<double>((*t->call(0, {std::bit_cast<uint64_t>(2.5)}))[0]), 2.0);
  EXPECT_EQ(std::bit_cast<double>((*t->call(0, {std::bit_cast<uint64_t>(-3.5)}))[0]), -4.0);
}

TEST(InterpBasic, TruncTraps) {
  auto t = one({F32()}, {I32()}, {0x20, 0x00, 0xA8});  // i32.trunc_f32_s
  EXPECT_EQ(t->call_msg(0, {0x7FC00000u}), "invalid conversion to integer");
  EXPECT_EQ(t->call_msg(0, {std::bit_cast<uint32_t>(2147483648.0f)}), "integer overflow");
  EXPECT_EQ((*t->call(0, {std::bit_cast<uint32_t>(-2147483648.0f)}))[0], 0x80000000u);
  auto u = one({F64()}, {I32()}, {0x20, 0x00, 0xAB});  // i32.trunc_f64_u
  EXPECT_EQ((*u->call(0, {std::bit_cast<uint64_t>(-0.9)}))[0], 0u);
  EXPECT_EQ(u->call_msg(0, {std::bit_cast<uint64_t>(-1.0)}), "integer overflow");
}

TEST(InterpBasic, SaturatingTrunc) {
  auto t = one({F64()}, {I64()}, {0x20, 0x00, 0xFC, 0x06});  // i64.trunc_sat_f64_s
  EXPECT_EQ((*t->call(0, {std::bit_cast<uint64_t>(1e300)}))[0], 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ((*t->call(0, {0x7FF8000000000000ull}))[0], 0u);
}

TEST(InterpBasic, U64ToF32RoundsCorrectly) {
  auto t = one({I64()}, {F32()}, {0x20, 0x00, 0xB5});
  // 2^63 + 2^39 + 1 rounds up to 2^63 + 2^40 (just above the halfway point).
  uint64_t v = 0x8000008000000001ull;
  EXPECT_EQ((*t->call(0, {v}))[0], std::bit_cast<uint32_t>(9223373136366403584.0f));
}

TEST(InterpBasic, LoopSumsWithBrIf) {
  // sum = 0; do { sum += n; n -= 1 } while (n != 0)
  Code body = {
      0x03, 0x40,                    // loop
      0x20, 0x01, 0x20, 0x00, 0x6A, 0x21, 0x01,  // sum += n
      0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,  // n = n - 1 (tee)
      0x0D, 0x00,                    // br_if 0
      0x0B,                          // end
      0x20, 0x01};
  auto t = one({I32()}, {I32()}, body, {{1, I32()}});
  EXPECT_EQ((*t->call(0, {100}))[0], 5050u);
}

TEST(InterpBasic, BlockWithParamsAndBrTable) {
  ModuleBuilder b;
  uint32_t ty = b.type({I32()}, {I32()});
  // Three nested (param i32) (result i32) blocks; br_table on the argument carries it:
  //   0 -> x + 10 via $b0's continuation, 1 -> x + 20, default -> x.
  uint8_t t8 = static_cast<uint8_t>(ty);
  Code body = {
      0x20, 0x00,
      0x02, t8,                           // block $outer
      0x02, t8,                           //   block $b1
      0x02, t8,                           //     block $b0
      0x20, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x02,  // br_table $b0 $b1 $outer
      0x0B,                               //     end $b0
      0x41, 0x0A, 0x6A, 0x0C, 0x01,       //     i32.const 10; add; br $outer
      0x0B,                               //   end $b1
      0x41, 0x14, 0x6A,                   //   i32.const 20; add
      0x0B};
  b.func(ty, body);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {0}))[0], 10u);
  EXPECT_EQ((*t->call(0, {1}))[0], 21u);
  EXPECT_EQ((*t->call(0, {5}))[0], 5u);
}

TEST(InterpBasic, IfElseWithResults) {
  Code body = {0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B};
  auto t = one({I32()}, {I32()}, body);
  EXPECT_EQ((*t->call(0, {1}))[0], 1u);
  EXPECT_EQ((*t->call(0, {0}))[0], 2u);
}

TEST(InterpBasic, LocalGetSeesValueBeforeLaterSet) {
  // local.get 0; i32.const 5; local.set 0; local.get 0; i32.sub  => old - 5
  Code body = {0x20, 0x00, 0x41, 0x05, 0x21, 0x00, 0x20, 0x00, 0x6B};
  auto t = one({I32()}, {I32()}, body);
  EXPECT_EQ((*t->call(0, {12}))[0], 7u);
}

TEST(InterpBasic, ReturnSwapsLocals) {
  // (func (param i32 i32) (result i32 i32) local.get 1 local.get 0 return)
  auto t = one({I32(), I32()}, {I32(), I32()}, {0x20, 0x01, 0x20, 0x00, 0x0F});
  auto r = *t->call(0, {1, 2});
  EXPECT_EQ(r[0], 2u);
  EXPECT_EQ(r[1], 1u);
}

TEST(InterpBasic, RecursiveFactorial) {
  ModuleBuilder b;
  uint32_t ty = b.type({I64()}, {I64()});
  Code body = {0x20, 0x00, 0x50, 0x04, 0x7E, 0x42, 0x01, 0x05,
               0x20, 0x00, 0x20, 0x00, 0x42, 0x01, 0x7D, 0x10, 0x00, 0x7E, 0x0B};
  b.func(ty, body);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {20}))[0], 2432902008176640000ull);
}

TEST(InterpBasic, RunawayRecursionIsExhaustion) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {0x10, 0x00});
  auto t = std::move(instantiate(std::move(b.m))).value();
  auto r = t->call(0, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "call stack exhausted");
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  // The store is usable afterwards.
  EXPECT_EQ(t->call_msg(0, {}), "call stack exhausted");
}

TEST(InterpBasic, DeepFramesExhaustValueStack) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {0x10, 0x00}, {{5000, I64()}});
  rt::StoreLimits limits;
  limits.max_call_depth = 100000;
  limits.value_stack_slots = 1 << 16;
  auto t = std::move(instantiate(std::move(b.m), {}, limits)).value();
  EXPECT_EQ(t->call_msg(0, {}), "call stack exhausted");
}

TEST(InterpBasic, MemoryBoundsAtTheEdge) {
  auto load = one({I32()}, {I32()}, {0x20, 0x00, 0x28, 0x02, 0x00});
  EXPECT_EQ(load->call_msg(0, {65532}), "ok");
  EXPECT_EQ(load->call_msg(0, {65533}), "out of bounds memory access");
  EXPECT_EQ(load->call_msg(0, {0xFFFFFFFFu}), "out of bounds memory access");
  auto off = one({I32()}, {I32()}, {0x20, 0x00, 0x2D, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F});
  EXPECT_EQ(off->call_msg(0, {1}), "out of bounds memory access");
}

TEST(InterpBasic, StoreLoadAndGrow) {
  // memory.grow 1 (drop), i32.store8 0xFF at arg, i32.load16_s at arg.
  Code body = {0x41, 0x01, 0x40, 0x00, 0x1A,
               0x20, 0x00, 0x41, 0xFF, 0x01, 0x3A, 0x00, 0x00,
               0x20, 0x00, 0x2E, 0x01, 0x00};
  auto t = one({I32()}, {I32()}, body);
  EXPECT_EQ((*t->call(0, {70000}))[0], 0xFFu);
  EXPECT_EQ(t->call_msg(0, {196606}), "ok");  // 3 pages after the second grow
  EXPECT_EQ(t->call_msg(0, {0xFFFFFFFFu}), "out of bounds memory access");
}

}  // namespace
}  // namespace kiln::core::testing
