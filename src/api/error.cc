// Public errors: conversion from the engine's errors, text form, exceptions.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include "api/impl.h"
#include "runtime/trap_trace.h"
#include "spec/traps.h"

namespace kiln {

namespace {

// The trap kind whose message is `message`; HostError for a host's own message.
// The trap's message, or for table elements the message and the index ("uninitialized
// element 3", src/interp/run.cc).
TrapCode trap_code_of(const std::string& message) {
  auto is = [&](std::string_view msg) {
    if (message.compare(0, msg.size(), msg) != 0) return false;
    if (message.size() == msg.size()) return true;
    if (message[msg.size()] != ' ' || message.size() == msg.size() + 1) return false;
    return message.find_first_not_of("0123456789", msg.size() + 1) == std::string::npos;
  };
#define WASM_TRAP(name, msg) \
  if (is(msg)) return TrapCode::name;
#include "kiln/traps.def"
#undef WASM_TRAP
  return TrapCode::HostError;
}

}  // namespace

Error from_core(const core::Error& e) {
  Error::Kind k = Error::Kind::Other;
  switch (e.kind) {
    case core::ErrorKind::Malformed:
    case core::ErrorKind::Invalid: k = Error::Kind::Compile; break;
    case core::ErrorKind::Link: k = Error::Kind::Link; break;
    case core::ErrorKind::Trap:
    case core::ErrorKind::Exhaustion: k = Error::Kind::Runtime; break;
    case core::ErrorKind::Exit: k = Error::Kind::Exit; break;
    case core::ErrorKind::Io:
    case core::ErrorKind::Other: k = Error::Kind::Other; break;
  }
  Error out(k, e.message);
  if (e.offset != core::Error::kNoOffset) out.set_offset(e.offset);
  if (e.line) out.set_position(e.line, e.column);
  if (k == Error::Kind::Runtime) out.set_trap(trap_code_of(e.message));
  if (k == Error::Kind::Exit) {
    // WASI's proc_exit ends the guest with "exit with code N" (src/wasi/wasi.cc).
    const std::string prefix = "exit with code ";
    if (e.message.compare(0, prefix.size(), prefix) == 0) {
      out.set_exit_code(static_cast<uint32_t>(std::strtoul(e.message.c_str() + prefix.size(), nullptr, 10)));
    }
  }
  return out;
}

Error from_core_call(const core::Error& e, const core::rt::Store& store) {
  Error out = from_core(e);
  const core::rt::TrapTrace& trace = store.last_trap();
  if (out.kind() == Error::Kind::Runtime && trace.message == e.message) {
    std::vector<Frame> frames;
    for (const core::rt::TraceFrame& f : trace.frames) {
      Frame fr;
      fr.func_index = f.func_index;
      fr.func_offset = f.func_offset;
      fr.module_offset = f.module_offset == core::rt::TraceFrame::kNoOffset ? 0 : f.module_offset;
      fr.instance = f.instance;
      if (f.instance && f.instance->module) {
        const core::Names& names = f.instance->module->module.names;
        if (names.module) fr.module_name = *names.module;
        auto it = names.funcs.names.find(f.func_index);
        if (it != names.funcs.names.end()) fr.func_name = it->second;
      }
      frames.push_back(std::move(fr));
    }
    out.set_frames(std::move(frames));
  }
  return out;
}

Error wrong_store() { return Error(Error::Kind::Other, "object used with a store it does not belong to"); }
Error misuse(std::string message) { return Error(Error::Kind::Other, std::move(message)); }

std::string Error::to_string() const {
  std::string s;
  switch (kind_) {
    case Kind::Compile: s = "compile error: "; break;
    case Kind::Link: s = "link error: "; break;
    case Kind::Runtime: s = "runtime error: "; break;
    case Kind::Exit: s = "exit: "; break;
    case Kind::Other: s = "error: "; break;
  }
  if (line_) {
    s += std::to_string(line_) + ":" + std::to_string(column_) + ": ";
  } else if (offset_) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "@0x%" PRIx64 ": ", *offset_);
    s += buf;
  }
  s += message_;
  if (!frames_.empty()) {
    s += "\nwasm backtrace:";
    size_t omitted = 0;
    for (size_t i = 0; i < frames_.size(); i = core::rt::next_backtrace_frame(i, frames_.size(), &omitted)) {
      if (omitted) s += "\n    ... " + std::to_string(omitted) + " frames omitted";
      const Frame& f = frames_[i];
      char buf[64];
      std::snprintf(buf, sizeof buf, "\n    %zu: 0x%" PRIx64 " - ", i, f.module_offset);
      s += buf;
      s += (f.module_name.empty() ? "<unknown>" : f.module_name) + "!" +
           (f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.func_name);
    }
  }
  return s;
}

void throw_error(const Error& e) {
  switch (e.kind()) {
    case Error::Kind::Compile: throw CompileError(e);
    case Error::Kind::Link: throw LinkError(e);
    default: throw RuntimeError(e);
  }
}

}  // namespace kiln
