// Imports and Instance.
#include "api/impl.h"
#include "runtime/instantiate.h"

namespace kiln {

Imports& Imports::define(std::string module, std::string name, Extern value) {
  auto& names = modules_[std::move(module)];
  names.insert_or_assign(std::move(name), value);
  return *this;
}

Imports& Imports::define_instance(Store& store, std::string module, const Instance& instance) {
  for (auto& [name, value] : instance.exports(store)) define(module, name, value);
  return *this;
}

const Extern* Imports::find(std::string_view module, std::string_view name) const {
  auto m = modules_.find(module);
  if (m == modules_.end()) return nullptr;
  auto e = m->second.find(name);
  return e == m->second.end() ? nullptr : &e->second;
}

namespace {

core::rt::Extern to_core_extern(const Extern& e) {
  return core::rt::Extern{static_cast<core::ExternKind>(e.kind()), e.ref().object};
}

Extern from_core_extern(const Store::Impl& s, const core::rt::Extern& e) {
  ObjectRef r = make_ref(s, e.object);
  switch (e.kind) {
    case core::ExternKind::Func: return Func(r);
    case core::ExternKind::Table: return Table(r);
    case core::ExternKind::Memory: return Memory(r);
    case core::ExternKind::Global: return Global(r);
    case core::ExternKind::Tag: return Tag(r);
  }
  return Func(r);
}

}  // namespace

Result<Instance> Instance::create(Store& store, const Module& module, std::span<const Extern> imports) {
  const core::Module& m = module.impl()->compiled->module;
  if (imports.size() != m.imports.size()) {
    return Error(Error::Kind::Link, "module needs " + std::to_string(m.imports.size()) + " imports, got " +
                                        std::to_string(imports.size()));
  }
  std::vector<core::rt::Extern> externs;
  externs.reserve(imports.size());
  for (const Extern& e : imports) {
    if (e.ref().store_id != store.impl().id) return wrong_store();
    externs.push_back(to_core_extern(e));
  }
  auto inst = core::rt::instantiate(store.impl().store, module.impl()->compiled, externs,
                                    module.impl()->engine.impl()->config.impl().features);
  if (!inst.ok()) return from_core_call(inst.error(), store.impl().store);
  return Instance(make_ref(store.impl(), *inst), module);
}

Result<Instance> Instance::create(Store& store, const Module& module, const Imports& imports) {
  const core::Module& m = module.impl()->compiled->module;
  std::vector<Extern> list;
  list.reserve(m.imports.size());
  for (const core::Import& im : m.imports) {
    const Extern* e = imports.find(im.module, im.name);
    if (!e) return Error(Error::Kind::Link, "unknown import \"" + im.module + "\" \"" + im.name + "\"");
    list.push_back(*e);
  }
  return create(store, module, std::span<const Extern>(list));
}

std::optional<Extern> Instance::get(const Store& store, std::string_view name) const {
  auto* inst = object_in<core::rt::ModuleInstance>(store, ref_);
  if (!inst) return std::nullopt;
  auto it = inst->exports.find(std::string(name));
  if (it == inst->exports.end()) return std::nullopt;
  return from_core_extern(store.impl(), it->second);
}

std::optional<Func> Instance::get_func(const Store& store, std::string_view name) const {
  auto e = get(store, name);
  return e ? e->func() : std::nullopt;
}
std::optional<Memory> Instance::get_memory(const Store& store, std::string_view name) const {
  auto e = get(store, name);
  return e ? e->memory() : std::nullopt;
}
std::optional<Table> Instance::get_table(const Store& store, std::string_view name) const {
  auto e = get(store, name);
  return e ? e->table() : std::nullopt;
}
std::optional<Global> Instance::get_global(const Store& store, std::string_view name) const {
  auto e = get(store, name);
  return e ? e->global() : std::nullopt;
}

std::vector<std::pair<std::string, Extern>> Instance::exports(const Store& store) const {
  std::vector<std::pair<std::string, Extern>> out;
  auto* inst = object_in<core::rt::ModuleInstance>(store, ref_);
  if (!inst) return out;
  for (const core::Export& ex : module_.impl()->compiled->module.exports) {
    out.emplace_back(ex.name, from_core_extern(store.impl(), inst->exports.at(ex.name)));
  }
  return out;
}

}  // namespace kiln
