// The C API's runtime objects: modules, instances, functions (host and wasm), traps and
// frames, globals, tables, memories, externs, references with host info, foreign objects,
// and Kiln's extensions (fuel, interruption, limits, wat2wasm).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "helpers.h"
#include "kiln.h"
#include "kiln/kiln.hh"
#include "wasm.h"

namespace {

using namespace kiln_capi_test;
using CApiRuntime = Fixture;

const char* const kModule = R"((module
  (import "env" "host" (func $host (param i32 i32) (result i32)))
  (import "env" "g" (global $g (mut i32)))
  (import "env" "t" (table 2 funcref))
  (import "env" "m" (memory 1 3))
  (func $add (export "add") (param i32 i32) (result i32) (call $host (local.get 0) (local.get 1)))
  (func $fail (export "fail") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $outer (export "outer") (result i32) (call $fail (i32.const 0)))
  (func (export "getg") (result i32) (global.get $g))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "multi") (param i64 f32 f64) (result f64 f32 i64) (local.get 2) (local.get 1) (local.get 0))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call_t") (param i32) (result i32) (call_indirect (param i32 i32) (result i32) (i32.const 20) (i32.const 22) (local.get 0)))
  (func (export "spin") (loop $l (br $l)))
  (global (export "c") f64 (f64.const 2.5))))";

struct Host {
  int calls = 0;
  int finalized = 0;
};

wasm_trap_t* host_add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  auto* h = static_cast<Host*>(env);
  ++h->calls;
  if (args->data[0].of.i32 < 0) {
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "negative");
    // The store is not passed to callbacks; a trap of no store is fine.
    wasm_trap_t* t = wasm_trap_new(nullptr, &m);
    wasm_byte_vec_delete(&m);
    return t;
  }
  results->data[0] = wasm_val_t WASM_I32_VAL(args->data[0].of.i32 + args->data[1].of.i32);
  return nullptr;
}

// The module instantiated with host imports, in a store of its own (deleted last: the host
// function's finalizer reads `host`).
struct Instantiated {
  Host host;
  wasm_store_t* store;
  wasm_module_t* module = nullptr;
  wasm_func_t* hostf = nullptr;
  wasm_global_t* g = nullptr;
  wasm_table_t* t = nullptr;
  wasm_memory_t* m = nullptr;
  wasm_instance_t* instance = nullptr;
  wasm_extern_vec_t exports{0, nullptr};

  explicit Instantiated(wasm_engine_t* engine) : store(wasm_store_new(engine)) {
    module = compile(store, kModule);
    wasm_functype_t* ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
    hostf = wasm_func_new_with_env(store, ft, host_add, &host, [](void* e) { static_cast<Host*>(e)->finalized++; });
    wasm_functype_delete(ft);
    wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
    wasm_val_t v = WASM_I32_VAL(41);
    g = wasm_global_new(store, gt, &v);
    wasm_globaltype_delete(gt);
    wasm_limits_t tl{2, wasm_limits_max_default};
    wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
    t = wasm_table_new(store, tt, nullptr);
    wasm_tabletype_delete(tt);
    wasm_limits_t ml{1, 3};
    wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
    m = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    wasm_extern_t* list[4] = {wasm_func_as_extern(hostf), wasm_global_as_extern(g), wasm_table_as_extern(t),
                              wasm_memory_as_extern(m)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
    wasm_trap_t* trap = nullptr;
    instance = wasm_instance_new(store, module, &imports, &trap);
    EXPECT_EQ(trap, nullptr);
    if (instance) wasm_instance_exports(instance, &exports);
  }
  ~Instantiated() {
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(hostf);
    wasm_global_delete(g);
    wasm_table_delete(t);
    wasm_memory_delete(m);
    wasm_module_delete(module);
    wasm_store_delete(store);
  }
  wasm_func_t* func(size_t i) { return wasm_extern_as_func(exports.data[i]); }
};

TEST_F(CApiRuntime, ModuleReflection) {
  wasm_module_t* m = compile(store, kModule);
  ASSERT_NE(m, nullptr);
  wasm_importtype_vec_t imports;
  wasm_module_imports(m, &imports);
  ASSERT_EQ(imports.size, 4u);
  EXPECT_EQ(str(wasm_importtype_module(imports.data[0])), "env");
  EXPECT_EQ(str(wasm_importtype_name(imports.data[0])), "host");
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  ASSERT_NE(ft, nullptr);
  EXPECT_EQ(wasm_functype_params(ft)->size, 2u);
  EXPECT_EQ(wasm_functype_results(ft)->size, 1u);
  const wasm_globaltype_t* gt = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  EXPECT_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
  const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  EXPECT_EQ(wasm_tabletype_limits(tt)->min, 2u);
  EXPECT_EQ(wasm_tabletype_limits(tt)->max, wasm_limits_max_default);
  const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  EXPECT_EQ(wasm_memorytype_limits(mt)->min, 1u);
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, 3u);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  ASSERT_EQ(exports.size, 10u);
  const char* names[] = {"add", "fail", "outer", "getg", "id", "multi", "load", "call_t", "spin", "c"};
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(str(wasm_exporttype_name(exports.data[i])), names[i]);
  const wasm_functype_t* multi = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[5]));
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(multi)->data[0]), WASM_F64);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(multi)->data[2]), WASM_I64);
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[9])), WASM_EXTERN_GLOBAL);
  wasm_exporttype_vec_delete(&exports);

  wasm_byte_vec_t bad = bytes_of(std::string("\0asm\x02\0\0\0", 8));
  EXPECT_FALSE(wasm_module_validate(store, &bad));
  EXPECT_EQ(wasm_module_new(store, &bad), nullptr);
  wasm_byte_vec_delete(&bad);
  wasm_module_delete(m);
}

