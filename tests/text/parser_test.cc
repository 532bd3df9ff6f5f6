#include "text/parser.h"

#include "text/opcode_lookup.h"

#include <gtest/gtest.h>

namespace kiln::core::text {
namespace {

using Bytes = std::vector<uint8_t>;

Module parse(std::string_view src) {
  auto r = parse_module(src, Features::all());
  EXPECT_TRUE(r.ok()) << src << "\n" << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : Module();
}

Error parse_error(std::string_view src) {
  auto r = parse_module(src, Features::all());
  EXPECT_FALSE(r.ok()) << src;
  return r.ok() ? Error() : r.error();
}

Bytes body(const Module& m, size_t i = 0) { return i < m.funcs.size() ? m.funcs[i].body.code : Bytes{}; }

FuncType sig(std::vector<ValType> p, std::vector<ValType> r) { return FuncType{std::move(p), std::move(r)}; }

TEST(OpcodeLookup, AgreesWithTheOpcodeTable) {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    std::string_view name = kOpcodeInfo[i].text;
    EXPECT_EQ(lookup_opcode(name), opcode_from_text(name)) << name;
  }
  EXPECT_EQ(lookup_opcode("select"), Opcode::Select);
  EXPECT_FALSE(lookup_opcode("i32.const0").has_value());
  EXPECT_FALSE(lookup_opcode("").has_value());
  EXPECT_FALSE(lookup_opcode("get_local").has_value());
}

TEST(Parser, FoldedAndPlainInstructions) {
  Module m = parse("(module (func (result i32) (i32.add (i32.const 1) (i32.const -2))))");
  ASSERT_EQ(m.types.size(), 1u);
  EXPECT_EQ(m.types[0].func, sig({}, {ValType::i32()}));
  EXPECT_EQ(body(m), (Bytes{0x41, 0x01, 0x41, 0x7E, 0x6A, 0x0B}));
  Module p = parse("(func (result i32) i32.const 1 i32.const -2 i32.add)");
  EXPECT_EQ(body(p), body(m));
}

TEST(Parser, ImplicitTypesAreAppendedInOrder) {
  Module m = parse(
      "(type $a (func)) (func (param i32)) (func (type $a)) (func (result i64))"
      "(func (param i32)) (func (param $x i32) (result i32) (local.get $x))");
  ASSERT_EQ(m.types.size(), 4u);
  EXPECT_EQ(m.types[1].func, sig({ValType::i32()}, {}));
  EXPECT_EQ(m.types[2].func, sig({}, {ValType::i64()}));
  EXPECT_EQ(m.types[3].func, sig({ValType::i32()}, {ValType::i32()}));
  ASSERT_EQ(m.funcs.size(), 5u);
  EXPECT_EQ(m.funcs[0].type, 1u);
  EXPECT_EQ(m.funcs[1].type, 0u);
  EXPECT_EQ(m.funcs[2].type, 2u);
  EXPECT_EQ(m.funcs[3].type, 1u);
  EXPECT_EQ(m.funcs[4].type, 3u);
  EXPECT_EQ(body(m, 4), (Bytes{0x20, 0x00, 0x0B}));
}

TEST(Parser, LabelsAndBranches) {
  Module m = parse("(func (block $out (loop $in (br_if $out (i32.const 0)) (br $in) (br_table $in $out 0))))");
  EXPECT_EQ(body(m), (Bytes{0x02, 0x40, 0x03, 0x40, 0x41, 0x00, 0x0D, 0x01, 0x0C, 0x00,
                            0x0E, 0x02, 0x00, 0x01, 0x00, 0x0B, 0x0B, 0x0B}));
  EXPECT_EQ(m.names.labels[0].names.at(0), "out");
  EXPECT_EQ(m.names.labels[0].names.at(1), "in");
  Module plain = parse("(func block $l i32.const 0 br_if $l end $l)");
  EXPECT_EQ(body(plain), (Bytes{0x02, 0x40, 0x41, 0x00, 0x0D, 0x00, 0x0B, 0x0B}));
}

TEST(Parser, TypeUsesReuseOnlyStandaloneFinalTypes) {
  Module m = parse(
      "(rec (type $r (func)) (type (func (param i32))))"
      "(type $s (sub (func)))"
      "(type $plain (func))"
      "(func) (func (param i32))");
  ASSERT_EQ(m.types.size(), 5u);
  ASSERT_EQ(m.rec_groups.size(), 4u);
  EXPECT_EQ(m.rec_groups[0].count, 2u);
  EXPECT_FALSE(m.types[2].final);
  EXPECT_EQ(m.funcs[0].type, 3u);
  EXPECT_EQ(m.funcs[1].type, 4u);
  EXPECT_EQ(m.types[4].func, sig({ValType::i32()}, {}));
}

TEST(Parser, StructAndArrayTypes) {
  Module m = parse("(type $p (struct (field $x i32) (field $y (mut i64)) (field i8 (mut i16))))"
                   "(type $a (array (mut f32)))");
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].kind, CompositeKind::Struct);
  ASSERT_EQ(m.types[0].fields.size(), 4u);
  EXPECT_TRUE(m.types[0].fields[1].mut);
  EXPECT_EQ(m.types[0].fields[1].type, ValType::i64());
  EXPECT_EQ(m.types[0].fields[2].packed, Packed::I8);
  EXPECT_TRUE(m.types[0].fields[3].mut);
  EXPECT_EQ(m.types[0].fields[3].packed, Packed::I16);
  EXPECT_EQ(m.types[1].kind, CompositeKind::Array);
  EXPECT_TRUE(m.types[1].fields[0].mut);
  EXPECT_EQ(m.names.fields[0].names.at(1), "y");
  EXPECT_EQ(m.names.types.names.at(1), "a");
}

