/* multi: multiple results both ways -- a host callback returning two values to wasm, and
 * wasm functions returning several values to the host (C, wasm.h). */
#include <inttypes.h>

#include "example.h"

static const char* kWat =
    "(module\n"
    "  (import \"env\" \"divmod\" (func $divmod (param i32 i32) (result i32 i32)))\n"
    "  (func (export \"swapped\") (param i32 i32) (result i32 i32 i32)\n"
    "    (local $q i32) (local $r i32)\n"
    "    (call $divmod (local.get 0) (local.get 1))\n"
    "    (local.set $r) (local.set $q)\n"
    "    (local.get $r) (local.get $q) (local.get 0))\n"
    "  (func (export \"mixed\") (param i64) (result f32 i64 f64)\n"
    "    (f32.const 0.5) (i64.mul (local.get 0) (i64.const 3)) (f64.convert_i64_s (local.get 0))))";

static wasm_trap_t* divmod(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
  results->data[0] = (wasm_val_t)WASM_I32_VAL(a / b);
  results->data[1] = (wasm_val_t)WASM_I32_VAL(a % b);
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;
  wasm_valtype_t* params[] = {wasm_valtype_new_i32(), wasm_valtype_new_i32()};
  wasm_valtype_t* results[] = {wasm_valtype_new_i32(), wasm_valtype_new_i32()};
  wasm_valtype_vec_t param_vec, result_vec;
  wasm_valtype_vec_new(&param_vec, 2, params);
  wasm_valtype_vec_new(&result_vec, 2, results);
  wasm_functype_t* divmod_type = wasm_functype_new(&param_vec, &result_vec);
  wasm_func_t* divmod_func = wasm_func_new(store, divmod_type, divmod);
  wasm_functype_delete(divmod_type);
  wasm_extern_t* imported[] = {wasm_func_as_extern(divmod_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imported);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* swapped = example_export_func(&exports, 0);
  wasm_func_t* mixed = example_export_func(&exports, 1);

  wasm_val_t in[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
  wasm_val_t out[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), rets = WASM_ARRAY_VEC(out);
  if (!example_report_trap("swapped", wasm_func_call(swapped, &args, &rets))) {
    printf("swapped(47, 5) = (%d, %d, %d)\n", out[0].of.i32, out[1].of.i32, out[2].of.i32);
  }

  wasm_functype_t* mixed_type = wasm_func_type(mixed);
  printf("mixed has type ");
  example_print_types(wasm_functype_params(mixed_type));
  printf(" -> ");
  example_print_types(wasm_functype_results(mixed_type));
  printf(" (arities %zu and %zu)\n", wasm_func_param_arity(mixed), wasm_func_result_arity(mixed));
  wasm_functype_delete(mixed_type);
  for (int64_t x = 7; x >= -2; x -= 9) {
    wasm_val_t arg[1] = {WASM_I64_VAL(x)};
    wasm_val_vec_t margs = WASM_ARRAY_VEC(arg);
    if (!example_report_trap("mixed", wasm_func_call(mixed, &margs, &rets))) {
      printf("mixed(%" PRId64 ") = (%g, %" PRId64 ", %g)\n", x, out[0].of.f32, out[1].of.i64, out[2].of.f64);
    }
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(divmod_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
