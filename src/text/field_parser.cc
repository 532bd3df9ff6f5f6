// Module fields of the text format (https://webassembly.github.io/spec/core/text/modules.html),
// with their abbreviations: inline imports and exports, `(table reftype (elem ...))`,
// `(memory (data ...))`, 1.0 segment forms.
#include "text/module_parser.h"

#include "text/opcode_lookup.h"

namespace kiln::core::text {

namespace {

// `i32.const 0` (or i64) followed by `end`: the offset of the inline segments.
Expr zero_offset(bool is64) {
  Expr e;
  e.code = {static_cast<uint8_t>(is64 ? 0x42 : 0x41), 0x00, 0x0B};
  return e;
}

Expr ref_func_expr(uint32_t idx) {
  Expr e;
  e.code.push_back(0xD2);
  emit_u32(e.code, idx);
  e.code.push_back(0x0B);
  return e;
}

}  // namespace

// ---- imports and exports

Status ModuleParser::parse_inline_exports(ExternKind kind, uint32_t idx) {
  while (at_lparen("export")) {
    next();
    next();
    KILN_ASSIGN(std::string name, take_name());
    KILN_TRY(expect(Tok::RParen));
    m_.exports.push_back({std::move(name), kind, idx});
  }
  return Ok();
}

Result<bool> ModuleParser::parse_inline_import(Import& imp) {
  if (!at_lparen("import")) return false;
  next();
  next();
  KILN_ASSIGN(imp.module, take_name());
  KILN_ASSIGN(imp.name, take_name());
  KILN_TRY(expect(Tok::RParen));
  return true;
}

Status ModuleParser::parse_import() {
  next();
  next();
  Import imp;
  KILN_ASSIGN(imp.module, take_name());
  KILN_ASSIGN(imp.name, take_name());
  KILN_TRY(expect(Tok::LParen));
  auto kind = extern_kind(peek());
  if (!kind) return unexpected();
  next();
  take_id();
  imp.kind = *kind;
  switch (*kind) {
    case ExternKind::Func: {
      std::vector<std::string_view> names;  // parameter names are allowed, and unused
      KILN_ASSIGN(imp.func_type, parse_exact_type_use(&names, nullptr, imp.exact));
      break;
    }
    case ExternKind::Table: {
      KILN_ASSIGN(imp.table, parse_table_type());
      break;
    }
    case ExternKind::Memory: {
      KILN_ASSIGN(imp.memory, parse_memory_type());
      break;
    }
    case ExternKind::Global: {
      KILN_ASSIGN(imp.global, parse_global_type());
      break;
    }
    case ExternKind::Tag: {
      std::vector<std::string_view> names;
      KILN_ASSIGN(imp.tag.type_index, parse_type_use(&names, nullptr));
      break;
    }
  }
  KILN_TRY(expect(Tok::RParen));
  KILN_TRY(expect(Tok::RParen));
  switch (*kind) {
    case ExternKind::Func: ++m_.num_imported_funcs; break;
    case ExternKind::Table: ++m_.num_imported_tables; break;
    case ExternKind::Memory: ++m_.num_imported_memories; break;
    case ExternKind::Global: ++m_.num_imported_globals; break;
    case ExternKind::Tag: ++m_.num_imported_tags; break;
  }
  m_.imports.push_back(std::move(imp));
  return Ok();
}

Status ModuleParser::parse_export() {
  next();
  next();
  Export e;
  KILN_ASSIGN(e.name, take_name());
  KILN_TRY(expect(Tok::LParen));
  auto kind = extern_kind(peek());
  if (!kind) return unexpected();
  next();
  e.kind = *kind;
  KILN_ASSIGN(e.index, index(space_of(*kind)));
  KILN_TRY(expect(Tok::RParen));
  KILN_TRY(expect(Tok::RParen));
  m_.exports.push_back(std::move(e));
  return Ok();
}

Status ModuleParser::parse_start() {
  const Token& at = peek();
  next();
  next();
  KILN_ASSIGN(uint32_t f, index(Space::Func));
  KILN_TRY(expect(Tok::RParen));
  if (m_.start) return error_at(at, "multiple start sections");
  m_.start = f;
  return Ok();
}

// ---- definitions

Status ModuleParser::parse_func() {
  next();
  next();
  take_id();
  uint32_t idx = m_.num_imported_funcs + static_cast<uint32_t>(m_.funcs.size());
  KILN_TRY(parse_inline_exports(ExternKind::Func, idx));
  Import imp;
  KILN_ASSIGN(bool is_import, parse_inline_import(imp));
  std::vector<std::string_view> names;
  uint32_t num_params = 0;
  bool exact = false;
  KILN_ASSIGN(uint32_t type, is_import ? parse_exact_type_use(&names, &num_params, exact)
                                       : parse_type_use(&names, &num_params));
  if (is_import) {
    imp.kind = ExternKind::Func;
    imp.exact = exact;
    imp.func_type = type;
    m_.imports.push_back(std::move(imp));
    ++m_.num_imported_funcs;
    return expect(Tok::RParen);
  }
  scope_.reset(idx);
  for (uint32_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) continue;
    if (!scope_.locals.add(names[i], i)) {
      return error_at(peek(), "duplicate local $" + std::string(names[i]));
    }
    m_.names.locals[idx].names.emplace(i, std::string(names[i]));
  }
  Function fn;
  fn.type = type;
  uint32_t local = num_params;
  auto add_local = [&](ValType t) {
    if (!fn.locals.empty() && fn.locals.back().type == t) {
      ++fn.locals.back().count;
    } else {
      fn.locals.push_back({1, t});
    }
    ++fn.num_locals;
    ++local;
  };
  while (at_lparen("local")) {
    next();
    next();
    if (peek().is(Tok::Id)) {
      const Token& id = next();
      if (!scope_.locals.add(id.text(), local)) {
        return error_at(id, "duplicate local $" + std::string(id.text()));
      }
      m_.names.locals[idx].names.emplace(local, std::string(id.text()));
      KILN_ASSIGN(ValType t, parse_val_type());
      add_local(t);
    } else {
      while (!peek().is(Tok::RParen)) {
        KILN_ASSIGN(ValType t, parse_val_type());
        add_local(t);
      }
    }
    KILN_TRY(expect(Tok::RParen));
  }
  KILN_TRY(parse_instrs(fn.body.code));
  KILN_TRY(expect(Tok::RParen));
  fn.body.code.push_back(0x0B);
  m_.funcs.push_back(std::move(fn));
  scope_.reset(std::nullopt);
  return Ok();
}

