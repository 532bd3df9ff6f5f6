// A disassembler for `kiln inspect -d` and the details of `-x`: instructions as text with
// their immediates (names from the name section added as <name>), and function bodies
// listed one instruction per line with byte offsets and raw bytes, in the spirit of
// wasm-objdump. Instructions are read with the one InstrReader (binary/instr.h) and named
// from the opcode table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/result.h"
#include "binary/instr.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core::text {

// A name for display: characters outside printable ASCII (other than UTF-8 sequences),
// `"` and `\` are written as \hh escapes.
std::string display_name(const std::string& name);

// " <name>" when `map` names `index`, else "".
std::string name_suffix(const NameMap& map, uint32_t index);

// One instruction's text form: "i32.load offset=4 align=4", "call 3 <f>", "br_table 0 1 2".
// `m` supplies names (may be null); `func` is the function whose locals are named.
// Memory and table indices are printed only when they are not 0.
std::string instr_text(const Instr& in, const Module* m, uint32_t func);

// A constant expression without its final `end`, instructions separated by "; "
// ("i32.const 8", "global.get 0 <g>; i32.const 1; i32.add"). Malformed bytes give
// "<malformed: message>".
std::string const_expr_text(const Expr& e, const Module* m, const Features& f);

// Disassembles one code section entry: `body` is the entry's contents (locals then
// instructions) and `offset` its offset in the file. Appends lines to `out`:
//   " 00002b: 01 7f                      | local[2] i32"
//   " 00002d: 20 00                      | local.get 0 <x>"
// Block contents are indented by two spaces per level. Stops at the first malformed
// instruction, returning its error after the lines before it.
Status disassemble_body(const uint8_t* body, size_t size, size_t offset, const Module* m,
                        uint32_t func, const Features& f, std::string& out);

}  // namespace kiln::core::text
