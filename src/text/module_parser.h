// Internal: the state of the WAT parser, shared by module_parser.cc (driver and names),
// field_parser.cc (module fields), type_parser.cc (types and type uses) and
// instr_parser.cc (instructions).
//
// Parsing takes two passes over the tokens of a module. The first reads the type
// definitions and gives every $id its index (identifiers may be used before they are
// defined); the second parses the fields in order and encodes the code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/leb_writer.h"
#include "binary/writer.h"
#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"
#include "spec/opcodes.h"
#include "text/lexer.h"

namespace kiln::core::text {

// Index spaces that have module-level identifiers.
enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, Count_ };

class ModuleParser {
 public:
  ModuleParser(const TokenStream& ts, size_t pos, const Features& f)
      : ts_(ts), toks_(ts.tokens), pos_(pos), features_(f) {}

  Result<Module> parse(bool wrapped);
  size_t pos() const { return pos_; }
  // Collect mode: errors go to `errors` and parsing goes on after each (see collect());
  // parse() then fails with the first error in the source.
  void collect_errors(std::vector<Error>* errors) { errors_ = errors; }
  // Collecting stops after this many errors.
  static constexpr size_t kMaxErrors = 20;

 private:
  // ---- tokens
  Error error_at(const Token& t, std::string message) const { return ts_.error_at(t, std::move(message)); }
  const Token& peek(size_t k = 0) const {
    size_t i = pos_ + k;
    return toks_[i < toks_.size() ? i : toks_.size() - 1];
  }
  const Token& next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool at_lparen(std::string_view kw) const { return peek().is(Tok::LParen) && peek(1).is_keyword(kw); }
  bool at_lparen_at(size_t k, std::string_view kw) const {
    return peek(k).is(Tok::LParen) && peek(k + 1).is_keyword(kw);
  }
  // Index of the `)` matching the `(` at tokens[at], or kNoClose.
  static constexpr size_t kNoClose = static_cast<size_t>(-1);
  size_t find_close(size_t at) const;
  // "unexpected token", or "unknown operator X" when the token is no keyword at all.
  Error unexpected() const;
  Status expect(Tok k) {
    if (!peek().is(k)) return unexpected();
    next();
    return Ok();
  }
  Status expect_keyword(std::string_view kw) {
    if (!peek().is_keyword(kw)) return unexpected();
    next();
    return Ok();
  }
  // In collect mode, records `e` and returns true when parsing may go on; false when not
  // collecting or when the error limit is reached (then the caller propagates the error).
  bool collect(const Error& e);
  // An unknown $id at `t`: in collect mode recorded, the token skipped, index 0 returned.
  Result<uint32_t> unknown_id(const Token& t, std::string message);
  // Where error recovery resumes after a field starting at tokens[at]: past its `)`, or for
  // stray tokens at the next `(` (one error per run of junk), at most `end`.
  size_t field_end(size_t at, size_t end) const;
  // Index just past the s-expression whose `(` is at tokens[at].
  size_t skip_sexpr(size_t at) const;
  std::optional<std::string_view> take_id() {
    if (!peek().is(Tok::Id)) return std::nullopt;
    return next().text();
  }
  Result<uint32_t> take_u32();
  Result<uint64_t> take_u64();
  Result<std::string> take_name();  // a string that must be valid UTF-8

  // ---- identifiers
  struct SpaceIds {
    std::unordered_map<std::string_view, uint32_t> ids;
    uint32_t count = 0;
  };
  Status bind(Space s, const Token* id_tok, uint32_t index);
  // An index: a number or a $id of the space.
  Result<uint32_t> index(Space s);
  bool at_index() const { return peek().is(Tok::Nat) || peek().is(Tok::Id); }
  void record_name(Space s, uint32_t index, std::string_view name);

  // ---- pass 1
  Status scan_fields(size_t end);
  // "import after function" etc. when a definition came before this import.
  Status check_import_order(const Token& at) const;

  // ---- pass 2: module fields
  Status parse_fields();
  Status parse_field();
  Status parse_import();
  Status parse_func();
  Status parse_table();
  Status parse_memory();
  Status parse_global();
  Status parse_tag();
  Status parse_export();
  Status parse_start();
  Status parse_elem();
  Status parse_data();
  // Inline `(export "name")*` of a definition of `kind` with index `index`.
  Status parse_inline_exports(ExternKind kind, uint32_t index);
  // Inline `(import "m" "n")`; true if one was present.
  Result<bool> parse_inline_import(Import& imp);
  Result<Limits> parse_limits(bool allow_shared);
  Result<TableType> parse_table_type();
  Result<MemoryType> parse_memory_type();
  Result<GlobalType> parse_global_type();
  Status parse_elem_list(ElemSegment& seg, bool allow_bare_indices);
  Result<Expr> parse_elem_item();
  // An offset `(offset instr*)` or a single folded instruction.
  Result<Expr> parse_offset();

  // ---- types (type_parser.cc)
 public:
  Result<ValType> parse_val_type();
  Result<HeapType> parse_heap_type();
  Result<ValType> parse_ref_type();
  bool at_val_type() const;
  bool at_ref_type() const;

 private:
  Status parse_type_field();   // (type ...) in pass 1
  Status parse_rec_field();    // (rec (type ...)*) in pass 1
  Status parse_sub_type(SubType& st);
  // `(param ...)*` appending to `params`; names (or empty) to `names` when given.
  Status parse_params(std::vector<ValType>& params, std::vector<std::string_view>* names);
  Status parse_results(std::vector<ValType>& results);
  // A type use: `(type x)? (param ...)* (result ...)*`; returns the type index, adding an
  // implicit type definition when needed. `names` receives the parameter names.
  Result<uint32_t> parse_type_use(std::vector<std::string_view>* names, uint32_t* num_params);
  // A function import's type: `(exact typeuse)` (custom-descriptors) or a type use.
  Result<uint32_t> parse_exact_type_use(std::vector<std::string_view>* names, uint32_t* num_params, bool& exact);
  uint32_t find_or_add_type(const FuncType& ft);
  void index_func_type(uint32_t index);

