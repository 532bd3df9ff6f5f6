// Public types <-> the engine's types.
#include "api/impl.h"

namespace kiln {

core::ValType to_core(const ValType& t) {
  switch (t.kind()) {
    case ValKind::I32: return core::ValType::i32();
    case ValKind::I64: return core::ValType::i64();
    case ValKind::F32: return core::ValType::f32();
    case ValKind::F64: return core::ValType::f64();
    case ValKind::V128: return core::ValType::v128();
    case ValKind::FuncRef:
      return core::ValType::ref(core::HeapType::abstract(core::HeapKind::Func), t.nullable());
    case ValKind::ExternRef:
      return core::ValType::ref(core::HeapType::abstract(core::HeapKind::Extern), t.nullable());
    case ValKind::AnyRef:
      return core::ValType::ref(core::HeapType::abstract(core::HeapKind::Any), t.nullable());
  }
  return core::ValType::i32();
}

ValType from_core(const core::ValType& t) {
  switch (t.kind) {
    case core::ValKind::I32: return ValKind::I32;
    case core::ValKind::I64: return ValKind::I64;
    case core::ValKind::F32: return ValKind::F32;
    case core::ValKind::F64: return ValKind::F64;
    case core::ValKind::V128: return ValKind::V128;
    case core::ValKind::Ref:
      if (t.nullable && !t.heap.is_concrete() && t.heap.kind == core::HeapKind::Func) return ValKind::FuncRef;
      if (t.nullable && !t.heap.is_concrete() && t.heap.kind == core::HeapKind::Extern) return ValKind::ExternRef;
      if (!t.heap.is_concrete() && t.heap.kind == core::HeapKind::Func) return ValType(ValKind::FuncRef, t.nullable, "");
      if (!t.heap.is_concrete() && t.heap.kind == core::HeapKind::Extern) return ValType(ValKind::ExternRef, t.nullable, "");
      return ValType(ValKind::AnyRef, t.nullable, core::to_string(t));
    case core::ValKind::Bottom: break;
  }
  return ValKind::I32;
}

std::string ValType::to_string() const {
  switch (kind_) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::FuncRef: return nullable_ ? "funcref" : "(ref func)";
    case ValKind::ExternRef: return nullable_ ? "externref" : "(ref extern)";
    case ValKind::AnyRef: return text_;
  }
  return "?";
}

std::string FuncType::to_string() const {
  std::string s = "[";
  for (size_t i = 0; i < params.size(); ++i) s += (i ? " " : "") + params[i].to_string();
  s += "] -> [";
  for (size_t i = 0; i < results.size(); ++i) s += (i ? " " : "") + results[i].to_string();
  return s + "]";
}

core::FuncType to_core(const FuncType& t) {
  core::FuncType c;
  for (const ValType& v : t.params) c.params.push_back(to_core(v));
  for (const ValType& v : t.results) c.results.push_back(to_core(v));
  return c;
}

FuncType from_core(const core::FuncType& t) {
  FuncType f;
  for (const core::ValType& v : t.params) f.params.push_back(from_core(v));
  for (const core::ValType& v : t.results) f.results.push_back(from_core(v));
  return f;
}

core::MemoryType to_core(const MemoryType& t) {
  core::MemoryType c;
  c.limits.min = t.minimum;
  c.limits.max = t.maximum;
  c.limits.is64 = t.memory64;
  c.limits.shared = t.shared;
  c.page_size_log2 = t.page_size == 1 ? 0 : 16;
  return c;
}

MemoryType from_core(const core::MemoryType& t) {
  MemoryType m;
  m.minimum = t.limits.min;
  m.maximum = t.limits.max;
  m.memory64 = t.limits.is64;
  m.shared = t.limits.shared;
  m.page_size = 1u << t.page_size_log2;
  return m;
}

core::TableType to_core(const TableType& t) {
  core::TableType c;
  c.elem = to_core(t.element);
  c.limits.min = t.minimum;
  c.limits.max = t.maximum;
  c.limits.is64 = t.table64;
  return c;
}

TableType from_core(const core::TableType& t) {
  TableType r;
  r.element = from_core(t.elem);
  r.minimum = t.limits.min;
  r.maximum = t.limits.max;
  r.table64 = t.limits.is64;
  return r;
}

core::GlobalType to_core(const GlobalType& t) { return core::GlobalType{to_core(t.content), t.mutable_}; }
GlobalType from_core(const core::GlobalType& t) { return GlobalType{from_core(t.type), t.mut}; }

}  // namespace kiln