TEST_F(CApiRuntime, ModuleSerializeDeserializeRoundTrip) {
  std::vector<uint8_t> bin = wat2wasm(kModule);
  wasm_module_t* m = compile(store, kModule);
  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  EXPECT_EQ(std::vector<uint8_t>(ser.data, ser.data + ser.size), bin);
  wasm_module_t* d = wasm_module_deserialize(store, &ser);
  ASSERT_NE(d, nullptr);
  wasm_exporttype_vec_t e1, e2;
  wasm_module_exports(m, &e1);
  wasm_module_exports(d, &e2);
  ASSERT_EQ(e1.size, e2.size);
  for (size_t i = 0; i < e1.size; ++i) EXPECT_EQ(str(wasm_exporttype_name(e1.data[i])), str(wasm_exporttype_name(e2.data[i])));
  wasm_byte_vec_t ser2;
  wasm_module_serialize(d, &ser2);
  EXPECT_EQ(std::string(ser.data, ser.size), std::string(ser2.data, ser2.size));
  wasm_exporttype_vec_delete(&e1);
  wasm_exporttype_vec_delete(&e2);
  wasm_byte_vec_delete(&ser);
  wasm_byte_vec_delete(&ser2);
  wasm_module_delete(d);
  wasm_module_delete(m);
}

TEST_F(CApiRuntime, SharedModuleUsedFromAnotherThread) {
  wasm_module_t* m = compile(store, "(module (func (export \"sq\") (param i64) (result i64) (i64.mul (local.get 0) (local.get 0))))");
  wasm_shared_module_t* shared = wasm_module_share(m);
  wasm_module_delete(m);
  int64_t got = 0;
  std::thread th([&] {
    wasm_store_t* s = wasm_store_new(engine);  // its own store
    wasm_module_t* mod = wasm_module_obtain(s, shared);
    wasm_instance_t* inst = wasm_instance_new(s, mod, nullptr, nullptr);
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_val_t a[1] = {WASM_I64_VAL(3000000000)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[0]), &args, &res);
    if (!trap) got = r[0].of.i64;
    wasm_trap_delete(trap);
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    wasm_module_delete(mod);
    wasm_store_delete(s);
  });
  th.join();
  EXPECT_EQ(got, int64_t{9000000000000000000});
  wasm_shared_module_delete(shared);
}

