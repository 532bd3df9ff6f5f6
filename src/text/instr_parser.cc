// Instructions of the text format (https://webassembly.github.io/spec/core/text/instructions.html),
// plain and folded, encoded straight into the binary format. Opcodes and immediate kinds
// come from spec/opcodes.def (looked up through text/opcode_lookup.h).
#include <cstring>

#include "text/module_parser.h"
#include "text/numbers.h"
#include "text/opcode_lookup.h"

namespace kiln::text {

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

// log2 of the natural alignment of a load or store: from the access width in its name
// ("i64.load32_u" -> 4 bytes) or else from its type ("f64.store" -> 8 bytes).
uint32_t natural_align(std::string_view name) {
  size_t dot = name.find('.');
  std::string_view type = name.substr(0, dot);
  std::string_view op = name.substr(dot + 1);
  for (std::string_view word : {"load", "store"}) {
    if (op.substr(0, word.size()) == word && op.size() > word.size() && op[word.size()] >= '0' &&
        op[word.size()] <= '9') {
      std::string_view w = op.substr(word.size());
      if (w.substr(0, 2) == "16") return 1;
      if (w.substr(0, 2) == "32") return 2;
      if (w.substr(0, 2) == "64") return 3;
      return 0;  // 8
    }
  }
  if (type == "i64" || type == "f64") return 3;
  if (type == "v128") return 4;
  return 2;
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
      if (k.is_keyword("then") || k.is_keyword("else")) return Ok();
      KILN_TRY(parse_folded_instr(out));
    } else {
      return Ok();
    }
  }
}

Status ModuleParser::parse_plain_instr(std::vector<uint8_t>& out) {
  const Token& t = peek();
  auto op = lookup_opcode(t.text());
  if (!op) return unexpected();
  next();
  if (*op == Opcode::Block || *op == Opcode::Loop || *op == Opcode::If) return parse_block(*op, out, false);
  return parse_immediates(*op, out);
}

Status ModuleParser::parse_folded_instr(std::vector<uint8_t>& out) {
  KILN_TRY(expect(Tok::LParen));
  const Token& t = peek();
  auto op = t.is(Tok::Keyword) ? lookup_opcode(t.text()) : std::nullopt;
  if (!op) return unexpected();
  next();
  if (*op == Opcode::Block || *op == Opcode::Loop || *op == Opcode::If) return parse_block(*op, out, true);
  NestingGuard guard(depth_);
  if (depth_ > kMaxNesting) return error_at(t, "nesting too deep");
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
  if (depth_ > kMaxNesting) return error_at(peek(), "nesting too deep");
  // (if label bt cond* (then ...) (else ...)?): the condition is evaluated first, so the
  // head waits on the pending stack.
  bool head_waits = folded && op == Opcode::If;
  std::vector<uint8_t>& head = head_waits ? pending_ : out;
  size_t mark = pending_.size();
  emit_opcode(head, op);
  std::string_view label;
  KILN_TRY(parse_label_opt(label));
  KILN_TRY(parse_block_type(head));
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
    KILN_TRY(expect_keyword("end"));
    KILN_TRY(check_end_label(label));
  }
  out.push_back(0x0B);
  scope_.labels.pop_back();
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
    return error_at(t, "unknown label $" + std::string(t.text()));
  }
  return unexpected();
}

Result<uint32_t> ModuleParser::local_index() {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (t.is(Tok::Id)) {
    auto idx = scope_.locals.find(t.text());
    if (!idx) return error_at(t, "unknown local $" + std::string(t.text()));
    next();
    return *idx;
  }
  return unexpected();
}

Status ModuleParser::parse_memarg(Opcode op, std::vector<uint8_t>& out) {
  uint32_t mem = 0;
  if (at_index()) {
    KILN_ASSIGN(mem, index(Space::Memory));
  }
  uint64_t offset = 0;
  uint32_t align = natural_align(info(op).text);
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
  emit_opcode(out, op);
  switch (imm) {
    case ImmKind::None:
    case ImmKind::SelectT:
    case ImmKind::BlockType:
      return Ok();
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

}  // namespace kiln::text
