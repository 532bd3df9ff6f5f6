// Engine and Store (the JS API's agent and its store of objects).
//
// Threads: an Engine and the Modules compiled with it are immutable and may be shared by any
// number of threads. A Store and every object in it (instances, functions, memories, tables,
// globals, tags) belong to one thread at a time; give each thread its own Store. The only
// Store operation that may be called from another thread is InterruptHandle::interrupt().
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

// Bounds a Store puts on the guests it runs. Exceeding one is never a host failure: creating
// a memory or table beyond them fails (a Runtime error at instantiation, an Other error from
// Memory::create), memory.grow / table.grow return -1, and deep recursion traps with
// "call stack exhausted".
struct Limits {
  static constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();
  uint64_t max_memory_bytes = kUnlimited;    // all linear memories of the store together
  uint64_t max_table_elements = kUnlimited;  // all tables of the store together (and each
                                             // table at most 10 million elements)
  uint32_t max_call_depth = 10'000;          // wasm frames, host calls included
};

// Engine configuration: the enabled features (the names of `kiln --enable-FEATURE`:
// "simd", "tail-call", "memory64", "gc", "exceptions", ...) and the default limits.
class Config {
 public:
  Config();  // WebAssembly 2.0 plus what kiln enables by default
  // Enables or disables feature `name`; false when there is no such feature.
  bool set_feature(std::string_view name, bool enabled);
  bool feature(std::string_view name) const;
  Config& enable_all();
  static std::vector<std::string> feature_names();

  Limits limits;

  // Threads that decode, validate and translate a module's function bodies, each body on
  // one of them: 0 (the default) uses the machine's cores, at most 8, for modules of 256 KB
  // or more; 1 compiles on the calling thread only. The compiled module, and the error of an
  // invalid one, are the same whatever the number.
  unsigned compile_threads = 0;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<Impl> impl_;
};

// Shared, immutable compilation context. Cheap to copy (a reference).
class Engine {
 public:
  Engine();
  explicit Engine(Config config);
  const Config& config() const;

  struct Impl;
  const std::shared_ptr<const Impl>& impl() const { return impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// Stops a guest from another thread: the running (or next) call into wasm of its Store
// traps with TrapCode::Interrupted within a bounded time (every loop iteration and call
// checks). Copyable; outliving the Store is harmless (interrupt() then does nothing).
class InterruptHandle {
 public:
  void interrupt() const;
  struct Impl;
  explicit InterruptHandle(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

// Owner of every runtime object; objects live as long as their Store. Movable, not copyable.
class Store {
 public:
  explicit Store(const Engine& engine);
  Store(const Engine& engine, const Limits& limits);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;
  const Limits& limits() const;

  // Fuel: a deterministic budget of work. One unit is consumed per wasm function entered
  // (call, call_indirect, call_ref, tail calls, and each call from the host), per call of a
  // host function and per taken branch back to a loop. Off by default; set_fuel switches it
  // on, and a guest that uses it up traps with TrapCode::OutOfFuel. fuel() is what
  // remains, nullopt when off. The same program with the same fuel stops at the same place.
  void set_fuel(uint64_t fuel);
  void disable_fuel();
  std::optional<uint64_t> fuel() const;

  // Interruption from any thread (see InterruptHandle). A request stays in force: every
  // call into wasm of this Store traps with TrapCode::Interrupted until clear_interrupt().
  InterruptHandle interrupt_handle();
  void clear_interrupt();
  // Wasm code still running `seconds` from now traps with TrapCode::Interrupted (no thread
  // needed); clear_deadline() removes it.
  void set_deadline(double seconds);
  void clear_deadline();

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln
