#include "valid/module_rules.h"

#include <set>
#include <string>

#include "binary/instr.h"
#include "spec/impl_limits.h"
#include "runtime/type_registry.h"
#include "valid/func_validator.h"
#include "valid/subtype.h"

namespace kiln::core {

namespace {

Error invalid(size_t at, std::string msg) { return Error(at, std::move(msg), ErrorKind::Invalid); }
Error invalid(std::string msg) { return Error(Error::kNoOffset, std::move(msg), ErrorKind::Invalid); }

std::string idx(const char* what, uint64_t i) { return std::string("unknown ") + what + " " + std::to_string(i); }

Status check_heap_type(const Module& m, const HeapType& h, size_t at) {
  if (h.is_concrete() && h.index >= m.types.size()) return invalid(at, idx("type", h.index));
  return Ok();
}

Status check_val_type(const Module& m, const ValType& t, size_t at = Error::kNoOffset) {
  if (t.is_ref()) return check_heap_type(m, t.heap, at);
  return Ok();
}

// https://webassembly.github.io/spec/core/valid/types.html#limits
Status check_limits(const Limits& l, uint64_t range, const char* range_msg) {
  if (l.min > range) return invalid(range_msg);
  if (l.max && *l.max > range) return invalid(range_msg);
  if (l.max && l.min > *l.max) return invalid("size minimum must not be greater than maximum");
  return Ok();
}

Status check_table_type(const Module& m, const TableType& t) {
  KILN_TRY(check_val_type(m, t.elem));
  if (t.limits.is64) return check_limits(t.limits, UINT64_MAX, "table size must be at most 2^64-1");
  return check_limits(t.limits, kMaxTableSize32, "table size must be at most 2^32-1");
}

Status check_memory_type(const MemoryType& t) {
  // custom-page-sizes: 1 byte or 64 KiB.
  if (t.page_size_log2 != 0 && t.page_size_log2 != 16) return invalid("invalid custom page size");
  if (t.limits.is64) {
    KILN_TRY(check_limits(t.limits, kMaxPages64, "memory size must be at most 2^48 pages (256TiB)"));
  } else {
    KILN_TRY(check_limits(t.limits, kMaxPages32, "memory size must be at most 65536 pages (4GiB)"));
  }
  if (t.limits.shared && !t.limits.max) return invalid("shared memory must have maximum");
  return Ok();
}

Status check_func_type_index(const Module& m, uint32_t type) {
  if (type >= m.types.size()) return invalid(idx("type", type));
  if (m.types[type].kind != CompositeKind::Func) return invalid("non-function type " + std::to_string(type));
  return Ok();
}

Status check_tag_type(const Module& m, const TagType& t) {
  KILN_TRY(check_func_type_index(m, t.type_index));
  if (!m.functype(t.type_index).results.empty()) return invalid("non-empty tag result type");
  return Ok();
}

// The custom-descriptors clauses of the recursive group `g`
// (proposals/custom-descriptors/Overview.md): `describes` and `descriptor` name types of the
// same group that name this type back, and a type may only describe an earlier type.
Status check_descriptor_clauses(const Module& m, RecGroup g) {
  auto in_group = [&](uint32_t x) { return x >= g.first && x - g.first < g.count; };
  for (uint32_t i = g.first; i < g.first + g.count; ++i) {
    const SubType& st = m.types[i];
    if (st.describes) {
      uint32_t x = *st.describes;
      if (!in_group(x)) return invalid("described type is outside rec group");
      if (m.types[x].descriptor != i) return invalid("described type is not described by descriptor");
      if (x >= i) return invalid("forward use of described type");
    }
    if (st.descriptor) {
      uint32_t y = *st.descriptor;
      if (!in_group(y)) return invalid("descriptor type is outside rec group");
      if (m.types[y].describes != i) return invalid("type is not described by its descriptor");
    }
  }
  return Ok();
}

// Field `a` of a subtype against field `b` of its supertype: the same mutability and
// packing; immutable fields are covariant, mutable ones invariant.
bool field_matches(const Module& m, const FieldType& a, const FieldType& b, const std::vector<uint32_t>& canon) {
  if (a.mut != b.mut || a.packed != b.packed) return false;
  if (a.packed != Packed::None) return true;
  if (!is_subtype(a.type, b.type, m, &canon)) return false;
  return !a.mut || is_subtype(b.type, a.type, m, &canon);
}

// https://webassembly.github.io/spec/core/valid/matching.html#composite-types
bool composite_matches(const Module& m, const SubType& a, const SubType& b, const std::vector<uint32_t>& canon) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CompositeKind::Func: {
      const FuncType &x = a.func, &y = b.func;
      if (x.params.size() != y.params.size() || x.results.size() != y.results.size()) return false;
      for (size_t i = 0; i < x.params.size(); ++i) {
        if (!is_subtype(y.params[i], x.params[i], m, &canon)) return false;
      }
      for (size_t i = 0; i < x.results.size(); ++i) {
        if (!is_subtype(x.results[i], y.results[i], m, &canon)) return false;
      }
      return true;
    }
    case CompositeKind::Struct:
    case CompositeKind::Array:
      if (a.fields.size() < b.fields.size()) return false;
      for (size_t i = 0; i < b.fields.size(); ++i) {
        if (!field_matches(m, a.fields[i], b.fields[i], canon)) return false;
      }
      return true;
  }
  return false;
}

