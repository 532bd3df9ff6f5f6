// Structural scan of an expression in binary form: reads every instruction once with the
// instruction reader, so that malformed code (illegal opcodes, bad immediates, misplaced
// `else`, missing final `end`) is found by the decoder, before validation
// (https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions).
#pragma once

#include "base/reader.h"
#include "spec/features.h"

namespace kiln::core {

struct ExprFacts {
  bool uses_data_index = false;  // memory.init or data.drop: needs a data count section
};

// Reads instructions up to and including the `end` that closes the expression. An `else`
// outside an `if`, or a second one, is "END opcode expected", as is the final `end` when
// another opcode stands where it should be. Errors are ErrorKind::Malformed.
Status scan_expr(ByteReader& r, const Features& f, ExprFacts* facts = nullptr);

}  // namespace kiln::core
