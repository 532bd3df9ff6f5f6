#include "runtime/store.h"

#include "interp/interp.h"
#include "runtime/type_registry.h"

namespace kiln::rt {

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

TableInst* Store::new_table(const TableType& type, Ref init) {
  auto t = std::make_unique<TableInst>();
  t->type = type;
  uint64_t bound = type.limits.is64 ? UINT64_MAX : kMaxTableSize32;
  t->max = type.limits.max ? *type.limits.max : bound;
  if (type.limits.min > TableInst::kMaxEntries) return nullptr;
  t->elems.assign(type.limits.min, init);
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

MemoryInst* Store::new_memory(const MemoryType& type) {
  auto m = std::make_unique<MemoryInst>();
  m->type = type;
  uint64_t bound = type.limits.is64 ? kMaxPages64 : kMaxPages32;
  m->max_pages = type.limits.max ? std::min(*type.limits.max, bound) : bound;
  m->size = 0;
  if (type.limits.min > 0 && m->grow(type.limits.min) < 0) return nullptr;
  memories_.push_back(std::move(m));
  return memories_.back().get();
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

}  // namespace kiln::rt
