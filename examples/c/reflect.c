/* reflect: lists a module's imports and exports with their types, without instantiating
 * it (C, wasm.h). */
#include "example.h"

static const char* kWat =
    "(module\n"
    "  (import \"env\" \"log\" (func (param i32 i64)))\n"
    "  (import \"env\" \"memory\" (memory 1 16))\n"
    "  (import \"env\" \"table\" (table 4 funcref))\n"
    "  (import \"env\" \"offset\" (global i32))\n"
    "  (func (export \"run\") (param f32 f64) (result i32 i32) (i32.const 1) (i32.const 2))\n"
    "  (func (export \"nothing\"))\n"
    "  (global (export \"counter\") (mut i64) (i64.const 0))\n"
    "  (table (export \"refs\") 0 externref)\n"
    "  (memory (export \"heap\") 2))";

static void print_limits(const wasm_limits_t* l) {
  if (l->max == wasm_limits_max_default) {
    printf("%u..", l->min);
  } else {
    printf("%u..%u", l->min, l->max);
  }
}

/* One line per type, in the spirit of the text format. */
static void print_externtype(const wasm_externtype_t* type) {
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* f = wasm_externtype_as_functype_const(type);
      printf("func ");
      example_print_types(wasm_functype_params(f));
      printf(" -> ");
      example_print_types(wasm_functype_results(f));
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(type);
      printf("global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "mut" : "const",
             example_kind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(type);
      printf("table ");
      print_limits(wasm_tabletype_limits(t));
      printf(" %s", example_kind_name(wasm_valtype_kind(wasm_tabletype_element(t))));
      break;
    }
    case WASM_EXTERN_MEMORY: {
      printf("memory ");
      print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(type)));
      printf(" pages");
      break;
    }
    default: printf("other");
  }
  printf("\n");
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat);
  if (!module) return 1;

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  printf("%zu imports:\n", imports.size);
  for (size_t i = 0; i < imports.size; ++i) {
    const wasm_name_t* mod = wasm_importtype_module(imports.data[i]);
    const wasm_name_t* name = wasm_importtype_name(imports.data[i]);
    printf("  \"%.*s\" \"%.*s\": ", (int)mod->size, mod->data, (int)name->size, name->data);
    print_externtype(wasm_importtype_type(imports.data[i]));
  }
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  printf("%zu exports:\n", exports.size);
  for (size_t i = 0; i < exports.size; ++i) {
    const wasm_name_t* name = wasm_exporttype_name(exports.data[i]);
    printf("  \"%.*s\": ", (int)name->size, name->data);
    print_externtype(wasm_exporttype_type(exports.data[i]));
  }
  wasm_exporttype_vec_delete(&exports);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
