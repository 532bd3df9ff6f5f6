#include "runtime/instantiate.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>

#include "interp/interp.h"
#include "runtime/linker.h"
#include "runtime/spectest.h"
#include "module_builder.h"

namespace kiln::core::rt {
namespace {

using test::add_import;
using test::add_nop_func;
using test::add_type;

// Compiles `m` and instantiates it with imports resolved from spectest (and `extra`).
struct Fixture : ::testing::Test {
  Store store;
  Linker linker;
  void SetUp() override { linker.define("spectest", make_spectest(store)); }

  Result<ModuleInstance*> run(Module m) {
    auto compiled = interp::compile(std::move(m), Features());
    if (!compiled.ok()) return compiled.error();
    auto imports = linker.resolve((*compiled)->module);
    if (!imports.ok()) return imports.error();
    return instantiate(store, *compiled, *imports);
  }
  MemoryInst* spectest_memory() { return linker.find("spectest", "memory")->memory(); }
  TableInst* spectest_table() { return linker.find("spectest", "table")->table(); }
};

using InstantiateTest = Fixture;

TEST_F(InstantiateTest, UnknownImportNamesModuleAndField) {
  Module m;
  add_import(m, test::memory_import("spectest", "nope", 1, std::nullopt));
  auto r = run(std::move(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Link);
  EXPECT_EQ(r.error().message, "unknown import \"spectest\" \"nope\"");
}

TEST_F(InstantiateTest, MemoryLimitsSubtyping) {
  // spectest.memory is 1..2 pages.
  struct Case {
    uint64_t min;
    std::optional<uint64_t> max;
    bool ok;
  } cases[] = {{0, std::nullopt, true}, {1, 2, true}, {1, 3, true}, {0, 2, true},
               {2, std::nullopt, false}, {1, 1, false}, {0, 1, false}};
  for (const Case& c : cases) {
    Module m;
    add_import(m, test::memory_import("spectest", "memory", c.min, c.max));
    auto r = run(std::move(m));
    EXPECT_EQ(r.ok(), c.ok) << "min " << c.min << " max " << (c.max ? *c.max : 0);
    if (!r.ok()) {
      EXPECT_EQ(r.error().kind, ErrorKind::Link);
      EXPECT_EQ(r.error().message, "incompatible import type");
    }
  }
}

TEST_F(InstantiateTest, ImportKindAndFunctionTypeMustMatch) {
  {
    Module m;  // a memory imported as a table
    Import im = test::table_import("spectest", "memory", 0, std::nullopt);
    add_import(m, im);
    auto r = run(std::move(m));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "incompatible import type");
  }
  {
    Module m;  // print_i32 : [i32] -> [] imported as [] -> []
    Import im;
    im.module = "spectest";
    im.name = "print_i32";
    im.kind = ExternKind::Func;
    im.func_type = add_type(m, FuncType{});
    add_import(m, im);
    auto r = run(std::move(m));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Link);
    EXPECT_EQ(r.error().message, "incompatible import type");
  }
  {
    Module m;  // the immutable global_i32 imported as mutable
    Import im;
    im.module = "spectest";
    im.name = "global_i32";
    im.kind = ExternKind::Global;
    im.global = GlobalType{ValType::i32(), true};
    add_import(m, im);
    auto r = run(std::move(m));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "incompatible import type");
  }
}

TEST_F(InstantiateTest, GlobalInitialisersReadImportedGlobals) {
  Module m;
  Import im;
  im.module = "spectest";
  im.name = "global_i32";
  im.kind = ExternKind::Global;
  im.global = GlobalType{ValType::i32(), false};
  add_import(m, im);
  Global g;
  g.type = GlobalType{ValType::i32(), false};
  // global.get 0; i32.const 1; i32.add  (extended constant expression)
  g.init.code = {0x23, 0x00, 0x41, 0x01, 0x6A, 0x0B};
  m.globals.push_back(g);
  m.exports.push_back(Export{"g", ExternKind::Global, 1});
  auto r = run(std::move(m));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->exports.at("g").global()->value[0], 667u);
}

TEST_F(InstantiateTest, DataSegmentsBeforeAFailingOnePersist) {
  Module m;
  add_import(m, test::memory_import("spectest", "memory", 1, std::nullopt));
  m.datas.push_back(test::active_data(10, "ab"));
  m.datas.push_back(test::active_data(65535, "xy"));  // one byte past the end
  m.datas.push_back(test::active_data(20, "cd"));
  auto r = run(std::move(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
  MemoryInst* mem = spectest_memory();
  EXPECT_EQ(std::memcmp(mem->data + 10, "ab", 2), 0);
  EXPECT_EQ(mem->data[65535], 0);
  EXPECT_EQ(mem->data[20], 0);
}

TEST_F(InstantiateTest, EmptyDataSegmentAtTheEndIsInBounds) {
  Module m;
  add_import(m, test::memory_import("spectest", "memory", 1, std::nullopt));
  m.datas.push_back(test::active_data(65536, ""));
  EXPECT_TRUE(run(std::move(m)).ok());
  Module m2;
  add_import(m2, test::memory_import("spectest", "memory", 1, std::nullopt));
  m2.datas.push_back(test::active_data(65537, ""));
  auto r = run(std::move(m2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST_F(InstantiateTest, ElementSegmentsTrapOutOfBoundsAndDrop) {
  Module m;
  add_import(m, test::table_import("spectest", "table", 10, std::nullopt));
  uint32_t t = add_type(m, FuncType{});
  add_nop_func(m, t);
  ElemSegment ok;
  ok.mode = SegmentMode::Active;
  ok.offset = test::i32_const(0);
  ok.items = {test::ref_func(0)};
  ok.func_indices = true;
  ElemSegment bad = ok;
  bad.offset = test::i32_const(9);
  bad.items = {test::ref_func(0), test::ref_func(0)};
  m.elems = {ok, bad};
  auto r = run(std::move(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds table access");
  TableInst* table = spectest_table();
  EXPECT_NE(table->elems[0], kNullRef);  // the first segment was written
  EXPECT_EQ(table->elems[9], kNullRef);
}

TEST_F(InstantiateTest, ActiveSegmentsAreDroppedPassiveOnesKept) {
  Module m;
  uint32_t t = add_type(m, FuncType{});
  add_nop_func(m, t);
  Table table;
  table.type.limits.min = 2;
  m.tables.push_back(table);
  m.memories.push_back(MemoryType{Limits{1, std::nullopt, false, false}, 16});
  ElemSegment active;
  active.mode = SegmentMode::Active;
  active.offset = test::i32_const(1);
  active.items = {test::ref_func(0)};
  ElemSegment passive = active;
  passive.mode = SegmentMode::Passive;
  ElemSegment declarative = active;
  declarative.mode = SegmentMode::Declarative;
  m.elems = {active, passive, declarative};
  m.datas.push_back(test::active_data(0, "z"));
  DataSegment pd;
  pd.bytes = {1, 2, 3};
  m.datas.push_back(pd);
  m.data_count = 2;
  auto r = run(std::move(m));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ModuleInstance* inst = *r;
  EXPECT_EQ(inst->tables[0]->elems[0], kNullRef);
  EXPECT_EQ(inst->tables[0]->elems[1], reinterpret_cast<Ref>(inst->funcs[0]));
  EXPECT_TRUE(inst->elems[0].refs.empty());
  EXPECT_EQ(inst->elems[1].refs.size(), 1u);
  EXPECT_TRUE(inst->elems[2].refs.empty());
  EXPECT_EQ(inst->datas[0].size, 0u);
  EXPECT_EQ(inst->datas[1].size, 3u);
  EXPECT_EQ(inst->memories[0]->data[0], 'z');
}

TEST_F(InstantiateTest, StartFunctionRunsAfterSegments) {
  Module m;
  int calls = 0;
  uint8_t seen = 0;
  MemoryInst* mem = spectest_memory();
  FuncInst* host = store.new_host_func(FuncType{}, [&](Store&, const Slot*, Slot*) -> CallResult {
    ++calls;
    seen = mem->data[100];
    return Ok();
  });
  linker.define("host", {{"f", Extern{ExternKind::Func, host}}});
  Import im;
  im.module = "host";
  im.name = "f";
  im.kind = ExternKind::Func;
  im.func_type = add_type(m, FuncType{});
  add_import(m, im);
  add_import(m, test::memory_import("spectest", "memory", 1, std::nullopt));
  m.datas.push_back(test::active_data(100, "S"));
  m.start = 0;
  auto r = run(std::move(m));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 'S');
}

TEST_F(InstantiateTest, StartFunctionTrapIsReported) {
  Module m;
  FuncInst* host = store.new_host_func(FuncType{}, [](Store&, const Slot*, Slot*) -> CallResult {
    return Error("unreachable", ErrorKind::Trap);
  });
  linker.define("host", {{"f", Extern{ExternKind::Func, host}}});
  Import im;
  im.module = "host";
  im.name = "f";
  im.kind = ExternKind::Func;
  im.func_type = add_type(m, FuncType{});
  add_import(m, im);
  m.start = 0;
  auto r = run(std::move(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "unreachable");
}

TEST(SpectestTest, ValuesAreTheReferenceInterpreters) {
  Store store;
  ExportMap s = make_spectest(store);
  EXPECT_EQ(s.at("global_i32").global()->value[0], 666u);
  EXPECT_EQ(s.at("global_i64").global()->value[0], 666u);
  EXPECT_EQ(s.at("global_f32").global()->value[0], std::bit_cast<uint32_t>(666.6f));
  EXPECT_EQ(s.at("global_f64").global()->value[0], std::bit_cast<uint64_t>(666.6));
  EXPECT_FALSE(s.at("global_i32").global()->type.mut);
  TableInst* t = s.at("table").table();
  EXPECT_EQ(t->elems.size(), 10u);
  EXPECT_EQ(t->type.limits.max, std::optional<uint64_t>(20));
  EXPECT_TRUE(t->type.elem == ValType::funcref());
  MemoryInst* mem = s.at("memory").memory();
  EXPECT_EQ(mem->pages(), 1u);
  EXPECT_EQ(mem->max_pages, 2u);
  FuncInst* p = s.at("print_i32_f32").func();
  ASSERT_EQ(p->type->params.size(), 2u);
  EXPECT_TRUE(p->type->params[1] == ValType::f32());
  EXPECT_TRUE(p->type->results.empty());
  for (const char* name : {"print", "print_i32", "print_i64", "print_f32", "print_f64", "print_f64_f64"}) {
    EXPECT_EQ(s.at(name).kind, ExternKind::Func) << name;
  }
}

}  // namespace
}  // namespace kiln::core::rt

namespace kiln::core::rt {
namespace {

TEST_F(InstantiateTest, TableLimitsSubtypingUsesTheCurrentSize) {
  // spectest.table has 10 entries and a maximum of 20.
  TableInst* table = spectest_table();
  struct Case {
    uint64_t min;
    std::optional<uint64_t> max;
    bool ok;
  } before[] = {{10, std::nullopt, true}, {10, 20, true}, {11, std::nullopt, false}, {10, 15, false}},
    after[] = {{12, std::nullopt, true}, {12, 20, true}, {13, 30, false}};
  auto check = [&](const Case& c) {
    Module m;
    add_import(m, test::table_import("spectest", "table", c.min, c.max));
    auto r = run(std::move(m));
    EXPECT_EQ(r.ok(), c.ok) << "min " << c.min << " max " << (c.max ? *c.max : 0) << " size "
                            << table->elems.size();
  };
  for (const Case& c : before) check(c);
  ASSERT_EQ(table->grow(2, kNullRef), 10);
  for (const Case& c : after) check(c);
}

TEST_F(InstantiateTest, WrongImportCountIsALinkError) {
  Module m;
  add_import(m, test::memory_import("spectest", "memory", 1, std::nullopt));
  auto compiled = interp::compile(std::move(m), Features());
  ASSERT_TRUE(compiled.ok());
  auto r = instantiate(store, *compiled, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Link);
  EXPECT_EQ(r.error().message, "wrong number of imports: expected 1, got 0");
}

}  // namespace
}  // namespace kiln::core::rt
