#include "binary/type_reader.h"

namespace kiln::core {

namespace {

constexpr uint8_t kExactPrefix = 0x62;

bool is_abstract_heap_byte(uint8_t b) {
  switch (b) {
    case 0x70: case 0x6F: return true;  // func, extern
    case 0x6E: case 0x6D: case 0x6C: case 0x6B: case 0x6A:
    case 0x71: case 0x72: case 0x73: case 0x69: case 0x74: return true;
    default: return false;
  }
}

bool heap_byte_enabled(uint8_t b, const Features& f) {
  if (b == 0x70 || b == 0x6F) return true;
  if (b == 0x69 || b == 0x74) return f.has(Feature::Exceptions);
  return f.has(Feature::Gc);
}

}  // namespace

Result<HeapType> read_heap_type(ByteReader& r, const Features& f) {
  size_t at = r.offset();
  KILN_ASSIGN(uint8_t first, r.peek_u8());
  if (is_abstract_heap_byte(first)) {
    r.u8().value();
    if (!heap_byte_enabled(first, f)) return r.error_at(at, "malformed reference type");
    return HeapType::abstract(static_cast<HeapKind>(first));
  }
  if (first == kExactPrefix && f.has(Feature::CustomDescriptors)) {
    // custom-descriptors: 0x62 and a type index, so no abstract type can be exact. The
    // reference interpreter reads the index as a signed LEB128 that must not be negative
    // (0x62 0x62 is malformed).
    r.u8().value();
    size_t idx_at = r.offset();
    KILN_ASSIGN(int64_t idx, r.s33());
    if (idx < 0) return r.error_at(idx_at, "malformed reference type");
    return HeapType::concrete(static_cast<uint32_t>(idx), true);
  }
  KILN_ASSIGN(int64_t idx, r.s33());
  if (idx < 0 || !f.has(Feature::FunctionRefs)) return r.error_at(at, "malformed reference type");
  return HeapType::concrete(static_cast<uint32_t>(idx));
}

Result<ValType> read_val_type(ByteReader& r, const Features& f) {
  size_t at = r.offset();
  KILN_ASSIGN(uint8_t b, r.peek_u8());
  switch (b) {
    case 0x7F: r.u8().value(); return ValType::i32();
    case 0x7E: r.u8().value(); return ValType::i64();
    case 0x7D: r.u8().value(); return ValType::f32();
    case 0x7C: r.u8().value(); return ValType::f64();
    case 0x7B:
      r.u8().value();
      if (!f.has(Feature::Simd)) return r.error_at(at, "malformed value type");
      return ValType::v128();
    default: break;
  }
  if (b == 0x63 || b == 0x64) {
    if (!f.has(Feature::FunctionRefs)) return r.error_at(at, "malformed value type");
    r.u8().value();
    KILN_ASSIGN(HeapType h, read_heap_type(r, f));
    return ValType::ref(h, b == 0x63);
  }
  if (is_abstract_heap_byte(b)) {
    r.u8().value();
    if (!heap_byte_enabled(b, f)) return r.error_at(at, "malformed value type");
    return ValType::ref(HeapType::abstract(static_cast<HeapKind>(b)), true);
  }
  return r.error_at(at, "malformed value type");
}

Result<ValType> read_ref_type(ByteReader& r, const Features& f) {
  size_t at = r.offset();
  auto t = read_val_type(r, f);
  if (!t.ok()) {
    if (t.error().message == "malformed value type") return r.error_at(at, "malformed reference type");
    return t;
  }
  if (!t->is_ref()) return r.error_at(at, "malformed reference type");
  return t;
}

}  // namespace kiln::core
