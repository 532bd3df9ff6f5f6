// Module-level validation: every rule of https://webassembly.github.io/spec/core/valid/modules.html
// except function bodies (valid/ function validator).
#pragma once

#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln {

// Errors are ErrorKind::Invalid with the spec's messages.
Status validate_module_rules(const Module& m, const Features& f);

// A constant expression of type `expected` (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions).
Status validate_const_expr(const Module& m, const Expr& e, ValType expected, const Features& f);

}  // namespace kiln
