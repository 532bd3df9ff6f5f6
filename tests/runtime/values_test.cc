#include "script/values.h"

#include <gtest/gtest.h>

namespace kiln::core::script {
namespace {

using text::Expected;
using text::ScriptValue;

ScriptValue f32(uint32_t bits, ScriptValue::Nan nan = ScriptValue::Nan::None) {
  ScriptValue v;
  v.kind = ScriptValue::Kind::F32;
  v.bits[0] = bits;
  v.nan = nan;
  return v;
}

ScriptValue f64(uint64_t bits, ScriptValue::Nan nan = ScriptValue::Nan::None) {
  ScriptValue v;
  v.kind = ScriptValue::Kind::F64;
  v.bits[0] = bits;
  v.nan = nan;
  return v;
}

ScriptValue i32(uint32_t bits) {
  ScriptValue v;
  v.kind = ScriptValue::Kind::I32;
  v.bits[0] = bits;
  return v;
}

Match m(const ScriptValue& p, ValType t, rt::Slot s, rt::Store& store) {
  rt::Slot slots[2] = {s, 0};
  return match_value(p, t, slots, store);
}

TEST(ValuesTest, CanonicalNan32) {
  rt::Store store;
  auto canon = f32(0, ScriptValue::Nan::Canonical);
  EXPECT_EQ(m(canon, ValType::f32(), 0x7FC00000, store), Match::Yes);
  EXPECT_EQ(m(canon, ValType::f32(), 0xFFC00000, store), Match::Yes);
  EXPECT_EQ(m(canon, ValType::f32(), 0x7FC00001, store), Match::No);
  EXPECT_EQ(m(canon, ValType::f32(), 0x7FA00000, store), Match::No);
  EXPECT_EQ(m(canon, ValType::f32(), 0x7F800000, store), Match::No);  // infinity
  EXPECT_EQ(m(canon, ValType::f64(), 0x7FC00000, store), Match::No);  // wrong type
}

TEST(ValuesTest, ArithmeticNan32) {
  rt::Store store;
  auto arith = f32(0, ScriptValue::Nan::Arithmetic);
  EXPECT_EQ(m(arith, ValType::f32(), 0x7FC00000, store), Match::Yes);
  EXPECT_EQ(m(arith, ValType::f32(), 0xFFC12345, store), Match::Yes);
  EXPECT_EQ(m(arith, ValType::f32(), 0x7F800001, store), Match::No);  // signalling
}

TEST(ValuesTest, Nan64Patterns) {
  rt::Store store;
  auto canon = f64(0, ScriptValue::Nan::Canonical);
  auto arith = f64(0, ScriptValue::Nan::Arithmetic);
  EXPECT_EQ(m(canon, ValType::f64(), 0x7FF8000000000000ull, store), Match::Yes);
  EXPECT_EQ(m(canon, ValType::f64(), 0xFFF8000000000000ull, store), Match::Yes);
  EXPECT_EQ(m(canon, ValType::f64(), 0x7FF8000000000001ull, store), Match::No);
  EXPECT_EQ(m(arith, ValType::f64(), 0x7FF8000000000001ull, store), Match::Yes);
  EXPECT_EQ(m(arith, ValType::f64(), 0x7FF4000000000000ull, store), Match::No);
}

TEST(ValuesTest, NumbersCompareExactBits) {
  rt::Store store;
  EXPECT_EQ(m(f32(0x80000000), ValType::f32(), 0x00000000, store), Match::No);  // -0 vs +0
  EXPECT_EQ(m(f32(0x7FA00000), ValType::f32(), 0x7FA00000, store), Match::Yes);  // payload kept
  EXPECT_EQ(m(i32(0xFFFFFFFF), ValType::i32(), 0xFFFFFFFF, store), Match::Yes);
  // i32 compares the low 32 bits of the slot only.
  EXPECT_EQ(m(i32(0xFFFFFFFF), ValType::i32(), 0xFFFFFFFFFFFFFFFFull, store), Match::Yes);
  EXPECT_EQ(m(i32(1), ValType::i64(), 1, store), Match::No);
}

TEST(ValuesTest, EitherMatchesAnyAlternative) {
  rt::Store store;
  Expected e;
  e.either = {i32(1), i32(2)};
  rt::Slot two[1] = {2}, three[1] = {3};
  EXPECT_EQ(match_expected(e, ValType::i32(), two, store), Match::Yes);
  EXPECT_EQ(match_expected(e, ValType::i32(), three, store), Match::No);
  EXPECT_EQ(describe(e), "(either i32:1 (0x00000001) i32:2 (0x00000002))");
}

TEST(ValuesTest, References) {
  rt::Store store;
  ScriptValue null;
  null.kind = ScriptValue::Kind::RefNull;
  null.heap = HeapType::abstract(HeapKind::Extern);
  ScriptValue ext;
  ext.kind = ScriptValue::Kind::RefExtern;
  ext.has_payload = true;
  ext.bits[0] = 7;
  ScriptValue any_ext;
  any_ext.kind = ScriptValue::Kind::RefExtern;
  ScriptValue func;
  func.kind = ScriptValue::Kind::RefFunc;
  rt::Ref r7 = store.host_ref(7);
  EXPECT_EQ(m(null, ValType::externref(), rt::kNullRef, store), Match::Yes);
  EXPECT_EQ(m(null, ValType::externref(), r7, store), Match::No);
  EXPECT_EQ(m(ext, ValType::externref(), r7, store), Match::Yes);
  EXPECT_EQ(m(ext, ValType::externref(), store.host_ref(8), store), Match::No);
  EXPECT_EQ(m(any_ext, ValType::externref(), r7, store), Match::Yes);
  EXPECT_EQ(m(any_ext, ValType::externref(), rt::kNullRef, store), Match::No);
  EXPECT_EQ(m(func, ValType::funcref(), 0x1000, store), Match::Yes);
  EXPECT_EQ(m(func, ValType::funcref(), rt::kNullRef, store), Match::No);
}

TEST(ValuesTest, V128IsUnsupportedWithoutSimd) {
  rt::Store store;
  ScriptValue v;
  v.kind = ScriptValue::Kind::V128;
  EXPECT_EQ(m(v, ValType::v128(), 0, store), Match::Unsupported);
  std::vector<rt::Slot> out;
  bool unsupported = false;
  EXPECT_FALSE(append_arg(v, ValType::i32(), store, out, &unsupported).ok());
  EXPECT_TRUE(unsupported);
}

TEST(ValuesTest, ArgumentsBecomeSlots) {
  rt::Store store;
  std::vector<rt::Slot> out;
  ASSERT_TRUE(append_arg(i32(0xFFFFFFFF), ValType::i32(), store, out, nullptr).ok());
  ASSERT_TRUE(append_arg(f64(0x4000000000000000ull), ValType::f64(), store, out, nullptr).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], 0xFFFFFFFFu);
  EXPECT_EQ(out[1], 0x4000000000000000ull);
  Status s = append_arg(i32(1), ValType::i64(), store, out, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "argument type mismatch: i32:1 (0x00000001) for a parameter of type i64");
}

}  // namespace
}  // namespace kiln::core::script
