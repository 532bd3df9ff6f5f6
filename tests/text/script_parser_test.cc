#include "text/script_parser.h"

#include <gtest/gtest.h>

#include "text/diagnostic.h"

namespace kiln::core::text {
namespace {

using CK = Command::Kind;
using VK = ScriptValue::Kind;

Script parse(std::string_view src) {
  auto r = parse_script(src, "test.wast", Features::all());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : format_error(r.error(), "test.wast", src));
  return r.ok() ? std::move(r).value() : Script();
}

TEST(ScriptParser, ModuleForms) {
  Script s = parse(
      "(module $M (func (export \"f\") (param i32) (result i32) local.get 0))\n"
      "(module $B binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module quote \"(func)\" \"(memory 1)\")\n"
      "(module definition $D (func))\n"
      "(module instance $I $D)\n"
      "(module instance)\n"
      "(register \"m\" $M)\n"
      "(register \"n\")\n");
  EXPECT_EQ(s.file, "test.wast");
  ASSERT_EQ(s.commands.size(), 8u);
  const Command& text = s.commands[0];
  EXPECT_EQ(text.kind, CK::Module);
  EXPECT_EQ(text.line, 1u);
  EXPECT_EQ(text.module.form, ScriptModule::Form::Text);
  EXPECT_EQ(*text.module.id, "M");
  ASSERT_TRUE(text.module.module);
  EXPECT_EQ(text.module.module->funcs.size(), 1u);
  EXPECT_EQ(text.module.module->exports[0].name, "f");
  const Command& bin = s.commands[1];
  EXPECT_EQ(bin.module.form, ScriptModule::Form::Binary);
  EXPECT_EQ(bin.module.bytes, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
  EXPECT_EQ(bin.line, 2u);
  const Command& quote = s.commands[2];
  EXPECT_EQ(quote.module.form, ScriptModule::Form::Quote);
  EXPECT_EQ(quote.module.quote, "(func) (memory 1)");
  EXPECT_FALSE(quote.module.id.has_value());
  const Command& def = s.commands[3];
  EXPECT_TRUE(def.module.is_definition);
  EXPECT_EQ(*def.module.id, "D");
  EXPECT_EQ(def.module.module->funcs.size(), 1u);
  EXPECT_EQ(s.commands[4].kind, CK::ModuleInstance);
  EXPECT_EQ(*s.commands[4].instance_id, "I");
  EXPECT_EQ(*s.commands[4].definition_id, "D");
  EXPECT_FALSE(s.commands[5].instance_id.has_value());
  EXPECT_EQ(s.commands[6].kind, CK::Register);
  EXPECT_EQ(s.commands[6].register_name, "m");
  EXPECT_EQ(*s.commands[6].instance_id, "M");
  EXPECT_FALSE(s.commands[7].instance_id.has_value());
}

TEST(ScriptParser, ActionsAndValues) {
  Script s = parse(
      "(invoke $M \"f\" (i32.const -1) (i64.const 2) (f32.const 1.5) (f64.const -0) (ref.null func)"
      "  (ref.extern 7) (ref.host 3))\n"
      "(get \"g\")");
  ASSERT_EQ(s.commands.size(), 2u);
  const Action& a = s.commands[0].action;
  EXPECT_EQ(s.commands[0].kind, CK::Action);
  EXPECT_EQ(a.kind, Action::Kind::Invoke);
  EXPECT_EQ(*a.module_id, "M");
  EXPECT_EQ(a.name, "f");
  ASSERT_EQ(a.args.size(), 7u);
  EXPECT_EQ(a.args[0].kind, VK::I32);
  EXPECT_EQ(a.args[0].bits[0], 0xFFFFFFFFu);
  EXPECT_EQ(a.args[1].bits[0], 2u);
  EXPECT_EQ(a.args[2].kind, VK::F32);
  EXPECT_EQ(a.args[2].bits[0], 0x3FC00000u);
  EXPECT_EQ(a.args[3].bits[0], 0x8000000000000000ull);
  EXPECT_EQ(a.args[4].kind, VK::RefNull);
  EXPECT_EQ(a.args[4].heap, HeapType::abstract(HeapKind::Func));
  EXPECT_EQ(a.args[5].kind, VK::RefExtern);
  EXPECT_TRUE(a.args[5].has_payload);
  EXPECT_EQ(a.args[5].bits[0], 7u);
  EXPECT_EQ(a.args[6].kind, VK::RefHost);
  EXPECT_EQ(s.commands[1].action.kind, Action::Kind::Get);
  EXPECT_FALSE(s.commands[1].action.module_id.has_value());
}

TEST(ScriptParser, AssertReturnPatterns) {
  Script s = parse(
      "(assert_return (invoke \"f\") (f32.const nan:canonical) (f64.const nan:arithmetic)"
      "  (either (i32.const 1) (i32.const 2)) (ref.extern) (ref.func) (ref.null extern) (ref.null))\n"
      "(assert_return (invoke \"v\") (v128.const i32x4 1 2 3 -1) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1)"
      "  (v128.const f32x4 nan:canonical 1 -0 nan:arithmetic) (v128.const f64x2 1.5 -inf))");
  ASSERT_EQ(s.commands.size(), 2u);
  const auto& e = s.commands[0].expected;
  EXPECT_EQ(s.commands[0].kind, CK::AssertReturn);
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].value.kind, VK::F32);
  EXPECT_EQ(e[0].value.nan, ScriptValue::Nan::Canonical);
  EXPECT_EQ(e[1].value.nan, ScriptValue::Nan::Arithmetic);
  ASSERT_EQ(e[2].either.size(), 2u);
  EXPECT_EQ(e[2].either[1].bits[0], 2u);
  EXPECT_EQ(e[3].value.kind, VK::RefExtern);
  EXPECT_FALSE(e[3].value.has_payload);
  EXPECT_EQ(e[4].value.kind, VK::RefFunc);
  EXPECT_EQ(e[5].value.heap, HeapType::abstract(HeapKind::Extern));
  EXPECT_EQ(e[6].value.kind, VK::RefNullAny);
  const auto& v = s.commands[1].expected;
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].value.kind, VK::V128);
  EXPECT_EQ(v[0].value.shape, ScriptValue::Shape::I32x4);
  EXPECT_EQ(v[0].value.bits[0], 0x0000000200000001ull);
  EXPECT_EQ(v[0].value.bits[1], 0xFFFFFFFF00000003ull);
  EXPECT_EQ(v[1].value.bits[0], 0x0706050403020100ull);
  EXPECT_EQ(v[1].value.bits[1], 0xFF0E0D0C0B0A0908ull);
  EXPECT_EQ(v[2].value.lane_nan[0], ScriptValue::Nan::Canonical);
  EXPECT_EQ(v[2].value.lane_nan[1], ScriptValue::Nan::None);
  EXPECT_EQ(v[2].value.lane_nan[3], ScriptValue::Nan::Arithmetic);
  EXPECT_EQ(v[2].value.bits[0], 0x3F80000000000000ull);
  EXPECT_EQ(v[2].value.bits[1], 0x0000000080000000ull);
  EXPECT_EQ(v[3].value.bits[0], 0x3FF8000000000000ull);
  EXPECT_EQ(v[3].value.bits[1], 0xFFF0000000000000ull);
}

