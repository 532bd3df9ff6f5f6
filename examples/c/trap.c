/* trap: what a host learns when a guest traps -- the message and the frames with function
 * indices, offsets, names (kiln_frame_func_name) and instance -- and how a host callback's
 * trap ends the guest that called it (C, wasm.h). */
#include "example.h"

static const char* kWat =
    "(module $calc\n"
    "  (import \"env\" \"check\" (func $check (param i32)))\n"
    "  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))\n"
    "  (func $average (export \"average\") (param $sum i32) (param $n i32) (result i32)\n"
    "    (call $divide (local.get $sum) (local.get $n)))\n"
    "  (func $checked (export \"checked\") (param i32) (result i32)\n"
    "    (call $check (local.get 0))\n"
    "    (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (func (export \"crash\") (unreachable)))";

static wasm_instance_t* instance;

static void print_frame(const wasm_frame_t* frame) {
  wasm_name_t name;
  kiln_frame_func_name(frame, &name);
  printf("  at func %u", wasm_frame_func_index(frame));
  if (name.size) printf(" (%.*s)", (int)name.size, name.data);
  printf(", +%zu in the function, 0x%zx in the module, %s\n", wasm_frame_func_offset(frame),
         wasm_frame_module_offset(frame),
         wasm_instance_same(wasm_frame_instance(frame), instance) ? "in our instance" : "in another instance");
  wasm_byte_vec_delete(&name);
}

/* Calls `f` with i32 arguments; prints its result or its trap with the backtrace. */
static void call(wasm_func_t* f, const char* what, int32_t a, int32_t b, size_t nargs) {
  wasm_val_t arg[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg}, results = {wasm_func_result_arity(f), result};
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap) {
    printf("%s = %d\n", what, result[0].of.i32);
    return;
  }
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("%s trapped: %s\n", what, message.data);
  wasm_byte_vec_delete(&message);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; ++i) print_frame(trace.data[i]);
  wasm_frame_vec_delete(&trace);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  if (origin) {
    printf("  origin: func %u\n", wasm_frame_func_index(origin));
    wasm_frame_delete(origin);
  }
  wasm_trap_delete(trap);
}

/* A host callback fails by returning a trap: the guest traps with its message. */
static wasm_trap_t* check(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  wasm_store_t* store = env;
  if (args->data[0].of.i32 >= 0) return NULL;
  char text[64];
  snprintf(text, sizeof text, "negative input %d", args->data[0].of.i32);
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, text);
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  return trap;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;
  wasm_functype_t* check_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* check_func = wasm_func_new_with_env(store, check_type, check, store, NULL);
  wasm_functype_delete(check_type);
  wasm_extern_t* imported[] = {wasm_func_as_extern(check_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imported);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* average = example_export_func(&exports, 0);
  wasm_func_t* checked = example_export_func(&exports, 1);
  wasm_func_t* crash = example_export_func(&exports, 2);

  call(average, "average(10, 4)", 10, 4, 2);
  call(average, "average(10, 0)", 10, 0, 2);
  call(average, "average(INT32_MIN, -1)", INT32_MIN, -1, 2);
  call(crash, "crash()", 0, 0, 0);
  call(checked, "checked(4)", 4, 0, 1);
  call(checked, "checked(-4)", -4, 0, 1);
  /* A call with the wrong number of arguments is a trap too, not a crash. */
  call(average, "average(1)", 1, 0, 1);
  /* The store stays usable after a trap. */
  call(average, "average(9, 3)", 9, 3, 2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(check_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
