// The type objects of wasm.h (valtype, functype, globaltype, tabletype, memorytype,
// externtype, importtype, exporttype) and their conversions to the C++ API's types.
#include "capi/capi.h"

namespace kiln::capi {

namespace {
bool valid_kind(wasm_valkind_t k) {
  return k <= WASM_F64 || k == KILN_V128 || k == WASM_EXTERNREF || k == WASM_FUNCREF || k == KILN_ANYREF;
}
wasm_valtype_vec_t copy_valtypes(const wasm_valtype_vec_t& v) {
  wasm_valtype_vec_t out;
  wasm_valtype_vec_copy(&out, &v);
  return out;
}
}  // namespace

wasm_valtype_t* new_valtype(const ValType& t) {
  switch (t.kind()) {
    case ValKind::I32: return new wasm_valtype_t{WASM_I32};
    case ValKind::I64: return new wasm_valtype_t{WASM_I64};
    case ValKind::F32: return new wasm_valtype_t{WASM_F32};
    case ValKind::F64: return new wasm_valtype_t{WASM_F64};
    case ValKind::V128: return new wasm_valtype_t{KILN_V128};
    case ValKind::FuncRef: return new wasm_valtype_t{WASM_FUNCREF};
    case ValKind::ExternRef: return new wasm_valtype_t{WASM_EXTERNREF};
    case ValKind::AnyRef: return new wasm_valtype_t{KILN_ANYREF};
  }
  return new wasm_valtype_t{KILN_ANYREF};
}

ValType to_api(const wasm_valtype_t* t) {
  switch (t->kind) {
    case WASM_I32: return ValKind::I32;
    case WASM_I64: return ValKind::I64;
    case WASM_F32: return ValKind::F32;
    case WASM_F64: return ValKind::F64;
    case KILN_V128: return ValKind::V128;
    case WASM_FUNCREF: return ValKind::FuncRef;
    case WASM_EXTERNREF: return ValKind::ExternRef;
    default: return ValKind::AnyRef;
  }
}

wasm_functype_t* new_functype(const FuncType& t) {
  auto* f = new wasm_functype_t;
  wasm_valtype_vec_new_uninitialized(&f->params, t.params.size());
  for (size_t i = 0; i < t.params.size(); ++i) f->params.data[i] = new_valtype(t.params[i]);
  wasm_valtype_vec_new_uninitialized(&f->results, t.results.size());
  for (size_t i = 0; i < t.results.size(); ++i) f->results.data[i] = new_valtype(t.results[i]);
  return f;
}

FuncType to_api(const wasm_functype_t* t) {
  FuncType f;
  for (size_t i = 0; i < t->params.size; ++i) f.params.push_back(to_api(t->params.data[i]));
  for (size_t i = 0; i < t->results.size; ++i) f.results.push_back(to_api(t->results.data[i]));
  return f;
}

wasm_limits_t to_limits(uint64_t min, const std::optional<uint64_t>& max) {
  auto clamp = [](uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, 0xffffffffu)); };
  return wasm_limits_t{clamp(min), max ? clamp(*max) : wasm_limits_max_default};
}

static std::optional<uint64_t> max_of(const wasm_limits_t& l) {
  if (l.max == wasm_limits_max_default) return std::nullopt;
  return l.max;
}

GlobalType to_api(const wasm_globaltype_t* t) { return GlobalType{to_api(t->content), t->mutability == WASM_VAR}; }

TableType to_api(const wasm_tabletype_t* t) {
  TableType tt;
  tt.element = to_api(t->element);
  tt.minimum = t->limits.min;
  tt.maximum = max_of(t->limits);
  return tt;
}

MemoryType to_api(const wasm_memorytype_t* t) {
  MemoryType m;
  m.minimum = t->limits.min;
  m.maximum = max_of(t->limits);
  return m;
}

wasm_externtype_t* new_externtype(const ExternType& t) {
  switch (kind_of(t)) {
    case ExternKind::Func: return new_functype(std::get<FuncType>(t));
    case ExternKind::Global: {
      const auto& g = std::get<GlobalType>(t);
      auto* out = new wasm_globaltype_t;
      out->content = new_valtype(g.content);
      out->mutability = g.mutable_ ? WASM_VAR : WASM_CONST;
      return out;
    }
    case ExternKind::Table: {
      const auto& tt = std::get<TableType>(t);
      auto* out = new wasm_tabletype_t;
      out->element = new_valtype(tt.element);
      out->limits = to_limits(tt.minimum, tt.maximum);
      return out;
    }
    case ExternKind::Memory: {
      const auto& m = std::get<MemoryType>(t);
      auto* out = new wasm_memorytype_t;
      out->limits = to_limits(m.minimum, m.maximum);
      return out;
    }
    case ExternKind::Tag: return new KilnOtherExternType;
  }
  return new KilnOtherExternType;
}

}  // namespace kiln::capi

