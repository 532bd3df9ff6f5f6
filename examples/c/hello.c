/* hello: a host callback imported by a module and called from wasm (C, wasm.h).
 * The module imports "env" "print" (i32 -> nothing) and "env" "square" (i32 -> i32, with
 * an environment counting its calls) and exports "run", which calls both for 1..n. */
#include "example.h"

static const char* kWat =
    "(module\n"
    "  (import \"env\" \"print\" (func $print (param i32)))\n"
    "  (import \"env\" \"square\" (func $square (param i32) (result i32)))\n"
    "  (func (export \"run\") (param $n i32) (result i32)\n"
    "    (local $i i32) (local $sum i32)\n"
    "    (loop $next\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (call $print (local.get $i))\n"
    "      (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))\n"
    "      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $sum)))";

static wasm_trap_t* print(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("hello from wasm: %d\n", args->data[0].of.i32);
  return NULL;
}

static wasm_trap_t* square(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int* calls = env;
  ++*calls;
  int32_t x = args->data[0].of.i32;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = x * x;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;

  wasm_functype_t* print_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_functype_t* square_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  int calls = 0;
  wasm_func_t* print_func = wasm_func_new(store, print_type, print);
  wasm_func_t* square_func = wasm_func_new_with_env(store, square_type, square, &calls, NULL);
  wasm_functype_delete(print_type);
  wasm_functype_delete(square_type);

  wasm_extern_t* imported[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(square_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imported);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  int status = 1;
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t arg[1] = {WASM_I32_VAL(3)};
    wasm_val_t result[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg), results = WASM_ARRAY_VEC(result);
    if (!example_report_trap("trap", wasm_func_call(example_export_func(&exports, 0), &args, &results))) {
      printf("sum of squares 1..3 = %d (host called %d times)\n", result[0].of.i32, calls);
      status = 0;
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  } else {
    example_report_trap("instantiation failed", trap);
  }
  wasm_func_delete(print_func);
  wasm_func_delete(square_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
