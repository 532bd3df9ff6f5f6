// The printer (text/printer.h): exact text for small modules covering every section,
// names (quoted, clashing, missing), float literals and folding.
#include "text/printer.h"

#include <gtest/gtest.h>

#include "binary/writer.h"
#include "text/parser.h"
#include "text/print_context.h"

namespace kiln::core::text {
namespace {

Module parse(std::string_view src) {
  auto m = parse_module(src, Features::all());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : Module{};
}

// The printed text must parse back to the same binary.
void expect_parses_back(const Module& m, const std::string& text) {
  auto back = parse_module(text, Features::all());
  ASSERT_TRUE(back.ok()) << back.error().line << ":" << back.error().column << ": " << back.error().message;
  EXPECT_EQ(write_module(*back), write_module(m));
}

TEST(Printer, EverySection) {
  Module m = parse(R"((module $M
  (rec (type $s (sub (struct (field $x i32) (field (mut i8)) (field (ref null $s)))))
       (type $a (sub final $s (struct (field $x i32) (field (mut i8)) (field (ref null $s))))))
  (type $arr (array (mut f64)))
  (type $f (func (param i32) (result i64)))
  (import "m" "f" (func $imp (type $f)))
  (import "m" "t" (table $it 1 2 externref))
  (import "m" "mem" (memory $im i64 1 4 shared))
  (import "m" "g" (global $ig (mut f32)))
  (func $fn (type $f) (param $p i32) (result i64) (local $l f64) (local i32 i32)
    (i64.extend_i32_u (local.get $p)))
  (table $t 3 funcref (ref.func $fn))
  (memory $mem 1 (pagesize 1))
  (tag $e (param i32))
  (global $g i32 (i32.const 1) (i32.const 2) (i32.add))
  (export "fn" (func $fn))
  (export "weird \"name\"\n" (global $g))
  (start $fn2)
  (func $fn2)
  (elem $e0 (table $t) (offset (i32.const 0)) func $fn $fn2)
  (elem $e1 funcref (ref.null func) (item ref.func $fn))
  (elem $e2 declare func $fn)
  (elem $e3 (i32.const 1) $fn)
  (data $d0 (memory $mem) (i32.const 4) "ab\01\ff")
  (data $d1 "passive")))");
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module $M
  (rec
    (type $s (sub (struct (field $x i32) (field (mut i8)) (field (ref null $s)))))
    (type $a (sub final $s (struct (field $x i32) (field (mut i8)) (field (ref null $s))))))
  (type $arr (array (mut f64)))
  (type $f (func (param i32) (result i64)))
  (type (;4;) (func (param i32)))
  (type (;5;) (func))
  (import "m" "f" (func $imp (type $f)))
  (import "m" "t" (table $it 1 2 externref))
  (import "m" "mem" (memory $im i64 1 4 shared))
  (import "m" "g" (global $ig (mut f32)))
  (func $fn (type $f) (param $p i32) (result i64)
    (local $l f64)
    (local i32 i32)
    local.get $p
    i64.extend_i32_u)
  (func $fn2 (type 5))
  (table $t 3 funcref (ref.func $fn))
  (memory $mem 1 (pagesize 1))
  (tag $e (type 4) (param i32))
  (global $g i32 (i32.const 1) (i32.const 2) (i32.add))
  (export "fn" (func $fn))
  (export "weird \"name\"\0a" (global $g))
  (start $fn2)
  (elem $e0 (table $t) (i32.const 0) func $fn $fn2)
  (elem $e1 funcref (ref.null func) (ref.func $fn))
  (elem $e2 declare func $fn)
  (elem $e3 (i32.const 1) func $fn)
  (data $d0 (memory $mem) (i32.const 4) "ab\01\ff")
  (data $d1 "passive"))
)");
  expect_parses_back(m, text);

  EXPECT_EQ(print_module(m, {.names = false}).substr(0, 120), R"((module
  (rec
    (type (;0;) (sub (struct (field i32) (field (mut i8)) (field (ref null 0)))))
    (type (;1;) (sub fi)");
}

// Names as a name section may give them: not identifiers, duplicated, empty.
TEST(Printer, NamesThatAreNotIdentifiers) {
  Module m = parse(R"((module
  (func (param i32) (local i32 i32)
    block
      block
        br 1
      end
    end)
  (func) (func) (func)))");
  m.names.module = "my module";
  m.names.funcs.names = {{0, "has space"}, {1, "dup"}, {2, "dup"}, {3, ""}};
  m.names.locals[0].names = {{0, "x"}, {1, "x"}, {2, "\xe2\x82\xac"}};
  m.names.labels[0].names = {{0, "outer"}, {1, "q\"uote"}};
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module $"my module"
  (type (;0;) (func (param i32)))
  (type (;1;) (func))
  (func $"has space" (type 0) (param $x i32)
    (local i32)
    (local $"€" i32)
    block $outer
      block $"q\"uote"
        br $outer
      end
    end)
  (func $dup (type 1))
  (func (;2;) (type 1))
  (func (;3;) (type 1)))
)");
  expect_parses_back(m, text);
}