TEST_F(CApiRuntime, CallsHostFunctionsAndMultiValue) {
  Instantiated in(engine);
  ASSERT_NE(in.instance, nullptr);
  ASSERT_EQ(in.exports.size, 10u);
  wasm_val_t a[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(in.func(0), &args, &res), nullptr);
  EXPECT_EQ(r[0].kind, WASM_I32);
  EXPECT_EQ(r[0].of.i32, 42);
  EXPECT_EQ(in.host.calls, 1);
  // The host function directly.
  EXPECT_EQ(wasm_func_call(in.hostf, &args, &res), nullptr);
  EXPECT_EQ(r[0].of.i32, 42);
  EXPECT_EQ(wasm_func_param_arity(in.hostf), 2u);
  EXPECT_EQ(wasm_func_result_arity(in.hostf), 1u);
  // A trap from the host function reaches the caller with its message.
  a[0].of.i32 = -1;
  wasm_trap_t* trap = wasm_func_call(in.func(0), &args, &res);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "negative");
  wasm_trap_delete(trap);

  wasm_val_t ma[3] = {WASM_I64_VAL(-5), WASM_F32_VAL(1.5f), WASM_F64_VAL(-0.125)};
  wasm_val_t mr[3];
  wasm_val_vec_t margs = WASM_ARRAY_VEC(ma), mres = WASM_ARRAY_VEC(mr);
  EXPECT_EQ(wasm_func_call(in.func(5), &margs, &mres), nullptr);
  EXPECT_EQ(mr[0].kind, WASM_F64);
  EXPECT_EQ(mr[0].of.f64, -0.125);
  EXPECT_EQ(mr[1].kind, WASM_F32);
  EXPECT_EQ(mr[1].of.f32, 1.5f);
  EXPECT_EQ(mr[2].kind, WASM_I64);
  EXPECT_EQ(mr[2].of.i64, -5);
  wasm_functype_t* ft = wasm_func_type(in.func(5));
  EXPECT_EQ(wasm_functype_params(ft)->size, 3u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(ft)->data[1]), WASM_F32);
  wasm_functype_delete(ft);
  // Wrong argument count: a trap, not a crash.
  trap = wasm_func_call(in.func(5), &args, &mres);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "function of type [i64 f32 f64] -> [f64 f32 i64] called with 2 arguments");
  wasm_trap_delete(trap);
}

