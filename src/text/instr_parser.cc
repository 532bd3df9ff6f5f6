// Instructions of the text format (https://webassembly.github.io/spec/core/text/instructions.html),
// plain and folded, encoded straight into the binary format. Opcodes and immediate kinds
// come from spec/opcodes.def (looked up through text/opcode_lookup.h).
#include <cstring>

#include "text/module_parser.h"
#include "text/numbers.h"
#include "text/opcode_lookup.h"

namespace kiln::core::text {

namespace {

// Deeper code is rejected ("nesting too deep") rather than overflowing the stack.
constexpr uint32_t kMaxNesting = 2000;

void emit_opcode(std::vector<uint8_t>& out, Opcode op) {
  const OpcodeInfo& oi = info(op);
  if (oi.prefix != 0) {
    out.push_back(oi.prefix);
    emit_u32(out, oi.code);
  } else {
    out.push_back(static_cast<uint8_t>(oi.code));
  }
}

// Keywords of instructions that parse_instrs leaves to its caller.
bool ends_instrs(std::string_view kw) {
  return kw == "end" || kw == "else" || kw == "catch" || kw == "catch_all" || kw == "delegate";
}

// RAII nesting counter: deeply nested code must not overflow the parser's stack.
struct NestingGuard {
  uint32_t& depth;
  explicit NestingGuard(uint32_t& d) : depth(d) { ++depth; }
  ~NestingGuard() { --depth; }
};

}  // namespace

Result<Expr> ModuleParser::parse_expr_until_rparen() {
  Expr e;
  KILN_TRY(parse_instrs(e.code));
  KILN_TRY(expect(Tok::RParen));
  e.code.push_back(0x0B);
  return e;
}

Status ModuleParser::parse_instrs(std::vector<uint8_t>& out) {
  while (true) {
    const Token& t = peek();
    if (t.is(Tok::Keyword)) {
      if (ends_instrs(t.text())) return Ok();
      KILN_TRY(parse_plain_instr(out));
    } else if (t.is(Tok::LParen)) {
      const Token& k = peek(1);
      if (k.is_keyword("then") || k.is_keyword("else") || k.is_keyword("do") || k.is_keyword("catch") ||
          k.is_keyword("catch_all") || k.is_keyword("delegate")) {
        return Ok();
      }
      KILN_TRY(parse_folded_instr(out));
    } else {
      return Ok();
    }
  }
}

// Instructions that open a block with a label and a block type.
static bool is_block_op(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::Try ||
         op == Opcode::TryTable;
}

std::optional<Opcode> ModuleParser::lookup_enabled(std::string_view name) const {
  auto op = lookup_opcode(name);
  if (op && !opcode_enabled(*op, features_)) return std::nullopt;
  return op;
}

Status ModuleParser::parse_plain_instr(std::vector<uint8_t>& out) {
  const Token& t = peek();
  auto op = lookup_enabled(t.text());
  if (!op) return unexpected();
  next();
  if (is_block_op(*op)) return parse_block(*op, out, false);
  return parse_immediates(*op, out);
}

Status ModuleParser::parse_folded_instr(std::vector<uint8_t>& out) {
  KILN_TRY(expect(Tok::LParen));
  const Token& t = peek();
  auto op = t.is(Tok::Keyword) ? lookup_enabled(t.text()) : std::nullopt;
  if (!op) return unexpected();
  next();
  if (is_block_op(*op)) return parse_block(*op, out, true);
  NestingGuard guard(depth_);
  if (depth_ > kMaxNesting || stack_exhausted()) return error_at(t, "nesting too deep");
  // Operands come first in the binary form: the instruction waits on the pending stack.
  size_t mark = pending_.size();
  KILN_TRY(parse_immediates(*op, pending_));
  while (peek().is(Tok::LParen)) KILN_TRY(parse_folded_instr(out));
  KILN_TRY(expect(Tok::RParen));
  out.insert(out.end(), pending_.begin() + static_cast<ptrdiff_t>(mark), pending_.end());
  pending_.resize(mark);
  return Ok();
}

Status ModuleParser::parse_label_opt(std::string_view& label) {
  label = {};
  if (peek().is(Tok::Id)) label = next().text();
  return Ok();
}

Status ModuleParser::check_end_label(std::string_view label) {
  if (!peek().is(Tok::Id)) return Ok();
  const Token& id = next();
  if (label.empty() || id.text() != label) return error_at(id, "mismatching label");
  return Ok();
}

Status ModuleParser::parse_block_type(std::vector<uint8_t>& out) {
  if (at_lparen("type")) {
    KILN_ASSIGN(uint32_t idx, parse_type_use(nullptr, nullptr));
    // A type [] -> [t?] takes the short encoding, as wat2wasm writes it.
    if (idx < m_.types.size() && m_.types[idx].kind == CompositeKind::Func) {
      const FuncType& ft = m_.types[idx].func;
      if (ft.params.empty() && ft.results.size() <= 1) {
        if (ft.results.empty()) {
          out.push_back(0x40);
        } else {
          emit_val_type(out, ft.results[0]);
        }
        return Ok();
      }
    }
    emit_s64(out, idx);
    return Ok();
  }
  FuncType ft;
  KILN_TRY(parse_params(ft.params, nullptr));
  KILN_TRY(parse_results(ft.results));
  if (at_lparen("param") || at_lparen("type")) return unexpected();
  if (ft.params.empty() && ft.results.size() <= 1) {
    if (ft.results.empty()) {
      out.push_back(0x40);
    } else {
      emit_val_type(out, ft.results[0]);
    }
    return Ok();
  }
  emit_s64(out, find_or_add_type(ft));
  return Ok();
}

// A block, loop or if after its keyword (plain) or its `(keyword` (folded).
Status ModuleParser::parse_block(Opcode op, std::vector<uint8_t>& out, bool folded) {
  NestingGuard guard(depth_);
  if (depth_ > kMaxNesting || stack_exhausted()) return error_at(peek(), "nesting too deep");
  // (if label bt cond* (then ...) (else ...)?): the condition is evaluated first, so the
  // head waits on the pending stack.
  bool head_waits = folded && op == Opcode::If;
  std::vector<uint8_t>& head = head_waits ? pending_ : out;
  size_t mark = pending_.size();
  emit_opcode(head, op);
  std::string_view label;
  KILN_TRY(parse_label_opt(label));
  KILN_TRY(parse_block_type(head));
  if (op == Opcode::TryTable) KILN_TRY(parse_catch_clauses(head));
  if (head_waits) {
    while (peek().is(Tok::LParen) && !at_lparen("then")) KILN_TRY(parse_folded_instr(out));
    if (!at_lparen("then")) return unexpected();
    out.insert(out.end(), pending_.begin() + static_cast<ptrdiff_t>(mark), pending_.end());
    pending_.resize(mark);
  }
  if (scope_.func) {
    uint32_t n = scope_.blocks++;
    if (!label.empty()) m_.names.labels[*scope_.func].names.emplace(n, std::string(label));
  }
  scope_.labels.push_back(label);
  if (folded) {
    if (op == Opcode::If) {
      next();
      next();
      KILN_TRY(parse_instrs(out));
      KILN_TRY(expect(Tok::RParen));
      if (at_lparen("else")) {
        next();
        next();
        out.push_back(0x05);
        size_t else_end = out.size();
        KILN_TRY(parse_instrs(out));
        if (out.size() == else_end) out.pop_back();  // an empty else is not encoded
        KILN_TRY(expect(Tok::RParen));
      }
    } else if (op == Opcode::Try) {
      // (try (do instr*) (catch x instr*)* (catch_all instr*)?) or (try (do instr*) (delegate l))
      if (!at_lparen("do")) return unexpected();
      next();
      next();
      KILN_TRY(parse_instrs(out));
      KILN_TRY(expect(Tok::RParen));
      if (at_lparen("delegate")) {
        next();
        next();
        KILN_TRY(finish_delegate(out));
        KILN_TRY(expect(Tok::RParen));
        return expect(Tok::RParen);
      }
      while (at_lparen("catch") || at_lparen("catch_all")) {
        next();
        bool all = next().is_keyword("catch_all");
        KILN_TRY(parse_legacy_catch(all, out));
        KILN_TRY(expect(Tok::RParen));
        if (all) break;  // catch_all is the last clause
      }
    } else {
      KILN_TRY(parse_instrs(out));
    }
    KILN_TRY(expect(Tok::RParen));
  } else {
    KILN_TRY(parse_instrs(out));
    if (op == Opcode::If && peek().is_keyword("else")) {
      next();
      KILN_TRY(check_end_label(label));
      out.push_back(0x05);
      size_t else_end = out.size();
      KILN_TRY(parse_instrs(out));
      if (out.size() == else_end) out.pop_back();  // as the reference encoder and wat2wasm
    }
    if (op == Opcode::Try) {
      if (peek().is_keyword("delegate")) {
        next();
        return finish_delegate(out);
      }
      while (peek().is_keyword("catch") || peek().is_keyword("catch_all")) {
        bool all = next().is_keyword("catch_all");
        KILN_TRY(parse_legacy_catch(all, out));
        if (all) break;  // catch_all is the last clause
      }
    }
    KILN_TRY(expect_keyword("end"));
    KILN_TRY(check_end_label(label));
  }
  out.push_back(0x0B);
  scope_.labels.pop_back();
  return Ok();
}

// `delegate l` closing a legacy try: the label counts from outside the try.
Status ModuleParser::finish_delegate(std::vector<uint8_t>& out) {
  scope_.labels.pop_back();
  KILN_ASSIGN(uint32_t l, label_index());
  emit_opcode(out, Opcode::Delegate);
  emit_u32(out, l);
  return Ok();
}

// A legacy `catch x instr*` or `catch_all instr*` after its keyword.
Status ModuleParser::parse_legacy_catch(bool all, std::vector<uint8_t>& out) {
  emit_opcode(out, all ? Opcode::CatchAll : Opcode::Catch);
  if (!all) {
    KILN_ASSIGN(uint32_t tag, index(Space::Tag));
    emit_u32(out, tag);
  }
  return parse_instrs(out);
}

// The catch clauses of try_table: `(catch x l)`, `(catch_ref x l)`, `(catch_all l)`,
// `(catch_all_ref l)`; labels are resolved outside the try_table.
Status ModuleParser::parse_catch_clauses(std::vector<uint8_t>& out) {
  std::vector<uint8_t> clauses;
  uint32_t n = 0;
  static const char* const kKinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
  while (peek().is(Tok::LParen)) {
    int kind = -1;
    for (int k = 0; k < 4; ++k) {
      if (peek(1).is_keyword(kKinds[k])) kind = k;
    }
    if (kind < 0) break;
    next();
    next();
    clauses.push_back(static_cast<uint8_t>(kind));
    if (kind < 2) {
      KILN_ASSIGN(uint32_t tag, index(Space::Tag));
      emit_u32(clauses, tag);
    }
    KILN_ASSIGN(uint32_t l, label_index());
    emit_u32(clauses, l);
    KILN_TRY(expect(Tok::RParen));
    ++n;
  }
  emit_u32(out, n);
  out.insert(out.end(), clauses.begin(), clauses.end());
  return Ok();
}

Result<uint32_t> ModuleParser::label_index() {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (t.is(Tok::Id)) {
    for (size_t i = scope_.labels.size(); i-- > 0;) {
      if (scope_.labels[i] == t.text()) {
        next();
        return static_cast<uint32_t>(scope_.labels.size() - 1 - i);
      }
    }
    return unknown_id(t, "unknown label $" + std::string(t.text()));
  }
  return unexpected();
}

Result<uint32_t> ModuleParser::local_index() {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (t.is(Tok::Id)) {
    auto idx = scope_.locals.find(t.text());
    if (!idx) return unknown_id(t, "unknown local $" + std::string(t.text()));
    next();
    return *idx;
  }
  return unexpected();
}

Status ModuleParser::parse_memarg(Opcode op, std::vector<uint8_t>& out, bool may_have_memory) {
  uint32_t mem = 0;
  if (may_have_memory && at_index()) {
    KILN_ASSIGN(mem, index(Space::Memory));
  }
  uint64_t offset = 0;
  uint32_t align = natural_alignment(op);
  if (peek().is(Tok::Keyword) && peek().text().substr(0, 7) == "offset=") {
    const Token& t = next();
    auto v = parse_unsigned(t.text().substr(7));
    if (!v.ok()) return error_at(t, v.error().message);
    offset = *v;
  }
  if (peek().is(Tok::Keyword) && peek().text().substr(0, 6) == "align=") {
    const Token& t = next();
    auto v = parse_unsigned(t.text().substr(6));
    if (!v.ok()) return error_at(t, v.error().message);
    if (*v == 0 || (*v & (*v - 1)) != 0) return error_at(t, "alignment must be a power of two");
    align = 0;
    while ((uint64_t(1) << align) < *v) ++align;
  }
  emit_u32(out, mem != 0 ? (align | 0x40) : align);
  if (mem != 0) emit_u32(out, mem);
  emit_u64(out, offset);
  return Ok();
}

Result<uint8_t> ModuleParser::lane_index() {
  const Token& t = peek();
  if (!t.is(Tok::Nat)) return unexpected();
  auto v = parse_unsigned(t.text());
  if (!v.ok() || *v > 255) return error_at(t, "i8 constant out of range");
  next();
  return static_cast<uint8_t>(*v);
}

// A field of a struct type: a number or the $id the type's definition gave it.
Result<uint32_t> ModuleParser::field_index(uint32_t type_index) {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (!t.is(Tok::Id)) return unexpected();
  auto it = m_.names.fields.find(type_index);
  if (it != m_.names.fields.end()) {
    for (const auto& [i, name] : it->second.names) {
      if (name == t.text()) {
        next();
        return i;
      }
    }
  }
  return unknown_id(t, "unknown field $" + std::string(t.text()));
}

// v128.const's shape and lanes (https://webassembly.github.io/spec/core/text/instructions.html#vector-instructions),
// encoded as 16 little-endian bytes.
Status ModuleParser::parse_v128_const(std::vector<uint8_t>& out) {
  const Token& shape = peek();
  struct Shape {
    std::string_view name;
    int lanes, bits;
    bool is_float;
  };
  static constexpr Shape kShapes[] = {{"i8x16", 16, 8, false},  {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
                                      {"i64x2", 2, 64, false},  {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  const Shape* sh = nullptr;
  for (const Shape& c : kShapes) {
    if (shape.is_keyword(c.name)) sh = &c;
  }
  if (!sh) return error_at(shape, "unexpected token");
  next();
  size_t n = 0;
  while (peek(n).is_number()) ++n;
  // Too few numbers is "wrong number of lane literals" unless a malformed literal stands in
  // the way ("nan:1": "unknown operator").
  bool bad_literal = n < static_cast<size_t>(sh->lanes) && peek(n).is(Tok::Keyword);
  if (n != static_cast<size_t>(sh->lanes) && !bad_literal) {
    return error_at(peek(), "wrong number of lane literals");
  }
  for (int i = 0; i < sh->lanes; ++i) {
    const Token& t = peek();
    if (t.is(Tok::Keyword)) return error_at(t, "unknown operator");
    uint64_t bits = 0;
    if (sh->is_float) {
      if (!t.is_number()) return unexpected();
      if (sh->bits == 32) {
        auto v = parse_f32_bits(t.text());
        if (!v.ok()) return error_at(t, v.error().message);
        bits = *v;
      } else {
        auto v = parse_f64_bits(t.text());
        if (!v.ok()) return error_at(t, v.error().message);
        bits = *v;
      }
    } else {
      if (!t.is(Tok::Nat) && !t.is(Tok::Int)) return unexpected();
      auto v = parse_int_bits(t.text(), sh->bits);
      if (!v.ok()) return error_at(t, v.error().message);
      bits = *v;
    }
    next();
    for (int b = 0; b < sh->bits / 8; ++b) out.push_back(static_cast<uint8_t>(bits >> (8 * b)));
  }
  return Ok();
}

Status ModuleParser::parse_immediates(Opcode op, std::vector<uint8_t>& out) {
  ImmKind imm = info(op).imm;
  if (op == Opcode::Select && at_lparen("result")) {
    std::vector<ValType> types;
    KILN_TRY(parse_results(types));
    emit_opcode(out, Opcode::SelectT);
    emit_u32(out, static_cast<uint32_t>(types.size()));
    for (const auto& t : types) emit_val_type(out, t);
    return Ok();
  }
  if (imm == ImmKind::CastType) {
    // ref.test / ref.cast / ref.cast_desc_eq: a nullable target type selects the `null` opcode.
    KILN_ASSIGN(ValType t, parse_ref_type());
    if (t.nullable) op = with_nullable_target(op);
    emit_opcode(out, op);
    emit_heap_type(out, t.heap);
    return Ok();
  }
  emit_opcode(out, op);
  switch (imm) {
    case ImmKind::None:
    case ImmKind::SelectT:
    case ImmKind::BlockType:
    case ImmKind::CastType:
    case ImmKind::TryTable:  // parse_block
      return Ok();
    case ImmKind::ZeroByte:
      out.push_back(0x00);
      return Ok();
    case ImmKind::V128:
      return parse_v128_const(out);
    case ImmKind::Shuffle: {
      size_t n = 0;
      while (peek(n).is_number()) ++n;
      if (n != 16) return error_at(peek(), "invalid lane length");
      for (int i = 0; i < 16; ++i) {
        const Token& t = peek();
        if (!t.is(Tok::Nat)) return error_at(t, "i8 constant out of range");
        KILN_ASSIGN(uint8_t l, lane_index());
        out.push_back(l);
      }
      return Ok();
    }
    case ImmKind::Lane: {
      KILN_ASSIGN(uint8_t l, lane_index());
      out.push_back(l);
      return Ok();
    }
    case ImmKind::MemArgLane: {
      // memidx? memarg laneidx: a lone number is the lane.
      bool has_mem = at_index() && (peek(1).is(Tok::Nat) || peek(1).is(Tok::Id) ||
                                    (peek(1).is(Tok::Keyword) && (peek(1).text().substr(0, 7) == "offset=" ||
                                                                  peek(1).text().substr(0, 6) == "align=")));
      KILN_TRY(parse_memarg(op, out, has_mem));
      KILN_ASSIGN(uint8_t l, lane_index());
      out.push_back(l);
      return Ok();
    }
    case ImmKind::Type: {
      KILN_ASSIGN(uint32_t t, index(Space::Type));
      emit_u32(out, t);
      return Ok();
    }
    case ImmKind::Tag: {
      KILN_ASSIGN(uint32_t t, index(Space::Tag));
      emit_u32(out, t);
      return Ok();
    }
    case ImmKind::TypeField: {
      KILN_ASSIGN(uint32_t t, index(Space::Type));
      KILN_ASSIGN(uint32_t f, field_index(t));
      emit_u32(out, t);
      emit_u32(out, f);
      return Ok();
    }
    case ImmKind::TypeCount: {
      KILN_ASSIGN(uint32_t t, index(Space::Type));
      KILN_ASSIGN(uint32_t n, take_u32());
      emit_u32(out, t);
      emit_u32(out, n);
      return Ok();
    }
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType: {
      KILN_ASSIGN(uint32_t t, index(Space::Type));
      Space second = imm == ImmKind::TypeData ? Space::Data : imm == ImmKind::TypeElem ? Space::Elem : Space::Type;
      KILN_ASSIGN(uint32_t x, index(second));
      emit_u32(out, t);
      emit_u32(out, x);
      if (imm == ImmKind::TypeData) uses_data_count_ = true;
      return Ok();
    }
    case ImmKind::BrOnCast: {
      KILN_ASSIGN(uint32_t l, label_index());
      KILN_ASSIGN(ValType from, parse_ref_type());
      KILN_ASSIGN(ValType to, parse_ref_type());
      out.push_back(static_cast<uint8_t>((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0)));
      emit_u32(out, l);
      emit_heap_type(out, from.heap);
      emit_heap_type(out, to.heap);
      return Ok();
    }
    case ImmKind::Label: {
      KILN_ASSIGN(uint32_t l, label_index());
      emit_u32(out, l);
      return Ok();
    }
    case ImmKind::BrTable: {
      std::vector<uint32_t> labels;
      while (at_index()) {
        KILN_ASSIGN(uint32_t l, label_index());
        labels.push_back(l);
      }
      if (labels.empty()) return unexpected();
      emit_u32(out, static_cast<uint32_t>(labels.size() - 1));
      for (uint32_t l : labels) emit_u32(out, l);
      return Ok();
    }
    case ImmKind::Func: {
      KILN_ASSIGN(uint32_t f, index(Space::Func));
      emit_u32(out, f);
      return Ok();
    }
    case ImmKind::CallIndirect: {
      uint32_t table = 0;
      if (at_index()) {
        KILN_ASSIGN(table, index(Space::Table));
      }
      KILN_ASSIGN(uint32_t type, parse_type_use(nullptr, nullptr));
      emit_u32(out, type);
      emit_u32(out, table);
      return Ok();
    }
    case ImmKind::Local: {
      KILN_ASSIGN(uint32_t l, local_index());
      emit_u32(out, l);
      return Ok();
    }
    case ImmKind::Global: {
      KILN_ASSIGN(uint32_t g, index(Space::Global));
      emit_u32(out, g);
      return Ok();
    }
    case ImmKind::Table: {
      uint32_t t = 0;
      if (at_index()) {
        KILN_ASSIGN(t, index(Space::Table));
      }
      emit_u32(out, t);
      return Ok();
    }
    case ImmKind::Memory: {
      uint32_t m = 0;
      if (at_index()) {
        KILN_ASSIGN(m, index(Space::Memory));
      }
      emit_u32(out, m);
      return Ok();
    }
    case ImmKind::MemArg:
      return parse_memarg(op, out);
    case ImmKind::I32:
    case ImmKind::I64: {
      const Token& t = peek();
      if (!t.is(Tok::Nat) && !t.is(Tok::Int)) return unexpected();
      int bits = imm == ImmKind::I32 ? 32 : 64;
      auto v = parse_int_bits(t.text(), bits);
      if (!v.ok()) return error_at(t, v.error().message);
      next();
      int64_t s = bits == 32 ? static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(*v)))
                             : static_cast<int64_t>(*v);
      emit_s64(out, s);
      return Ok();
    }
    case ImmKind::F32: {
      const Token& t = peek();
      if (!t.is_number()) return unexpected();
      auto v = parse_f32_bits(t.text());
      if (!v.ok()) return error_at(t, v.error().message);
      next();
      uint8_t b[4];
      std::memcpy(b, &*v, 4);
      out.insert(out.end(), b, b + 4);
      return Ok();
    }
    case ImmKind::F64: {
      const Token& t = peek();
      if (!t.is_number()) return unexpected();
      auto v = parse_f64_bits(t.text());
      if (!v.ok()) return error_at(t, v.error().message);
      next();
      uint8_t b[8];
      std::memcpy(b, &*v, 8);
      out.insert(out.end(), b, b + 8);
      return Ok();
    }
    case ImmKind::HeapType: {
      KILN_ASSIGN(HeapType h, parse_heap_type());
      emit_heap_type(out, h);
      return Ok();
    }
    case ImmKind::TableCopy: {
      uint32_t dst = 0, src = 0;
      if (at_index()) {
        KILN_ASSIGN(dst, index(Space::Table));
        KILN_ASSIGN(src, index(Space::Table));
      }
      emit_u32(out, dst);
      emit_u32(out, src);
      return Ok();
    }
    case ImmKind::MemoryCopy: {
      uint32_t dst = 0, src = 0;
      if (at_index()) {
        KILN_ASSIGN(dst, index(Space::Memory));
        KILN_ASSIGN(src, index(Space::Memory));
      }
      emit_u32(out, dst);
      emit_u32(out, src);
      return Ok();
    }
    case ImmKind::TableInit:
    case ImmKind::MemoryInit: {
      bool is_table = imm == ImmKind::TableInit;
      Space target = is_table ? Space::Table : Space::Memory;
      Space seg = is_table ? Space::Elem : Space::Data;
      uint32_t t = 0, s = 0;
      bool two = at_index() && (peek(1).is(Tok::Nat) || peek(1).is(Tok::Id));
      if (two) {
        KILN_ASSIGN(t, index(target));
      }
      KILN_ASSIGN(s, index(seg));
      emit_u32(out, s);
      emit_u32(out, t);
      if (!is_table) uses_data_count_ = true;
      return Ok();
    }
    case ImmKind::Data: {
      KILN_ASSIGN(uint32_t d, index(Space::Data));
      emit_u32(out, d);
      uses_data_count_ = true;
      return Ok();
    }
    case ImmKind::Elem: {
      KILN_ASSIGN(uint32_t e, index(Space::Elem));
      emit_u32(out, e);
      return Ok();
    }
  }
  return Ok();
}

}  // namespace kiln::core::text
