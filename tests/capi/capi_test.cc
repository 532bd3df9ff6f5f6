// The C API (include/wasm.h, include/kiln.h) from C++: every function with exact values,
// ownership as the standard says (the sanitizer build checks for leaks).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "kiln.h"
#include "kiln/kiln.hh"
#include "wasm.h"
#include "helpers.h"

namespace {

using namespace kiln_capi_test;
using CApi = Fixture;

TEST(CApiVec, BytesNamesAndValues) {
  wasm_byte_vec_t e;
  wasm_byte_vec_new_empty(&e);
  EXPECT_EQ(e.size, 0u);
  EXPECT_EQ(e.data, nullptr);
  wasm_byte_vec_delete(&e);
  wasm_byte_vec_t u;
  wasm_byte_vec_new_uninitialized(&u, 3);
  EXPECT_EQ(u.size, 3u);
  std::memcpy(u.data, "abc", 3);
  wasm_byte_vec_t c;
  wasm_byte_vec_copy(&c, &u);
  EXPECT_NE(c.data, u.data);
  EXPECT_EQ(str(&c), "abc");
  wasm_byte_vec_delete(&u);
  wasm_byte_vec_delete(&c);
  EXPECT_EQ(c.size, 0u);
  wasm_name_t n, nt;
  wasm_name_new_from_string(&n, "name");
  wasm_name_new_from_string_nt(&nt, "name");
  EXPECT_EQ(n.size, 4u);
  EXPECT_EQ(nt.size, 5u);
  EXPECT_EQ(nt.data[4], '\0');
  wasm_name_delete(&n);
  wasm_name_delete(&nt);

  wasm_val_t vals[3] = {WASM_I32_VAL(-7), WASM_I64_VAL(int64_t{1} << 40), WASM_F64_VAL(0.25)};
  wasm_val_vec_t vv, vc;
  wasm_val_vec_new(&vv, 3, vals);
  wasm_val_vec_copy(&vc, &vv);
  EXPECT_EQ(vc.data[0].of.i32, -7);
  EXPECT_EQ(vc.data[1].of.i64, int64_t{1} << 40);
  EXPECT_EQ(vc.data[2].of.f64, 0.25);
  EXPECT_EQ(vc.data[2].kind, WASM_F64);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_delete(&vc);
  wasm_val_vec_new_uninitialized(&vv, 2);
  EXPECT_EQ(vv.size, 2u);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_new_empty(&vv);
  EXPECT_EQ(vv.size, 0u);
  wasm_val_vec_delete(&vv);
}

// new_empty, new_uninitialized, new, copy (deep) and delete of a vector of owned pointers.
#define KILN_CHECK_PTR_VEC(name, make, check)                            \
  {                                                                      \
    wasm_##name##_vec_t v, c, e;                                         \
    wasm_##name##_vec_new_empty(&e);                                     \
    EXPECT_EQ(e.size, 0u);                                               \
    wasm_##name##_vec_delete(&e);                                        \
    wasm_##name##_vec_new_uninitialized(&e, 2);                          \
    EXPECT_EQ(e.size, 2u);                                               \
    EXPECT_EQ(e.data[0], nullptr);                                       \
    wasm_##name##_vec_delete(&e);                                        \
    wasm_##name##_t* items[2] = {make, make};                            \
    wasm_##name##_vec_new(&v, 2, items);                                 \
    wasm_##name##_vec_copy(&c, &v);                                      \
    ASSERT_EQ(c.size, 2u);                                               \
    EXPECT_NE(c.data[1], v.data[1]);                                     \
    { const wasm_##name##_t* x = c.data[1]; check; }                     \
    wasm_##name##_vec_delete(&v);                                        \
    wasm_##name##_vec_delete(&c);                                        \
  }

TEST(CApiVec, EveryPointerVector) {
  wasm_limits_t lim{1, 2};
  KILN_CHECK_PTR_VEC(valtype, wasm_valtype_new_f32(), EXPECT_EQ(wasm_valtype_kind(x), WASM_F32));
  KILN_CHECK_PTR_VEC(functype, wasm_functype_new_1_0(wasm_valtype_new_i64()),
                     EXPECT_EQ(wasm_functype_params(x)->size, 1u));
  KILN_CHECK_PTR_VEC(globaltype, wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR),
                     EXPECT_EQ(wasm_globaltype_mutability(x), WASM_VAR));
  KILN_CHECK_PTR_VEC(tabletype, wasm_tabletype_new(wasm_valtype_new_funcref(), &lim),
                     EXPECT_EQ(wasm_tabletype_limits(x)->max, 2u));
  KILN_CHECK_PTR_VEC(memorytype, wasm_memorytype_new(&lim), EXPECT_EQ(wasm_memorytype_limits(x)->min, 1u));
  KILN_CHECK_PTR_VEC(externtype, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)),
                     EXPECT_EQ(wasm_externtype_kind(x), WASM_EXTERN_MEMORY));
  auto imp = [] {
    wasm_name_t m, n;
    wasm_name_new_from_string(&m, "env");
    wasm_name_new_from_string(&n, "f");
    return wasm_importtype_new(&m, &n, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  };
  KILN_CHECK_PTR_VEC(importtype, imp(), EXPECT_EQ(str(wasm_importtype_module(x)), "env"));
  auto exp = [] {
    wasm_name_t n;
    wasm_name_new_from_string(&n, "e");
    return wasm_exporttype_new(&n, wasm_globaltype_as_externtype(wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST)));
  };
  KILN_CHECK_PTR_VEC(exporttype, exp(), EXPECT_EQ(str(wasm_exporttype_name(x)), "e"));
}

