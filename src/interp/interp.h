// The interpreter's entry points: translation of validated code, and calls.
#pragma once

#include <memory>

#include "base/result.h"
#include "runtime/objects.h"
#include "spec/features.h"

#include "runtime/store.h"

namespace kiln::core::interp {

// Decoded module -> validated and translated CompiledModule. Validation of every rule and
// translation of each function body into the interpreter's code happen in one pass.
// Errors are ErrorKind::Invalid with the byte offset of the offending instruction.
Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features);

// Translation choices. `optimize` off gives the plain translation (every local.get and
// constant copied to its operand slot, no fused instructions): the reference the
// optimized code is compared against in tests.
// `threads`: how many threads validate and translate the function bodies (each body is
// independent): 0 picks as many as the machine has, for modules with enough code
// (base/parallel.h pick_threads); 1 keeps all the work on the calling thread. The result,
// and the error reported for an invalid module (the one of the lowest function index), do
// not depend on it.
struct CompileOptions {
  bool optimize = true;
  unsigned threads = 0;
};
Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features,
                                                          const CompileOptions& options);

// Decodes and compiles a binary module: the result of decode_module then compile (the same
// module, the same first error), faster. Bodies are decoded without their separate scan
// (decode_module_unscanned), the validator reading each once; only when something fails are
// the bytes decoded and compiled again the strict way, for the error that way reports.
Result<std::shared_ptr<const rt::CompiledModule>> compile_binary(const uint8_t* data, size_t size,
                                                                 const Features& features,
                                                                 const CompileOptions& options);

// The translated body of the module's `defined_index`-th defined function (not counting
// imports), for FuncInst::code at instantiation.
const FunctionCode* function_code(const rt::CompiledModule& cm, uint32_t defined_index);

// Calls `func` (wasm or host) with `args` laid out as slots in the order of its parameters;
// writes its results to `results`. A trap comes back as an Error of kind Trap (or
// Exhaustion for call stack exhaustion) with the spec's message. Re-entrant: host functions
// may call back in, bounded by the Store's limits.
rt::CallResult invoke(rt::Store& store, rt::FuncInst* func, const rt::Slot* args, rt::Slot* results);

// Frees the interpreter state a Store holds (Store::interp); called by ~Store.
void release_state(rt::Store::InterpState* state);

}  // namespace kiln::core::interp
