// Modules (wasm_module_t) over kiln::Module: compilation, validation, reflection,
// serialization and sharing between threads (wasm_shared_module_t).
#include "capi/capi.h"

namespace {
std::span<const uint8_t> bytes_of(const wasm_byte_vec_t* v) {
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}
wasm_module_t* compile(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  kiln::Result<kiln::Module> m = kiln::Module::compile(store->store.engine(), bytes_of(binary));
  if (!m.ok()) return nullptr;
  return new wasm_module_t(store, std::move(*m), std::make_shared<KilnHostInfo>());
}
}  // namespace

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) { return compile(store, binary); }

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return kiln::Module::validate(store->store.engine(), bytes_of(binary)).ok();
}

void wasm_module_imports(const wasm_module_t* m, wasm_importtype_vec_t* out) {
  std::vector<kiln::ImportType> imports = m->module.imports();
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    auto* t = new wasm_importtype_t;
    kiln::capi::fill_name(&t->module, imports[i].module);
    kiln::capi::fill_name(&t->name, imports[i].name);
    t->type = kiln::capi::new_externtype(imports[i].type);
    out->data[i] = t;
  }
}

void wasm_module_exports(const wasm_module_t* m, wasm_exporttype_vec_t* out) {
  std::vector<kiln::ExportType> exports = m->module.exports();
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) {
    auto* t = new wasm_exporttype_t;
    kiln::capi::fill_name(&t->name, exports[i].name);
    t->type = kiln::capi::new_externtype(exports[i].type);
    out->data[i] = t;
  }
}

// The serialized form is the module's binary encoding; deserialize compiles it again.
void wasm_module_serialize(const wasm_module_t* m, wasm_byte_vec_t* out) {
  std::span<const uint8_t> b = m->module.bytes();
  wasm_byte_vec_new(out, b.size(), reinterpret_cast<const byte_t*>(b.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  return compile(store, bytes);
}

wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) { return new wasm_shared_module_t{m->module}; }

void wasm_shared_module_delete(wasm_shared_module_t* m) { delete m; }

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  return new wasm_module_t(store, shared->module, std::make_shared<KilnHostInfo>());
}

}  // extern "C"
