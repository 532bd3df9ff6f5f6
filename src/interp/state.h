// The interpreter's per-Store state (Store::InterpState): the value stack that holds every
// wasm frame's slots, and the saved caller frames, both fixed in size by StoreLimits so
// that running code never allocates and runaway recursion traps instead of crashing.
#pragma once

#include <memory>
#include <vector>

#include "interp/code.h"
#include "runtime/store.h"

namespace kiln::core::interp {

// A caller's registers, saved by a call and restored by its return.
struct CallFrame {
  const Word* ip = nullptr;
  rt::Slot* fp = nullptr;
  const FunctionCode* code = nullptr;
  rt::ModuleInstance* instance = nullptr;
};

}  // namespace kiln::core::interp

namespace kiln::core::rt {

struct Store::InterpState {
  std::unique_ptr<Slot[]> stack;  // limits.value_stack_slots slots, not zeroed
  size_t stack_slots = 0;
  size_t top = 0;  // first free slot for a new activation (nested host -> wasm calls)
  std::vector<interp::CallFrame> frames;  // limits.max_call_depth entries
  uint32_t depth = 0;                     // frames in use, across nested activations
};

}  // namespace kiln::core::rt
