/* memory: the host reads, writes and grows a guest's linear memory (C, wasm.h).
 * wasm_memory_data() is valid until the memory grows -- by wasm_memory_grow or by
 * memory.grow in wasm, so after any call into wasm. Read it again after either. */
#include "example.h"

static const char* kWat =
    "(module\n"
    "  (memory (export \"memory\") 1 4)\n"
    "  (data (i32.const 16) \"written by wasm\")\n"
    "  (func (export \"sum\") (param $ptr i32) (param $len i32) (result i32)\n"
    "    (local $s i32)\n"
    "    (block $done\n"
    "      (loop $next\n"
    "        (br_if $done (i32.eqz (local.get $len)))\n"
    "        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $ptr))))\n"
    "        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))\n"
    "        (local.set $len (i32.sub (local.get $len) (i32.const 1)))\n"
    "        (br $next)))\n"
    "    (local.get $s))\n"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))";

/* Calls an (i32 i32) -> i32 or (i32) -> i32 export; prints the trap instead of a result. */
static void call(wasm_func_t* f, const char* what, int32_t a, int32_t b, size_t nargs) {
  wasm_val_t arg[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg}, results = WASM_ARRAY_VEC(result);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!example_report_trap(what, trap)) printf("%s: %d\n", what, result[0].of.i32);
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
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* sum = example_export_func(&exports, 1);
  wasm_func_t* grow = example_export_func(&exports, 2);

  /* Read what the data segment wrote. */
  byte_t* bytes = wasm_memory_data(memory);
  printf("pages: %u, bytes: %zu\n", wasm_memory_size(memory), wasm_memory_data_size(memory));
  printf("at 16: \"%.15s\"\n", bytes + 16);

  /* Write from the host, let wasm read it. */
  const byte_t values[] = {1, 2, 3, 4, (byte_t)250};
  memcpy(bytes + 100, values, sizeof values);
  call(sum, "wasm sums the host's bytes", 100, 5, 2);

  /* Growth from the host: `bytes` is now stale; read it again. */
  wasm_memory_pages_t old_pages = wasm_memory_size(memory);
  if (wasm_memory_grow(memory, 1)) {
    bytes = wasm_memory_data(memory);
    printf("host grew from %u pages to %u, %zu bytes\n", old_pages, wasm_memory_size(memory),
           wasm_memory_data_size(memory));
  }
  bytes[65536 + 7] = 42; /* in the new page */
  call(sum, "wasm reads the new page", 65536, 8, 2);

  /* Growth from wasm: again read the data pointer after the call. */
  call(grow, "wasm memory.grow(1) returned", 1, 0, 1);
  printf("now %u pages, %zu bytes\n", wasm_memory_size(memory), wasm_memory_data_size(memory));
  /* Beyond the maximum of 4 pages: memory.grow gives -1, wasm_memory_grow false. */
  call(grow, "wasm memory.grow(2) returned", 2, 0, 1);
  printf("host grow by 2: %s\n", wasm_memory_grow(memory, 2) ? "done" : "refused");

  /* Out-of-bounds access from wasm traps. */
  call(sum, "reading past the end", (int32_t)wasm_memory_data_size(memory) - 2, 4, 2);

  /* A memory made by the host. */
  wasm_limits_t limits = {2, 3};
  wasm_memorytype_t* type = wasm_memorytype_new(&limits);
  wasm_memory_t* own_memory = wasm_memory_new(store, type);
  wasm_memorytype_delete(type);
  printf("host memory: %u pages", wasm_memory_size(own_memory));
  printf(", grow by 1: %s", wasm_memory_grow(own_memory, 1) ? "done" : "refused");
  printf(", by 1 more: %s\n", wasm_memory_grow(own_memory, 1) ? "done" : "refused");
  wasm_memory_delete(own_memory);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
