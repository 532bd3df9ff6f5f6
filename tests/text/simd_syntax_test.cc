// The text syntax of SIMD and WebAssembly 3.0 instructions, encoded to exact bytes, and the
// printer's spelling of them.
#include <gtest/gtest.h>

#include "text/parser.h"
#include "text/printer.h"
#include "valid/func_validator.h"

namespace kiln::core::text {
namespace {

using Bytes = std::vector<uint8_t>;

// The body of the module's first function (its final `end` included).
Bytes body_of(std::string_view src, const Features& f = Features::all()) {
  auto r = parse_module(src, f);
  EXPECT_TRUE(r.ok()) << src << "\n" << (r.ok() ? "" : r.error().message);
  if (!r.ok() || r->funcs.empty()) return {};
  return r->funcs[0].body.code;
}

TEST(SimdSyntax, V128ConstInEveryShape) {
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1)))"),
            (Bytes{0xFD, 0x0C, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF, 0x0B}));
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const i16x8 1 -1 0x1234 0 0 0 0 65535)))"),
            (Bytes{0xFD, 0x0C, 1, 0, 0xFF, 0xFF, 0x34, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x0B}));
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const i32x4 0x01020304 0 -1 0)))"),
            (Bytes{0xFD, 0x0C, 4, 3, 2, 1, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0x0B}));
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const i64x2 -2 1)))"),
            (Bytes{0xFD, 0x0C, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0, 0, 0, 0, 0x0B}));
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const f32x4 1.0 -0 inf nan)))"),
            (Bytes{0xFD, 0x0C, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7F, 0, 0, 0xC0, 0x7F, 0x0B}));
  EXPECT_EQ(body_of("(module (func (result v128) (v128.const f64x2 0x1p0 -2)))"),
            (Bytes{0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0xC0, 0x0B}));
}

TEST(SimdSyntax, ConstErrors) {
  auto r = parse_module("(module (func (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) drop))", Features::all());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "constant out of range");
  auto shape = parse_module("(module (func (v128.const i32x3 0 0 0) drop))", Features::all());
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().message, "unexpected token");
  Features no_simd;
  no_simd.set(Feature::Simd, false);
  auto off = parse_module("(module (func (v128.const i32x4 0 0 0 0) drop))", no_simd);
  ASSERT_FALSE(off.ok());  // SIMD disabled: not an instruction
  EXPECT_EQ(off.error().message, "unexpected token");
}

