/* Kiln's extensions to the WebAssembly C API (wasm.h): what the standard lacks. Valid C11
 * and C++; the same ownership conventions as wasm.h (`own` results are freed by the caller
 * with the matching _delete). */
#ifndef KILN_H
#define KILN_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define own

/* ---- Value kinds the standard lacks ---------------------------------------------------- */

/* Kinds of wasm_valtype_t for types of modules that use them (values of these kinds cannot
 * cross the C API: calls with them trap). */
enum kiln_valkind_enum {
  KILN_V128 = 4,      /* simd's v128 */
  KILN_ANYREF = 130,  /* any other reference type (GC, typed function references) */
};

/* The wasm_externkind_t of an exception tag (wasm_extern_kind, wasm_externtype_kind). */
#define KILN_EXTERN_TAG 4

/* ---- Features ------------------------------------------------------------------------- */

/* Enables or disables feature `name` (the names of `kiln --enable-FEATURE`: "simd",
 * "tail-call", "memory64", "gc", "exceptions", ...). False when there is no such feature. */
WASM_API_EXTERN bool kiln_config_set_feature(wasm_config_t*, const char* name, bool enabled);

/* ---- Text format ---------------------------------------------------------------------- */

/* Translates the text format (`(module ...)`) into a binary module, which it validates with
 * every feature enabled. On success fills `out` (owned) and returns true; on failure returns
 * false and, when `error` is not NULL, fills it (owned, null-terminated) with
 * "LINE:COLUMN: MESSAGE". */
WASM_API_EXTERN bool kiln_wat2wasm(const wasm_byte_vec_t* wat, wasm_byte_vec_t* out, wasm_message_t* error);

/* ---- Store limits --------------------------------------------------------------------- */

#define KILN_UNLIMITED UINT64_MAX

/* Bounds on what the guests of one store may use (docs/embedding.md, "Resource control"). */
typedef struct kiln_limits_t {
  uint64_t max_memory_bytes;   /* all linear memories together; KILN_UNLIMITED for none */
  uint64_t max_table_elements; /* all tables together; KILN_UNLIMITED for none */
  uint32_t max_call_depth;     /* wasm frames, host calls included */
} kiln_limits_t;

/* The defaults: unlimited memory and tables, a call depth of 10000. */
WASM_API_EXTERN void kiln_limits_init(kiln_limits_t* out);
WASM_API_EXTERN own wasm_store_t* kiln_store_new_with_limits(wasm_engine_t*, const kiln_limits_t*);

/* ---- Fuel ----------------------------------------------------------------------------- */

/* Switches fuel on with `fuel` units: one per wasm function entered, per host call and per
 * taken branch back to a loop. A guest that uses it up traps with "all fuel consumed". */
WASM_API_EXTERN void kiln_store_set_fuel(wasm_store_t*, uint64_t fuel);
/* The fuel left in `*fuel`; false (and `*fuel` untouched) when fuel is off. */
WASM_API_EXTERN bool kiln_store_get_fuel(const wasm_store_t*, uint64_t* fuel);
WASM_API_EXTERN void kiln_store_disable_fuel(wasm_store_t*);

/* ---- Interruption --------------------------------------------------------------------- */

/* A handle that stops the guests of a store from any thread: after interrupt, running (and
 * later) calls into wasm of that store trap with "interrupted" until
 * kiln_store_clear_interrupt. The handle may outlive its store (it then does nothing). */
typedef struct kiln_interrupt_handle_t kiln_interrupt_handle_t;
WASM_API_EXTERN own kiln_interrupt_handle_t* kiln_store_interrupt_handle(wasm_store_t*);
WASM_API_EXTERN void kiln_interrupt_handle_interrupt(const kiln_interrupt_handle_t*);
WASM_API_EXTERN void kiln_interrupt_handle_delete(own kiln_interrupt_handle_t*);
WASM_API_EXTERN void kiln_store_clear_interrupt(wasm_store_t*);
/* Wasm code still running `seconds` from now traps with "interrupted"; no thread needed. */
WASM_API_EXTERN void kiln_store_set_deadline(wasm_store_t*, double seconds);
WASM_API_EXTERN void kiln_store_clear_deadline(wasm_store_t*);

/* ---- Traps and frames ----------------------------------------------------------------- */

/* The function's name from the module's name section (owned, not null-terminated; empty when
 * the module has none). */
WASM_API_EXTERN void kiln_frame_func_name(const wasm_frame_t*, own wasm_name_t* out);

#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif /* KILN_H */
