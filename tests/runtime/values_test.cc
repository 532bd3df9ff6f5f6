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

TEST(ValuesTest, V128PatternsMatchBitsOrNanLanes) {
  rt::Store store;
  ScriptValue v;
  v.kind = ScriptValue::Kind::V128;
  v.shape = ScriptValue::Shape::I32x4;
  v.bits[0] = 0x0000000200000001ull;
  v.bits[1] = 0x0000000400000003ull;
  rt::Slot same[2] = {0x0000000200000001ull, 0x0000000400000003ull};
  rt::Slot other[2] = {0x0000000200000001ull, 0x0000000500000003ull};
  EXPECT_EQ(match_value(v, ValType::v128(), same, store), Match::Yes);
  EXPECT_EQ(match_value(v, ValType::v128(), other, store), Match::No);
  EXPECT_EQ(match_value(v, ValType::i64(), same, store), Match::No);
  // f32x4 with lane 1 nan:canonical and lane 3 nan:arithmetic; lanes 0 and 2 exact.
  ScriptValue f = v;
  f.shape = ScriptValue::Shape::F32x4;
  f.lane_nan[1] = ScriptValue::Nan::Canonical;
  f.lane_nan[3] = ScriptValue::Nan::Arithmetic;
  f.bits[0] = 0x3F800000ull;  // 1.0, then lane 1 (any canonical NaN)
  f.bits[1] = 0x80000000ull;  // -0.0, then lane 3 (any arithmetic NaN)
  rt::Slot nans[2] = {0xFFC000003F800000ull, 0x7FC0000180000000ull};
  EXPECT_EQ(match_value(f, ValType::v128(), nans, store), Match::Yes);
  rt::Slot not_canonical[2] = {0x7FC000013F800000ull, 0x7FC0000180000000ull};
  EXPECT_EQ(match_value(f, ValType::v128(), not_canonical, store), Match::No);
  rt::Slot positive_zero[2] = {0xFFC000003F800000ull, 0x7FC0000100000000ull};
  EXPECT_EQ(match_value(f, ValType::v128(), positive_zero, store), Match::No);
  // Arguments: two slots, low half first; not for another type.
  std::vector<rt::Slot> out;
  ASSERT_TRUE(append_arg(v, ValType::v128(), store, out, nullptr).ok());
  EXPECT_EQ(out, (std::vector<rt::Slot>{same[0], same[1]}));
  bool unsupported = false;
  Status s = append_arg(v, ValType::i32(), store, out, &unsupported);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(unsupported);
  EXPECT_EQ(s.error().message.substr(0, 24), "argument type mismatch: ");
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
