// WASI preview 1 for embedders: the `wasi_snapshot_preview1` host functions, configured with
// arguments, environment, preopened directories and standard streams (the same
// implementation as `kiln run`; the sandbox rules are in docs/cli.md).
//
//   kiln::WasiConfig config;
//   config.args = {"app.wasm", "--help"};
//   config.preopens = {{"/srv/data", "/data"}};
//   kiln::Wasi wasi = kiln::Wasi::create(store, config).value_or_throw();
//   kiln::Imports imports;
//   wasi.define(imports);
//   kiln::Instance inst = kiln::Instance::create(store, module, imports).value_or_throw();
//   wasi.bind(store, inst).value_or_throw();              // the guest's exported "memory"
//   auto r = inst.get_func(store, "_start")->call(store, {});
//   int status = r.ok() ? 0 : r.error().kind() == kiln::Error::Kind::Exit ? *r.error().exit_code() : 134;
//
// Lifetime: the WASI state (open descriptors) is kept alive by the Store the Wasi was created
// in, and closed when that Store is destroyed. One Wasi serves one instance.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiln/engine.hh"
#include "kiln/error.hh"
#include "kiln/objects.hh"

namespace kiln {

struct WasiPreopen {
  std::string host_path;   // a host directory
  std::string guest_path;  // the name the guest sees it under
};

struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE" each
  std::vector<WasiPreopen> preopens;
  // Host descriptors the guest sees as 0, 1 and 2 (borrowed, never closed; -1: none).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
};

class Wasi {
 public:
  // Opens the preopened directories (Error kind Other "cannot open directory ..." when one
  // cannot be) and makes the host functions in `store`.
  static Result<Wasi> create(Store& store, const WasiConfig& config);
  // Defines every function under "wasi_snapshot_preview1" in `imports`.
  void define(Imports& imports) const;
  // Binds the instance's exported memory "memory" (without one, every guest pointer faults).
  Result<void> bind(Store& store, const Instance& instance) const;
  // The code the guest passed to proc_exit, once it has; calls that ended so also fail
  // with an Error of kind Exit carrying it.
  std::optional<uint32_t> exit_code() const;

  struct Impl;
  explicit Wasi(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiln
