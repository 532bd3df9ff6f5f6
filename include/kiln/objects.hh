// The runtime objects of the JS API: Func, Memory, Table, Global, Tag, Instance, and the
// values that flow between host and guest.
//
// Ownership and lifetime: every object lives in a Store, which owns it; the classes here are
// small copyable handles to it, valid as long as that Store lives. Each operation takes the
// Store: using a handle with another Store is an Error of kind Other ("object used with a
// store it does not belong to"), never undefined behaviour.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiln/engine.hh"
#include "kiln/error.hh"
#include "kiln/module.hh"
#include "kiln/types.hh"

namespace kiln {

// A handle's identity: which Store, which object in it.
struct ObjectRef {
  uint64_t store_id = 0;
  void* object = nullptr;
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

struct V128 {
  std::array<uint8_t, 16> bytes{};  // little-endian lanes
  friend bool operator==(const V128&, const V128&) = default;
};

class Func;
template <typename Signature>
class TypedFunc;

// An externref: a host value the guest can hold but not look into. The same `data` gives
// the same reference (ref.eq, table identity).
class ExternRef {
 public:
  static ExternRef create(Store& store, void* data);
  void* data() const { return data_; }
  ObjectRef ref() const { return ref_; }
  friend bool operator==(const ExternRef& a, const ExternRef& b) { return a.ref_ == b.ref_; }
  ExternRef(ObjectRef r, void* data) : ref_(r), data_(data) {}

 private:
  ObjectRef ref_;
  void* data_ = nullptr;
};

// A value of any type: numbers, vectors and the references the host can name (funcref,
// externref; other references as opaque AnyRef values).
class Val {
 public:
  Val() : Val(int32_t{0}) {}
  Val(int32_t v) : kind_(ValKind::I32), bits_(static_cast<uint32_t>(v)) {}  // NOLINT
  Val(int64_t v) : kind_(ValKind::I64), bits_(static_cast<uint64_t>(v)) {}  // NOLINT
  Val(float v);   // NOLINT
  Val(double v);  // NOLINT
  Val(V128 v) : kind_(ValKind::V128), v128_(v) {}  // NOLINT
  static Val funcref(const std::optional<Func>& f);
  static Val externref(const std::optional<ExternRef>& r);
  static Val null(ValKind ref_kind);

  ValKind kind() const { return kind_; }
  // Accessors; each requires kind() to match (checked: a mismatch gives 0 / null).
  int32_t i32() const { return kind_ == ValKind::I32 ? static_cast<int32_t>(bits_) : 0; }
  int64_t i64() const { return kind_ == ValKind::I64 ? static_cast<int64_t>(bits_) : 0; }
  float f32() const;
  double f64() const;
  V128 v128() const { return kind_ == ValKind::V128 ? v128_ : V128{}; }
  std::optional<Func> funcref() const;
  std::optional<ExternRef> externref() const;
  bool is_null() const { return kind_ >= ValKind::FuncRef && ref_.object == nullptr; }

  // Raw bits (f32/f64 as their IEEE bits) and the reference, for the implementation.
  uint64_t bits() const { return bits_; }
  ObjectRef ref() const { return ref_; }
  static Val from_ref(ValKind kind, ObjectRef r, void* extern_data = nullptr);
  static Val from_bits(ValKind kind, uint64_t bits);

 private:
  ValKind kind_;
  uint64_t bits_ = 0;
  V128 v128_{};
  ObjectRef ref_;
  void* extern_data_ = nullptr;
};

// A function: exported by an instance or made by the host.
class Func {
 public:
  // A host function of type `type`: `callback` reads `args` (already checked against the
  // parameter types) and writes every element of `results`. Returning an Error traps the
  // guest: its message becomes the RuntimeError's message (kind Exit ends the guest as a
  // WASI exit). The callback may call back into wasm of the same Store.
  using Callback = std::function<Result<void>(std::span<const Val> args, std::span<Val> results)>;
  static Func create(Store& store, const FuncType& type, Callback callback);

  // A host function from a C++ callable, its type deduced at compile time (func.hh):
  // parameters and results among int32_t, uint32_t, int64_t, uint64_t, float, double, V128,
  // std::optional<Func> (funcref) and std::optional<ExternRef> (externref); the result may
  // be void, one of those, a std::tuple of them (multi-value), or Result<one of those>.
  template <typename F>
  static Func wrap(Store& store, F&& f);

  Result<FuncType> type(const Store& store) const;
  // Calls the function with `args` (checked against its type: count and kinds), writing
  // `results` (exactly as many as it returns). No allocation of its own.
  Result<void> call(Store& store, std::span<const Val> args, std::span<Val> results) const;
  Result<std::vector<Val>> call(Store& store, std::span<const Val> args) const;
  Result<std::vector<Val>> call(Store& store, std::initializer_list<Val> args) const {
    return call(store, std::span<const Val>(args.begin(), args.size()));
  }
  // A view with C++ types, checked against the function's type once (func.hh).
  template <typename Signature>
  Result<TypedFunc<Signature>> typed(const Store& store) const;

  ObjectRef ref() const { return ref_; }
  explicit Func(ObjectRef r) : ref_(r) {}
  friend bool operator==(const Func&, const Func&) = default;

