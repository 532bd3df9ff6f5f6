// A registry of named modules from which imports are resolved: instances registered under
// a name (the scripts' `register`) and host modules such as `spectest`.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "runtime/objects.h"

namespace kiln::core::rt {

// The exports of one named module.
using ExportMap = std::unordered_map<std::string, Extern>;

class Linker {
 public:
  // Makes `exports` available under `module_name`, replacing any earlier module of that name.
  void define(const std::string& module_name, ExportMap exports);
  // Adds or replaces one export of module `module_name` (creating the module if needed).
  void define(const std::string& module_name, const std::string& name, Extern value);
  bool has(const std::string& module_name) const { return modules_.count(module_name) != 0; }
  const Extern* find(const std::string& module_name, const std::string& name) const;

  // The externs for the imports of `m`, in order. A missing module or name is
  // ErrorKind::Link "unknown import \"mod\" \"name\"". Types are checked by instantiate().
  Result<std::vector<Extern>> resolve(const Module& m) const;

 private:
  std::unordered_map<std::string, ExportMap> modules_;
};

}  // namespace kiln::core::rt