using namespace kiln::capi;

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_externtype_t* wasm_functype_t::clone() const {
  auto* f = new wasm_functype_t;
  f->params = copy_valtypes(params);
  f->results = copy_valtypes(results);
  return f;
}
wasm_externtype_t* wasm_globaltype_t::clone() const {
  auto* g = new wasm_globaltype_t;
  g->content = new wasm_valtype_t(*content);
  g->mutability = mutability;
  return g;
}
wasm_externtype_t* wasm_tabletype_t::clone() const {
  auto* t = new wasm_tabletype_t;
  t->element = new wasm_valtype_t(*element);
  t->limits = limits;
  return t;
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_name_delete(&module);
  wasm_name_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_name_delete(&name);
  delete type;
}

// Every type's _delete and _copy.
#define KILN_TYPE_OWN(name)                                       \
  extern "C" void wasm_##name##_delete(wasm_##name##_t* t) { delete t; }
#define KILN_EXTERNTYPE_COPY(name)                                                   \
  extern "C" wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* t) {         \
    return static_cast<wasm_##name##_t*>(t->clone());                              \
  }

KILN_TYPE_OWN(valtype)
KILN_TYPE_OWN(functype)
KILN_TYPE_OWN(globaltype)
KILN_TYPE_OWN(tabletype)
KILN_TYPE_OWN(memorytype)
KILN_TYPE_OWN(externtype)
KILN_TYPE_OWN(importtype)
KILN_TYPE_OWN(exporttype)
KILN_EXTERNTYPE_COPY(functype)
KILN_EXTERNTYPE_COPY(globaltype)
KILN_EXTERNTYPE_COPY(tabletype)
KILN_EXTERNTYPE_COPY(memorytype)
KILN_EXTERNTYPE_COPY(externtype)

extern "C" {

wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t(*t); }
wasm_valtype_t* wasm_valtype_new(wasm_valkind_t k) {
  if (!kiln::capi::valid_kind(k)) return nullptr;
  return new wasm_valtype_t{k};
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* f = new wasm_functype_t;
  f->params = *params;
  f->results = *results;
  *params = wasm_valtype_vec_t{0, nullptr};
  *results = wasm_valtype_vec_t{0, nullptr};
  return f;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* f) { return &f->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* f) { return &f->results; }

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t m) {
  auto* g = new wasm_globaltype_t;
  g->content = content;
  g->mutability = m;
  return g;
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* g) { return g->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* g) { return g->mutability; }

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* m = new wasm_memorytype_t;
  m->limits = *limits;
  return m;
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* m) { return &m->limits; }

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

#define KILN_EXTERNTYPE_CONVERSIONS(name, KIND)                                                      \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; }                   \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* t) { return t; } \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                                \
    return t && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;                        \
  }                                                                                                  \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {             \
    return t && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr;                  \
  }
KILN_EXTERNTYPE_CONVERSIONS(functype, WASM_EXTERN_FUNC)
KILN_EXTERNTYPE_CONVERSIONS(globaltype, WASM_EXTERN_GLOBAL)
KILN_EXTERNTYPE_CONVERSIONS(tabletype, WASM_EXTERN_TABLE)
KILN_EXTERNTYPE_CONVERSIONS(memorytype, WASM_EXTERN_MEMORY)

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* i = new wasm_importtype_t;
  i->module = *module;
  i->name = *name;
  i->type = type;
  *module = wasm_name_t{0, nullptr};
  *name = wasm_name_t{0, nullptr};
  return i;
}
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  auto* i = new wasm_importtype_t;
  wasm_name_copy(&i->module, &t->module);
  wasm_name_copy(&i->name, &t->name);
  i->type = t->type->clone();
  return i;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* e = new wasm_exporttype_t;
  e->name = *name;
  e->type = type;
  *name = wasm_name_t{0, nullptr};
  return e;
}
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  auto* e = new wasm_exporttype_t;
  wasm_name_copy(&e->name, &t->name);
  e->type = t->type->clone();
  return e;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"
