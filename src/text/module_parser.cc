// Module fields of the text format (https://webassembly.github.io/spec/core/text/modules.html),
// with their abbreviations: inline imports and exports, `(table reftype (elem ...))`,
// `(memory (data ...))`, legacy element segments.
#include "text/module_parser.h"
#include "text/opcode_lookup.h"

#include "base/utf8.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace kiln::text {

const char* space_noun(Space s) {
  switch (s) {
    case Space::Type: return "type";
    case Space::Func: return "function";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Tag: return "tag";
    case Space::Elem: return "elem segment";
    case Space::Data: return "data segment";
    default: return "index";
  }
}

const char* space_dup_noun(Space s) {
  switch (s) {
    case Space::Type: return "type";
    case Space::Func: return "func";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Tag: return "tag";
    case Space::Elem: return "elem";
    case Space::Data: return "data";
    default: return "index";
  }
}

bool is_known_keyword(std::string_view kw) {
  static constexpr std::string_view kWords[] = {
      "module", "type", "func", "param", "result", "local", "global", "table", "memory", "elem",
      "data", "start", "import", "export", "mut", "offset", "item", "declare", "then", "else",
      "end", "rec", "sub", "final", "struct", "array", "field", "ref", "null", "extern", "any",
      "eq", "i31", "exn", "none", "noextern", "nofunc", "noexn", "i8", "i16", "i32", "i64",
      "f32", "f64", "v128", "funcref", "externref", "anyref", "eqref", "i31ref", "structref",
      "arrayref", "nullref", "nullfuncref", "nullexternref", "exnref", "nullexnref", "shared",
      "unshared", "tag", "binary", "quote", "definition", "instance", "register", "invoke", "get",
      "assert_return", "assert_trap", "assert_exhaustion", "assert_exception", "assert_malformed",
      "assert_invalid", "assert_unlinkable", "assert_uninstantiable", "either", "nan:canonical",
      "nan:arithmetic", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "pagesize", "catch",
      "catch_ref", "catch_all", "catch_all_ref", "delegate", "try", "try_table", "input", "output",
      "script", "thread", "wait", "either", "ref.extern", "ref.host", "ref.any", "ref.eq",
      "ref.i31", "ref.struct", "ref.array", "ref.exn", "ref.null", "ref.func", "v128.const",
  };
  if (lookup_opcode(kw)) return true;
  if (kw.substr(0, 7) == "offset=" || kw.substr(0, 6) == "align=") return true;
  for (std::string_view w : kWords) {
    if (w == kw) return true;
  }
  return false;
}

Error ModuleParser::unexpected() const {
  const Token& t = peek();
  if (t.is(Tok::Keyword) && !is_known_keyword(t.text())) {
    return error_at(t, "unknown operator " + std::string(t.text()));
  }
  return error_at(t, "unexpected token");
}

namespace {

Space space_of(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return Space::Func;
    case ExternKind::Table: return Space::Table;
    case ExternKind::Memory: return Space::Memory;
    case ExternKind::Global: return Space::Global;
    case ExternKind::Tag: return Space::Tag;
  }
  return Space::Func;
}

std::optional<ExternKind> extern_kind(const Token& t) {
  if (t.is_keyword("func")) return ExternKind::Func;
  if (t.is_keyword("table")) return ExternKind::Table;
  if (t.is_keyword("memory")) return ExternKind::Memory;
  if (t.is_keyword("global")) return ExternKind::Global;
  if (t.is_keyword("tag")) return ExternKind::Tag;
  return std::nullopt;
}

const char* definition_noun(ExternKind k) {
  return k == ExternKind::Func ? "function" : to_string(k);
}

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

void emit_u32(std::vector<uint8_t>& out, uint32_t v) { emit_u64(out, v); }

void emit_u64(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
}

void emit_s64(std::vector<uint8_t>& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (done) {
      out.push_back(b);
      return;
    }
    out.push_back(b | 0x80);
  }
}

void emit_heap_type(std::vector<uint8_t>& out, const HeapType& h) {
  if (h.is_concrete()) {
    emit_s64(out, h.index);
  } else {
    out.push_back(static_cast<uint8_t>(h.kind));
  }
}

void emit_val_type(std::vector<uint8_t>& out, const ValType& t) {
  switch (t.kind) {
    case ValKind::I32: out.push_back(0x7F); return;
    case ValKind::I64: out.push_back(0x7E); return;
    case ValKind::F32: out.push_back(0x7D); return;
    case ValKind::F64: out.push_back(0x7C); return;
    case ValKind::V128: out.push_back(0x7B); return;
    default: break;
  }
  if (t.nullable && !t.heap.is_concrete()) {
    out.push_back(static_cast<uint8_t>(t.heap.kind));  // the shorthand: funcref = 0x70 ...
    return;
  }
  out.push_back(t.nullable ? 0x63 : 0x64);
  emit_heap_type(out, t.heap);
}

// ---- tokens and identifiers

