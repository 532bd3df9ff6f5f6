#include "script/runner.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "text/script_parser.h"

namespace kiln::core::script {
namespace {

// Runs `source` as a script and returns its counts; `log` receives the verbose report.
Counts run(const std::string& source, std::string* log = nullptr, const Features& features = Features()) {
  auto script = text::parse_script(source, "test.wast", features);
  EXPECT_TRUE(script.ok()) << (script.ok() ? "" : script.error().message);
  if (!script.ok()) return Counts{0, 999, 0};
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buf, &size);
  RunOptions opt;
  opt.features = features;
  opt.verbose = true;
  opt.log = out;
  Counts c = ScriptRunner(opt).run(*script);
  std::fclose(out);
  if (log) *log = std::string(buf, size);
  std::free(buf);
  return c;
}

void expect_counts(const Counts& c, uint64_t passed, uint64_t failed, uint64_t skipped) {
  EXPECT_EQ(c.passed, passed);
  EXPECT_EQ(c.failed, failed);
  EXPECT_EQ(c.skipped, skipped);
}

TEST(RunnerTest, PassingAssertionsOfEveryKind) {
  Counts c = run(R"wast(
    (module $m
      (memory 1)
      (global (export "g") (mut i64) (i64.const -1))
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func $r (export "rec") (call $r))
      (func (export "two") (result i32 f64) (i32.const 1) (f64.const 0.5)))
    (assert_return (invoke "div" (i32.const 7) (i32.const 2)) (i32.const 3))
    (assert_return (invoke "two") (i32.const 1) (f64.const 0.5))
    (assert_return (get "g") (i64.const -1))
    (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
    (assert_exhaustion (invoke "rec") "call stack exhausted")
    (register "M" $m)
    (assert_unlinkable (module (import "M" "g" (global i64))) "incompatible import type")
    (assert_unlinkable (module (import "M" "h" (global i64))) "unknown import")
    (assert_invalid (module (func (drop))) "type mismatch")
    (assert_malformed (module quote "(modul)") "unexpected token")
    (assert_malformed (module binary "\00asm") "unexpected end")
    (assert_uninstantiable (module (table 1 funcref) (elem (i32.const 1) func 0) (func)) "out of bounds table access")
  )wast");
  expect_counts(c, 11, 0, 0);
}

TEST(RunnerTest, WrongResultsAndMessagesFail) {
  std::string log;
  Counts c = run(R"wast(
    (module (func (export "one") (result i32) (i32.const 1)))
    (assert_return (invoke "one") (i32.const 2))
    (assert_return (invoke "one") (i64.const 1))
    (assert_trap (invoke "one") "unreachable")
    (assert_invalid (module (func (drop))) "unknown local")
    (assert_malformed (module quote "(module)") "unexpected token")
  )wast", &log);
  expect_counts(c, 0, 5, 0);
  EXPECT_NE(log.find("test.wast:3: FAILED: assert_return \"one\": result 0 is i32:1 (0x00000001), expected i32:2 (0x00000002)"),
            std::string::npos) << log;
  EXPECT_NE(log.find("test.wast:6: FAILED: assert_invalid: got invalid \"type mismatch"), std::string::npos) << log;
}

TEST(RunnerTest, FailingModulesAndActionsCountAsFailures) {
  std::string log;
  Counts c = run(R"wast(
    (module (func (export "f") unreachable))
    (invoke "f")
    (module (import "nowhere" "x" (func)))
    (assert_return (invoke "f"))
  )wast", &log);
  // The failed action, the failed module, and the assertion on a missing current module.
  expect_counts(c, 0, 3, 0);
  EXPECT_NE(log.find("test.wast:4: FAILED: module: link error \"unknown import \"nowhere\" \"x\"\""),
            std::string::npos) << log;
}

TEST(RunnerTest, NanPatternsAndEither) {
  Counts c = run(R"wast(
    (module
      (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
      (func (export "id") (param f64) (result f64) (local.get 0)))
    (assert_return (invoke "nan") (f32.const nan:canonical))
    (assert_return (invoke "nan") (f32.const nan:arithmetic))
    (assert_return (invoke "id" (f64.const nan:0x4)) (f64.const nan:arithmetic))
    (assert_return (invoke "id" (f64.const -0)) (f64.const 0))
    (assert_return (invoke "id" (f64.const 1)) (either (f64.const 2) (f64.const 1)))
  )wast");
  expect_counts(c, 3, 2, 0);  // nan:0x4 is not arithmetic; -0 is not +0
}

TEST(RunnerTest, SimdValuesPassAndFail) {
  std::string log;
  Counts c = run(R"wast(
    (module (func (export "id") (param v128) (result v128) (local.get 0))
            (func (export "f") (param i32) (result i32) (local.get 0)))
    (assert_return (invoke "id" (v128.const i32x4 1 2 3 4)) (v128.const i32x4 1 2 3 4))
    (assert_return (invoke "id" (v128.const f32x4 nan 1 2 -0)) (v128.const f32x4 nan:canonical 1 2 -0))
    (assert_return (invoke "id" (v128.const i32x4 1 2 3 4)) (v128.const i32x4 1 2 3 5))
    (assert_return (invoke "f" (v128.const i32x4 0 0 0 0)) (i32.const 0))
  )wast", &log);
  expect_counts(c, 2, 2, 0);
  EXPECT_NE(log.find("test.wast:6: FAILED"), std::string::npos) << log;
  EXPECT_NE(log.find("test.wast:7: FAILED"), std::string::npos) << log;
}

TEST(RunnerTest, ExternRefsRoundTrip) {
  Counts c = run(R"wast(
    (module (func (export "id") (param externref) (result externref) (local.get 0)))
    (assert_return (invoke "id" (ref.extern 1)) (ref.extern 1))
    (assert_return (invoke "id" (ref.extern 1)) (ref.extern))
    (assert_return (invoke "id" (ref.null extern)) (ref.null extern))
    (assert_return (invoke "id" (ref.extern 1)) (ref.extern 2))
  )wast");
  expect_counts(c, 3, 1, 0);
}

}  // namespace
}  // namespace kiln::core::script