TEST(Printer, ShadowedLabelsAreNumbered) {
  Module m = parse(R"((module (func
    (block $l (block $l (br 1) (br $l) (br 2))))))");
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module
  (type (;0;) (func))
  (func (;0;) (type 0)
    block $l
      block $l
        br 1 (;@1;)
        br $l
        br 2
      end
    end))
)");
  expect_parses_back(m, text);
}

TEST(Printer, FloatLiterals) {
  using print::f32_text;
  using print::f64_text;
  EXPECT_EQ(f32_text(0x3DCCCCCD), "0.1");
  EXPECT_EQ(f32_text(0x80000000), "-0");
  EXPECT_EQ(f32_text(0x00000001), "1e-45");
  EXPECT_EQ(f32_text(0x7F7FFFFF), "3.4028235e+38");
  EXPECT_EQ(f32_text(0x7F800000), "inf");
  EXPECT_EQ(f32_text(0xFF800000), "-inf");
  EXPECT_EQ(f32_text(0x7FC00000), "nan");
  EXPECT_EQ(f32_text(0xFFC00000), "-nan");
  EXPECT_EQ(f32_text(0x7F800001), "nan:0x1");
  EXPECT_EQ(f32_text(0xFFFFFFFF), "-nan:0x7fffff");
  EXPECT_EQ(f64_text(0x3FB999999999999A), "0.1");
  EXPECT_EQ(f64_text(0x0000000000000001), "5e-324");
  EXPECT_EQ(f64_text(0x4415AF1D78B58C40), "1e+20");
  EXPECT_EQ(f64_text(0x7FF8000000000000), "nan");
  EXPECT_EQ(f64_text(0x7FF0000000000001), "nan:0x1");
  EXPECT_EQ(f64_text(0xFFF0000000000000), "-inf");

  Module m = parse(R"((module (func
    f32.const 0x1.fffffep127 drop f32.const -nan:0x200000 drop
    f64.const 0.1 drop f64.const -0x1p-1074 drop f64.const 123456789 drop)))");
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module
  (type (;0;) (func))
  (func (;0;) (type 0)
    f32.const 3.4028235e+38
    drop
    f32.const -nan:0x200000
    drop
    f64.const 0.1
    drop
    f64.const -5e-324
    drop
    f64.const 123456789
    drop))
)");
  expect_parses_back(m, text);
}

TEST(Printer, Immediates) {
  Module m = parse(R"((module
  (memory 1) (memory $m2 1)
  (table 1 funcref) (table $t2 1 funcref)
  (elem $e func) (data $d "")
  (func (param i32) (result i32)
    (i64.load offset=8 align=4 (local.get 0)) drop
    (i32.load8_u $m2 (local.get 0)) drop
    (memory.copy $m2 0 (local.get 0) (local.get 0) (local.get 0))
    (memory.copy (local.get 0) (local.get 0) (local.get 0))
    (memory.init $m2 $d (local.get 0) (local.get 0) (local.get 0))
    (table.init $t2 $e (local.get 0) (local.get 0) (local.get 0))
    (table.copy (local.get 0) (local.get 0) (local.get 0))
    (select (result i32) (local.get 0) (local.get 0) (local.get 0)) drop
    (ref.is_null (ref.null extern)) drop
    (call_indirect $t2 (param i32) (result i32) (local.get 0) (i32.const 0)) drop
    (memory.grow $m2 (local.get 0)))))");
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module
  (type (;0;) (func (param i32) (result i32)))
  (func (;0;) (type 0) (param i32) (result i32)
    local.get 0
    i64.load offset=8 align=4
    drop
    local.get 0
    i32.load8_u $m2
    drop
    local.get 0
    local.get 0
    local.get 0
    memory.copy $m2 0
    local.get 0
    local.get 0
    local.get 0
    memory.copy
    local.get 0
    local.get 0
    local.get 0
    memory.init $m2 $d
    local.get 0
    local.get 0
    local.get 0
    table.init $t2 $e
    local.get 0
    local.get 0
    local.get 0
    table.copy
    local.get 0
    local.get 0
    local.get 0
    select (result i32)
    drop
    ref.null extern
    ref.is_null
    drop
    local.get 0
    i32.const 0
    call_indirect $t2 (type 0)
    drop
    local.get 0
    memory.grow $m2)
  (table (;0;) 1 funcref)
  (table $t2 1 funcref)
  (memory (;0;) 1)
  (memory $m2 1)
  (elem $e func)
  (data $d ""))
)");
  expect_parses_back(m, text);
}

