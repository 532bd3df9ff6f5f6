// Evaluation of constant expressions at instantiation
// (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions):
// t.const, ref.null, ref.func, global.get and the extended-const i32/i64 add, sub and mul.
#pragma once

#include "base/result.h"
#include "runtime/objects.h"
#include "spec/features.h"

namespace kiln::core::rt {

// The value of a validated constant expression, read against the instance being built:
// global.get reads `inst.globals`, ref.func takes `inst.funcs`. A v128 result fills both
// slots of `out`. Errors (an unknown index or unsupported instruction in an expression
// that skipped validation) are ErrorKind::Invalid.
Status eval_const_expr(const Expr& e, const ModuleInstance& inst, const Features& f, Slot out[2]);

}  // namespace kiln::core::rt
