// Runtime objects (https://webassembly.github.io/spec/core/exec/runtime.html): function,
// table, memory, global, tag, element and data instances, module instances. A Store owns
// them all (store.h); they refer to each other by raw pointer, valid while the Store lives.
//
// Values in the runtime are untyped 64-bit slots (`Slot`); a v128 takes two. References are
// slots too: 0 is null, otherwise a pointer to a FuncInst (funcref) or to a HostRef
// (externref), and later GC objects.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "spec/module.h"
#include "spec/traps.h"

namespace kiln::core {

namespace interp {
struct FunctionCode;  // the interpreter's translated body of one function
struct ModuleCode;    // all translated bodies of a module
}  // namespace interp

namespace rt {

using Slot = uint64_t;
using Ref = uint64_t;
constexpr Ref kNullRef = 0;

struct Store;
struct ModuleInstance;

// A trap raised while running: its kind (message from traps.def) or, for host errors, a
// message of the host's own.
struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;  // filled from trap_message(kind) unless the host gave one
};

// The outcome of a call: empty on success, else the trap. Kept as an Error so that it
// flows through Result<T>: Error::message is the trap message.
using CallResult = Status;

// A host function receives its arguments and writes its results as slots, in the order of
// its FuncType. Returning an error traps the caller with that message.
using HostCallback = std::function<CallResult(Store& store, const Slot* args, Slot* results)>;

// Compiled, validated, immutable module: shareable between instances (and, later, threads).
struct CompiledModule {
  // The decoded module, except for its function bodies (Function::body.code), which are
  // freed once translated into `code`: only the translation runs.
  Module module;
  // Engine-wide canonical id of each type index (type_registry.h); functions of equal
  // canonical id have equivalent types.
  std::vector<uint32_t> canonical_types;
  std::unique_ptr<interp::ModuleCode> code;
  ~CompiledModule();
};

struct FuncInst {
  const FuncType* type = nullptr;   // owned by the defining module or by `host_type`
  uint32_t canonical_type = 0;
  ModuleInstance* instance = nullptr;  // defining instance; null for host functions
  uint32_t index = 0;                  // function index in the defining module
  const interp::FunctionCode* code = nullptr;  // wasm functions
  HostCallback host;                           // host functions
  std::unique_ptr<FuncType> host_type;
  std::string debug_name;  // "module.name" for host functions, for backtraces
  bool is_host() const { return instance == nullptr; }
};

// Linear memory. `data` stays valid until the next grow; size is a multiple of the page size.
struct MemoryInst {
  MemoryType type;
  uint8_t* data = nullptr;
  uint64_t size = 0;        // current size in bytes
  uint64_t max_pages = 0;   // the effective maximum (declared max or the index type's bound)
  Store* store = nullptr;   // whose StoreLimits::max_memory_bytes bounds it (none if null)
  // Grows by `delta` pages; returns the old size in pages, or -1 on failure.
  int64_t grow(uint64_t delta);
  uint64_t pages() const { return size >> type.page_size_log2; }

  MemoryInst() = default;
  MemoryInst(const MemoryInst&) = delete;
  MemoryInst& operator=(const MemoryInst&) = delete;
  ~MemoryInst();
  // Backing store bookkeeping (runtime/memory.cc).
  uint8_t* reservation = nullptr;
  uint64_t reserved = 0;
  uint64_t committed = 0;
};

struct TableInst {
  // The host's bound on entries, whatever the declared maximum: larger tables are refused
  // (creation fails, table.grow returns -1) rather than exhausting the host.
  static constexpr uint64_t kMaxEntries = 10'000'000;

  TableType type;
  std::vector<Ref> elems;
  uint64_t max = 0;  // the effective maximum
  Store* store = nullptr;  // whose StoreLimits::max_table_entries bounds it (none if null)
  // Grows by `delta` entries filled with `init`; returns the old size, or -1 on failure.
  int64_t grow(uint64_t delta, Ref init);
};

struct GlobalInst {
  GlobalType type;
  Slot value[2] = {0, 0};  // v128 uses both
};

struct TagInst {
  const FuncType* type = nullptr;
  uint32_t canonical_type = 0;
};

// Element segment instance: the evaluated references; empty once dropped.
struct ElemInst {
  ValType type;
  std::vector<Ref> refs;
};

// Data segment instance: the bytes live in the CompiledModule; `dropped` empties it.
struct DataInst {
  const uint8_t* bytes = nullptr;
  uint64_t size = 0;
};

// An external value: what imports take and exports give.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // FuncInst*, TableInst*, MemoryInst*, GlobalInst* or TagInst*
  FuncInst* func() const { return static_cast<FuncInst*>(object); }
  TableInst* table() const { return static_cast<TableInst*>(object); }
  MemoryInst* memory() const { return static_cast<MemoryInst*>(object); }
  GlobalInst* global() const { return static_cast<GlobalInst*>(object); }
  TagInst* tag() const { return static_cast<TagInst*>(object); }
};

struct ModuleInstance {
  std::shared_ptr<const CompiledModule> module;
  std::vector<FuncInst*> funcs;
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  std::vector<GlobalInst*> globals;
  std::vector<TagInst*> tags;
  std::vector<ElemInst> elems;
  std::vector<DataInst> datas;
  std::unordered_map<std::string, Extern> exports;
};

// An externref value made by the host (the test scripts' `ref.extern N`).
struct HostRef {
  uint64_t value = 0;
};

}  // namespace rt
}  // namespace kiln::core