TEST_F(CApiRuntime, TrapOriginAndTraceMatchTheCppApi) {
  Instantiated in(engine);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(in.func(2), &none, &res);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "integer divide by zero");

  // The same call through the C++ API gives the reference frames.
  kiln::Engine e;
  kiln::Store s(e);
  std::vector<uint8_t> bin = wat2wasm(kModule);
  kiln::Module m = kiln::Module::compile(e, bin).value_or_throw();
  kiln::Imports imps;
  imps.define("env", "host", kiln::Func::wrap(s, [](int32_t a, int32_t b) { return a + b; }));
  imps.define("env", "g", kiln::Global::create(s, kiln::GlobalType{kiln::ValKind::I32, true}, kiln::Val(0)).value_or_throw());
  imps.define("env", "t", kiln::Table::create(s, kiln::TableType{kiln::ValKind::FuncRef, 2, std::nullopt, false}, kiln::Val::null(kiln::ValKind::FuncRef)).value_or_throw());
  imps.define("env", "m", kiln::Memory::create(s, kiln::MemoryType{1, 3}).value_or_throw());
  kiln::Instance inst = kiln::Instance::create(s, m, imps).value_or_throw();
  kiln::Result<std::vector<kiln::Val>> cr = inst.get_func(s, "outer")->call(s, {});
  ASSERT_FALSE(cr.ok());
  const std::vector<kiln::Frame>& ref = cr.error().frames();
  ASSERT_EQ(ref.size(), 2u);
  EXPECT_EQ(ref[0].func_index, 2u);  // $fail
  EXPECT_EQ(ref[1].func_index, 3u);  // $outer
  EXPECT_EQ(ref[0].instance, inst.ref().object);
  EXPECT_EQ(ref[1].instance, inst.ref().object);

  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 2u);
  EXPECT_EQ(wasm_frame_func_offset(origin), ref[0].func_offset);
  EXPECT_EQ(wasm_frame_module_offset(origin), ref[0].module_offset);
  EXPECT_GT(wasm_frame_module_offset(origin), wasm_frame_func_offset(origin));
  // The frame lends out its instance: the same instance, still usable.
  wasm_instance_t* fi = wasm_frame_instance(origin);
  ASSERT_NE(fi, nullptr);
  EXPECT_TRUE(wasm_instance_same(fi, in.instance));
  wasm_extern_vec_t fexports;
  wasm_instance_exports(fi, &fexports);
  wasm_extern_vec_t iexports;
  wasm_instance_exports(in.instance, &iexports);
  EXPECT_EQ(fexports.size, iexports.size);
  wasm_extern_vec_delete(&fexports);
  wasm_extern_vec_delete(&iexports);
  wasm_name_t fname;
  kiln_frame_func_name(origin, &fname);
  EXPECT_EQ(str(&fname), "fail");  // the text's $fail, in the name section
  wasm_byte_vec_delete(&fname);
  wasm_frame_t* oc = wasm_frame_copy(origin);
  EXPECT_EQ(wasm_frame_module_offset(oc), ref[0].module_offset);
  ASSERT_NE(wasm_frame_instance(oc), nullptr);
  EXPECT_NE(wasm_frame_instance(oc), fi);  // each frame owns what it lends
  EXPECT_TRUE(wasm_instance_same(wasm_frame_instance(oc), in.instance));
  wasm_frame_delete(oc);
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  ASSERT_EQ(trace.size, 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(wasm_frame_func_index(trace.data[i]), ref[i].func_index);
    EXPECT_EQ(wasm_frame_func_offset(trace.data[i]), ref[i].func_offset);
    EXPECT_EQ(wasm_frame_module_offset(trace.data[i]), ref[i].module_offset);
    EXPECT_TRUE(wasm_instance_same(wasm_frame_instance(trace.data[i]), in.instance));
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  // A trap made by the host has no frames.
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "made here");
  wasm_trap_t* t = wasm_trap_new(store, &msg);
  wasm_byte_vec_delete(&msg);
  EXPECT_EQ(message_of(t), "made here");
  EXPECT_EQ(wasm_trap_origin(t), nullptr);
  wasm_trap_trace(t, &trace);
  EXPECT_EQ(trace.size, 0u);
  wasm_frame_vec_delete(&trace);
  wasm_trap_t* tc = wasm_trap_copy(t);
  EXPECT_TRUE(wasm_trap_same(t, tc));
  int info = 0;
  wasm_trap_set_host_info(t, &info);
  EXPECT_EQ(wasm_trap_get_host_info(tc), &info);
  wasm_trap_delete(t);
  wasm_trap_delete(tc);
}

TEST_F(CApiRuntime, FuncNewWithEnvFinalizerRunsOnceWithTheStore) {
  wasm_store_t* s = wasm_store_new(engine);
  static Host host;
  host = Host{};
  wasm_functype_t* ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new_with_env(s, ft, host_add, &host, [](void* e) { static_cast<Host*>(e)->finalized++; });
  wasm_func_t* plain = wasm_func_new(s, ft, [](const wasm_val_vec_t* args, wasm_val_vec_t* results) -> wasm_trap_t* {
    results->data[0] = wasm_val_t WASM_I32_VAL(args->data[0].of.i32 * args->data[1].of.i32);
    return nullptr;
  });
  wasm_functype_delete(ft);
  wasm_val_t a[2] = {WASM_I32_VAL(6), WASM_I32_VAL(7)};
  wasm_val_t r[1];
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(plain, &args, &res), nullptr);
  EXPECT_EQ(r[0].of.i32, 42);
  wasm_func_t* copy = wasm_func_copy(f);
  EXPECT_TRUE(wasm_func_same(f, copy));
  EXPECT_FALSE(wasm_func_same(f, plain));
  wasm_func_delete(f);
  wasm_func_delete(copy);
  wasm_func_delete(plain);
  EXPECT_EQ(host.finalized, 0);  // the function lives with its store
  wasm_store_delete(s);
  EXPECT_EQ(host.finalized, 1);
}