// Type `i` against its declared supertype `s`: both not final, of one kind; with
// custom-descriptors, described types of matching types match, and so do their
// descriptor types (a subtype may add a descriptor, never drop one); then the composite
// types match structurally (types compared by their canonical ids `canon`).
Status check_supertype(const Module& m, uint32_t i, uint32_t s, const std::vector<uint32_t>& canon) {
  const SubType& st = m.types[i];
  std::string mismatch = "sub type " + std::to_string(i) + " does not match super type " + std::to_string(s);
  const SubType& super = m.types[s];
  if (super.final || super.kind != st.kind) return invalid(mismatch);
  if (st.describes.has_value() != super.describes.has_value()) return invalid(mismatch);
  if (st.describes &&
      !is_subtype(HeapType::concrete(*st.describes), HeapType::concrete(*super.describes), m, &canon)) {
    return invalid("described type " + std::to_string(*st.describes) + " does not match " +
                   std::to_string(*super.describes));
  }
  if (!st.descriptor && super.descriptor) return invalid(mismatch);
  if (st.descriptor && super.descriptor &&
      !is_subtype(HeapType::concrete(*st.descriptor), HeapType::concrete(*super.descriptor), m, &canon)) {
    return invalid("descriptor type " + std::to_string(*st.descriptor) + " does not match " +
                   std::to_string(*super.descriptor));
  }
  if (!composite_matches(m, st, super, canon)) return invalid(mismatch);
  return Ok();
}

// Per recursive group, in the reference interpreter's order: the descriptor clauses of
// the group, then each type's own definition. Supertypes are checked once every type is
// known to be well formed, so that types can be compared by their canonical ids.
Status check_types(const Module& m, const Features& f) {
  std::vector<RecGroup> groups = m.rec_groups;
  if (groups.empty()) {
    for (uint32_t i = 0; i < m.types.size(); ++i) groups.push_back({i, 1});
  }
  for (const RecGroup& g : groups) {
    if (g.first + g.count > m.types.size()) return invalid(idx("type", g.first + g.count - 1));
    KILN_TRY(check_descriptor_clauses(m, g));
    for (uint32_t i = g.first; i < g.first + g.count; ++i) {
      const SubType& st = m.types[i];
      if (st.kind != CompositeKind::Struct) {
        if (st.descriptor) return invalid("descriptor type must be a struct");
        if (st.describes) return invalid("described type must be a struct");
      }
      for (uint32_t s : st.supertypes) {
        if (s >= i) return invalid(idx("type", s));
      }
      for (const ValType& t : st.func.params) KILN_TRY(check_val_type(m, t));
      for (const ValType& t : st.func.results) KILN_TRY(check_val_type(m, t));
      for (const FieldType& ft : st.fields) KILN_TRY(check_val_type(m, ft.type));
      if (st.kind == CompositeKind::Func && st.func.results.size() > 1 && !f.has(Feature::MultiValue)) {
        return invalid("invalid result arity");
      }
    }
  }
  bool any_super = false;
  for (const SubType& st : m.types) any_super = any_super || !st.supertypes.empty();
  if (!any_super) return Ok();
  std::vector<uint32_t> canon = rt::canonicalize_types(m);
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    for (uint32_t s : m.types[i].supertypes) KILN_TRY(check_supertype(m, i, s, canon));
  }
  return Ok();
}

// The table or memory address type as a value type.
ValType addr_type(bool is64) { return is64 ? ValType::i64() : ValType::i32(); }

