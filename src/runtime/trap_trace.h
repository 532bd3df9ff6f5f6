// Wasm backtraces of traps: the frames a trap (or a host function's error) unwound,
// innermost first, and their text form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::core::rt {

struct ModuleInstance;

// One wasm frame: where the function was executing. For the innermost frame that is the
// trapping instruction (for fuel and interruption: the branch back to a loop, the call of a
// host function, or the function's first instruction when the trap is on entry); for the
// others it is the call that is in progress.
struct TraceFrame {
  static constexpr size_t kNoOffset = static_cast<size_t>(-1);
  const ModuleInstance* instance = nullptr;
  uint32_t func_index = 0;   // in the module's function index space (imports first)
  // Bytes from the start of the function's body in the code section (its local
  // declarations, after the body size) to the instruction. For modules made from text,
  // as the binary writer would lay the body out.
  uint32_t func_offset = 0;
  // Bytes from the start of the module binary to the instruction; kNoOffset for modules
  // made from text, which have no binary.
  size_t module_offset = kNoOffset;
};

struct TrapTrace {
  std::string message;             // the error's message
  std::vector<TraceFrame> frames;  // innermost first; empty when no wasm frame was running
};

// The module's name from its name section (or text `$id`), "<unknown>" without one.
std::string trace_module_name(const TraceFrame& f);
// The function's name from the name section (or text `$id`), else "func[N]".
std::string trace_function_name(const TraceFrame& f);

// The frames as text, one line each, after a "wasm backtrace:" line:
//   wasm backtrace:
//       0: 0x1f5 - mymod!div
//       1: 0x20a - mymod!main
// The offset is the module offset in hex, or "func+0x12" (the function offset) when the
// module has no binary. Empty when there are no frames.
// A backtrace of more than 2 * kBacktraceEnds frames (deep recursion) shows the first and
// the last kBacktraceEnds, with "    ... N frames omitted" between them.
std::string format_backtrace(const std::vector<TraceFrame>& frames);
constexpr size_t kBacktraceEnds = 50;
// The index of the next frame to print after frame `i` of `n`, skipping the middle of a
// long backtrace; `omitted` is set to the number skipped (0 when none).
inline size_t next_backtrace_frame(size_t i, size_t n, size_t* omitted) {
  *omitted = 0;
  if (n > 2 * kBacktraceEnds && i + 1 == kBacktraceEnds) {
    *omitted = n - 2 * kBacktraceEnds;
    return n - kBacktraceEnds;
  }
  return i + 1;
}

// "error: MESSAGE\n" followed by format_backtrace(frames): what `kiln run` prints for a trap.
std::string format_trap(const std::string& message, const std::vector<TraceFrame>& frames);

}  // namespace kiln::core::rt
