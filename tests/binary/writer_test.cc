// The binary writer: exact bytes for small modules, and write -> decode round trips.
#include <gtest/gtest.h>

#include "binary/writer.h"
#include "test_bytes.h"

namespace kiln::core::testing {
namespace {

Expr expr(Bytes code) { return Expr{std::move(code), 0}; }

// A module touching every section.
Module sample_module() {
  Module m;
  SubType t0;
  t0.func = FuncType{{ValType::i32()}, {ValType::i64()}};
  SubType t1;
  m.types = {t0, t1};
  m.rec_groups = {{0, 1}, {1, 1}};
  Import im;
  im.module = "env";
  im.name = "f";
  im.func_type = 1;
  Import ig;
  ig.module = "env";
  ig.name = "g";
  ig.kind = ExternKind::Global;
  ig.global = GlobalType{ValType::i32(), false};
  m.imports = {im, ig};
  m.count_imports();
  Function fn;
  fn.type = 0;
  fn.locals = {{2, ValType::f32()}, {1, ValType::externref()}};
  fn.num_locals = 3;
  fn.body = expr({0x42, 0x07, 0x0B});
  m.funcs = {fn};
  Table tab;
  tab.type.limits = Limits{1, 10, false, false};
  Table tab2;
  tab2.type.elem = ValType::externref();
  tab2.init = expr({0xD0, 0x6F, 0x0B});
  m.tables = {tab, tab2};
  MemoryType mem;
  mem.limits.min = 1;
  m.memories = {mem};
  m.globals = {Global{GlobalType{ValType::i32(), true}, expr({0x23, 0x00, 0x0B})}};
  m.exports = {Export{"run", ExternKind::Func, 1}, Export{"mem", ExternKind::Memory, 0}};
  m.start = 0;
  ElemSegment e0;
  e0.mode = SegmentMode::Active;
  e0.offset = expr({0x41, 0x00, 0x0B});
  e0.items = {expr({0xD2, 0x01, 0x0B})};
  e0.func_indices = true;
  ElemSegment e1;
  e1.mode = SegmentMode::Passive;
  e1.type = ValType::externref();
  e1.items = {expr({0xD0, 0x6F, 0x0B})};
  m.elems = {e0, e1};
  DataSegment d0;
  d0.mode = SegmentMode::Active;
  d0.offset = expr({0x41, 0x08, 0x0B});
  d0.bytes = str("abc");
  DataSegment d1;
  d1.bytes = str("z");
  m.datas = {d0, d1};
  m.data_count = 2;
  m.customs = {CustomSection{"first", {1}, 0, 0}, CustomSection{"after-code", {2, 3}, 10, 0}};
  return m;
}

TEST(Writer, EmptyModuleIsTheHeader) {
  EXPECT_EQ(write_module(Module()), (Bytes{0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0}));
}

TEST(Writer, ExactBytesOfAFunction) {
  Module m;
  m.types = {SubType{}};
  Function fn;
  fn.locals = {{1, ValType::i32()}, {2, ValType::i32()}, {1, ValType::i64()}};  // merged: 3 i32, 1 i64
  fn.body = expr({0x0B});
  m.funcs = {fn};
  m.exports = {Export{"f", ExternKind::Func, 0}};
  EXPECT_EQ(write_module(m), module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {1, 0}),
                                            section(7, {1, 1, 'f', 0, 0}),
                                            section(10, {1, 6, 2, 3, 0x7F, 1, 0x7E, 0x0B})}));
}

TEST(Writer, LebsAreMinimal) {
  Module m;
  MemoryType mem;
  mem.limits = Limits{0x80, 0x10000, false, false};
  m.memories = {mem};
  EXPECT_EQ(write_module(m), module_bytes({section(5, {1, 1, 0x80, 0x01, 0x80, 0x80, 0x04})}));
}

