// Decoding of every section form into the module IR.
#include <gtest/gtest.h>

#include "test_bytes.h"

namespace kiln::core::testing {
namespace {

Module decode_ok(const Bytes& b, const Features& f = Features()) {
  auto r = decode(b, f);
  EXPECT_TRUE(r.ok()) << r.error().message << " at " << r.error().offset;
  return r.ok() ? std::move(r).value() : Module();
}

TEST(Decoder, EmptyModule) {
  Module m = decode_ok(module_bytes({}));
  EXPECT_TRUE(m.types.empty());
  EXPECT_FALSE(m.start.has_value());
  EXPECT_FALSE(m.data_count.has_value());
}

TEST(Decoder, FuncTypes) {
  Module m = decode_ok(module_bytes({section(1, {2, 0x60, 2, 0x7F, 0x7E, 1, 0x7D, 0x60, 0, 2, 0x7C, 0x70})}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].kind, CompositeKind::Func);
  EXPECT_TRUE(m.types[0].final);
  EXPECT_EQ(m.types[0].func, (FuncType{{ValType::i32(), ValType::i64()}, {ValType::f32()}}));
  EXPECT_EQ(m.types[1].func, (FuncType{{}, {ValType::f64(), ValType::funcref()}}));
  ASSERT_EQ(m.rec_groups.size(), 2u);  // one group per lone type
  EXPECT_EQ(m.rec_groups[1].first, 1u);
  EXPECT_EQ(m.rec_groups[1].count, 1u);
}

TEST(Decoder, GcTypes) {
  Features f;
  f.set(Feature::Gc);
  f.set(Feature::FunctionRefs);
  // rec { sub () struct (field (mut i8)) (field (ref null 1)); sub final 0 array i32 }
  Module m = decode_ok(module_bytes({section(1, {1, 0x4E, 2,
                                                 0x50, 0, 0x5F, 2, 0x78, 1, 0x63, 1, 0,
                                                 0x4F, 1, 0, 0x5E, 0x7F, 0})}),
                       f);
  ASSERT_EQ(m.types.size(), 2u);
  ASSERT_EQ(m.rec_groups.size(), 1u);
  EXPECT_EQ(m.rec_groups[0].count, 2u);
  EXPECT_EQ(m.types[0].kind, CompositeKind::Struct);
  EXPECT_FALSE(m.types[0].final);
  ASSERT_EQ(m.types[0].fields.size(), 2u);
  EXPECT_EQ(m.types[0].fields[0].packed, Packed::I8);
  EXPECT_TRUE(m.types[0].fields[0].mut);
  EXPECT_EQ(m.types[0].fields[1].type, ValType::ref(HeapType::concrete(1), true));
  EXPECT_EQ(m.types[1].kind, CompositeKind::Array);
  EXPECT_TRUE(m.types[1].final);
  EXPECT_EQ(m.types[1].supertypes, std::vector<uint32_t>{0});
  // Without the gc feature, `rec` is not a type form.
  EXPECT_EQ(decode(module_bytes({section(1, {1, 0x4E, 0})})).error().message, "malformed definition type");
}

TEST(Decoder, ImportsOfEveryKind) {
  Features f;
  f.set(Feature::Exceptions);
  Bytes imports = {5};
  auto add = [&](Bytes b) { imports.insert(imports.end(), b.begin(), b.end()); };
  add({1, 'm', 1, 'f', 0, 0});                // func, type 0
  add({1, 'm', 1, 't', 1, 0x6F, 1, 2, 3});    // table externref 2..3
  add({1, 'm', 0, 2, 0x05, 1, 4});            // memory, 64-bit, 1..4
  add({1, 'm', 1, 'g', 3, 0x7E, 1});          // global mut i64
  add({0, 1, 'e', 4, 0, 0});                  // tag, type 0
  Module m = decode_ok(module_bytes({section(1, {1, 0x60, 0, 0}), section(2, imports)}), f);
  ASSERT_EQ(m.imports.size(), 5u);
  EXPECT_EQ(m.imports[0].module, "m");
  EXPECT_EQ(m.imports[0].name, "f");
  EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.imports[1].table.elem, ValType::externref());
  EXPECT_EQ(m.imports[1].table.limits.min, 2u);
  EXPECT_EQ(m.imports[1].table.limits.max, std::optional<uint64_t>(3));
  EXPECT_EQ(m.imports[2].name, "");
  EXPECT_TRUE(m.imports[2].memory.limits.is64);
  EXPECT_EQ(m.imports[2].memory.limits.max, std::optional<uint64_t>(4));
  EXPECT_EQ(m.imports[3].global.type, ValType::i64());
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.imports[4].kind, ExternKind::Tag);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tags, 1u);
}

