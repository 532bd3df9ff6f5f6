#include "runtime/store.h"

#include <string>

#include "interp/interp.h"
#include "runtime/type_registry.h"

namespace kiln::core::rt {

Store::Store(StoreLimits l) : limits(l) {}

Store::~Store() {
  if (interp) interp::release_state(interp);
}

FuncInst* Store::new_host_func(FuncType type, HostCallback cb, std::string debug_name) {
  auto f = std::make_unique<FuncInst>();
  f->host_type = std::make_unique<FuncType>(std::move(type));
  f->type = f->host_type.get();
  f->canonical_type = canonical_func_type(*f->type);
  f->host = std::move(cb);
  f->debug_name = std::move(debug_name);
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

FuncInst* Store::new_func() {
  funcs_.push_back(std::make_unique<FuncInst>());
  return funcs_.back().get();
}

Result<TableInst*> Store::create_table(const TableType& type, Ref init) {
  auto t = std::make_unique<TableInst>();
  t->type = type;
  uint64_t bound = type.limits.is64 ? UINT64_MAX : kMaxTableSize32;
  t->max = type.limits.max ? *type.limits.max : bound;
  uint64_t n = type.limits.min;
  if (n > TableInst::kMaxEntries) {
    return Error("table of " + std::to_string(n) + " entries exceeds the engine's limit of " +
                     std::to_string(TableInst::kMaxEntries),
                 ErrorKind::Trap);
  }
  if (n > limits.max_table_entries || table_entries > limits.max_table_entries - n) {
    return Error("table of " + std::to_string(n) + " entries exceeds the store's limit of " +
                     std::to_string(limits.max_table_entries) + " entries for all tables (" +
                     std::to_string(table_entries) + " in use)",
                 ErrorKind::Trap);
  }
  t->elems.assign(n, init);
  t->store = this;
  table_entries += n;
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

TableInst* Store::new_table(const TableType& type, Ref init) {
  auto r = create_table(type, init);
  return r.ok() ? *r : nullptr;
}

Result<MemoryInst*> Store::create_memory(const MemoryType& type) {
  auto m = std::make_unique<MemoryInst>();
  m->type = type;
  uint64_t bound = type.limits.is64 ? kMaxPages64 : kMaxPages32;
  m->max_pages = type.limits.max ? std::min(*type.limits.max, bound) : bound;
  m->size = 0;
  uint64_t pages = type.limits.min;
  uint64_t bytes = pages > (UINT64_MAX >> type.page_size_log2) ? UINT64_MAX : pages << type.page_size_log2;
  if (bytes > limits.max_memory_bytes || memory_bytes > limits.max_memory_bytes - bytes) {
    return Error("memory of " + std::to_string(bytes) + " bytes exceeds the store's limit of " +
                     std::to_string(limits.max_memory_bytes) + " bytes for all memories (" +
                     std::to_string(memory_bytes) + " in use)",
                 ErrorKind::Trap);
  }
  m->store = this;
  if (pages > 0 && m->grow(pages) < 0) {
    return Error("memory of " + std::to_string(pages) + " pages exceeds the engine's limit",
                 ErrorKind::Trap);
  }
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

MemoryInst* Store::new_memory(const MemoryType& type) {
  auto r = create_memory(type);
  return r.ok() ? *r : nullptr;
}

GlobalInst* Store::new_global(const GlobalType& type) {
  auto g = std::make_unique<GlobalInst>();
  g->type = type;
  globals_.push_back(std::move(g));
  return globals_.back().get();
}

TagInst* Store::new_tag(const FuncType* type, uint32_t canonical_type) {
  auto t = std::make_unique<TagInst>();
  t->type = type;
  t->canonical_type = canonical_type;
  tags_.push_back(std::move(t));
  return tags_.back().get();
}

ModuleInstance* Store::new_instance() {
  instances_.push_back(std::make_unique<ModuleInstance>());
  return instances_.back().get();
}

Ref Store::host_ref(uint64_t v) {
  auto& slot = host_refs_[v];
  if (!slot) {
    slot = std::make_unique<HostRef>();
    slot->value = v;
  }
  return reinterpret_cast<Ref>(slot.get());
}

}  // namespace kiln::core::rt