TEST_F(CApi, FrameAndExternVectors) {
  wasm_memorytype_t* mt = wasm_memorytype_new(&(const wasm_limits_t&)wasm_limits_t{1, 1});
  KILN_CHECK_PTR_VEC(extern, wasm_memory_as_extern(wasm_memory_new(store, mt)),
                     EXPECT_EQ(wasm_extern_kind(x), WASM_EXTERN_MEMORY));
  wasm_memorytype_delete(mt);
  wasm_module_t* m = compile(store, "(module (func (export \"f\") unreachable))");
  wasm_instance_t* inst = wasm_instance_new(store, m, nullptr, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[0]), nullptr, nullptr);
  ASSERT_NE(trap, nullptr);
  KILN_CHECK_PTR_VEC(frame, wasm_trap_origin(trap), EXPECT_EQ(wasm_frame_func_index(x), 0u));
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

TEST(CApiTypes, ValueTypes) {
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  wasm_valtype_t* made[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32(),
                            wasm_valtype_new_f64(), wasm_valtype_new_externref(), wasm_valtype_new_funcref()};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(wasm_valtype_kind(made[i]), kinds[i]);
    EXPECT_EQ(wasm_valtype_is_num(made[i]), i < 4);
    EXPECT_EQ(wasm_valtype_is_ref(made[i]), i >= 4);
    wasm_valtype_t* c = wasm_valtype_copy(made[i]);
    EXPECT_EQ(wasm_valtype_kind(c), kinds[i]);
    wasm_valtype_delete(c);
    wasm_valtype_delete(made[i]);
  }
  EXPECT_EQ(wasm_valtype_new(77), nullptr);
  EXPECT_TRUE(wasm_valkind_is_num(WASM_F64));
  EXPECT_TRUE(wasm_valkind_is_ref(WASM_FUNCREF));
  EXPECT_EQ(WASM_EXTERNREF, 128);
  EXPECT_EQ(WASM_FUNCREF, 129);
}