Status check_exports(const Module& m) {
  std::set<std::string> names;
  for (const Export& e : m.exports) {
    uint32_t n = 0;
    const char* what = "";
    switch (e.kind) {
      case ExternKind::Func: n = m.total_funcs(); what = "function"; break;
      case ExternKind::Table: n = m.total_tables(); what = "table"; break;
      case ExternKind::Memory: n = m.total_memories(); what = "memory"; break;
      case ExternKind::Global: n = m.total_globals(); what = "global"; break;
      case ExternKind::Tag: n = m.total_tags(); what = "tag"; break;
    }
    if (e.index >= n) return invalid(idx(what, e.index));
    if (!names.insert(e.name).second) return invalid("duplicate export name");
  }
  return Ok();
}

Status check_elems(const Module& m, const Features& f) {
  for (const ElemSegment& seg : m.elems) {
    KILN_TRY(check_val_type(m, seg.type));
    for (const Expr& item : seg.items) KILN_TRY(validate_const_expr(m, item, seg.type, f));
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.table >= m.total_tables()) return invalid(seg.offset.offset, idx("table", seg.table));
    TableType tt = m.table_type(seg.table);
    if (!val_type_matches(m, seg.type, tt.elem)) return invalid(seg.offset.offset, "type mismatch");
    KILN_TRY(validate_const_expr(m, seg.offset, addr_type(tt.limits.is64), f));
  }
  return Ok();
}

Status check_datas(const Module& m, const Features& f) {
  for (const DataSegment& seg : m.datas) {
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.memory >= m.total_memories()) return invalid(seg.offset.offset, idx("memory", seg.memory));
    MemoryType mt = m.memory_type(seg.memory);
    KILN_TRY(validate_const_expr(m, seg.offset, addr_type(mt.limits.is64), f));
  }
  return Ok();
}

}  // namespace

bool val_type_matches(const Module& m, const ValType& a, const ValType& b) {
  return is_subtype(a, b, m);
}

Status validate_const_expr(const Module& m, const Expr& e, ValType expected, const Features& f,
                           uint32_t visible_globals) {
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstrReader ir(r, f);
  std::vector<ValType> stack;
  // Every instruction must be constant, checked before the types (as the reference
  // interpreter does), so the first type error waits until the end.
  std::optional<Error> type_error;
  auto pop = [&](ValType want, size_t at) {
    if (stack.empty() || !val_type_matches(m, stack.back(), want)) {
      if (!type_error) type_error = invalid(at, "type mismatch");
    }
    if (!stack.empty()) stack.pop_back();
  };
  bool extended = f.has(Feature::ExtendedConst);
  while (!r.at_end()) {
    auto in = ir.read();
    if (!in.ok()) return std::move(in).error();
    size_t at = in->offset;
    switch (in->op) {
      case Opcode::I32Const: stack.push_back(ValType::i32()); break;
      case Opcode::I64Const: stack.push_back(ValType::i64()); break;
      case Opcode::F32Const: stack.push_back(ValType::f32()); break;
      case Opcode::F64Const: stack.push_back(ValType::f64()); break;
      case Opcode::V128Const: stack.push_back(ValType::v128()); break;
      case Opcode::RefNull:
        KILN_TRY(check_heap_type(m, in->heap, at));
        stack.push_back(ValType::ref(in->heap, true));
        break;
      case Opcode::RefFunc: {
        if (in->a >= m.total_funcs()) return invalid(at, idx("function", in->a));
        if (f.has(Feature::FunctionRefs)) {
          stack.push_back(ValType::ref(m.func_heap_type(in->a, f), false));
        } else {
          stack.push_back(ValType::funcref());
        }
        break;
      }
      case Opcode::GlobalGet: {
        if (in->a >= visible_globals || in->a >= m.total_globals()) return invalid(at, idx("global", in->a));
        GlobalType gt = m.global_type(in->a);
        if (gt.mut) return invalid(at, "constant expression required");
        stack.push_back(gt.type);
        break;
      }
      case Opcode::I32Add:
      case Opcode::I32Sub:
      case Opcode::I32Mul:
      case Opcode::I64Add:
      case Opcode::I64Sub:
      case Opcode::I64Mul: {
        if (!extended) return invalid(at, "constant expression required");
        bool i32 = in->op == Opcode::I32Add || in->op == Opcode::I32Sub || in->op == Opcode::I32Mul;
        ValType t = i32 ? ValType::i32() : ValType::i64();
        pop(t, at);
        pop(t, at);
        stack.push_back(t);
        break;
      }
      case Opcode::End:
        if (!r.at_end()) return invalid(at, "constant expression required");
        break;
      default:
        // Of the custom-descriptors instructions, only the allocations are constant.
        if (info(in->op).feature == Feature::CustomDescriptors && in->op != Opcode::StructNewDesc &&
            in->op != Opcode::StructNewDefaultDesc) {
          return invalid(at, "constant expression required");
        }
        if (const char* what = not_implemented(in->op)) {
          return invalid(at, "unsupported instruction " + std::string(info(in->op).text) + " (" + what +
                                 " is not implemented yet)");
        }
        return invalid(at, "constant expression required");
    }
  }
  if (type_error) return *type_error;
  if (stack.size() != 1 || !val_type_matches(m, stack[0], expected)) return invalid(e.offset, "type mismatch");
  return Ok();
}

