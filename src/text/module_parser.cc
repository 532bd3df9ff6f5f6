// The WAT parser's driver (https://webassembly.github.io/spec/core/text/modules.html):
// identifiers and index spaces, the first pass over the module fields, the entry points.
// The fields themselves are parsed in field_parser.cc.
#include "text/module_parser.h"

#include <algorithm>

#include "base/utf8.h"
#include "text/numbers.h"
#include "text/opcode_lookup.h"
#include "text/parser.h"

namespace kiln::core::text {

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
      "exact", "describes", "descriptor",
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

namespace {

const char* definition_noun(ExternKind k) {
  return k == ExternKind::Func ? "function" : to_string(k);
}

}  // namespace

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

bool ModuleParser::collect(const Error& e) {
  if (!errors_ || errors_->size() >= kMaxErrors) return false;
  // A field that is malformed at its head fails in both passes: report it once.
  for (const Error& seen : *errors_) {
    if (seen.line == e.line && seen.column == e.column && seen.message == e.message) return true;
  }
  errors_->push_back(e);
  return errors_->size() < kMaxErrors;
}

Result<uint32_t> ModuleParser::unknown_id(const Token& t, std::string message) {
  Error e = error_at(t, std::move(message));
  if (!collect(e)) return e;
  next();
  return 0u;
}

Result<uint32_t> ModuleParser::index(Space s) {
  const Token& t = peek();
  if (t.is(Tok::Nat)) return take_u32();
  if (t.is(Tok::Id)) {
    auto& ids = spaces_[static_cast<size_t>(s)].ids;
    auto it = ids.find(t.text());
    if (it == ids.end()) {
      return unknown_id(t, std::string("unknown ") + space_noun(s) + " $" + std::string(t.text()));
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

size_t ModuleParser::field_end(size_t at, size_t end) const {
  if (toks_[at].is(Tok::LParen)) return std::min(skip_sexpr(at), end);
  size_t i = at + 1;
  while (i < end && !toks_[i].is(Tok::LParen)) ++i;
  return i;
}

Status ModuleParser::check_import_order(const Token& at) const {
  if (first_definition_) {
    return error_at(at, std::string("import after ") + definition_noun(*first_definition_));
  }
  return Ok();
}

Status ModuleParser::scan_fields(size_t end) {
  auto count = [&](Space s) -> uint32_t& { return spaces_[static_cast<size_t>(s)].count; };
  // The fields' type definitions, with the first type index each defines and how many.
  struct TypeField {
    size_t start;
    uint32_t first, count;
  };
  std::vector<TypeField> type_fields;
  // One field; on error pos_ is set past it so that collect mode can go on.
  auto scan_field = [&](size_t& after) -> Status {
    after = field_end(pos_, end);
    if (!peek().is(Tok::LParen) || !peek(1).is(Tok::Keyword)) return unexpected();
    const Token& kw = peek(1);
    size_t start = pos_;
    pos_ += 2;
    const Token* id = peek().is(Tok::Id) ? &peek() : nullptr;
    if (kw.text() == "type") {
      type_fields.push_back({start, count(Space::Type), 1});
      KILN_TRY(bind(Space::Type, id, count(Space::Type)++));
    } else if (kw.text() == "rec") {
      type_fields.push_back({start, count(Space::Type), 0});
      // Every type of the group is counted, even after a binding error: pass 2 defines them
      // all, and the indices of the later types must stay right.
      Status bound = Ok();
      while (at_lparen("type")) {
        size_t sub_end = skip_sexpr(pos_);
        const Token* sub_id = peek(2).is(Tok::Id) ? &peek(2) : nullptr;
        ++type_fields.back().count;
        Status b = bind(Space::Type, sub_id, count(Space::Type)++);
        if (!b.ok() && bound.ok()) bound = std::move(b);
        pos_ = sub_end;
      }
      KILN_TRY(std::move(bound));
    } else if (kw.text() == "import") {
      // (import "m" "n" (kind $id? ...))
      const Token& desc = peek(3);
      auto kind = extern_kind(peek(3));
      if (!peek().is(Tok::String) || !peek(1).is(Tok::String) || !peek(2).is(Tok::LParen) || !kind) {
        return Ok();  // pass 2 reports the error in place
      }
      KILN_TRY(check_import_order(desc));
      const Token* desc_id = peek(4).is(Tok::Id) ? &peek(4) : nullptr;
      KILN_TRY(bind(space_of(*kind), desc_id, count(space_of(*kind))++));
    } else if (auto kind = extern_kind(kw)) {
      if (id) next();
      while (at_lparen("export")) pos_ = skip_sexpr(pos_);
      Space s = space_of(*kind);
      if (at_lparen("import")) {
        KILN_TRY(check_import_order(peek(1)));
      } else {
        if (!first_definition_) first_definition_ = *kind;
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
    return Ok();
  };
  while (pos_ < end) {
    size_t after = pos_ + 1;
    Status st = scan_field(after);
    if (!st.ok() && !collect(st.error())) return std::move(st).error();
    pos_ = std::min(after, end);
  }
  for (const TypeField& tf : type_fields) {
    pos_ = tf.start;
    Status st;
    if (peek(1).is_keyword("rec")) {
      st = parse_rec_field();
    } else {
      auto first = static_cast<uint32_t>(m_.types.size());
      st = parse_type_field();
      if (st.ok()) m_.rec_groups.push_back({first, 1});
    }
    if (!st.ok()) {
      if (!collect(st.error())) return std::move(st).error();
      // Placeholders keep the indices of the later types right.
      m_.types.resize(tf.first + tf.count);
      m_.rec_groups.push_back({tf.first, tf.count});
    }
  }
  // Type uses may only reuse types that stand alone in their recursion group.
  for (const RecGroup& g : m_.rec_groups) {
    if (g.count == 1 && g.first < m_.types.size()) index_func_type(g.first);
  }
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
  while (pos_ < end) {
    size_t start = pos_;
    Status st = parse_field();
    if (st.ok()) continue;
    if (!collect(st.error())) {
      if (errors_) break;  // the limit: the errors so far are the result
      return std::move(st).error();
    }
    // Skip the rest of the field and go on with the next.
    pending_.clear();
    depth_ = 0;
    pos_ = std::max(field_end(start, end), start + 1);
  }
  if (errors_ && !errors_->empty()) return errors_->front();
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

// ---- entry points

Result<Module> parse_module_at(const TokenStream& ts, size_t& pos, bool wrapped, const Features& f) {
  ModuleParser p(ts, pos, f);
  auto r = p.parse(wrapped);
  if (r.ok()) pos = p.pos();
  return r;
}

Result<Module> parse_module(std::string_view source, const Features& f) {
  return parse_module(source, f, nullptr);
}

Result<Module> parse_module(std::string_view source, const Features& f, std::vector<Error>* all_errors) {
  auto fail = [&](Error e) -> Result<Module> {
    if (all_errors && all_errors->empty()) all_errors->push_back(e);
    return e;
  };
  if (all_errors) all_errors->clear();
  auto lexed = lex(source);
  if (!lexed.ok()) return fail(std::move(lexed).error());
  const TokenStream& ts = *lexed;
  size_t pos = 0;
  bool wrapped = ts.tokens.size() >= 2 && ts.tokens[0].is(Tok::LParen) && ts.tokens[1].is_keyword("module");
  ModuleParser p(ts, pos, f);
  p.collect_errors(all_errors);
  auto m = p.parse(wrapped);
  if (all_errors && !all_errors->empty()) {
    // Pass 1 (names, types) runs before pass 2: report in source order.
    std::stable_sort(all_errors->begin(), all_errors->end(), [](const Error& a, const Error& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return all_errors->front();
  }
  if (!m.ok()) return fail(std::move(m).error());
  pos = p.pos();
  if (!ts.tokens[pos].is(Tok::Eof)) return fail(ts.error_at(ts.tokens[pos], "unexpected token"));
  return m;
}

}  // namespace kiln::core::text
