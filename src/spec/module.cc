#include "spec/module.h"

namespace kiln::core {

void Module::count_imports() {
  num_imported_funcs = num_imported_tables = num_imported_memories = 0;
  num_imported_globals = num_imported_tags = 0;
  for (auto& v : import_positions) v.clear();
  for (uint32_t i = 0; i < imports.size(); ++i) {
    const Import& im = imports[i];
    import_positions[static_cast<int>(im.kind)].push_back(i);
    switch (im.kind) {
      case ExternKind::Func: ++num_imported_funcs; break;
      case ExternKind::Table: ++num_imported_tables; break;
      case ExternKind::Memory: ++num_imported_memories; break;
      case ExternKind::Global: ++num_imported_globals; break;
      case ExternKind::Tag: ++num_imported_tags; break;
    }
  }
}

namespace {
// The n-th import of kind k.
const Import& nth(const Module& m, ExternKind k, uint32_t n) {
  return m.imports[m.import_positions[static_cast<int>(k)][n]];
}
}  // namespace

uint32_t Module::func_type_index(uint32_t func) const {
  if (func < num_imported_funcs) return nth(*this, ExternKind::Func, func).func_type;
  return funcs[func - num_imported_funcs].type;
}

HeapType Module::func_heap_type(uint32_t func, const Features& f) const {
  bool exact = f.has(Feature::CustomDescriptors) &&
               (func >= num_imported_funcs || nth(*this, ExternKind::Func, func).exact);
  return HeapType::concrete(func_type_index(func), exact);
}

TableType Module::table_type(uint32_t table) const {
  if (table < num_imported_tables) return nth(*this, ExternKind::Table, table).table;
  return tables[table - num_imported_tables].type;
}

MemoryType Module::memory_type(uint32_t memory) const {
  if (memory < num_imported_memories) return nth(*this, ExternKind::Memory, memory).memory;
  return memories[memory - num_imported_memories];
}

GlobalType Module::global_type(uint32_t global) const {
  if (global < num_imported_globals) return nth(*this, ExternKind::Global, global).global;
  return globals[global - num_imported_globals].type;
}

TagType Module::tag_type(uint32_t tag) const {
  if (tag < num_imported_tags) return nth(*this, ExternKind::Tag, tag).tag;
  return tags[tag - num_imported_tags];
}

}  // namespace kiln::core
