// Module-level validation: every rule of https://webassembly.github.io/spec/core/valid/modules.html
// except function bodies (valid/ function validator).
#pragma once

#include <vector>

#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core {

// Errors are ErrorKind::Invalid with the spec's messages ("unknown global 1",
// "constant expression required", "duplicate export name", ...) and the byte offset of
// the offending expression or instruction where the module came from a binary.
Status validate_module_rules(const Module& m, const Features& f);

// A constant expression of type `expected` (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions),
// in which global.get may name globals below `visible_globals` only (imports, and in 3.0 the
// globals defined before the one being initialised).
Status validate_const_expr(const Module& m, const Expr& e, ValType expected, const Features& f,
                           uint32_t visible_globals);
// The same with every global of the module visible (element and data segment offsets).
Status validate_const_expr(const Module& m, const Expr& e, ValType expected, const Features& f);


// `a` matches `b` (a <: b) for value types of module `m`: equal, or references whose
// nullability and heap types match (https://webassembly.github.io/spec/core/valid/matching.html).
bool val_type_matches(const Module& m, const ValType& a, const ValType& b);

}  // namespace kiln::core
