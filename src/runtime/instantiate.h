// Module instantiation (https://webassembly.github.io/spec/core/exec/modules.html#instantiation):
// import checking, allocation of the module's functions, tables, memories, globals and
// tags, evaluation of initialisers, element and data segment initialisation, exports and
// the start function.
#pragma once

#include <memory>
#include <vector>

#include "base/result.h"
#include "runtime/objects.h"
#include "runtime/store.h"
#include "spec/features.h"

namespace kiln::core::rt {

// Instantiates `module` in `store` with `imports` given in the order of the module's
// imports. Errors:
//  - ErrorKind::Link "incompatible import type" (or a wrong number of imports);
//  - ErrorKind::Trap "out of bounds table access" / "out of bounds memory access" from an
//    active segment (writes of earlier segments persist), or a trap of the start function.
// On a trap the instance has been allocated in the store (and may be reachable through
// tables or memories shared with other instances) but is not returned.
Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                                    const std::vector<Extern>& imports,
                                    const Features& features = Features());

// Whether an external value matches an import's declared type
// (https://webassembly.github.io/spec/core/valid/types.html#import-subtyping).
bool extern_matches(const Extern& actual, const Import& import, const CompiledModule& module);

}  // namespace kiln::core::rt
