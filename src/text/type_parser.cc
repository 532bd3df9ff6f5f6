// Types and type uses of the text format
// (https://webassembly.github.io/spec/core/text/types.html,
//  https://webassembly.github.io/spec/core/text/modules.html#type-uses).
#include <string>

#include "text/module_parser.h"

namespace kiln::core::text {

namespace {

struct NamedHeap {
  std::string_view name;
  HeapKind kind;
};
constexpr NamedHeap kHeapNames[] = {
    {"func", HeapKind::Func},     {"extern", HeapKind::Extern},     {"any", HeapKind::Any},
    {"eq", HeapKind::Eq},         {"i31", HeapKind::I31},           {"struct", HeapKind::Struct},
    {"array", HeapKind::Array},   {"exn", HeapKind::Exn},           {"none", HeapKind::None},
    {"noextern", HeapKind::NoExtern}, {"nofunc", HeapKind::NoFunc}, {"noexn", HeapKind::NoExn},
};

// `funcref` etc.: the nullable reference shorthands.
std::optional<HeapKind> ref_shorthand(std::string_view kw) {
  if (kw.size() < 4 || kw.substr(kw.size() - 3) != "ref") return std::nullopt;
  std::string_view base = kw.substr(0, kw.size() - 3);
  if (base == "null") return HeapKind::None;
  if (base == "nullfunc") return HeapKind::NoFunc;
  if (base == "nullextern") return HeapKind::NoExtern;
  if (base == "nullexn") return HeapKind::NoExn;
  for (const auto& h : kHeapNames) {
    if (h.name == base && h.kind != HeapKind::None && h.kind != HeapKind::NoFunc &&
        h.kind != HeapKind::NoExtern && h.kind != HeapKind::NoExn) {
      return h.kind;
    }
  }
  return std::nullopt;
}

std::optional<ValType> num_type(std::string_view kw) {
  if (kw == "i32") return ValType::i32();
  if (kw == "i64") return ValType::i64();
  if (kw == "f32") return ValType::f32();
  if (kw == "f64") return ValType::f64();
  if (kw == "v128") return ValType::v128();
  return std::nullopt;
}

std::string signature_key(const FuncType& ft) {
  std::vector<uint8_t> bytes;
  for (const auto& p : ft.params) emit_val_type(bytes, p);
  bytes.push_back(0xFF);
  for (const auto& r : ft.results) emit_val_type(bytes, r);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

bool ModuleParser::at_val_type() const {
  const Token& t = peek();
  if (t.is(Tok::Keyword)) return num_type(t.text()) || ref_shorthand(t.text());
  return at_lparen("ref");
}

bool ModuleParser::at_ref_type() const {
  const Token& t = peek();
  if (t.is(Tok::Keyword)) return ref_shorthand(t.text()).has_value();
  return at_lparen("ref");
}

Result<HeapType> ModuleParser::parse_heap_type() {
  const Token& t = peek();
  if (t.is(Tok::Keyword)) {
    for (const auto& h : kHeapNames) {
      if (h.name == t.text()) {
        next();
        return HeapType::abstract(h.kind);
      }
    }
    return unexpected();
  }
  if (at_index()) {
    KILN_ASSIGN(uint32_t idx, index(Space::Type));
    return HeapType::concrete(idx);
  }
  if (at_lparen("exact") && features_.has(Feature::CustomDescriptors)) {  // (exact typeidx)
    next();
    next();
    KILN_ASSIGN(uint32_t idx, index(Space::Type));
    KILN_TRY(expect(Tok::RParen));
    return HeapType::concrete(idx, true);
  }
  return unexpected();
}

Result<ValType> ModuleParser::parse_ref_type() {
  const Token& t = peek();
  if (t.is(Tok::Keyword)) {
    auto h = ref_shorthand(t.text());
    if (!h) return unexpected();
    next();
    return ValType::ref(HeapType::abstract(*h), true);
  }
  if (!at_lparen("ref")) return unexpected();
  next();
  next();
  bool nullable = false;
  if (peek().is_keyword("null")) {
    next();
    nullable = true;
  }
  KILN_ASSIGN(HeapType h, parse_heap_type());
  KILN_TRY(expect(Tok::RParen));
  return ValType::ref(h, nullable);
}

Result<ValType> ModuleParser::parse_val_type() {
  const Token& t = peek();
  if (t.is(Tok::Keyword)) {
    if (auto n = num_type(t.text())) {
      next();
      return *n;
    }
  }
  return parse_ref_type();
}

Status ModuleParser::parse_params(std::vector<ValType>& params, std::vector<std::string_view>* names) {
  while (at_lparen("param")) {
    next();
    next();
    if (peek().is(Tok::Id)) {
      if (!names) return unexpected();
      std::string_view name = next().text();
      KILN_ASSIGN(ValType t, parse_val_type());
      params.push_back(t);
      names->push_back(name);
    } else {
      while (!peek().is(Tok::RParen)) {
        KILN_ASSIGN(ValType t, parse_val_type());
        params.push_back(t);
        if (names) names->push_back({});
      }
    }
    KILN_TRY(expect(Tok::RParen));
  }
  return Ok();
}

Status ModuleParser::parse_results(std::vector<ValType>& results) {
  while (at_lparen("result")) {
    next();
    next();
    while (!peek().is(Tok::RParen)) {
      KILN_ASSIGN(ValType t, parse_val_type());
      results.push_back(t);
    }
    next();
  }
  return Ok();
}

void ModuleParser::index_func_type(uint32_t index) {
  const SubType& st = m_.types[index];
  if (st.kind != CompositeKind::Func || !st.final || !st.supertypes.empty()) return;
  func_type_index_.emplace(signature_key(st.func), index);
}

uint32_t ModuleParser::find_or_add_type(const FuncType& ft) {
  std::string key = signature_key(ft);
  auto it = func_type_index_.find(key);
  if (it != func_type_index_.end()) return it->second;
  auto idx = static_cast<uint32_t>(m_.types.size());
  SubType st;
  st.kind = CompositeKind::Func;
  st.func = ft;
  m_.types.push_back(std::move(st));
  m_.rec_groups.push_back({idx, 1});
  func_type_index_.emplace(std::move(key), idx);
  return idx;
}

Result<uint32_t> ModuleParser::parse_type_use(std::vector<std::string_view>* names, uint32_t* num_params) {
  const Token& at = peek();
  std::optional<uint32_t> explicit_index;
  const Token* type_tok = nullptr;
  if (at_lparen("type")) {
    next();
    next();
    type_tok = &peek();
    KILN_ASSIGN(uint32_t idx, index(Space::Type));
    KILN_TRY(expect(Tok::RParen));
    explicit_index = idx;
  }
  bool has_inline = at_lparen("param") || at_lparen("result");
  FuncType ft;
  std::vector<std::string_view> inline_names;
  KILN_TRY(parse_params(ft.params, names ? &inline_names : nullptr));
  KILN_TRY(parse_results(ft.results));
  if (at_lparen("param") || at_lparen("type")) return unexpected();
  uint32_t result;
  if (explicit_index) {
    result = *explicit_index;
    // With an inline signature to compare, the type must exist already.
    if (has_inline && result >= m_.types.size()) return error_at(*type_tok, "unknown type");
    bool known = result < m_.types.size() && m_.types[result].kind == CompositeKind::Func;
    if (known && has_inline && !(m_.types[result].func == ft)) {
      return error_at(at, "inline function type");
    }
    if (known && !has_inline) {
      ft = m_.types[result].func;
      inline_names.assign(ft.params.size(), std::string_view());
    }
  } else {
    result = find_or_add_type(ft);
  }
  if (names) *names = std::move(inline_names);
  if (num_params) *num_params = static_cast<uint32_t>(ft.params.size());
  return result;
}

Result<uint32_t> ModuleParser::parse_exact_type_use(std::vector<std::string_view>* names, uint32_t* num_params,
                                                    bool& exact) {
  exact = false;
  if (!at_lparen("exact") || !features_.has(Feature::CustomDescriptors)) return parse_type_use(names, num_params);
  next();
  next();
  exact = true;
  KILN_ASSIGN(uint32_t type, parse_type_use(names, num_params));
  KILN_TRY(expect(Tok::RParen));
  return type;
}

Status ModuleParser::parse_sub_type(SubType& st) {
  // At `(` of func / struct / array / sub.
  if (at_lparen("sub")) {
    if (++depth_ > 64) return error_at(peek(), "nesting too deep");
    next();
    next();
    st.final = false;
    if (peek().is_keyword("final")) {
      next();
      st.final = true;
    }
    while (at_index()) {
      KILN_ASSIGN(uint32_t super, index(Space::Type));
      st.supertypes.push_back(super);
    }
    KILN_TRY(parse_sub_type(st));
    --depth_;
    return expect(Tok::RParen);
  }
  // custom-descriptors: `(describes x)?` then `(descriptor y)?` before the composite type.
  if (features_.has(Feature::CustomDescriptors)) {
    for (auto [word, clause] : {std::pair{"describes", &st.describes}, std::pair{"descriptor", &st.descriptor}}) {
      if (!at_lparen(word)) continue;
      next();
      next();
      KILN_ASSIGN(uint32_t x, index(Space::Type));
      *clause = x;
      KILN_TRY(expect(Tok::RParen));
    }
  }
  if (!peek().is(Tok::LParen)) return unexpected();
  const Token& kw = peek(1);
  next();
  next();
  if (kw.is_keyword("func")) {
    st.kind = CompositeKind::Func;
    std::vector<std::string_view> ignored;  // parameter names are allowed and unused
    KILN_TRY(parse_params(st.func.params, &ignored));
    KILN_TRY(parse_results(st.func.results));
    return expect(Tok::RParen);
  }
  // A field type: `t`, `i8`, `i16`, or `(mut ...)` of one.
  auto field_type = [&]() -> Result<FieldType> {
    FieldType ft;
    bool mut = false;
    if (at_lparen("mut")) {
      next();
      next();
      mut = true;
    }
    if (peek().is_keyword("i8")) {
      next();
      ft.packed = Packed::I8;
      ft.type = ValType::i32();
    } else if (peek().is_keyword("i16")) {
      next();
      ft.packed = Packed::I16;
      ft.type = ValType::i32();
    } else {
      KILN_ASSIGN(ft.type, parse_val_type());
    }
    ft.mut = mut;
    if (mut) KILN_TRY(expect(Tok::RParen));
    return ft;
  };
  if (kw.is_keyword("struct")) {
    st.kind = CompositeKind::Struct;
    while (at_lparen("field")) {
      next();
      next();
      if (peek().is(Tok::Id)) {
        // Field names go to the name map of the type being defined (m_.types.size()).
        auto type_index = static_cast<uint32_t>(m_.types.size());
        auto field_index = static_cast<uint32_t>(st.fields.size());
        const Token& id = next();
        auto& names = m_.names.fields[type_index].names;
        for (const auto& [i, name] : names) {
          if (name == id.text()) return error_at(id, "duplicate field $" + std::string(id.text()));
        }
        names.emplace(field_index, std::string(id.text()));
        KILN_ASSIGN(FieldType f, field_type());
        st.fields.push_back(f);
      } else {
        while (!peek().is(Tok::RParen)) {
          KILN_ASSIGN(FieldType f, field_type());
          st.fields.push_back(f);
        }
      }
      KILN_TRY(expect(Tok::RParen));
    }
    return expect(Tok::RParen);
  }
  if (kw.is_keyword("array")) {
    st.kind = CompositeKind::Array;
    KILN_ASSIGN(FieldType f, field_type());
    st.fields.push_back(f);
    return expect(Tok::RParen);
  }
  return error_at(kw, "unexpected token");
}

// `(type $id? subtype)`; the id was bound in the first pass.
Status ModuleParser::parse_type_field() {
  next();
  next();
  take_id();
  SubType st;
  KILN_TRY(parse_sub_type(st));
  KILN_TRY(expect(Tok::RParen));
  m_.types.push_back(std::move(st));
  return Ok();
}

Status ModuleParser::parse_rec_field() {
  next();
  next();
  auto first = static_cast<uint32_t>(m_.types.size());
  while (at_lparen("type")) KILN_TRY(parse_type_field());
  KILN_TRY(expect(Tok::RParen));
  m_.rec_groups.push_back({first, static_cast<uint32_t>(m_.types.size()) - first});
  return Ok();
}

}  // namespace kiln::core::text
