// Memory, Table, Global, Tag and Extern.
#include "api/impl.h"
#include "runtime/type_registry.h"

namespace kiln {

// --- Memory

Result<Memory> Memory::create(Store& store, const MemoryType& type) {
  if (type.maximum && *type.maximum < type.minimum) return misuse("memory maximum below its minimum");
  core::rt::MemoryInst* m = store.impl().store.new_memory(to_core(type));
  if (!m) return misuse("cannot allocate a memory of " + std::to_string(type.minimum) + " pages");
  return Memory(make_ref(store.impl(), m));
}

Result<MemoryType> Memory::type(const Store& store) const {
  auto* m = object_in<core::rt::MemoryInst>(store, ref_);
  if (!m) return wrong_store();
  MemoryType t = from_core(m->type);
  t.minimum = m->pages();  // the current size, as the JS API's type reflection gives
  return t;
}

uint64_t Memory::size_pages(const Store& store) const {
  auto* m = object_in<core::rt::MemoryInst>(store, ref_);
  return m ? m->pages() : 0;
}

uint64_t Memory::size_bytes(const Store& store) const {
  auto* m = object_in<core::rt::MemoryInst>(store, ref_);
  return m ? m->size : 0;
}

Result<uint64_t> Memory::grow(Store& store, uint64_t delta) {
  auto* m = object_in<core::rt::MemoryInst>(store, ref_);
  if (!m) return wrong_store();
  int64_t old = m->grow(delta);
  if (old < 0) return misuse("memory cannot grow by " + std::to_string(delta) + " pages");
  return static_cast<uint64_t>(old);
}

std::span<uint8_t> Memory::data(Store& store) const {
  auto* m = object_in<core::rt::MemoryInst>(store, ref_);
  if (!m) return {};
  return std::span<uint8_t>(m->data, m->size);
}

// --- Table

Result<Table> Table::create(Store& store, const TableType& type, const Val& init) {
  core::TableType ct = to_core(type);
  if (auto c = check_val(store.impl(), init, ct.elem); !c.ok()) return c.error();
  if (type.maximum && *type.maximum < type.minimum) return misuse("table maximum below its minimum");
  core::rt::Slot s[2] = {0, 0};
  to_slots(init, s);
  core::rt::TableInst* t = store.impl().store.new_table(ct, s[0]);
  if (!t) return misuse("cannot allocate a table of " + std::to_string(type.minimum) + " elements");
  return Table(make_ref(store.impl(), t));
}

Result<TableType> Table::type(const Store& store) const {
  auto* t = object_in<core::rt::TableInst>(store, ref_);
  if (!t) return wrong_store();
  TableType r = from_core(t->type);
  r.minimum = t->elems.size();
  return r;
}

uint64_t Table::size(const Store& store) const {
  auto* t = object_in<core::rt::TableInst>(store, ref_);
  return t ? t->elems.size() : 0;
}

Result<Val> Table::get(const Store& store, uint64_t index) const {
  auto* t = object_in<core::rt::TableInst>(store, ref_);
  if (!t) return wrong_store();
  if (index >= t->elems.size()) return Error(Error::Kind::Runtime, "out of bounds table access").set_trap(TrapCode::TableOutOfBounds);
  core::rt::Slot s = t->elems[index];
  return from_slots(store.impl(), t->type.elem, &s);
}

Result<void> Table::set(Store& store, uint64_t index, const Val& value) {
  auto* t = object_in<core::rt::TableInst>(store, ref_);
  if (!t) return wrong_store();
  if (auto c = check_val(store.impl(), value, t->type.elem); !c.ok()) return c.error();
  if (index >= t->elems.size()) return Error(Error::Kind::Runtime, "out of bounds table access").set_trap(TrapCode::TableOutOfBounds);
  core::rt::Slot s[2] = {0, 0};
  to_slots(value, s);
  t->elems[index] = s[0];
  return {};
}

Result<uint64_t> Table::grow(Store& store, uint64_t delta, const Val& init) {
  auto* t = object_in<core::rt::TableInst>(store, ref_);
  if (!t) return wrong_store();
  if (auto c = check_val(store.impl(), init, t->type.elem); !c.ok()) return c.error();
  core::rt::Slot s[2] = {0, 0};
  to_slots(init, s);
  int64_t old = t->grow(delta, s[0]);
  if (old < 0) return misuse("table cannot grow by " + std::to_string(delta) + " elements");
  return static_cast<uint64_t>(old);
}

// --- Global

Result<Global> Global::create(Store& store, const GlobalType& type, const Val& value) {
  core::GlobalType ct = to_core(type);
  if (auto c = check_val(store.impl(), value, ct.type); !c.ok()) return c.error();
  core::rt::GlobalInst* g = store.impl().store.new_global(ct);
  to_slots(value, g->value);
  return Global(make_ref(store.impl(), g));
}

Result<GlobalType> Global::type(const Store& store) const {
  auto* g = object_in<core::rt::GlobalInst>(store, ref_);
  if (!g) return wrong_store();
  return from_core(g->type);
}

Result<Val> Global::get(const Store& store) const {
  auto* g = object_in<core::rt::GlobalInst>(store, ref_);
  if (!g) return wrong_store();
  return from_slots(store.impl(), g->type.type, g->value);
}

Result<void> Global::set(Store& store, const Val& value) {
  auto* g = object_in<core::rt::GlobalInst>(store, ref_);
  if (!g) return wrong_store();
  if (!g->type.mut) return misuse("global is immutable");
  if (auto c = check_val(store.impl(), value, g->type.type); !c.ok()) return c.error();
  to_slots(value, g->value);
  return {};
}

// --- Tag

Result<Tag> Tag::create(Store& store, const TagType& type) {
  if (!type.params.results.empty()) return misuse("a tag's type has no results");
  Store::Impl& s = store.impl();
  s.tag_types.push_back(to_core(type.params));
  const core::FuncType* ft = &s.tag_types.back();
  core::rt::TagInst* t = s.store.new_tag(ft, core::rt::canonical_func_type(*ft));
  return Tag(make_ref(s, t));
}

Result<TagType> Tag::type(const Store& store) const {
  auto* t = object_in<core::rt::TagInst>(store, ref_);
  if (!t) return wrong_store();
  return TagType{from_core(*t->type)};
}

// --- Extern

Result<ExternType> Extern::type(const Store& store) const {
  switch (kind_) {
    case ExternKind::Func: {
      auto t = Func(ref_).type(store);
      if (!t.ok()) return t.error();
      return ExternType(*t);
    }
    case ExternKind::Table: {
      auto t = Table(ref_).type(store);
      if (!t.ok()) return t.error();
      return ExternType(*t);
    }
    case ExternKind::Memory: {
      auto t = Memory(ref_).type(store);
      if (!t.ok()) return t.error();
      return ExternType(*t);
    }
    case ExternKind::Global: {
      auto t = Global(ref_).type(store);
      if (!t.ok()) return t.error();
      return ExternType(*t);
    }
    case ExternKind::Tag: {
      auto t = Tag(ref_).type(store);
      if (!t.ok()) return t.error();
      return ExternType(*t);
    }
  }
  return misuse("bad extern");
}

}  // namespace kiln
