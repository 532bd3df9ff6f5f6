// Error recovery of the text parser: several errors per source, each with its location.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/diagnostic.h"
#include "text/parser.h"

namespace kiln::core::text {
namespace {

// Three independent errors in three fields: an unknown instruction, an unknown local, a
// malformed memory type; and a fourth field using an unknown function.
constexpr std::string_view kThreeFields =
    "(module\n"
    "  (func $a (result i32)\n"
    "    (i32.add (i32.const 1) (i32.bogus 2)))\n"
    "  (global $g i32 (i32.const 0))\n"
    "  (func $b\n"
    "    local.get $missing\n"
    "    drop)\n"
    "  (memory 1 2 3)\n"
    "  (func $c (call $nowhere)))\n";

std::string format_all(const std::vector<Error>& errors, std::string_view source) {
  std::string out;
  for (const Error& e : errors) out += format_error(e, "three.wat", source);
  return out;
}

TEST(Recovery, ReportsAnErrorPerField) {
  std::vector<Error> errors;
  auto r = parse_module(kThreeFields, Features::all(), &errors);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown operator i32.bogus");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(format_all(errors, kThreeFields),
            "three.wat:3:29: error: unknown operator i32.bogus\n"
            "      (i32.add (i32.const 1) (i32.bogus 2)))\n"
            "                              ^\n"
            "three.wat:6:15: error: unknown local $missing\n"
            "      local.get $missing\n"
            "                ^\n"
            "three.wat:8:15: error: unexpected token\n"
            "    (memory 1 2 3)\n"
            "                ^\n"
            "three.wat:9:18: error: unknown function $nowhere\n"
            "    (func $c (call $nowhere)))\n"
            "                   ^\n");
  for (const Error& e : errors) EXPECT_EQ(e.kind, ErrorKind::Malformed);
}

// A name bound twice inside a recursion group: the group's later types are still counted,
// so the next type field's index is right (found by fuzzing: the types of the group were
// defined beyond the count, and the next field's error recovery cut them off while the
// group still referred to them, a use after free).
TEST(Recovery, DuplicateNameInARecursionGroupKeepsTheTypeIndices) {
  constexpr std::string_view kSource =
      "(module\n"
      "  (type $t (func))\n"
      "  (rec (type $t (func)) (type $u (func (param i32))) (type $v (func (result f32))))\n"
      "  (type $w (sfunc))\n"
      "  (type $x (func (param i64)))\n"
      "  (func (type $x))\n"
      "  (func (type 5) (param i64)))\n";  // $x is type 5
  std::vector<Error> errors;
  auto r = parse_module(kSource, Features::all(), &errors);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(format_all(errors, kSource),
            "three.wat:3:14: error: duplicate type $t\n"
            "    (rec (type $t (func)) (type $u (func (param i32))) (type $v (func (result f32))))\n"
            "               ^\n"
            "three.wat:4:13: error: unexpected token\n"
            "    (type $w (sfunc))\n"
            "              ^\n");
}

TEST(Recovery, FirstErrorUnchangedWithoutCollecting) {
  auto r = parse_module(kThreeFields, Features::all());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown operator i32.bogus");
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_EQ(r.error().column, 29u);
}

TEST(Recovery, EachUnknownIdInOneFunction) {
  constexpr std::string_view src =
      "(func (param $p i32)\n"
      "  local.get $x\n"
      "  local.get $p\n"
      "  global.get $y\n"
      "  br $nolabel\n"
      "  drop)";
  std::vector<Error> errors;
  ASSERT_FALSE(parse_module(src, Features::all(), &errors).ok());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "unknown local $x");
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_EQ(errors[1].message, "unknown global $y");
  EXPECT_EQ(errors[1].line, 4u);
  EXPECT_EQ(errors[2].message, "unknown label $nolabel");
  EXPECT_EQ(errors[2].line, 5u);
  EXPECT_EQ(errors[2].column, 6u);
}

TEST(Recovery, NameErrorsInSourceOrder) {
  // The duplicate is found by the first pass, the unknown operator by the second: reported
  // in the order of the source.
  constexpr std::string_view src =
      "(func nop.bad)\n"
      "(global $g i32 (i32.const 0))\n"
      "(global $g i32 (i32.const 1))\n"
      "(type (func (param i33)))\n";
  std::vector<Error> errors;
  ASSERT_FALSE(parse_module(src, Features::all(), &errors).ok());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "unknown operator nop.bad");
  EXPECT_EQ(errors[0].line, 1u);
  EXPECT_EQ(errors[1].message, "duplicate global $g");
  EXPECT_EQ(errors[1].line, 3u);
  EXPECT_EQ(errors[2].line, 4u);
}

TEST(Recovery, MalformedFieldHeadReportedOnce) {
  constexpr std::string_view src = "(func)\n(fnuc $f)\nstray\n(global i32 (i32.const 0))\n(func $h (br $l))";
  std::vector<Error> errors;
  ASSERT_FALSE(parse_module(src, Features::all(), &errors).ok());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "unexpected token");
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_EQ(errors[0].column, 2u);
  EXPECT_EQ(errors[1].message, "unknown operator stray");
  EXPECT_EQ(errors[1].line, 3u);
  EXPECT_EQ(errors[1].column, 1u);
  EXPECT_EQ(errors[2].message, "unknown label $l");
  EXPECT_EQ(errors[2].line, 5u);
}

TEST(Recovery, RunOfStrayTokensIsOneError) {
  constexpr std::string_view src = "(func) ) nop 3 \"s\" (func (nop.x))";
  std::vector<Error> errors;
  ASSERT_FALSE(parse_module(src, Features::all(), &errors).ok());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "unexpected token");
  EXPECT_EQ(errors[0].column, 8u);
  EXPECT_EQ(errors[1].message, "unknown operator nop.x");
  EXPECT_EQ(errors[1].column, 27u);
}

TEST(Recovery, StopsAfterTwentyErrors) {
  std::string src = "(module\n";
  for (int i = 0; i < 30; ++i) src += "  (func unknown.op)\n";
  src += ")";
  std::vector<Error> errors;
  auto r = parse_module(src, Features::all(), &errors);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(errors.size(), 20u);
  EXPECT_EQ(errors.back().line, 21u);
}

TEST(Recovery, LexErrorIsTheOnlyError) {
  std::vector<Error> errors;
  auto r = parse_module("(module (func \"unterminated))", Features::all(), &errors);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, r.error().message);
}

TEST(Recovery, ValidSourceHasNoErrors) {
  std::vector<Error> errors{Error("stale")};
  auto r = parse_module("(module (func $f (result i32) i32.const 7) (export \"f\" (func $f)))", Features::all(),
                        &errors);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(r->funcs.size(), 1u);
}

}  // namespace
}  // namespace kiln::core::text
