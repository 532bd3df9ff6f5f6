#include "valid/subtype.h"

namespace kiln::core {

namespace {

// The abstract heap type at the top of the hierarchy a concrete type index belongs to.
HeapKind top_of_concrete(const Module& m, uint32_t idx) {
  if (idx >= m.types.size()) return HeapKind::Func;
  switch (m.types[idx].kind) {
    case CompositeKind::Func: return HeapKind::Func;
    case CompositeKind::Struct: return HeapKind::Struct;
    case CompositeKind::Array: return HeapKind::Array;
  }
  return HeapKind::Func;
}

// Abstract-to-abstract subtyping: none <: i31, struct, array <: eq <: any;
// nofunc <: func; noextern <: extern; noexn <: exn.
bool abstract_sub(HeapKind a, HeapKind b) {
  if (a == b) return true;
  switch (a) {
    case HeapKind::None:
      return b == HeapKind::Any || b == HeapKind::Eq || b == HeapKind::I31 ||
             b == HeapKind::Struct || b == HeapKind::Array;
    case HeapKind::I31:
    case HeapKind::Struct:
    case HeapKind::Array:
      return b == HeapKind::Eq || b == HeapKind::Any;
    case HeapKind::Eq: return b == HeapKind::Any;
    case HeapKind::NoFunc: return b == HeapKind::Func;
    case HeapKind::NoExtern: return b == HeapKind::Extern;
    case HeapKind::NoExn: return b == HeapKind::Exn;
    default: return false;
  }
}

}  // namespace

bool is_subtype(const HeapType& a, const HeapType& b, const Module& m,
                const std::vector<uint32_t>* canonical) {
  if (a.kind == HeapKind::Bottom) return true;
  if (a == b) return true;
  if (a.is_concrete()) {
    if (b.is_concrete()) {
      auto same = [&](uint32_t x, uint32_t y) {
        if (x == y) return true;
        return canonical && x < canonical->size() && y < canonical->size() &&
               (*canonical)[x] == (*canonical)[y];
      };
      // custom-descriptors: (exact $t) <: $t, and an exact type has no other subtype
      // than itself (and the bottom types).
      if (b.exact) return a.exact && same(a.index, b.index);
      // Walk the declared supertype chain (bounded by the number of types).
      uint32_t cur = a.index;
      for (size_t steps = 0; steps <= m.types.size(); ++steps) {
        if (same(cur, b.index)) return true;
        if (cur >= m.types.size() || m.types[cur].supertypes.empty()) return false;
        cur = m.types[cur].supertypes[0];
      }
      return false;
    }
    return abstract_sub(top_of_concrete(m, a.index), b.kind);
  }
  if (b.is_concrete()) {
    HeapKind top = top_of_concrete(m, b.index);
    if (a.kind == HeapKind::None) return top == HeapKind::Struct || top == HeapKind::Array;
    if (a.kind == HeapKind::NoFunc) return top == HeapKind::Func;
    return false;
  }
  return abstract_sub(a.kind, b.kind);
}

bool is_subtype(const ValType& a, const ValType& b, const Module& m,
                const std::vector<uint32_t>* canonical) {
  if (a.kind == ValKind::Bottom) return true;
  if (a.kind != b.kind) return false;
  if (!a.is_ref()) return true;
  if (a.nullable && !b.nullable) return false;
  return is_subtype(a.heap, b.heap, m, canonical);
}

}  // namespace kiln::core
