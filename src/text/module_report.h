// The report of `kiln inspect` on a binary module, in the spirit of wasm-objdump: the
// section headers with offsets, sizes and counts; the contents of each section (types,
// imports, functions with their names, tables, memories, globals with their initialisers,
// exports, start, element and data segments, custom sections and the name section); and a
// disassembly of every function body (text/disassembler.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/result.h"
#include "spec/features.h"

namespace kiln::core::text {

struct ReportOptions {
  bool headers = false;      // section headers (also when nothing else is asked for)
  bool details = false;      // the contents of each section
  bool disassemble = false;  // the function bodies
  Features features;         // for decoding
};

// Appends the report of the module `data` to `out`, starting with
// "version 1, 41 bytes\n". On a malformed module, the report holds what could be read
// before the error (at least the sections before it) and the error is returned, with its
// byte offset.
Status report_module(const uint8_t* data, size_t size, const ReportOptions& opts, std::string& out);

}  // namespace kiln::core::text
