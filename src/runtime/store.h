// The Store: owner of every runtime object (https://webassembly.github.io/spec/core/exec/runtime.html#store).
// One Store per thread. Objects live as long as the Store; pointers to them stay valid.
#pragma once

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "runtime/objects.h"

namespace kiln::rt {

// Limits a Store enforces on the code it runs.
struct StoreLimits {
  uint32_t max_call_depth = 10000;         // wasm frames, nested host calls included
  uint64_t value_stack_slots = 1u << 20;  // interpreter operand/local slots (8 MiB)
};

struct Store {
  explicit Store(StoreLimits limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  StoreLimits limits;

  // Allocation of runtime objects; the Store keeps ownership.
  FuncInst* new_host_func(FuncType type, HostCallback cb, std::string debug_name = {});
  FuncInst* new_func();
  TableInst* new_table(const TableType& type, Ref init);           // null if too large
  MemoryInst* new_memory(const MemoryType& type);                  // null if too large
  GlobalInst* new_global(const GlobalType& type);
  TagInst* new_tag(const FuncType* type, uint32_t canonical_type);
  ModuleInstance* new_instance();
  // The externref for host value `v`; the same `v` gives the same reference.
  Ref host_ref(uint64_t v);

  // Interpreter state, created on first call and owned here (interp/ defines it).
  struct InterpState;
  InterpState* interp = nullptr;
  uint32_t host_call_depth = 0;  // nested host->wasm entries

 private:
  std::deque<std::unique_ptr<FuncInst>> funcs_;
  std::deque<std::unique_ptr<TableInst>> tables_;
  std::deque<std::unique_ptr<MemoryInst>> memories_;
  std::deque<std::unique_ptr<GlobalInst>> globals_;
  std::deque<std::unique_ptr<TagInst>> tags_;
  std::deque<std::unique_ptr<ModuleInstance>> instances_;
  std::unordered_map<uint64_t, std::unique_ptr<HostRef>> host_refs_;
};

}  // namespace kiln::rt