TEST(Decoder, FunctionsAndCode) {
  Module m = decode_ok(module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {2, 0, 0}),
                                     section(10, {2, 7, 2, 2, 0x7F, 0, 0x7E, 0x01, 0x0B,
                                                  6, 0, 0x41, 0x05, 0x1A, 0x01, 0x0B})}));
  ASSERT_EQ(m.funcs.size(), 2u);
  ASSERT_EQ(m.funcs[0].locals.size(), 1u);  // the zero-count declaration is dropped
  EXPECT_EQ(m.funcs[0].locals[0].count, 2u);
  EXPECT_EQ(m.funcs[0].num_locals, 2u);
  EXPECT_EQ(m.funcs[0].body.code, (Bytes{0x01, 0x0B}));
  EXPECT_EQ(m.funcs[0].body.offset, 28u);
  EXPECT_EQ(m.funcs[1].body.code, (Bytes{0x41, 0x05, 0x1A, 0x01, 0x0B}));
}

TEST(Decoder, TablesMemoriesGlobals) {
  Module m = decode_ok(module_bytes({
      section(4, {2, 0x70, 0, 1, 0x40, 0, 0x6F, 1, 0, 5, 0xD0, 0x6F, 0x0B}),
      section(5, {2, 0, 1, 1, 0, 2}),
      section(6, {1, 0x7F, 1, 0x41, 0x2A, 0x0B}),
  }));
  ASSERT_EQ(m.tables.size(), 2u);
  EXPECT_EQ(m.tables[0].type.limits.min, 1u);
  EXPECT_FALSE(m.tables[0].init.has_value());
  EXPECT_EQ(m.tables[1].type.elem, ValType::externref());
  ASSERT_TRUE(m.tables[1].init.has_value());
  EXPECT_EQ(m.tables[1].init->code, (Bytes{0xD0, 0x6F, 0x0B}));
  ASSERT_EQ(m.memories.size(), 2u);
  EXPECT_EQ(m.memories[1].limits.max, std::optional<uint64_t>(2));
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_TRUE(m.globals[0].type.mut);
  EXPECT_EQ(m.globals[0].init.code, (Bytes{0x41, 0x2A, 0x0B}));
}

TEST(Decoder, ExportsAndStart) {
  Module m = decode_ok(module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {1, 0}),
                                     section(7, {2, 1, 'f', 0, 0, 3, 'm', 'e', 'm', 2, 0}),
                                     section(8, {0}), section(10, {1, 2, 0, 0x0B})}));
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[0].name, "f");
  EXPECT_EQ(m.exports[1].kind, ExternKind::Memory);
  EXPECT_EQ(m.start, std::optional<uint32_t>(0));
}

TEST(Decoder, ElementSegmentsOfAllEightForms) {
  Bytes elems = {8};
  auto add = [&](Bytes b) { elems.insert(elems.end(), b.begin(), b.end()); };
  add({0, 0x41, 0, 0x0B, 2, 0, 1});                  // 0: active table 0, indices
  add({1, 0, 1, 1});                                 // 1: passive, indices
  add({2, 1, 0x41, 3, 0x0B, 0, 1, 0});               // 2: active table 1, indices
  add({3, 0, 1, 0});                                 // 3: declarative, indices
  add({4, 0x41, 0, 0x0B, 1, 0xD0, 0x70, 0x0B});      // 4: active table 0, exprs
  add({5, 0x6F, 1, 0xD0, 0x6F, 0x0B});               // 5: passive externref, exprs
  add({6, 1, 0x41, 0, 0x0B, 0x70, 1, 0xD2, 1, 0x0B});// 6: active table 1, exprs
  add({7, 0x70, 0});                                 // 7: declarative, no items
  Module m = decode_ok(module_bytes({section(9, elems)}));
  ASSERT_EQ(m.elems.size(), 8u);
  EXPECT_EQ(m.elems[0].mode, SegmentMode::Active);
  EXPECT_TRUE(m.elems[0].func_indices);
  ASSERT_EQ(m.elems[0].items.size(), 2u);
  EXPECT_EQ(m.elems[0].items[1].code, (Bytes{0xD2, 1, 0x0B}));
  EXPECT_EQ(m.elems[0].offset.code, (Bytes{0x41, 0, 0x0B}));
  EXPECT_EQ(m.elems[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.elems[2].table, 1u);
  EXPECT_EQ(m.elems[2].offset.code, (Bytes{0x41, 3, 0x0B}));
  EXPECT_EQ(m.elems[3].mode, SegmentMode::Declarative);
  EXPECT_FALSE(m.elems[4].func_indices);
  EXPECT_EQ(m.elems[4].type, ValType::funcref());
  EXPECT_EQ(m.elems[4].items[0].code, (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elems[5].type, ValType::externref());
  EXPECT_EQ(m.elems[6].table, 1u);
  EXPECT_EQ(m.elems[6].items[0].code, (Bytes{0xD2, 1, 0x0B}));
  EXPECT_EQ(m.elems[7].mode, SegmentMode::Declarative);
  EXPECT_TRUE(m.elems[7].items.empty());
}

TEST(Decoder, DataSegmentsAndDataCount) {
  Module m = decode_ok(module_bytes({section(12, {3}),
                                     section(11, {3, 0, 0x41, 1, 0x0B, 2, 'h', 'i', 1, 1, 'x',
                                                  2, 1, 0x41, 0, 0x0B, 0})}));
  EXPECT_EQ(m.data_count, std::optional<uint32_t>(3));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.datas[0].offset.code, (Bytes{0x41, 1, 0x0B}));
  EXPECT_EQ(m.datas[0].bytes, str("hi"));
  EXPECT_EQ(m.datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_TRUE(m.datas[2].bytes.empty());
}

TEST(Decoder, CustomSectionsRememberTheirPlace) {
  Module m = decode_ok(module_bytes({section(0, {1, 'a', 7}), section(1, {0}), section(0, {1, 'b'}),
                                     section(5, {0}), section(0, {0, 1, 2})}));
  ASSERT_EQ(m.customs.size(), 3u);
  EXPECT_EQ(m.customs[0].name, "a");
  EXPECT_EQ(m.customs[0].data, Bytes{7});
  EXPECT_EQ(m.customs[0].after_section, 0);
  EXPECT_EQ(m.customs[1].after_section, 1);
  EXPECT_EQ(m.customs[2].name, "");
  EXPECT_EQ(m.customs[2].after_section, 5);
  EXPECT_EQ(m.customs[2].data, (Bytes{1, 2}));
}

TEST(Decoder, NameSection) {
  Bytes payload = str("\x04name");
  Bytes subs = {0, 2, 1, 'M',                       // module "M"
                1, 5, 1, 0, 2, 'f', 'n',            // func 0 "fn"
                2, 6, 1, 0, 1, 1, 1, 'x',           // func 0 local 1 "x"
                7, 4, 1, 2, 1, 'g'};                // global 2 "g"
  payload.insert(payload.end(), subs.begin(), subs.end());
  Module m = decode_ok(module_bytes({section(0, payload)}));
  EXPECT_EQ(m.names.module, std::optional<std::string>("M"));
  EXPECT_EQ(m.names.funcs.names.at(0), "fn");
  EXPECT_EQ(m.names.locals.at(0).names.at(1), "x");
  EXPECT_EQ(m.names.globals.names.at(2), "g");
  // A broken name section keeps what came before the error and is not an error itself.
  Bytes broken = str("\x04name");
  Bytes subs2 = {0, 2, 1, 'M', 1, 9, 1};
  broken.insert(broken.end(), subs2.begin(), subs2.end());
  Module m2 = decode_ok(module_bytes({section(0, broken)}));
  EXPECT_EQ(m2.names.module, std::optional<std::string>("M"));
  EXPECT_TRUE(m2.names.funcs.names.empty());
}

}  // namespace
}  // namespace kiln::core::testing