Result<Limits> ModuleParser::parse_limits(bool allow_shared) {
  Limits l;
  if (peek().is_keyword("i64")) {
    next();
    l.is64 = true;
  } else if (peek().is_keyword("i32")) {
    next();
  }
  KILN_ASSIGN(l.min, take_u64());
  if (peek().is(Tok::Nat)) {
    KILN_ASSIGN(uint64_t max, take_u64());
    l.max = max;
  }
  if (allow_shared && peek().is_keyword("shared")) {
    next();
    l.shared = true;
  } else if (allow_shared && peek().is_keyword("unshared")) {
    next();
  }
  return l;
}

Result<TableType> ModuleParser::parse_table_type() {
  TableType t;
  KILN_ASSIGN(t.limits, parse_limits(false));
  KILN_ASSIGN(t.elem, parse_ref_type());
  return t;
}

Result<MemoryType> ModuleParser::parse_memory_type() {
  MemoryType t;
  KILN_ASSIGN(t.limits, parse_limits(true));
  if (at_lparen("pagesize")) {
    next();
    next();
    const Token& at = peek();
    KILN_ASSIGN(uint64_t size, take_u64());
    if (size == 0 || (size & (size - 1)) != 0) return error_at(at, "invalid custom page size");
    uint32_t log2 = 0;
    while ((uint64_t(1) << log2) < size) ++log2;
    t.page_size_log2 = log2;
    KILN_TRY(expect(Tok::RParen));
  }
  return t;
}

Result<GlobalType> ModuleParser::parse_global_type() {
  GlobalType g;
  if (at_lparen("mut")) {
    next();
    next();
    KILN_ASSIGN(g.type, parse_val_type());
    KILN_TRY(expect(Tok::RParen));
    g.mut = true;
    return g;
  }
  KILN_ASSIGN(g.type, parse_val_type());
  return g;
}