  // ---- code (instr_parser.cc)
  // Names in scope while parsing code: locals of the function, enclosing block labels.
  // Local names: a short list searched linearly, with a hash index once it grows long.
  class LocalNames {
   public:
    void clear() {
      list_.clear();
      index_.clear();
    }
    bool add(std::string_view name, uint32_t idx) {
      if (index_.empty() && list_.size() < kLinear) {
        for (const auto& e : list_) {
          if (e.first == name) return false;
        }
        list_.emplace_back(name, idx);
        return true;
      }
      if (index_.empty()) {
        for (const auto& e : list_) index_.emplace(e.first, e.second);
      }
      if (!index_.emplace(name, idx).second) return false;
      list_.emplace_back(name, idx);
      return true;
    }
    std::optional<uint32_t> find(std::string_view name) const {
      if (!index_.empty()) {
        auto it = index_.find(name);
        return it == index_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
      }
      for (const auto& e : list_) {
        if (e.first == name) return e.second;
      }
      return std::nullopt;
    }

   private:
    static constexpr size_t kLinear = 16;
    std::vector<std::pair<std::string_view, uint32_t>> list_;
    std::unordered_map<std::string_view, uint32_t> index_;
  };
  struct CodeScope {
    LocalNames locals;
    std::vector<std::string_view> labels;  // innermost last; empty for an unnamed block
    std::optional<uint32_t> func;          // the function index, for label names
    uint32_t blocks = 0;                   // blocks seen, for label names
    void reset(std::optional<uint32_t> f) {
      locals.clear();
      labels.clear();
      func = f;
      blocks = 0;
    }
  };
  // Instructions up to `)`, `end`, `else`, `(then` or `(else`.
  Status parse_instrs(std::vector<uint8_t>& out);
  Status parse_plain_instr(std::vector<uint8_t>& out);
  Status parse_folded_instr(std::vector<uint8_t>& out);
  Status parse_block(Opcode op, std::vector<uint8_t>& out, bool folded);
  Status parse_block_type(std::vector<uint8_t>& out);
  Status parse_catch_clauses(std::vector<uint8_t>& out);
  Status parse_legacy_catch(bool all, std::vector<uint8_t>& out);
  Status finish_delegate(std::vector<uint8_t>& out);
  std::optional<Opcode> lookup_enabled(std::string_view name) const;
  Status parse_v128_const(std::vector<uint8_t>& out);
  Result<uint32_t> field_index(uint32_t type_index);
  Result<uint8_t> lane_index();
  Status parse_immediates(Opcode op, std::vector<uint8_t>& out);
  // A memory index (when `may_have_memory`), offset= and align=.
  Status parse_memarg(Opcode op, std::vector<uint8_t>& out, bool may_have_memory = true);
  Status parse_label_opt(std::string_view& label);
  Status check_end_label(std::string_view label);
  Result<uint32_t> label_index();
  Result<uint32_t> local_index();
  // An expression up to the closing `)`, with its final `end`.
  Result<Expr> parse_expr_until_rparen();

  CodeScope scope_;
  std::vector<uint8_t> pending_;  // encoded folded instructions waiting for their operands
  uint32_t depth_ = 0;  // nesting of blocks and folded instructions
  // Where the parser's stack use starts; nesting is refused before it uses more than
  // kStackBudget bytes of stack beyond it, whatever the build's frame sizes (sanitizers make
  // each level several times larger).
  static constexpr uintptr_t kStackBudget = 4u << 20;
  uintptr_t stack_base_ = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  bool stack_exhausted() const {
    uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    return here < stack_base_ && stack_base_ - here > kStackBudget;
  }

  const TokenStream& ts_;
  const std::vector<Token>& toks_;
  size_t pos_;
  const Features& features_;
  Module m_;
  std::array<SpaceIds, static_cast<size_t>(Space::Count_)> spaces_;
  std::unordered_map<std::string, uint32_t> func_type_index_;  // encoded signature -> first index
  std::optional<ExternKind> first_definition_;  // for "import after ..."
  bool uses_data_count_ = false;
  std::vector<Error>* errors_ = nullptr;  // collect mode when set
};

// True for the keywords of the text format and of scripts (instructions, types, fields).
bool is_known_keyword(std::string_view kw);

Space space_of(ExternKind k);
// The extern kind named by a keyword token (func, table, memory, global, tag).
std::optional<ExternKind> extern_kind(const Token& t);

// Noun used in "unknown ..." and "duplicate ..." messages.
const char* space_noun(Space s);
const char* space_dup_noun(Space s);

// Appends the binary encodings used by the parser: the binary writer's own encoders.
inline void emit_u32(std::vector<uint8_t>& out, uint32_t v) { write_u32_leb(out, v); }
inline void emit_u64(std::vector<uint8_t>& out, uint64_t v) { write_u64_leb(out, v); }
inline void emit_s64(std::vector<uint8_t>& out, int64_t v) { write_s64_leb(out, v); }
inline void emit_val_type(std::vector<uint8_t>& out, const ValType& t) { write_val_type(out, t); }
inline void emit_heap_type(std::vector<uint8_t>& out, const HeapType& h) { write_heap_type(out, h); }
// Appends the bytes of a String token.
void append_decoded_bytes(std::vector<uint8_t>& out, const Token& t);

}  // namespace kiln::core::text
