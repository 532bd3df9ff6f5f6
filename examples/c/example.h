/* Helpers shared by the C examples: compile a module from its text, report traps. */
#ifndef KILN_EXAMPLE_H
#define KILN_EXAMPLE_H

#include <stdio.h>
#include <string.h>

#include <kiln.h>
#include <wasm.h>

/* The module of `wat` (text format), or NULL after printing why. The caller owns it. */
static inline wasm_module_t* example_compile(wasm_store_t* store, const char* wat) {
  wasm_byte_vec_t text, binary;
  wasm_message_t error;
  wasm_byte_vec_new(&text, strlen(wat), wat);
  bool ok = kiln_wat2wasm(&text, &binary, &error);
  wasm_byte_vec_delete(&text);
  if (!ok) {
    fprintf(stderr, "wat2wasm: %s\n", error.data);
    wasm_byte_vec_delete(&error);
    return NULL;
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) fprintf(stderr, "the module does not compile\n");
  return module;
}

/* Prints "PREFIX: MESSAGE" for a trap and deletes it; returns whether there was one. */
static inline bool example_report_trap(const char* prefix, wasm_trap_t* trap) {
  if (!trap) return false;
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("%s: %s\n", prefix, message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
  return true;
}

/* Export `i` of `exports` as a function (borrowed from the vector), or NULL. */
static inline wasm_func_t* example_export_func(const wasm_extern_vec_t* exports, size_t i) {
  return i < exports->size ? wasm_extern_as_func(exports->data[i]) : NULL;
}

/* A value kind as the text format names it. */
static inline const char* example_kind_name(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "?";
  }
}

/* Prints a list of value types as "[i32 i64]". */
static inline void example_print_types(const wasm_valtype_vec_t* types) {
  printf("[");
  for (size_t i = 0; i < types->size; ++i) {
    printf("%s%s", i ? " " : "", example_kind_name(wasm_valtype_kind(types->data[i])));
  }
  printf("]");
}

#endif
