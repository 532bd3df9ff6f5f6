/* The C API from C11: wasm.h and kiln.h compile as C, and a host program in C compiles a
 * text module, imports a C host function with an environment, calls exports, reads memory,
 * catches a trap with its backtrace and runs out of fuel. Exits non-zero on any mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"
#include "wasm.h"

static int failures = 0;
#define CHECK(cond)                                                    \
  do {                                                                 \
    if (!(cond)) {                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                      \
    }                                                                  \
  } while (0)

static int finalized = 0;
static void finalize(void* env) { finalized += *(int*)env; }

/* env: a factor; returns a * factor + b. */
static wasm_trap_t* host_mul_add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int factor = *(int*)env;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * factor + args->data[1].of.i32;
  return NULL;
}

static const char* const wat =
    "(module\n"
    "  (import \"env\" \"mul_add\" (func $m (param i32 i32) (result i32)))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (data (i32.const 16) \"kiln\")\n"
    "  (func (export \"run\") (param i32) (result i32) (call $m (local.get 0) (i32.const 7)))\n"
    "  (func $div (param i32) (result i32) (i32.div_u (i32.const 10) (local.get 0)))\n"
    "  (func (export \"div\") (param i32) (result i32) (call $div (local.get 0)))\n"
    "  (func (export \"spin\") (loop $l (br $l))))\n";

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t text, binary;
  wasm_byte_vec_new(&text, strlen(wat), wat);
  CHECK(kiln_wat2wasm(&text, &binary, NULL));
  wasm_byte_vec_delete(&text);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);

  int factor = 6;
  wasm_functype_t* type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new_with_env(store, type, host_mul_add, &factor, finalize);
  wasm_functype_delete(type);

  wasm_extern_t* import_list[1] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  wasm_memory_t* mem = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* run = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* div = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* spin = wasm_extern_as_func(exports.data[3]);
  CHECK(mem && run && div && spin);
  CHECK(wasm_memory_size(mem) == 1 && wasm_memory_data_size(mem) == MEMORY_PAGE_SIZE);
  CHECK(memcmp(wasm_memory_data(mem) + 16, "kiln", 4) == 0);

  wasm_val_t arg_list[1] = {WASM_I32_VAL(5)};
  wasm_val_t result_list[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_list), results = WASM_ARRAY_VEC(result_list);
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK(result_list[0].kind == WASM_I32 && result_list[0].of.i32 == 37);

  arg_list[0].of.i32 = 0;
  trap = wasm_func_call(div, &args, &results);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    CHECK(strcmp(message.data, "integer divide by zero") == 0);
    wasm_byte_vec_delete(&message);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    CHECK(trace.size == 2);
    if (trace.size == 2) {
      CHECK(wasm_frame_func_index(trace.data[0]) == 2); /* $div, after the import and run */
      CHECK(wasm_frame_func_index(trace.data[1]) == 3);
    }
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
  }

  uint64_t fuel = 0;
  CHECK(!kiln_store_get_fuel(store, &fuel));
  kiln_store_set_fuel(store, 1000);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(spin, &none, &none);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    CHECK(strcmp(message.data, "all fuel consumed") == 0);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
  }
  CHECK(kiln_store_get_fuel(store, &fuel) && fuel == 0);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(host);
  wasm_module_delete(module);
  CHECK(finalized == 0);
  wasm_store_delete(store);
  CHECK(finalized == 6);
  wasm_engine_delete(engine);
  if (failures == 0) printf("ok\n");
  return failures == 0 ? 0 : 1;
}