Status ModuleParser::parse_table() {
  next();
  next();
  take_id();
  uint32_t idx = m_.num_imported_tables + static_cast<uint32_t>(m_.tables.size());
  KILN_TRY(parse_inline_exports(ExternKind::Table, idx));
  Import imp;
  KILN_ASSIGN(bool is_import, parse_inline_import(imp));
  if (is_import) {
    imp.kind = ExternKind::Table;
    KILN_ASSIGN(imp.table, parse_table_type());
    m_.imports.push_back(std::move(imp));
    ++m_.num_imported_tables;
    return expect(Tok::RParen);
  }
  m_.tables.emplace_back();
  Table& table = m_.tables.back();
  size_t save = pos_;
  bool is64 = false;
  if (peek().is_keyword("i64") || peek().is_keyword("i32")) is64 = next().text() == "i64";
  if (at_ref_type()) {
    // (table reftype (elem ...)): a table exactly as large as its inline segment.
    KILN_ASSIGN(table.type.elem, parse_ref_type());
    if (!at_lparen("elem")) return unexpected();
    next();
    next();
    ElemSegment seg;
    seg.mode = SegmentMode::Active;
    seg.table = idx;
    seg.offset = zero_offset(is64);
    seg.type = table.type.elem;
    if (peek().is(Tok::LParen)) {
      while (peek().is(Tok::LParen)) {
        KILN_ASSIGN(Expr item, parse_elem_item());
        seg.items.push_back(std::move(item));
      }
    } else {
      // Function indices: the compact encoding when the table holds funcref, else
      // `ref.func` items of the table's type.
      seg.func_indices = seg.type == ValType::funcref();
      while (at_index()) {
        KILN_ASSIGN(uint32_t f, index(Space::Func));
        seg.items.push_back(ref_func_expr(f));
      }
    }
    KILN_TRY(expect(Tok::RParen));
    table.type.limits.is64 = is64;
    table.type.limits.min = seg.items.size();
    table.type.limits.max = seg.items.size();
    m_.elems.push_back(std::move(seg));
    return expect(Tok::RParen);
  }
  pos_ = save;
  KILN_ASSIGN(table.type, parse_table_type());
  if (!peek().is(Tok::RParen)) {
    // 3.0: an initialiser expression for every element.
    KILN_ASSIGN(Expr init, parse_expr_until_rparen());
    table.init = std::move(init);
    return Ok();
  }
  return expect(Tok::RParen);
}

Status ModuleParser::parse_memory() {
  next();
  next();
  take_id();
  uint32_t idx = m_.num_imported_memories + static_cast<uint32_t>(m_.memories.size());
  KILN_TRY(parse_inline_exports(ExternKind::Memory, idx));
  Import imp;
  KILN_ASSIGN(bool is_import, parse_inline_import(imp));
  if (is_import) {
    imp.kind = ExternKind::Memory;
    KILN_ASSIGN(imp.memory, parse_memory_type());
    m_.imports.push_back(std::move(imp));
    ++m_.num_imported_memories;
    return expect(Tok::RParen);
  }
  bool is64 = false;
  if ((peek().is_keyword("i64") || peek().is_keyword("i32")) &&
      (at_lparen_at(1, "data") || at_lparen_at(1, "pagesize"))) {
    is64 = next().text() == "i64";
  }
  // (memory (pagesize N) (data ...)): custom-page-sizes
  uint32_t page_log2 = 16;
  if (at_lparen("pagesize") && at_lparen_at(4, "data")) {
    next();
    next();
    const Token& at = peek();
    KILN_ASSIGN(uint64_t size, take_u64());
    if (size == 0 || (size & (size - 1)) != 0) return error_at(at, "invalid custom page size");
    page_log2 = 0;
    while ((uint64_t(1) << page_log2) < size) ++page_log2;
    KILN_TRY(expect(Tok::RParen));
  }
  if (at_lparen("data")) {
    // (memory (data ...)): a memory exactly as large as its inline data.
    next();
    next();
    DataSegment seg;
    seg.mode = SegmentMode::Active;
    seg.memory = idx;
    seg.offset = zero_offset(is64);
    while (peek().is(Tok::String)) append_decoded_bytes(seg.bytes, next());
    KILN_TRY(expect(Tok::RParen));
    MemoryType mt;
    mt.limits.is64 = is64;
    mt.page_size_log2 = page_log2;
    uint64_t page = uint64_t(1) << page_log2;
    mt.limits.min = (seg.bytes.size() + page - 1) / page;
    mt.limits.max = mt.limits.min;
    m_.memories.push_back(mt);
    m_.datas.push_back(std::move(seg));
    return expect(Tok::RParen);
  }
  KILN_ASSIGN(MemoryType mt, parse_memory_type());
  m_.memories.push_back(mt);
  return expect(Tok::RParen);
}

Status ModuleParser::parse_global() {
  next();
  next();
  take_id();
  uint32_t idx = m_.num_imported_globals + static_cast<uint32_t>(m_.globals.size());
  KILN_TRY(parse_inline_exports(ExternKind::Global, idx));
  Import imp;
  KILN_ASSIGN(bool is_import, parse_inline_import(imp));
  if (is_import) {
    imp.kind = ExternKind::Global;
    KILN_ASSIGN(imp.global, parse_global_type());
    m_.imports.push_back(std::move(imp));
    ++m_.num_imported_globals;
    return expect(Tok::RParen);
  }
  Global g;
  KILN_ASSIGN(g.type, parse_global_type());
  KILN_ASSIGN(g.init, parse_expr_until_rparen());
  m_.globals.push_back(std::move(g));
  return Ok();
}

