// The "name" custom section (https://webassembly.github.io/spec/core/appendix/custom.html#name-section)
// and its extended subsections (locals, labels, types, tables, memories, globals, elems,
// datas, fields, tags), read into Module::names and written back from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "spec/module.h"

namespace kiln::core {

// Reads what it can; a malformed name section is ignored from the first error on, as the
// spec requires of custom sections.
void parse_name_section(const uint8_t* data, size_t size, Names& out);

// The payload of a name section (without the section header and the "name" string), as
// wat2wasm --debug-names writes it: subsections in id order, each only when it has names,
// except the local names, which list every one of the module's `num_funcs` functions.
std::vector<uint8_t> encode_name_section(const Names& names, uint32_t num_funcs);

}  // namespace kiln::core
