// Type, import, function, table, memory, tag, global, export and start sections
// (https://webassembly.github.io/spec/core/binary/modules.html#sections).
#include "binary/instr.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace kiln::core::binary_detail {

namespace {
constexpr uint8_t kRec = 0x4E, kSub = 0x50, kSubFinal = 0x4F;
constexpr uint8_t kDescribes = 0x4C, kDescriptor = 0x4D;  // custom-descriptors
constexpr uint8_t kExactFuncImport = 0x20;                // custom-descriptors
constexpr uint8_t kFunc = 0x60, kStruct = 0x5F, kArray = 0x5E;
constexpr uint8_t kPackedI8 = 0x78, kPackedI16 = 0x77;
}  // namespace

Result<uint8_t> ModuleDecoder::mutability() {
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t b, r_.u8());
  if (b > 1) return malformed(at, "malformed mutability");
  return b;
}

// https://webassembly.github.io/spec/core/binary/types.html#composite-types
// A storage type that is neither a value type nor a packed type is a "malformed storage
// type" wherever its value type went wrong, as in the reference interpreter (which tries
// a value type, then a packed type at the same position).
Result<FieldType> ModuleDecoder::field_type() {
  FieldType ft;
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t b, r_.peek_u8());
  if (b == kPackedI8 || b == kPackedI16) {
    r_.u8().value();
    ft.packed = b == kPackedI8 ? Packed::I8 : Packed::I16;
    ft.type = ValType::i32();
  } else {
    auto t = read_val_type(r_, f_);
    if (!t.ok()) return malformed(at, "malformed storage type");
    ft.type = *t;
  }
  KILN_ASSIGN(uint8_t mut, mutability());
  ft.mut = mut == 1;
  return ft;
}

// One subtype: `sub`/`sub final` with supertypes (3.0, gated by gc), or a bare composite
// type, which is final with no supertypes. With custom-descriptors, a `describes` clause
// (0x4C x) and then a `descriptor` clause (0x4D y) may come before the composite type;
// any other order or a repeated clause leaves a byte that is no composite type
// ("malformed definition type").
Status ModuleDecoder::sub_type(std::vector<SubType>& out) {
  SubType st;
  bool gc = f_.has(Feature::Gc);
  KILN_ASSIGN(uint8_t b, r_.peek_u8());
  if (gc && (b == kSub || b == kSubFinal)) {
    r_.u8().value();
    st.final = b == kSubFinal;
    KILN_ASSIGN(uint32_t n, len32());
    for (uint32_t i = 0; i < n; ++i) {
      KILN_ASSIGN(uint32_t idx, r_.u32());
      st.supertypes.push_back(idx);
    }
  }
  if (f_.has(Feature::CustomDescriptors)) {
    KILN_ASSIGN(uint8_t c, r_.peek_u8());
    if (c == kDescribes) {
      r_.u8().value();
      KILN_ASSIGN(uint32_t x, r_.u32());
      st.describes = x;
      KILN_ASSIGN(c, r_.peek_u8());
    }
    if (c == kDescriptor) {
      r_.u8().value();
      KILN_ASSIGN(uint32_t y, r_.u32());
      st.descriptor = y;
    }
  }
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t form, r_.u8());
  // The form is a one-byte s7; a longer encoding is too long, not an unknown form.
  if (form & 0x80) return malformed(at, "integer representation too long");
  if (form == kFunc) {
    st.kind = CompositeKind::Func;
    for (auto* list : {&st.func.params, &st.func.results}) {
      size_t count_at = r_.offset();
      KILN_ASSIGN(uint32_t n, len32());
      KILN_TRY(within(list == &st.func.params ? impl_limits::kParams : impl_limits::kResults, n, count_at));
      for (uint32_t i = 0; i < n; ++i) {
        KILN_ASSIGN(ValType t, read_val_type(r_, f_));
        list->push_back(t);
      }
    }
  } else if (gc && form == kStruct) {
    st.kind = CompositeKind::Struct;
    size_t count_at = r_.offset();
    KILN_ASSIGN(uint32_t n, len32());
    KILN_TRY(within(impl_limits::kStructFields, n, count_at));
    for (uint32_t i = 0; i < n; ++i) {
      KILN_ASSIGN(FieldType ft, field_type());
      st.fields.push_back(ft);
    }
  } else if (gc && form == kArray) {
    st.kind = CompositeKind::Array;
    KILN_ASSIGN(FieldType ft, field_type());
    st.fields.push_back(ft);
  } else {
    return malformed(at, "malformed definition type");
  }
  out.push_back(std::move(st));
  return Ok();
}

