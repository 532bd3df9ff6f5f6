// The text format printer (wasm2wat): the module IR -> WebAssembly text
// (https://webassembly.github.io/spec/core/text/). Every section and every instruction of
// spec/opcodes.def, names from the name section as $ids, floats exactly. Whatever the
// module, the output parses back to the same module (kiln's parse_module, then
// write_module, gives the bytes write_module gives for the input).
#pragma once

#include <string>

#include "spec/module.h"

namespace kiln::core::text {

struct PrintOptions {
  // Folded S-expressions: operands nested under the instruction that consumes them.
  bool fold = false;
  // Use Module::names for $ids (names that are not valid identifiers become $"..."; a
  // name that clashes with an earlier one in its index space is dropped).
  bool names = true;
};

// The whole module as text, ending with a newline. Never fails: code that cannot be read
// (only possible for modules that were not decoded and validated) is cut short with a
// comment.
std::string print_module(const Module& m, const PrintOptions& o = {});

}  // namespace kiln::core::text