 private:
  ObjectRef ref_;
};

// Linear memory (WebAssembly.Memory).
class Memory {
 public:
  // A new memory (ErrorKind Other when larger than the Store's limits or the host allows).
  static Result<Memory> create(Store& store, const MemoryType& type);
  Result<MemoryType> type(const Store& store) const;
  uint64_t size_pages(const Store& store) const;
  uint64_t size_bytes(const Store& store) const;
  // Grows by `delta` pages; the old size in pages, or an Error when the maximum, the Store's
  // limit or the host refuses (memory.grow's -1).
  Result<uint64_t> grow(Store& store, uint64_t delta);
  // The bytes. INVALIDATION: the span stays valid until this memory grows — by grow() here
  // or by memory.grow in any wasm code that runs in this Store, so after any call into wasm
  // — or until the Store is destroyed. Take a new span after either.
  std::span<uint8_t> data(Store& store) const;

  ObjectRef ref() const { return ref_; }
  explicit Memory(ObjectRef r) : ref_(r) {}

 private:
  ObjectRef ref_;
};

// A table of references (WebAssembly.Table).
class Table {
 public:
  static Result<Table> create(Store& store, const TableType& type, const Val& init);
  Result<TableType> type(const Store& store) const;
  uint64_t size(const Store& store) const;
  Result<Val> get(const Store& store, uint64_t index) const;  // Runtime error when out of bounds
  Result<void> set(Store& store, uint64_t index, const Val& value);
  Result<uint64_t> grow(Store& store, uint64_t delta, const Val& init);  // old size

  ObjectRef ref() const { return ref_; }
  explicit Table(ObjectRef r) : ref_(r) {}

 private:
  ObjectRef ref_;
};

// A global variable (WebAssembly.Global).
class Global {
 public:
  static Result<Global> create(Store& store, const GlobalType& type, const Val& value);
  Result<GlobalType> type(const Store& store) const;
  Result<Val> get(const Store& store) const;
  Result<void> set(Store& store, const Val& value);  // Error for an immutable global

  ObjectRef ref() const { return ref_; }
  explicit Global(ObjectRef r) : ref_(r) {}

 private:
  ObjectRef ref_;
};

// An exception tag (WebAssembly.Tag).
class Tag {
 public:
  static Result<Tag> create(Store& store, const TagType& type);
  Result<TagType> type(const Store& store) const;

  ObjectRef ref() const { return ref_; }
  explicit Tag(ObjectRef r) : ref_(r) {}

 private:
  ObjectRef ref_;
};

// Any of the five: what imports take and exports give.
class Extern {
 public:
  Extern(Func f) : kind_(ExternKind::Func), ref_(f.ref()) {}      // NOLINT
  Extern(Table t) : kind_(ExternKind::Table), ref_(t.ref()) {}    // NOLINT
  Extern(Memory m) : kind_(ExternKind::Memory), ref_(m.ref()) {}  // NOLINT
  Extern(Global g) : kind_(ExternKind::Global), ref_(g.ref()) {}  // NOLINT
  Extern(Tag t) : kind_(ExternKind::Tag), ref_(t.ref()) {}        // NOLINT
  ExternKind kind() const { return kind_; }
  std::optional<Func> func() const { return kind_ == ExternKind::Func ? std::optional(Func(ref_)) : std::nullopt; }
  std::optional<Table> table() const { return kind_ == ExternKind::Table ? std::optional(Table(ref_)) : std::nullopt; }
  std::optional<Memory> memory() const { return kind_ == ExternKind::Memory ? std::optional(Memory(ref_)) : std::nullopt; }
  std::optional<Global> global() const { return kind_ == ExternKind::Global ? std::optional(Global(ref_)) : std::nullopt; }
  std::optional<Tag> tag() const { return kind_ == ExternKind::Tag ? std::optional(Tag(ref_)) : std::nullopt; }
  Result<ExternType> type(const Store& store) const;
  ObjectRef ref() const { return ref_; }

 private:
  ExternKind kind_;
  ObjectRef ref_;
};

// The JS API's import object: module name -> name -> value.
class Imports {
 public:
  Imports& define(std::string module, std::string name, Extern value);
  // Every export of `instance` under `module` (the scripts' `register`).
  Imports& define_instance(Store& store, std::string module, const class Instance& instance);
  const Extern* find(std::string_view module, std::string_view name) const;

 private:
  std::map<std::string, std::map<std::string, Extern, std::less<>>, std::less<>> modules_;
};

// A module bound to its imports and state (WebAssembly.Instance).
class Instance {
 public:
  // Links `imports` by module and name (LinkError "unknown import \"m\" \"n\"" or
  // "incompatible import type"), then initialises memories, tables and globals and runs the
  // start function (RuntimeError on a trap).
  static Result<Instance> create(Store& store, const Module& module, const Imports& imports);
  // The same with the imports in the module's import order (wasm.h's way).
  static Result<Instance> create(Store& store, const Module& module, std::span<const Extern> imports);

  std::optional<Extern> get(const Store& store, std::string_view name) const;
  std::optional<Func> get_func(const Store& store, std::string_view name) const;
  std::optional<Memory> get_memory(const Store& store, std::string_view name) const;
  std::optional<Table> get_table(const Store& store, std::string_view name) const;
  std::optional<Global> get_global(const Store& store, std::string_view name) const;
  // Every export, in the module's export order.
  std::vector<std::pair<std::string, Extern>> exports(const Store& store) const;
  const Module& module() const { return module_; }

  ObjectRef ref() const { return ref_; }
  Instance(ObjectRef r, Module m) : ref_(r), module_(std::move(m)) {}

 private:
  ObjectRef ref_;
  Module module_;
};

}  // namespace kiln