// Every entry becomes a recursive group, a lone type being a group of one.
Status ModuleDecoder::type_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kTypes, n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    RecGroup g;
    g.first = static_cast<uint32_t>(m_.types.size());
    KILN_ASSIGN(uint8_t b, r_.peek_u8());
    if (b == kRec && f_.has(Feature::Gc)) {
      r_.u8().value();
      size_t group_at = r_.offset();
      KILN_ASSIGN(uint32_t k, len32());
      KILN_TRY(within(impl_limits::kTypes, m_.types.size() + k, group_at));
      for (uint32_t j = 0; j < k; ++j) KILN_TRY(sub_type(m_.types));
    } else {
      KILN_TRY(sub_type(m_.types));
    }
    g.count = static_cast<uint32_t>(m_.types.size()) - g.first;
    m_.rec_groups.push_back(g);
  }
  return Ok();
}

// https://webassembly.github.io/spec/core/binary/types.html#limits: a flags byte (bit 0:
// has maximum, bit 1: shared, bit 2: 64-bit), then the bounds.
Result<Limits> ModuleDecoder::limits(bool memory) {
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t flags, r_.u8());
  // The 64-bit flag is part of the 3.0 binary format and accepted here (2.0 test files
  // use it); shared memories need the threads feature.
  uint8_t allowed = 0x01 | 0x04;
  if (memory && f_.has(Feature::Threads)) allowed |= 0x02;
  if (memory && f_.has(Feature::CustomPageSizes)) allowed |= 0x08;
  if (flags & ~allowed) return malformed(at, "malformed limits flags");
  Limits l;
  l.is64 = flags & 0x04;
  l.shared = flags & 0x02;
  l.custom_page_size = flags & 0x08;
  // Bounds are u64s in the binary format whatever the address type; validation checks
  // that they fit.
  KILN_ASSIGN(l.min, r_.u64());
  if (flags & 0x01) {
    KILN_ASSIGN(uint64_t max, r_.u64());
    l.max = max;
  }
  return l;
}

Result<TableType> ModuleDecoder::table_type() {
  TableType t;
  KILN_ASSIGN(t.elem, read_ref_type(r_, f_));
  KILN_ASSIGN(t.limits, limits(false));
  return t;
}

Result<MemoryType> ModuleDecoder::memory_type() {
  MemoryType t;
  KILN_ASSIGN(t.limits, limits(true));
  if (t.limits.custom_page_size) {
    // custom-page-sizes: the page size's log2 follows the bounds.
    size_t at = r_.offset();
    KILN_ASSIGN(t.page_size_log2, r_.u32());
    if (t.page_size_log2 > 16) return malformed(at, "invalid custom page size");
  }
  return t;
}

Result<GlobalType> ModuleDecoder::global_type() {
  GlobalType t;
  KILN_ASSIGN(t.type, read_val_type(r_, f_));
  KILN_ASSIGN(uint8_t mut, mutability());
  t.mut = mut == 1;
  return t;
}

// A tag type: an attribute byte (0: exception) and a function type index.
Result<TagType> ModuleDecoder::tag_type() {
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t attr, r_.u8());
  if (attr != 0) return malformed(at, "zero byte expected");
  TagType t;
  KILN_ASSIGN(t.type_index, r_.u32());
  return t;
}

Result<Expr> ModuleDecoder::const_expr() {
  Expr e;
  e.offset = r_.offset();
  KILN_ASSIGN(e.code, read_const_expr_bytes(r_, f_));
  return e;
}