TEST(Writer, RoundTripKeepsEverything) {
  Module m = sample_module();
  Bytes bytes = write_module(m);
  auto r = decode(bytes);
  ASSERT_TRUE(r.ok()) << r.error().message << " at " << r.error().offset;
  const Module& d = *r;
  ASSERT_EQ(d.types.size(), 2u);
  EXPECT_EQ(d.types[0].func, m.types[0].func);
  ASSERT_EQ(d.imports.size(), 2u);
  EXPECT_EQ(d.imports[0].func_type, 1u);
  EXPECT_EQ(d.imports[1].global.type, ValType::i32());
  ASSERT_EQ(d.funcs.size(), 1u);
  EXPECT_EQ(d.funcs[0].locals.size(), 2u);
  EXPECT_EQ(d.funcs[0].locals[1].type, ValType::externref());
  EXPECT_EQ(d.funcs[0].num_locals, 3u);
  EXPECT_EQ(d.funcs[0].body.code, m.funcs[0].body.code);
  ASSERT_EQ(d.tables.size(), 2u);
  EXPECT_EQ(d.tables[0].type.limits.max, std::optional<uint64_t>(10));
  ASSERT_TRUE(d.tables[1].init.has_value());
  EXPECT_EQ(d.tables[1].init->code, m.tables[1].init->code);
  EXPECT_EQ(d.memories.size(), 1u);
  EXPECT_EQ(d.globals[0].init.code, m.globals[0].init.code);
  EXPECT_TRUE(d.globals[0].type.mut);
  ASSERT_EQ(d.exports.size(), 2u);
  EXPECT_EQ(d.exports[0].name, "run");
  EXPECT_EQ(d.exports[1].kind, ExternKind::Memory);
  EXPECT_EQ(d.start, m.start);
  ASSERT_EQ(d.elems.size(), 2u);
  EXPECT_TRUE(d.elems[0].func_indices);
  EXPECT_EQ(d.elems[0].items[0].code, m.elems[0].items[0].code);
  EXPECT_EQ(d.elems[1].mode, SegmentMode::Passive);
  EXPECT_EQ(d.elems[1].type, ValType::externref());
  EXPECT_EQ(d.elems[1].items[0].code, m.elems[1].items[0].code);
  ASSERT_EQ(d.datas.size(), 2u);
  EXPECT_EQ(d.datas[0].bytes, str("abc"));
  EXPECT_EQ(d.datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(d.data_count, std::optional<uint32_t>(2));
  ASSERT_EQ(d.customs.size(), 2u);
  EXPECT_EQ(d.customs[0].name, "first");
  EXPECT_EQ(d.customs[0].after_section, 0);
  EXPECT_EQ(d.customs[1].name, "after-code");
  EXPECT_EQ(d.customs[1].after_section, 10);
  EXPECT_EQ(d.customs[1].data, (Bytes{2, 3}));
  // And writing the decoded module again gives the same bytes.
  EXPECT_EQ(write_module(d), bytes);
}

TEST(Writer, ElementSegmentForms) {
  auto flags_of = [](const ElemSegment& seg) {
    Module m;
    m.elems = {seg};
    Bytes b = write_module(m);
    return b[11];  // header, id, size, count, then the flags
  };
  ElemSegment s;
  s.mode = SegmentMode::Active;
  s.offset = expr({0x41, 0, 0x0B});
  s.items = {expr({0xD2, 0, 0x0B})};
  EXPECT_EQ(flags_of(s), 0);  // ref.func items of funcref: indices
  s.table = 1;
  EXPECT_EQ(flags_of(s), 2);
  s.table = 0;
  s.items.push_back(expr({0xD0, 0x70, 0x0B}));
  EXPECT_EQ(flags_of(s), 4);  // a non-ref.func item: expressions
  s.type = ValType::externref();
  s.items = {expr({0xD0, 0x6F, 0x0B})};
  EXPECT_EQ(flags_of(s), 6);  // not funcref: the type needs the explicit form
  s.mode = SegmentMode::Passive;
  EXPECT_EQ(flags_of(s), 5);
  s.mode = SegmentMode::Declarative;
  EXPECT_EQ(flags_of(s), 7);
  s.type = ValType::funcref();
  s.items = {expr({0xD2, 0, 0x0B})};
  EXPECT_EQ(flags_of(s), 3);
  s.mode = SegmentMode::Passive;
  EXPECT_EQ(flags_of(s), 1);
}

TEST(Writer, NameSectionAsWat2wasmWritesIt) {
  Module m;
  m.types = {SubType{}};
  Function fn;
  fn.body = expr({0x0B});
  m.funcs = {fn};
  m.names.module = "M";
  m.names.funcs.names[0] = "f";
  m.names.locals[0].names[0] = "x";
  m.names.globals.names[3] = "g";
  m.customs = {CustomSection{"name", {9, 9}, 11, 0}};  // replaced when names are written
  Bytes name_payload = str("\x04name");
  Bytes subs = {0, 2, 1, 'M', 1, 4, 1, 0, 1, 'f', 2, 6, 1, 0, 1, 0, 1, 'x', 7, 4, 1, 3, 1, 'g'};
  name_payload.insert(name_payload.end(), subs.begin(), subs.end());
  EXPECT_EQ(write_module(m, WriteOptions{true}),
            module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {1, 0}), section(10, {1, 2, 0, 0x0B}),
                          section(0, name_payload)}));
  // Without names, the name custom section is written back as it was.
  Bytes plain = write_module(m);
  EXPECT_EQ(Bytes(plain.end() - 9, plain.end()), (Bytes{0, 7, 4, 'n', 'a', 'm', 'e', 9, 9}));
  // Decoding reads the names back.
  auto r = decode(write_module(m, WriteOptions{true}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->names.module, std::optional<std::string>("M"));
  EXPECT_EQ(r->names.locals.at(0).names.at(0), "x");
  EXPECT_EQ(r->names.globals.names.at(3), "g");
}

TEST(Writer, GcTypesRoundTrip) {
  Features f;
  f.set(Feature::Gc);
  f.set(Feature::FunctionRefs);
  Module m;
  SubType s;
  s.kind = CompositeKind::Struct;
  s.final = false;
  s.fields = {FieldType{ValType::i32(), Packed::I16, true}, FieldType{ValType::ref(HeapType::concrete(1), false), Packed::None, false}};
  SubType a;
  a.kind = CompositeKind::Array;
  a.supertypes = {0};
  a.fields = {FieldType{ValType::f64(), Packed::None, true}};
  m.types = {s, a};
  m.rec_groups = {{0, 2}};
  Bytes b = write_module(m);
  EXPECT_EQ(b, module_bytes({section(1, {1, 0x4E, 2, 0x50, 0, 0x5F, 2, 0x77, 1, 0x64, 1, 0,
                                         0x4F, 1, 0, 0x5E, 0x7C, 1})}));
  auto r = decode(b, f);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(write_module(*r), b);
}

}  // namespace
}  // namespace kiln::core::testing
