// Translation hazards: lazily read locals, results written straight into locals, and
// labels between an instruction and the local.set that follows.
#include <gtest/gtest.h>

#include "test_module.h"

namespace kiln::core::testing {
namespace {

std::unique_ptr<TestInstance> one(std::vector<ValType> params, std::vector<ValType> results,
                                  Code body, std::vector<LocalDecl> locals = {}) {
  ModuleBuilder b;
  b.func(b.type(std::move(params), std::move(results)), std::move(body), std::move(locals));
  auto r = instantiate(std::move(b.m));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(Translate, SetDoesNotClobberALazyReadBelow) {
  // local.get 0; (local.set 0 (i32.add (local.get 1) (i32.const 1))); returns the old 0.
  auto t = one({I32(), I32()}, {I32()},
               {0x20, 0x00, 0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x00});
  EXPECT_EQ((*t->call(0, {10, 20}))[0], 10u);
}

TEST(Translate, TeeThenReadsTheNewValue) {
  auto t = one({I32()}, {I32()},
               {0x41, 0x05, 0x41, 0x03, 0x6A, 0x22, 0x00, 0x20, 0x00, 0x6A});
  EXPECT_EQ((*t->call(0, {100}))[0], 16u);
}

TEST(Translate, NoRetargetAcrossIfElseEnd) {
  // (local.set 1 (if (result i32) (local.get 0) (then 1+1) (else 2+2))) (local.get 1)
  Code body = {0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x41, 0x01, 0x6A,
               0x05, 0x41, 0x02, 0x41, 0x02, 0x6A, 0x0B, 0x21, 0x01, 0x20, 0x01};
  auto t = one({I32()}, {I32()}, body, {{1, I32()}});
  EXPECT_EQ((*t->call(0, {1}))[0], 2u);
  EXPECT_EQ((*t->call(0, {0}))[0], 4u);
}

TEST(Translate, BranchCarriesLazyLocals) {
  // block (result i32 i32): local.get 1; local.get 0; br 0; end; i32.sub => l1 - l0
  ModuleBuilder b;
  uint32_t ty = b.type({I32(), I32()}, {I32()});
  uint32_t bt = b.type({}, {I32(), I32()});
  b.func(ty, {0x02, static_cast<uint8_t>(bt), 0x20, 0x01, 0x20, 0x00, 0x0C, 0x00, 0x0B, 0x6B});
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {3, 10}))[0], 7u);
}

TEST(Translate, BrIfKeepsOperandsOnFallthrough) {
  // block (result i32): local.get 0; local.get 1; br_if 0; i32.const 1; i32.add; end
  auto t = one({I32(), I32()}, {I32()},
               {0x02, 0x7F, 0x20, 0x00, 0x20, 0x01, 0x0D, 0x00, 0x41, 0x01, 0x6A, 0x0B});
  EXPECT_EQ((*t->call(0, {5, 1}))[0], 5u);
  EXPECT_EQ((*t->call(0, {5, 0}))[0], 6u);
}

TEST(Translate, DeadCodeAfterBranchIsSkipped) {
  // block: br 0; (dead) i32.const 1; drop; block; end; end; i32.const 9
  auto t = one({}, {I32()}, {0x02, 0x40, 0x0C, 0x00, 0x41, 0x01, 0x1A, 0x02, 0x40, 0x0B, 0x0B, 0x41, 0x09});
  EXPECT_EQ((*t->call(0, {}))[0], 9u);
}

TEST(Translate, LoopParamsFlowBack) {
  // i32 param loop counting down to zero, accumulating in local 1.
  ModuleBuilder b;
  uint32_t ty = b.type({I32()}, {I32()});
  Code body = {0x20, 0x00,
               0x03, static_cast<uint8_t>(ty),   // loop (param i32) (result i32)
               0x22, 0x02,                       //   local.tee 2
               0x20, 0x01, 0x6A, 0x21, 0x01,     //   l1 += l2
               0x20, 0x02, 0x41, 0x01, 0x6B,     //   l2 - 1
               0x22, 0x02, 0x20, 0x02,
               0x0D, 0x00,                       //   br_if 0 (carries l2 - 1)
               0x0B,
               0x1A, 0x20, 0x01};
  b.func(ty, body, {{2, I32()}});
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {4}))[0], 10u);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

TEST(Translate, ManyConstantsFallBackToInstructions) {
  // Sum of the constants 1..300: more than the constant slots hold.
  Code body = i32c(0);
  for (int i = 1; i <= 300; ++i) body = cat({body, i32c(i), {0x6A}});
  ModuleBuilder b;
  b.func(b.type({}, {I32()}), body);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {}))[0], 45150u);
}

TEST(Translate, CalleeFramesDoNotOverlapCallerConstants) {
  // f(x) = x == 0 ? 0 : f(x - 1) + 1000, then 7 is added after the call returns.
  ModuleBuilder b;
  uint32_t ty = b.type({I32()}, {I32()});
  Code body = cat({{0x20, 0x00, 0x45, 0x04, 0x7F}, i32c(0), {0x05, 0x20, 0x00}, i32c(1),
                   {0x6B, 0x10, 0x00}, i32c(1000), {0x6A, 0x0B}, i32c(7), {0x6A}});
  b.func(ty, body);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {3}))[0], 3028u);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

TEST(Translate, CompareFusesIntoBranches) {
  // (if (i32.lt_s (local.get 0) (local.get 1)) (then (return (i32.const 1))))
  // (block (br_if 0 (i32.eqz (local.get 0))) (return (i32.const 2))) (i32.const 3)
  Code body = {0x20, 0x00, 0x20, 0x01, 0x48, 0x04, 0x40, 0x41, 0x01, 0x0F, 0x0B,
               0x02, 0x40, 0x20, 0x00, 0x45, 0x0D, 0x00, 0x41, 0x02, 0x0F, 0x0B,
               0x41, 0x03};
  ModuleBuilder b;
  b.func(b.type({I32(), I32()}, {I32()}), body);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(0, {static_cast<uint32_t>(-5), 1}))[0], 1u);
  EXPECT_EQ((*t->call(0, {5, 1}))[0], 2u);
  EXPECT_EQ((*t->call(0, {0, 0}))[0], 3u);
}

}  // namespace
}  // namespace kiln::core::testing
