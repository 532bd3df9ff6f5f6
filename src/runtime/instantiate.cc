#include "runtime/instantiate.h"

#include <algorithm>
#include <cstring>

#include "interp/code.h"
#include "interp/interp.h"
#include "runtime/const_eval.h"
#include "runtime/type_registry.h"
#include "valid/subtype.h"

namespace kiln::core::rt {

namespace {

Error link_error(const Import& im) {
  (void)im;
  return Error("incompatible import type", ErrorKind::Link);
}

Error trap(TrapKind k) { return Error(trap_message(k), ErrorKind::Trap); }

// Value types of imports (https://webassembly.github.io/spec/core/valid/matching.html).
// Concrete heap types (3.0) are compared by kind only, since a global or table does not
// record its defining module; abstract ones follow the subtype hierarchy.
bool same_val_type(const ValType& a, const ValType& b) {
  if (a.kind != b.kind) return false;
  if (!a.is_ref()) return true;
  return a.nullable == b.nullable && a.heap.kind == b.heap.kind;
}

bool val_subtype(const ValType& a, const ValType& b, const Module& m) {
  if (a.is_ref() && b.is_ref() && (a.heap.is_concrete() || b.heap.is_concrete())) return same_val_type(a, b);
  return is_subtype(a, b, m);
}

// Limits subtyping (https://webassembly.github.io/spec/core/valid/types.html#limits):
// `size` is the current size of the actual object, `max` its declared maximum.
bool limits_match(uint64_t size, const std::optional<uint64_t>& max, const Limits& expected) {
  if (size < expected.min) return false;
  if (expected.max) {
    if (!max || *max > *expected.max) return false;
  }
  return true;
}

uint64_t as_address(Slot s, bool is64) { return is64 ? s : static_cast<uint32_t>(s); }

}  // namespace

bool extern_matches(const Extern& actual, const Import& im, const CompiledModule& cm) {
  if (actual.kind != im.kind || !actual.object) return false;
  const Module& m = cm.module;
  switch (im.kind) {
    case ExternKind::Func: {
      const FuncInst* f = actual.func();
      if (im.func_type < cm.canonical_types.size()) {
        // A function matches an import of its type or of a supertype; an exact import
        // (custom-descriptors) only of its type.
        uint32_t want = cm.canonical_types[im.func_type];
        return im.exact ? f->canonical_type == want : rt::canonical_subtype(f->canonical_type, want);
      }
      return im.func_type < m.types.size() && *f->type == m.functype(im.func_type);
    }
    case ExternKind::Table: {
      const TableInst* t = actual.table();
      if (!same_val_type(t->type.elem, im.table.elem)) return false;
      if (t->type.limits.is64 != im.table.limits.is64) return false;
      return limits_match(t->elems.size(), t->type.limits.max, im.table.limits);
    }
    case ExternKind::Memory: {
      const MemoryInst* mem = actual.memory();
      if (mem->type.limits.is64 != im.memory.limits.is64) return false;
      if (mem->type.limits.shared != im.memory.limits.shared) return false;
      if (mem->type.page_size_log2 != im.memory.page_size_log2) return false;
      return limits_match(mem->pages(), mem->type.limits.max, im.memory.limits);
    }
    case ExternKind::Global: {
      const GlobalInst* g = actual.global();
      if (g->type.mut != im.global.mut) return false;
      // Mutable globals must match exactly; immutable ones may be of a subtype.
      return g->type.mut ? same_val_type(g->type.type, im.global.type) : val_subtype(g->type.type, im.global.type, m);
    }
    case ExternKind::Tag: {
      const TagInst* t = actual.tag();
      uint32_t ti = im.tag.type_index;
      if (ti < cm.canonical_types.size()) return t->canonical_type == cm.canonical_types[ti];
      return ti < m.types.size() && t->type && *t->type == m.functype(ti);
    }
  }
  return false;
}

Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> cm,
                                    const std::vector<Extern>& imports, const Features& features) {
  const Module& m = cm->module;
  if (imports.size() != m.imports.size()) {
    return Error("wrong number of imports: expected " + std::to_string(m.imports.size()) +
                     ", got " + std::to_string(imports.size()),
                 ErrorKind::Link);
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    if (!extern_matches(imports[i], m.imports[i], *cm)) return link_error(m.imports[i]);
  }

  ModuleInstance* inst = store.new_instance();
  inst->module = cm;
  for (const Extern& e : imports) {
    switch (e.kind) {
      case ExternKind::Func: inst->funcs.push_back(e.func()); break;
      case ExternKind::Table: inst->tables.push_back(e.table()); break;
      case ExternKind::Memory: inst->memories.push_back(e.memory()); break;
      case ExternKind::Global: inst->globals.push_back(e.global()); break;
      case ExternKind::Tag: inst->tags.push_back(e.tag()); break;
    }
  }

  // Functions first: global and element initialisers may take their references.
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    FuncInst* f = store.new_func();
    uint32_t type_index = m.funcs[i].type;
    f->type = &m.functype(type_index);
    f->canonical_type = type_index < cm->canonical_types.size() ? cm->canonical_types[type_index] : 0;
    f->instance = inst;
    f->index = m.num_imported_funcs + static_cast<uint32_t>(i);
    if (cm->code && i < cm->code->funcs.size()) f->code = &cm->code->funcs[i];
    inst->funcs.push_back(f);
  }
  // Globals in order: an initialiser may read the imported and the earlier globals.
  for (const Global& g : m.globals) {
    Slot v[2] = {0, 0};
    KILN_TRY(eval_const_expr(g.init, *inst, features, v));
    GlobalInst* gi = store.new_global(g.type);
    gi->value[0] = v[0];
    gi->value[1] = v[1];
    inst->globals.push_back(gi);
  }
  for (const Table& t : m.tables) {
    Slot init[2] = {kNullRef, 0};
    if (t.init) KILN_TRY(eval_const_expr(*t.init, *inst, features, init));
    KILN_ASSIGN(TableInst* ti, store.create_table(t.type, init[0]));
    inst->tables.push_back(ti);
  }
  for (const MemoryType& mt : m.memories) {
    KILN_ASSIGN(MemoryInst* mi, store.create_memory(mt));
    inst->memories.push_back(mi);
  }
  for (uint32_t i = m.num_imported_tags; i < m.total_tags(); ++i) {
    uint32_t ti = m.tag_type(i).type_index;
    uint32_t canon = ti < cm->canonical_types.size() ? cm->canonical_types[ti] : 0;
    inst->tags.push_back(store.new_tag(&m.functype(ti), canon));
  }

  for (const Export& ex : m.exports) {
    Extern e;
    e.kind = ex.kind;
    auto pick = [&](const auto& v) -> void* { return ex.index < v.size() ? v[ex.index] : nullptr; };
    switch (ex.kind) {
      case ExternKind::Func: e.object = pick(inst->funcs); break;
      case ExternKind::Table: e.object = pick(inst->tables); break;
      case ExternKind::Memory: e.object = pick(inst->memories); break;
      case ExternKind::Global: e.object = pick(inst->globals); break;
      case ExternKind::Tag: e.object = pick(inst->tags); break;
    }
    if (!e.object) return Error("unknown export index", ErrorKind::Invalid);
    inst->exports[ex.name] = e;
  }

  // Element and data segment instances.
  inst->elems.reserve(m.elems.size());
  for (const ElemSegment& seg : m.elems) {
    ElemInst ei;
    ei.type = seg.type;
    ei.refs.reserve(seg.items.size());
    for (const Expr& item : seg.items) {
      Slot v[2] = {0, 0};
      KILN_TRY(eval_const_expr(item, *inst, features, v));
      ei.refs.push_back(v[0]);
    }
    inst->elems.push_back(std::move(ei));
  }
  inst->datas.reserve(m.datas.size());
  for (const DataSegment& seg : m.datas) {
    inst->datas.push_back(DataInst{seg.bytes.data(), seg.bytes.size()});
  }

  // Active element segments in order, as table.init followed by elem.drop; declarative
  // segments are dropped (https://webassembly.github.io/spec/core/exec/modules.html#instantiation).
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    ElemInst& ei = inst->elems[i];
    if (seg.mode == SegmentMode::Active) {
      if (seg.table >= inst->tables.size()) return Error("unknown table", ErrorKind::Invalid);
      TableInst* t = inst->tables[seg.table];
      Slot off[2] = {0, 0};
      KILN_TRY(eval_const_expr(seg.offset, *inst, features, off));
      uint64_t start = as_address(off[0], t->type.limits.is64);
      uint64_t n = ei.refs.size();
      uint64_t size = t->elems.size();
      if (start > size || n > size - start) return trap(TrapKind::TableOutOfBounds);
      std::copy(ei.refs.begin(), ei.refs.end(), t->elems.begin() + static_cast<ptrdiff_t>(start));
    }
    if (seg.mode != SegmentMode::Passive) {
      ei.refs.clear();
      ei.refs.shrink_to_fit();
    }
  }
  // Active data segments in order, as memory.init followed by data.drop.
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.memory >= inst->memories.size()) return Error("unknown memory", ErrorKind::Invalid);
    MemoryInst* mem = inst->memories[seg.memory];
    Slot off[2] = {0, 0};
    KILN_TRY(eval_const_expr(seg.offset, *inst, features, off));
    uint64_t start = as_address(off[0], mem->type.limits.is64);
    uint64_t n = seg.bytes.size();
    if (start > mem->size || n > mem->size - start) return trap(TrapKind::MemoryOutOfBounds);
    if (n) std::memcpy(mem->data + start, seg.bytes.data(), n);
    inst->datas[i] = DataInst{nullptr, 0};
  }

  if (m.start) {
    if (*m.start >= inst->funcs.size()) return Error("unknown function", ErrorKind::Invalid);
    KILN_TRY(interp::invoke(store, inst->funcs[*m.start], nullptr, nullptr));
  }
  return inst;
}

}  // namespace kiln::core::rt
