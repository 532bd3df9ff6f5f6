#include "text/script_parser.h"

#include <cstring>

#include "text/lexer.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace kiln::core::text {

namespace {

using Kind = ScriptValue::Kind;

bool is_module_field(std::string_view k) {
  return k == "type" || k == "rec" || k == "import" || k == "func" || k == "table" || k == "memory" ||
         k == "global" || k == "tag" || k == "export" || k == "start" || k == "elem" || k == "data";
}

class ScriptParser {
 public:
  ScriptParser(const TokenStream& ts, const Features& f) : ts_(ts), toks_(ts.tokens), features_(f) {}

  Status parse(Script& script) {
    if (peek().is(Tok::LParen) && peek(1).is(Tok::Keyword) && is_module_field(peek(1).text())) {
      // A script that is only the fields of one module.
      Command cmd;
      cmd.kind = Command::Kind::Module;
      cmd.line = line_of(peek());
      cmd.has_module = true;
      cmd.module.line = cmd.line;
      KILN_ASSIGN(Module mod, parse_module_at(ts_, pos_, false, features_));
      cmd.module.module = std::make_shared<Module>(std::move(mod));
      script.commands.push_back(std::move(cmd));
      return Ok();
    }
    while (!peek().is(Tok::Eof)) {
      Command cmd;
      KILN_TRY(parse_command(cmd));
      script.commands.push_back(std::move(cmd));
    }
    return Ok();
  }

 private:
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
  Error unexpected() const {
    const Token& t = peek();
    if (t.is(Tok::Keyword)) return error_at(t, "unexpected token " + std::string(t.text()));
    return error_at(t, "unexpected token");
  }
  Status expect(Tok k) {
    if (!peek().is(k)) return unexpected();
    next();
    return Ok();
  }
  std::optional<std::string> take_id() {
    if (!peek().is(Tok::Id)) return std::nullopt;
    return std::string(next().text());
  }
  Result<std::string> take_string() {
    if (!peek().is(Tok::String)) return unexpected();
    return decode_string(next());
  }

  Status parse_command(Command& cmd);
  Status parse_module(ScriptModule& m);
  Status parse_action(Action& a);
  Status parse_value(ScriptValue& v, bool pattern);
  Status parse_v128(ScriptValue& v, bool pattern);
  Status parse_expected(Expected& e);

  Error error_at(const Token& t, std::string message) const { return ts_.error_at(t, std::move(message)); }
  // Line of a token; commands come in order, so lines are counted incrementally.
  uint32_t line_of(const Token& t) {
    size_t off = ts_.offset_of(t);
    if (off < line_offset_) {
      line_offset_ = 0;
      line_ = 1;
    }
    for (; line_offset_ < off; ++line_offset_) {
      if (ts_.source[line_offset_] == '\n') ++line_;
    }
    return line_;
  }

