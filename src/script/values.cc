#include "script/values.h"

#include <bit>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>

namespace kiln::core::script {

namespace {

using text::ScriptValue;
using Kind = ScriptValue::Kind;
using Nan = ScriptValue::Nan;

bool is_canonical_nan32(uint32_t b) { return (b & 0x7FFFFFFFu) == 0x7FC00000u; }
bool is_arithmetic_nan32(uint32_t b) { return (b & 0x7FC00000u) == 0x7FC00000u; }
bool is_canonical_nan64(uint64_t b) { return (b & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
bool is_arithmetic_nan64(uint64_t b) { return (b & 0x7FF8000000000000ull) == 0x7FF8000000000000ull; }

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[128];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

std::string f32_text(uint32_t b) {
  return fmt("%.9g (0x%08" PRIx32 ")", static_cast<double>(std::bit_cast<float>(b)), b);
}
std::string f64_text(uint64_t b) { return fmt("%.17g (0x%016" PRIx64 ")", std::bit_cast<double>(b), b); }

// A v128 pattern: exact bits, except float lanes written as nan:canonical / nan:arithmetic.
bool v128_matches(const ScriptValue& p, const rt::Slot* slots) {
  using Shape = ScriptValue::Shape;
  if (p.shape == Shape::F32x4) {
    for (int i = 0; i < 4; ++i) {
      uint32_t got = static_cast<uint32_t>(slots[i / 2] >> (32 * (i % 2)));
      uint32_t want = static_cast<uint32_t>(p.bits[i / 2] >> (32 * (i % 2)));
      bool ok = p.lane_nan[i] == Nan::Canonical    ? is_canonical_nan32(got)
                : p.lane_nan[i] == Nan::Arithmetic ? is_arithmetic_nan32(got)
                                                   : got == want;
      if (!ok) return false;
    }
    return true;
  }
  if (p.shape == Shape::F64x2) {
    for (int i = 0; i < 2; ++i) {
      bool ok = p.lane_nan[i] == Nan::Canonical    ? is_canonical_nan64(slots[i])
                : p.lane_nan[i] == Nan::Arithmetic ? is_arithmetic_nan64(slots[i])
                                                   : slots[i] == p.bits[i];
      if (!ok) return false;
    }
    return true;
  }
  return slots[0] == p.bits[0] && slots[1] == p.bits[1];
}

bool is_func_heap(HeapKind k) { return k == HeapKind::Func || k == HeapKind::NoFunc || k == HeapKind::Concrete; }
bool is_extern_heap(HeapKind k) { return k == HeapKind::Extern || k == HeapKind::NoExtern; }

}  // namespace

Status append_arg(const ScriptValue& v, const ValType& param, rt::Store& store,
                  std::vector<rt::Slot>& out, bool* unsupported) {
  auto mismatch = [&]() {
    return Error("argument type mismatch: " + describe(v) + " for a parameter of type " + to_string(param));
  };
  auto unsupported_value = [&]() {
    if (unsupported) *unsupported = true;
    return Error("unsupported argument " + describe(v));
  };
  switch (v.kind) {
    case Kind::I32:
      if (param.kind != ValKind::I32) return mismatch();
      out.push_back(static_cast<uint32_t>(v.bits[0]));
      return Ok();
    case Kind::I64:
      if (param.kind != ValKind::I64) return mismatch();
      out.push_back(v.bits[0]);
      return Ok();
    case Kind::F32:
      if (param.kind != ValKind::F32) return mismatch();
      out.push_back(static_cast<uint32_t>(v.bits[0]));
      return Ok();
    case Kind::F64:
      if (param.kind != ValKind::F64) return mismatch();
      out.push_back(v.bits[0]);
      return Ok();
    case Kind::V128:
      if (param.kind != ValKind::V128) return mismatch();
      out.push_back(v.bits[0]);
      out.push_back(v.bits[1]);
      return Ok();
    case Kind::RefNull:
    case Kind::RefNullAny:
      if (!param.is_ref()) return mismatch();
      out.push_back(rt::kNullRef);
      return Ok();
    case Kind::RefExtern:
      if (!param.is_ref() || !v.has_payload) return mismatch();
      out.push_back(store.host_ref(v.bits[0]));
      return Ok();
    default:
      return unsupported_value();
  }
}

Match match_value(const ScriptValue& p, const ValType& type, const rt::Slot* slots, rt::Store& store) {
  rt::Slot s = slots[0];
  switch (p.kind) {
    case Kind::I32:
      return type.kind == ValKind::I32 && static_cast<uint32_t>(s) == static_cast<uint32_t>(p.bits[0])
                 ? Match::Yes : Match::No;
    case Kind::I64:
      return type.kind == ValKind::I64 && s == p.bits[0] ? Match::Yes : Match::No;
    case Kind::F32: {
      if (type.kind != ValKind::F32) return Match::No;
      uint32_t b = static_cast<uint32_t>(s);
      bool ok = p.nan == Nan::Canonical    ? is_canonical_nan32(b)
                : p.nan == Nan::Arithmetic ? is_arithmetic_nan32(b)
                                           : b == static_cast<uint32_t>(p.bits[0]);
      return ok ? Match::Yes : Match::No;
    }
    case Kind::F64: {
      if (type.kind != ValKind::F64) return Match::No;
      bool ok = p.nan == Nan::Canonical    ? is_canonical_nan64(s)
                : p.nan == Nan::Arithmetic ? is_arithmetic_nan64(s)
                                           : s == p.bits[0];
      return ok ? Match::Yes : Match::No;
    }
    case Kind::V128:
      return type.kind == ValKind::V128 && v128_matches(p, slots) ? Match::Yes : Match::No;
    case Kind::RefNull:
    case Kind::RefNullAny:
      return type.is_ref() && s == rt::kNullRef ? Match::Yes : Match::No;
    case Kind::RefExtern:
      if (!type.is_ref() || s == rt::kNullRef) return Match::No;
      if (!is_extern_heap(type.heap.kind)) return Match::Unsupported;  // 3.0: extern inside any
      if (!p.has_payload) return Match::Yes;
      return s == store.host_ref(p.bits[0]) ? Match::Yes : Match::No;
    case Kind::RefFunc:
      return type.is_ref() && is_func_heap(type.heap.kind) && s != rt::kNullRef ? Match::Yes : Match::No;
    default:
      return Match::Unsupported;  // GC reference patterns
  }
}

Match match_expected(const text::Expected& e, const ValType& type, const rt::Slot* slots,
                     rt::Store& store) {
  if (e.either.empty()) return match_value(e.value, type, slots, store);
  bool unsupported = false;
  for (const ScriptValue& alt : e.either) {
    Match m = match_value(alt, type, slots, store);
    if (m == Match::Yes) return Match::Yes;
    if (m == Match::Unsupported) unsupported = true;
  }
  return unsupported ? Match::Unsupported : Match::No;
}

std::string describe(const ScriptValue& v) {
  auto nan_text = [](Nan n) { return n == Nan::Canonical ? "nan:canonical" : "nan:arithmetic"; };
  switch (v.kind) {
    case Kind::I32: return fmt("i32:%" PRIu32 " (0x%08" PRIx32 ")", static_cast<uint32_t>(v.bits[0]), static_cast<uint32_t>(v.bits[0]));
    case Kind::I64: return fmt("i64:%" PRIu64 " (0x%016" PRIx64 ")", v.bits[0], v.bits[0]);
    case Kind::F32: return "f32:" + (v.nan != Nan::None ? std::string(nan_text(v.nan)) : f32_text(static_cast<uint32_t>(v.bits[0])));
    case Kind::F64: return "f64:" + (v.nan != Nan::None ? std::string(nan_text(v.nan)) : f64_text(v.bits[0]));
    case Kind::V128: return fmt("v128:0x%016" PRIx64 "%016" PRIx64, v.bits[1], v.bits[0]);
    case Kind::RefNull: return "ref.null " + to_string(v.heap);
    case Kind::RefNullAny: return "ref.null";
    case Kind::RefExtern: return v.has_payload ? fmt("ref.extern %" PRIu64, v.bits[0]) : "ref.extern";
    case Kind::RefFunc: return "ref.func";
    case Kind::RefHost: return fmt("ref.host %" PRIu64, v.bits[0]);
    case Kind::RefAny: return "ref.any";
    case Kind::RefEq: return "ref.eq";
    case Kind::RefI31: return "ref.i31";
    case Kind::RefStruct: return "ref.struct";
    case Kind::RefArray: return "ref.array";
    case Kind::RefExn: return "ref.exn";
  }
  return "?";
}

std::string describe(const text::Expected& e) {
  if (e.either.empty()) return describe(e.value);
  std::string s = "(either";
  for (const ScriptValue& v : e.either) s += " " + describe(v);
  return s + ")";
}

std::string describe(const ValType& type, const rt::Slot* slots) {
  rt::Slot s = slots[0];
  switch (type.kind) {
    case ValKind::I32: return fmt("i32:%" PRIu32 " (0x%08" PRIx32 ")", static_cast<uint32_t>(s), static_cast<uint32_t>(s));
    case ValKind::I64: return fmt("i64:%" PRIu64 " (0x%016" PRIx64 ")", s, s);
    case ValKind::F32: return "f32:" + f32_text(static_cast<uint32_t>(s));
    case ValKind::F64: return "f64:" + f64_text(s);
    case ValKind::V128: return fmt("v128:0x%016" PRIx64 "%016" PRIx64, slots[1], s);
    case ValKind::Ref: return s == rt::kNullRef ? "ref.null" : fmt("%s:0x%" PRIx64, to_string(type).c_str(), s);
    case ValKind::Bottom: return "bottom";
  }
  return "?";
}

}  // namespace kiln::core::script