Status validate_const_expr(const Module& m, const Expr& e, ValType expected, const Features& f) {
  return validate_const_expr(m, e, expected, f, m.total_globals());
}

// The implementation limits (spec/impl_limits.h), for modules that did not come through the
// decoder, which checks them as it reads each count.
static Status check_impl_limits(const Module& m) {
  auto within = [](const ImplLimit& l, uint64_t n) -> Status {
    if (n > l.max) return Error(impl_limit_message(l, n), ErrorKind::Malformed);
    return Ok();
  };
  namespace L = impl_limits;
  KILN_TRY(within(L::kTypes, m.types.size()));
  KILN_TRY(within(L::kImports, m.imports.size()));
  KILN_TRY(within(L::kExports, m.exports.size()));
  KILN_TRY(within(L::kFunctions, uint64_t(m.num_imported_funcs) + m.funcs.size()));
  KILN_TRY(within(L::kTables, uint64_t(m.num_imported_tables) + m.tables.size()));
  KILN_TRY(within(L::kMemories, uint64_t(m.num_imported_memories) + m.memories.size()));
  KILN_TRY(within(L::kGlobals, uint64_t(m.num_imported_globals) + m.globals.size()));
  KILN_TRY(within(L::kTags, uint64_t(m.num_imported_tags) + m.tags.size()));
  KILN_TRY(within(L::kDataSegments, m.datas.size()));
  for (const SubType& t : m.types) {
    if (t.kind == CompositeKind::Func) {
      KILN_TRY(within(L::kParams, t.func.params.size()));
      KILN_TRY(within(L::kResults, t.func.results.size()));
    } else if (t.kind == CompositeKind::Struct) {
      KILN_TRY(within(L::kStructFields, t.fields.size()));
    }
  }
  for (const Function& fn : m.funcs) {
    uint64_t locals = 0;
    for (const auto& group : fn.locals) locals += group.count;
    KILN_TRY(within(L::kLocals, locals));
    KILN_TRY(within(L::kBodyBytes, fn.body.code.size()));
  }
  return Ok();
}

// In the order of the reference interpreter, so the first error found is the same.
Status validate_module_rules(const Module& m, const Features& f) {
  KILN_TRY(check_impl_limits(m));
  KILN_TRY(check_types(m, f));
  for (const Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func: KILN_TRY(check_func_type_index(m, im.func_type)); break;
      case ExternKind::Table: KILN_TRY(check_table_type(m, im.table)); break;
      case ExternKind::Memory: KILN_TRY(check_memory_type(im.memory)); break;
      case ExternKind::Global: KILN_TRY(check_val_type(m, im.global.type)); break;
      case ExternKind::Tag: KILN_TRY(check_tag_type(m, im.tag)); break;
    }
  }
  for (const Function& fn : m.funcs) KILN_TRY(check_func_type_index(m, fn.type));
  for (const Table& t : m.tables) {
    KILN_TRY(check_table_type(m, t.type));
    if (t.init) {
      KILN_TRY(validate_const_expr(m, *t.init, t.type.elem, f, m.num_imported_globals));
    } else if (!t.type.elem.nullable) {
      return invalid("type mismatch");
    }
  }
  for (const MemoryType& mt : m.memories) KILN_TRY(check_memory_type(mt));
  if (m.total_memories() > 1 && !f.has(Feature::MultiMemory)) return invalid("multiple memories");
  if (m.total_tables() > 1 && !f.has(Feature::ReferenceTypes)) return invalid("multiple tables");
  for (const TagType& t : m.tags) KILN_TRY(check_tag_type(m, t));
  for (uint32_t i = 0; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    KILN_TRY(check_val_type(m, g.type.type, g.init.offset));
    KILN_TRY(validate_const_expr(m, g.init, g.type.type, f, m.num_imported_globals + i));
  }
  KILN_TRY(check_elems(m, f));
  KILN_TRY(check_datas(m, f));
  if (m.start) {
    if (*m.start >= m.total_funcs()) return invalid(idx("function", *m.start));
    const FuncType& ft = m.func_type(*m.start);
    if (!ft.params.empty() || !ft.results.empty()) return invalid("start function");
  }
  KILN_TRY(check_exports(m));
  return Ok();
}

}  // namespace kiln::core
