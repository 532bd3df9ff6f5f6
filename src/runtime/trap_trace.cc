#include "runtime/trap_trace.h"

#include <cstdio>

#include "runtime/objects.h"

namespace kiln::core::rt {

std::string trace_module_name(const TraceFrame& f) {
  if (f.instance && f.instance->module && f.instance->module->module.names.module) {
    return *f.instance->module->module.names.module;
  }
  return "<unknown>";
}

std::string trace_function_name(const TraceFrame& f) {
  if (f.instance && f.instance->module) {
    const auto& names = f.instance->module->module.names.funcs.names;
    auto it = names.find(f.func_index);
    if (it != names.end()) return it->second;
  }
  return "func[" + std::to_string(f.func_index) + "]";
}

std::string format_backtrace(const std::vector<TraceFrame>& frames) {
  if (frames.empty()) return {};
  std::string s = "wasm backtrace:\n";
  char buf[64];
  size_t omitted = 0;
  for (size_t i = 0; i < frames.size(); i = next_backtrace_frame(i, frames.size(), &omitted)) {
    if (omitted) s += "    ... " + std::to_string(omitted) + " frames omitted\n";
    const TraceFrame& f = frames[i];
    if (f.module_offset != TraceFrame::kNoOffset) {
      std::snprintf(buf, sizeof buf, "    %zu: 0x%zx - ", i, f.module_offset);
    } else {
      std::snprintf(buf, sizeof buf, "    %zu: func+0x%x - ", i, f.func_offset);
    }
    s += buf;
    s += trace_module_name(f);
    s += '!';
    s += trace_function_name(f);
    s += '\n';
  }
  return s;
}

std::string format_trap(const std::string& message, const std::vector<TraceFrame>& frames) {
  return "error: " + message + "\n" + format_backtrace(frames);
}

}  // namespace kiln::core::rt
