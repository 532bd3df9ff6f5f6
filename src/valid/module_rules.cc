// PLACEHOLDER while the binary helper writes the real rules; it replaces this file.
#include "valid/module_rules.h"

namespace kiln {

Status validate_module_rules(const Module&, const Features&) { return Ok(); }
Status validate_const_expr(const Module&, const Expr&, ValType, const Features&) { return Ok(); }

}  // namespace kiln
