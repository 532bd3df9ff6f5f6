// Value, heap, reference, function and composite types, limits and extern types
// (https://webassembly.github.io/spec/core/syntax/types.html). Built with room for
// WebAssembly 3.0: nullable references to abstract or concrete heap types, recursive groups,
// subtyping, 64-bit memories and tables, tags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::core {

// Abstract heap types carry their binary encoding (a negative s33 as one byte);
// Concrete refers to a type index of the module (before canonicalisation).
enum class HeapKind : uint8_t {
  Func = 0x70,
  Extern = 0x6F,
  Any = 0x6E,
  Eq = 0x6D,
  I31 = 0x6C,
  Struct = 0x6B,
  Array = 0x6A,
  Exn = 0x69,
  None = 0x71,
  NoExtern = 0x72,
  NoFunc = 0x73,
  NoExn = 0x74,
  Concrete = 0x00,
  Bottom = 0x01,  // the validator's unknown type; never in a module
};

struct HeapType {
  HeapKind kind = HeapKind::Func;
  uint32_t index = 0;  // type index when kind == Concrete
  // custom-descriptors: `(exact $t)`, the concrete type without its declared subtypes.
  // Only concrete types are exact.
  bool exact = false;

  static HeapType abstract(HeapKind k) { return {k, 0, false}; }
  static HeapType concrete(uint32_t idx, bool exact = false) { return {HeapKind::Concrete, idx, exact}; }
  bool is_concrete() const { return kind == HeapKind::Concrete; }
  friend bool operator==(const HeapType&, const HeapType&) = default;
};

enum class ValKind : uint8_t { I32, I64, F32, F64, V128, Ref, Bottom };

// A value type. For references, `nullable` and `heap` say which; other kinds ignore them.
struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = false;
  HeapType heap{};

  static constexpr ValType i32() { return {ValKind::I32, false, {}}; }
  static constexpr ValType i64() { return {ValKind::I64, false, {}}; }
  static constexpr ValType f32() { return {ValKind::F32, false, {}}; }
  static constexpr ValType f64() { return {ValKind::F64, false, {}}; }
  static constexpr ValType v128() { return {ValKind::V128, false, {}}; }
  static ValType ref(HeapType h, bool null) { return {ValKind::Ref, null, h}; }
  static ValType funcref() { return ref(HeapType::abstract(HeapKind::Func), true); }
  static ValType externref() { return ref(HeapType::abstract(HeapKind::Extern), true); }

  bool is_ref() const { return kind == ValKind::Ref; }
  bool is_num() const { return kind <= ValKind::F64; }
  // Number of 64-bit interpreter slots a value of this type occupies.
  uint32_t slots() const { return kind == ValKind::V128 ? 2 : 1; }

  friend bool operator==(const ValType& a, const ValType& b) {
    if (a.kind != b.kind) return false;
    if (a.kind != ValKind::Ref) return true;
    return a.nullable == b.nullable && a.heap == b.heap;
  }
};

// Text form of a type as the spec's text format writes it: "i32", "funcref", "(ref null 3)".
std::string to_string(const ValType& t);
std::string to_string(const HeapType& t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};
std::string to_string(const FuncType& t);  // "[i32 i32] -> [i64]"

// The 64-bit slots a sequence of values takes (ValType::slots: two for a v128).
inline uint32_t slot_count(const std::vector<ValType>& ts) {
  uint32_t n = 0;
  for (const ValType& t : ts) n += t.slots();
  return n;
}

// Storage types of GC fields: a value type or a packed i8 / i16.
enum class Packed : uint8_t { None, I8, I16 };
struct FieldType {
  ValType type;  // ignored when packed != None (then it reads as i32)
  Packed packed = Packed::None;
  bool mut = false;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

enum class CompositeKind : uint8_t { Func, Struct, Array };

// One entry of the type section: a composite type with its subtyping declaration.
struct SubType {
  CompositeKind kind = CompositeKind::Func;
  FuncType func;                  // when kind == Func
  std::vector<FieldType> fields;  // struct fields, or the one array element
  bool final = true;
  std::vector<uint32_t> supertypes;  // type indices (at most one)
  // custom-descriptors clauses (structs only once valid): `(describes $x)` makes this
  // type the descriptor of $x; `(descriptor $y)` gives this type the descriptor type $y.
  std::optional<uint32_t> describes;
  std::optional<uint32_t> descriptor;
};

// A recursive group covers type indices [first, first + count).
struct RecGroup {
  uint32_t first = 0;
  uint32_t count = 0;
};

// Limits of memories and tables. `is64` selects the 64-bit address / index type.
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
  bool shared = false;
  bool custom_page_size = false;  // decoding only: flag 0x08 (custom-page-sizes) was set
};

struct TableType {
  ValType elem = ValType::funcref();
  Limits limits;
};

struct MemoryType {
  Limits limits;
  uint32_t page_size_log2 = 16;  // custom-page-sizes proposal; 64 KiB by default
};

struct GlobalType {
  ValType type;
  bool mut = false;
};

struct TagType {
  uint32_t type_index = 0;  // a function type with no results
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
const char* to_string(ExternKind k);  // "func", "table", ...

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kMaxPages32 = 65536;            // 4 GiB
constexpr uint64_t kMaxPages64 = 1ull << 48;       // 2^64 / 2^16
constexpr uint64_t kMaxTableSize32 = 0xFFFFFFFFull;

}  // namespace kiln::core