TEST(CApiTypes, FunctionTypesEveryShorthand) {
  auto i32 = wasm_valtype_new_i32;
  wasm_functype_t* fts[16] = {
      wasm_functype_new_0_0(), wasm_functype_new_1_0(i32()), wasm_functype_new_2_0(i32(), i32()),
      wasm_functype_new_3_0(i32(), i32(), i32()), wasm_functype_new_0_1(i32()), wasm_functype_new_1_1(i32(), i32()),
      wasm_functype_new_2_1(i32(), i32(), i32()), wasm_functype_new_3_1(i32(), i32(), i32(), i32()),
      wasm_functype_new_0_2(i32(), i32()), wasm_functype_new_1_2(i32(), i32(), i32()),
      wasm_functype_new_2_2(i32(), i32(), i32(), i32()), wasm_functype_new_3_2(i32(), i32(), i32(), i32(), i32()),
      wasm_functype_new_0_3(i32(), i32(), i32()), wasm_functype_new_1_3(i32(), i32(), i32(), i32()),
      wasm_functype_new_2_3(i32(), i32(), i32(), i32(), i32()),
      wasm_functype_new_3_3(i32(), i32(), i32(), i32(), i32(), i32())};
  const size_t shapes[16][2] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1}, {2, 1}, {3, 1},
                                {0, 2}, {1, 2}, {2, 2}, {3, 2}, {0, 3}, {1, 3}, {2, 3}, {3, 3}};
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(wasm_functype_params(fts[i])->size, shapes[i][0]) << i;
    EXPECT_EQ(wasm_functype_results(fts[i])->size, shapes[i][1]) << i;
    wasm_functype_delete(fts[i]);
  }
  wasm_valtype_t* ps[2] = {wasm_valtype_new_i64(), wasm_valtype_new_externref()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t* f = wasm_functype_new(&params, &results);
  EXPECT_EQ(params.size, 0u);  // ownership moved
  wasm_functype_t* c = wasm_functype_copy(f);
  wasm_functype_delete(f);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(c)->data[1]), WASM_EXTERNREF);
  EXPECT_EQ(wasm_functype_results(c)->size, 0u);
  wasm_functype_delete(c);
}

TEST(CApiTypes, GlobalTableMemoryExternTypes) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F32);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  wasm_globaltype_t* gc = wasm_globaltype_copy(g);
  EXPECT_EQ(wasm_globaltype_mutability(gc), WASM_VAR);
  wasm_limits_t lim{3, wasm_limits_max_default};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_EXTERNREF);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 3u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 0xffffffffu);
  wasm_tabletype_t* tc = wasm_tabletype_copy(t);
  EXPECT_EQ(wasm_tabletype_limits(tc)->min, 3u);
  wasm_limits_t ml{1, 5};
  wasm_memorytype_t* m = wasm_memorytype_new(&ml);
  wasm_memorytype_t* mc = wasm_memorytype_copy(m);
  EXPECT_EQ(wasm_memorytype_limits(mc)->max, 5u);
  wasm_functype_t* f = wasm_functype_new_0_0();

  wasm_externtype_t* ef = wasm_functype_as_externtype(f);
  wasm_externtype_t* eg = wasm_globaltype_as_externtype(g);
  wasm_externtype_t* et = wasm_tabletype_as_externtype(t);
  wasm_externtype_t* em = wasm_memorytype_as_externtype(m);
  EXPECT_EQ(wasm_externtype_kind(ef), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_externtype_kind(eg), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_externtype_kind(em), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_externtype_as_functype(ef), f);
  EXPECT_EQ(wasm_externtype_as_globaltype(eg), g);
  EXPECT_EQ(wasm_externtype_as_tabletype(et), t);
  EXPECT_EQ(wasm_externtype_as_memorytype(em), m);
  EXPECT_EQ(wasm_externtype_as_functype(em), nullptr);
  EXPECT_EQ(wasm_externtype_as_globaltype(ef), nullptr);
  EXPECT_EQ(wasm_externtype_as_tabletype(eg), nullptr);
  EXPECT_EQ(wasm_externtype_as_memorytype(et), nullptr);
  EXPECT_EQ(wasm_functype_as_externtype_const(f), ef);
  EXPECT_EQ(wasm_globaltype_as_externtype_const(g), eg);
  EXPECT_EQ(wasm_tabletype_as_externtype_const(t), et);
  EXPECT_EQ(wasm_memorytype_as_externtype_const(m), em);
  EXPECT_EQ(wasm_externtype_as_functype_const(ef), f);
  EXPECT_EQ(wasm_externtype_as_globaltype_const(eg), g);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(et), t);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(em), m);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(ef), nullptr);
  wasm_externtype_t* ec = wasm_externtype_copy(et);
  EXPECT_EQ(wasm_tabletype_limits(wasm_externtype_as_tabletype(ec))->min, 3u);
  wasm_externtype_delete(ec);
  wasm_functype_delete(f);
  wasm_globaltype_delete(g);
  wasm_globaltype_delete(gc);
  wasm_tabletype_delete(t);
  wasm_tabletype_delete(tc);
  wasm_memorytype_delete(m);
  wasm_memorytype_delete(mc);
}