Status ModuleDecoder::import_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kImports, n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    Import im;
    KILN_ASSIGN(im.module, name());
    KILN_ASSIGN(im.name, name());
    size_t at = r_.offset();
    KILN_ASSIGN(uint8_t kind, r_.u8());
    switch (kind) {
      case 0: {
        KILN_ASSIGN(im.func_type, r_.u32());
        break;
      }
      case kExactFuncImport: {
        if (!f_.has(Feature::CustomDescriptors)) return malformed(at, "malformed import kind");
        KILN_ASSIGN(im.func_type, r_.u32());
        im.exact = true;
        kind = 0;
        break;
      }
      case 1: {
        KILN_ASSIGN(im.table, table_type());
        break;
      }
      case 2: {
        KILN_ASSIGN(im.memory, memory_type());
        break;
      }
      case 3: {
        KILN_ASSIGN(im.global, global_type());
        break;
      }
      case 4: {
        if (!f_.has(Feature::Exceptions)) return malformed(at, "malformed import kind");
        KILN_ASSIGN(im.tag, tag_type());
        break;
      }
      default:
        return malformed(at, "malformed import kind");
    }
    im.kind = static_cast<ExternKind>(kind);
    m_.imports.push_back(std::move(im));
  }
  m_.count_imports();
  KILN_TRY(within(impl_limits::kFunctions, m_.num_imported_funcs, count_at));
  KILN_TRY(within(impl_limits::kTables, m_.num_imported_tables, count_at));
  KILN_TRY(within(impl_limits::kMemories, m_.num_imported_memories, count_at));
  KILN_TRY(within(impl_limits::kGlobals, m_.num_imported_globals, count_at));
  KILN_TRY(within(impl_limits::kTags, m_.num_imported_tags, count_at));
  return Ok();
}

Status ModuleDecoder::function_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kFunctions, uint64_t(m_.num_imported_funcs) + n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    KILN_ASSIGN(uint32_t type, r_.u32());
    func_types_.push_back(type);
    Function fn;
    fn.type = type;
    m_.funcs.push_back(std::move(fn));
  }
  return Ok();
}

// A table is its type, or (3.0) 0x40 0x00, its type and an initialiser expression.
Status ModuleDecoder::table_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kTables, uint64_t(m_.num_imported_tables) + n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    Table t;
    KILN_ASSIGN(uint8_t b, r_.peek_u8());
    if (b == 0x40) {
      r_.u8().value();
      size_t at = r_.offset();
      KILN_ASSIGN(uint8_t zero, r_.u8());
      if (zero != 0) return malformed(at, "zero byte expected");
      KILN_ASSIGN(t.type, table_type());
      KILN_ASSIGN(t.init, const_expr());
    } else {
      KILN_ASSIGN(t.type, table_type());
    }
    m_.tables.push_back(std::move(t));
  }
  return Ok();
}

Status ModuleDecoder::memory_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kMemories, uint64_t(m_.num_imported_memories) + n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    KILN_ASSIGN(MemoryType t, memory_type());
    m_.memories.push_back(t);
  }
  return Ok();
}

Status ModuleDecoder::tag_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kTags, uint64_t(m_.num_imported_tags) + n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    KILN_ASSIGN(TagType t, tag_type());
    m_.tags.push_back(t);
  }
  return Ok();
}

Status ModuleDecoder::global_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kGlobals, uint64_t(m_.num_imported_globals) + n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    KILN_ASSIGN(g.type, global_type());
    KILN_ASSIGN(g.init, const_expr());
    m_.globals.push_back(std::move(g));
  }
  return Ok();
}

Status ModuleDecoder::export_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kExports, n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    Export ex;
    KILN_ASSIGN(ex.name, name());
    size_t at = r_.offset();
    KILN_ASSIGN(uint8_t kind, r_.u8());
    if (kind > 4 || (kind == 4 && !f_.has(Feature::Exceptions))) {
      return malformed(at, "malformed export kind");
    }
    ex.kind = static_cast<ExternKind>(kind);
    KILN_ASSIGN(ex.index, r_.u32());
    m_.exports.push_back(std::move(ex));
  }
  return Ok();
}

Status ModuleDecoder::start_section() {
  KILN_ASSIGN(uint32_t f, r_.u32());
  m_.start = f;
  return Ok();
}

}  // namespace kiln::core::binary_detail