  const TokenStream& ts_;
  const std::vector<Token>& toks_;
  size_t line_offset_ = 0;
  uint32_t line_ = 1;
  size_t pos_ = 0;
  const Features& features_;
};

Status ScriptParser::parse_module(ScriptModule& m) {
  size_t start = pos_;
  m.line = line_of(peek());
  next();  // (
  next();  // module
  if (peek().is_keyword("definition")) {
    next();
    m.is_definition = true;
  }
  m.id = take_id();
  if (peek().is_keyword("binary") || peek().is_keyword("quote")) {
    bool binary = next().text() == "binary";
    m.form = binary ? ScriptModule::Form::Binary : ScriptModule::Form::Quote;
    bool first = true;
    while (peek().is(Tok::String)) {
      const Token& t = next();
      if (binary) {
        std::string s = decode_string(t);
        m.bytes.insert(m.bytes.end(), s.begin(), s.end());
      } else {
        if (!first) m.quote += ' ';
        append_decoded(m.quote, t.text());
      }
      first = false;
    }
    return expect(Tok::RParen);
  }
  m.form = ScriptModule::Form::Text;
  pos_ = start;
  KILN_ASSIGN(Module mod, parse_module_at(ts_, pos_, true, features_));
  m.module = std::make_shared<Module>(std::move(mod));
  return Ok();
}

Status ScriptParser::parse_action(Action& a) {
  if (at_lparen("invoke")) {
    a.kind = Action::Kind::Invoke;
  } else if (at_lparen("get")) {
    a.kind = Action::Kind::Get;
  } else {
    return unexpected();
  }
  next();
  next();
  a.module_id = take_id();
  KILN_ASSIGN(a.name, take_string());
  while (peek().is(Tok::LParen)) {
    ScriptValue v;
    KILN_TRY(parse_value(v, false));
    a.args.push_back(v);
  }
  return expect(Tok::RParen);
}

// One lane or number: a float literal, or a NaN pattern when `pattern`.
template <typename Bits>
Result<Bits> float_bits(const TokenStream& ts, const Token& t, bool pattern, ScriptValue::Nan& nan) {
  auto error_at = [&](const Token& tok, std::string m) { return ts.error_at(tok, std::move(m)); };
  nan = ScriptValue::Nan::None;
  if (pattern && t.is_keyword("nan:canonical")) {
    nan = ScriptValue::Nan::Canonical;
    return Bits(0);
  }
  if (pattern && t.is_keyword("nan:arithmetic")) {
    nan = ScriptValue::Nan::Arithmetic;
    return Bits(0);
  }
  if (!t.is_number()) return error_at(t, "unexpected token");
  if constexpr (sizeof(Bits) == 4) {
    auto r = parse_f32_bits(t.text());
    if (!r.ok()) return error_at(t, r.error().message);
    return *r;
  } else {
    auto r = parse_f64_bits(t.text());
    if (!r.ok()) return error_at(t, r.error().message);
    return *r;
  }
}

Status ScriptParser::parse_v128(ScriptValue& v, bool pattern) {
  using Shape = ScriptValue::Shape;
  const Token& shape = next();
  int lanes;
  int bits;
  bool is_float = false;
  if (shape.is_keyword("i8x16")) { v.shape = Shape::I8x16; lanes = 16; bits = 8; }
  else if (shape.is_keyword("i16x8")) { v.shape = Shape::I16x8; lanes = 8; bits = 16; }
  else if (shape.is_keyword("i32x4")) { v.shape = Shape::I32x4; lanes = 4; bits = 32; }
  else if (shape.is_keyword("i64x2")) { v.shape = Shape::I64x2; lanes = 2; bits = 64; }
  else if (shape.is_keyword("f32x4")) { v.shape = Shape::F32x4; lanes = 4; bits = 32; is_float = true; }
  else if (shape.is_keyword("f64x2")) { v.shape = Shape::F64x2; lanes = 2; bits = 64; is_float = true; }
  else return error_at(shape, "unexpected token");
  uint8_t bytes[16] = {};
  for (int i = 0; i < lanes; ++i) {
    const Token& t = peek();
    uint64_t lane;
    if (is_float) {
      ScriptValue::Nan nan;
      if (bits == 32) {
        KILN_ASSIGN(uint32_t b, float_bits<uint32_t>(ts_, t, pattern, nan));
        lane = b;
      } else {
        KILN_ASSIGN(lane, float_bits<uint64_t>(ts_, t, pattern, nan));
      }
      v.lane_nan[i] = nan;
    } else {
      if (!t.is(Tok::Nat) && !t.is(Tok::Int)) return error_at(t, "unexpected token");
      auto r = parse_int_bits(t.text(), bits);
      if (!r.ok()) return error_at(t, r.error().message);
      lane = *r;
    }
    next();
    std::memcpy(bytes + i * (bits / 8), &lane, static_cast<size_t>(bits / 8));  // little-endian host
  }
  std::memcpy(&v.bits[0], bytes, 8);
  std::memcpy(&v.bits[1], bytes + 8, 8);
  return Ok();
}

Status ScriptParser::parse_value(ScriptValue& v, bool pattern) {
  KILN_TRY(expect(Tok::LParen));
  if (!peek().is(Tok::Keyword)) return unexpected();
  const Token& kw = next();
  std::string_view k = kw.text();
  if (k == "i32.const" || k == "i64.const") {
    const Token& t = peek();
    if (!t.is(Tok::Nat) && !t.is(Tok::Int)) return unexpected();
    auto r = parse_int_bits(t.text(), k == "i32.const" ? 32 : 64);
    if (!r.ok()) return error_at(t, r.error().message);
    next();
    v.kind = k == "i32.const" ? Kind::I32 : Kind::I64;
    v.bits[0] = *r;
  } else if (k == "f32.const") {
    v.kind = Kind::F32;
    KILN_ASSIGN(uint32_t b, float_bits<uint32_t>(ts_, peek(), pattern, v.nan));
    v.bits[0] = b;
    next();
  } else if (k == "f64.const") {
    v.kind = Kind::F64;
    KILN_ASSIGN(v.bits[0], float_bits<uint64_t>(ts_, peek(), pattern, v.nan));
    next();
  } else if (k == "v128.const") {
    v.kind = Kind::V128;
    KILN_TRY(parse_v128(v, pattern));
  } else if (k == "ref.null") {
    if (peek().is(Tok::RParen)) {
      v.kind = Kind::RefNullAny;
    } else {
      v.kind = Kind::RefNull;
      const Token& t = next();
      static constexpr struct { std::string_view name; HeapKind kind; } kHeaps[] = {
          {"func", HeapKind::Func}, {"extern", HeapKind::Extern}, {"any", HeapKind::Any},
          {"eq", HeapKind::Eq}, {"i31", HeapKind::I31}, {"struct", HeapKind::Struct},
          {"array", HeapKind::Array}, {"exn", HeapKind::Exn}, {"none", HeapKind::None},
          {"noextern", HeapKind::NoExtern}, {"nofunc", HeapKind::NoFunc}, {"noexn", HeapKind::NoExn},
      };
      bool found = false;
      for (const auto& h : kHeaps) {
        if (t.is_keyword(h.name)) {
          v.heap = HeapType::abstract(h.kind);
          found = true;
        }
      }
      if (!found) {
        if (t.is(Tok::Nat)) {
          auto r = parse_unsigned(t.text());
          v.heap = HeapType::concrete(r.ok() ? static_cast<uint32_t>(*r) : 0);
        } else if (!t.is(Tok::Id)) {
          return error_at(t, "unexpected token");
        }
      }
    }
  } else {
    static constexpr struct { std::string_view name; Kind kind; } kRefs[] = {
        {"ref.extern", Kind::RefExtern}, {"ref.host", Kind::RefHost}, {"ref.func", Kind::RefFunc},
        {"ref.any", Kind::RefAny}, {"ref.eq", Kind::RefEq}, {"ref.i31", Kind::RefI31},
        {"ref.struct", Kind::RefStruct}, {"ref.array", Kind::RefArray}, {"ref.exn", Kind::RefExn},
    };
    bool found = false;
    for (const auto& r : kRefs) {
      if (k == r.name) {
        v.kind = r.kind;
        found = true;
      }
    }
    if (!found) return error_at(kw, "unexpected token " + std::string(k));
    if (peek().is(Tok::Nat) || peek().is(Tok::Int)) {
      const Token& t = next();
      auto r = parse_int_bits(t.text(), 64);
      if (!r.ok()) return error_at(t, r.error().message);
      v.bits[0] = *r;
      v.has_payload = true;
    } else if (peek().is(Tok::Id)) {
      next();  // (ref.func $f): any function reference
    }
  }
  return expect(Tok::RParen);
}

Status ScriptParser::parse_expected(Expected& e) {
  if (at_lparen("either")) {
    next();
    next();
    while (peek().is(Tok::LParen)) {
      ScriptValue v;
      KILN_TRY(parse_value(v, true));
      e.either.push_back(v);
    }
    if (e.either.empty()) return unexpected();
    e.value = e.either.front();
    return expect(Tok::RParen);
  }
  return parse_value(e.value, true);
}

Status ScriptParser::parse_command(Command& cmd) {
  if (!peek().is(Tok::LParen) || !peek(1).is(Tok::Keyword)) return unexpected();
  const Token& kw = peek(1);
  cmd.line = line_of(kw);
  std::string_view k = kw.text();
  using CK = Command::Kind;
  if (k == "module") {
    if (peek(2).is_keyword("instance")) {
      next();
      next();
      next();
      cmd.kind = CK::ModuleInstance;
      cmd.instance_id = take_id();
      cmd.definition_id = take_id();
      return expect(Tok::RParen);
    }
    cmd.kind = CK::Module;
    cmd.has_module = true;
    return parse_module(cmd.module);
  }
  if (k == "register") {
    next();
    next();
    cmd.kind = CK::Register;
    KILN_ASSIGN(cmd.register_name, take_string());
    cmd.instance_id = take_id();
    return expect(Tok::RParen);
  }
  if (k == "invoke" || k == "get") {
    cmd.kind = CK::Action;
    return parse_action(cmd.action);
  }
  next();
  next();
  if (k == "assert_return") {
    cmd.kind = CK::AssertReturn;
    KILN_TRY(parse_action(cmd.action));
    while (peek().is(Tok::LParen)) {
      Expected e;
      KILN_TRY(parse_expected(e));
      cmd.expected.push_back(std::move(e));
    }
    return expect(Tok::RParen);
  }
  if (k == "assert_trap" || k == "assert_exhaustion" || k == "assert_exception") {
    cmd.kind = k == "assert_trap" ? CK::AssertTrap : k == "assert_exhaustion" ? CK::AssertExhaustion : CK::AssertException;
    if (at_lparen("module")) {
      cmd.has_module = true;
      KILN_TRY(parse_module(cmd.module));
    } else {
      KILN_TRY(parse_action(cmd.action));
    }
    if (cmd.kind != CK::AssertException || peek().is(Tok::String)) {
      KILN_ASSIGN(cmd.message, take_string());
    }
    return expect(Tok::RParen);
  }
  struct { std::string_view name; CK kind; } const kModuleAsserts[] = {
      {"assert_malformed", CK::AssertMalformed},
      {"assert_invalid", CK::AssertInvalid},
      {"assert_unlinkable", CK::AssertUnlinkable},
      {"assert_uninstantiable", CK::AssertUninstantiable},
      {"assert_malformed_custom", CK::AssertMalformedCustom},
      {"assert_invalid_custom", CK::AssertInvalidCustom},
  };
  for (const auto& a : kModuleAsserts) {
    if (k != a.name) continue;
    cmd.kind = a.kind;
    if (!at_lparen("module")) return unexpected();
    cmd.has_module = true;
    KILN_TRY(parse_module(cmd.module));
    KILN_ASSIGN(cmd.message, take_string());
    return expect(Tok::RParen);
  }
  return error_at(kw, "unexpected token " + std::string(k));
}

}  // namespace

Result<Script> parse_script(std::string_view source, std::string file, const Features& f) {
  KILN_ASSIGN(TokenStream ts, lex(source));
  Script script;
  script.file = std::move(file);
  ScriptParser p(ts, f);
  KILN_TRY(p.parse(script));
  return script;
}

}  // namespace kiln::core::text