TEST(CApiTypes, ImportAndExportTypes) {
  wasm_name_t mod, name;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "mem");
  wasm_limits_t l{2, 4};
  wasm_importtype_t* i = wasm_importtype_new(&mod, &name, wasm_memorytype_as_externtype(wasm_memorytype_new(&l)));
  EXPECT_EQ(mod.size, 0u);
  wasm_importtype_t* ic = wasm_importtype_copy(i);
  wasm_importtype_delete(i);
  EXPECT_EQ(str(wasm_importtype_module(ic)), "env");
  EXPECT_EQ(str(wasm_importtype_name(ic)), "mem");
  EXPECT_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(wasm_importtype_type(ic)))->max, 4u);
  wasm_importtype_delete(ic);
  wasm_name_new_from_string(&name, "f");
  wasm_exporttype_t* e = wasm_exporttype_new(&name, wasm_functype_as_externtype(wasm_functype_new_0_1(wasm_valtype_new_i64())));
  wasm_exporttype_t* ec = wasm_exporttype_copy(e);
  wasm_exporttype_delete(e);
  EXPECT_EQ(str(wasm_exporttype_name(ec)), "f");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(ec)), WASM_EXTERN_FUNC);
  wasm_exporttype_delete(ec);
}

TEST(CApiEngine, ConfigFeatures) {
  wasm_config_t* c = wasm_config_new();
  EXPECT_TRUE(kiln_config_set_feature(c, "sign-extension", false));
  EXPECT_FALSE(kiln_config_set_feature(c, "no-such-feature", true));
  wasm_engine_t* e = wasm_engine_new_with_config(c);  // takes the config
  wasm_store_t* s = wasm_store_new(e);
  // i32.extend8_s needs sign-extension, which this engine lacks.
  std::vector<uint8_t> b = wat2wasm("(module (func (param i32) (result i32) (i32.extend8_s (local.get 0))))");
  wasm_byte_vec_t v;
  wasm_byte_vec_new(&v, b.size(), reinterpret_cast<const byte_t*>(b.data()));
  EXPECT_FALSE(wasm_module_validate(s, &v));
  EXPECT_EQ(wasm_module_new(s, &v), nullptr);
  wasm_engine_t* dflt = wasm_engine_new();
  wasm_store_t* s2 = wasm_store_new(dflt);
  EXPECT_TRUE(wasm_module_validate(s2, &v));
  wasm_store_delete(s2);
  wasm_engine_delete(dflt);
  wasm_byte_vec_delete(&v);
  wasm_store_delete(s);
  wasm_engine_delete(e);
}

}  // namespace

// The last declarations no other test calls: a config deleted without an engine taking it,
// and the pointer-sized value shorthands.
TEST(CApiVec, ConfigDeleteAndPointerValues) {
  wasm_config_t* config = wasm_config_new();
  ASSERT_NE(config, nullptr);
  wasm_config_delete(config);
  int x = 0;
  wasm_val_t v;
  wasm_val_init_ptr(&v, &x);
  EXPECT_EQ(v.kind, sizeof(void*) == 8 ? WASM_I64 : WASM_I32);
  EXPECT_EQ(wasm_val_ptr(&v), &x);
}
