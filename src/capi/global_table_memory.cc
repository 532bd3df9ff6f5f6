// Globals, tables and memories (wasm_global_t, wasm_table_t, wasm_memory_t) over
// kiln::Global, kiln::Table and kiln::Memory.
#include "capi/capi.h"

using namespace kiln::capi;

extern "C" {

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* val) {
  kiln::Val v;
  if (!to_api(store, *val, &v)) return nullptr;
  kiln::Result<kiln::Global> g = kiln::Global::create(store->store, to_api(type), v);
  return g.ok() ? new wasm_global_t(store, kiln::Extern(*g)) : nullptr;
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  kiln::Result<kiln::GlobalType> t = g->global().type(g->store->store);
  return t.ok() ? static_cast<wasm_globaltype_t*>(new_externtype(*t)) : nullptr;
}

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  kiln::Result<kiln::Val> v = g->global().get(g->store->store);
  if (!v.ok() || !to_c(g->store, *v, out)) *out = wasm_val_t{WASM_EXTERNREF, {.ref = nullptr}};
}

// Values of the wrong kind, and sets of an immutable global, are ignored (the standard's
// function has no way to fail).
void wasm_global_set(wasm_global_t* g, const wasm_val_t* val) {
  kiln::Val v;
  if (!to_api(g->store, *val, &v)) return;
  (void)g->global().set(g->store->store, v);
}

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  kiln::TableType tt = to_api(type);
  kiln::Val v;
  if (!ref_to_api(store, init, tt.element.kind(), &v)) return nullptr;
  kiln::Result<kiln::Table> t = kiln::Table::create(store->store, tt, v);
  return t.ok() ? new wasm_table_t(store, kiln::Extern(*t)) : nullptr;
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  kiln::Result<kiln::TableType> tt = t->table().type(t->store->store);
  return tt.ok() ? static_cast<wasm_tabletype_t*>(new_externtype(*tt)) : nullptr;
}

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  kiln::Result<kiln::Val> v = t->table().get(t->store->store, index);
  return v.ok() ? ref_to_c(t->store, *v) : nullptr;
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  kiln::Result<kiln::TableType> tt = t->table().type(t->store->store);
  kiln::Val v;
  if (!tt.ok() || !ref_to_api(t->store, ref, tt->element.kind(), &v)) return false;
  return t->table().set(t->store->store, index, v).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) {
  return static_cast<wasm_table_size_t>(t->table().size(t->store->store));
}

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  kiln::Result<kiln::TableType> tt = t->table().type(t->store->store);
  kiln::Val v;
  if (!tt.ok() || !ref_to_api(t->store, init, tt->element.kind(), &v)) return false;
  return t->table().grow(t->store->store, delta, v).ok();
}

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  kiln::Result<kiln::Memory> m = kiln::Memory::create(store->store, to_api(type));
  return m.ok() ? new wasm_memory_t(store, kiln::Extern(*m)) : nullptr;
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  kiln::Result<kiln::MemoryType> t = m->memory().type(m->store->store);
  return t.ok() ? static_cast<wasm_memorytype_t*>(new_externtype(*t)) : nullptr;
}

byte_t* wasm_memory_data(wasm_memory_t* m) {
  return reinterpret_cast<byte_t*>(m->memory().data(m->store->store).data());
}

size_t wasm_memory_data_size(const wasm_memory_t* m) { return m->memory().size_bytes(m->store->store); }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) {
  return static_cast<wasm_memory_pages_t>(m->memory().size_pages(m->store->store));
}

bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  return m->memory().grow(m->store->store, delta).ok();
}

}  // extern "C"