TEST(ScriptParser, Assertions) {
  Script s = parse(
      "(assert_trap (invoke \"f\") \"unreachable\")\n"
      "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")\n"
      "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"t\"))\n"
      "(assert_malformed (module quote \"(func\") \"unexpected\")\n"
      "(assert_malformed (module binary \"\\00asm\") \"unexpected end\")\n"
      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
      "(assert_unlinkable (module (import \"a\" \"b\" (func))) \"unknown import\")\n"
      "(assert_uninstantiable (module (func)) \"x\")\n");
  ASSERT_EQ(s.commands.size(), 9u);
  EXPECT_EQ(s.commands[0].kind, CK::AssertTrap);
  EXPECT_FALSE(s.commands[0].has_module);
  EXPECT_EQ(s.commands[0].message, "unreachable");
  EXPECT_EQ(s.commands[1].kind, CK::AssertTrap);
  EXPECT_TRUE(s.commands[1].has_module);
  EXPECT_EQ(*s.commands[1].module.module->start, 0u);
  EXPECT_EQ(s.commands[2].kind, CK::AssertExhaustion);
  EXPECT_EQ(s.commands[2].message, "call stack exhausted");
  EXPECT_EQ(s.commands[3].kind, CK::AssertException);
  EXPECT_EQ(s.commands[4].kind, CK::AssertMalformed);
  EXPECT_EQ(s.commands[4].module.quote, "(func");
  EXPECT_EQ(s.commands[4].message, "unexpected");
  EXPECT_EQ(s.commands[5].module.form, ScriptModule::Form::Binary);
  EXPECT_EQ(s.commands[6].kind, CK::AssertInvalid);
  EXPECT_EQ(s.commands[6].message, "type mismatch");
  EXPECT_EQ(s.commands[7].kind, CK::AssertUnlinkable);
  EXPECT_EQ(s.commands[8].kind, CK::AssertUninstantiable);
  EXPECT_EQ(s.commands[8].line, 9u);
}

