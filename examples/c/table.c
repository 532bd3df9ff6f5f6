/* table: a funcref table shared by host and guest (C, wasm.h). The host reads, sets and
 * grows it, and wasm's call_indirect calls whatever function the host put in an entry --
 * a wasm export or a host function. */
#include "example.h"

static const char* kWat =
    "(module\n"
    "  (type $binop (func (param i32 i32) (result i32)))\n"
    "  (table (export \"ops\") 2 10 funcref)\n"
    "  (func $add (export \"add\") (type $binop) (i32.add (local.get 0) (local.get 1)))\n"
    "  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))\n"
    "  (elem (i32.const 0) $add $sub)\n"
    "  (func (export \"apply\") (param $op i32) (param i32 i32) (result i32)\n"
    "    (call_indirect (type $binop) (local.get 1) (local.get 2) (local.get $op))))";

static wasm_func_t* apply;

static void call_apply(int32_t op, int32_t a, int32_t b, const char* note) {
  wasm_val_t arg[3] = {WASM_I32_VAL(op), WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg), results = WASM_ARRAY_VEC(result);
  char what[64];
  snprintf(what, sizeof what, "apply(%d, %d, %d)", op, a, b);
  if (!example_report_trap(what, wasm_func_call(apply, &args, &results))) {
    printf("%s = %d%s\n", what, result[0].of.i32, note);
  }
}

static wasm_trap_t* mul(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * args->data[1].of.i32;
  return NULL;
}

static wasm_trap_t* neg(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;
  wasm_instance_t* instance = wasm_instance_new(store, module, NULL, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t* add = example_export_func(&exports, 1);
  apply = example_export_func(&exports, 2);

  wasm_tabletype_t* type = wasm_table_type(table);
  const wasm_limits_t* limits = wasm_tabletype_limits(type);
  printf("table of %s, size %u, maximum %u\n",
         wasm_valtype_kind(wasm_tabletype_element(type)) == WASM_FUNCREF ? "funcref" : "?", wasm_table_size(table),
         limits->max);
  wasm_tabletype_delete(type);
  call_apply(0, 7, 5, "");
  call_apply(1, 7, 5, "");

  /* get: entry 0 is the exported "add". */
  wasm_ref_t* entry0 = wasm_table_get(table, 0);
  printf("entry 0 is the export \"add\": %s\n", wasm_ref_same(entry0, wasm_func_as_ref(add)) ? "yes" : "no");
  wasm_ref_delete(entry0);

  /* grow by 2 with null entries; calling a null entry traps. */
  wasm_table_size_t old_size = wasm_table_size(table);
  if (wasm_table_grow(table, 2, NULL)) printf("grew from %u to %u\n", old_size, wasm_table_size(table));
  call_apply(2, 7, 5, "");

  /* set: a host function in entry 2, a function of another type in entry 3. */
  wasm_functype_t* binop = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* mul_func = wasm_func_new(store, binop, mul);
  wasm_functype_delete(binop);
  wasm_functype_t* unop = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* neg_func = wasm_func_new(store, unop, neg);
  wasm_functype_delete(unop);
  wasm_table_set(table, 2, wasm_func_as_ref(mul_func));
  call_apply(2, 7, 5, " (host function)");
  wasm_table_set(table, 3, wasm_func_as_ref(neg_func));
  call_apply(3, 7, 5, "");

  /* Out of bounds, from the host and from wasm. */
  printf("get(4): %s\n", wasm_table_get(table, 4) ? "a reference" : "NULL (out of bounds)");
  printf("set(4): %s\n", wasm_table_set(table, 4, NULL) ? "done" : "refused (out of bounds)");
  call_apply(4, 7, 5, "");

  wasm_func_delete(mul_func);
  wasm_func_delete(neg_func);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