TEST_F(CApiRuntime, GlobalsTablesMemories) {
  Instantiated in(engine);
  // Global imported: wasm reads what the host set.
  wasm_val_t v;
  wasm_global_get(in.g, &v);
  EXPECT_EQ(v.kind, WASM_I32);
  EXPECT_EQ(v.of.i32, 41);
  wasm_val_t nv = WASM_I32_VAL(-9);
  wasm_global_set(in.g, &nv);
  wasm_val_t r[1];
  wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(in.func(3), &none, &res), nullptr);
  EXPECT_EQ(r[0].of.i32, -9);
  wasm_globaltype_t* gt = wasm_global_type(in.g);
  EXPECT_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I32);
  wasm_globaltype_delete(gt);
  // The exported constant: set is ignored.
  wasm_global_t* c = wasm_extern_as_global(in.exports.data[9]);
  ASSERT_NE(c, nullptr);
  wasm_val_t cv = WASM_F64_VAL(7.0);
  wasm_global_set(c, &cv);
  wasm_global_get(c, &v);
  EXPECT_EQ(v.kind, WASM_F64);
  EXPECT_EQ(v.of.f64, 2.5);

  // Table: put the host function at 1, wasm calls it through call_indirect.
  EXPECT_EQ(wasm_table_size(in.t), 2u);
  EXPECT_EQ(wasm_table_get(in.t, 1), nullptr);
  EXPECT_TRUE(wasm_table_set(in.t, 1, wasm_func_as_ref(in.hostf)));
  EXPECT_FALSE(wasm_table_set(in.t, 2, wasm_func_as_ref(in.hostf)));
  wasm_val_t ia[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t iargs = WASM_ARRAY_VEC(ia);
  EXPECT_EQ(wasm_func_call(in.func(7), &iargs, &res), nullptr);
  EXPECT_EQ(r[0].of.i32, 42);
  wasm_ref_t* got = wasm_table_get(in.t, 1);
  ASSERT_NE(got, nullptr);
  EXPECT_TRUE(wasm_func_same(wasm_ref_as_func(got), in.hostf));
  wasm_ref_delete(got);
  EXPECT_EQ(wasm_table_get(in.t, 5), nullptr);
  EXPECT_TRUE(wasm_table_grow(in.t, 3, wasm_func_as_ref(in.hostf)));
  EXPECT_EQ(wasm_table_size(in.t), 5u);
  got = wasm_table_get(in.t, 4);
  EXPECT_TRUE(wasm_ref_same(got, wasm_func_as_ref(in.hostf)));
  wasm_ref_delete(got);
  wasm_tabletype_t* tt = wasm_table_type(in.t);
  EXPECT_EQ(wasm_tabletype_limits(tt)->min, 5u);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  wasm_tabletype_delete(tt);

  // Memory: host writes, wasm reads; grow within the maximum only.
  EXPECT_EQ(wasm_memory_size(in.m), 1u);
  EXPECT_EQ(wasm_memory_data_size(in.m), MEMORY_PAGE_SIZE);
  wasm_memory_data(in.m)[100] = static_cast<byte_t>(0xab);
  ia[0].of.i32 = 100;
  EXPECT_EQ(wasm_func_call(in.func(6), &iargs, &res), nullptr);
  EXPECT_EQ(r[0].of.i32, 0xab);
  EXPECT_TRUE(wasm_memory_grow(in.m, 2));
  EXPECT_EQ(wasm_memory_size(in.m), 3u);
  EXPECT_EQ(wasm_memory_data_size(in.m), 3 * MEMORY_PAGE_SIZE);
  EXPECT_FALSE(wasm_memory_grow(in.m, 1));
  EXPECT_EQ(static_cast<uint8_t>(wasm_memory_data(in.m)[100]), 0xab);
  wasm_memorytype_t* mt = wasm_memory_type(in.m);
  EXPECT_EQ(wasm_memorytype_limits(mt)->min, 3u);
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, 3u);
  wasm_memorytype_delete(mt);
}

