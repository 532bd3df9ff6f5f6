// Values (wasm_val_t), the reference base functions of every reference type (copy, same,
// host info, as_ref conversions) and foreign objects.
#include "capi/capi.h"

namespace kiln::capi {

bool ref_to_api(wasm_store_t* store, const wasm_ref_t* r, ValKind kind, Val* out) {
  if (!r) {
    *out = Val::null(kind);
    return true;
  }
  if (kind == ValKind::FuncRef) {
    const auto* f = dynamic_cast<const wasm_func_t*>(r);
    if (!f) return false;
    *out = Val::funcref(f->func());
    return true;
  }
  if (kind == ValKind::ExternRef) {
    // Any reference may be held as an externref; its cell is the externref's data, so it
    // comes back as a foreign object with the same host info.
    store->cells.emplace(r->cell.get(), r->cell);
    *out = Val::externref(ExternRef::create(store->store, r->cell.get()));
    return true;
  }
  return false;
}

wasm_ref_t* ref_to_c(wasm_store_t* store, const Val& v) {
  if (v.is_null()) return nullptr;
  if (v.kind() == ValKind::FuncRef) return new wasm_func_t(store, Extern(*v.funcref()));
  if (v.kind() == ValKind::ExternRef) return new wasm_foreign_t(store, store->cell(v.externref()->data()));
  return nullptr;
}

bool to_api(wasm_store_t* store, const wasm_val_t& v, Val* out) {
  switch (v.kind) {
    case WASM_I32: *out = Val(v.of.i32); return true;
    case WASM_I64: *out = Val(v.of.i64); return true;
    case WASM_F32: *out = Val(v.of.f32); return true;
    case WASM_F64: *out = Val(v.of.f64); return true;
    case WASM_FUNCREF: return ref_to_api(store, v.of.ref, ValKind::FuncRef, out);
    case WASM_EXTERNREF: return ref_to_api(store, v.of.ref, ValKind::ExternRef, out);
    default: return false;
  }
}

bool to_c(wasm_store_t* store, const Val& v, wasm_val_t* out) {
  switch (v.kind()) {
    case ValKind::I32: out->kind = WASM_I32; out->of.i32 = v.i32(); return true;
    case ValKind::I64: out->kind = WASM_I64; out->of.i64 = v.i64(); return true;
    case ValKind::F32: out->kind = WASM_F32; out->of.f32 = v.f32(); return true;
    case ValKind::F64: out->kind = WASM_F64; out->of.f64 = v.f64(); return true;
    case ValKind::FuncRef: out->kind = WASM_FUNCREF; out->of.ref = ref_to_c(store, v); return true;
    case ValKind::ExternRef: out->kind = WASM_EXTERNREF; out->of.ref = ref_to_c(store, v); return true;
    default: out->kind = WASM_EXTERNREF; out->of.ref = nullptr; return false;
  }
}

}  // namespace kiln::capi

extern "C" {

void wasm_val_delete(wasm_val_t* v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) {
    delete v->of.ref;
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = v->of.ref->clone();
}

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  auto cell = std::make_shared<KilnHostInfo>();
  store->cells.emplace(cell.get(), cell);  // lives, with its host info, as long as the store
  return new wasm_foreign_t(store, cell);
}

}  // extern "C"

// The base functions of a reference type: delete, copy, same, host info.
#define KILN_REF_BASE(name)                                                                       \
  extern "C" void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }                          \
  extern "C" wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                      \
    return r ? static_cast<wasm_##name##_t*>(r->clone()) : nullptr;                               \
  }                                                                                               \
  extern "C" bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {        \
    return a == b || (a && b && a->identity() == b->identity());                                  \
  }                                                                                               \
  extern "C" void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return r->cell->info; } \
  extern "C" void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {                   \
    r->cell->set(info, nullptr);                                                                  \
  }                                                                                               \
  extern "C" void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info,      \
                                                             void (*finalizer)(void*)) {          \
    r->cell->set(info, finalizer);                                                                \
  }

// ... and the conversions to and from wasm_ref_t (the same object; NULL for another type).
#define KILN_REF(name)                                                                            \
  KILN_REF_BASE(name)                                                                             \
  extern "C" wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                   \
  extern "C" const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; } \
  extern "C" wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                 \
    return dynamic_cast<wasm_##name##_t*>(r);                                                     \
  }                                                                                               \
  extern "C" const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {             \
    return dynamic_cast<const wasm_##name##_t*>(r);                                               \
  }

KILN_REF_BASE(ref)
KILN_REF(trap)
KILN_REF(foreign)
KILN_REF(module)
KILN_REF(func)
KILN_REF(global)
KILN_REF(table)
KILN_REF(memory)
KILN_REF(extern)
KILN_REF(instance)