TEST(Printer, Folded) {
  Module m = parse(R"((module
  (func $f (param $a i32) (result i32)
    (block $l (result i32)
      (if (result i32) (i32.eqz (local.get $a))
        (then (i32.const 1))
        (else (br $l (i32.const 2))))))
  (func (param i32 i32) (result i32 i32) (local.get 0) (local.get 1))
  (func (result i32)
    (call 1 (i32.const 1) (i32.const 2))
    drop
    (block (param i32) (result i32) (i32.const 3) i32.add)
    unreachable
    (i32.add (i32.const 1))
    (block)
    (loop (br 0)))))");
  std::string text = print_module(m, {.fold = true});
  EXPECT_EQ(text, R"((module
  (type (;0;) (func (param i32) (result i32)))
  (type (;1;) (func (param i32 i32) (result i32 i32)))
  (type (;2;) (func (result i32)))
  (func $f (type 0) (param $a i32) (result i32)
    (block $l (result i32)
      (if (result i32)  ;; label = @2
        (i32.eqz
          (local.get $a))
        (then
          (i32.const 1))
        (else
          (br $l
            (i32.const 2))))))
  (func (;1;) (type 1) (param i32 i32) (result i32 i32)
    (local.get 0)
    (local.get 1))
  (func (;2;) (type 2) (result i32)
    (call 1
      (i32.const 1)
      (i32.const 2))
    (drop)
    (block (type 0)  ;; label = @1
      (i32.const 3)
      (i32.add))
    (unreachable)
    (i32.const 1)
    (i32.add)
    (block  ;; label = @1
    )
    (loop  ;; label = @1
      (br 0 (;@1;)))))
)");
  expect_parses_back(m, text);
}

TEST(Printer, CustomSectionsAsAnnotations) {
  Module m = parse("(module (type (func)))");
  m.customs.push_back({"first", {'a', 0}, 0, 0});
  m.customs.push_back({"after \"types\"", {}, 1, 0});
  m.customs.push_back({"name", {0, 1}, 1, 0});  // shown as identifiers, unless --no-names
  EXPECT_EQ(print_module(m), R"((module
  (type (;0;) (func))
  (@custom "first" (before first) "a\00")
  (@custom "after \"types\"" (after type) ""))
)");
  EXPECT_EQ(print_module(m, {.names = false}), R"((module
  (type (;0;) (func))
  (@custom "first" (before first) "a\00")
  (@custom "after \"types\"" (after type) "")
  (@custom "name" (after type) "\00\01"))
)");
  EXPECT_TRUE(parse_module(print_module(m), Features::all()).ok());
}

// Folding nests at most 256 levels; deeper code stays printable and parses back.
TEST(Printer, DeepCodeFoldsWithinALimit) {
  std::string chain = "(module (func (result i32) i32.const 0";
  for (int i = 0; i < 300; ++i) chain += " i32.eqz";
  chain += "))";
  Module m = parse(chain);
  std::string text = print_module(m, {.fold = true});
  EXPECT_NE(text.find("\n    (i32.eqz\n      (i32.eqz\n"), std::string::npos);
  expect_parses_back(m, text);

  std::string blocks = "(module (func";
  for (int i = 0; i < 300; ++i) blocks += " block";
  for (int i = 0; i < 300; ++i) blocks += " end";
  blocks += "))";
  m = parse(blocks);
  text = print_module(m, {.fold = true});
  EXPECT_EQ(text.find("(block"), std::string::npos);  // the function is printed flat
  EXPECT_NE(text.find("\n    block  ;; label = @1\n      block  ;; label = @2\n"), std::string::npos);
  expect_parses_back(m, text);
}

TEST(Printer, UnreadableCodeIsCutShort) {
  Module m = parse("(module (func))");
  m.funcs[0].body.code = {0x41, 0x80, 0xFF};  // i32.const with a truncated LEB128
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module
  (type (;0;) (func))
  (func (;0;) (type 0)
    ;; unreadable code: unexpected end
  ))
)");
  EXPECT_TRUE(parse_module(text, Features::all()).ok());
}

}  // namespace
}  // namespace kiln::core::text