TEST(ScriptParser, BareModuleFields) {
  Script s = parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, CK::Module);
  EXPECT_EQ(s.commands[0].module.module->funcs.size(), 2u);
}

TEST(ScriptParser, ErrorsInEmbeddedModulesHavePositions) {
  auto r = parse_script("(module)\n(module (func (i32.const x)))", "t.wast", Features::all());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown operator x");
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().column, 26u);
  auto bad = parse_script("(assert_return (invoke \"f\") (i32.const 1) \"x\")", "t.wast", Features::all());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, 43u);
  auto unknown = parse_script("(frobnicate)", "t.wast", Features::all());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unexpected token frobnicate");
}

TEST(Diagnostic, FormatsLocationLineAndCaret) {
  Error e("unknown operator foo", ErrorKind::Malformed);
  e.line = 2;
  e.column = 5;
  EXPECT_EQ(format_error(e, "a.wat", "(module\n\t(x (foo))\n)"),
            "a.wat:2:5: error: unknown operator foo\n  \t(x (foo))\n  \t   ^\n");
  Error b(0x1a, "unexpected end", ErrorKind::Malformed);
  EXPECT_EQ(format_error(b, "a.wasm", ""), "a.wasm:@0x1a: error: unexpected end\n");
  EXPECT_EQ(format_error(Error("boom"), "f", ""), "f: error: boom\n");
}

TEST(Diagnostic, CutsALongLineToAWindowAroundTheColumn) {
  // One 10000-byte line: the excerpt is 160 bytes around column 5001, "..." on both sides.
  std::string line(10000, 'a');
  line[5000] = 'X';
  Error e("unexpected token X", ErrorKind::Malformed);
  e.line = 1;
  e.column = 5001;
  std::string want = "big.wat:1:5001: error: unexpected token X\n  ..." + std::string(80, 'a') + "X" +
                     std::string(79, 'a') + "...\n     " + std::string(80, ' ') + "^\n";
  EXPECT_EQ(format_error(e, "big.wat", line), want);
  // Near the start: cut on the right only; near the end: on the left only.
  e.column = 3;
  EXPECT_EQ(format_error(e, "big.wat", line),
            "big.wat:1:3: error: unexpected token X\n  " + std::string(160, 'a') + "...\n    ^\n");
  e.column = 10000;
  EXPECT_EQ(format_error(e, "big.wat", line), "big.wat:1:10000: error: unexpected token X\n  ..." +
                                                  std::string(160, 'a') + "\n     " + std::string(159, ' ') + "^\n");
  // A cut never splits a UTF-8 character: the window widens to the character's edges.
  std::string u = std::string(4918, 'b') + "\xC3\xA9" + std::string(5080, 'b');  // e-acute at bytes 4918-4919
  e.column = 5000;                                                           // window starts at byte 4919
  std::string out = format_error(e, "u.wat", u);
  EXPECT_NE(out.find("  ...\xC3\xA9" "b"), std::string::npos) << out;
}

}  // namespace
}  // namespace kiln::core::text
