// Test harness for the WASI host module: runs a module written in the text format with a
// WasiConfig, its standard output and error captured through pipes, and keeps the instance
// so that tests can read guest memory afterwards.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "interp/interp.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "text/parser.h"
#include "wasi/wasi.h"

namespace kiln::core::wasi::test {

struct RunOutcome {
  bool ok = false;             // _start returned normally
  std::optional<uint32_t> exit_code;  // proc_exit's code
  std::string error;           // message of a trap or set-up error
  std::string out, err;        // captured fd 1 and 2
};

class WasiHarness {
 public:
  // Parses and instantiates `wat` (which must export "memory"); fd 1 and 2 are pipes.
  // `stdin_data` is what the guest reads on fd 0.
  RunOutcome run(const std::string& wat, WasiConfig config, const std::string& stdin_data = "") {
    RunOutcome o;
    auto m = text::parse_module(wat, Features());
    if (!m.ok()) {
      o.error = "parse: " + m.error().message;
      return o;
    }
    auto compiled = interp::compile(std::move(*m), Features());
    if (!compiled.ok()) {
      o.error = "compile: " + compiled.error().message;
      return o;
    }
    int in[2], out[2], err[2];
    if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) {
      o.error = "pipe";
      return o;
    }
    config.stdin_fd = in[0];
    config.stdout_fd = out[1];
    config.stderr_fd = err[1];
    // Feed stdin and drain stdout/stderr on threads so that large transfers cannot block.
    std::thread feeder([&] {
      size_t done = 0;
      while (done < stdin_data.size()) {
        ssize_t n = write(in[1], stdin_data.data() + done, stdin_data.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      close(in[1]);
    });
    auto drain = [](int fd, std::string& to) {
      char buf[4096];
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) to.append(buf, static_cast<size_t>(n));
      close(fd);
    };
    std::thread out_reader(drain, out[0], std::ref(o.out));
    std::thread err_reader(drain, err[0], std::ref(o.err));
    {
      auto ctx = WasiContext::create(config);
      if (!ctx.ok()) {
        o.error = ctx.error().message;
      } else {
        ctx_ = std::move(*ctx);
        rt::Linker linker;
        linker.define("wasi_snapshot_preview1", make_host_module(store_, *ctx_));
        auto imports = linker.resolve((*compiled)->module);
        if (!imports.ok()) {
          o.error = imports.error().message;
        } else if (auto inst = rt::instantiate(store_, *compiled, *imports); !inst.ok()) {
          o.error = inst.error().message;
        } else {
          instance_ = *inst;
          ctx_->bind(*instance_);
          auto start = instance_->exports.at("_start").func();
          auto r = interp::invoke(store_, start, nullptr, nullptr);
          if (r.ok()) {
            o.ok = true;
          } else if (r.error().kind == ErrorKind::Exit) {
            o.exit_code = ctx_->exit_code();
          } else {
            o.error = r.error().message;
          }
        }
      }
    }
    ctx_.reset();  // closes what the guest left open
    close(in[0]);
    close(out[1]);
    close(err[1]);
    feeder.join();
    out_reader.join();
    err_reader.join();
    return o;
  }

  // Guest memory after the run.
  const uint8_t* memory() const { return instance_->exports.at("memory").memory()->data; }
  uint32_t u32(uint32_t at) const {
    uint32_t v;
    std::memcpy(&v, memory() + at, 4);
    return v;
  }
  uint64_t u64(uint32_t at) const {
    uint64_t v;
    std::memcpy(&v, memory() + at, 8);
    return v;
  }
  std::string bytes(uint32_t at, uint32_t len) const { return std::string(reinterpret_cast<const char*>(memory() + at), len); }

 private:
  rt::Store store_;
  std::unique_ptr<WasiContext> ctx_;
  rt::ModuleInstance* instance_ = nullptr;
};

// The import declaration of WASI function `name` with signature `sig` (WAT params/results).
inline std::string import(const std::string& name, const std::string& sig) {
  return "(import \"wasi_snapshot_preview1\" \"" + name + "\" (func $" + name + " " + sig + "))\n";
}

}  // namespace kiln::core::wasi::test
