/* global: globals made by the host and imported by a module, mutable and immutable, and a
 * module's exported globals read and written from the host (C, wasm.h). */
#include <inttypes.h>

#include "example.h"

static const char* kWat =
    "(module\n"
    "  (import \"env\" \"base\" (global $base i32))\n"
    "  (import \"env\" \"counter\" (global $counter (mut i64)))\n"
    "  (global $scale (export \"scale\") (mut f64) (f64.const 1.5))\n"
    "  (global (export \"answer\") i32 (i32.const 42))\n"
    "  (func (export \"tick\") (result i64)\n"
    "    (global.set $counter (i64.add (global.get $counter) (i64.extend_i32_s (global.get $base))))\n"
    "    (global.get $counter))\n"
    "  (func (export \"scaled\") (param f64) (result f64) (f64.mul (local.get 0) (global.get $scale))))";

static wasm_val_t call0(wasm_func_t* f, wasm_val_t arg) {
  wasm_val_t in[1] = {arg};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {arg.kind == WASM_EXTERNREF ? 0 : 1, in}, results = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (example_report_trap("trap", trap)) out[0].of.i64 = 0;
  return out[0];
}

static wasm_global_t* new_global(wasm_store_t* store, wasm_valkind_t kind, wasm_mutability_t mut, wasm_val_t value) {
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t* g = wasm_global_new(store, type, &value);
  wasm_globaltype_delete(type);
  return g;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;
  wasm_global_t* base = new_global(store, WASM_I32, WASM_CONST, (wasm_val_t)WASM_I32_VAL(10));
  wasm_global_t* counter = new_global(store, WASM_I64, WASM_VAR, (wasm_val_t)WASM_I64_VAL(100));
  wasm_extern_t* imported[] = {wasm_global_as_extern(base), wasm_global_as_extern(counter)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imported);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_global_t* scale = wasm_extern_as_global(exports.data[0]);
  wasm_global_t* answer = wasm_extern_as_global(exports.data[1]);
  wasm_func_t* tick = example_export_func(&exports, 2);
  wasm_func_t* scaled = example_export_func(&exports, 3);
  const wasm_val_t none = WASM_INIT_VAL;

  /* The guest changes the host's global; the host sees it, and the other way round. */
  printf("tick() = %" PRId64 "\n", call0(tick, none).of.i64);
  printf("tick() = %" PRId64 "\n", call0(tick, none).of.i64);
  wasm_val_t v;
  wasm_global_get(counter, &v);
  printf("host reads counter = %" PRId64 "\n", v.of.i64);
  v = (wasm_val_t)WASM_I64_VAL(-5);
  wasm_global_set(counter, &v);
  printf("after the host set it to -5, tick() = %" PRId64 "\n", call0(tick, none).of.i64);

  /* Exported globals. */
  printf("scaled(2) = %g\n", call0(scaled, (wasm_val_t)WASM_F64_VAL(2.0)).of.f64);
  v = (wasm_val_t)WASM_F64_VAL(0.25);
  wasm_global_set(scale, &v);
  printf("after scale = 0.25, scaled(2) = %g\n", call0(scaled, (wasm_val_t)WASM_F64_VAL(2.0)).of.f64);
  wasm_globaltype_t* answer_type = wasm_global_type(answer);
  wasm_global_get(answer, &v);
  printf("answer: %s %s = %d\n", wasm_globaltype_mutability(answer_type) == WASM_VAR ? "mut" : "const",
         wasm_valtype_kind(wasm_globaltype_content(answer_type)) == WASM_I32 ? "i32" : "?", v.of.i32);
  wasm_globaltype_delete(answer_type);

  /* wasm_global_set cannot fail: on an immutable global, or with a value of another type,
   * it leaves the global as it was. */
  v = (wasm_val_t)WASM_I32_VAL(7);
  wasm_global_set(answer, &v);
  wasm_global_get(answer, &v);
  printf("after answer.set(7): %d\n", v.of.i32);
  v = (wasm_val_t)WASM_F64_VAL(1.0);
  wasm_global_set(counter, &v);
  wasm_global_get(counter, &v);
  printf("after counter.set(1.0): %" PRId64 "\n", v.of.i64);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(base);
  wasm_global_delete(counter);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
