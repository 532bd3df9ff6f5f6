// Instruction names to opcodes for the parser: a small open-addressing hash table built
// at compile time from spec/opcodes.def, faster than the generic look-up on the
// parser's hot path. Same answers as opcode_from_text.
#pragma once

#include <optional>
#include <string_view>

#include "spec/opcodes.h"

namespace kiln::core::text {

std::optional<Opcode> lookup_opcode(std::string_view name);

}  // namespace kiln::core::text
