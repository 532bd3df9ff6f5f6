// Externs (wasm_extern_t and the conversions of funcs, globals, tables and memories to and
// from it) and instances (wasm_instance_t) over kiln::Extern and kiln::Instance.
#include "capi/capi.h"

namespace kiln::capi {

wasm_extern_t* new_extern(wasm_store_t* store, const Extern& e) {
  switch (e.kind()) {
    case ExternKind::Func: return new wasm_func_t(store, e);
    case ExternKind::Global: return new wasm_global_t(store, e);
    case ExternKind::Table: return new wasm_table_t(store, e);
    case ExternKind::Memory: return new wasm_memory_t(store, e);
    case ExternKind::Tag: break;
  }
  return new wasm_extern_t(store, e);
}

}  // namespace kiln::capi

extern "C" {

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  switch (e->ext.kind()) {
    case kiln::ExternKind::Func: return WASM_EXTERN_FUNC;
    case kiln::ExternKind::Global: return WASM_EXTERN_GLOBAL;
    case kiln::ExternKind::Table: return WASM_EXTERN_TABLE;
    case kiln::ExternKind::Memory: return WASM_EXTERN_MEMORY;
    case kiln::ExternKind::Tag: break;
  }
  return KILN_EXTERN_TAG;
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) {
  kiln::Result<kiln::ExternType> t = e->ext.type(e->store->store);
  return t.ok() ? kiln::capi::new_externtype(*t) : nullptr;
}

#define KILN_EXTERN_CONVERSIONS(name)                                                             \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }                        \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) { return x; }      \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) { return dynamic_cast<wasm_##name##_t*>(e); } \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {                  \
    return dynamic_cast<const wasm_##name##_t*>(e);                                               \
  }
KILN_EXTERN_CONVERSIONS(func)
KILN_EXTERN_CONVERSIONS(global)
KILN_EXTERN_CONVERSIONS(table)
KILN_EXTERN_CONVERSIONS(memory)

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  std::vector<kiln::Extern> list;
  size_t n = imports ? imports->size : 0;
  for (size_t i = 0; i < n; ++i) {
    if (!imports->data[i]) {
      if (trap) *trap = kiln::capi::new_trap(store, kiln::Error(kiln::Error::Kind::Link, "import " + std::to_string(i) + " is null"));
      return nullptr;
    }
    list.push_back(imports->data[i]->ext);
  }
  kiln::Result<kiln::Instance> inst = kiln::Instance::create(store->store, module->module, list);
  if (!inst.ok()) {
    if (trap) *trap = kiln::capi::new_trap(store, inst.error());
    return nullptr;
  }
  store->instances.emplace(inst->ref().object, *inst);
  return new wasm_instance_t(store, std::move(*inst));
}

void wasm_instance_exports(const wasm_instance_t* i, wasm_extern_vec_t* out) {
  auto exports = i->instance.exports(i->store->store);
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t k = 0; k < exports.size(); ++k) out->data[k] = kiln::capi::new_extern(i->store, exports[k].second);
}

}  // extern "C"
