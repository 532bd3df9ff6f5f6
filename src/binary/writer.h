// The binary format encoder: the module IR -> canonical bytes
// (https://webassembly.github.io/spec/core/binary/modules.html). Shortest LEB128s,
// sections in order and only when non-empty, custom sections put back after the section
// they followed. Aims at the same bytes as wabt's wat2wasm.
#pragma once

#include <cstdint>
#include <vector>

#include "spec/module.h"

namespace kiln::core {

struct WriteOptions {
  bool names = false;  // write a name section from Module::names (replacing any "name" custom)
};

std::vector<uint8_t> write_module(const Module& m, const WriteOptions& opts = {});

// Encodings of types, shared with other writers (the text parser's instruction encoder).
void write_val_type(std::vector<uint8_t>& out, const ValType& t);
void write_heap_type(std::vector<uint8_t>& out, const HeapType& h);
// A function body's local declarations as the writer encodes them (adjacent declarations
// of one type merged).
void write_local_decls(std::vector<uint8_t>& out, const std::vector<LocalDecl>& locals);

}  // namespace kiln::core