TEST_F(CApiRuntime, ExternConversionsAndTypes) {
  Instantiated in(engine);
  wasm_extern_t* ef = wasm_func_as_extern(in.hostf);
  wasm_extern_t* eg = wasm_global_as_extern(in.g);
  wasm_extern_t* et = wasm_table_as_extern(in.t);
  wasm_extern_t* em = wasm_memory_as_extern(in.m);
  EXPECT_EQ(wasm_extern_kind(ef), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_extern_kind(eg), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_extern_kind(et), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_extern_kind(em), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_extern_as_func(ef), in.hostf);
  EXPECT_EQ(wasm_extern_as_global(eg), in.g);
  EXPECT_EQ(wasm_extern_as_table(et), in.t);
  EXPECT_EQ(wasm_extern_as_memory(em), in.m);
  EXPECT_EQ(wasm_extern_as_func(em), nullptr);
  EXPECT_EQ(wasm_extern_as_global(ef), nullptr);
  EXPECT_EQ(wasm_extern_as_table(eg), nullptr);
  EXPECT_EQ(wasm_extern_as_memory(et), nullptr);
  EXPECT_EQ(wasm_func_as_extern_const(in.hostf), ef);
  EXPECT_EQ(wasm_global_as_extern_const(in.g), eg);
  EXPECT_EQ(wasm_table_as_extern_const(in.t), et);
  EXPECT_EQ(wasm_memory_as_extern_const(in.m), em);
  EXPECT_EQ(wasm_extern_as_func_const(ef), in.hostf);
  EXPECT_EQ(wasm_extern_as_global_const(eg), in.g);
  EXPECT_EQ(wasm_extern_as_table_const(et), in.t);
  EXPECT_EQ(wasm_extern_as_memory_const(em), in.m);
  EXPECT_EQ(wasm_extern_as_table_const(em), nullptr);
  wasm_externtype_t* t = wasm_extern_type(em);
  EXPECT_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype(t))->max, 3u);
  wasm_externtype_delete(t);
  t = wasm_extern_type(ef);
  EXPECT_EQ(wasm_functype_params(wasm_externtype_as_functype(t))->size, 2u);
  wasm_externtype_delete(t);
  // An export is the same object as the import it re-exports? Here: the instance's "add" is not the host.
  EXPECT_FALSE(wasm_extern_same(in.exports.data[0], ef));
  wasm_extern_t* ec = wasm_extern_copy(in.exports.data[0]);
  EXPECT_TRUE(wasm_extern_same(ec, in.exports.data[0]));
  EXPECT_NE(wasm_extern_as_func(ec), nullptr);
  wasm_extern_delete(ec);
}

TEST_F(CApiRuntime, InstanceErrorsAreTraps) {
  wasm_module_t* m = compile(store, kModule);
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, m, nullptr, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(message_of(trap), "");
  wasm_trap_delete(trap);
  wasm_module_t* st = compile(store, "(module (func $s unreachable) (start $s))");
  EXPECT_EQ(wasm_instance_new(store, st, nullptr, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "unreachable");
  // The start function's frame belongs to an instance that never came to be.
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 0u);
  EXPECT_EQ(wasm_frame_instance(origin), nullptr);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_instance_new(store, st, nullptr, nullptr), nullptr);  // no trap wanted
  wasm_module_delete(st);
  wasm_module_delete(m);
}

