// Internals of the public C++ API (include/kiln/): the Impl structs behind its handles and
// the conversions between the public types and the engine's own.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <vector>

#include "kiln/engine.hh"
#include "kiln/error.hh"
#include "kiln/module.hh"
#include "kiln/objects.hh"
#include "kiln/types.hh"
#include "runtime/objects.h"
#include "runtime/store.h"
#include "spec/features.h"

namespace kiln {

struct Config::Impl {
  core::Features features;
};

struct Engine::Impl {
  Config config;
};

struct Module::Impl {
  Engine engine;
  std::shared_ptr<const core::rt::CompiledModule> compiled;
  std::vector<uint8_t> bytes;  // the binary encoding
};

struct Store::Impl {
  uint64_t id;
  Engine engine;
  Limits limits;
  core::rt::Store store;
  // Types of host-created tags (TagInst refers to a FuncType it does not own).
  std::deque<core::FuncType> tag_types;
  // Host state that host functions of this store refer to (WASI contexts), freed with it.
  std::vector<std::shared_ptr<void>> keep_alive;
  explicit Impl(const Engine& e, const Limits& l);
};

// Conversions.
core::ValType to_core(const ValType& t);
ValType from_core(const core::ValType& t);
core::FuncType to_core(const FuncType& t);
FuncType from_core(const core::FuncType& t);
core::MemoryType to_core(const MemoryType& t);
MemoryType from_core(const core::MemoryType& t);
core::TableType to_core(const TableType& t);
TableType from_core(const core::TableType& t);
core::GlobalType to_core(const GlobalType& t);
GlobalType from_core(const core::GlobalType& t);

// An engine error as a public one: kind, message, location, trap code.
Error from_core(const core::Error& e);
// The same for an error of a call into wasm in `store`, with the trap's wasm frames.
Error from_core_call(const core::Error& e, const core::rt::Store& store);

// The error for a handle used with the wrong store.
Error wrong_store();
Error misuse(std::string message);

// Value <-> slots (a v128 takes two slots).
void to_slots(const Val& v, core::rt::Slot* out);
Val from_slots(const Store::Impl& s, const core::ValType& t, const core::rt::Slot* in);
// Whether `v` can be a value of type `t` (kinds match; a funcref value of a function).
bool val_matches(const Val& v, const core::ValType& t);

inline ObjectRef make_ref(const Store::Impl& s, void* object) { return ObjectRef{s.id, object}; }

}  // namespace kiln

namespace kiln {
// The engine object behind handle `r` if it belongs to `s`, else null.
template <typename T>
T* object_in(const Store& s, const ObjectRef& r) {
  return r.store_id == s.impl().id ? static_cast<T*>(r.object) : nullptr;
}
}  // namespace kiln

namespace kiln {
// Checks `v` against type `t` and that a reference in it belongs to store `s`.
Result<void> check_val(const Store::Impl& s, const Val& v, const core::ValType& t);
}  // namespace kiln
