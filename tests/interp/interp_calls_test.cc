// Interpreter: call_indirect checks, host functions and re-entry, tables and bulk memory.
#include <gtest/gtest.h>

#include "test_module.h"

namespace kiln::core::testing {
namespace {

using rt::Slot;

TEST(InterpCalls, CallIndirectChecks) {
  ModuleBuilder b;
  uint32_t v_i = b.type({}, {I32()});
  uint32_t i_i = b.type({I32()}, {I32()});
  b.table(3);
  uint32_t f42 = b.func(v_i, i32c(42));
  uint32_t fid = b.func(i_i, {0x20, 0x00});
  // (func (param i32) (result i32) local.get 0 call_indirect (type v_i))
  uint32_t caller = b.func(i_i, {0x20, 0x00, 0x11, static_cast<uint8_t>(v_i), 0x00});
  b.elem({f42, fid}, 0);
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(caller, {0}))[0], 42u);
  EXPECT_EQ(t->call_msg(caller, {1}), "indirect call type mismatch");
  EXPECT_EQ(t->call_msg(caller, {2}), "uninitialized element 2");
  EXPECT_EQ(t->call_msg(caller, {3}), "undefined element 3");
}

TEST(InterpCalls, HostFunctionAndReentry) {
  ModuleBuilder b;
  uint32_t i_i = b.type({I32()}, {I32()});
  uint32_t host = b.import_func(i_i);
  // f(x) = x == 0 ? 100 : host(x - 1) + 1, and the host calls f back.
  Code body = {0x20, 0x00, 0x45, 0x04, 0x7F, 0x41, 0xE4, 0x00, 0x05,
               0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, static_cast<uint8_t>(host),
               0x41, 0x01, 0x6A, 0x0B};
  uint32_t f = b.func(i_i, body);
  TestInstance* self = nullptr;
  auto cb = [&](rt::Store& store, const Slot* args, Slot* results) -> rt::CallResult {
    return interp::invoke(store, self->inst->funcs[f], args, results);
  };
  auto t = std::move(instantiate(std::move(b.m), {cb})).value();
  self = t.get();
  EXPECT_EQ((*t->call(f, {5}))[0], 105u);
  // Unbounded host <-> wasm recursion ends in exhaustion, not a crash.
  EXPECT_EQ(t->call_msg(f, {100000}), "call stack exhausted");
  EXPECT_EQ((*t->call(f, {3}))[0], 103u);
}

TEST(InterpCalls, HostErrorPropagates) {
  ModuleBuilder b;
  uint32_t v_v = b.type({}, {});
  uint32_t host = b.import_func(v_v);
  uint32_t f = b.func(v_v, {0x10, static_cast<uint8_t>(host)});
  auto cb = [](rt::Store&, const Slot*, Slot*) -> rt::CallResult {
    return Error("boom", ErrorKind::Trap);
  };
  auto t = std::move(instantiate(std::move(b.m), {cb})).value();
  EXPECT_EQ(t->call_msg(f, {}), "boom");
}

TEST(InterpCalls, MemoryCopyOverlapsAndChecksBounds) {
  ModuleBuilder b;
  b.memory(1);
  b.data({1, 2, 3, 4}, 0);
  uint32_t iii_v = b.type({I32(), I32(), I32()}, {});
  uint32_t copy = b.func(iii_v, {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, 0x0A, 0x00, 0x00});
  uint32_t load = b.func(b.type({I32()}, {I32()}), {0x20, 0x00, 0x28, 0x02, 0x00});
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ(t->call_msg(copy, {1, 0, 3}), "ok");
  EXPECT_EQ((*t->call(load, {0}))[0], 0x03020101u);
  EXPECT_EQ(t->call_msg(copy, {65535, 0, 2}), "out of bounds memory access");
  EXPECT_EQ((*t->call(load, {0}))[0], 0x03020101u);
  EXPECT_EQ(t->call_msg(copy, {65536, 0, 0}), "ok");
  EXPECT_EQ(t->call_msg(copy, {65537, 0, 0}), "out of bounds memory access");
}

TEST(InterpCalls, TableGrowSizeAndInit) {
  ModuleBuilder b;
  b.table(1);
  uint32_t v_i = b.type({}, {I32()});
  uint32_t f = b.func(v_i, i32c(7));
  // grow by 2 with null, then table.init elem 0 at 1, then call_indirect index 2.
  Code body = cat({{0xD0, 0x70}, i32c(2), {0xFC, 0x0F, 0x00, 0x1A},
                   i32c(1), i32c(0), i32c(2), {0xFC, 0x0C, 0x00, 0x00},
                   {0xFC, 0x10, 0x00, 0x1A},
                   i32c(2), {0x11, static_cast<uint8_t>(v_i), 0x00}});
  uint32_t g = b.func(v_i, body);
  b.elem({f, f}, std::nullopt);
  b.m.exports.push_back({"f", ExternKind::Func, f});
  auto t = std::move(instantiate(std::move(b.m))).value();
  EXPECT_EQ((*t->call(g, {}))[0], 7u);
  EXPECT_EQ(t->inst->tables[0]->elems.size(), 3u);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

TEST(InterpMemory64, AddressesAreNotTruncated) {
  ModuleBuilder b;
  b.memory(1, std::nullopt, true);
  uint32_t load = b.func(b.type({I64()}, {I32()}), {0x20, 0x00, 0x2D, 0x00, 0x00});
  uint32_t size = b.func(b.type({}, {I64()}), {0x3F, 0x00});
  uint32_t grow = b.func(b.type({I64()}, {I64()}), {0x20, 0x00, 0x40, 0x00});
  Features f = Features::all();
  auto t = std::move(instantiate(std::move(b.m), {}, {}, f)).value();
  EXPECT_EQ(t->call_msg(load, {65535}), "ok");
  EXPECT_EQ(t->call_msg(load, {0x100000000ull}), "out of bounds memory access");
  EXPECT_EQ(t->call_msg(load, {~0ull}), "out of bounds memory access");
  EXPECT_EQ((*t->call(size, {}))[0], 1u);
  EXPECT_EQ((*t->call(grow, {1ull << 40}))[0], ~0ull);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

Features tail_calls() {
  Features f;
  f.set(Feature::TailCall);
  return f;
}

TEST(InterpTailCall, DeepTailRecursionRunsInConstantStack) {
  // count(n, acc) = n == 0 ? acc : return_call count(n - 1, acc + 1)
  ModuleBuilder b;
  uint32_t ty = b.type({I64(), I64()}, {I64()});
  Code body = {0x20, 0x00, 0x50, 0x04, 0x40, 0x20, 0x01, 0x0F, 0x0B,
               0x20, 0x00, 0x42, 0x01, 0x7D, 0x20, 0x01, 0x42, 0x01, 0x7C, 0x12, 0x00};
  b.func(ty, body);
  auto t = std::move(instantiate(std::move(b.m), {}, {}, tail_calls())).value();
  EXPECT_EQ((*t->call(0, {1000000, 0}))[0], 1000000u);
}

TEST(InterpTailCall, IndirectChecksTheType) {
  ModuleBuilder b;
  uint32_t v_i = b.type({}, {I32()});
  uint32_t v_l = b.type({}, {I64()});
  b.table(2);
  uint32_t f7 = b.func(v_i, i32c(7));
  uint32_t fl = b.func(v_l, i64c(1));
  uint32_t caller = b.func(b.type({I32()}, {I32()}),
                           {0x20, 0x00, 0x13, static_cast<uint8_t>(v_i), 0x00});
  b.elem({f7, fl}, 0);
  auto t = std::move(instantiate(std::move(b.m), {}, {}, tail_calls())).value();
  EXPECT_EQ((*t->call(caller, {0}))[0], 7u);
  EXPECT_EQ(t->call_msg(caller, {1}), "indirect call type mismatch");
}

TEST(InterpTailCall, NeedsTheFeatureAndMatchingResults) {
  ModuleBuilder b;
  uint32_t v_i = b.type({}, {I32()});
  b.func(v_i, {0x12, 0x00});
  EXPECT_FALSE(interp::compile(b.m, Features()).ok());
  EXPECT_TRUE(interp::compile(b.m, tail_calls()).ok());
  ModuleBuilder c;
  uint32_t v_l = c.type({}, {I64()});
  c.func(c.type({}, {I32()}), {0x12, 0x01});
  c.func(v_l, i64c(0));
  auto r = interp::compile(c.m, tail_calls());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "type mismatch");
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

Features function_refs() {
  Features f;
  f.set(Feature::FunctionRefs);
  return f;
}

ValType ExternRef() { return ValType::externref(); }

TEST(InterpFunctionRefs, BrOnNullAndNonNull) {
  ModuleBuilder b;
  uint32_t ty = b.type({ExternRef()}, {I32()});
  // block; local.get 0; br_on_null 0; drop; i32.const 1; return; end; i32.const 0
  uint32_t on_null = b.func(ty, {0x02, 0x40, 0x20, 0x00, 0xD5, 0x00, 0x1A, 0x41, 0x01, 0x0F,
                                 0x0B, 0x41, 0x00});
  // block (result (ref extern)); local.get 0; br_on_non_null 0; i32.const 0; return; end;
  // drop; i32.const 1
  uint32_t on_non_null = b.func(ty, {0x02, 0x64, 0x6F, 0x20, 0x00, 0xD6, 0x00, 0x41, 0x00, 0x0F,
                                     0x0B, 0x1A, 0x41, 0x01});
  // local.get 0; ref.as_non_null; ref.is_null
  uint32_t as_non_null = b.func(ty, {0x20, 0x00, 0xD4, 0xD1});
  auto t = std::move(instantiate(std::move(b.m), {}, {}, function_refs())).value();
  rt::Slot ref = t->store.host_ref(5);
  EXPECT_EQ((*t->call(on_null, {0}))[0], 0u);
  EXPECT_EQ((*t->call(on_null, {ref}))[0], 1u);
  EXPECT_EQ((*t->call(on_non_null, {0}))[0], 0u);
  EXPECT_EQ((*t->call(on_non_null, {ref}))[0], 1u);
  EXPECT_EQ((*t->call(as_non_null, {ref}))[0], 0u);
  EXPECT_EQ(t->call_msg(as_non_null, {0}), "null reference");
}

TEST(InterpFunctionRefs, NonNullLocalsMustBeSetBeforeUse) {
  ValType ref_extern = ValType::ref(HeapType::abstract(HeapKind::Extern), false);
  ModuleBuilder b;
  b.func(b.type({}, {}), {0x20, 0x00, 0x1A}, {{1, ref_extern}});
  auto r = interp::compile(b.m, function_refs());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "uninitialized local");
  // Set inside a block: uninitialized again after its end.
  ModuleBuilder c;
  c.func(c.type({ref_extern}, {}),
         {0x02, 0x40, 0x20, 0x00, 0x21, 0x01, 0x20, 0x01, 0x1A, 0x0B, 0x20, 0x01, 0x1A},
         {{1, ref_extern}});
  auto r2 = interp::compile(c.m, function_refs());
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message, "uninitialized local");
  EXPECT_EQ(r2.error().offset, 10u);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

TEST(InterpCalls, NestedHostCallsKeepTheirResults) {
  // outer -> hostA -> inner -> hostB (20 results); hostA returns inner's result + 1.
  ModuleBuilder b;
  std::vector<ValType> twenty(20, I32());
  uint32_t v_20 = b.type({}, twenty);
  uint32_t v_i = b.type({}, {I32()});
  uint32_t host_b = b.import_func(v_20);
  uint32_t host_a = b.import_func(v_i);
  Code inner_body = {0x10, static_cast<uint8_t>(host_b)};
  for (int i = 0; i < 19; ++i) inner_body.push_back(0x1A);
  uint32_t inner = b.func(v_i, inner_body);
  uint32_t outer = b.func(v_i, {0x10, static_cast<uint8_t>(host_a)});
  TestInstance* self = nullptr;
  auto cb_b = [](rt::Store&, const rt::Slot*, rt::Slot* results) -> rt::CallResult {
    for (int i = 0; i < 20; ++i) results[i] = 100 + i;
    return Ok();
  };
  auto cb_a = [&](rt::Store& store, const rt::Slot*, rt::Slot* results) -> rt::CallResult {
    rt::Slot r = 0;
    KILN_TRY(interp::invoke(store, self->inst->funcs[inner], nullptr, &r));
    results[0] = r + 1;
    return Ok();
  };
  auto t = std::move(instantiate(std::move(b.m), {cb_b, cb_a})).value();
  self = t.get();
  EXPECT_EQ((*t->call(outer, {}))[0], 101u);
}

}  // namespace
}  // namespace kiln::core::testing

namespace kiln::core::testing {
namespace {

TEST(InterpFunctionRefs, CallRefCallsAndTrapsOnNull) {
  ModuleBuilder b;
  uint32_t i_i = b.type({I32()}, {I32()});
  uint32_t inc = b.func(i_i, {0x20, 0x00, 0x41, 0x01, 0x6A});
  // (call_ref $i_i (local.get 0) (select (ref.func inc) (ref.null $i_i) (local.get 0)))
  uint8_t t = static_cast<uint8_t>(i_i);
  uint32_t caller = b.func(i_i, {0x20, 0x00, 0xD2, static_cast<uint8_t>(inc), 0xD0, t, 0x20, 0x00,
                                 0x1C, 0x01, 0x63, t, 0x14, t});
  b.export_func("inc", inc);
  auto r = instantiate(std::move(b.m), {}, {}, function_refs());
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto& inst = *r;
  EXPECT_EQ((*inst->call(caller, {41}))[0], 42u);
  EXPECT_EQ(inst->call_msg(caller, {0}), "null function reference");
}

}  // namespace
}  // namespace kiln::core::testing
