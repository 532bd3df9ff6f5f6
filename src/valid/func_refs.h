// The set C.refs of declared function references
// (https://webassembly.github.io/spec/core/valid/modules.html#valid-module): functions
// named by ref.func in element segments, exports, and global and table initializers.
// `ref.func` in a function body may only name these ("undeclared function reference").
#pragma once

#include <cstdint>
#include <vector>

#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core {

// One flag per function index. Malformed expressions are skipped (the module rules
// report them).
std::vector<bool> declared_func_refs(const Module& m, const Features& f);

}  // namespace kiln::core