size_t ModuleParser::find_close(size_t at) const {
  size_t depth = 0;
  for (size_t i = at; i < toks_.size(); ++i) {
    Tok k = toks_[i].kind;
    if (k == Tok::LParen) {
      ++depth;
    } else if (k == Tok::RParen) {
      if (--depth == 0) return i;
    }
  }
  return kNoClose;
}

size_t ModuleParser::skip_sexpr(size_t at) const {
  size_t close = find_close(at);
  return close == kNoClose ? toks_.size() - 1 : close + 1;
}

Result<uint32_t> ModuleParser::take_u32() {
  if (!peek().is(Tok::Nat)) return unexpected();
  const Token& t = next();
  auto v = parse_unsigned(t.text());
  if (!v.ok() || *v > UINT32_MAX) return error_at(t, "constant out of range");
  return static_cast<uint32_t>(*v);
}

Result<uint64_t> ModuleParser::take_u64() {
  if (!peek().is(Tok::Nat)) return unexpected();
  const Token& t = next();
  auto v = parse_unsigned(t.text());
  if (!v.ok()) return error_at(t, "constant out of range");
  return *v;
}

Result<std::string> ModuleParser::take_name() {
  if (!peek().is(Tok::String)) return unexpected();
  const Token& t = next();
  std::string s = decode_string(t);
  if (!is_valid_utf8(s)) return error_at(t, "malformed UTF-8 encoding");
  return s;
}

Status ModuleParser::bind(Space s, const Token* id, uint32_t index) {
  if (!id) return Ok();
  auto& sp = spaces_[static_cast<size_t>(s)];
  if (!sp.ids.emplace(id->text(), index).second) {
    return error_at(*id, std::string("duplicate ") + space_dup_noun(s) + " $" + std::string(id->text()));
  }
  record_name(s, index, id->text());
  return Ok();
}

void ModuleParser::record_name(Space s, uint32_t index, std::string_view name) {
  NameMap* map = nullptr;
  switch (s) {
    case Space::Type: map = &m_.names.types; break;
    case Space::Func: map = &m_.names.funcs; break;
    case Space::Table: map = &m_.names.tables; break;
    case Space::Memory: map = &m_.names.memories; break;
    case Space::Global: map = &m_.names.globals; break;
    case Space::Tag: map = &m_.names.tags; break;
    case Space::Elem: map = &m_.names.elems; break;
    case Space::Data: map = &m_.names.datas; break;
    default: return;
  }
  map->names.emplace(index, std::string(name));
}

Result<uint32_t> ModuleParser::index(Space s) {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (t.is(Tok::Id)) {
    auto& ids = spaces_[static_cast<size_t>(s)].ids;
    auto it = ids.find(t.text());
    if (it == ids.end()) {
      return error_at(t, std::string("unknown ") + space_noun(s) + " $" + std::string(t.text()));
    }
    next();
    return it->second;
  }
  return unexpected();
}


void append_decoded_bytes(std::vector<uint8_t>& out, const Token& t) {
  if (!t.escaped) {
    out.insert(out.end(), t.text().begin(), t.text().end());
    return;
  }
  std::string s = decode_string(t);
  out.insert(out.end(), s.begin(), s.end());
}

// ---- pass 1: identifiers and types

Status ModuleParser::scan_import_order(const Token& at, Space) {
  if (first_definition_) {
    return error_at(at, std::string("import after ") + definition_noun(*first_definition_));
  }
  return Ok();
}

