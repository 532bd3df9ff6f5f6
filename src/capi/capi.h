// Internals of the C API (include/wasm.h, include/kiln.h): the structs behind its opaque
// types, each a thin shell over a kiln:: C++ API object, and the helpers the files share.
#pragma once

#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "kiln.h"
#include "kiln/kiln.hh"

// Host info of one object, shared by every handle of it; the finalizer runs when the object
// dies (store objects: with their store; traps, foreign objects of no store, modules: with
// their last handle).
struct KilnHostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
  void set(void* i, void (*f)(void*)) {
    if (finalizer) finalizer(info);
    info = i;
    finalizer = f;
  }
  ~KilnHostInfo() {
    if (finalizer) finalizer(info);
  }
};
using KilnCell = std::shared_ptr<KilnHostInfo>;

struct wasm_config_t {
  kiln::Config config;
};

struct wasm_engine_t {
  kiln::Engine engine;
};

struct wasm_store_t {
  wasm_store_t(const kiln::Engine& e, const kiln::Limits& l) : store(e, l) {}
  ~wasm_store_t() { cells.clear(); }  // host-info finalizers first, then the objects
  // The host info of the store's object `identity`, made on first use.
  KilnCell cell(const void* identity) {
    KilnCell& c = cells[identity];
    if (!c) c = std::make_shared<KilnHostInfo>();
    return c;
  }
  kiln::Store store;
  std::map<const void*, KilnCell> cells;
  // Every instance made by wasm_instance_new in this store, by identity, so that the frames of
  // a trap can name their instance (wasm_frame_instance).
  std::map<const void*, kiln::Instance> instances;
};

// Types.
struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  virtual wasm_externtype_t* clone() const = 0;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_externtype_t* clone() const override;
  wasm_valtype_vec_t params{0, nullptr}, results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_externtype_t* clone() const override;
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_externtype_t* clone() const override;
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, 0};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_externtype_t* clone() const override { return new wasm_memorytype_t(*this); }
  wasm_limits_t limits{0, 0};
};

// The type of an export of a kind the standard lacks (an exception tag): kind 4.
struct KilnOtherExternType : wasm_externtype_t {
  KilnOtherExternType() : wasm_externtype_t(4) {}
  wasm_externtype_t* clone() const override { return new KilnOtherExternType(*this); }
};

struct wasm_importtype_t {
  wasm_name_t module{0, nullptr}, name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_importtype_t();
};

struct wasm_exporttype_t {
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_exporttype_t();
};

// References.
enum class KilnRefKind { Trap, Foreign, Module, Instance, Extern };

struct wasm_ref_t {
  wasm_ref_t(KilnRefKind k, wasm_store_t* s, KilnCell c) : ref_kind(k), store(s), cell(std::move(c)) {}
  virtual ~wasm_ref_t() = default;
  virtual wasm_ref_t* clone() const = 0;
  // What `same` compares: the engine object, or the cell for objects of no store.
  virtual const void* identity() const { return cell.get(); }
  KilnRefKind ref_kind;
  wasm_store_t* store;
  KilnCell cell;
};

struct wasm_trap_t : wasm_ref_t {
  wasm_trap_t(wasm_store_t* s, std::string m, std::vector<kiln::Frame> f)
      : wasm_ref_t(KilnRefKind::Trap, s, std::make_shared<KilnHostInfo>()), message(std::move(m)), frames(std::move(f)) {}
  wasm_ref_t* clone() const override { return new wasm_trap_t(*this); }
  std::string message;
  std::vector<kiln::Frame> frames;
};

// A frame owns a wasm_instance_t of its instance (what wasm_frame_instance lends out), or
// none when the instance is unknown to the store (a trap in the start function of an
// instance that never finished instantiating).
struct wasm_frame_t {
  wasm_frame_t(wasm_store_t* store, kiln::Frame f);
  wasm_frame_t(const wasm_frame_t& other);
  wasm_frame_t& operator=(const wasm_frame_t&) = delete;
  ~wasm_frame_t();
  kiln::Frame frame;
  wasm_instance_t* instance = nullptr;
};

