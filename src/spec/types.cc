#include "spec/types.h"

namespace kiln::core {

std::string to_string(const HeapType& t) {
  switch (t.kind) {
    case HeapKind::Func: return "func";
    case HeapKind::Extern: return "extern";
    case HeapKind::Any: return "any";
    case HeapKind::Eq: return "eq";
    case HeapKind::I31: return "i31";
    case HeapKind::Struct: return "struct";
    case HeapKind::Array: return "array";
    case HeapKind::Exn: return "exn";
    case HeapKind::None: return "none";
    case HeapKind::NoExtern: return "noextern";
    case HeapKind::NoFunc: return "nofunc";
    case HeapKind::NoExn: return "noexn";
    case HeapKind::Concrete:
      return t.exact ? "(exact " + std::to_string(t.index) + ")" : std::to_string(t.index);
    case HeapKind::Bottom: return "bot";
  }
  return "?";
}

std::string to_string(const ValType& t) {
  switch (t.kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::Bottom: return "bot";
    case ValKind::Ref: break;
  }
  if (t.nullable && !t.heap.is_concrete() && t.heap.kind != HeapKind::Bottom) {
    switch (t.heap.kind) {
      case HeapKind::None: return "nullref";
      case HeapKind::NoExtern: return "nullexternref";
      case HeapKind::NoFunc: return "nullfuncref";
      case HeapKind::NoExn: return "nullexnref";
      default: return to_string(t.heap) + "ref";
    }
  }
  return std::string("(ref ") + (t.nullable ? "null " : "") + to_string(t.heap) + ")";
}

std::string to_string(const FuncType& t) {
  std::string s = "[";
  for (size_t i = 0; i < t.params.size(); ++i) s += (i ? " " : "") + to_string(t.params[i]);
  s += "] -> [";
  for (size_t i = 0; i < t.results.size(); ++i) s += (i ? " " : "") + to_string(t.results[i]);
  return s + "]";
}

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

}  // namespace kiln::core
