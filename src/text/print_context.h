// Internals of the printer (text/printer.h): the resolved names of a module and the
// spelling of values, types and instructions, shared by printer.cc (module fields),
// print_code.cc (function bodies, flat and folded) and print_values.cc (literals).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "binary/instr.h"
#include "spec/module.h"
#include "text/printer.h"

namespace kiln::core::text::print {

// ---- literals (print_values.cc)

// The shortest decimal that reads back to the same bits, or inf / nan / nan:0x...
// (https://webassembly.github.io/spec/core/text/values.html#floating-point).
std::string f32_text(uint32_t bits);
std::string f64_text(uint64_t bits);
// A v128 constant as `i32x4 0x… 0x… 0x… 0x…` (the bytes are little-endian).
std::string v128_text(const std::array<uint8_t, 16>& bytes);
// A quoted string literal: printable ASCII as is (but `"` and `\`), other bytes as \hh;
// with `utf8`, bytes of multi-byte UTF-8 characters are kept as they are.
void append_string(std::string& out, std::string_view bytes, bool utf8);
// True if `name` can be written as a plain identifier `$name` (idchar+).
bool is_plain_id(std::string_view name);
// `$name`, or `$"..."` for names that are not plain identifiers.
std::string id_text(std::string_view name);
// Appends the decimal digits of `v`.
void append_uint(std::string& out, uint64_t v);
void append_int(std::string& out, int64_t v);

// ---- names and types

// Resolved $ids of one index space: ids[i] is "$name" or empty.
struct IdSpace {
  std::vector<std::string> ids;
  // "$name" when index i has one, else the decimal index.
  std::string ref(uint32_t i) const;
  // Appends " " and ref(i) to `out`.
  void append_ref(std::string& out, uint32_t i) const;
  // " $name" for a definition, or " (;i;)" when it has no name.
  std::string def(uint32_t i) const;
};

// Resolves the names of `map` for indices [0, count): ids kept only when non-empty, valid
// UTF-8 and not already taken by an earlier index (the text format rejects duplicates).
IdSpace resolve_ids(const NameMap* map, uint32_t count);

struct Context {
  const Module& m;
  PrintOptions opts;
  IdSpace types, funcs, tables, memories, globals, tags, elems, datas;
  std::string out;

  Context(const Module& mod, const PrintOptions& o);

  std::string heap_type(const HeapType& h) const;
  std::string val_type(const ValType& t) const;
  // The function type at index `type_index` if it is one, else nullptr.
  const FuncType* func_type_at(uint32_t type_index) const;
  // `(type N)` followed by `(param ...)` and `(result ...)` when N is a function type.
  // `param_ids`, when given, names the parameters one per `(param $x t)`.
  std::string type_use(uint32_t type_index, const std::vector<std::string>* param_ids = nullptr) const;
  // Starts a new line at `indent` levels of two spaces (capped, so that deep code does not
  // make the output quadratic).
  void newline(uint32_t indent);
  // Appends `)`, first starting a new line at `indent` if the current line ends in a
  // `;;` comment.
  void close(uint32_t indent);
  bool line_comment = false;  // the current line ends in a `;;` comment
};

// ---- code (print_code.cc)

// Appends the function's local declarations and instructions (flat or folded) at
// `indent`, each on its own line, leaving the closing parenthesis to the caller.
void print_function_body(Context& c, uint32_t func_index, const Function& f,
                         const std::vector<std::string>& local_ids, uint32_t indent);

// Appends a constant expression (without its `end`) as folded instructions with no
// operands, " (i32.const 1) (i32.const 2) (i32.add)": valid wherever an expr goes.
void print_const_expr(Context& c, const Expr& e);
// The number of instructions of a constant expression before its `end` (0 when it cannot
// be read).
size_t const_expr_length(const Expr& e);

}  // namespace kiln::core::text::print