// A foreign object: the cell doubles as the externref's data, so the same object comes back
// from wasm as the same foreign.
struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* s, KilnCell c) : wasm_ref_t(KilnRefKind::Foreign, s, std::move(c)) {}
  wasm_ref_t* clone() const override { return new wasm_foreign_t(*this); }
};

struct wasm_module_t : wasm_ref_t {
  wasm_module_t(wasm_store_t* s, kiln::Module m, KilnCell c)
      : wasm_ref_t(KilnRefKind::Module, s, std::move(c)), module(std::move(m)) {}
  wasm_ref_t* clone() const override { return new wasm_module_t(*this); }
  kiln::Module module;
};

struct wasm_shared_module_t {
  kiln::Module module;
};

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, kiln::Instance i)
      : wasm_ref_t(KilnRefKind::Instance, s, s->cell(i.ref().object)), instance(std::move(i)) {}
  wasm_ref_t* clone() const override { return new wasm_instance_t(*this); }
  const void* identity() const override { return instance.ref().object; }
  kiln::Instance instance;
};

// Externs: a function, global, table or memory is an extern of its kind (the as_extern
// conversions are casts); `ext` names the engine object.
struct wasm_extern_t : wasm_ref_t {
  wasm_extern_t(wasm_store_t* s, kiln::Extern e)
      : wasm_ref_t(KilnRefKind::Extern, s, s->cell(e.ref().object)), ext(e) {}
  wasm_ref_t* clone() const override { return new wasm_extern_t(*this); }
  const void* identity() const override { return ext.ref().object; }
  kiln::Extern ext;
};
struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  wasm_ref_t* clone() const override { return new wasm_func_t(*this); }
  kiln::Func func() const { return *ext.func(); }
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  wasm_ref_t* clone() const override { return new wasm_global_t(*this); }
  kiln::Global global() const { return *ext.global(); }
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  wasm_ref_t* clone() const override { return new wasm_table_t(*this); }
  kiln::Table table() const { return *ext.table(); }
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  wasm_ref_t* clone() const override { return new wasm_memory_t(*this); }
  kiln::Memory memory() const { return *ext.memory(); }
};

struct kiln_interrupt_handle_t {
  kiln::InterruptHandle handle;
};

namespace kiln::capi {

// An extern of the right C type for `e`'s kind (owned).
wasm_extern_t* new_extern(wasm_store_t* store, const Extern& e);

// Types between the two APIs.
wasm_valtype_t* new_valtype(const ValType& t);
ValType to_api(const wasm_valtype_t* t);
wasm_functype_t* new_functype(const FuncType& t);
FuncType to_api(const wasm_functype_t* t);
wasm_externtype_t* new_externtype(const ExternType& t);
GlobalType to_api(const wasm_globaltype_t* t);
TableType to_api(const wasm_tabletype_t* t);
MemoryType to_api(const wasm_memorytype_t* t);
wasm_limits_t to_limits(uint64_t min, const std::optional<uint64_t>& max);

// Values: a C value as an API value of kind `kind` (false when it cannot be one), and an API
// value as a C value (its reference owned by `out`; false for kinds wasm.h lacks).
bool to_api(wasm_store_t* store, const wasm_val_t& v, Val* out);
bool to_c(wasm_store_t* store, const Val& v, wasm_val_t* out);
// A reference (NULL for null) as a value of reference kind `kind`.
bool ref_to_api(wasm_store_t* store, const wasm_ref_t* r, ValKind kind, Val* out);
// A reference value as a C reference (owned; NULL for null).
wasm_ref_t* ref_to_c(wasm_store_t* store, const Val& v);

// A trap from an API error (owned).
wasm_trap_t* new_trap(wasm_store_t* store, const Error& e);

// Byte vectors from strings.
void fill_name(wasm_name_t* out, const std::string& s, bool nul = false);

}  // namespace kiln::capi
