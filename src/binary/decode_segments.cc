// Element, data count and data sections
// (https://webassembly.github.io/spec/core/binary/modules.html#element-section).
#include "binary/leb_writer.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace kiln::core::binary_detail {

namespace {

// The bytes of `ref.func idx; end`, how a function index item is kept in the IR.
Expr ref_func_expr(uint32_t idx, size_t offset) {
  Expr e;
  e.offset = offset;
  e.code.push_back(0xD2);
  write_u32_leb(e.code, idx);
  e.code.push_back(0x0B);
  return e;
}

}  // namespace

// The flags of an element segment: bit 0 passive or declarative, bit 1 an explicit table
// index (active) or declarative (otherwise), bit 2 expressions instead of function indices.
Status ModuleDecoder::elem_section() {
  KILN_ASSIGN(uint32_t n, len32());
  for (uint32_t i = 0; i < n; ++i) {
    ElemSegment seg;
    size_t at = r_.offset();
    KILN_ASSIGN(uint32_t flags, r_.u32());
    if (flags > 7 || (flags != 0 && !f_.has(Feature::BulkMemory) && !f_.has(Feature::ReferenceTypes))) {
      return malformed(at, "malformed elements segment kind");
    }
    bool exprs = flags & 4;
    if (flags & 1) {
      seg.mode = (flags & 2) ? SegmentMode::Declarative : SegmentMode::Passive;
    } else {
      seg.mode = SegmentMode::Active;
      if (flags & 2) {
        KILN_ASSIGN(seg.table, r_.u32());
      }
      KILN_ASSIGN(seg.offset, const_expr());
    }
    bool explicit_type = (flags & 3) != 0;
    if (exprs) {
      if (explicit_type) {
        KILN_ASSIGN(seg.type, read_ref_type(r_, f_));
      }
    } else if (explicit_type) {
      size_t kind_at = r_.offset();
      KILN_ASSIGN(uint8_t kind, r_.u8());
      if (kind != 0) return malformed(kind_at, "malformed element kind");
    }
    KILN_ASSIGN(uint32_t count, len32());
    for (uint32_t j = 0; j < count; ++j) {
      if (exprs) {
        KILN_ASSIGN(Expr e, const_expr());
        seg.items.push_back(std::move(e));
      } else {
        size_t idx_at = r_.offset();
        KILN_ASSIGN(uint32_t idx, r_.u32());
        seg.items.push_back(ref_func_expr(idx, idx_at));
      }
    }
    seg.func_indices = !exprs;
    m_.elems.push_back(std::move(seg));
  }
  return Ok();
}

Status ModuleDecoder::data_count_section() {
  KILN_ASSIGN(uint32_t n, r_.u32());
  m_.data_count = n;
  return Ok();
}

// Data segments: 0 active in memory 0, 1 passive, 2 active with a memory index.
Status ModuleDecoder::data_section() {
  size_t count_at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_TRY(within(impl_limits::kDataSegments, n, count_at));
  for (uint32_t i = 0; i < n; ++i) {
    DataSegment seg;
    size_t at = r_.offset();
    KILN_ASSIGN(uint32_t flags, r_.u32());
    if (flags > 2 || (flags != 0 && !f_.has(Feature::BulkMemory))) {
      return malformed(at, "malformed data segment kind");
    }
    if (flags == 1) {
      seg.mode = SegmentMode::Passive;
    } else {
      seg.mode = SegmentMode::Active;
      if (flags == 2) {
        KILN_ASSIGN(seg.memory, r_.u32());
      }
      KILN_ASSIGN(seg.offset, const_expr());
    }
    KILN_ASSIGN(uint32_t len, len32());
    KILN_ASSIGN(const uint8_t* p, r_.bytes(len));
    seg.bytes.assign(p, p + len);
    m_.datas.push_back(std::move(seg));
  }
  return Ok();
}

}  // namespace kiln::core::binary_detail