namespace kiln::core::script {
namespace {

TEST(RunnerTest, DefinitionsInstantiateIndependently) {
  std::string log;
  Counts c = run(R"wast(
    (module definition $D
      (global $g (mut i32) (i32.const 0))
      (func (export "inc") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
    (module instance $A $D)
    (module instance $B $D)
    (assert_return (invoke $A "inc") (i32.const 1))
    (assert_return (invoke $A "inc") (i32.const 2))
    (assert_return (invoke $B "inc") (i32.const 1))
    (register "b" $B)
    (module (import "b" "inc" (func $inc (result i32))) (func (export "f") (result i32) (call $inc)))
    (assert_return (invoke "f") (i32.const 2))
  )wast", &log);
  expect_counts(c, 4, 0, 0);
  EXPECT_EQ(log, "");
}

// Function imports match functions of a subtype, exact imports (custom-descriptors) only
// functions of their very type.
TEST(RunnerTest, ExactFunctionImportsLink) {
  std::string log;
  Counts c = run(R"wast(
    (module $C
      (type $super (sub (func)))
      (type $sub (sub $super (func)))
      (func (export "f") (type $sub)))
    (register "C")
    (module (type $super (sub (func))) (type $sub (sub $super (func))) (import "C" "f" (func (type $super))))
    (module (type $super (sub (func))) (type $sub (sub $super (func))) (import "C" "f" (func (exact (type $sub)))))
    (assert_unlinkable
      (module (type $super (sub (func))) (type $sub (sub $super (func))) (import "C" "f" (func (exact (type $super)))))
      "incompatible import type")
    (assert_unlinkable
      (module (type $other (sub (func (param i32)))) (import "C" "f" (func (type $other))))
      "incompatible import type")
  )wast",
                 &log, Features::all());
  expect_counts(c, 2, 0, 0);
  EXPECT_EQ(log, "");
}

}  // namespace
}  // namespace kiln::core::script
