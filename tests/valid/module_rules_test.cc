// Module-level validation rules, each failure with its exact message.
#include <gtest/gtest.h>

#include "valid/func_refs.h"
#include "valid/module_rules.h"

namespace kiln::core {
namespace {

using Bytes = std::vector<uint8_t>;

Expr expr(Bytes code, size_t offset = 0) { return Expr{std::move(code), offset}; }

// A module with one type [] -> [], one function, one funcref table and one memory.
Module base() {
  Module m;
  m.types = {SubType{}};
  Function fn;
  fn.body = expr({0x0B});
  m.funcs = {fn};
  Table t;
  t.type.limits.min = 1;
  m.tables = {t};
  MemoryType mem;
  mem.limits.min = 1;
  m.memories = {mem};
  return m;
}

void expect_invalid(const Module& m, const std::string& msg, const Features& f = Features()) {
  Status s = validate_module_rules(m, f);
  ASSERT_FALSE(s.ok()) << "expected: " << msg;
  EXPECT_EQ(s.error().message, msg);
  EXPECT_EQ(s.error().kind, ErrorKind::Invalid);
}

Global global(ValType t, bool mut, Bytes init) { return Global{GlobalType{t, mut}, expr(std::move(init))}; }

Import global_import(ValType t, bool mut) {
  Import im;
  im.module = "m";
  im.name = "g";
  im.kind = ExternKind::Global;
  im.global = GlobalType{t, mut};
  return im;
}

TEST(ModuleRules, ValidBaseModule) { EXPECT_TRUE(validate_module_rules(base(), Features()).ok()); }

TEST(ModuleRules, TypeIndices) {
  Module m = base();
  m.funcs[0].type = 3;
  expect_invalid(m, "unknown type 3");
  m = base();
  Import im;
  im.func_type = 1;
  m.imports = {im};
  m.count_imports();
  expect_invalid(m, "unknown type 1");
  m = base();
  SubType t;
  t.func.params = {ValType::ref(HeapType::concrete(5), true)};
  m.types.push_back(t);
  expect_invalid(m, "unknown type 5");
}

TEST(ModuleRules, Limits) {
  Module m = base();
  m.memories[0].limits = Limits{2, 1, false, false};
  expect_invalid(m, "size minimum must not be greater than maximum");
  m.memories[0].limits = Limits{65537, std::nullopt, false, false};
  expect_invalid(m, "memory size must be at most 65536 pages (4GiB)");
  m.memories[0].limits = Limits{0, 0x100000000ull, false, false};
  expect_invalid(m, "memory size must be at most 65536 pages (4GiB)");
  m.memories[0].limits = Limits{65536, 65536, false, false};
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m = base();
  m.tables[0].type.limits = Limits{0x100000000ull, std::nullopt, false, false};
  expect_invalid(m, "table size must be at most 2^32-1");
  m.tables[0].type.limits = Limits{3, 2, false, false};
  expect_invalid(m, "size minimum must not be greater than maximum");
}

TEST(ModuleRules, MultipleMemoriesNeedTheFeature) {
  Module m = base();
  m.memories.push_back(m.memories[0]);
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  Features f;
  f.set(Feature::MultiMemory, false);
  expect_invalid(m, "multiple memories", f);
}

TEST(ModuleRules, GlobalInitialisers) {
  Module m = base();
  m.globals = {global(ValType::i32(), false, {0x43, 0, 0, 0, 0, 0x0B})};
  expect_invalid(m, "type mismatch");
  m.globals = {global(ValType::i32(), false, {0x0B})};
  expect_invalid(m, "type mismatch");
  m.globals = {global(ValType::i32(), false, {0x41, 0, 0x41, 0, 0x0B})};
  expect_invalid(m, "type mismatch");
  m.globals = {global(ValType::i32(), false, {0x41, 0, 0x01, 0x0B})};
  expect_invalid(m, "constant expression required");
  m.globals = {global(ValType::i32(), false, {0x41, 0, 0x68, 0x0B})};  // i32.ctz
  expect_invalid(m, "constant expression required");
  // global.get: only imports and earlier immutable globals.
  m.globals = {global(ValType::i32(), false, {0x23, 0, 0x0B})};
  expect_invalid(m, "unknown global 0");
  m.globals = {global(ValType::i32(), false, {0x23, 1, 0x0B}), global(ValType::i32(), false, {0x41, 0, 0x0B})};
  expect_invalid(m, "unknown global 1");
  m.globals = {global(ValType::i32(), false, {0x41, 0, 0x0B}), global(ValType::i32(), false, {0x23, 0, 0x0B})};
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m.imports = {global_import(ValType::i32(), true)};
  m.count_imports();
  m.globals = {global(ValType::i32(), false, {0x23, 0, 0x0B})};
  expect_invalid(m, "constant expression required");
  m.imports = {global_import(ValType::externref(), false)};
  m.count_imports();
  m.globals = {global(ValType::funcref(), false, {0x23, 0, 0x0B})};
  expect_invalid(m, "type mismatch");
}

TEST(ModuleRules, ExtendedConstantExpressions) {
  Module m = base();
  m.globals = {global(ValType::i32(), false, {0x41, 1, 0x41, 2, 0x6A, 0x0B})};
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  Features f;
  f.set(Feature::ExtendedConst, false);
  expect_invalid(m, "constant expression required", f);
  m.globals = {global(ValType::i32(), false, {0x41, 1, 0x42, 2, 0x6A, 0x0B})};
  expect_invalid(m, "type mismatch");
}

TEST(ModuleRules, RefFuncAndDeclaredReferences) {
  Module m = base();
  m.globals = {global(ValType::funcref(), false, {0xD2, 7, 0x0B})};
  expect_invalid(m, "unknown function 7");
  m = base();
  Function second = m.funcs[0];
  m.funcs.push_back(second);
  m.funcs.push_back(second);
  m.globals = {global(ValType::funcref(), false, {0xD2, 2, 0x0B})};
  m.exports = {Export{"e", ExternKind::Func, 1}};
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  EXPECT_EQ(declared_func_refs(m, Features::all()), (std::vector<bool>{false, true, true}));
}

TEST(ModuleRules, Exports) {
  Module m = base();
  m.exports = {Export{"a", ExternKind::Func, 0}, Export{"a", ExternKind::Memory, 0}};
  expect_invalid(m, "duplicate export name");
  m.exports = {Export{"a", ExternKind::Func, 1}};
  expect_invalid(m, "unknown function 1");
  m.exports = {Export{"a", ExternKind::Table, 1}};
  expect_invalid(m, "unknown table 1");
  m.exports = {Export{"a", ExternKind::Memory, 2}};
  expect_invalid(m, "unknown memory 2");
  m.exports = {Export{"a", ExternKind::Global, 0}};
  expect_invalid(m, "unknown global 0");
}

TEST(ModuleRules, Start) {
  Module m = base();
  m.start = 7;
  expect_invalid(m, "unknown function 7");
  SubType t;
  t.func.results = {ValType::i32()};
  m.types.push_back(t);
  m.funcs[0].type = 1;
  m.start = 0;
  expect_invalid(m, "start function");
}

TEST(ModuleRules, ElementSegments) {
  Module m = base();
  ElemSegment seg;
  seg.mode = SegmentMode::Active;
  seg.table = 1;
  seg.offset = expr({0x41, 0, 0x0B});
  seg.items = {expr({0xD2, 0, 0x0B})};
  seg.func_indices = true;
  m.elems = {seg};
  expect_invalid(m, "unknown table 1");
  m.elems[0].table = 0;
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m.elems[0].offset = expr({0x42, 0, 0x0B});
  expect_invalid(m, "type mismatch");
  m.elems[0].offset = expr({0x41, 0, 0x0B});
  m.elems[0].type = ValType::externref();
  m.elems[0].items = {expr({0xD0, 0x6F, 0x0B})};
  expect_invalid(m, "type mismatch");  // externref segment, funcref table
  m.elems[0].mode = SegmentMode::Passive;
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m.elems[0].items = {expr({0xD2, 0, 0x0B})};
  expect_invalid(m, "type mismatch");  // a funcref item in an externref segment
}

TEST(ModuleRules, DataSegments) {
  Module m = base();
  DataSegment d;
  d.mode = SegmentMode::Active;
  d.memory = 1;
  d.offset = expr({0x41, 0, 0x0B}, 40);
  m.datas = {d};
  Status s = validate_module_rules(m, Features());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "unknown memory 1");
  EXPECT_EQ(s.error().offset, 40u);
  m.datas[0].memory = 0;
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m.datas[0].offset = expr({0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B});
  expect_invalid(m, "type mismatch");
  m.memories.clear();
  expect_invalid(m, "unknown memory 0");
}

TEST(ModuleRules, TableInitialisers) {
  Module m = base();
  m.tables[0].init = expr({0xD0, 0x70, 0x0B});
  EXPECT_TRUE(validate_module_rules(m, Features()).ok());
  m.tables[0].init = expr({0xD0, 0x6F, 0x0B});
  expect_invalid(m, "type mismatch");
}

TEST(ModuleRules, ConstExprOffsetsPointAtTheInstruction) {
  Module m = base();
  m.globals = {global(ValType::i32(), false, {0x41, 0, 0x01, 0x0B})};
  m.globals[0].init.offset = 100;
  Status s = validate_module_rules(m, Features());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().offset, 102u);
}

}  // namespace
}  // namespace kiln::core
