// The module IR: what the binary decoder and the text parser both produce, and what the
// validator, the binary writer, the printer and instantiation consume
// (https://webassembly.github.io/spec/core/syntax/modules.html).
//
// Code (function bodies, constant expressions) is kept in its binary encoding: the text
// parser encodes instructions as it parses them, so one body decoder serves everything.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/features.h"
#include "spec/types.h"

namespace kiln::core {

// An expression in binary form, including its final `end` (0x0B).
// `offset` is where code[0] sits in the binary input (0 for modules made from text).
struct Expr {
  std::vector<uint8_t> code;
  size_t offset = 0;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  bool exact = false;      // kind == Func: an exact function import (custom-descriptors)
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
  TagType tag;             // kind == Tag
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type;
};

// A function defined in the module. `body` holds the instructions after the local
// declarations, ending with `end`.
struct Function {
  uint32_t type = 0;
  std::vector<LocalDecl> locals;
  uint32_t num_locals = 0;  // sum of locals[i].count (not counting parameters)
  Expr body;
  // Bytes of the local declarations before `body` in the binary input (decoder); 0 for
  // functions made from text.
  uint32_t locals_size = 0;
};

struct Table {
  TableType type;
  std::optional<Expr> init;  // 3.0 table initialiser expression
};

struct Global {
  GlobalType type;
  Expr init;
};

enum class SegmentMode : uint8_t { Passive, Active, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;   // active only
  Expr offset;          // active only
  ValType type = ValType::funcref();
  // Each item is a constant expression. Segments written as plain function indices in the
  // binary or text are stored as `ref.func i` expressions with `func_indices` set, so the
  // writer can choose the compact encoding again.
  std::vector<Expr> items;
  bool func_indices = false;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;  // never Declarative
  uint32_t memory = 0;
  Expr offset;
  std::vector<uint8_t> bytes;
};

struct CustomSection {
  std::string name;
  std::vector<uint8_t> data;
  // Which known section it followed in the binary (0 = before all, else that section id);
  // lets the writer put it back in place.
  uint8_t after_section = 0;
  size_t offset = 0;
};

// Names from the name section (and from text identifiers with --debug-names), for
// diagnostics and printing. Maps are keyed by index.
struct NameMap {
  std::map<uint32_t, std::string> names;
};
struct Names {
  std::optional<std::string> module;
  NameMap funcs;
  std::map<uint32_t, NameMap> locals;  // function index -> local index -> name
  std::map<uint32_t, NameMap> labels;
  NameMap types, tables, memories, globals, elems, datas, tags;
  std::map<uint32_t, NameMap> fields;  // type index -> field index -> name
};

struct Module {
  std::vector<SubType> types;
  std::vector<RecGroup> rec_groups;
  std::vector<Import> imports;
  std::vector<Function> funcs;  // defined functions only
  std::vector<Table> tables;    // defined only
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  std::vector<TagType> tags;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  // Decoded by decode_module_unscanned: the binary checks of function bodies are left to
  // the validator, which then also requires the data count section for memory.init and
  // data.drop (a binary rule decode_module checks).
  bool bodies_unscanned = false;
  std::vector<CustomSection> customs;
  Names names;

  // Counts of imports of each kind; index spaces put imports first.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  // Position in `imports` of the n-th import of each kind, indexed by ExternKind.
  std::vector<uint32_t> import_positions[5];

  // Recomputes num_imported_* and import_positions from `imports`. The decoder and the
  // parser call it once the imports are known.
  void count_imports();

  uint32_t total_funcs() const { return num_imported_funcs + static_cast<uint32_t>(funcs.size()); }
  uint32_t total_tables() const { return num_imported_tables + static_cast<uint32_t>(tables.size()); }
  uint32_t total_memories() const { return num_imported_memories + static_cast<uint32_t>(memories.size()); }
  uint32_t total_globals() const { return num_imported_globals + static_cast<uint32_t>(globals.size()); }
  uint32_t total_tags() const { return num_imported_tags + static_cast<uint32_t>(tags.size()); }

  // Index-space queries across imports and definitions. Callers check the index first.
  uint32_t func_type_index(uint32_t func) const;
  const FuncType& func_type(uint32_t func) const { return types[func_type_index(func)].func; }
  // The heap type of `ref.func func`: its type index, exact (custom-descriptors) for defined
  // functions and exact imports.
  HeapType func_heap_type(uint32_t func, const Features& f) const;
  TableType table_type(uint32_t table) const;
  MemoryType memory_type(uint32_t memory) const;
  GlobalType global_type(uint32_t global) const;
  TagType tag_type(uint32_t tag) const;
  // The type of a type index as a function type; callers check that kind == Func.
  const FuncType& functype(uint32_t type_index) const { return types[type_index].func; }
};

}  // namespace kiln::core