Status ModuleParser::scan_fields(size_t end) {
  std::vector<size_t> type_fields;
  auto count = [&](Space s) -> uint32_t& { return spaces_[static_cast<size_t>(s)].count; };
  while (pos_ < end) {
    if (!peek().is(Tok::LParen) || !peek(1).is(Tok::Keyword)) return unexpected();
    const Token& kw = peek(1);
    size_t start = pos_;
    size_t after = skip_sexpr(pos_);
    pos_ += 2;
    const Token* id = peek().is(Tok::Id) ? &peek() : nullptr;
    if (kw.text() == "type") {
      KILN_TRY(bind(Space::Type, id, count(Space::Type)++));
      type_fields.push_back(start);
    } else if (kw.text() == "rec") {
      while (at_lparen("type")) {
        size_t sub_end = skip_sexpr(pos_);
        const Token* sub_id = peek(2).is(Tok::Id) ? &peek(2) : nullptr;
        KILN_TRY(bind(Space::Type, sub_id, count(Space::Type)++));
        pos_ = sub_end;
      }
      type_fields.push_back(start);
    } else if (kw.text() == "import") {
      // (import "m" "n" (kind $id? ...))
      const Token& desc = peek(3);
      auto kind = extern_kind(peek(3));
      if (!peek().is(Tok::String) || !peek(1).is(Tok::String) || !peek(2).is(Tok::LParen) || !kind) {
        pos_ = after;  // pass 2 reports the error in place
        continue;
      }
      KILN_TRY(scan_import_order(desc, space_of(*kind)));
      const Token* desc_id = peek(4).is(Tok::Id) ? &peek(4) : nullptr;
      KILN_TRY(bind(space_of(*kind), desc_id, count(space_of(*kind))++));
    } else if (auto kind = extern_kind(kw)) {
      if (id) next();
      while (at_lparen("export")) pos_ = skip_sexpr(pos_);
      Space s = space_of(*kind);
      if (at_lparen("import")) {
        KILN_TRY(scan_import_order(peek(1), s));
      } else {
        if (!first_definition_ && *kind != ExternKind::Tag) first_definition_ = *kind;
        // Inline segments take an index in order of appearance.
        if (*kind == ExternKind::Table || *kind == ExternKind::Memory) {
          const char* seg = *kind == ExternKind::Table ? "elem" : "data";
          for (size_t i = pos_; i + 1 < after; i = toks_[i].is(Tok::LParen) ? skip_sexpr(i) : i + 1) {
            if (toks_[i].is(Tok::LParen) && toks_[i + 1].is_keyword(seg)) {
              ++count(*kind == ExternKind::Table ? Space::Elem : Space::Data);
              break;
            }
          }
        }
      }
      KILN_TRY(bind(s, id, count(s)++));
    } else if (kw.text() == "elem") {
      KILN_TRY(bind(Space::Elem, id, count(Space::Elem)++));
    } else if (kw.text() == "data") {
      KILN_TRY(bind(Space::Data, id, count(Space::Data)++));
    } else if (kw.text() != "export" && kw.text() != "start") {
      return error_at(kw, "unexpected token");
    }
    pos_ = after;
  }
  for (size_t start : type_fields) {
    pos_ = start;
    if (peek(1).is_keyword("rec")) {
      KILN_TRY(parse_rec_field());
    } else {
      auto first = static_cast<uint32_t>(m_.types.size());
      KILN_TRY(parse_type_field());
      m_.rec_groups.push_back({first, 1});
    }
  }
  num_explicit_types_ = static_cast<uint32_t>(m_.types.size());
  for (uint32_t i = 0; i < num_explicit_types_; ++i) index_func_type(i);
  return Ok();
}

// ---- the driver

Result<Module> ModuleParser::parse(bool wrapped) {
  size_t end;
  if (wrapped) {
    if (!at_lparen("module")) return unexpected();
    size_t close = find_close(pos_);
    if (close == kNoClose) return error_at(toks_.back(), "unexpected token");
    end = close;
    next();
    next();
    if (peek().is_keyword("definition")) next();  // scripts: (module definition $id? ...)
    if (auto id = take_id()) m_.names.module = std::string(*id);
  } else {
    end = toks_.size() - 1;
  }
  size_t fields = pos_;
  KILN_TRY(scan_fields(end));
  pos_ = fields;
  while (pos_ < end) KILN_TRY(parse_field());
  if (wrapped) KILN_TRY(expect(Tok::RParen));
  if (uses_data_count_) m_.data_count = static_cast<uint32_t>(m_.datas.size());
  m_.count_imports();
  return std::move(m_);
}

Status ModuleParser::parse_field() {
  if (!peek().is(Tok::LParen)) return unexpected();
  const Token& kw = peek(1);
  if (kw.is_keyword("type") || kw.is_keyword("rec")) {
    pos_ = skip_sexpr(pos_);
    return Ok();
  }
  if (kw.is_keyword("import")) return parse_import();
  if (kw.is_keyword("func")) return parse_func();
  if (kw.is_keyword("table")) return parse_table();
  if (kw.is_keyword("memory")) return parse_memory();
  if (kw.is_keyword("global")) return parse_global();
  if (kw.is_keyword("tag")) return parse_tag();
  if (kw.is_keyword("export")) return parse_export();
  if (kw.is_keyword("start")) return parse_start();
  if (kw.is_keyword("elem")) return parse_elem();
  if (kw.is_keyword("data")) return parse_data();
  return error_at(kw, "unexpected token");
}

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
      KILN_ASSIGN(imp.func_type, parse_type_use(&names, nullptr));
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
  KILN_ASSIGN(uint32_t type, parse_type_use(&names, &num_params));
  if (is_import) {
    imp.kind = ExternKind::Func;
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
      seg.func_indices = true;
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
  if ((peek().is_keyword("i64") || peek().is_keyword("i32")) && at_lparen_at(1, "data")) {
    is64 = next().text() == "i64";
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
    mt.limits.min = (seg.bytes.size() + kPageSize - 1) / kPageSize;
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

// ---- entry points

Result<Module> parse_module_at(const TokenStream& ts, size_t& pos, bool wrapped, const Features& f) {
  ModuleParser p(ts, pos, f);
  auto r = p.parse(wrapped);
  if (r.ok()) pos = p.pos();
  return r;
}

Result<Module> parse_module(std::string_view source, const Features& f) {
  KILN_ASSIGN(TokenStream ts, lex(source));
  size_t pos = 0;
  bool wrapped = ts.tokens.size() >= 2 && ts.tokens[0].is(Tok::LParen) && ts.tokens[1].is_keyword("module");
  KILN_ASSIGN(Module m, parse_module_at(ts, pos, wrapped, f));
  if (!ts.tokens[pos].is(Tok::Eof)) return ts.error_at(ts.tokens[pos], "unexpected token");
  return m;
}

}  // namespace kiln::text