TEST(Parser, BlockTypes) {
  Module m = parse(
      "(func (block (result i32) (i32.const 1)) drop"
      "  (block (param i32) (result i32) (i32.const 2)) drop)");
  // The multi-value block type gets an implicit type after the function's own.
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[1].func, sig({ValType::i32()}, {ValType::i32()}));
  EXPECT_EQ(body(m), (Bytes{0x02, 0x7F, 0x41, 0x01, 0x0B, 0x1A, 0x02, 0x01, 0x41, 0x02, 0x0B, 0x1A, 0x0B}));
}

TEST(Parser, BlockTypeUsesWithoutParamsTakeTheShortForm) {
  Module m = parse(
      "(type $v (func)) (type $r (func (result f64))) (type $p (func (param i32)))"
      "(func (block (type $v)) (block (type $r) (f64.const 0)) drop (i32.const 0) (block (type $p) drop))");
  EXPECT_EQ(body(m), (Bytes{0x02, 0x40, 0x0B, 0x02, 0x7C, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B, 0x1A,
                            0x41, 0x00, 0x02, 0x02, 0x1A, 0x0B, 0x0B}));
}

TEST(Parser, FoldedIf) {
  Module m = parse(
      "(func (param i32) (result i32)"
      "  (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))");
  EXPECT_EQ(body(m), (Bytes{0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B}));
  Module plain = parse("(func (param i32) local.get 0 if $l nop else $l nop end $l)");
  EXPECT_EQ(body(plain), (Bytes{0x20, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, 0x0B}));
}