TEST(SimdSyntax, LanesShuffleAndMemargs) {
  EXPECT_EQ(body_of("(module (func (param v128) (result i32) (i8x16.extract_lane_u 15 (local.get 0))))"),
            (Bytes{0x20, 0x00, 0xFD, 0x16, 0x0F, 0x0B}));
  EXPECT_EQ(body_of("(module (func (param v128 v128) (result v128)"
                    " (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 1))))"),
            (Bytes{0x20, 0x00, 0x20, 0x01, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31, 0x0B}));
  // A lone number after v128.load8_lane is the lane; two are memory and lane.
  EXPECT_EQ(body_of("(module (memory 1) (func (param v128) (result v128)"
                    " (v128.load8_lane 1 (i32.const 0) (local.get 0))))"),
            (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x00, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(body_of("(module (memory 1) (memory 1) (func (param v128) (result v128)"
                    " (v128.load16_lane 1 offset=8 align=1 3 (i32.const 0) (local.get 0))))"),
            (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x55, 0x40, 0x01, 0x08, 0x03, 0x0B}));
  // Natural alignment is the default: v128.load 4, load8x8_s 3, load32_zero 2.
  EXPECT_EQ(body_of("(module (memory 1) (func (result v128) (v128.load (i32.const 0))))"),
            (Bytes{0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0x0B}));
  EXPECT_EQ(body_of("(module (memory 1) (func (result v128) (v128.load8x8_s offset=2 (i32.const 0))))"),
            (Bytes{0x41, 0x00, 0xFD, 0x01, 0x03, 0x02, 0x0B}));
  EXPECT_EQ(body_of("(module (memory 1) (func (result v128) (v128.load32_zero (i32.const 0))))"),
            (Bytes{0x41, 0x00, 0xFD, 0x5C, 0x02, 0x00, 0x0B}));
  EXPECT_EQ(body_of("(module (func (param v128 v128 v128) (result v128)"
                    " (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))"),
            (Bytes{0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFD, 0x85, 0x02, 0x0B}));
}

TEST(Wasm3Syntax, TryTableAndLegacyTry) {
  EXPECT_EQ(body_of("(module (tag $e) (func (block $h (try_table (catch $e $h) (catch_all_ref 0) (throw $e)))))"),
            (Bytes{0x02, 0x40, 0x1F, 0x40, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x08, 0x00, 0x0B, 0x0B, 0x0B}));
  EXPECT_EQ(body_of("(module (tag $e) (func try catch $e rethrow 0 catch_all end))"),
            (Bytes{0x06, 0x40, 0x07, 0x00, 0x09, 0x00, 0x19, 0x0B, 0x0B}));
  EXPECT_EQ(body_of("(module (tag $e) (func (block $l (try (do (throw $e)) (delegate $l)))))"),
            (Bytes{0x02, 0x40, 0x06, 0x40, 0x08, 0x00, 0x18, 0x00, 0x0B, 0x0B}));
}

TEST(Wasm3Syntax, GcAndReferenceInstructions) {
  EXPECT_EQ(body_of("(module (type $s (struct (field $x i32) (field $y (mut i64))))"
                    " (func (param (ref $s)) (result i64) (struct.get $s $y (local.get 0))))"),
            (Bytes{0x20, 0x00, 0xFB, 0x02, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(body_of("(module (type $a (array i8)) (func (result (ref $a)) (array.new_fixed $a 2 (i32.const 1) (i32.const 2))))"),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0xFB, 0x08, 0x00, 0x02, 0x0B}));
  EXPECT_EQ(body_of("(module (func (param anyref) (result i32) (ref.test (ref null i31) (local.get 0))))"),
            (Bytes{0x20, 0x00, 0xFB, 0x15, 0x6C, 0x0B}));
  EXPECT_EQ(body_of("(module (func (param anyref) (result i32) (ref.test i31ref (local.get 0))))"),
            (Bytes{0x20, 0x00, 0xFB, 0x15, 0x6C, 0x0B}));
  EXPECT_EQ(body_of("(module (func (param anyref) (result anyref)"
                    " (block $l (result anyref) (br_on_cast $l anyref (ref i31) (local.get 0)))))"),
            (Bytes{0x02, 0x6E, 0x20, 0x00, 0xFB, 0x18, 0x01, 0x00, 0x6E, 0x6C, 0x0B, 0x0B}));
  EXPECT_EQ(body_of("(module (type $f (func)) (func (param (ref $f)) (call_ref $f (local.get 0))))"),
            (Bytes{0x20, 0x00, 0x14, 0x00, 0x0B}));
  EXPECT_EQ(body_of("(module (memory 1 1 shared) (func atomic.fence (drop (i64.atomic.rmw16.add_u (i32.const 0) (i64.const 1)))))"),
            (Bytes{0xFE, 0x03, 0x00, 0x41, 0x00, 0x42, 0x01, 0xFE, 0x23, 0x01, 0x00, 0x1A, 0x0B}));
}

// Printed text parses back to the same bytes.
TEST(Wasm3Syntax, PrinterRoundTrip) {
  const char* src =
      "(module (memory 1) (tag $e (param i32)) (type $s (struct (field i32)))"
      " (func (param v128 anyref) (result v128)"
      "  (block $h (result i32 exnref) (try_table (catch_ref $e $h) (throw $e (i32.const 1))) (unreachable))"
      "  drop drop"
      "  (drop (ref.cast (ref null $s) (local.get 1)))"
      "  (v128.store8_lane offset=3 7 (i32.const 0) (local.get 0))"
      "  (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 (local.get 0)"
      "   (i16x8.replace_lane 3 (v128.const i64x2 1 2) (i32.const 9)))))";
  auto m = parse_module(src, Features::all());
  ASSERT_TRUE(m.ok()) << m.error().message;
  for (bool fold : {false, true}) {
    PrintOptions o;
    o.fold = fold;
    std::string text = print_module(*m, o);
    auto back = parse_module(text, Features::all());
    ASSERT_TRUE(back.ok()) << text << "\n" << back.error().message;
    EXPECT_EQ(back->funcs[0].body.code, m->funcs[0].body.code) << text;
  }
}

// Instructions the engine cannot run yet fail validation cleanly, in code and in constant
// expressions.
TEST(Wasm3Syntax, UnimplementedInstructionsAreInvalid) {
  struct Case {
    const char* src;
    const char* message;
  } const cases[] = {
      {"(module (tag $e) (func (throw $e)))", "unsupported instruction throw (exception handling is not implemented yet)"},
      {"(module (func (result i32) (i31.get_s (ref.i31 (i32.const 1)))))",
       "unsupported instruction ref.i31 (GC is not implemented yet)"},
  };
  for (const Case& c : cases) {
    auto m = parse_module(c.src, Features::all());
    ASSERT_TRUE(m.ok()) << c.src;
    Status s = validate_module(*m, Features::all());
    ASSERT_FALSE(s.ok()) << c.src;
    EXPECT_EQ(s.error().message, c.message);
    EXPECT_EQ(s.error().kind, ErrorKind::Invalid);
  }
}

}  // namespace
}  // namespace kiln::core::text
