// The Store: owner of every runtime object (https://webassembly.github.io/spec/core/exec/runtime.html#store).
// One Store per thread. Objects live as long as the Store; pointers to them stay valid.
//
// Resource control: a Store bounds the memory its linear memories and tables take
// (StoreLimits), the depth of calls, and, optionally, the work its code does (fuel), and it
// can be interrupted from another thread or by a deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "runtime/objects.h"
#include "runtime/trap_trace.h"

namespace kiln::core::rt {

// Limits a Store enforces on the code it runs.
struct StoreLimits {
  uint32_t max_call_depth = 10000;         // wasm frames, nested host calls included
  uint64_t value_stack_slots = 1u << 20;  // interpreter operand/local slots (8 MiB)
  // Bytes of all the Store's linear memories together. Creating a memory past it fails
  // (instantiation reports why); memory.grow past it returns -1.
  uint64_t max_memory_bytes = UINT64_MAX;
  // Entries of all the Store's tables together, within TableInst::kMaxEntries per table;
  // likewise for creation and table.grow.
  uint64_t max_table_entries = UINT64_MAX;
};

// Interrupts the wasm code of one Store from any thread. Copyable; it may outlive the
// Store (interrupting then does nothing observable).
class InterruptHandle {
 public:
  InterruptHandle() = default;
  // Requests the interruption: the Store's running wasm code (and any it runs later, until
  // Store::clear_interrupt) traps with "interrupted" at its next check point (see Store).
  void interrupt() const {
    if (flag_) flag_->store(true, std::memory_order_relaxed);
  }

 private:
  friend struct Store;
  explicit InterruptHandle(std::shared_ptr<std::atomic<bool>> flag) : flag_(std::move(flag)) {}
  std::shared_ptr<std::atomic<bool>> flag_;
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
  // A table or memory of the type's minimum size; the error says which limit (the
  // engine's or this Store's) it would exceed.
  Result<TableInst*> create_table(const TableType& type, Ref init);
  Result<MemoryInst*> create_memory(const MemoryType& type);
  TableInst* new_table(const TableType& type, Ref init);           // null if too large
  MemoryInst* new_memory(const MemoryType& type);                  // null if too large
  GlobalInst* new_global(const GlobalType& type);
  TagInst* new_tag(const FuncType* type, uint32_t canonical_type);
  ModuleInstance* new_instance();
  // The externref for host value `v`; the same `v` gives the same reference.
  Ref host_ref(uint64_t v);

  // Memory in use against StoreLimits: bytes of all linear memories, entries of all tables.
  uint64_t memory_bytes = 0;
  uint64_t table_entries = 0;

  // --- Fuel: a deterministic budget of work, off by default. ---
  // One unit is consumed by each of these check points, and nothing else:
  //  - entering a wasm function: the function invoke() calls, every call, call_indirect,
  //    call_ref, and every tail call (return_call*) of a wasm function;
  //  - every call from wasm code to a host function;
  //  - every taken branch back to a `loop` (br, br_if, br_table, br_on_null/non_null).
  // Code between two check points is straight-line within one function, so the work per
  // unit is bounded by the size of a function. When a check point finds no fuel left, the
  // code traps with "all fuel consumed" and fuel_remaining() is 0. The same program with
  // the same fuel always stops at the same place.
  void set_fuel(uint64_t units) {
    fuel_enabled_ = true;
    fuel_ = units;
  }
  void disable_fuel() { fuel_enabled_ = false; }
  bool fuel_enabled() const { return fuel_enabled_; }
  // Units left (exact also while a host function called from wasm runs); 0 when off.
  uint64_t fuel_remaining() const { return fuel_enabled_ ? fuel_ : 0; }

  // --- Interruption, from any thread, and deadlines. ---
  // Running wasm code checks for both at its check points (those of fuel), at least once
  // every kPollInterval of them, so an interrupted loop, call loop or recursion stops
  // within that many check points (microseconds) and traps with "interrupted". A request
  // stays until clear_interrupt(): every wasm call of the Store traps until then.
  static constexpr uint32_t kPollInterval = 16384;
  InterruptHandle interrupt_handle() const { return InterruptHandle(interrupt_flag_); }
  void interrupt() { interrupt_flag_->store(true, std::memory_order_relaxed); }
  void clear_interrupt() { interrupt_flag_->store(false, std::memory_order_relaxed); }
  bool interrupt_requested() const { return interrupt_flag_->load(std::memory_order_relaxed); }
  // Wasm code still running at `when` traps with "interrupted" (as if interrupt() had been
  // called then; no thread needed). clear_deadline() removes it.
  void set_deadline(std::chrono::steady_clock::time_point when) { deadline_ = when; has_deadline_ = true; }
  void clear_deadline() { has_deadline_ = false; }

  // --- The last trap's wasm backtrace (runtime/trap_trace.h). ---
  // Filled when a call of interp::invoke fails with a trap or a host function's error; it
  // describes that error (its `message` is the Error's) until the next one.
  const TrapTrace& last_trap() const { return last_trap_; }

  // Interpreter state, created on first call and owned here (interp/ defines it).
  struct InterpState;
  InterpState* interp = nullptr;
  uint32_t host_call_depth = 0;  // nested host->wasm entries

  // For the interpreter (interp/run.cc): the fuel and trap records it keeps up to date.
  uint64_t& fuel_units() { return fuel_; }
  bool deadline_passed() const {
    return has_deadline_ && std::chrono::steady_clock::now() >= deadline_;
  }
  TrapTrace& trap_record() { return last_trap_; }
  uint64_t trap_serial = 0;  // counts the traps recorded in last_trap()

 private:
  std::deque<std::unique_ptr<FuncInst>> funcs_;
  std::deque<std::unique_ptr<TableInst>> tables_;
  std::deque<std::unique_ptr<MemoryInst>> memories_;
  std::deque<std::unique_ptr<GlobalInst>> globals_;
  std::deque<std::unique_ptr<TagInst>> tags_;
  std::deque<std::unique_ptr<ModuleInstance>> instances_;
  std::unordered_map<uint64_t, std::unique_ptr<HostRef>> host_refs_;

  bool fuel_enabled_ = false;
  uint64_t fuel_ = 0;
  std::shared_ptr<std::atomic<bool>> interrupt_flag_ = std::make_shared<std::atomic<bool>>(false);
  bool has_deadline_ = false;
  std::chrono::steady_clock::time_point deadline_{};
  TrapTrace last_trap_;
};

}  // namespace kiln::core::rt
