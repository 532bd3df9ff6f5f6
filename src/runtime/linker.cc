#include "runtime/linker.h"

namespace kiln::core::rt {

void Linker::define(const std::string& module_name, ExportMap exports) {
  modules_[module_name] = std::move(exports);
}

void Linker::define(const std::string& module_name, const std::string& name, Extern value) {
  modules_[module_name][name] = value;
}

const Extern* Linker::find(const std::string& module_name, const std::string& name) const {
  auto m = modules_.find(module_name);
  if (m == modules_.end()) return nullptr;
  auto e = m->second.find(name);
  return e == m->second.end() ? nullptr : &e->second;
}

Result<std::vector<Extern>> Linker::resolve(const Module& m) const {
  std::vector<Extern> out;
  out.reserve(m.imports.size());
  for (const Import& im : m.imports) {
    const Extern* e = find(im.module, im.name);
    if (!e) {
      return Error("unknown import \"" + im.module + "\" \"" + im.name + "\"", ErrorKind::Link);
    }
    out.push_back(*e);
  }
  return out;
}

}  // namespace kiln::core::rt
