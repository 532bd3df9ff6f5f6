// WASI preview 1: the `wasi_snapshot_preview1` host module, with which a module compiled for
// wasm32-wasi reads its arguments and environment, the clocks and random bytes, and the
// files under the directories the host preopens for it - and nothing else.
//
// Use:
//   auto ctx = wasi::WasiContext::create(config);          // opens the preopens
//   linker.define("wasi_snapshot_preview1", wasi::make_host_module(store, **ctx));
//   ModuleInstance* inst = instantiate(...);
//   (*ctx)->bind(*inst);                                   // the guest's exported "memory"
//   Status s = interp::invoke(store, start, nullptr, nullptr);
//   if (!s.ok() && s.error().kind == ErrorKind::Exit) code = *(*ctx)->exit_code();
//
// Ownership and lifetime: the WasiContext owns the host descriptors it opened (preopened
// directories, files the guest opens) and closes them when destroyed; the host's standard
// streams (config.stdin_fd...) and sockets handed in are borrowed and never closed. The host
// functions made by make_host_module refer to the context by pointer: the context must
// outlive every call into them (keep it beside the Store). One context serves one instance
// (one guest memory) at a time and is not thread-safe.
//
// The sandbox (sandbox.h, docs/cli.md "Sandbox"): every path the guest names is resolved
// beneath one of its directory descriptors. Absolute paths, `..` that leaves the directory and
// symbolic links that lead outside it - also ones swapped in while the guest runs - fail with
// ENOTCAPABLE (76; wasmtime's preview-2 based implementation says EPERM) and never touch the
// host file outside; more than 40 links: ELOOP; a NUL byte: EINVAL; not UTF-8: EILSEQ.
// openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS where the kernel has it, else (and for
// the *at calls without an openat2 form) a walk component by component with O_NOFOLLOW.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace kiln::core::wasi {

// A host directory the guest sees under `guest_path` (wasmtime's `--dir HOST::GUEST`).
struct Preopen {
  std::string host_path;
  std::string guest_path;
};

struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE" each
  std::vector<Preopen> preopens;  // guest descriptors 3, 4, ... in this order
  // Host descriptors given to the guest as 0, 1 and 2 (borrowed; -1 leaves the slot closed).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // Connected or listening sockets handed to the guest after the preopens (borrowed).
  std::vector<int> sockets;
};

class WasiContext {
 public:
  // Opens the preopened directories: ErrorKind::Io "cannot open directory 'PATH': REASON"
  // when one cannot be opened as a directory.
  static Result<std::unique_ptr<WasiContext>> create(const WasiConfig& config);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // Binds the guest memory: the instance's export "memory". Without one, every access of a
  // WASI function to guest memory fails with EFAULT.
  void bind(const rt::ModuleInstance& instance);

  // The code the guest passed to proc_exit, once it has called it.
  std::optional<uint32_t> exit_code() const;

  struct State;  // internal (context.h)
  State& state() { return *state_; }

 private:
  WasiContext();
  std::unique_ptr<State> state_;
};

// The exports of `wasi_snapshot_preview1`: every function of WASI preview 1, as host
// functions in `store` bound to `ctx`. proc_exit ends the guest with an error of kind
// ErrorKind::Exit (message "exit with code N"); the code is ctx.exit_code().
rt::ExportMap make_host_module(rt::Store& store, WasiContext& ctx);

// Names of the WASI preview 1 functions this module provides, in the witx order.
const std::vector<std::string>& function_names();

}  // namespace kiln::core::wasi