Status ModuleParser::parse_tag() {
  next();
  next();
  take_id();
  uint32_t idx = m_.num_imported_tags + static_cast<uint32_t>(m_.tags.size());
  KILN_TRY(parse_inline_exports(ExternKind::Tag, idx));
  Import imp;
  KILN_ASSIGN(bool is_import, parse_inline_import(imp));
  std::vector<std::string_view> names;
  KILN_ASSIGN(uint32_t type, parse_type_use(&names, nullptr));
  if (is_import) {
    imp.kind = ExternKind::Tag;
    imp.tag.type_index = type;
    m_.imports.push_back(std::move(imp));
    ++m_.num_imported_tags;
  } else {
    m_.tags.push_back({type});
  }
  return expect(Tok::RParen);
}

// ---- segments

Result<Expr> ModuleParser::parse_elem_item() {
  if (at_lparen("item")) {
    next();
    next();
    return parse_expr_until_rparen();
  }
  Expr e;
  KILN_TRY(parse_folded_instr(e.code));
  e.code.push_back(0x0B);
  return e;
}

Result<Expr> ModuleParser::parse_offset() {
  if (at_lparen("offset")) {
    next();
    next();
    return parse_expr_until_rparen();
  }
  Expr e;
  KILN_TRY(parse_folded_instr(e.code));
  e.code.push_back(0x0B);
  return e;
}

Status ModuleParser::parse_elem_list(ElemSegment& seg, bool allow_bare_indices) {
  if (peek().is_keyword("func") || (allow_bare_indices && (at_index() || peek().is(Tok::RParen)))) {
    if (peek().is_keyword("func")) next();
    seg.type = ValType::funcref();
    seg.func_indices = true;
    while (at_index()) {
      KILN_ASSIGN(uint32_t f, index(Space::Func));
      seg.items.push_back(ref_func_expr(f));
    }
    return Ok();
  }
  KILN_ASSIGN(seg.type, parse_ref_type());
  while (peek().is(Tok::LParen)) {
    KILN_ASSIGN(Expr item, parse_elem_item());
    seg.items.push_back(std::move(item));
  }
  return Ok();
}

Status ModuleParser::parse_elem() {
  next();
  next();
  take_id();
  ElemSegment seg;
  if (peek().is_keyword("declare")) {
    next();
    seg.mode = SegmentMode::Declarative;
    KILN_TRY(parse_elem_list(seg, false));
  } else {
    bool has_table = false;
    if (at_lparen("table")) {
      next();
      next();
      KILN_ASSIGN(seg.table, index(Space::Table));
      KILN_TRY(expect(Tok::RParen));
      has_table = true;
    } else if (at_index() && peek(1).is(Tok::LParen)) {
      // The 1.0 form: a bare table index before the offset.
      KILN_ASSIGN(seg.table, index(Space::Table));
      has_table = true;
    }
    bool active = at_lparen("offset") ||
                  (peek().is(Tok::LParen) && peek(1).is(Tok::Keyword) && lookup_opcode(peek(1).text()));
    if (active) {
      seg.mode = SegmentMode::Active;
      KILN_ASSIGN(seg.offset, parse_offset());
    } else if (has_table) {
      return unexpected();
    }
    KILN_TRY(parse_elem_list(seg, active));
  }
  KILN_TRY(expect(Tok::RParen));
  m_.elems.push_back(std::move(seg));
  return Ok();
}

Status ModuleParser::parse_data() {
  next();
  next();
  take_id();
  DataSegment seg;
  bool has_memory = false;
  if (at_lparen("memory")) {
    next();
    next();
    KILN_ASSIGN(seg.memory, index(Space::Memory));
    KILN_TRY(expect(Tok::RParen));
    has_memory = true;
  } else if (at_index() && peek(1).is(Tok::LParen)) {
    // The 1.0 form: a bare memory index before the offset.
    KILN_ASSIGN(seg.memory, index(Space::Memory));
    has_memory = true;
  }
  if (at_lparen("offset") || (peek().is(Tok::LParen) && peek(1).is(Tok::Keyword))) {
    seg.mode = SegmentMode::Active;
    KILN_ASSIGN(seg.offset, parse_offset());
  } else if (has_memory) {
    return unexpected();
  }
  while (peek().is(Tok::String)) append_decoded_bytes(seg.bytes, next());
  KILN_TRY(expect(Tok::RParen));
  m_.datas.push_back(std::move(seg));
  return Ok();
}

}  // namespace kiln::core::text