TEST(Parser, MemoryInstructions) {
  Module m = parse(
      "(memory 1) (memory $b 1)"
      "(func (drop (i64.load32_u offset=8 (i32.const 0)))"
      "      (i32.store align=1 (i32.const 0) (i32.const 1))"
      "      (drop (f64.load $b offset=0x10 align=4 (i32.const 0)))"
      "      (drop (memory.size $b)) (memory.copy 0 $b (i32.const 0) (i32.const 0) (i32.const 0)))");
  EXPECT_EQ(body(m), (Bytes{0x41, 0x00, 0x35, 0x02, 0x08, 0x1A,
                            0x41, 0x00, 0x41, 0x01, 0x36, 0x00, 0x00,
                            0x41, 0x00, 0x2B, 0x42, 0x01, 0x10, 0x1A,
                            0x3F, 0x01, 0x1A,
                            0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(m.memories.size(), 2u);
}

TEST(Parser, Constants) {
  Module m = parse(
      "(func (f32.const nan:0x1) drop (f64.const -0) drop (i64.const 0x8000000000000000) drop"
      "      (i32.const 0xffffffff) drop)");
  EXPECT_EQ(body(m), (Bytes{0x43, 0x01, 0x00, 0x80, 0x7F, 0x1A,
                            0x44, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x1A,
                            0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x1A,
                            0x41, 0x7F, 0x1A, 0x0B}));
}

TEST(Parser, SelectCallIndirectRefs) {
  Module m = parse(
      "(type $t (func (param i32))) (table $tab 1 funcref) (func $f"
      "  (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))"
      "  (call_indirect $tab (type $t) (i32.const 0) (i32.const 0))"
      "  (drop (ref.null extern)) (drop (ref.func $f)))"
      "(elem declare func $f)");
  EXPECT_EQ(body(m), (Bytes{0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1C, 0x01, 0x7F, 0x1A,
                            0x41, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00,
                            0xD0, 0x6F, 0x1A, 0xD2, 0x00, 0x1A, 0x0B}));
  ASSERT_EQ(m.elems.size(), 1u);
  EXPECT_EQ(m.elems[0].mode, SegmentMode::Declarative);
}

TEST(Parser, InlineImportsAndExports) {
  Module m = parse(
      "(func $f (export \"a\") (export \"b\") (import \"m\" \"n\") (param i32))"
      "(global $g (import \"m\" \"g\") (mut i64))"
      "(memory (export \"mem\") 1 2)"
      "(func (export \"c\") (call $f (global.get $g) (i32.wrap_i64)))");
  ASSERT_EQ(m.imports.size(), 2u);
  EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.imports[0].name, "n");
  EXPECT_EQ(m.imports[1].kind, ExternKind::Global);
  EXPECT_TRUE(m.imports[1].global.mut);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  ASSERT_EQ(m.exports.size(), 4u);
  EXPECT_EQ(m.exports[0].name, "a");
  EXPECT_EQ(m.exports[1].name, "b");
  EXPECT_EQ(m.exports[2].kind, ExternKind::Memory);
  EXPECT_EQ(m.exports[3].index, 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_EQ(*m.memories[0].limits.max, 2u);
  EXPECT_EQ(body(m), (Bytes{0x23, 0x00, 0xA7, 0x10, 0x00, 0x0B}));
  EXPECT_EQ(m.names.funcs.names.at(0), "f");
  EXPECT_EQ(m.names.globals.names.at(0), "g");
}

TEST(Parser, ImportFieldsComeFirstInTheirIndexSpaces) {
  Module m = parse(
      "(import \"a\" \"f\" (func $imp (param $p i32)))"
      "(import \"a\" \"g\" (global $ig i32))"
      "(import \"a\" \"t\" (table 1 funcref))"
      "(global $own i32 (global.get $ig))"
      "(func $def (export \"d\") (call $imp (i32.const 0)) (call $def))");
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  ASSERT_EQ(m.exports.size(), 1u);
  EXPECT_EQ(m.exports[0].index, 1u);
  EXPECT_EQ(m.globals[0].init.code, (Bytes{0x23, 0x00, 0x0B}));
  EXPECT_EQ(body(m), (Bytes{0x41, 0x00, 0x10, 0x00, 0x10, 0x01, 0x0B}));
  EXPECT_EQ(m.names.funcs.names.at(1), "def");
  EXPECT_EQ(m.names.globals.names.at(1), "own");
}

TEST(Parser, TableAndMemoryAbbreviations) {
  Module m = parse("(table funcref (elem $f $g)) (func $f) (func $g) (memory (data \"ab\" \"c\"))");
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].type.limits.min, 2u);
  EXPECT_EQ(*m.tables[0].type.limits.max, 2u);
  ASSERT_EQ(m.elems.size(), 1u);
  const ElemSegment& e = m.elems[0];
  EXPECT_EQ(e.mode, SegmentMode::Active);
  EXPECT_TRUE(e.func_indices);
  EXPECT_EQ(e.offset.code, (Bytes{0x41, 0x00, 0x0B}));
  ASSERT_EQ(e.items.size(), 2u);
  EXPECT_EQ(e.items[1].code, (Bytes{0xD2, 0x01, 0x0B}));
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  ASSERT_EQ(m.datas.size(), 1u);
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b', 'c'}));
  Module typed = parse("(type $t (func)) (func $f) (table (ref null $t) (elem $f))");
  ASSERT_EQ(typed.elems.size(), 1u);
  EXPECT_FALSE(typed.elems[0].func_indices);
  EXPECT_EQ(typed.elems[0].type, ValType::ref(HeapType::concrete(0), true));
  EXPECT_EQ(typed.elems[0].items[0].code, (Bytes{0xD2, 0x00, 0x0B}));
  Module init = parse("(func $f) (table 3 funcref (ref.func $f))");
  ASSERT_TRUE(init.tables[0].init.has_value());
  EXPECT_EQ(init.tables[0].init->code, (Bytes{0xD2, 0x00, 0x0B}));
}

TEST(Parser, ElementAndDataSegments) {
  Module m = parse(
      "(table $t 10 funcref) (func $f) (memory 1)"
      "(elem (i32.const 0) $f 0)"
      "(elem $e (table $t) (offset (i32.const 1)) func $f)"
      "(elem funcref (ref.func $f) (item ref.null func))"
      "(data $d (memory 0) (i32.const 8) \"x\\01\")"
      "(data \"passive\")"
      "(func (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 2)"
      "      (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0)))");
  ASSERT_EQ(m.elems.size(), 3u);
  EXPECT_TRUE(m.elems[0].func_indices);
  EXPECT_EQ(m.elems[0].items.size(), 2u);
  EXPECT_EQ(m.elems[1].offset.code, (Bytes{0x41, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[2].mode, SegmentMode::Passive);
  EXPECT_FALSE(m.elems[2].func_indices);
  EXPECT_EQ(m.elems[2].items[1].code, (Bytes{0xD0, 0x70, 0x0B}));
  ASSERT_EQ(m.datas.size(), 2u);
  EXPECT_EQ(m.datas[0].offset.code, (Bytes{0x41, 0x08, 0x0B}));
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'x', 0x01}));
  EXPECT_EQ(m.datas[1].mode, SegmentMode::Passive);
  ASSERT_TRUE(m.data_count.has_value());
  EXPECT_EQ(*m.data_count, 2u);
  EXPECT_EQ(body(m, 1), (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x01, 0x00,
                               0xFC, 0x0D, 0x02,
                               0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(m.names.elems.names.at(1), "e");
  EXPECT_EQ(m.names.datas.names.at(0), "d");
}

TEST(Parser, LegacySegmentIndices) {
  Module m = parse("(table 0 funcref) (table $t 2 funcref) (memory 1) (func $f)"
                   "(elem $e $t (i32.const 1) $f) (elem 1 (offset (i32.const 0)) 0) (data 0 (i32.const 4) \"z\")");
  ASSERT_EQ(m.elems.size(), 2u);
  EXPECT_EQ(m.elems[0].table, 1u);
  EXPECT_EQ(m.elems[1].table, 1u);
  EXPECT_EQ(m.elems[1].items[0].code, (Bytes{0xD2, 0x00, 0x0B}));
  EXPECT_EQ(m.datas[0].memory, 0u);
  EXPECT_EQ(m.datas[0].offset.code, (Bytes{0x41, 0x04, 0x0B}));
}

TEST(Parser, LocalsAndNames) {
  Module m = parse("(module $mod (func $f (param $a i32) (param f32) (local $x i64) (local i64 i32)"
                   "  (local.set $x (i64.const 0)) (local.get $a) drop))");
  ASSERT_EQ(m.funcs.size(), 1u);
  ASSERT_EQ(m.funcs[0].locals.size(), 2u);
  EXPECT_EQ(m.funcs[0].locals[0].count, 2u);
  EXPECT_EQ(m.funcs[0].locals[1].count, 1u);
  EXPECT_EQ(m.funcs[0].num_locals, 3u);
  EXPECT_EQ(body(m), (Bytes{0x42, 0x00, 0x21, 0x02, 0x20, 0x00, 0x1A, 0x0B}));
  EXPECT_EQ(*m.names.module, "mod");
  EXPECT_EQ(m.names.locals[0].names.at(0), "a");
  EXPECT_EQ(m.names.locals[0].names.at(2), "x");
}

TEST(Parser, StartAndForwardReferences) {
  Module m = parse("(start $main) (func $main (call $later)) (func $later)");
  EXPECT_EQ(*m.start, 0u);
  EXPECT_EQ(body(m), (Bytes{0x10, 0x01, 0x0B}));
}

TEST(Parser, ErrorsHaveMessagesAndPositions) {
  Error e = parse_error("(module\n  (func (i32.const 0x100000000)))");
  EXPECT_EQ(e.message, "constant out of range");
  EXPECT_EQ(e.kind, ErrorKind::Malformed);
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 20u);
  e = parse_error("(func (foo))");
  EXPECT_EQ(e.message, "unknown operator foo");
  EXPECT_EQ(e.column, 8u);
  EXPECT_EQ(parse_error("(func (drop (get_local 0)))").message, "unknown operator get_local");
  EXPECT_EQ(parse_error("(func (i32.const) drop)").message, "unexpected token");
  EXPECT_EQ(parse_error("(func block $a end $b)").message, "mismatching label");
  EXPECT_EQ(parse_error("(func br $x)").message, "unknown label $x");
  EXPECT_EQ(parse_error("(func (call $g))").message, "unknown function $g");
  EXPECT_EQ(parse_error("(func (local.get $y))").message, "unknown local $y");
  EXPECT_EQ(parse_error("(func $f) (func $f)").message, "duplicate func $f");
  EXPECT_EQ(parse_error("(func (param $a i32) (local $a i32))").message, "duplicate local $a");
  EXPECT_EQ(parse_error("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))").message,
            "duplicate global $g");
  EXPECT_EQ(parse_error("(func) (import \"\" \"\" (memory 0))").message, "import after function");
  EXPECT_EQ(parse_error("(global i64 (i64.const 0)) (import \"\" \"\" (func))").message, "import after global");
  EXPECT_EQ(parse_error("(type $t (func)) (func (type $t) (param i32))").message, "inline function type");
  EXPECT_EQ(parse_error("(func (result f64) (f64.const 0)) (type (func)) (func (type 2) (param i32))").message,
            "unknown type");
  parse("(func (type 3))");  // without an inline signature, the validator reports it
  EXPECT_EQ(parse_error("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))").message.rfind("alignment", 0),
            0u);
  EXPECT_EQ(parse_error("(func $f) (start $f) (start $f)").message, "multiple start sections");
  EXPECT_EQ(parse_error("(func (export \"\\ff\"))").message, "malformed UTF-8 encoding");
  EXPECT_EQ(parse_error("(type (func (result i32) (param i32)))").message, "unexpected token");
  EXPECT_EQ(parse_error("(func (if i32.const 0 (then) (else)))").message, "unexpected token");
  EXPECT_EQ(parse_error("(module (func)").message, "unexpected token");
  EXPECT_EQ(parse_error("(module) (func)").message, "unexpected token");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string folded = "(func ";
  for (int i = 0; i < 100000; ++i) folded += "(block ";
  EXPECT_EQ(parse_error(folded).message, "nesting too deep");
  std::string plain = "(func ";
  for (int i = 0; i < 100000; ++i) plain += "block ";
  EXPECT_EQ(parse_error(plain).message, "nesting too deep");
  std::string sub = "(type ";
  for (int i = 0; i < 100000; ++i) sub += "(sub ";
  EXPECT_EQ(parse_error(sub).message, "nesting too deep");
  // 1000 levels parse; a sanitizer build's much larger frames hit the stack budget first, so
  // there the accepted depth is checked at 100.
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kDepth = 100;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  constexpr int kDepth = 100;
#else
  constexpr int kDepth = 1000;
#endif
#else
  constexpr int kDepth = 1000;
#endif
  std::string ok = "(func (result i32)";
  for (int i = 0; i < kDepth; ++i) ok += " (block (result i32)";
  ok += " (i32.const 0)" + std::string(kDepth + 1, ')');
  auto r = parse_module(ok, Features::all());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->funcs[0].body.code.size(), kDepth * 3u + 3);
}

}  // namespace
}  // namespace kiln::core::text