TEST_F(CApiRuntime, RefsHostInfoAndConversions) {
  Instantiated in(engine);
  static int finalized;
  finalized = 0;
  int a = 1, b = 2;
  wasm_ref_t* r = wasm_func_as_ref(in.hostf);
  EXPECT_EQ(wasm_func_as_ref_const(in.hostf), r);
  EXPECT_EQ(wasm_ref_as_func(r), in.hostf);
  EXPECT_EQ(wasm_ref_as_func_const(r), in.hostf);
  EXPECT_EQ(wasm_ref_as_global(r), nullptr);
  EXPECT_EQ(wasm_ref_as_trap(r), nullptr);
  wasm_func_set_host_info_with_finalizer(in.hostf, &a, [](void* p) { finalized += *static_cast<int*>(p); });
  EXPECT_EQ(wasm_ref_get_host_info(r), &a);
  wasm_ref_t* rc = wasm_ref_copy(r);
  EXPECT_TRUE(wasm_ref_same(r, rc));
  EXPECT_EQ(wasm_ref_get_host_info(rc), &a);  // host info belongs to the object
  wasm_ref_set_host_info(rc, &b);             // replacing runs the old finalizer
  EXPECT_EQ(finalized, 1);
  EXPECT_EQ(wasm_func_get_host_info(in.hostf), &b);
  wasm_ref_set_host_info_with_finalizer(rc, &b, [](void* p) { finalized += 10 * *static_cast<int*>(p); });
  wasm_ref_delete(rc);
  EXPECT_EQ(finalized, 1);

  // Each reference type's conversions and base functions.
#define KILN_CHECK_REF(name, obj)                                                      \
  {                                                                                    \
    wasm_ref_t* x = wasm_##name##_as_ref(obj);                                         \
    EXPECT_EQ(wasm_ref_as_##name(x), obj);                                             \
    EXPECT_EQ(wasm_ref_as_##name##_const(wasm_##name##_as_ref_const(obj)), obj);       \
    wasm_##name##_t* c = wasm_##name##_copy(obj);                                      \
    EXPECT_TRUE(wasm_##name##_same(c, obj));                                           \
    wasm_##name##_set_host_info(c, &a);                                                \
    EXPECT_EQ(wasm_##name##_get_host_info(obj), &a);                                   \
    wasm_##name##_set_host_info_with_finalizer(obj, nullptr, nullptr);                 \
    EXPECT_EQ(wasm_##name##_get_host_info(c), nullptr);                                \
    wasm_##name##_delete(c);                                                           \
  }
  KILN_CHECK_REF(global, in.g)
  KILN_CHECK_REF(table, in.t)
  KILN_CHECK_REF(memory, in.m)
  KILN_CHECK_REF(extern, in.exports.data[0])
  KILN_CHECK_REF(instance, in.instance)
  KILN_CHECK_REF(module, in.module)
  wasm_foreign_t* fo = wasm_foreign_new(in.store);
  KILN_CHECK_REF(foreign, fo)
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "x");
  wasm_trap_t* tr = wasm_trap_new(store, &msg);
  wasm_byte_vec_delete(&msg);
  KILN_CHECK_REF(trap, tr)
  wasm_trap_delete(tr);
  wasm_foreign_delete(fo);
  wasm_func_t* fc = wasm_func_copy(in.hostf);
  KILN_CHECK_REF(func, fc)
  wasm_func_delete(fc);
  EXPECT_EQ(finalized, 21);  // the func's host info, set through rc, was replaced: its finalizer ran
}

TEST_F(CApiRuntime, ForeignThroughExternrefKeepsIdentityAndHostInfo) {
  static int finalized;
  finalized = 0;
  {
    Instantiated in(engine);
    wasm_foreign_t* fo = wasm_foreign_new(in.store);
    int data = 5;
    wasm_foreign_set_host_info_with_finalizer(fo, &data, [](void* p) { finalized += *static_cast<int*>(p); });
    wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    EXPECT_EQ(wasm_func_call(in.func(4), &args, &res), nullptr);
    EXPECT_EQ(r[0].kind, WASM_EXTERNREF);
    ASSERT_NE(r[0].of.ref, nullptr);
    wasm_foreign_t* back = wasm_ref_as_foreign(r[0].of.ref);
    ASSERT_NE(back, nullptr);
    EXPECT_TRUE(wasm_foreign_same(back, fo));
    EXPECT_EQ(wasm_foreign_get_host_info(back), &data);
    wasm_val_t copy;
    wasm_val_copy(&copy, &r[0]);
    EXPECT_NE(copy.of.ref, r[0].of.ref);
    EXPECT_TRUE(wasm_ref_same(copy.of.ref, r[0].of.ref));
    wasm_val_delete(&copy);
    wasm_val_delete(&r[0]);
    EXPECT_EQ(r[0].of.ref, nullptr);
    // A null externref.
    a[0].of.ref = nullptr;
    EXPECT_EQ(wasm_func_call(in.func(4), &args, &res), nullptr);
    EXPECT_EQ(r[0].of.ref, nullptr);
    wasm_foreign_delete(fo);
    EXPECT_EQ(finalized, 0);
  }  // deletes the store
  EXPECT_EQ(finalized, 5);
}

TEST_F(CApiRuntime, FuelInterruptionDeadlineLimits) {
  Instantiated in(engine);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  uint64_t fuel = 1;
  EXPECT_FALSE(kiln_store_get_fuel(in.store, &fuel));
  EXPECT_EQ(fuel, 1u);
  kiln_store_set_fuel(in.store, 500);
  EXPECT_TRUE(kiln_store_get_fuel(in.store, &fuel));
  EXPECT_EQ(fuel, 500u);
  wasm_trap_t* trap = wasm_func_call(in.func(8), &none, &none);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "all fuel consumed");
  wasm_trap_delete(trap);
  EXPECT_TRUE(kiln_store_get_fuel(in.store, &fuel));
  EXPECT_EQ(fuel, 0u);
  kiln_store_disable_fuel(in.store);
  EXPECT_FALSE(kiln_store_get_fuel(in.store, &fuel));

  kiln_interrupt_handle_t* h = kiln_store_interrupt_handle(in.store);
  std::thread th([h] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    kiln_interrupt_handle_interrupt(h);
  });
  trap = wasm_func_call(in.func(8), &none, &none);
  th.join();
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "interrupted");
  wasm_trap_delete(trap);
  kiln_store_clear_interrupt(in.store);
  kiln_interrupt_handle_delete(h);

  kiln_store_set_deadline(in.store, 0.02);
  trap = wasm_func_call(in.func(8), &none, &none);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message_of(trap), "interrupted");
  wasm_trap_delete(trap);
  kiln_store_clear_deadline(in.store);
  wasm_val_t r[1];
  wasm_val_vec_t res = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(in.func(3), &none, &res), nullptr);  // runs again

  kiln_limits_t lim;
  kiln_limits_init(&lim);
  EXPECT_EQ(lim.max_memory_bytes, KILN_UNLIMITED);
  EXPECT_EQ(lim.max_table_elements, KILN_UNLIMITED);
  EXPECT_EQ(lim.max_call_depth, 10000u);
  lim.max_memory_bytes = 2 * MEMORY_PAGE_SIZE;
  wasm_store_t* small = kiln_store_new_with_limits(engine, &lim);
  wasm_limits_t two{2, 10}, three{3, 10};
  wasm_memorytype_t* m2 = wasm_memorytype_new(&two);
  wasm_memorytype_t* m3 = wasm_memorytype_new(&three);
  EXPECT_EQ(wasm_memory_new(small, m3), nullptr);
  wasm_memory_t* mem = wasm_memory_new(small, m2);
  ASSERT_NE(mem, nullptr);
  EXPECT_FALSE(wasm_memory_grow(mem, 1));
  wasm_memory_delete(mem);
  wasm_memorytype_delete(m2);
  wasm_memorytype_delete(m3);
  wasm_store_delete(small);
}

TEST(CApiKiln, Wat2WasmErrors) {
  wasm_byte_vec_t t = bytes_of("(module (func (result i32) (i32.const 1) (i32.add)))"), out;
  wasm_message_t err;
  EXPECT_FALSE(kiln_wat2wasm(&t, &out, &err));
  ASSERT_GT(err.size, 1u);
  EXPECT_EQ(err.data[err.size - 1], '\0');
  EXPECT_NE(std::string(err.data).find("type mismatch"), std::string::npos) << err.data;
  wasm_byte_vec_delete(&err);
  wasm_byte_vec_delete(&t);
  t = bytes_of("(module)");
  ASSERT_TRUE(kiln_wat2wasm(&t, &out, nullptr));
  // The header and an empty name section (a module name of none, no function names).
  EXPECT_EQ(std::string(out.data, out.size), std::string("\0asm\1\0\0\0\0\x08\x04name\x02\x01\0", 18));
  wasm_byte_vec_delete(&out);
  wasm_byte_vec_delete(&t);
}

}  // namespace
