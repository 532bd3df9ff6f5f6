// Types as an embedder sees them (https://webassembly.github.io/spec/js-api/#dom-module-imports
// and the core spec's types): value, function, memory, table, global and tag types, and the
// types of a module's imports and exports. Plain values; copy them freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiln {

// Value kinds. FuncRef and ExternRef are the nullable `funcref` / `externref`; AnyRef stands
// for every other reference type (GC and typed function references), whose exact text
// ValType::to_string() gives.
enum class ValKind : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef, AnyRef };

class ValType {
 public:
  ValType(ValKind k = ValKind::I32) : kind_(k) {}  // NOLINT: implicit by design
  ValType(ValKind k, bool nullable, std::string text) : kind_(k), nullable_(nullable), text_(std::move(text)) {}

  ValKind kind() const { return kind_; }
  bool is_num() const { return kind_ <= ValKind::F64; }
  bool is_ref() const { return kind_ >= ValKind::FuncRef; }
  bool nullable() const { return nullable_; }
  // The text format's spelling: "i32", "funcref", "(ref null $t)" as "(ref null 3)".
  std::string to_string() const;
  friend bool operator==(const ValType& a, const ValType& b) {
    return a.kind_ == b.kind_ && a.nullable_ == b.nullable_ && a.text_ == b.text_;
  }

 private:
  ValKind kind_;
  bool nullable_ = true;  // references only
  std::string text_;      // AnyRef only
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  std::string to_string() const;  // "[i32 i32] -> [i64]"
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

struct MemoryType {
  uint64_t minimum = 0;                // pages
  std::optional<uint64_t> maximum;     // pages
  bool shared = false;                 // threads
  bool memory64 = false;               // 64-bit addresses
  uint32_t page_size = 65536;          // custom-page-sizes: 1 or 65536
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

struct TableType {
  ValType element = ValKind::FuncRef;
  uint64_t minimum = 0;
  std::optional<uint64_t> maximum;
  bool table64 = false;
  friend bool operator==(const TableType&, const TableType&) = default;
};

struct GlobalType {
  ValType content = ValKind::I32;
  bool mutable_ = false;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

struct TagType {
  FuncType params;  // results are always empty
  friend bool operator==(const TagType&, const TagType&) = default;
};

enum class ExternKind : uint8_t { Func, Table, Memory, Global, Tag };

// The type of an import or export: which kind, with that kind's type.
using ExternType = std::variant<FuncType, TableType, MemoryType, GlobalType, TagType>;
inline ExternKind kind_of(const ExternType& t) { return static_cast<ExternKind>(t.index()); }

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

}  // namespace kiln
