// The vectors of wasm.h (WASM_DECLARE_VEC): one definition per element type. A vector owns
// its elements: delete frees them with their own _delete, copy copies them with _copy.
#include "capi/capi.h"

namespace {

template <typename Vec, typename T>
void vec_new_uninitialized(Vec* out, size_t n) {
  out->size = n;
  out->data = n ? new T[n]() : nullptr;
}

template <typename Vec, typename T>
void vec_new(Vec* out, size_t n, const T* src) {
  vec_new_uninitialized<Vec, T>(out, n);
  for (size_t i = 0; i < n; ++i) out->data[i] = src[i];
}

template <typename Vec, typename T, typename Del>
void vec_delete(Vec* v, Del del) {
  if (!v) return;
  for (size_t i = 0; i < v->size; ++i) del(&v->data[i]);
  delete[] v->data;
  v->size = 0;
  v->data = nullptr;
}

}  // namespace

// Vectors of values held by value: `copy_elem(dst, src)` and `del_elem(p)`.
#define KILN_VEC_DEFINE(name, elem_t, copy_elem, del_elem)                                       \
  extern "C" void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                        \
    out->size = 0;                                                                               \
    out->data = nullptr;                                                                         \
  }                                                                                              \
  extern "C" void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t n) {      \
    vec_new_uninitialized<wasm_##name##_vec_t, elem_t>(out, n);                                  \
  }                                                                                              \
  extern "C" void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t n, elem_t const src[]) { \
    vec_new<wasm_##name##_vec_t, elem_t>(out, n, src);                                           \
  }                                                                                              \
  extern "C" void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* v) { \
    vec_new_uninitialized<wasm_##name##_vec_t, elem_t>(out, v->size);                            \
    for (size_t i = 0; i < v->size; ++i) copy_elem(&out->data[i], &v->data[i]);                  \
  }                                                                                              \
  extern "C" void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                             \
    vec_delete<wasm_##name##_vec_t, elem_t>(v, [](elem_t* p) { del_elem(p); });                   \
  }

namespace {
void copy_byte(byte_t* d, const byte_t* s) { *d = *s; }
void del_byte(byte_t*) {}
template <typename T, T* (*Copy)(const T*)>
void copy_ptr(T** d, T* const* s) {
  *d = *s ? Copy(*s) : nullptr;
}
template <typename T, void (*Del)(T*)>
void del_ptr(T** p) {
  if (*p) Del(*p);
}
}  // namespace

KILN_VEC_DEFINE(byte, byte_t, copy_byte, del_byte)
KILN_VEC_DEFINE(val, wasm_val_t, wasm_val_copy, wasm_val_delete)

#define KILN_PTR_VEC_DEFINE(name)                                                                 \
  KILN_VEC_DEFINE(name, wasm_##name##_t*, (copy_ptr<wasm_##name##_t, wasm_##name##_copy>),        \
                  (del_ptr<wasm_##name##_t, wasm_##name##_delete>))

KILN_PTR_VEC_DEFINE(valtype)
KILN_PTR_VEC_DEFINE(functype)
KILN_PTR_VEC_DEFINE(globaltype)
KILN_PTR_VEC_DEFINE(tabletype)
KILN_PTR_VEC_DEFINE(memorytype)
KILN_PTR_VEC_DEFINE(externtype)
KILN_PTR_VEC_DEFINE(importtype)
KILN_PTR_VEC_DEFINE(exporttype)
KILN_PTR_VEC_DEFINE(frame)
KILN_PTR_VEC_DEFINE(extern)
